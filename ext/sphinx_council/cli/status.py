"""``council status`` and ``council supersede``: change a record with the smallest edit.

Only transitions the lifecycle allows are made, and the result must pass the same checks as
``council check``; otherwise nothing is written and the problems say what to fix first.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence

from ..core.fields import one_of
from ..core.layout import is_suppressed
from ..core.problems import Check, Problem
from ..core.project import (
    EXIT_CODES,
    EXIT_OK,
    EXIT_USAGE,
    CouncilProject,
    UsageError,
    add_project_options,
    today,
)
from ..decisions.editing import (
    SUPERSEDE_HINT,
    RecordFiles,
    StoredRecord,
    apply_edits,
    transition_problem,
)
from ..decisions.frontmatter_edit import EditRefused, add_supersedes, set_status
from ..decisions.lifecycle import DECIDED_STATUSES, STATUSES
from ..decisions.load import load_decision
from .options import check_options
from .projects import open_project
from .reports import refuse

# The history entry's options, checked before any file is read.
ENTRY_OPTIONS = ("--date", "--note", "--link")


def _checked_inputs(args: argparse.Namespace) -> tuple[str, str, str]:
    date = today(args.date).isoformat()
    closes = today(args.closes, "--closes").isoformat() if getattr(args, "closes", None) else ""
    return date, closes, args.link or ""


def run_status(args: argparse.Namespace) -> int:
    try:
        check_options(args, *ENTRY_OPTIONS, "--closes", "--early")
        if args.status not in STATUSES:  # checked here, not by argparse, to suggest the closest
            raise UsageError(f"STATUS {one_of(args.status, STATUSES)}")
        project = open_project(args)
        files = RecordFiles.read(project)
        stored = files.stored
        item = files.find(args.id)
        date, closes, link = _checked_inputs(args)
        if args.status == "comment-period" and not closes:
            raise UsageError("a comment period needs --closes YYYY-MM-DD, when it closes")
        if args.early and args.status not in DECIDED_STATUSES:
            raise UsageError(
                "--early says why a record was accepted or rejected before its comment period "
                f"closed; {args.status!r} decides nothing, so leave it out"
            )
        problem = transition_problem(item, args.status)
        if problem is not None:
            raise EditRefused([problem])
        if args.status == "superseded":
            raise EditRefused([], SUPERSEDE_HINT)
        text = set_status(
            item.text,
            item.record.source,
            args.status,
            date,
            args.note or "",
            link,
            closes,
            args.early or "",
        )
        if early := _decided_early(project, item, text):
            raise EditRefused(early, EARLY_HINT)
        edits = {item.path: text}
        completed = _completed_supersessions(files, item, args.status, date)
        edits |= {old.path: new_text for old, new_text in completed}
        apply_edits(project, stored, edits)
    except UsageError as error:
        print(f"council status: {error}", file=sys.stderr)
        return EXIT_USAGE
    except EditRefused as refusal:
        reason = f"{args.id} cannot become {args.status!r}"
        hint = refusal.hint or _hint_for(refusal.problems)
        return refuse("status", reason, refusal.problems, hint)
    print(
        f"council status: {item.record.source}: {args.id} is now {args.status!r}", file=sys.stderr
    )
    for old, _ in completed:
        print(
            f"council status: {old.record.source}: {old.record.id} is now 'superseded' "
            f"(superseded by {args.id})",
            file=sys.stderr,
        )
    return EXIT_OK


def _completed_supersessions(
    files: RecordFiles, item: StoredRecord, status: str, date: str
) -> list[tuple[StoredRecord, str]]:
    """The records an accepted record supersedes, moved to ``superseded`` in the same write:
    accepting it without them would leave them saying they are in force. A record the lifecycle
    cannot move is left for the gate to name."""
    if status != "accepted":
        return []
    edits: list[tuple[StoredRecord, str]] = []
    for old_id in item.record.supersedes:
        old = next((s for s in files.stored if s.record.id == old_id), None)
        if old is None or old.path == item.path or transition_problem(old, "superseded"):
            continue
        note = f"Superseded by {item.record.id}."
        edits.append((old, set_status(old.text, old.record.source, "superseded", date, note, "")))
    return edits


EARLY_HINT = (
    "if the council decided before the period closed on purpose, say why with --early "
    "'one line' (written on the entry as early:); otherwise run the command again once the "
    "period has closed"
)


def _decided_early(project: CouncilProject, item: StoredRecord, text: str) -> list[Problem]:
    """The new entry's reminder that it decides before its comment period closed. The check
    only reminds (the file may be right); here the member is at the keyboard and can say why,
    so the change waits for the reason, as a rejection waits for ``reason:``."""
    _, problems = load_decision(item.record.source, text, project.settings)
    entry = f"history[{len(item.record.history)}]"
    silenced = project.conf_values.get("suppress_warnings")
    return [
        p
        for p in problems
        if p.check is Check.EARLY and p.field == entry and not is_suppressed(p, silenced)
    ]


# What to do about the problems a status change most often runs into.
FIELD_HINTS = {
    "decided_by": "add 'decided_by:' with 'body:' (and 'name:' for a pep-delegate) to the front "
    "matter, then run the command again",
    "votes": "record every sitting member's vote under 'votes:' (member id: yes, no, abstain "
    "or recused), then run the command again",
}


def _hint_for(problems: Sequence[Problem]) -> str:
    return next((FIELD_HINTS[p.field] for p in problems if p.field in FIELD_HINTS), "")


def run_supersede(args: argparse.Namespace) -> int:
    try:
        check_options(args, *ENTRY_OPTIONS)
        project = open_project(args)
        files = RecordFiles.read(project)
        stored = files.stored
        old, new = files.find(args.old), files.find(args.new)
        if old.path == new.path:
            raise UsageError("a record cannot supersede itself; give two different ids")
        date, _, link = _checked_inputs(args)
        problem = transition_problem(old, "superseded")
        if problem is not None:
            raise EditRefused([problem])
        note = args.note or f"Superseded by {new.record.id}."
        edits = {
            new.path: add_supersedes(new.text, new.record.source, old.record.id),
            old.path: set_status(old.text, old.record.source, "superseded", date, note, link),
        }
        apply_edits(project, stored, edits)
    except UsageError as error:
        print(f"council supersede: {error}", file=sys.stderr)
        return EXIT_USAGE
    except EditRefused as refusal:
        reason = f"{args.new} cannot supersede {args.old}"
        return refuse("supersede", reason, refusal.problems, refusal.hint)
    print(
        f"council supersede: {new.record.source} supersedes {old.record.id}; "
        f"{old.record.source} is now 'superseded'",
        file=sys.stderr,
    )
    return EXIT_OK


def _entry_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--date",
        help="date of the history entry, YYYY-MM-DD (default: the date of SOURCE_DATE_EPOCH "
        "if set, else today)",
    )
    parser.add_argument("--note", help="one line on what happened, for the history entry")
    parser.add_argument("--link", metavar="URL", help="https: link to the announcement or thread")


def add_status_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``council status`` and ``council supersede``."""
    status = commands.add_parser(
        "status",
        help="change a record's status, adding a history entry",
        description="Set a record's status and append the matching history entry, changing "
        "no other byte of the file. Only transitions the lifecycle allows are made, and the "
        "result must pass the same checks as 'council check' (an accepted or rejected record "
        "says who decided in decided_by; a Packaging Council decision records the votes).",
        epilog=EXIT_CODES,
    )
    status.add_argument("id", metavar="ID", help="the record's id, e.g. PC-0016")
    status.add_argument("status", metavar="STATUS", help=f"one of: {', '.join(STATUSES)}")
    _entry_options(status)
    status.add_argument("--closes", metavar="DATE", help="when a comment period closes, YYYY-MM-DD")
    status.add_argument(
        "--early",
        metavar="WHY",
        help="for accepted or rejected before the comment period closes: one line on why the "
        "council did not wait (required then)",
    )
    add_project_options(status)
    status.set_defaults(handler=run_status)
    supersede = commands.add_parser(
        "supersede",
        help="record that an accepted record replaces an older one",
        description="In one step, add OLD to NEW's supersedes and move OLD to 'superseded' "
        "with a history entry. NEW must be accepted; nothing is written if the result would "
        "not pass the checks.",
        epilog=EXIT_CODES,
    )
    supersede.add_argument("old", metavar="OLD", help="id of the record being replaced")
    supersede.add_argument("new", metavar="NEW", help="id of the accepted record replacing it")
    _entry_options(supersede)
    add_project_options(supersede)
    supersede.set_defaults(handler=run_supersede)
