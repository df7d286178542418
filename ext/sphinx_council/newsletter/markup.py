"""The little Markdown editors write in news summaries and editor's notes, read once into spans
that every edition renders: HTML (page, feeds, e-mail), plain text (the e-mail's text part)
and Markdown (``council digest``). Pure Python (markdown-it-py, what MyST uses), no Sphinx.

Only inline markup is read: ``*emphasis*``, ``**strong**``, ```code```, ``[text](url)`` and
backslash escapes. Raw HTML is text, and a link whose address is not ``http:`` or ``https:``
(``javascript:``, ``data:``, a relative path) keeps its text and loses its address. Text that is
data, not an editor's Markdown (a record's summary, a date, a source's name), goes through
:func:`escape` first, so it reads the same in every edition.
"""

from __future__ import annotations

import functools
import re
import xml.etree.ElementTree as ET
from collections.abc import Sequence
from dataclasses import dataclass
from urllib.parse import urlsplit

from markdown_it import MarkdownIt
from markdown_it.token import Token

_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&])")
_LINK_SCHEMES = frozenset({"http", "https"})


@dataclass(frozen=True)
class Span:
    """A run of inline text: ``text`` or ``code`` (with ``text``), or ``em``, ``strong`` or
    ``link`` (with ``children``; a link with its ``href``)."""

    kind: str
    text: str = ""
    children: tuple[Span, ...] = ()
    href: str = ""


def escape(text: str) -> str:
    """Text that Markdown shows as written, never as markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


def _parser() -> MarkdownIt:
    parser = MarkdownIt("zero", {"html": False}).enable(
        ["emphasis", "backticks", "link", "escape", "newline"]
    )
    # Every link is parsed, so that a refused address loses its link, not its text.
    parser.validateLink = lambda url: True  # type: ignore[method-assign]
    return parser


_PARSER = _parser()


@functools.lru_cache(maxsize=4096)
def spans(source: str) -> tuple[Span, ...]:
    """The inline spans of one paragraph of Markdown."""
    tokens = _PARSER.parseInline(" ".join(source.split()))
    children = tokens[0].children if tokens and tokens[0].children else []
    found, _ = _spans(children, 0, "")
    return tuple(found)


_OPENS = {"em_open": "em", "strong_open": "strong", "link_open": "link"}


def _spans(tokens: Sequence[Token], start: int, closing: str) -> tuple[list[Span], int]:
    """The spans from ``start`` up to the token closing the span being read."""
    found: list[Span] = []
    index = start
    while index < len(tokens):
        token = tokens[index]
        index += 1
        if token.type == closing:
            break
        if token.type in _OPENS:
            kind = _OPENS[token.type]
            inner, index = _spans(tokens, index, token.type.replace("_open", "_close"))
            href = str(token.attrGet("href") or "")
            if kind == "link" and urlsplit(href).scheme.lower() not in _LINK_SCHEMES:
                found += inner  # an address that is not the web's: its text only
            else:
                found.append(Span(kind, children=tuple(inner), href=href))
        elif token.type == "code_inline":
            found.append(Span("code", token.content))
        elif token.type in ("softbreak", "hardbreak"):
            found.append(Span("text", " "))
        elif token.content:
            found.append(Span("text", token.content))
    return found, index


def plain(source: str) -> str:
    """A paragraph without its markup: for plain-text e-mail, feed summaries and calendars;
    a link's address follows its text."""
    return _plain(spans(source))


def _plain(found: Sequence[Span]) -> str:
    text = ""
    for span in found:
        if span.kind in ("text", "code"):
            text += span.text
        else:
            inner = _plain(span.children)
            text += (
                f"{inner} ({span.href})" if span.kind == "link" and inner != span.href else inner
            )
    return text


def markdown(source: str) -> str:
    """A paragraph written again as Markdown from its spans: the same emphasis, code and links,
    with raw HTML and refused addresses left as escaped text (for Discourse)."""
    return _markdown(spans(source))


def _markdown(found: Sequence[Span]) -> str:
    text = ""
    for span in found:
        if span.kind == "text":
            text += escape(span.text)
        elif span.kind == "code":
            fence = "`" * (max(map(len, re.findall("`+", span.text)), default=0) + 1)
            text += f"{fence} {span.text} {fence}" if "`" in span.text else f"`{span.text}`"
        else:
            inner = _markdown(span.children)
            marks = {"em": "*", "strong": "**"}.get(span.kind, "")
            text += f"[{inner}](<{span.href}>)" if span.kind == "link" else marks + inner + marks
    return text


_TAGS = {"em": "em", "strong": "strong", "code": "code", "link": "a"}


def append_html(parent: ET.Element, source: str) -> None:
    """A paragraph's spans as HTML inside ``parent``, after what it holds; the serializer
    escapes the text."""
    _append(parent, spans(source))


def _append(parent: ET.Element, found: Sequence[Span]) -> None:
    for span in found:
        if span.kind == "text":
            last = parent[-1] if len(parent) else None
            if last is None:
                parent.text = (parent.text or "") + span.text
            else:
                last.tail = (last.tail or "") + span.text
            continue
        element = (
            ET.SubElement(parent, _TAGS[span.kind], href=span.href)
            if span.href
            else (ET.SubElement(parent, _TAGS[span.kind]))
        )
        if span.kind == "code":
            element.text = span.text
        else:
            _append(element, span.children)
