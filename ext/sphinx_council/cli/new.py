"""``council new``: scaffold a decision record that is valid as written, but for its summary."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path
from typing import Any

from ..core.files import WriteFailed, write_atomically
from ..core.project import (
    EXIT_CODES,
    EXIT_OK,
    EXIT_USAGE,
    CouncilProject,
    UsageError,
    add_project_options,
    display_path,
    today,
)
from ..decisions.editing import existing_records, refuse_new_problems
from ..decisions.frontmatter_edit import EditRefused
from ..decisions.lifecycle import INITIAL_STATUSES
from ..decisions.scaffold import next_id, record_file_name, scaffold
from ..guide.schemas import DECISION_SCHEMA, SCHEMA_FOLDER
from .options import check_options
from .projects import open_project
from .reports import refuse


def run_new(args: argparse.Namespace) -> int:
    try:
        check_options(args, "--date")
        project = open_project(args, new_folder=True)
        created = create_record(project, args)
    except UsageError as error:
        print(f"council new: {error}", file=sys.stderr)
        return EXIT_USAGE
    except EditRefused as refusal:
        return refuse("new", "the new record would not pass the checks", refusal.problems)
    print(display_path(created))
    todo = "the prose" if args.summary else "the summary and the prose"
    print(
        f"council new: created {display_path(created)}; write {todo}, "
        f"then run 'council check {display_path(created)}'",
        file=sys.stderr,
    )
    if not (project.root / SCHEMA_FOLDER / DECISION_SCHEMA).is_file():
        print(
            "council new: editors find the schema the record names once you run "
            f"'council schema --output {display_path(project.root / SCHEMA_FOLDER)}'",
            file=sys.stderr,
        )
    return EXIT_OK


def create_record(project: CouncilProject, args: argparse.Namespace) -> Path:
    """Write the new record after checking it as ``council check`` would.

    Raises :class:`EditRefused` with the problems when it would not pass (but for a missing
    summary, which the member writes next).
    """
    records = existing_records(project)
    record_id = args.id or next_id([r.id for r in records if r.id], project.settings.id_pattern)
    title = " ".join(args.title.split())
    if not title:
        raise UsageError("the title is empty; give the decision a short title")
    path = project.decisions_dir / record_file_name(record_id, title)
    if path.exists():
        raise UsageError(f"{display_path(path)} already exists; choose another title or --id")
    values: dict[str, Any] = {
        "id": record_id,
        "title": title,
        "kind": args.kind or project.settings.kinds[0],
        "summary": args.summary or "",
        "status": args.status,
        "history": [{"date": today(args.date).isoformat(), "status": args.status}],
        "peps": args.pep or None,
        "supersedes": args.supersedes or None,
        "areas": args.area or [],
        "personas": args.persona or None,
        "discussion": args.discussion or None,
    }
    schema = Path(os.path.relpath(project.root / SCHEMA_FOLDER, project.decisions_dir))
    text = scaffold(values, project.settings, (schema / DECISION_SCHEMA).as_posix())
    source = display_path(path)
    # The member writes the summary and names the areas next, when not given here.
    later = {"summary": not args.summary, "areas": not args.area}
    refuse_new_problems(
        project, {path: text}, lambda p: p.source == source and later.get(p.field, False)
    )
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        write_atomically(path, text, source)
    except (OSError, WriteFailed) as error:
        reason = error.strerror if isinstance(error, OSError) else str(error)
        raise UsageError(f"{source} cannot be written: {reason}") from error
    return path


def _pep(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a PEP number such as 517")
    return int(text)


def add_new_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``council new``."""
    new = commands.add_parser(
        "new",
        help="scaffold a decision record with the next free id",
        description="Create decisions/NNNN-slug.md: the next free id, a file name from the "
        "title, today's date (or --date, or SOURCE_DATE_EPOCH), every field with a comment, "
        "and the prose headings. The record is valid as written except for its summary and "
        "areas, which 'council check' asks for until you write them (or pass --summary and "
        "--area). Values "
        "given here are checked first: a record that would break a rule is not written.",
        epilog=EXIT_CODES,
    )
    new.add_argument("title", help="short title of the decision, e.g. 'Adopt PEP 999'")
    new.add_argument("--kind", help="kind of decision (default: the first configured kind)")
    new.add_argument("--area", action="append", help="an area (repeat for several)")
    new.add_argument("--pep", action="append", type=_pep, help="a PEP number (repeatable)")
    new.add_argument(
        "--supersedes", action="append", metavar="ID", help="id of a record this one replaces"
    )
    new.add_argument("--persona", action="append", help="a persona affected (repeatable)")
    new.add_argument("--discussion", action="append", metavar="URL", help="https: link")
    new.add_argument("--summary", help="plain-language summary (else written in the file)")
    new.add_argument(
        "--status",
        choices=sorted(INITIAL_STATUSES),
        default="proposed",
        help="first status (default: proposed)",
    )
    new.add_argument(
        "--date",
        help="date of the first history entry, YYYY-MM-DD (default: the date of "
        "SOURCE_DATE_EPOCH if set, else today)",
    )
    new.add_argument("--id", help="the record's id (default: the next free one)")
    add_project_options(new)
    new.set_defaults(handler=run_new)
