"""``council renumber OLD NEW``: give a record another id, in its file name and every mention.

The way out when two branches each took the same next id: the records, pathways and news that
name OLD are edited together, checked as ``council check`` checks them, and written all or none.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from ..core.contentwalk import NEWS, PATHWAYS, walk_content
from ..core.files import WriteFailed, write_all
from ..core.project import (
    EXIT_CODES,
    EXIT_OK,
    EXIT_USAGE,
    CouncilProject,
    UsageError,
    add_project_options,
    display_path,
)
from ..core.sourcefiles import FileRefused, read_source_bytes
from ..decisions.editing import RecordFiles, refuse_new_problems
from ..decisions.frontmatter_edit import EditRefused
from ..decisions.renumber import renumbered_name, renumbered_texts
from .projects import open_project
from .reports import refuse


def _other_texts(project: CouncilProject) -> dict[Path, str]:
    """The pathways and news files, which may name a record (one that cannot be read is left
    for ``council check`` to report)."""
    texts: dict[Path, str] = {}
    news_dir = project.layout.news_dir if project.layout is not None else None
    walks = [walk_content(project.pathways_dir, project.root, PATHWAYS)]
    if news_dir is not None:
        walks.append(walk_content(news_dir, project.root, NEWS))
    for path in (path for walk in walks for path in walk.files):
        try:
            texts[path] = read_source_bytes(path, project.root).decode("utf-8")
        except (FileRefused, UnicodeDecodeError):
            continue
    return texts


def renumber(project: CouncilProject, old: str, new: str) -> tuple[Path, Path, list[Path]]:
    """Rename the record; its old and new file, and every other file edited."""
    files = RecordFiles.read(project)
    item = files.find(old)
    taken = next((s for s in files.stored if s.record.id == new), None)
    if taken is not None:
        raise EditRefused([], f"{new} is already the id of {taken.record.source}; choose a free id")
    texts = {s.path: s.text for s in files.stored} | _other_texts(project)
    edits = renumbered_texts(texts, old, new)
    # Checked in place, so that the gate sees one record with the new id, not two.
    refuse_new_problems(project, {p: t for p, t in edits.items() if p.suffix == ".md"})
    target = item.path.with_name(renumbered_name(item.path.name, old, new))
    if target != item.path and os.path.lexists(target):
        raise UsageError(f"{display_path(target)} already exists; move it away first")
    writes = {(target if path == item.path else path): text for path, text in edits.items()}
    try:
        write_all(writes, {path: display_path(path) for path in writes})
        if target != item.path:
            item.path.unlink()
    except (WriteFailed, OSError) as error:
        raise UsageError(str(error)) from error
    return item.path, target, sorted(p for p in edits if p != item.path)


def run_renumber(args: argparse.Namespace) -> int:
    try:
        project = open_project(args)
        before, after, others = renumber(project, args.old, args.new)
    except UsageError as error:
        print(f"council renumber: {error}", file=sys.stderr)
        return EXIT_USAGE
    except EditRefused as refusal:
        reason = f"{args.old} cannot become {args.new}"
        return refuse("renumber", reason, refusal.problems, refusal.hint)
    moved = f"; {display_path(before)} is now {display_path(after)}" if before != after else ""
    print(f"council renumber: {args.old} is now {args.new}{moved}", file=sys.stderr)
    for path in others:
        print(f"council renumber: {display_path(path)}: {args.old} -> {args.new}", file=sys.stderr)
    return EXIT_OK


def add_renumber_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``council renumber``."""
    parser = commands.add_parser(
        "renumber",
        help="give a record another id, in its file name and every file that names it",
        description="Change a record's id to NEW, the number its file name starts with, and "
        "every mention of OLD in the records (supersedes, superseded_by, {decision} roles, "
        "history notes), pathways and news, in one edit checked like 'council check' and "
        "written all or none. The way out when two branches took the same id "
        "('council check --base main' names the command to run).",
        epilog=EXIT_CODES,
    )
    parser.add_argument("old", metavar="OLD", help="the record's id now, e.g. PC-0083")
    parser.add_argument("new", metavar="NEW", help="the free id it gets, e.g. PC-0084")
    add_project_options(parser)
    parser.set_defaults(handler=run_renumber)
