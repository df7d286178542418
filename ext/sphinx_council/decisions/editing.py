"""``council status`` and ``council supersede``: change a record with the smallest edit.

ruamel.yaml's round-trip loader reads the front matter with the position of every key and list
item; the edit then rewrites only the lines that change (the ``status`` value, the new history
entry, the ``supersedes`` list) and copies every other byte of the file as it was: comments, key
order, quoting, folded text and the prose. Each result is checked with the same rules as
``council check`` before anything is written, and a change that would add a problem is refused.
"""

from __future__ import annotations

import argparse
import difflib
import io
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..core.fields import link_problem
from ..core.problems import Check, Problem
from ..core.project import (
    EXIT_CODES,
    EXIT_OK,
    EXIT_PROBLEMS,
    EXIT_USAGE,
    CouncilProject,
    UsageError,
    add_project_options,
    display_path,
    open_project,
    read_text,
    today,
)
from ..core.yamlsource import find_front_matter
from .checks import FIELD_NAMES
from .corpus import corpus_problems
from .lifecycle import STATUSES, allowed_next
from .load import load_decision
from .model import DecisionRecord
from .roster import Roster, load_roster

SUPERSEDE_HINT = (
    "a record becomes superseded through 'council supersede OLD NEW', once NEW is accepted"
)


class EditRefused(Exception):
    """The edit cannot be made as asked; ``problems`` say where and what to change."""

    def __init__(self, problems: Sequence[Problem], hint: str = "") -> None:
        super().__init__(problems)
        self.problems = list(problems)
        self.hint = hint


def yaml_scalar(value: str) -> str:
    """``value`` as one YAML scalar, quoted only when YAML needs it (ruamel.yaml decides)."""
    yaml = YAML(typ="rt")
    yaml.width = 1 << 16
    out = io.StringIO()
    yaml.dump({"k": value}, out)
    return out.getvalue().removeprefix("k: ").rstrip("\n")


@dataclass(frozen=True)
class StoredRecord:
    """A record with its file and text, as the editing commands need it."""

    path: Path
    text: str
    record: DecisionRecord
    # The record's own problems, so a change is compared without loading every file twice.
    problems: tuple[Problem, ...] = ()


def existing_records(project: CouncilProject) -> list[DecisionRecord]:
    """Every loadable record in the decisions folder (problems are for ``council check``)."""
    return [stored.record for stored in RecordFiles.read(project).stored]


@dataclass(frozen=True)
class RecordFiles:
    """The decisions folder as the editing commands see it."""

    stored: list[StoredRecord]
    # Files that are not records yet (unreadable, no front matter, broken YAML).
    unreadable: list[str]

    @classmethod
    def read(cls, project: CouncilProject) -> RecordFiles:
        stored, unreadable = [], []
        for path in sorted(project.decisions_dir.rglob("*.md")):
            try:  # bytes, not read_text: CRLF line endings must survive the edit
                text = path.read_bytes().decode("utf-8")
            except (OSError, UnicodeDecodeError):
                unreadable.append(display_path(path))
                continue
            record, problems = load_decision(display_path(path), text, project.settings)
            if record is None:
                unreadable.append(display_path(path))
            else:
                stored.append(StoredRecord(path, text, record, tuple(problems)))
        return cls(stored, unreadable)

    def find(self, record_id: str) -> StoredRecord:
        """The record with this id; an unknown id is a usage error with a suggestion."""
        for candidate in self.stored:
            if candidate.record.id == record_id:
                return candidate
        ids = sorted(s.record.id for s in self.stored if s.record.id)
        close = difflib.get_close_matches(record_id, ids, n=1)
        hint = f" (did you mean {close[0]!r}?)" if close else "; 'council check' lists the records"
        if self.unreadable:
            hint += (
                f"; {', '.join(self.unreadable)} cannot be read as a record, so its id is "
                "unknown: run 'council check' and fix it first"
            )
        raise UsageError(f"no record has the id {record_id!r}{hint}")


# --- the edits, on text -------------------------------------------------------------------


