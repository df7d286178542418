"""A light first visit on a phone: one style sheet, no web font for the theme's icons, nothing
else that holds up the first render.

* One style sheet for every page, ``_static/styles/council-site.css``: Sphinx's ``basic.css``
  (which the theme's ``theme.css`` would ``@import``, a second round trip), the theme's own,
  the code colours, sphinx-design's and the site's ``site.css``, written when the build
  finishes (the theme writes its code colours then too). ``_templates/static/webpack-macros.html``
  links it in place of the theme's two. The concerns' small style sheets are written into the
  pages that use them (the extension does that).
* The theme's icons are drawn by the style sheet from small SVG shapes of our own instead of
  Font Awesome's script (22 KB) and its web fonts (225 KB for two fonts). The theme's style
  sheet names the glyph of each of Font Awesome's 2,000 icons (19 KB of its 65 KB over the
  wire); the site's sheet leaves those names out, so an icon the list below does not draw
  would show nothing: a page or header icon link that carries one is a build warning that
  says where to add its shape.
* Every script waits for the page (``defer``); Sphinx's one-line settings scripts become
  modules, which run in order after the deferred scripts they set. sphinx-design's tab script
  only on pages with tabs. With the Pagefind search, no script of Sphinx's own search: its
  ``doctools.js`` (keyboard navigation, off here, and translations for the search) and
  ``sphinx_highlight.js`` (marks the words of a Sphinx search result's ``?highlight=``).
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path
from typing import TYPE_CHECKING, Any
from urllib.parse import quote

import pygments
import sphinx
from sphinx.util import logging

if TYPE_CHECKING:
    from sphinx.application import Sphinx

logger = logging.getLogger(__name__)

SITE_CSS = "styles/council-site.css"
# In the order the theme's pages linked them: later rules win.
BUNDLED = ("basic.css", "styles/pydata-sphinx-theme.css", "pygments.css", "sphinx-design.min.css")
FOLDED_IN = {"pygments.css", "sphinx-design.min.css", "site.css"}
TABS_SCRIPT = "design-tabs.js"
SPHINX_SEARCH_SCRIPTS = ("doctools.js", "sphinx_highlight.js")
_RELATIVE_URL = re.compile(r"""url\((['"]?)(?!data:|[a-z]+://|/|#)""")
# Font Awesome's rules that name an icon's glyph: .fa-house{--fa:"\f015"}, with its aliases.
_GLYPH_NAME = re.compile(r"\.fa-[a-z0-9-]+(?:,\.fa-[a-z0-9-]+)*\{--fa:[^}]*\}")
# An element drawn as an icon: its style class, then the icon's name among its classes.
_ICON_CLASSES = re.compile(r'class="([^"]*\b(?:fa-solid|fa-regular|fa-brands|fas|far|fab)\b[^"]*)"')
# Font Awesome's classes that size, turn or animate an icon rather than name one.
_NOT_ICONS = re.compile(
    r"fa-(?:solid|regular|brands|classic|[0-9]*x[sl]?|lg|sm|fw|spin|pulse|beat|fade|bounce|"
    r"shake|flip.*|rotate.*|border|inverse|pull-.*|stack.*|li|ul|sr-only)"
)

# Each icon the theme's header, breadcrumbs, page table of contents, edit link and back-to-top
# button show: (view box width, SVG drawing on a 16-high box, stroked with currentColor).
_LINE = 'fill="none" stroke="#000" stroke-width="1.6" stroke-linecap="round"'
ICONS = {
    "magnifying-glass": (
        16,
        f'<circle cx="6.5" cy="6.5" r="4.7" {_LINE}/><path d="M10 10l4.6 4.6" {_LINE}/>',
    ),
    "bars": (14, f'<path d="M1 3.5h12M1 8h12M1 12.5h12" {_LINE}/>'),
    "sun": (
        16,
        f'<circle cx="8" cy="8" r="3.2"/><path d="M8 .8v2M8 13.2v2M.8 8h2M13.2 8h2M2.9 2.9l1.4 1.4'
        f'M11.7 11.7l1.4 1.4M2.9 13.1l1.4-1.4M11.7 4.3l1.4-1.4" {_LINE}/>',
    ),
    "moon": (16, '<path d="M10.5 1.2A7 7 0 1 0 14.8 11 5.6 5.6 0 0 1 10.5 1.2z"/>'),
    "circle-half-stroke": (
        16,
        f'<circle cx="8" cy="8" r="6.4" {_LINE}/><path d="M8 1.6a6.4 6.4 0 0 1 0 12.8z"/>',
    ),
    "square-github": (
        16,
        '<path fill-rule="evenodd" d="M3 1h10a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2V3'
        "a2 2 0 0 1 2-2zm3.2 4.2L3.6 8l2.6 2.8 1-1L5.6 8l1.6-1.8zm3.6 0l-1 1L10.4 8 8.8 9.8"
        'l1 1L12.4 8z"/>',
    ),
    "house": (16, '<path d="M8 1.5L.8 8h2.2v6.5h4v-4h2v4h4V8h2.2z"/>'),
    "list": (16, f'<path d="M5 3.5h10M5 8h10M5 12.5h10M1.2 3.5h.6M1.2 8h.6M1.2 12.5h.6" {_LINE}/>'),
    "outdent": (
        16,
        f'<path d="M1 2.5h14M7 6.2h8M7 9.8h8M1 13.5h14" {_LINE}/><path d="M5 5v6L1.5 8z"/>',
    ),
    "pencil": (16, '<path d="M11.3 1.3l3.4 3.4-9 9L1 15l1.3-4.7zM10 3.9l2.1 2.1"/>'),
    "arrow-up": (12, f'<path d="M6 14.5V2M1.5 6.5L6 2l4.5 4.5" {_LINE}/>'),
}


def icon_rule(name: str, width: int, drawing: str) -> str:
    """The CSS that draws one icon from its SVG shape, in the text colour, with no font."""
    svg = f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} 16">{drawing}</svg>'
    source = 'url("data:image/svg+xml,' + quote(svg, safe=" =:/'") + '")'
    # The icon's own font, even with no glyph drawn, would still be fetched for the line's
    # height: the element takes its parent's.
    return (
        f".fa-{name}.fa-{name},.fa-{name}.fa-{name}::before{{font-family:inherit}}"
        f'.fa-{name}::before{{content:"";display:inline-block;width:{width / 16:.3g}em;'
        f"height:1em;vertical-align:-.125em;background-color:currentColor;"
        f"-webkit-mask:{source} center/contain no-repeat;mask:{source} center/contain no-repeat}}"
    )


# The breadcrumbs' separator is a Font Awesome glyph too: the same angle, as text.
BREADCRUMB_RULE = (
    "ul.bd-breadcrumbs li.breadcrumb-item:not(.breadcrumb-home)::before"
    '{content:"\\203A";font:inherit;font-size:1rem}'
)


def icons_css() -> str:
    rules = [icon_rule(name, *shape) for name, shape in ICONS.items()]
    return "\n".join([*rules, BREADCRUMB_RULE]) + "\n"


def bundle_digest(app: Sphinx) -> str:
    """A fingerprint of what goes into the site's style sheet, known before it is written, for
    its address (a changed sheet gets a new address, so no stale copy is used)."""
    digest = hashlib.sha256(Path(__file__).read_bytes())  # how the sheet is put together
    digest.update(f"{sphinx.__version__} {pygments.__version__}".encode())
    for folder in _static_folders(app):
        for name in (*BUNDLED, "site.css"):
            if (folder / name).is_file():
                digest.update((folder / name).read_bytes())
    return digest.hexdigest()[:16]


def _static_folders(app: Sphinx) -> list[Path]:
    theme = getattr(app.builder, "theme", None)
    folders = [Path(app.confdir, path) for path in app.config.html_static_path]
    if theme is not None:
        folders += [Path(path) / "static" for path in theme.get_theme_dirs()]
    return folders


# The builders whose pages use the theme's head (an e-book has a theme of its own).
WEB_BUILDERS = ("html", "dirhtml")


def remember_digest(app: Sphinx) -> None:
    if app.builder.name in WEB_BUILDERS:
        app.builder.council_site_css_digest = bundle_digest(app)  # type: ignore[attr-defined]


def lighten_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Link the one style sheet in place of those folded into it; defer every script."""
    if app.builder.name not in WEB_BUILDERS:
        return
    digest = getattr(app.builder, "council_site_css_digest", "")
    context["council_site_css"] = f"_static/{SITE_CSS}?v={digest}"
    context["css_files"] = [
        css
        for css in context.get("css_files", [])
        if str(getattr(css, "filename", "")).rsplit("/", 1)[-1] not in FOLDED_IN
    ]
    body = context.get("body") if isinstance(context.get("body"), str) else ""
    context["script_files"] = page_scripts(app, context.get("script_files", []), str(body))
    shown = icons_named(str(body))
    if pagename == app.config.root_doc:  # the header's icon links are on every page
        links = context.get("theme_icon_links") or []
        shown |= icons_named(" ".join(f'class="{link.get("icon", "")}"' for link in links))
    for name in sorted(shown - ICONS.keys()):
        logger.warning(
            "the page shows the icon fa-%s, which the site's style sheet does not draw (it "
            "leaves out Font Awesome's glyph names): add its shape to ICONS in "
            "docs/_ext/light_pages.py",
            name,
            location=pagename,
        )


def page_scripts(app: Sphinx, scripts: list[Any], body: str) -> list[Any]:
    """The page's scripts, deferred, without those it does not use. With Sphinx's own search
    (the live preview) they stay as they are: the theme loads that search with scripts in the
    head that need Sphinx's at once."""
    pagefind = bool(getattr(app.config, "council_search", False))
    kept = []
    for script in scripts:
        name = str(getattr(script, "filename", "") or "")
        attributes = getattr(script, "attributes", None)
        if name.endswith(TABS_SCRIPT) and "sd-tab-set" not in body:
            continue
        if name.endswith(SPHINX_SEARCH_SCRIPTS) and pagefind:
            continue
        if isinstance(attributes, dict) and pagefind:
            if attributes.get("body"):
                attributes.setdefault("type", "module")
            elif name and not {"async", "defer", "type"} & attributes.keys():
                attributes["defer"] = "defer"
        kept.append(script)
    return kept


def icons_named(html: str) -> set[str]:
    """The Font Awesome icons the elements of an HTML fragment show, by name."""
    return {
        token.removeprefix("fa-")
        for classes in _ICON_CLASSES.findall(html)
        for token in classes.split()
        if token.startswith("fa-") and not _NOT_ICONS.fullmatch(token)
    }


def write_site_css(app: Sphinx, exception: BaseException | None) -> None:
    """Write the one style sheet from the files the build put in ``_static``."""
    if exception is not None or app.builder.name not in WEB_BUILDERS:
        return
    static = Path(app.outdir) / "_static"
    parts = []
    for name in (*BUNDLED, "site.css"):
        text = (static / name).read_text(encoding="utf-8") if (static / name).is_file() else ""
        if name == "styles/pydata-sphinx-theme.css":
            text = _GLYPH_NAME.sub("", text)
        if name == "basic.css" or "/" not in name:
            # Files beside _static/ whose url()s are relative to it: the sheet is in styles/.
            text = _RELATIVE_URL.sub(r"url(\1../", text)
        parts.append(f"/* {name} */\n{text.strip()}\n")
    parts.append("/* the theme's icons, drawn without a web font */\n" + icons_css())
    target = static / SITE_CSS
    content = "".join(parts)
    if not target.is_file() or target.read_text(encoding="utf-8") != content:
        target.write_text(content, encoding="utf-8")


def setup(app: Sphinx) -> dict[str, Any]:
    app.connect("builder-inited", remember_digest)
    # After the extensions that add scripts and style sheets to the page (priority 500).
    app.connect("html-page-context", lighten_page, priority=900)
    # After the theme writes the code colours into pygments.css (priority 500).
    app.connect("build-finished", write_site_css, priority=900)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
