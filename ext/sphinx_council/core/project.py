"""Where a project's records live and which vocabulary they use, for every ``council`` command.

The vocabulary (``council_id_pattern``, ``council_kinds``, ``council_areas``,
``council_personas``) is read from the project's Sphinx configuration, ``docs/conf.py`` by
default, so the command line checks and scaffolds with the same rules as the build.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clock import source_date
from .conf import ConfUnreadable, read_conf
from .fields import parse_date
from .plaintext import shown
from .problems import Check, Problem
from .settings import (
    RuleSettings,
    settings_from,
    vocabulary_problems,
)
from .yamlsource import MAX_FILE_BYTES, TOO_BIG

DEFAULT_DECISIONS = "decisions"
DEFAULT_ROSTER = "council/roster.yaml"
DEFAULT_CONF = "docs/conf.py"

# Exit codes shared by every command (documented in the README and in ``council --help``).
EXIT_OK, EXIT_PROBLEMS, EXIT_USAGE = 0, 1, 2
EXIT_CODES = (
    "Exit codes: 0 success (no problems); 1 problems found, or a change refused because the "
    "result would break a rule; 2 usage error (unknown option, missing file or folder, "
    "unknown record id, unusable configuration)."
)


class UsageError(Exception):
    """A command cannot run as asked; the message names the file (and line) and the fix."""


@dataclass(frozen=True)
class CouncilProject:
    """A project's folders and rule settings, as the command line sees them."""

    root: Path
    decisions_dir: Path
    roster_file: Path | None
    settings: RuleSettings
    conf_file: Path | None = None
    # What conf.py sets, for the council_* options other commands consult.
    conf_values: dict[str, Any] = field(default_factory=dict)


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is inside it, as editors expect."""
    try:
        return path.resolve().relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        return path.as_posix()


def read_text(path: Path, problems: list[Problem]) -> str | None:
    """A file's UTF-8 text; a file that cannot be read becomes a problem, not a traceback."""
    try:
        if (size := path.stat().st_size) > MAX_FILE_BYTES:
            problems.append(
                Problem(display_path(path), 1, "", TOO_BIG.format(size=size), Check.YAML)
            )
            return None
        return path.read_text("utf-8")
    except UnicodeDecodeError as error:
        message = f"is not UTF-8 text (byte {error.start}); save it as UTF-8"
    except OSError as error:
        message = f"cannot be read: {error.strerror}"
    problems.append(Problem(display_path(path), 1, "", f"the file {message}", Check.YAML))
    return None


def add_project_options(parser: argparse.ArgumentParser) -> None:
    """The options that say where the project is, shared by every command."""
    parser.add_argument(
        "--root", type=Path, default=Path(), help="project root (default: the current directory)"
    )
    parser.add_argument(
        "--decisions",
        default=DEFAULT_DECISIONS,
        help=f"decisions folder, relative to the root (default: {DEFAULT_DECISIONS})",
    )
    parser.add_argument(
        "--roster",
        default=DEFAULT_ROSTER,
        help=f"roster file, relative to the root (default: {DEFAULT_ROSTER}, if present)",
    )
    parser.add_argument(
        "--conf",
        default=DEFAULT_CONF,
        help="Sphinx configuration whose council_id_pattern, council_kinds, council_areas and "
        f"council_personas the records follow, relative to the root (default: {DEFAULT_CONF}, "
        "if present; pass --conf '' to use the built-in defaults)",
    )


def open_project(args: argparse.Namespace, new_folder: bool = False) -> CouncilProject:
    """The project named by the common options; a missing folder or file is a usage error.

    ``new_folder`` accepts a decisions folder that does not exist yet (for the first record).
    """
    root: Path = args.root
    decisions_dir = root / args.decisions
    first_record = new_folder and not decisions_dir.exists() and root.is_dir()
    if not decisions_dir.is_dir() and not first_record:
        raise UsageError(
            f"no decisions folder at {display_path(decisions_dir)}; "
            "run it from the project root or pass --root"
        )
    roster_file: Path | None = root / args.roster if args.roster else None
    if roster_file is not None and not roster_file.is_file():
        if args.roster != DEFAULT_ROSTER:
            raise UsageError(f"no roster file at {display_path(roster_file)}; fix --roster")
        roster_file = None
    conf_file: Path | None = root / args.conf if args.conf else None
    if conf_file is not None and not conf_file.is_file():
        if args.conf != DEFAULT_CONF:
            raise UsageError(f"no configuration file at {display_path(conf_file)}; fix --conf")
        conf_file = None
    if conf_file is None:
        return CouncilProject(root, decisions_dir, roster_file, RuleSettings())
    settings, values = read_settings(conf_file)
    return CouncilProject(root, decisions_dir, roster_file, settings, conf_file, values)


def conf_line(text: str, name: str) -> int:
    """The line of ``conf.py`` that sets ``name`` (1 when it is not set at the top level)."""
    match = re.search(rf"^{re.escape(name)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def read_settings(conf_file: Path) -> tuple[RuleSettings, dict[str, Any]]:
    """The ``council_*`` vocabulary of a Sphinx ``conf.py``, checked as the build checks it,
    and every ``council_*`` value it sets."""
    where = display_path(conf_file)
    try:
        namespace = read_conf(conf_file)
        text = conf_file.read_text("utf-8")
    except ConfUnreadable as error:
        raise UsageError(f"{where}:{error.line}: {shown(str(error))}") from error
    except (OSError, UnicodeDecodeError) as error:
        raise UsageError(f"{where}: cannot be read: {error}") from error
    problems = vocabulary_problems(namespace)
    if problems:
        raise UsageError(
            "\n".join(
                f"{where}:{conf_line(text, name)}: {name} {shown(message)}"
                for name, message in problems.items()
            )
        )
    values = {k: v for k, v in namespace.items() if k.startswith("council_")}
    return settings_from(namespace), values


def today(given: str | None = None, option: str = "--date") -> dt.date:
    """The date a command records: ``given`` (the value of ``option``), else
    ``SOURCE_DATE_EPOCH``, else the clock.

    Scaffolding and status changes are the one place the wall clock is legitimate: they record
    when a member acted. Builds never call this.
    """
    if given is not None:
        parsed = parse_date(given)
        if parsed is None:
            raise UsageError(f"{option} {given!r} is not a date; write it as YYYY-MM-DD")
        return parsed
    try:
        recorded = source_date()
    except ValueError as error:
        raise UsageError(f"{error}; unset it or fix it") from None
    if recorded is not None:
        return recorded
    return dt.datetime.now(dt.UTC).date()
