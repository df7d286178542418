"""``council``: check, scaffold and edit decision records without building the site.

Exit codes: 0 success, 1 problems found (or a change refused because the result would break a
rule), 2 on a usage error (a missing folder or file, an unknown option or record).
"""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from .. import __version__
from ..core.problems import Check, Problem
from ..core.project import (
    DEFAULT_ROSTER,
    EXIT_CODES,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    UsageError,
    add_project_options,
    display_path,
    open_project,
    read_text,
)
from ..core.settings import RuleSettings
from ..decisions import editing, scaffold
from ..decisions.checks import load_decision
from ..decisions.corpus import corpus_problems
from ..decisions.model import DecisionRecord
from ..decisions.roster import Roster, load_roster
from ..guide import schemas
from .new_pathway import add_new_pathway_parser, with_pathway_problems
from .reports import FORMATS, github_report, json_report, text_report

__all__ = ["DEFAULT_ROSTER", "EXIT_OK", "EXIT_PROBLEMS", "EXIT_USAGE", "display_path", "main"]

# Rules that relate records to each other: their problems can sit in a file other than the one
# that caused them (a duplicate id is reported on the later file).
CROSS_RECORD_CHECKS = frozenset({Check.DUPLICATE, Check.SUPERSEDES})


@dataclass(frozen=True)
class CheckResult:
    """What ``council check`` found: the records read and every problem."""

    records: tuple[DecisionRecord, ...]
    files: int
    problems: tuple[Problem, ...]


def check_project(
    decisions_dir: Path,
    roster_file: Path | None,
    settings: RuleSettings | None = None,
    extra_files: Sequence[Path] = (),
) -> CheckResult:
    """Load and check every record and the roster, with the same rules as the Sphinx build.

    ``extra_files`` are records outside the decisions folder, checked along with it.
    """
    settings = settings or RuleSettings()
    records: list[DecisionRecord] = []
    problems: list[Problem] = []
    inside = {path.resolve() for path in decisions_dir.rglob("*.md")}
    files = sorted(inside) + sorted({p.resolve() for p in extra_files} - inside)
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


def problems_for(result: CheckResult, chosen: set[str]) -> list[Problem]:
    """The problems in the chosen files, and cross-record problems elsewhere that name them.

    A pull request that changes one record can break another (a duplicate id, a supersession
    that now disagrees): those problems are shown too, since the change is what must be fixed.
    """
    names = set(chosen) | {r.id for r in result.records if r.source in chosen and r.id}
    mentions = [re.compile(rf"(?<![\w-]){re.escape(name)}(?![\w-])") for name in names]
    return [
        p
        for p in result.problems
        if p.source in chosen
        or (p.check in CROSS_RECORD_CHECKS and any(m.search(p.message) for m in mentions))
    ]


def _chosen_files(paths: Sequence[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files += sorted([*path.rglob("*.md"), *path.rglob("*.yaml")])
        elif path.is_file():
            files.append(path)
        else:
            raise UsageError(f"no file or folder at {display_path(path)}; check the path")
    return files


def run_check(args: argparse.Namespace) -> int:
    try:
        project = open_project(args)
        chosen = _chosen_files(args.paths)
    except UsageError as error:
        print(f"council check: {error}", file=sys.stderr)
        return EXIT_USAGE
    roster = project.roster_file.resolve() if project.roster_file else None
    records = [p for p in chosen if p.suffix == ".md" and p.resolve() != roster]
    result = with_pathway_problems(
        check_project(project.decisions_dir, project.roster_file, project.settings, records),
        project.root,
        display_path,
    )
    problems = list(result.problems)
    if args.paths:
        problems = problems_for(result, {display_path(p) for p in chosen})
    if args.format == "json":
        sys.stdout.write(json_report(problems, result.files, len(result.records)))
    elif args.format == "github":
        sys.stdout.write(github_report(problems))
    else:
        sys.stdout.write(text_report(problems))
    scope = (
        f"{len(chosen)} file(s) checked against {result.files} record(s)"
        if args.paths
        else f"{result.files} record(s) checked"
    )
    errors = [problem for problem in problems if not problem.advisory]
    reminders = len(problems) - len(errors)
    if reminders:
        print(
            f"{reminders} reminder(s) (overdue reviews) that do not fail the check", file=sys.stderr
        )
    if errors:
        sources = {problem.source for problem in errors}
        print(f"{len(errors)} problem(s) in {len(sources)} file(s); {scope}", file=sys.stderr)
        return EXIT_PROBLEMS
    print(f"{scope}, no problems", file=sys.stderr)
    return EXIT_OK


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="council",
        description="Tools for the Packaging Council's decision records: check them, scaffold "
        "a new one, and change a status or supersede a record with a minimal edit. Run "
        "'council COMMAND --help' for each command's options.",
        epilog=EXIT_CODES,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {__version__}")
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")
    check = commands.add_parser(
        "check",
        help="check the decision records and the roster, without building the site",
        description="Check every decision record and the council roster with the same rules "
        "as the Sphinx build, reporting every problem at once. Given paths, only problems in "
        "those files are shown (and cross-record problems elsewhere that name them), but "
        "every record is still read, since ids, supersession and votes relate records.",
        epilog=EXIT_CODES,
    )
    check.add_argument(
        "paths",
        nargs="*",
        type=Path,
        metavar="PATH",
        help="record files (or folders of them) to report on; default: every record",
    )
    check.add_argument(
        "--format",
        choices=FORMATS,
        default="text",
        help="text: FILE:LINE: FIELD: MESSAGE [council.CHECK] (default); github: GitHub "
        "Actions annotations on the changed lines; json: one JSON document "
        "(shape in the README)",
    )
    add_project_options(check)
    check.set_defaults(handler=run_check)
    scaffold.add_command(commands)
    editing.add_commands(commands)
    schemas.add_command(commands)
    add_pep_commands(commands)
    add_new_pathway_parser(commands)
    from .digest import add_digest_command

    add_digest_command(commands)
    return parser


def add_pep_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    # Imported here because pepcli builds on this module's check_project.
    from .peps import add_pep_commands as add

    add(commands)


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.handler(args))
