"""Where a page sits in the site, for readers: breadcrumbs by section (Decisions > Area >
record; PEPs > PEP 751; This Week in Packaging > #12) and the section's tab marked in the
theme's top navigation.

Records and generated pages are outside the toctree (a site with hundreds of them keeps a small
sidebar), so the theme cannot find their section itself; this module tells it, through the
``parents`` list every Sphinx theme reads and the header links of pydata-sphinx-theme.
"""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..core.text import readable
from ..decisions.domain import council_domain
from ..decisions.pagelinks import AREA_PAGE, YEAR_PAGE
from ..newsletter.domain import newsletter_domain
from ..peps.domain import pep_citations
from ..sphinxext.config import council_config
from ..sphinxext.nodes import Links

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

# A section page and the pages under it, as (docname, title) from the top down.
Trail = list[tuple[str, str]]

PEP_PAGE = re.compile(r"peps/pep-\d{4}")


def _title(env: BuildEnvironment, docname: str, fallback: str) -> str:
    title = env.titles.get(docname)
    return title.astext() if title is not None else fallback


def _first(pages: object) -> str | None:
    found = sorted(pages) if pages else []  # type: ignore[call-overload]
    return found[0] if found else None


def decisions_trail(env: BuildEnvironment, pagename: str) -> Trail | None:
    domain = council_domain(env)
    index = _first(doc for doc, kinds in domain.listing_docs.items() if "index" in kinds)
    if index is None or pagename == index:
        return None
    top = [(index, _title(env, index, "Decisions"))]
    if pagename.startswith((AREA_PAGE.format(""), YEAR_PAGE.format(""))):
        return top
    record = (
        domain.record_for(pagename) if council_config(env.config).is_decision(pagename) else None
    )
    if record is None:
        return None
    if record.areas:
        area = record.areas[0]
        top.append((AREA_PAGE.format(area), readable(area)))
    return top


def peps_trail(env: BuildEnvironment, pagename: str) -> Trail | None:
    if not PEP_PAGE.fullmatch(pagename):
        return None
    page = _first(pep_citations(env).lists)
    return [(page, _title(env, page, "PEPs"))] if page else None


def issues_trail(env: BuildEnvironment, pagename: str) -> Trail | None:
    newsletter = newsletter_domain(env)
    if not any(digest.page == pagename for digest in newsletter.digests):
        return None
    archive = newsletter.archive_page()
    return [(archive, _title(env, archive, "This Week in Packaging"))]


def trail(env: BuildEnvironment, pagename: str) -> Trail | None:
    """The section pages above a record, a generated page or an issue; None for other pages."""
    for find in (decisions_trail, peps_trail, issues_trail):
        found = find(env, pagename)
        if found:
            return found
    return None


def toctree_top(env: BuildEnvironment, docname: str) -> str:
    """The page's ancestor just below the home page in the toctree (itself if none)."""
    parent = {child: p for p, children in env.toctree_includes.items() for child in children}
    seen = {docname}
    while parent.get(docname, env.config.root_doc) != env.config.root_doc:
        docname = parent[docname]
        if docname in seen:
            break
        seen.add(docname)
    return docname


def mark_current_tab(header: str, href: str) -> str:
    """pydata-sphinx-theme's header links with the one to ``href`` marked current."""
    pattern = re.compile(
        r'<li class="nav-item\s*">(\s*<a class="nav-link nav-internal" href="'
        + re.escape(href)
        + '")'
    )
    return pattern.sub(r'<li class="nav-item current active">\1', header, count=1)


def place_page(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Give records and generated pages their breadcrumbs and their section's tab."""
    found = trail(app.env, pagename)
    pathto: Callable[[str], str] | None = context.get("pathto")
    if not found or pathto is None:
        return
    links = Links(app.builder, pagename)
    # A section page this output does not have (an area page in a LaTeX build) shows as text.
    context["parents"] = [
        {"link": links.to_doc(doc) or "", "title": html.escape(title)} for doc, title in found
    ]
    header = context.get("generate_header_nav_html")
    if callable(header):
        href = pathto(toctree_top(app.env, found[0][0]))

        def marked(*args: Any, **kwargs: Any) -> str:
            return mark_current_tab(str(header(*args, **kwargs)), href)

        context["generate_header_nav_html"] = marked


def setup_navigation(app: Sphinx) -> None:
    # After the theme has put its header functions in the context (priority 500).
    app.connect("html-page-context", place_page, priority=800)
