"""``council new``: scaffold a decision record that is valid as written, but for its summary.

The scaffold is a *proposed* (or *draft*) record with the next free id, a file name made from
that id and the title, every field with a comment taken from the field table (optional fields
commented out until they apply), a ``yaml-language-server`` schema line for editors, and the
prose headings. The one thing ``council check`` still asks for is the summary, unless
``--summary`` gave it, so a record cannot be merged with a placeholder in place of one.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
import unicodedata
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from ..core.project import (
    EXIT_CODES,
    EXIT_OK,
    EXIT_USAGE,
    CouncilProject,
    UsageError,
    add_project_options,
    display_path,
    open_project,
    today,
)
from ..core.settings import RuleSettings
from ..core.shapes import FieldRule
from ..guide.schemas import DECISION_SCHEMA, SCHEMA_FOLDER, resolve
from .checks import FIELDS
from .corpus import corpus_problems
from .editing import existing_records, refuse, yaml_scalar
from .lifecycle import INITIAL_STATUSES
from .load import load_decision
from .model import DECIDING_BODIES

SLUG_LIMIT = 60
PROSE = (
    ("Context", "What question was the council asked, and why now? Link the discussion."),
    ("Decision", "What was decided, by whom, and on what grounds."),
    ("Consequences", "What changes, and for whom; what follows from the decision."),
)
# How an optional field looks, commented out, until it applies to the record.
OPTIONAL_EXAMPLES = {
    "decided_by": [
        f"body: {DECIDING_BODIES[0]}  # or {', '.join(DECIDING_BODIES[1:])}; "
        "a pep-delegate also has 'name:'"
    ],
    "votes": ["member-id: yes"],
    "peps": None,
    "supersedes": None,
    "personas": ["- persona: maintainer", "  what_changes: One line for that reader."],
    "discussion": ["- https://discuss.python.org/t/..."],
}


def slugify(title: str, limit: int = SLUG_LIMIT) -> str:
    """A file-name slug: lowercase ASCII words joined by hyphens, cut at a word boundary."""
    ascii_title = unicodedata.normalize("NFKD", title).encode("ascii", "ignore").decode()
    slug = ""
    for word in re.findall(r"[a-z0-9]+", ascii_title.lower()):
        if slug and len(slug) + 1 + len(word) > limit:
            break
        slug = f"{slug}-{word}" if slug else word[:limit]
    return slug or "decision"


def next_id(taken: Iterable[str], pattern: str) -> str:
    """The id after the highest numbered one in use, keeping its width; or the first one."""
    compiled = re.compile(pattern)
    numbered = [
        (int(match.group()), record_id, match)
        for record_id in taken
        if compiled.fullmatch(record_id) and (match := _last_number(record_id))
    ]
    if numbered:
        number, record_id, match = max(numbered, key=lambda item: item[0])
        digits = str(number + 1).zfill(len(match.group()))
        candidate = record_id[: match.start()] + digits + record_id[match.end() :]
    else:
        candidate = _first_id(pattern)
    if not compiled.fullmatch(candidate) or candidate in set(taken):
        raise UsageError(
            f"cannot work out the next id from council_id_pattern {pattern}; pass --id"
        )
    return candidate


def _last_number(record_id: str) -> re.Match[str] | None:
    matches = list(re.finditer(r"\d+", record_id))
    return matches[-1] if matches else None


def _first_id(pattern: str) -> str:
    """Number one for a pattern of the usual form: literal prefix, then digits."""
    match = re.fullmatch(r"\^?((?:[A-Za-z0-9_ ]|\\?-)*)\\d(?:\{(\d+)\}|\+)\$?", pattern)
    if match is None:
        return ""
    width = int(match.group(2) or 1)
    return match.group(1).replace("\\", "") + "1".zfill(width)


def record_file_name(record_id: str, title: str) -> str:
    """``0016-adopt-the-example.md`` for PC-0016: the id's number, then the title's slug."""
    number = _last_number(record_id)
    prefix = number.group() if number else slugify(record_id)
    return f"{prefix}-{slugify(title)}.md"


def _choices(rule: FieldRule, settings: RuleSettings) -> list[str]:
    schema: dict[str, Any] = resolve(rule.shape, settings)
    enum = schema.get("enum") or (schema.get("items") or {}).get("enum")
    return [str(value) for value in enum] if enum else []


def _comment(rule: FieldRule, settings: RuleSettings) -> str:
    choices = _choices(rule, settings)
    suffix = f" One of: {', '.join(choices)}." if choices else ""
    return f"# {rule.description}{suffix}"


def _flow_list(values: Sequence[object]) -> str:
    """``[a, b]``; an item other than a plain word is double-quoted, which flow lists need."""
    items = [
        str(v) if isinstance(v, int) or re.fullmatch(r"[\w.-]+", str(v)) else json.dumps(str(v))
        for v in values
    ]
    return "[" + ", ".join(items) + "]"


def scaffold(values: dict[str, Any], settings: RuleSettings, schema_path: str) -> str:
    """The text of a new record; ``values`` holds the fields given, by name."""
    lines = ["---", f"# yaml-language-server: $schema={schema_path}"]
    for rule in FIELDS:
        comment = _comment(rule, settings)
        value = values.get(rule.name)
        if rule.name == "history":
            lines.append(f"history:  {comment} Change it with `council status`.")
            for entry in value or ():
                lines.append(f"  - date: {entry['date']}")
                lines.append(f"    status: {entry['status']}")
        elif value is not None and isinstance(value, list):
            lines.append(f"{rule.name}: {_flow_list(value)}  {comment}")
        elif value is not None:
            lines.append(f"{rule.name}: {yaml_scalar(str(value))}  {comment}")
        elif rule.name in OPTIONAL_EXAMPLES:
            example = OPTIONAL_EXAMPLES[rule.name]
            if example is None:
                lines.append(f"# {rule.name}: []  {comment}")
            else:
                lines.append(f"# {rule.name}:  {comment}")
                lines += [f"#   {line}" for line in example]
    lines.append("---")
    for heading, guidance in PROSE:
        lines += ["", f"## {heading}", "", f"% {guidance}"]
    return "\n".join(lines) + "\n"


def run_new(args: argparse.Namespace) -> int:
    try:
        project = open_project(args, new_folder=True)
        created = create_record(project, args)
    except UsageError as error:
        print(f"council new: {error}", file=sys.stderr)
        return EXIT_USAGE
    except RecordRefused as refusal:
        return refusal.exit_code
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


class RecordRefused(Exception):
    """The scaffold would not pass the checks; the problems were shown."""

    def __init__(self, exit_code: int) -> None:
        super().__init__(exit_code)
        self.exit_code = exit_code


def create_record(project: CouncilProject, args: argparse.Namespace) -> Path:
    """Write the new record after checking it as ``council check`` would."""
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
    record, problems = load_decision(source, text, project.settings)
    if record is not None:
        problems += [p for p in corpus_problems([*records, record]) if p.source == source]
    blocking = [p for p in problems if not (p.field == "summary" and not args.summary)]
    if blocking:
        raise RecordRefused(refuse("new", "the new record would not pass the checks", blocking))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, "utf-8")
    return path


def _pep(text: str) -> int:
    if not text.isdigit():
        raise argparse.ArgumentTypeError(f"{text!r} is not a PEP number such as 517")
    return int(text)


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``council new``."""
    new = commands.add_parser(
        "new",
        help="scaffold a decision record with the next free id",
        description="Create decisions/NNNN-slug.md: the next free id, a file name from the "
        "title, today's date (or --date, or SOURCE_DATE_EPOCH), every field with a comment, "
        "and the prose headings. The record is valid as written except for its summary, "
        "which 'council check' asks for until you write it (or pass --summary). Values "
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


__all__ = ["add_command", "next_id", "record_file_name", "scaffold", "slugify"]