@dataclass(frozen=True)
class _Lines:
    """A file as lines with their endings, and the span of its front matter."""

    lines: list[str]
    newline: str
    yaml_first: int  # index of the YAML's first line
    yaml_end: int  # index of the closing '---' line
    data: CommentedMap

    @classmethod
    def of(cls, text: str, source: str) -> _Lines:
        front = find_front_matter(text)
        if front is None:
            raise EditRefused([Problem(source, 1, "", "no YAML front matter", Check.YAML)])
        try:
            data = YAML(typ="rt").load(front.yaml)
        except YAMLError as error:
            message = f"the front matter is not valid YAML ({error}); run 'council check'"
            raise EditRefused([Problem(source, 1, "", message, Check.YAML)]) from None
        newline = "\r\n" if "\r\n" in text else "\n"
        lines = text.splitlines(keepends=True)
        return cls(lines, newline, front.first_line - 1, front.end_line - 1, data)

    def key_line(self, key: str) -> int:
        return self.yaml_first + int(self.data.lc.key(key)[0])

    def text(self) -> str:
        return "".join(self.lines)


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip(" "))


def _block_end(doc: _Lines, line: int, dash_col: int) -> int:
    """Index after the last line of the block list item starting at ``line``."""
    end = line + 1
    for index in range(line + 1, doc.yaml_end):
        text = doc.lines[index]
        if not text.strip():
            continue
        if _indent(text) <= dash_col:
            break
        end = index + 1
    return end


def _append_item(
    doc: _Lines, seq: CommentedSeq, item_lines: list[str], source: str, field: str
) -> None:
    """Insert a new last item into a block list, indented like the items already there."""
    if seq.fa.flow_style() or not seq:
        line = doc.key_line(field) + 1
        raise EditRefused(
            [
                Problem(
                    source,
                    line,
                    field,
                    "is written in [flow] style or is empty; write it as a block list "
                    "('- ' items on their own lines) so an entry can be added",
                    Check.TYPE,
                )
            ]
        )
    item_line, item_col = (int(n) for n in seq.lc.item(len(seq) - 1))
    index = doc.yaml_first + item_line
    text = doc.lines[index]
    dash_col = text.rfind("-", 0, item_col)
    prefix = text[:item_col]  # the indentation and '- ' as this file writes them
    continuation = " " * item_col
    new = [prefix + item_lines[0]] + [continuation + line for line in item_lines[1:]]
    end = _block_end(doc, index, dash_col)
    doc.lines[end:end] = [line + doc.newline for line in new]


_SCALAR_WORD = re.compile(r"(?P<quote>[\"']?)(?P<value>[A-Za-z][A-Za-z-]*)(?P=quote)")


def set_status(
    text: str,
    source: str,
    status: str,
    date: str,
    note: str = "",
    link: str = "",
    closes: str = "",
) -> str:
    """The text with ``status`` changed and a history entry appended; nothing else changes."""
    doc = _Lines.of(text, source)
    for field in ("status", "history"):
        if field not in doc.data:
            raise EditRefused(
                [Problem(source, 1, field, f"missing; add '{field}:' first", Check.FIELD)]
            )
    line, col = (int(n) for n in doc.data.lc.value("status"))
    index = doc.yaml_first + line
    match = _SCALAR_WORD.match(doc.lines[index], col)
    if match is None:
        raise EditRefused(
            [
                Problem(
                    source,
                    index + 1,
                    "status",
                    "is not a single word on its line; write it as 'status: proposed'",
                    Check.VALUE,
                )
            ]
        )
    old = doc.lines[index]
    doc.lines[index] = old[: match.start("value")] + status + old[match.end("value") :]
    entry = [f"date: {date}", f"status: {status}"]
    entry += [
        f"{key}: {yaml_scalar(value)}" for key, value in (("note", note), ("link", link)) if value
    ]
    if closes:
        entry.append(f"closes: {closes}")
    _append_item(doc, doc.data["history"], entry, source, "history")
    return doc.text()


