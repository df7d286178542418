"""The ``council peps`` and ``council import-peps`` commands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..core.project import DEFAULT_CONF, UsageError, add_project_options, display_path, today
from ..decisions.editing import existing_records, refuse_new_problems
from ..decisions.frontmatter_edit import EditRefused
from ..decisions.importer import plan_import, write_plan
from ..peps.index import INDEX_NAME, pep_index
from ..peps.sync import API_URL, RefreshError, refresh_index
from .options import check_options
from .projects import open_project

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2
# Where a project keeps its refreshed index when conf.py names no folder (council_pep_index).
DEFAULT_INDEX_DIR = "peps"


def add_pep_commands(commands: Any) -> None:
    """Add ``peps refresh`` and ``import-peps`` to the ``council`` command's subparsers."""
    peps = commands.add_parser(
        "peps",
        help="manage the project's PEP index",
        description="Manage the PEP index the project's build reads.",
    )
    actions = peps.add_subparsers(dest="peps_command", required=True, metavar="ACTION")
    refresh = actions.add_parser(
        "refresh",
        help="download the live PEP index into the project",
        description="Download the PEP index, check its shape, and write it into the project "
        "as peps.json, replacing the previous one atomically; the installed package is never "
        "changed. The folder is --data-dir, else the council_pep_index of the Sphinx "
        f"configuration, else {DEFAULT_INDEX_DIR}/ under --root (then set council_pep_index so "
        "builds read it). A failed, truncated or invalid download changes nothing (exit 1). "
        "The status history cannot be rebuilt from the API: the bundled one is kept, and PEPs "
        "whose current status it does not record are listed.",
    )
    refresh.add_argument("--url", default=API_URL, help=f"index URL (default: {API_URL})")
    refresh.add_argument(
        "--root", type=Path, default=Path(), help="project root (default: the current directory)"
    )
    refresh.add_argument(
        "--conf",
        default=DEFAULT_CONF,
        help="Sphinx configuration whose council_pep_index names the folder, relative to the "
        f"root (default: {DEFAULT_CONF}, if present)",
    )
    refresh.add_argument(
        "--data-dir",
        "--data",
        type=Path,
        help="folder to write peps.json into, overriding the configuration",
    )
    refresh.add_argument(
        "--date",
        help="the date to record observed status changes with (default: today, UTC)",
    )
    refresh.set_defaults(handler=run_refresh)
    add_import_command(commands)


def configured_index_dir(conf_file: Path) -> Path | None:
    """The folder ``council_pep_index`` names in a ``conf.py``, or None when it names none."""
    from sphinx.config import eval_config_file  # noqa: PLC0415 (only this command pays)
    from sphinx.errors import ConfigError  # noqa: PLC0415
    from sphinx.util.tags import Tags  # noqa: PLC0415

    where = display_path(conf_file)
    try:
        namespace = eval_config_file(conf_file.resolve(), Tags())
    except ConfigError as error:
        raise UsageError(f"{where}: cannot be read: {error}") from error
    setting = namespace.get("council_pep_index", "")
    if not isinstance(setting, str):
        raise UsageError(f"{where}: council_pep_index must be a folder path, not {setting!r}")
    return (conf_file.parent / setting).resolve() if setting else None


def index_dir(args: argparse.Namespace) -> tuple[Path, str]:
    """The folder to refresh, and a hint when the build will not read it yet."""
    if args.data_dir is not None:
        return args.data_dir, ""
    conf_file: Path | None = args.root / args.conf if args.conf else None
    if conf_file is not None and not conf_file.is_file():
        if args.conf != DEFAULT_CONF:
            raise UsageError(f"no configuration file at {display_path(conf_file)}; fix --conf")
        conf_file = None
    configured = configured_index_dir(conf_file) if conf_file is not None else None
    if configured is not None:
        return configured, ""
    folder = args.root / DEFAULT_INDEX_DIR
    confdir = conf_file.parent if conf_file is not None else args.root
    setting = Path(os.path.relpath(folder.resolve(), confdir.resolve())).as_posix()
    return folder, f'Builds read it once conf.py says: council_pep_index = "{setting}"'


