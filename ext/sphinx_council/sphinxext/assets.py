"""Each concern's stylesheet and script, copied into ``_static/`` and linked only on the pages
that use them.

A page uses a stylesheet when its body carries one of the ``council-`` classes the stylesheet
styles: the rule is read from the stylesheet itself, so a new class needs no list kept here. A
concern's script goes with its stylesheet (it acts on the same elements). A project whose pages
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
_CLASS_ATTRIBUTE = re.compile(r"""\bclass=["']([^"']*)["']""")


@dataclass(frozen=True)
class Asset:
    """A concern's stylesheet and, optionally, its script (file names in :data:`STATIC`)."""

    stylesheet: str
    script: str = ""


@cache
def styled_classes(stylesheet: str) -> frozenset[str]:
    """The ``council-`` classes a bundled stylesheet's selectors name."""
    return frozenset(_STYLED_CLASS.findall((STATIC / stylesheet).read_text(encoding="utf-8")))


def page_classes(body: str) -> set[str]:
    """Every class an HTML fragment's elements carry."""
    return {name for value in _CLASS_ATTRIBUTE.findall(body) for name in value.split()}


def link_asset(app: Sphinx, asset: Asset) -> None:
    """Copy the asset's files into the output's ``_static/`` and link them: on the page being
    written when called from ``html-page-context``, else on every page."""
    for name in filter(None, (asset.stylesheet, asset.script)):
        copy_static(Path(app.outdir), name)
    app.add_css_file(asset.stylesheet)
    if asset.script:
        app.add_js_file(asset.script, loading_method="defer")


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
    """Link each asset on the pages whose body carries a class its stylesheet styles."""

    def link_on_page(
        app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
    ) -> None:
        body = context.get("body")
        if not isinstance(body, str) or app.builder.format != "html":
            return
        used = page_classes(body)
        for asset in assets:
            if used & styled_classes(asset.stylesheet):
                link_asset(app, asset)

    app.connect("html-page-context", link_on_page)
