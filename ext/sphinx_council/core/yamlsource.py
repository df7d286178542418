"""Reading YAML with line numbers, and finding a Markdown file's front matter.

The one reader of every YAML input (records, pathways, news, the roster). It holds against
hostile files: size and nesting are capped, aliases are refused (expanding them lets a few
lines grow without bound), and lines are counted the way editors count them, by ``\\n``.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.events import AliasEvent, CollectionEndEvent, CollectionStartEvent
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode
from ruamel.yaml.reader import ReaderError
from ruamel.yaml.resolver import VersionedResolver

from .plaintext import LINE_BREAKS, code_point
from .problems import Check, Problem
from .sourcefiles import MAX_FILE_BYTES, TOO_BIG, read_source

MAX_DEPTH = 50
TOO_DEEP = f"the data is nested more than {MAX_DEPTH} levels deep; council data is never that deep"
ALIAS = "YAML aliases (*{name}) are not allowed; write the value out"
# Where a line may start with this many indentation and block-marker characters, or the text
# holds this many brackets, the nesting could pass MAX_DEPTH: the events are scanned first
# (libyaml's composer recurses, and crashes the process on a deep enough document).
_DEEP_PREFIX = re.compile(rf"^[ \t?:-]{{{MAX_DEPTH // 2 - 1},}}", re.MULTILINE)


class YamlMap(dict[Any, Any]):
    """A YAML mapping that remembers the line of each key (0-based, within the YAML text)."""

    line: int = 0
    key_lines: dict[Any, int]


class YamlList(list[Any]):
    """A YAML sequence that remembers the line of each item (0-based, within the YAML text)."""

    line: int = 0
    item_lines: list[int]


class _DuplicateKey(Exception):
    def __init__(self, key: object, line: int) -> None:
        super().__init__(key, line)
        self.key, self.line = key, line


class _Refused(Exception):
    def __init__(self, line: int, message: str) -> None:
        super().__init__(line, message)
        self.line, self.message = line, message


@dataclass(frozen=True)
class WrittenNumber:
    """A number YAML reads from something other than plain decimal digits (``0x2ef``,
    ``0o1357``, ``7_51``, ``+751``, ``0751``, ``751.0``, ``1e3``), kept as it was written.

    No field takes it for the number it parses to: the rules name how it was written and what
    to write instead, and a field that expects text refuses it as a number.
    """

    text: str

    def __str__(self) -> str:
        return self.text


PLAIN_DECIMAL = re.compile(r"-?(?:0|[1-9][0-9]*)", re.ASCII)


def _yaml_int(text: str) -> int | WrittenNumber:
    return int(text) if PLAIN_DECIMAL.fullmatch(text) else WrittenNumber(text)


# Dates stay text so the rules can report a bad one instead of the loader crashing on it.
_SCALARS: dict[str, Callable[[str], object]] = {
    "tag:yaml.org,2002:int": _yaml_int,
    "tag:yaml.org,2002:float": WrittenNumber,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:null": lambda text: None,
}


def _to_data(node: Node, depth: int = 1) -> Any:
    """Plain Python data with line numbers, from a composed node tree (without aliases)."""
    if depth > MAX_DEPTH:
        raise _Refused(node.start_mark.line, TOO_DEEP)
    if isinstance(node, MappingNode):
        mapping = YamlMap()
        mapping.line, mapping.key_lines = node.start_mark.line, {}
        for key_node, value_node in node.value:
            key = _to_data(key_node, depth + 1)
            key = key if isinstance(key, str | int | bool) or key is None else str(key)
            if key in mapping:
                raise _DuplicateKey(key, key_node.start_mark.line)
            mapping[key] = _to_data(value_node, depth + 1)
            mapping.key_lines[key] = key_node.start_mark.line
        return mapping
    if isinstance(node, SequenceNode):
        sequence = YamlList(_to_data(item, depth + 1) for item in node.value)
        sequence.line = node.start_mark.line
        sequence.item_lines = [item.start_mark.line for item in node.value]
        return sequence
    tag = node.tag  # a property that builds the text of the tag: read once
    convert = _SCALARS.get(str(getattr(tag, "value", tag)))
    try:
        return convert(node.value) if convert else str(node.value)
    except ValueError:
        return str(node.value)


class _Resolver(VersionedResolver):
    """ruamel.yaml's resolver, with its table of implicit tags looked up once per document.

    ruamel.yaml asks for the YAML version again for every scalar, through attribute lookups
    that fail on its C parser and so always settle on the loader's version: a third of the
    time it takes to load a record. The table is the same each time, so it is kept.
    """

    _table: Any = None

    @property
    def versioned_resolver(self) -> Any:
        if self._table is None:
            self._table = VersionedResolver.versioned_resolver.fget(self)  # type: ignore[attr-defined]
        return self._table


@functools.cache
def _composer() -> YAML:
    """The YAML loader of :func:`load_yaml`, on libyaml when it is installed: made once, since
    making one looks for ruamel.yaml's plug-ins on disk each time."""
    yaml = YAML(typ="safe", pure=False)
    yaml.Resolver = _Resolver
    return yaml


def _compose(text: str) -> Node | None:
    yaml = _composer()
    try:
        node: Node | None = yaml.compose(text)
    finally:
        # ruamel.yaml keeps a note per document it reads, for a dump that never comes.
        getattr(yaml, "doc_infos", []).clear()
    return node