def add_supersedes(text: str, source: str, old_id: str) -> str:
    """The text with ``old_id`` added to ``supersedes`` (created after its neighbours if absent)."""
    doc = _Lines.of(text, source)
    value = doc.data.get("supersedes")
    if isinstance(value, CommentedSeq) and old_id in value:
        return text
    if isinstance(value, CommentedSeq) and value.fa.flow_style():
        line, col = (int(n) for n in doc.data.lc.value("supersedes"))
        index = doc.yaml_first + line
        current = doc.lines[index]
        close = current.find("]", col)
        if close < 0:
            raise EditRefused(
                [
                    Problem(
                        source,
                        index + 1,
                        "supersedes",
                        "spans several lines; write it as [A, B] on one line or as a block list",
                        Check.TYPE,
                    )
                ]
            )
        separator = ", " if value else ""
        doc.lines[index] = current[:close] + separator + old_id + current[close:]
        return doc.text()
    if isinstance(value, CommentedSeq):
        _append_item(doc, value, [old_id], source, "supersedes")
        return doc.text()
    if "supersedes" in doc.data:
        line = doc.key_line("supersedes") + 1
        raise EditRefused(
            [Problem(source, line, "supersedes", "is not a list; write it as [A, B]", Check.TYPE)]
        )
    _insert_supersedes(doc, old_id)
    return doc.text()


_COMMENTED_SUPERSEDES = re.compile(r"#\s*supersedes:\s*\[\]\s*(?P<comment>#.*)?$")


def _insert_supersedes(doc: _Lines, old_id: str) -> None:
    """Uncomment the scaffold's ``# supersedes: []`` line, or add one where the field belongs."""
    for index in range(doc.yaml_first, doc.yaml_end):
        match = _COMMENTED_SUPERSEDES.match(doc.lines[index].rstrip("\r\n"))
        if match:
            comment = f"  {match.group('comment')}" if match.group("comment") else ""
            doc.lines[index] = f"supersedes: [{old_id}]{comment}{doc.newline}"
            return
    later = FIELD_NAMES[FIELD_NAMES.index("supersedes") + 1 :]
    following = [doc.key_line(key) for key in doc.data if key in later]
    where = min(following) if following else doc.yaml_end
    doc.lines[where:where] = [f"supersedes: [{old_id}]{doc.newline}"]


# --- checking a change before writing it ----------------------------------------------------


def _problem_key(problem: Problem) -> tuple[str, str, str, str]:
    # Lines move when an entry is added, so problems are compared without them.
    return (problem.source, problem.field, problem.message, problem.check.value)


def _corpus(project: CouncilProject, stored: Sequence[StoredRecord]) -> list[Problem]:
    roster = Roster()
    if project.roster_file is not None:
        roster_text = read_text(project.roster_file, [])
        if roster_text is not None:
            roster, _ = load_roster(display_path(project.roster_file), roster_text)
    return corpus_problems([s.record for s in stored], roster)


def _all_problems(project: CouncilProject, stored: Sequence[StoredRecord]) -> list[Problem]:
    problems = [problem for item in stored for problem in item.problems]
    return problems + _corpus(project, stored)


def apply_edits(
    project: CouncilProject, stored: list[StoredRecord], edits: dict[Path, str]
) -> list[Problem]:
    """Check the edited files with every rule; refuse new problems in them, else write them.

    Returns new problems in files that were not edited (a change can call for another, such as
    superseding the record an accepted one replaces), for the command to mention.
    """
    before = {_problem_key(p) for p in _all_problems(project, stored)}
    after_stored = []
    edited_problems: list[Problem] = []
    for item in stored:
        if item.path not in edits:
            after_stored.append(item)
            continue
        record, found = load_decision(item.record.source, edits[item.path], project.settings)
        edited_problems += found
        if record is None:
            raise EditRefused(found)
        after_stored.append(
            replace(item, text=edits[item.path], record=record, problems=tuple(found))
        )
    corpus = _corpus(project, after_stored)
    sources = {item.record.source for item in stored if item.path in edits}
    after = edited_problems + [p for p in corpus if p.source in sources]
    new = sorted({p for p in after if _problem_key(p) not in before})
    if new:
        raise EditRefused(new)
    for path, text in edits.items():
        path.write_bytes(text.encode("utf-8"))
    return sorted({p for p in corpus if p.source not in sources and _problem_key(p) not in before})


