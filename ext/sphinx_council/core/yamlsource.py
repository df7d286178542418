"""Reading YAML with line numbers, and finding a Markdown file's front matter."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.error import MarkedYAMLError, YAMLError
from ruamel.yaml.nodes import MappingNode, Node, SequenceNode

from .problems import Check, Problem


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


class _RecursiveAlias(Exception):
    def __init__(self, line: int) -> None:
        super().__init__(line)
        self.line = line


def _yaml_int(text: str) -> int:
    text = text.replace("_", "")
    try:
        return int(text, 0)
    except ValueError:  # a decimal with leading zeros
        return int(text, 10)


def _yaml_float(text: str) -> float:
    special = {".inf": "inf", "+.inf": "inf", "-.inf": "-inf", ".nan": "nan"}
    return float(special.get(text.lower(), text.replace("_", "")))


# Dates stay text so the rules can report a bad one instead of the loader crashing on it.
_SCALARS: dict[str, Callable[[str], object]] = {
    "tag:yaml.org,2002:int": _yaml_int,
    "tag:yaml.org,2002:float": _yaml_float,
    "tag:yaml.org,2002:bool": lambda text: text.lower() == "true",
    "tag:yaml.org,2002:null": lambda text: None,
}


def _to_data(node: Node, path: tuple[int, ...] = ()) -> Any:
    """Plain Python data with line numbers, from a composed node tree."""
    if id(node) in path:
        raise _RecursiveAlias(node.start_mark.line)
    path = (*path, id(node))
    if isinstance(node, MappingNode):
        mapping = YamlMap()
        mapping.line, mapping.key_lines = node.start_mark.line, {}
        for key_node, value_node in node.value:
            key = _to_data(key_node, path)
            key = key if isinstance(key, str | int | float | bool) or key is None else str(key)
            if key in mapping:
                raise _DuplicateKey(key, key_node.start_mark.line)
            mapping[key] = _to_data(value_node, path)
            mapping.key_lines[key] = key_node.start_mark.line
        return mapping
    if isinstance(node, SequenceNode):
        sequence = YamlList(_to_data(item, path) for item in node.value)
        sequence.line = node.start_mark.line
        sequence.item_lines = [item.start_mark.line for item in node.value]
        return sequence
    tag = getattr(node.tag, "value", node.tag)
    convert = _SCALARS.get(str(tag))
    try:
        return convert(node.value) if convert else str(node.value)
    except ValueError:
        return str(node.value)


@dataclass(frozen=True)
class FrontMatter:
    """The YAML between the opening and closing ``---`` lines of a Markdown file."""

    yaml: str
    first_line: int  # file line of the YAML's first line
    end_line: int  # file line of the closing delimiter


def find_front_matter(text: str) -> FrontMatter | None:
    """The front matter block at the top of ``text``, or None when there is none."""
    lines = text.splitlines()
    if not lines or lines[0].rstrip() != "---":
        return None
    for index in range(1, len(lines)):
        if lines[index].rstrip() in ("---", "..."):
            return FrontMatter("\n".join(lines[1:index]) + "\n", 2, index + 1)
    return None


def load_yaml(text: str, source: str, first_line: int = 1) -> tuple[Any, list[Problem]]:
    """Parse YAML keeping line numbers; a syntax error becomes a located problem.

    libyaml (through ruamel.yaml's C parser when it is installed) composes the text into nodes
    that carry their positions, which become plain data here: several times faster than the
    round-trip loader, which matters with thousands of records.
    """
    try:
        node = YAML(typ="safe", pure=False).compose(text)
        return (None if node is None else _to_data(node)), []
    except _DuplicateKey as error:
        message = "appears twice in the same mapping; keep one"
        return None, [Problem(source, first_line + error.line, str(error.key), message, Check.YAML)]
    except _RecursiveAlias as error:
        message = "an alias refers to the node that contains it"
        return None, [Problem(source, first_line + error.line, "", message, Check.YAML)]
    except MarkedYAMLError as error:
        mark = error.problem_mark or error.context_mark
        line = first_line + (mark.line if mark else 0)
        context = error.context or ""
        if context and error.context_mark and error.context_mark.line + first_line != line:
            context += f" (started on line {first_line + error.context_mark.line})"
        reason = " ".join(filter(None, [context, error.problem])) or "invalid YAML"
        return None, [Problem(source, line, "", f"YAML syntax error: {reason}", Check.YAML)]
    except YAMLError as error:  # errors without a position, e.g. a bad stream
        return None, [Problem(source, first_line, "", f"YAML error: {error}", Check.YAML)]


def key_line(mapping: YamlMap, key: object, first_line: int) -> int:
    """File line of ``key`` in a mapping loaded by :func:`load_yaml`."""
    return first_line + mapping.key_lines.get(key, mapping.line)


def item_line(sequence: YamlList, index: int, first_line: int) -> int:
    """File line of item ``index`` of a sequence loaded by :func:`load_yaml`."""
    lines = sequence.item_lines
    return first_line + (lines[index] if index < len(lines) else sequence.line)


def read_data_file(path: Path, source: str, problems: list[Problem]) -> str | None:
    """A data file's UTF-8 text; a file that cannot be read becomes a problem named ``source``."""
    try:
        return path.read_text("utf-8")
    except (OSError, UnicodeDecodeError) as error:
        problems.append(Problem(source, 1, "", f"the file cannot be read: {error}", Check.YAML))
        return None
