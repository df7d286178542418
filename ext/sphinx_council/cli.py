"""``council``: check decision records without building the site.

Exit codes: 0 when every record is valid, 1 when any problem was found, 2 on a usage error
(a missing folder or file, an unknown option).
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from . import __version__
from .corpus import corpus_problems
from .problems import Check, Problem
from .records import DecisionRecord, RuleSettings
from .roster import Roster, load_roster
from .rules import load_decision

EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
DEFAULT_ROSTER = "council/roster.yaml"


@dataclass(frozen=True)
class CheckResult:
    """What ``council check`` found: the records read and every problem."""

    records: tuple[DecisionRecord, ...]
    files: int
    problems: tuple[Problem, ...]


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is inside it, as editors expect."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """A file's UTF-8 text; a file that cannot be read becomes a problem, not a traceback."""
    try:
        return path.read_text("utf-8")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start}); save it as UTF-8"
    except OSError as error:
        message = f"cannot be read: {error.strerror}"
    problems.append(Problem(display_path(path), 1, "", f"the file {message}", Check.YAML))
    return None


def check_project(
    decisions_dir: Path, roster_file: Path | None, settings: RuleSettings | None = None
) -> CheckResult:
    """Load and check every record and the roster, with the same rules as the Sphinx build."""
    settings = settings or RuleSettings()
    records: list[DecisionRecord] = []
    problems: list[Problem] = []
    files = sorted(decisions_dir.rglob("*.md"))
    for path in files:
        text = read_text(path, problems)
        if text is None:
            continue
        record, found = load_decision(display_path(path), text, settings)
        problems += found
        if record is not None:
            records.append(record)
    roster = None
    roster_text = read_text(roster_file, problems) if roster_file is not None else None
    if roster_file is not None and roster_text is not None:
        roster, found = load_roster(display_path(roster_file), roster_text)
        problems += found
    problems += corpus_problems(records, roster or Roster())
    return CheckResult(tuple(records), len(files), tuple(sorted(set(problems))))


def run_check(args: argparse.Namespace) -> int:
    root: Path = args.root
    decisions_dir = root / args.decisions
    if not decisions_dir.is_dir():
        print(
            f"council check: no decisions folder at {decisions_dir}; "
            "run it from the project root or pass --root",
            file=sys.stderr,
        )
        return EXIT_USAGE
    roster_file = root / args.roster if args.roster else None
    if roster_file is not None and not roster_file.is_file():
        if args.roster != DEFAULT_ROSTER:
            print(f"council check: no roster file at {roster_file}", file=sys.stderr)
            return EXIT_USAGE
        roster_file = None
    result = check_project(decisions_dir, roster_file)
    for problem in result.problems:
        print(f"{problem} [council.{problem.check.value}]")
    sources = {problem.source for problem in result.problems}
    if result.problems:
        print(
            f"{len(result.problems)} problem(s) in {len(sources)} file(s); "
            f"{result.files} record(s) checked",
            file=sys.stderr,
        )
        return EXIT_PROBLEMS
    print(f"{result.files} record(s) checked, no problems", file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="council",
        description="Tools for the Packaging Council's decision records.",
        epilog="Exit codes: 0 no problems, 1 problems found, 2 usage error.",
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="check every decision record and the roster, without building the site",
        description="Check every decision record and the council roster, reporting every "
        "problem as FILE:LINE: FIELD: MESSAGE [council.CHECK]. Exits 1 if any is found.",
    )
    check.add_argument(
        "--root", type=Path, default=Path(), help="project root (default: the current directory)"
    )
    check.add_argument(
        "--decisions",
        default="decisions",
        help="decisions folder, relative to the root (default: decisions)",
    )
    check.add_argument(
        "--roster",
        default=DEFAULT_ROSTER,
        help=f"roster file, relative to the root (default: {DEFAULT_ROSTER})",
    )
    check.set_defaults(handler=run_check)
    from .digestcli import add_digest_command  # noqa: PLC0415 (digestcli imports this module)

    add_digest_command(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))


if __name__ == "__main__":
    sys.exit(main())
