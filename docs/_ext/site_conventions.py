"""This site's own wiring of the web's conventions: "edit this page" links that open the real
file, link previews that show a page's own description, on generated pages too, and the
``{repository}`` role that links into the repository from its one address in conf.py.

sphinxext-opengraph writes the Open Graph tags of pages read from sources; pages the council
extensions generate (PEP, area, year and weekly-issue pages) have no doctree, so they get the
same tags here.
"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import urljoin

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from sphinx_council.decisions.domain import council_domain
from sphinx_council.sphinxext.config import config_warning

# Pages that are not content: no preview, no sitemap entry.
NOT_CONTENT = ("404", "search", "genindex")
PREVIEW_LENGTH = 200


def edit_link_to_real_file(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Point "edit this page" at the file in the repository, not at the docs/ link to it.

    Records and pathways are reached through docs/decisions and docs/pathways, which link to
    folders outside docs/; GitHub cannot edit a file through such a link.
    """
    if pagename not in app.env.found_docs:
        return  # a generated page has no source to edit; the theme shows no link
    source = Path(app.env.doc2path(pagename)).resolve()
    in_repository = source.relative_to(Path(app.confdir).resolve().parent).as_posix()
    # The theme writes doc_path/pagename+suffix; the path before that tail is the folder.
    context["doc_path"] = in_repository.removesuffix(pagename + source.suffix).rstrip("/")


def preview_from_description(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """Link previews show the page's own description: its ``<meta name="description">``, else
    a decision record's summary. sphinxext-opengraph would otherwise take the first words of
    the page, which on a record are its metadata panel."""
    found = re.search(r'<meta[^>]*name="description"[^>]*>', context.get("metatags", ""))
    content = re.search(r'content="([^"]*)"', found.group()) if found else None
    if content:
        description = html.unescape(content.group(1))
    else:
        record = council_domain(app.env).record_for(pagename)
        description = record.summary if record else ""
    if description:
        # Escaped here: sphinxext-opengraph escapes only quotes, and record text is data.
        preview = html.escape(description, quote=False)
        # A copy: context["meta"] is the environment's own metadata of the page.
        context["meta"] = {**(context.get("meta") or {}), "og:description": preview}


def preview_generated_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The Open Graph tags sphinxext-opengraph writes, for a page without a doctree."""
    if doctree is not None or pagename in NOT_CONTENT or "body" not in context:
        return
    title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title", "")))
    # The page's own summary where its generator gives one (a weekly issue's), else its
    # first paragraph.
    first = re.search(r"<p[^>]*>(.*?)</p>", context["body"], re.S)
    text = context.get("description") or (
        html.unescape(re.sub(r"<[^>]+>", "", first.group(1))) if first else ""
    )
    text = " ".join(str(text).split())
    if len(text) > PREVIEW_LENGTH:
        text = text[:PREVIEW_LENGTH].rsplit(" ", 1)[0] + "…"
    tags = {
        "og:title": title,
        "og:type": app.config.ogp_type,
        "og:url": urljoin(app.config.ogp_site_url, app.builder.get_target_uri(pagename)),
        "og:site_name": app.config.project,
        "og:description": text,
    }
    lines = [
        f'<meta property="{key}" content="{html.escape(value)}" />'
        for key, value in tags.items()
        if value
    ]
    if text:
        lines.insert(0, f'<meta name="description" content="{html.escape(text)}" />')
    context["metatags"] = "\n".join(
        [context.get("metatags", ""), *lines, *app.config.ogp_custom_meta_tags, ""]
    )


def title_once(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: Any
) -> None:
    """The home page is titled as the site, and the theme adds the site's name to every
    title: the browser's tab would read "Council — Council". It reads "Home — Council"."""
    title = html.unescape(re.sub(r"<[^>]+>", "", context.get("title", ""))).strip()
    if pagename == app.config.root_doc and title == str(context.get("docstitle", "")).strip():
        context["title"] = "Home"


def sort_sitemap(app: Sphinx, exception: Exception | None) -> None:
    """Put the sitemap's addresses in order: sphinx-sitemap lists them as pages are written,
    which a parallel (-j) build does in no fixed order."""
    path = Path(app.outdir, app.config.sitemap_filename)
    if exception is not None or not path.exists():
        return
    namespace = "http://www.sitemaps.org/schemas/sitemap/0.9"
    ET.register_namespace("", namespace)
    tree = ET.parse(path)
    root = tree.getroot()
    urls = sorted(root, key=lambda url: url.findtext(f"{{{namespace}}}loc") or "")
    root[:] = urls
    tree.write(path, xml_declaration=True, encoding="utf-8", method="xml")


class RepositoryRole(SphinxRole):
    """``{repository}`/``` links to the repository, shown as its address without https://;
    ``{repository}`the issue tracker </issues>``` to a page of it. The address is
    ``site_repository`` in conf.py (MyST substitutions are off: they run as templates)."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        repository = self.config.site_repository.rstrip("/")
        explicit, title, path = split_explicit_title(self.text)
        uri = repository + ("" if path.strip() == "/" else "/" + path.strip().lstrip("/"))
        text = title if explicit else uri.removeprefix("https://")
        return [nodes.reference(self.rawtext, text, refuri=uri)], []


def report_address_problems(app: Sphinx, config: Any) -> None:
    """The environment's addresses that conf.py could not use, each naming its variable."""
    for problem in config.site_address_problems:
        config_warning(
            f"{problem}; the site is built with the default addresses instead "
            f"({config.site_repository}, {config.html_baseurl})"
        )


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("site_repository", "", "env", types=(str,))
    # What conf.py found wrong with the environment's addresses (GITHUB_REPOSITORY...).
    app.add_config_value("site_address_problems", [], "env", types=(list,))
    app.connect("config-inited", report_address_problems)
    app.add_role("repository", RepositoryRole())
    app.connect("html-page-context", edit_link_to_real_file)
    # Before sphinxext-opengraph (priority 500) writes its tags.
    app.connect("html-page-context", preview_from_description, priority=400)
    app.connect("html-page-context", preview_generated_page)
    app.connect("html-page-context", title_once)
    app.connect("build-finished", sort_sitemap, priority=600)  # after sphinx-sitemap's 500
    return {"parallel_read_safe": True, "parallel_write_safe": True}
