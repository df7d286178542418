"""The record dialect: what a decision record's prose may use, listed once, in pure Python.

A record comes from whoever opens a pull request, yet MyST gives its prose the powers of a
hand-written page: directives that copy a file into the page (``{include}``), read a file or
fetch an address (``{csv-table}`` with ``:file:`` or ``:url:``), pass markup through
(``{raw}``) or hand the text to reStructuredText (``{eval-rst}``); roles that publish a file
(``{download}``); substitutions that run as templates; links and images that reach outside the
site. A record may use Markdown and the directives, options and roles listed here; links go to
``https:``/``http:`` addresses or, by a relative path, to pages beside the record; images are
files stored with the record. Everything else is refused: :mod:`.prose` finds it for
``council check`` and the build, :mod:`.record_parser` shows it as code in the page, and the
guide's ``{decision-prose}`` directive prints these lists for record authors.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from ..core.fields import link_problem
from ..core.plaintext import control_problem, shown
from ..core.problems import Check


@dataclass(frozen=True)
class DirectiveRule:
    """How a record may use one directive."""

    purpose: str
    options: tuple[str, ...]
    # Whether the directive's content is Markdown (checked like the rest of the prose) rather
    # than text shown as it is (code).
    markdown_body: bool = True
    # Whether the directive's argument is an image's path.
    image_path: bool = False


_BOX = ("class", "name")
_IMAGE = ("alt", "align", "width", "height", "scale", "loading", "class", "name", "target")
_TABLE = ("align", "class", "name", "width", "widths")
_CODE = (
    *("caption", "class", "dedent", "emphasize-lines", "force"),
    *("lineno-start", "linenos", "name", "number-lines"),
)
ADMONITIONS = (
    *("note", "tip", "hint", "important", "seealso", "warning", "caution", "attention"),
    *("danger", "error"),
)

DIRECTIVES: dict[str, DirectiveRule] = {
    **{name: DirectiveRule("a boxed note of that kind", _BOX) for name in ADMONITIONS},
    "admonition": DirectiveRule("a boxed note with its own title", _BOX),
    "code-block": DirectiveRule("code, highlighted", _CODE, markdown_body=False),
    "code": DirectiveRule("code, highlighted", _CODE, markdown_body=False),
    "table": DirectiveRule("a Markdown table with a title", _TABLE),
    "list-table": DirectiveRule(
        "a table written as a list of rows", (*_TABLE, "header-rows", "stub-columns")
    ),
    "image": DirectiveRule(
        "an image stored with the record", _IMAGE, markdown_body=False, image_path=True
    ),
    "figure": DirectiveRule(
        "an image stored with the record, with a caption",
        (*_IMAGE, "figclass", "figwidth"),
        image_path=True,
    ),
}
"""Every directive a record may use (by its lowercase name, as docutils looks it up)."""

ROLES: dict[str, str] = {
    "pep": "a PEP, shown with its title and status",
    "decision": "another decision record, by its id",
    "doc": "another page of the site, by its path without .md",
    "ref": "a labelled section",
    "abbr": "an abbreviation with its meaning",
    "kbd": "a key to press",
    "sub": "subscript",
    "sup": "superscript",
}
"""Every role a record may use (by its lowercase name)."""

RULES: dict[str, str] = {
    "Markdown": "Headings, paragraphs, lists, tables, emphasis, quotes, footnotes, inline code "
    "and fenced code blocks (three backticks and the language on a line before the code, three "
    "backticks on the line after), as MyST reads them.",
    "Links": "To an https: or http: address of a public site, to a heading of the page (#name), "
    "or by a relative path to a page or file beside the record; never with '..' or from /. "
    "Link to another page of the site with {doc}, to another record with {decision}.",
    "Images": "Files stored under decisions/ with the record, named by their path from the "
    "record's folder (images/diagram.png); never an address, never with '..' or from /. A "
    "figure's :target: is an https: link.",
    "Refused": "MyST substitutions ({{ ... }}), every other directive, option and role "
    "({include}, {literalinclude}, {csv-table}, {raw}, {eval-rst}, {download}...), raw HTML "
    "and control characters. council check and the build name the file and line, and the "
    "page shows the refused text as code.",
}
"""The rest of the dialect in the words the guide shows authors, beside the lists above."""

# Why the directives and roles people reach for most are refused, and what to write instead.
_REFUSED_DIRECTIVES = {
    "include": ("it copies another file into the page", "write the text in the record"),
    "literalinclude": (
        "it copies another file into the page",
        "paste the lines into a fenced code block",
    ),
    "csv-table": (
        "it can read its rows from a file or fetch them from an address",
        "write a Markdown table or a {list-table}",
    ),
    "raw": ("it copies its content into the page unchecked", "write it in Markdown"),
    "eval-rst": (
        "its content is read as reStructuredText, where every directive is allowed",
        "write it in Markdown",
    ),
}
_REFUSED_ROLES = {
    "download": (
        "it publishes a file from the machine that builds the site",
        "link to the file's https: address",
    ),
    "eval-rst": ("its text is read as reStructuredText", "write it in Markdown"),
}

# A scheme as browsers and MyST find one: letters, then digits, '+', '-' or '.', then ':'.
_SCHEME = re.compile(r"[a-z][a-z0-9+.-]*:", re.IGNORECASE)
# What browsers drop from an address before reading its scheme ("java\tscript:").
_IGNORED_IN_ADDRESS = re.compile(r"[\x00-\x20]")
# An option line's key, as MyST reads ``key: value`` (a column-0 plain or quoted key).
_OPTION = re.compile(r"""("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"].*?)[ \t]*:(?:\s|$)""")
_SHORT = 60

MAX_NESTING = 8
"""How deep directives may nest in a record (a note in a figure in a note...): deeper nesting
is refused rather than followed, so a hostile record cannot exhaust the parser's stack."""


