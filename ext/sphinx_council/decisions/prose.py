"""What a record's prose breaks of the record dialect, found in pure Python.

Records are data written by anyone who opens a pull request. Their prose keeps to the dialect
of :mod:`.dialect` (:func:`prose_problems`): no substitution, no directive, option or role off
its lists, links to https: addresses or beside the record, images stored with it, no control
character. MyST copies raw HTML into the page as it is, so a record could also carry a
``<script>`` into the published site: raw HTML is refused too (:func:`raw_html_problems`),
unless ``council_raw_html = True`` says the project trusts its authors. The parse is
markdown-it's with MyST's plugins, the parser MyST itself uses, so what is found here is what
MyST would render; the build renders what is refused as code (:mod:`.record_parser`).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

from ..core.plaintext import control_problem, shown
from ..core.problems import Check, Problem
from .dialect import (
    DIRECTIVES,
    MAX_NESTING,
    ROLES,
    Directive,
    directive_head_problems,
    image_problem,
    link_target_problem,
    read_directive,
    role_problem,
    substitution_problem,
)

if TYPE_CHECKING:
    from markdown_it import MarkdownIt
    from markdown_it.token import Token

_TAG = re.compile(r"</?\s*([A-Za-z][\w:-]*)")


@cache
def _parser() -> MarkdownIt:
    # Imported on the first prose with a "<" in it: most records have none, and ``council
    # check`` starts faster without it.
    from markdown_it import MarkdownIt  # noqa: PLC0415

    return MarkdownIt("commonmark")


def _tag(html: str) -> str:
    """``<script>`` for ``<script src=x>...``; ``<!-- -->`` for a comment."""
    if html.lstrip().startswith("<!--"):
        return "<!-- -->"
    match = _TAG.search(html)
    return f"<{match[1].lower()}>" if match else "HTML"


def _inline_lines(token: Token, first: int) -> list[tuple[int, str]]:
    line, found = first, []
    for child in token.children or []:
        if child.type in ("softbreak", "hardbreak"):
            line += 1
        elif child.type == "html_inline":
            found.append((line, child.content))
    return found


def raw_html_problems(source: str, text: str) -> list[Problem]:
    """Each piece of raw HTML in ``text`` (a record's prose, front matter blanked so lines
    stay the file's), at its file line."""
    if "<" not in text:  # every kind of raw HTML (tag, comment, declaration) opens with "<"
        return []
    found: list[tuple[int, str]] = []
    for token in _parser().parse(text):
        if token.map is None:
            continue
        if token.type == "html_block":
            found.append((token.map[0] + 1, token.content))
        elif token.type == "inline":
            found += _inline_lines(token, token.map[0] + 1)
    return [
        Problem(
            source,
            line,
            "",
            f"raw HTML ({shown(_tag(html))}) in the prose would be copied into the page as it "
            "is; write it in Markdown, or allow raw HTML with council_raw_html = True in conf.py",
            Check.HTML,
        )
        for line, html in found
    ]


# Every construct the dialect judges needs one of these: a substitution, a fence, a link's
# destination, an autolink, or a role (which is checked by name before anything is parsed).
_MARKUP = re.compile(r"\{\{|```|~~~|:::|\]\(|\]:|<|\{([a-zA-Z0-9_\-+:]+)\}`")


def _may_break_dialect(text: str) -> bool:
    """Whether the prose holds anything the dialect judges: most records cite PEPs and
    decisions and nothing else, and ``council check`` skips parsing them."""
    return any(
        match[1] is None or match[1].lower() not in ROLES for match in _MARKUP.finditer(text)
    )


def _any_link(url: str) -> bool:
    return True


@cache
def _dialect_parser() -> MarkdownIt:
    """markdown-it with the plugins MyST uses for the site's syntax (colon fences included)."""
    from markdown_it import MarkdownIt  # noqa: PLC0415
    from markdown_it.rules_block import make_fence_rule  # noqa: PLC0415
    from mdit_py_plugins.attrs import attrs_block_plugin, attrs_plugin  # noqa: PLC0415
    from mdit_py_plugins.deflist import deflist_plugin  # noqa: PLC0415
    from mdit_py_plugins.field_list import fieldlist_plugin  # noqa: PLC0415
    from mdit_py_plugins.footnote import footnote_plugin  # noqa: PLC0415
    from mdit_py_plugins.myst_blocks import myst_block_plugin  # noqa: PLC0415
    from mdit_py_plugins.myst_role import myst_role_plugin  # noqa: PLC0415
    from mdit_py_plugins.substitution import substitution_plugin  # noqa: PLC0415

    md = MarkdownIt("commonmark").enable("table")
    md.use(myst_block_plugin).use(myst_role_plugin)
    md.use(footnote_plugin, inline=False, move_to_end=False, always_match_refs=True)
    colon_fence = make_fence_rule(markers=(":",), token_type="colon_fence")
    alt = ["paragraph", "reference", "blockquote", "list", "footnote_def"]
    md.block.ruler.before("fence", "colon_fence", colon_fence, {"alt": alt})
    md.use(deflist_plugin).use(fieldlist_plugin).use(substitution_plugin)
    after = ("image", "code_inline", "link_close", "span_close")
    md.use(attrs_plugin, after=after, spans=True, span_after="footnote_ref")
    md.use(attrs_block_plugin)
    # markdown-it leaves a javascript: link as text; here every destination becomes a link,
    # so that it is reported rather than passed over.
    md.validateLink = _any_link  # type: ignore[method-assign]
    return md


class _Walk:
    """Collects (line, message, check) for everything in the prose the dialect refuses."""

    def __init__(self) -> None:
        self.found: list[tuple[int, str, Check]] = []
        self.defined: set[str] = set()  # link targets already reported where they are defined
        self.depth = 0

    def report(self, line: int, message: str, check: Check = Check.PROSE) -> None:
        self.found.append((line, message, check))

    def characters(self, text: str) -> None:
        for number, line in enumerate(text.split("\n"), 1):
            line = line.removesuffix("\r")  # noqa: PLW2901 - a CRLF file's line end
            if not line.isprintable() and (problem := control_problem(line, multiline=False)):
                self.report(number, f"the prose {problem}")

    def block(self, text: str, first: int) -> None:
        """Check Markdown ``text`` whose first line is the file's line ``first + 1``."""
        if not text.strip():
            return
        if self.depth >= MAX_NESTING:
            self.report(
                first + 1,
                f"the prose nests directives and ::: blocks more than {MAX_NESTING} levels "
                "deep; write it flatter",
            )
            return
        self.depth += 1
        env: dict[str, Any] = {}
        tokens = _dialect_parser().parse("\n" * first + text, env)
        self.references(env.get("references", {}))
        line = first + 1
        for token in tokens:
            line = token.map[0] + 1 if token.map else line
            if token.type in ("fence", "colon_fence"):
                self.fence(token, line)
            elif token.type == "substitution_block":
                self.report(line, substitution_problem(token.content))
            elif token.type == "inline" and token.children:
                self.inline(token.children, line)
        self.depth -= 1

    def references(self, references: dict[str, dict[str, Any]]) -> None:
        for reference in references.values():
            target = _dialect_parser().normalizeLinkText(str(reference.get("href", "")))
            if problem := link_target_problem(target):
                self.defined.add(target)
                self.report(int(reference.get("map", [0])[0]) + 1, problem, Check.LINK)

    def fence(self, token: Token, line: int) -> None:
        name, argument = (*token.info.split(maxsplit=1), "", "")[:2]  # as MyST splits it
        if len(name) > 1 and name[0] == "{" and name[-1] == "}":
            self.directive(read_directive(name[1:-1], argument, token.content), line)
        elif token.type == "colon_fence":  # a plain ":::" block: Markdown inside a <div>
            self.block(token.content, line)

    def directive(self, directive: Directive, line: int) -> None:
        """A directive opening on ``line``: its own problems, then the Markdown it holds."""
        problems = directive_head_problems(directive)
        for offset, message, check in problems:
            self.report(line + 1 + offset, message, check)
        rule = DIRECTIVES.get(directive.name.lower())
        if rule is None:
            return  # shown as code: nothing in it is rendered
        self.block(directive.argument, line - 1)
        for option in directive.options:
            if option.key in rule.options and option.key != "target":
                self.block(option.value, line + option.offset)
        if rule.markdown_body:
            self.block(directive.body, line + directive.body_offset)

    def inline(self, children: Sequence[Token], line: int) -> None:
        for child in children:
            if child.type in ("softbreak", "hardbreak"):
                line += 1
            elif child.type == "myst_role" and (problem := role_problem(child.meta["name"])):
                self.report(line, problem)
            elif child.type == "substitution_inline":
                self.report(line, substitution_problem(child.content))
            elif child.type == "link_open":
                self.link(str(child.attrs.get("href", "")), line)
            elif child.type == "image":
                source = _dialect_parser().normalizeLinkText(str(child.attrs.get("src", "")))
                if problem := image_problem(source):
                    self.report(line, problem)

    def link(self, href: str, line: int) -> None:
        target = _dialect_parser().normalizeLinkText(href)
        if target not in self.defined and (problem := link_target_problem(target)):
            self.report(line, problem, Check.LINK)


def prose_problems(source: str, text: str) -> list[Problem]:
    """Everything in ``text`` (a record's prose, front matter blanked so lines stay the
    file's) that the record dialect refuses, at its file line."""
    walk = _Walk()
    walk.characters(text)
    if _may_break_dialect(text):
        walk.block(text, 0)
    return [Problem(source, line, "", message, check) for line, message, check in walk.found]


__all__ = ["prose_problems", "raw_html_problems"]
