"""Reading YAML with line numbers, and finding a Markdown file's front matter."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.constructor import DuplicateKeyError, RoundTripConstructor
from ruamel.yaml.error import MarkedYAMLError, YAMLError

from .problems import Check, Problem


class _TextDatesConstructor(RoundTripConstructor):
    """Leaves timestamps as text so the rules can report a bad date instead of crashing."""


_TextDatesConstructor.add_constructor(
    "tag:yaml.org,2002:timestamp", lambda self, node: self.construct_scalar(node)
)


def _new_yaml() -> YAML:
    yaml = YAML(typ="rt", pure=True)
    yaml.Constructor = _TextDatesConstructor
    return yaml


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
    """Parse YAML keeping line numbers; a syntax error becomes a located problem."""
    try:
        return _new_yaml().load(text), []
    except DuplicateKeyError as error:
        line = first_line + (error.problem_mark.line if error.problem_mark else 0)
        key = str(error.problem).split('"')[1] if '"' in str(error.problem) else "a key"
        return None, [
            Problem(source, line, key, "appears twice in the same mapping; keep one", Check.YAML)
        ]
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


def key_line(mapping: CommentedMap, key: str, first_line: int) -> int:
    """File line of ``key`` in a mapping loaded by :func:`load_yaml`."""
    try:
        return first_line + int(mapping.lc.key(key)[0])
    except (AttributeError, KeyError, TypeError):
        return mapping_line(mapping, first_line)


def item_line(sequence: CommentedSeq, index: int, first_line: int) -> int:
    """File line of item ``index`` of a sequence loaded by :func:`load_yaml`."""
    try:
        return first_line + int(sequence.lc.item(index)[0])
    except (AttributeError, KeyError, TypeError, IndexError):
        return mapping_line(sequence, first_line)


def mapping_line(node: object, first_line: int) -> int:
    """File line where a mapping or sequence starts."""
    lc = getattr(node, "lc", None)
    line = getattr(lc, "line", None)
    return first_line + line if isinstance(line, int) else first_line