def _short(text: str) -> str:
    """A piece of a record quoted in a message, cut to a readable length."""
    text = shown(text)
    return text if len(text) <= _SHORT else text[: _SHORT - 1] + "…"


def _braced(names: list[str]) -> str:
    return ", ".join(f"{{{name}}}" for name in sorted(names))


def _name_problem(
    kind: str, name: str, allowed: Iterable[str], refused: Mapping[str, tuple[str, str]]
) -> str | None:
    """Why a record may not use the directive or role ``{name}``, or None when it may."""
    key = name.lower()
    allowed = list(allowed)
    if key in allowed:
        return None
    if key in refused:
        why, instead = refused[key]
        return f"{kind} {{{_short(name)}}} is not allowed in a record: {why}; {instead}"
    shown_name = f"{kind} {{{_short(name)}}}"
    return f"{shown_name} is not allowed in a record; a record may use {_braced(allowed)}"


def directive_problem(name: str) -> str | None:
    """Why a record may not use the directive ``{name}``, or None when it may."""
    return _name_problem("directive", name, DIRECTIVES, _REFUSED_DIRECTIVES)


def role_problem(name: str) -> str | None:
    """Why a record may not use the role ``{name}``, or None when it may."""
    return _name_problem("role", name, ROLES, _REFUSED_ROLES)


def substitution_problem(content: str) -> str:
    """The message for a MyST substitution, ``{{ content }}``."""
    return (
        f"substitution {{{{ {_short(content.strip())} }}}} is not allowed in a record: MyST "
        "would run it as a template when the site is built; write the text itself"
    )


def _has_scheme(target: str) -> bool:
    bare = _IGNORED_IN_ADDRESS.sub("", target)
    return bool(_SCHEME.match(bare)) or bare.startswith(("//", "\\\\", "/\\", "\\/"))


def _path_problem(path: str) -> str | None:
    """Why a relative path could reach a file outside the record's folder, or None."""
    if control_problem(path, multiline=False):
        return "it holds a control character"
    if "\\" in path:
        return "it holds a backslash; write the path with /"
    if any(char.isspace() for char in path):
        return "it holds a space; name the file without spaces"
    if path.startswith("/"):
        return "an absolute path leads out of the record's folder"
    if ".." in re.split(r"[/?#]", path):
        return "'..' leads out of the record's folder"
    return None


def link_target_problem(target: str) -> str | None:
    """Why a record may not link to ``target`` (decoded as MyST reads it), or None.

    An address must be an https: (or http:) link to a public site; a relative path may name a
    page or file beside the record, never one outside its folder, which MyST would publish.
    """
    target = target.strip()
    if not target or target.startswith("#"):
        return None
    if _has_scheme(target):
        problem = link_problem(target)
        return f"link {problem}" if problem else None
    if why := _path_problem(target):
        return (
            f"link {_short(target)!r} is not allowed in a record: {why}; link to another page "
            "with {doc}`../page` or to another record with {decision}`PC-0001`"
        )
    return None


