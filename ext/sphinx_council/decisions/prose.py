"""Raw HTML in a record's prose, found in pure Python.

MyST copies raw HTML into the page as it is, so a record could carry a ``<script>`` into the
published site. Records are data written by anyone who opens a pull request: their prose is
Markdown, and raw HTML is refused (``council_raw_html = True`` allows it for a project that
trusts its authors). The parse is markdown-it's, the parser MyST itself uses, so what counts as
HTML here is what MyST would copy.
"""

from __future__ import annotations

import re
from functools import cache
from typing import TYPE_CHECKING

from ..core.plaintext import shown
from ..core.problems import Check, Problem

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


__all__ = ["raw_html_problems"]
