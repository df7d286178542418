"""Each concern's stylesheet and script, copied into ``_static/`` and linked only on the pages
that use them.

A concern's stylesheet is written into the page's head as a ``<style>`` element rather than
linked: it is a few kilobytes, and a linked one would be one more request the browser must
finish before it shows the page (a phone's first visit pays for each).

A page uses a stylesheet when its body carries the ``council-`` classes one of the stylesheet's
selectors names (all of them, for ``.council-pathway .council-tick``): read from the stylesheet
itself, so a new class needs no list kept here. A
concern's script is linked where the elements it acts on are. A project whose pages
hold nothing of a concern gets neither file in ``_static/`` nor a ``<link>`` to it.

The file is copied when the first page that uses it is written, before the page is rendered, so
Sphinx finds it to stamp the link with its checksum. Pages are written in parallel processes
with ``-j``, so nothing is remembered between pages: each copy is checked against the file and
written whole (a temporary file renamed over it).
"""

from __future__ import annotations

import os
import re
import tempfile
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from sphinx.application import Sphinx

# The stylesheets and scripts of every council extension.
STATIC = Path(__file__).parent.parent / "static"
STATIC_FOLDER = "_static"

_STYLED_CLASS = re.compile(r"\.(council-[A-Za-z0-9_-]+)")
_COMMENT = re.compile(r"/\*.*?\*/", re.DOTALL)
# What precedes a "{": a rule's selectors, or an at-rule such as @media.
_RULE_PRELUDE = re.compile(r"([^{}]+)\{")
# The attribute that marks a stylesheet to write into the head rather than link.
INLINE = "data-council-inline"
_CLASS_ATTRIBUTE = re.compile(r"""\bclass=["']([^"']*)["']""")


@dataclass(frozen=True)
class Asset:
    """A concern's stylesheet and, optionally, its script (file names in :data:`STATIC`), which
    a page gets when it carries a class starting with one of ``script_for``: the elements the
    script acts on."""

    stylesheet: str
    script: str = ""
    script_for: tuple[str, ...] = ()


@cache
def _rules(stylesheet: str) -> str:
    """A bundled stylesheet's text without its comments (read once per process)."""
    return _COMMENT.sub("", (STATIC / stylesheet).read_text(encoding="utf-8"))


@cache
def styled_classes(stylesheet: str) -> frozenset[frozenset[str]]:
    """For each selector of a bundled stylesheet that names ``council-`` classes, those classes:
    a page that carries all of one selector's is styled by the stylesheet."""
    text = _rules(stylesheet)
    return frozenset(
        classes
        for prelude in _RULE_PRELUDE.findall(text)
        if not prelude.lstrip().startswith("@")  # @media and the like hold rules, not selectors
        for selector in prelude.split(",")
        if (classes := frozenset(_STYLED_CLASS.findall(selector)))
    )


def uses(page: set[str], stylesheet: str) -> bool:
    """Whether a page carrying these classes is styled by the bundled ``stylesheet``."""
    return any(classes <= page for classes in styled_classes(stylesheet))


def page_classes(body: str) -> set[str]:
    """Every class an HTML fragment's elements carry."""
    return {name for value in _CLASS_ATTRIBUTE.findall(body) for name in value.split()}


def link_asset(app: Sphinx, asset: Asset, *, script: bool = True) -> None:
    """Copy the asset's files into the output's ``_static/`` and link them (the script only
    with ``script``): on the page being written when called from ``html-page-context``, else
    on every page."""
    _copy_once(app, asset.stylesheet)
    app.add_css_file(asset.stylesheet, priority=500, **{INLINE: "1"})
    if asset.script and script:
        link_script(app, asset.script)


def link_script(app: Sphinx, name: str) -> None:
    """Copy a bundled script into ``_static/`` and link it, deferred, as :func:`link_asset`
    does (scripts keep their order: the page's own come after those of every page)."""
    _copy_once(app, name)
    app.add_js_file(name, loading_method="defer")


def _copy_once(app: Sphinx, name: str) -> None:
    """:func:`copy_static` once per build, not once per page that links the file."""
    copied: set[str] = app.builder.__dict__.setdefault("council_copied_static", set())
    if name not in copied:
        copy_static(Path(app.outdir), name)
        copied.add(name)


def copy_static(outdir: Path, name: str) -> None:
    """Put the bundled file ``name`` in ``outdir/_static``, unless it is there already."""
    content = (STATIC / name).read_bytes()
    target = outdir / STATIC_FOLDER / name
    if target.is_file() and target.read_bytes() == content:
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, scratch = tempfile.mkstemp(dir=target.parent, prefix=f".{name}-")
    with os.fdopen(handle, "wb") as out:
        out.write(content)
    Path(scratch).replace(target)


def link_where_used(app: Sphinx, *assets: Asset) -> None:
    """Link each asset's stylesheet on the pages whose body it styles, and its script on those
    that also carry an element the script acts on."""

    def link_on_page(
        app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
    ) -> None:
        body = context.get("body")
        if not isinstance(body, str) or app.builder.format != "html":
            return
        carried = page_classes(body)
        for asset in assets:
            if uses(carried, asset.stylesheet):
                acted_on = any(name.startswith(asset.script_for) for name in carried)
                link_asset(app, asset, script=acted_on)

    app.connect("html-page-context", link_on_page)
    app.connect("html-page-context", inline_marked)


def inline_marked(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Write the page's marked stylesheets (:data:`INLINE`) as ``<style>`` elements where their
    ``<link>`` would be, so the cascade is the same."""
    css_tag = context.get("css_tag")
    if not callable(css_tag) or getattr(css_tag, "council_inline", False):
        return

    def tag(css: Any) -> str:
        attributes = getattr(css, "attributes", {})
        # Sphinx names the page's stylesheets by their place in the output: _static/NAME.
        name = Path(str(getattr(css, "filename", ""))).name
        if attributes.get(INLINE) and (STATIC / name).is_file():
            return f'<style data-council-stylesheet="{name}">{inline_text(name)}</style>'
        return str(css_tag(css))

    tag.council_inline = True  # type: ignore[attr-defined]
    context["css_tag"] = tag


@cache
def inline_text(stylesheet: str) -> str:
    """A bundled stylesheet as written into a page: without comments and indentation."""
    return "\n".join(line.strip() for line in _rules(stylesheet).splitlines() if line.strip())