def run_refresh(args: argparse.Namespace) -> int:
    try:
        check_options(args, "--url", "--date")
        data_dir, hint = index_dir(args)
        if data_dir.exists() and not data_dir.is_dir():
            raise UsageError(f"{display_path(data_dir)} is not a folder")
    except UsageError as error:
        print(f"council peps refresh: {error}", file=sys.stderr)
        return EXIT_USAGE
    index = data_dir / INDEX_NAME
    verb = "Replaced" if index.is_file() else "Wrote"
    try:
        data_dir.mkdir(parents=True, exist_ok=True)
        report = refresh_index(args.url, data_dir, today(args.date) if args.date else None)
    except (RefreshError, OSError) as error:
        print(
            f"council peps refresh: {error}\nThe index in {display_path(data_dir)} is unchanged.",
            file=sys.stderr,
        )
        return EXIT_FAILED
    print(f"{verb} {display_path(index)}: {report.peps} PEPs, {len(report.added)} new.")
    for number, old, new in report.status_changes:
        print(f"PEP {number}: {old} -> {new}")
    for number, status in report.recorded:
        print(f"Recorded in the status history: PEP {number} {status}, observed {report.observed}")
    if report.missing_history:
        numbers = ", ".join(map(str, report.missing_history))
        print(
            f"The status history (built from python/peps' git history up to its snapshot, then "
            f"from what each refresh observes) does not record the current status of "
            f"{len(report.missing_history)} PEP(s): {numbers}"
        )
    if hint:
        print(hint)
    return EXIT_OK


def add_import_command(commands: Any) -> None:
    command = commands.add_parser(
        "import-peps",
        help="write decision records for resolved PEPs of a topic",
        description="Write a decision record for every resolved PEP (Accepted, Final, "
        "Active process, Rejected, Withdrawn, Superseded with its successor) of a topic that no "
        "existing record is about, "
        "from the vendored PEP data. Never overwrites a file; a second run writes nothing.",
    )
    command.add_argument("--topic", default="packaging", help="PEP topic (default: packaging)")
    add_project_options(command)
    command.add_argument(
        "--dry-run", action="store_true", help="list what would be written, write nothing"
    )
    command.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    try:
        project = open_project(args)
    except UsageError as error:
        print(f"council import-peps: {error}", file=sys.stderr)
        return EXIT_USAGE
    folder = project.decisions_dir
    if not any(args.topic in info.topics for info in pep_index().values()):
        print(f"council import-peps: no PEP has the topic {args.topic!r}", file=sys.stderr)
        return EXIT_USAGE
    existing = existing_records(project)
    plan = plan_import(existing, (p.name for p in folder.iterdir()), args.topic)
    try:
        texts = {folder / planned.filename: planned.text for planned in plan.records}
        refuse_new_problems(project, texts)
    except EditRefused as refusal:
        for problem in refusal.problems:
            print(f"{problem} [council.{problem.check.value}]", file=sys.stderr)
        print(
            "council import-peps: the generated records fail the checks; nothing written",
            file=sys.stderr,
        )
        return EXIT_FAILED
    for planned in plan.records:
        verb = "would write" if args.dry_run else "wrote"
        print(
            f"{verb} {display_path(folder / planned.filename)} ({planned.record_id}, "
            f"PEP {planned.number})"
        )
    if not args.dry_run:
        try:
            write_plan(plan, folder)
        except FileExistsError as error:
            print(
                f"council import-peps: {error.filename} appeared meanwhile; not replaced",
                file=sys.stderr,
            )
            return EXIT_FAILED
    for number, reason in plan.skipped:
        if reason != "an existing record is about it":
            print(f"skipped PEP {number}: {reason}", file=sys.stderr)
    covered = sum(1 for _, reason in plan.skipped if reason == "an existing record is about it")
    print(
        f"{len(plan.records)} record(s) {'to write' if args.dry_run else 'written'}; "
        f"{covered} PEP(s) already have a record",
        file=sys.stderr,
    )
    return EXIT_OK
