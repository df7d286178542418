"""A new decision record's text, for ``council new``: valid as written, but for its summary.

The scaffold is a *proposed* (or *draft*) record with the next free id, a file name made from
that id and the title, every field with a comment taken from the field table (optional fields
commented out until they apply), a ``yaml-language-server`` schema line for editors, and the
prose headings. The one thing ``council check`` still asks for is the summary, unless
``--summary`` gave it, so a record cannot be merged with a placeholder in place of one.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Iterable, Sequence
from typing import Any

from ..core.project import UsageError
from ..core.settings import RuleSettings
from ..core.shapes import FieldRule, resolve
from .checks import FIELDS
from .frontmatter_edit import yaml_scalar
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
    "reason": [],  # written once the proposal is rejected or withdrawn
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


__all__ = ["next_id", "record_file_name", "scaffold", "slugify"]
