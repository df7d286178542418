"""Where a project's records live and which vocabulary they use, for every ``council`` command.

The vocabulary (``council_id_pattern``, ``council_kinds``, ``council_areas``,
``council_personas``), the folders, the roster and the PEP index (:mod:`.layout`) are read from
the project's Sphinx configuration, ``docs/conf.py`` by default, so the command line checks and
scaffolds with the same rules and the same files as the build.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from .clock import build_date, source_date
from .conf import ConfUnreadable, read_conf
from .fields import parse_date
from .layout import Layout, configured_layout
from .plaintext import shown
from .problems import Problem
from .settings import (
    RuleSettings,
    settings_from,
    vocabulary_problems,
)
from .sourcefiles import FileRefused, read_source, read_source_bytes, shown_name

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
    # The other folders the build reads, and what conf.py names wrongly (council.config).
    layout: Layout | None = None

    @property
    def config_problems(self) -> tuple[Problem, ...]:
        return self.layout.problems if self.layout is not None else ()

    @property
    def pathways_dir(self) -> Path:
        return self.layout.pathways_dir if self.layout is not None else self.root / "pathways"


def display_path(path: Path) -> str:
    """The path relative to the working directory when it is inside it, as editors expect."""
    try:
        # The folder is resolved, not the file: a link is named as itself, never as its target.
        whole = path.parent.resolve() / path.name
        shown = whole.relative_to(Path.cwd().resolve()).as_posix()
    except ValueError:
        shown = path.as_posix()
    return shown_name(shown)


def read_text(path: Path, problems: list[Problem], root: Path | None = None) -> str | None:
    """A file's UTF-8 text; a file that cannot be read, or that the project does not read (a
    link, a pipe, outside ``root``: see :mod:`.sourcefiles`), becomes a problem."""
    return read_source(path, problems, source=display_path(path), root=root)


def add_project_options(parser: argparse.ArgumentParser) -> None:
    """The options that say where the project is, shared by every command."""
    parser.add_argument(
        "--root", type=Path, default=Path(), help="project root (default: the current directory)"
    )
    parser.add_argument(
        "--decisions",
        help="decisions folder, relative to the root (default: the council_decisions_dir of "
        f"the configuration, as the build reads it; without one, {DEFAULT_DECISIONS})",
    )
    parser.add_argument(
        "--roster",
        help="roster file, relative to the root (default: the council_roster of the "
        f"configuration; without a configuration, {DEFAULT_ROSTER}, if present)",
    )
    parser.add_argument(
        "--conf",
        default=DEFAULT_CONF,
        help="the project's Sphinx configuration, relative to the root: its council_* "
        "vocabulary, folders, roster and PEP index are the ones checked against, as the build "
        f"reads them (default: {DEFAULT_CONF}, if present; pass --conf '' to use the built-in "
        "defaults)",
    )


def open_project(args: argparse.Namespace, new_folder: bool = False) -> CouncilProject:
    """The project named by the common options and its configuration, with the PEP index it
    names chosen for this command; a missing folder or file is a usage error.

    ``new_folder`` accepts a decisions folder that does not exist yet (for the first record).
    """
    root: Path = args.root
    conf_file: Path | None = root / args.conf if args.conf else None
    # Whatever is there is read, and refused with a message if it is not a file (a link, a
    # pipe): only a roster or conf.py that is missing altogether falls back to the default.
    if conf_file is not None and not os.path.lexists(conf_file):
        if args.conf != DEFAULT_CONF:
            raise UsageError(f"no configuration file at {display_path(conf_file)}; fix --conf")
        conf_file = None
    settings, values, text = RuleSettings(), dict[str, Any](), ""
    if conf_file is not None:
        settings, values = read_settings(conf_file, root)
        text = read_source_bytes(conf_file, root).decode("utf-8")
    layout = configured_layout(
        root,
        conf_file,
        values,
        display_path(conf_file) if conf_file else "",
        lambda name: conf_line(text, name),
    )
    given = args.decisions is not None
    decisions_dir = root / args.decisions if given else layout.decisions_dir
    first_record = new_folder and not decisions_dir.exists() and root.is_dir()
    if not decisions_dir.is_dir() and not first_record:
        raise UsageError(
            f"no decisions folder at {display_path(decisions_dir)}; "
            "run it from the project root or pass --root"
        )
    roster_file = layout.roster_file
    if args.roster:
        roster_file = root / args.roster
        if not os.path.lexists(roster_file):
            raise UsageError(f"no roster file at {display_path(roster_file)}; fix --roster")
    elif args.roster == "":  # --roster '': no roster, whatever conf.py says
        roster_file = None
    elif conf_file is None and os.path.lexists(root / DEFAULT_ROSTER):
        roster_file = root / DEFAULT_ROSTER
    settings = dataclasses.replace(settings, build_date=as_of(values))
    return CouncilProject(root, decisions_dir, roster_file, settings, conf_file, values, layout)


def as_of(values: Mapping[str, object]) -> dt.date:
    """The date a command judges dates against: the build's (``council_build_date``, else
    ``SOURCE_DATE_EPOCH``), else today's, in UTC.

    Unlike a build, which without a build date judges no date against "now", a check says what
    is true on the day it runs, as it does for overdue pathway reviews.
    """
    configured = values.get("council_build_date") or ""
    return build_date(str(configured)) or dt.datetime.now(dt.UTC).date()


def conf_line(text: str, name: str) -> int:
    """The line of ``conf.py`` that sets ``name`` (1 when it is not set at the top level)."""
    match = re.search(rf"^{re.escape(name)}\s*=", text, re.MULTILINE)
    return text.count("\n", 0, match.start()) + 1 if match else 1


def read_settings(conf_file: Path, root: Path | None = None) -> tuple[RuleSettings, dict[str, Any]]:
    """The ``council_*`` vocabulary of a Sphinx ``conf.py``, checked as the build checks it,
    and every ``council_*`` value it sets. ``conf.py`` is read as every input file is
    (:mod:`.sourcefiles`), inside ``root`` (default: its own folder)."""
    where = display_path(conf_file)
    try:
        code = read_source_bytes(conf_file, conf_file.parent if root is None else root)
        namespace = read_conf(conf_file, code)
        text = code.decode("utf-8")
    except FileRefused as error:
        raise UsageError(f"{where}: {error.message}") from error
    except ConfUnreadable as error:
        raise UsageError(f"{where}:{error.line}: {shown(str(error))}") from error
    except UnicodeDecodeError as error:
        raise UsageError(f"{where}: cannot be read: {error}") from error
    problems = vocabulary_problems(namespace)
    if problems:
        raise UsageError(
            "\n".join(
                f"{where}:{conf_line(text, name)}: {name} {shown(message)}"
                for name, message in problems.items()
            )
        )
    values = {
        k: v for k, v in namespace.items() if k.startswith("council_") or k == "suppress_warnings"
    }
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
