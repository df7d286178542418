"""An issue written out from its outline: Markdown (Discourse), wrapped plain text (e-mail) and
HTML (the feeds and the e-mail), every link absolute. Pure Python, no Sphinx.

Record and news text is data: HTML is built as an element tree, so the serializer escapes it,
and Markdown escapes every character that would start markup.
"""

from __future__ import annotations

import re
import textwrap
import xml.etree.ElementTree as ET
from collections.abc import Callable
from urllib.parse import quote

from ..core.text import long_date
from .digest import WeeklyDigest
from .events import PackagingEvent
from .outline import IssueAddresses, Item, Link, Part, event_detail, event_link, issue_outline

Address = Callable[[Link], str]
"""The absolute URL a link leads to, or "" for plain text."""

# Characters that start markup inside a line ("&" an entity: "&amp;" in a title is text);
# "#" and "-" only matter at a line's start, and no line here starts with record text.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>&])")


def _md(text: str) -> str:
    """Text that Markdown (CommonMark, Discourse) shows as written, never as markup."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", text)


# What ends a Markdown link's <destination> early, or escapes out of it.
_DESTINATION_BREAKS = re.compile(r"[<>\\\s]")


def _md_link(link: Link, address: Address) -> str:
    url = _DESTINATION_BREAKS.sub(lambda m: quote(m.group()), address(link))
    return f"[{_md(link.text)}](<{url}>)" if url else _md(link.text)


def _md_item(item: Item, address: Address, indent: str = "") -> list[str]:
    when = f"{long_date(item.day)}: " if item.day else ""
    detail = f" {_md(item.detail)}" if item.detail else ""
    lines = [f"{indent}- {when}{_md_link(item.link, address)}.{detail}"]
    for part in item.parts:
        lines += _md_item(part, address, indent + "  ")
    return lines


def digest_markdown(
    digest: WeeklyDigest, issue_url: str, address: Address, addresses: IssueAddresses
) -> str:
    """The issue as Markdown for a Discourse post, with absolute links."""
    lines = [f"# {_md(digest.title)}", "", f"Read it on the web: <{issue_url}>", ""]
    if digest.note:
        lines += [f"> {_md(paragraph)}\n>" for paragraph in digest.note.paragraphs]
        if digest.note.author:
            lines.append(f"> — {_md(digest.note.author)}")
        lines.append("")
    for part in issue_outline(digest, addresses):
        lines += [f"## {part.heading}", ""]
        for label, items in part.groups:
            lines += [f"### {label}", ""] if label else []
            for item in items:
                lines += _md_item(item, address)
            lines.append("")
        if part.prose:
            prose = (p if isinstance(p, str) else _md_link(p, address) for p in part.prose)
            lines += ["".join(prose), ""]
    return "\n".join(lines).rstrip() + "\n"


def digest_text(
    digest: WeeklyDigest,
    issue_url: str,
    address: Address,
    addresses: IssueAddresses,
    width: int = 72,
) -> str:
    """The issue as plain text, wrapped for e-mail; each link on its own line."""
    wrap = textwrap.TextWrapper(width=width, break_long_words=False, break_on_hyphens=False)
    lines = [
        digest.title,
        "=" * min(len(digest.title), width),
        "",
        f"Read it on the web: {issue_url}",
    ]
    if digest.note:
        for paragraph in digest.note.paragraphs:
            lines += ["", *wrap.wrap(paragraph)]
        if digest.note.author:
            lines.append(f"-- {digest.note.author}")
    for part in issue_outline(digest, addresses):
        lines += ["", part.heading, "-" * len(part.heading)]
        for label, items in part.groups:
            lines += ["", f"{label}:"] if label else []
            for item in items:
                lines += _text_item(item, address, width, "")
        if part.prose:
            text = "".join(p if isinstance(p, str) else p.text for p in part.prose)
            lines += ["", *wrap.wrap(text)]
            lines += [f"  {address(p)}" for p in part.prose if isinstance(p, Link) and address(p)]
    return "\n".join(lines) + "\n"


def _text_item(item: Item, address: Address, width: int, indent: str) -> list[str]:
    first = textwrap.TextWrapper(
        width=width, initial_indent=indent, subsequent_indent=indent + "  ", break_long_words=False
    )
    rest = textwrap.TextWrapper(
        width=width,
        initial_indent=indent + "  ",
        subsequent_indent=indent + "  ",
        break_long_words=False,
        break_on_hyphens=False,
    )
    when = f"{long_date(item.day)}: " if item.day else ""
    lines = ["", *first.wrap(f"* {when}{item.link.text}")]
    lines += rest.wrap(item.detail) if item.detail else []
    url = address(item.link)
    lines += [f"{indent}  {url}"] if url else []
    for part in item.parts:
        lines += _text_item(part, address, width, indent + "  ")
    return lines


def digest_html(digest: WeeklyDigest, address: Address, addresses: IssueAddresses) -> str:
    """The issue as an HTML fragment with absolute links, for feed entries and the e-mail."""
    root = ET.Element("div")
    if digest.note:
        quote = ET.SubElement(root, "blockquote", {"class": "editors-note"})
        for paragraph in digest.note.paragraphs:
            ET.SubElement(quote, "p").text = paragraph
        if digest.note.author:
            ET.SubElement(quote, "p", {"class": "attribution"}).text = f"— {digest.note.author}"
    for part in issue_outline(digest, addresses):
        _part_html(root, part, address)
    return ET.tostring(root, encoding="unicode", method="html")


def _part_html(root: ET.Element, part: Part, address: Address) -> None:
    ET.SubElement(root, "h2", id=part.key).text = part.heading
    for label, items in part.groups:
        if label:
            ET.SubElement(root, "h3").text = label
        listing = ET.SubElement(root, "ul")
        for item in items:
            _item_html(ET.SubElement(listing, "li"), item, address)
    if part.prose:
        paragraph = ET.SubElement(root, "p")
        last: ET.Element | None = None
        for piece in part.prose:
            if isinstance(piece, str):
                if last is None:
                    paragraph.text = (paragraph.text or "") + piece
                else:
                    last.tail = (last.tail or "") + piece
            else:
                last = _link_html(paragraph, piece, address)


def _link_html(parent: ET.Element, link: Link, address: Address) -> ET.Element:
    url = address(link)
    element = ET.SubElement(parent, "a", href=url) if url else ET.SubElement(parent, "strong")
    element.text = link.text
    return element


def _item_html(parent: ET.Element, item: Item, address: Address) -> None:
    if item.day:
        parent.text = f"{long_date(item.day)}: "
    title = _link_html(parent, item.link, address)
    title.tail = f". {item.detail}" if item.detail else "."
    if item.parts:
        listing = ET.SubElement(parent, "ul")
        for part in item.parts:
            _item_html(ET.SubElement(listing, "li"), part, address)


def event_html(event: PackagingEvent, address: Address) -> str:
    """One event as an HTML fragment, for entries of the decisions, area and persona feeds:
    the whole item, with its date."""
    root = ET.Element("p")
    root.text = f"{long_date(event.date)}: "
    title = _link_html(root, event_link(event), address)
    detail = event_detail(event)
    title.tail = f". {detail}" if detail else "."
    return ET.tostring(root, encoding="unicode", method="html")
