"""The smallest edit to a record's front matter: a new status, a new ``supersedes`` entry.

ruamel.yaml's round-trip loader reads the front matter with the position of every key and list
item; an edit rewrites only the lines that change (the ``status`` value, the new history
entry, the ``supersedes`` list) and copies every other byte of the file as it was: comments, key
order, quoting, folded text and the prose.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence
from dataclasses import dataclass

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError

from ..core.problems import Check, Problem
from ..core.yamlsource import find_front_matter
from .checks import FIELD_NAMES


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
    early: str = "",
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
    if early:
        entry.append(f"early: {yaml_scalar(early)}")
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


__all__ = ["EditRefused", "add_supersedes", "set_status", "yaml_scalar"]