def refuse(command: str, reason: str, problems: Iterable[Problem], hint: str = "") -> int:
    """Show why a change was refused, each problem with its file and line; the exit code."""
    print(f"council {command}: {reason}; nothing was written:", file=sys.stderr)
    for problem in problems:
        print(f"  {problem} [council.{problem.check.value}]", file=sys.stderr)
    if hint:
        print(f"  hint: {hint}", file=sys.stderr)
    return EXIT_PROBLEMS


# --- the commands -------------------------------------------------------------------------


def _transition_problem(item: StoredRecord, status: str) -> Problem | None:
    record = item.record
    current = record.history[-1].status if record.history else record.status
    if status in allowed_next(current):
        return None
    allowed = ", ".join(sorted(allowed_next(current))) or "nothing: it is final"
    message = (
        f"{record.id} is {current!r}, which cannot move to {status!r}; "
        f"after {current!r} comes {allowed}"
    )
    return Problem(record.source, record.line_of("status"), "status", message, Check.HISTORY)


def _checked_inputs(args: argparse.Namespace) -> tuple[str, str, str]:
    date = today(args.date).isoformat()
    if args.link and (problem := link_problem(args.link)):
        raise UsageError(f"--link {problem}")
    closes = ""
    if getattr(args, "closes", None):
        closes = today(args.closes).isoformat()
    return date, closes, args.link or ""


def run_status(args: argparse.Namespace) -> int:
    try:
        project = open_project(args)
        files = RecordFiles.read(project)
        stored = files.stored
        item = files.find(args.id)
        date, closes, link = _checked_inputs(args)
        if args.status == "comment-period" and not closes:
            raise UsageError("a comment period needs --closes YYYY-MM-DD, when it closes")
        problem = _transition_problem(item, args.status)
        if problem is not None:
            raise EditRefused([problem])
        if args.status == "superseded":
            raise EditRefused([], SUPERSEDE_HINT)
        text = set_status(
            item.text, item.record.source, args.status, date, args.note or "", link, closes
        )
        notes = apply_edits(project, stored, {item.path: text})
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
    _mention(notes, stored, item.record.id)
    return EXIT_OK


# What to do about the problems a status change most often runs into.
FIELD_HINTS = {
    "decided_by": "add 'decided_by:' with 'body:' (and 'name:' for a pep-delegate) to the front "
    "matter, then run the command again",
    "votes": "record every sitting member's vote under 'votes:' (member id: yes, no, abstain "
    "or recused), then run the command again",
}


def _hint_for(problems: Sequence[Problem]) -> str:
    return next((FIELD_HINTS[p.field] for p in problems if p.field in FIELD_HINTS), "")


def _mention(problems: Sequence[Problem], stored: Sequence[StoredRecord], new_id: str) -> None:
    """Problems the change now calls for in other records, with the command that fixes each."""
    ids = {item.record.source: item.record.id for item in stored}
    for problem in problems:
        print(f"  next: {problem} [council.{problem.check.value}]", file=sys.stderr)
        if problem.check is Check.SUPERSEDES and "supersedes it" in problem.message:
            old_id = ids.get(problem.source, "OLD")
            print(f"  run: council supersede {old_id} {new_id}", file=sys.stderr)


def run_supersede(args: argparse.Namespace) -> int:
    try:
        project = open_project(args)
        files = RecordFiles.read(project)
        stored = files.stored
        old, new = files.find(args.old), files.find(args.new)
        if old.path == new.path:
            raise UsageError("a record cannot supersede itself; give two different ids")
        date, _, link = _checked_inputs(args)
        problem = _transition_problem(old, "superseded")
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


def add_commands(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
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
    status.add_argument(
        "status", choices=STATUSES, metavar="STATUS", help=f"one of: {', '.join(STATUSES)}"
    )
    _entry_options(status)
    status.add_argument("--closes", metavar="DATE", help="when a comment period closes, YYYY-MM-DD")
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
