"""The ``council peps`` and ``council import-peps`` commands."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from ..core.project import display_path
from ..core.settings import RuleSettings
from ..decisions.project import check_project
from ..peps.importer import check_plan, plan_import, write_plan
from ..peps.index import pep_index
from ..peps.sync import API_URL, DATA_DIR, RefreshError, refresh_index

EXIT_OK, EXIT_FAILED, EXIT_USAGE = 0, 1, 2


def add_pep_commands(commands: Any) -> None:
    """Add ``peps refresh`` and ``import-peps`` to the ``council`` command's subparsers."""
    peps = commands.add_parser(
        "peps",
        help="manage the vendored PEP index",
        description="Manage the PEP index bundled with sphinx-council.",
    )
    actions = peps.add_subparsers(dest="peps_command", required=True, metavar="ACTION")
    refresh = actions.add_parser(
        "refresh",
        help="download the live PEP index and replace the vendored copy",
        description="Download the PEP index, check its shape, and replace the vendored "
        "peps.json atomically. A failed, truncated or invalid download changes nothing "
        "(exit 1). The status history cannot be rebuilt from the API: it is kept, and PEPs "
        "whose current status it does not record are listed.",
    )
    refresh.add_argument("--url", default=API_URL, help=f"index URL (default: {API_URL})")
    refresh.add_argument(
        "--data-dir",
        type=Path,
        default=DATA_DIR,
        help="folder holding peps.json and pep-status-history.json (default: the package's)",
    )
    refresh.set_defaults(handler=run_refresh)
    add_import_command(commands)


def run_refresh(args: argparse.Namespace) -> int:
    data_dir: Path = args.data_dir
    if not (data_dir / "peps.json").is_file():
        print(f"council peps refresh: no peps.json in {data_dir}", file=sys.stderr)
        return EXIT_USAGE
    try:
        report = refresh_index(args.url, data_dir)
    except RefreshError as error:
        print(f"council peps refresh: {error}\nThe vendored index is unchanged.", file=sys.stderr)
        return EXIT_FAILED
    print(f"Replaced {data_dir / 'peps.json'}: {report.peps} PEPs, {len(report.added)} new.")
    for number, old, new in report.status_changes:
        print(f"PEP {number}: {old} -> {new}")
    if report.missing_history:
        numbers = ", ".join(map(str, report.missing_history))
        print(
            f"The status history (kept as it is; it is built from python/peps' git history, "
            f"which the API does not serve) does not record the current status of "
            f"{len(report.missing_history)} PEP(s): {numbers}"
        )
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
    command.add_argument(
        "--root", type=Path, default=Path(), help="project root (default: the current directory)"
    )
    command.add_argument(
        "--decisions", default="decisions", help="decisions folder, relative to the root"
    )
    command.add_argument(
        "--dry-run", action="store_true", help="list what would be written, write nothing"
    )
    command.set_defaults(handler=run_import)


def run_import(args: argparse.Namespace) -> int:
    folder: Path = args.root / args.decisions
    if not folder.is_dir():
        print(f"council import-peps: no decisions folder at {folder}", file=sys.stderr)
        return EXIT_USAGE
    if not any(args.topic in info.topics for info in pep_index().values()):
        print(f"council import-peps: no PEP has the topic {args.topic!r}", file=sys.stderr)
        return EXIT_USAGE
    settings = RuleSettings()
    existing = check_project(folder, None, settings).records
    plan = plan_import(existing, (p.name for p in folder.iterdir()), args.topic)
    problems = check_plan(plan, existing, settings, display_path(folder))
    if problems:
        for problem in problems:
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