@dataclass(frozen=True)
class FrontMatter:
    """The YAML between the opening and closing ``---`` lines of a Markdown file."""

    yaml: str
    first_line: int  # file line of the YAML's first line
    end_line: int  # file line of the closing delimiter


def find_front_matter(text: str) -> FrontMatter | None:
    """The front matter block at the top of ``text``, or None when there is none.

    A byte-order mark before the first ``---`` is ignored, as Sphinx ignores it.
    """
    lines = text.removeprefix("\ufeff").split("\n")
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return FrontMatter("\n".join(lines[1:index]) + "\n", 2, index + 1)
    return None


def _scan(text: str) -> None:
    """Refuse aliases and deep nesting from the event stream, before anything is composed."""
    depth = 0
    for event in YAML(typ="safe", pure=False).parse(text):
        if isinstance(event, AliasEvent):
            raise _Refused(event.start_mark.line, ALIAS.format(name=event.anchor))
        if isinstance(event, CollectionStartEvent):
            depth += 1
            if depth > MAX_DEPTH:
                raise _Refused(event.start_mark.line, TOO_DEEP)
        elif isinstance(event, CollectionEndEvent):
            depth -= 1


def _line_break_problem(text: str, source: str, first_line: int) -> Problem | None:
    """A line break other than ``\\n`` (or CRLF): YAML would count lines differently."""
    for index, char in enumerate(text):
        if char in LINE_BREAKS and not (char == "\r" and text[index + 1 : index + 2] == "\n"):
            line = first_line + text.count("\n", 0, index)
            message = f"contains {code_point(char)}, which YAML reads as a line break; remove it"
            return Problem(source, line, "", message, Check.YAML)
    return None


def _size_or_break_problem(text: str, source: str, first_line: int) -> Problem | None:
    if len(text) > MAX_FILE_BYTES and len(text.encode("utf-8")) > MAX_FILE_BYTES:
        size = len(text.encode("utf-8"))
        return Problem(source, first_line, "", TOO_BIG.format(size=size), Check.YAML)
    if LINE_BREAKS.intersection(text):
        return _line_break_problem(text, source, first_line)
    return None


def load_yaml(text: str, source: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML keeping line numbers; a syntax error becomes a located problem.

    libyaml (through ruamel.yaml's C parser when it is installed) composes the text into nodes
    that carry their positions, which become plain data here: several times faster than the
    round-trip loader, which matters with thousands of records.
    """
    text = text.removeprefix("\ufeff")
    if found := _size_or_break_problem(text, source, first_line):
        return None, [found]
    try:
        if "*" in text or _DEEP_PREFIX.search(text) or text.count("[") + text.count("{") >= 25:
            _scan(text)
        node = _compose(text)
        return (None if node is None else _to_data(node)), []
    except _DuplicateKey as error:
        message = "appears twice in the same mapping; keep one"
        return None, [Problem(source, first_line + error.line, str(error.key), message, Check.YAML)]
    except _Refused as error:
        return None, [Problem(source, first_line + error.line, "", error.message, Check.YAML)]
    except YAMLError as error:
        return None, [_yaml_error_problem(error, text, source, first_line)]
    except RecursionError:  # a guard: the scan above keeps documents shallower than this
        return None, [Problem(source, first_line, "", TOO_DEEP, Check.YAML)]


def _yaml_error_problem(error: YAMLError, text: str, source: str, first_line: int) -> Problem:
    if isinstance(error, ReaderError) and isinstance(error.character, int):
        # A character YAML allows nowhere, such as ESC or NUL.
        line = first_line + text.count("\n", 0, max(error.position, 0))
        message = f"contains {code_point(chr(error.character))}, a control character; remove it"
        return Problem(source, line, "", message, Check.YAML)
    if isinstance(error, MarkedYAMLError):
        mark = error.problem_mark or error.context_mark
        # The end of the stream can be a line past the last one: point at the last.
        line = first_line + min(mark.line if mark else 0, text.count("\n"))
        context = error.context or ""
        if context and error.context_mark and error.context_mark.line + first_line != line:
            context += f" (started on line {first_line + error.context_mark.line})"
        reason = " ".join(filter(None, [context, error.problem])) or "invalid YAML"
        return Problem(source, line, "", f"YAML syntax error: {reason}", Check.YAML)
    # Errors without a position, e.g. a bad stream.
    return Problem(source, first_line, "", f"YAML error: {error}", Check.YAML)


def key_line(mapping: YamlMap, key: object, first_line: int) -> int:
    """File line of ``key`` in a mapping loaded by :func:`load_yaml`."""
    return first_line + mapping.key_lines.get(key, mapping.line)


def item_line(sequence: YamlList, index: int, first_line: int) -> int:
    """File line of item ``index`` of a sequence loaded by :func:`load_yaml`."""
    lines = sequence.item_lines
    return first_line + (lines[index] if index < len(lines) else sequence.line)


def read_data_file(
    path: Path, source: str, problems: list[Problem], root: Path | None = None
) -> str | None:
    """A data file's UTF-8 text (see :func:`.sourcefiles.read_source`, which says what is
    refused); a file that cannot be read becomes a problem named ``source``."""
    text = read_source(path, problems, source=source, root=root)
    return None if text is None else text.removeprefix("\ufeff")