def image_problem(source: str) -> str | None:
    """Why a record may not show the image ``source``, or None: an image is a file stored
    under the record's folder, named by a relative path."""
    source = source.strip()
    if not source:
        return None
    if _has_scheme(source):
        why = "an image is a file stored with the record, never an address the build fetches"
    else:
        why = _path_problem(source) or ""
    if not why:
        return None
    return (
        f"image {_short(source)!r} is not allowed in a record: {why}; save the image under "
        "decisions/ and give its path from the record's folder"
    )


@dataclass(frozen=True)
class Option:
    """One directive option, on line ``offset`` of the directive's content (0-based)."""

    offset: int
    key: str
    value: str


@dataclass(frozen=True)
class Directive:
    """A fenced directive as MyST reads it: name, argument, options, then the body."""

    name: str
    argument: str
    options: tuple[Option, ...]
    body: str
    body_offset: int  # the body's first line within the content (0-based)


def read_directive(name: str, argument: str, content: str) -> Directive:
    """Split a directive's content into options and body, as MyST does.

    Options are read from a ``---`` block or from leading ``:key: value`` lines. A line that
    MyST could read as a key counts as one here, so what cannot be told apart is refused
    rather than passed.
    """
    lines = content.splitlines()  # as MyST splits, on every Unicode line break
    if content.startswith("---"):
        end = next((i for i, line in enumerate(lines[1:], 1) if line.startswith("---")), None)
        found = _options(textwrap.dedent("\n".join(lines[1:end])).split("\n"), first=1)
        if end is None:
            return Directive(name, argument, tuple(found), "", len(lines))
        # Text after the closing dashes is the body's first line, as in MyST.
        rest = lines[end].lstrip("-").removeprefix(" ")
        body = [rest, *lines[end + 1 :]] if rest else lines[end + 1 :]
        return Directive(name, argument, tuple(found), "\n".join(body), end + (not rest))
    block = []
    for line in lines:
        stripped = line.lstrip()
        if not stripped.startswith(":") or stripped.startswith(":::"):
            break
        block.append(stripped[1:])
    found = _options(block, first=0)
    return Directive(name, argument, tuple(found), "\n".join(lines[len(block) :]), len(block))


def _options(block: list[str], first: int) -> list[Option]:
    found: list[Option] = []
    for index, line in enumerate(block):
        match = _OPTION.match(line)
        if match:
            key = match[1]
            if key[:1] in "\"'" and len(key) > 1:
                key = key[1:-1]  # a quoted key with an escape stays unknown, so it is refused
            found.append(Option(first + index, key, line[match.end() :].strip()))
        elif found and line[:1].isspace():
            last = found[-1]  # a continuation of the value above
            found[-1] = Option(last.offset, last.key, f"{last.value}\n{line.strip()}".strip())
    return found


def directive_head_problems(directive: Directive) -> list[tuple[int, str, Check]]:
    """What the directive's name, argument and options break, each with its line within the
    content (-1: the opening line). Its body is not looked at."""
    refused = directive_problem(directive.name)
    if refused:
        return [(-1, refused, Check.PROSE)]
    rule = DIRECTIVES[directive.name.lower()]
    found: list[tuple[int, str, Check]] = []
    if rule.image_path and (problem := image_problem(directive.argument)):
        found.append((-1, problem, Check.PROSE))
    for option in directive.options:
        if option.key not in rule.options:
            allowed = ", ".join(f":{key}:" for key in rule.options)
            message = (
                f"option :{_short(option.key)}: of {{{directive.name}}} is not allowed in a "
                f"record; {{{directive.name}}} takes {allowed}"
            )
            found.append((option.offset, message, Check.PROSE))
        elif option.key == "target" and (problem := link_problem(option.value)):
            message = f"option :target: of {{{directive.name}}}: {problem}"
            found.append((option.offset, message, Check.LINK))
    return found


__all__ = [
    "ADMONITIONS",
    "DIRECTIVES",
    "MAX_NESTING",
    "ROLES",
    "RULES",
    "Directive",
    "DirectiveRule",
    "Option",
    "directive_head_problems",
    "directive_problem",
    "image_problem",
    "link_target_problem",
    "read_directive",
    "role_problem",
    "substitution_problem",
]
