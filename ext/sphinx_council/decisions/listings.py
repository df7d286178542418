"""Pages that list decisions: the filterable index, short lists, per-area and per-year pages,
the PEPs they cite, and ``decisions.json``."""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar
from urllib.parse import urljoin

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..core.changes import changed_since
from ..core.fields import one_of
from ..core.problems import WARNING_TYPE, Check
from ..core.text import readable
from ..peps.index import pep_index
from ..peps.role import pep_link, status_marker
from ..sphinxext.config import council_config
from ..sphinxext.nodes import (
    Links,
    joined,
    link,
    paragraph,
    title_nodes,
)
from ..sphinxext.outputs import page_path, publishes_site
from .catalog import Catalog
from .domain import DecisionsDomain, council_domain
from .export import decisions_json
from .lifecycle import INDEX_ORDER, STATUS_LABELS, STATUSES
from .model import DecisionRecord
from .nodes import decision_cards, decisions_table
from .pagelinks import AREA_PAGE, YEAR_PAGE, area_uri, record_link, status_badge, year_uri

logger = logging.getLogger(__name__)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec


JSON_NAME = "decisions.json"


class decision_listing(nodes.General, nodes.Element):
    """Placeholder for a list of decisions, filled in when the page is written."""


class _ListingDirective(SphinxDirective):
    """Leave a placeholder and remember that this page lists decisions."""

    listing: ClassVar[str]

    def run(self) -> list[nodes.Node]:
        council_domain(self.env).note_listing(self.env.docname, self.listing)
        node = decision_listing(listing=self.listing, options=dict(self.options))
        self.set_source_info(node)
        return [node]


class DecisionIndexDirective(_ListingDirective):
    """Every decision, grouped by status, with a filter by status, area, year and PEP."""

    listing = "index"


class DecisionListDirective(_ListingDirective):
    """The newest decisions, optionally of some statuses or one area."""

    listing = "list"
    option_spec: ClassVar[OptionSpec] = {
        "limit": directives.positive_int,
        "status": directives.unchanged,
        "area": directives.unchanged,
    }

    def run(self) -> list[nodes.Node]:
        areas = council_config(self.config).areas
        for status in _statuses(self.options):
            if status not in STATUSES:
                self._warn(f":status: {one_of(status, STATUSES)}")
        area = self.options.get("area", "").strip()
        if area and area not in areas:
            self._warn(f":area: {one_of(area, areas)}")
        return super().run()

    def _warn(self, message: str) -> None:
        logger.warning(
            "decision-list %s",
            message,
            type=WARNING_TYPE,
            subtype=Check.VALUE.value,
            location=self.get_location(),
        )


def _statuses(options: dict[str, str]) -> set[str]:
    return {s.strip() for s in options.get("status", "").split(",") if s.strip()}


class DecisionPepsDirective(_ListingDirective):
    """Every PEP the decisions cite, with its title and status in the PEP index."""

    listing = "peps"


def fill_listings(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = council_domain(app.env)
    links = Links(app.builder, docname)
    for placeholder in list(doctree.findall(decision_listing)):
        render = RENDERERS[placeholder["listing"]]
        placeholder.replace_self(render(domain.catalog, links, placeholder["options"]))


def render_index(catalog: Catalog, links: Links, options: dict[str, str]) -> list[nodes.Node]:
    container = nodes.container(classes=["council-decision-index"])
    browse = paragraph(
        f"{len(catalog.records)} decisions. Browse by area: ",
        *joined(_area_link(area, links) for area in catalog.areas()),
        ". By year: ",
        *joined(link(year, year_uri(links, year)) for year in reversed(catalog.years())),
        *_json_link(links),
    )
    # The filter (council.js) names areas with these links' words, as the page shows them.
    browse["classes"].append("council-index-browse")
    container += browse
    container += _filter_notes(len(catalog.records), links.builder.format == "html")
    empty: dict[str, list[DecisionRecord]] = {status: [] for status in INDEX_ORDER}
    by_status = empty | _by_status(catalog.newest_first())
    for status, records in by_status.items():
        if not records:
            continue
        section = nodes.section(ids=[f"status-{status}"], classes=["council-status-group"])
        count = nodes.inline("", str(len(records)), classes=["council-group-count"])
        label = nodes.Text(f"{STATUS_LABELS.get(status, status)} (")
        section += nodes.title("", "", label, count, nodes.Text(")"))
        section += decisions_table(records, links)
        container += section
    return [container]


def _area_link(area: str, links: Links) -> nodes.Node:
    """A link to the area's page, marked for the filter (council.js) with the area's id."""
    uri = area_uri(links, area)
    if uri is None:
        return nodes.Text(readable(area))  # no page, no filter: plain words in a book
    return link(readable(area), uri, "council-browse-area", f"council-a-{area}")


def _filter_notes(total: int, in_browser: bool) -> list[nodes.Node]:
    """What a reader needs before the table: the badges explained, and in a browser what to do
    when it runs no JavaScript (council.js removes that notice when it runs)."""
    legend = paragraph(
        "In each row, a coloured badge such as ",
        status_badge("accepted"),
        " is the decision's status; the word after a PEP number, such as ",
        status_marker("Final"),
        ", is that PEP's own status in the PEP index.",
    )
    legend["classes"].append("council-badge-legend")
    notice = paragraph(
        f"Filtering needs JavaScript, which is off in this browser: all {total} decisions are "
        "listed below, grouped by status, even if the address asks for a filter. The area and "
        "year pages linked above list them by area and by year."
    )
    notice["classes"].append("council-filter-nojs")
    return [legend, notice] if in_browser else [legend]


def _json_link(links: Links) -> list[nodes.Node | str]:
    """``As data: decisions.json``, linked where this output or the published site has it."""
    builder = links.builder
    if publishes_site(builder):
        uri = relative_uri(builder.get_target_uri(links.fromdoc), JSON_NAME)
    elif base := builder.config.html_baseurl:
        uri = urljoin(base.rstrip("/") + "/", JSON_NAME)
    else:
        return ["."]
    return [". As data: ", link("decisions.json", uri), "."]


def _by_status(records: Sequence[DecisionRecord]) -> dict[str, list[DecisionRecord]]:
    groups: dict[str, list[DecisionRecord]] = {}
    for record in records:
        groups.setdefault(record.status or "unknown", []).append(record)
    return groups


def render_list(catalog: Catalog, links: Links, options: dict[str, str]) -> list[nodes.Node]:
    statuses = _statuses(options)
    area = options.get("area", "").strip()
    records = [
        r
        for r in catalog.newest_first()
        if (not statuses or r.status in statuses) and (not area or area in r.areas)
    ]
    limit = int(options.get("limit", 0)) or len(records)
    if not records:
        filtered = statuses or area
        return [paragraph("No decisions match." if filtered else "No decisions are recorded yet.")]
    return [decision_cards(records[:limit], links)]


def render_peps(catalog: Catalog, links: Links, options: dict[str, str]) -> list[nodes.Node]:
    items = nodes.bullet_list(classes=["council-pep-list"])
    index = pep_index()
    for number, records in catalog.peps().items():
        info = index.get(number)
        head = paragraph(pep_link(number))
        if info:
            head += [
                nodes.Text(": "),
                *title_nodes(info.title),
                nodes.Text(f" ({info.status}, {info.type})"),
            ]
        cited = paragraph(
            "Decisions: ", *joined(record_link(r, links, f"{r.id}: {r.title}") for r in records)
        )
        items += nodes.list_item("", head, cited)
    return [items]


RENDERERS = {"index": render_index, "list": render_list, "peps": render_peps}


def generated_pages(catalog: Catalog) -> Iterator[tuple[str, str, list[DecisionRecord]]]:
    """Every per-area and per-year page: (page name, title, records)."""
    for area, records in catalog.areas().items():
        yield AREA_PAGE.format(area), f"Decisions in the area “{readable(area)}”", records
    for year, records in catalog.years().items():
        yield YEAR_PAGE.format(year), f"Decisions of {year}", records


def plan_rewrites(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages whose listed records changed: listing documents and generated pages."""
    domain = council_domain(env)
    catalog = domain.catalog
    facts: dict[str, object] = {"listings": [domain.digest(r) for r in catalog.records]}
    facts |= {
        page: (title, [domain.digest(r) for r in records])
        for page, title, records in generated_pages(catalog)
    }
    changed = changed_since(domain.data, "listing_fingerprints", facts)
    domain.data["json_due"] = "listings" in changed
    domain.data["pending_pages"] = sorted(p for p in changed if p != "listings" and p in facts)
    if "listings" not in changed:
        return []
    return sorted(set(domain.listing_docs) & env.found_docs)


def collect_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    """Per-area and per-year pages, written only when their content changed or is missing.

    A project without records gets none (a site that only cites PEPs has no decisions).
    """
    domain = council_domain(app.env)
    if not domain.catalog.records:
        return
    pending = set(domain.data["pending_pages"])
    for page, title, records in generated_pages(domain.catalog):
        if page not in pending and page_path(app.builder, page).exists():
            continue
        yield (
            page,
            {"title": title, "body": _page_body(app, domain, page, title, records)},
            "page.html",
        )


def _page_body(
    app: Sphinx, domain: DecisionsDomain, page: str, title: str, records: list[DecisionRecord]
) -> str:
    links = Links(app.builder, page)
    section = nodes.section(ids=["decisions"])
    section += nodes.title("", title)
    section += paragraph(
        f"{len(records)} decisions, newest first. ",
        link("All decisions", links.to_doc(_index_doc(domain))),
        ".",
    )
    section += decisions_table(records, links)
    return app.builder.render_partial(section)["fragment"]  # type: ignore[attr-defined,no-any-return]


def _index_doc(domain: DecisionsDomain) -> str:
    """The page holding the decisions index (the home page if there is none)."""
    pages = sorted(doc for doc, kinds in domain.listing_docs.items() if "index" in kinds)
    return pages[0] if pages else "index"


def write_decisions_json(app: Sphinx, exception: Exception | None) -> None:
    """Write ``decisions.json`` after a successful HTML build, only when its content changed.

    A project without records gets no file: an empty list would announce data it does not keep.
    """
    if exception is not None or not publishes_site(app.builder):
        return
    domain = council_domain(app.env)
    if not domain.catalog.records:
        return
    target = Path(app.outdir, JSON_NAME)
    if not domain.data["json_due"] and target.exists():
        return
    base = app.config.html_baseurl or ""
    catalog = domain.catalog

    def url_for(record: DecisionRecord) -> str:
        uri = app.builder.get_target_uri(record.source)
        return urljoin(base.rstrip("/") + "/", uri) if base else uri

    target.write_text(decisions_json(catalog, url_for), "utf-8")


def setup_listings(app: Sphinx) -> None:
    app.add_node(decision_listing)
    app.add_directive("decision-index", DecisionIndexDirective)
    app.add_directive("decision-list", DecisionListDirective)
    app.add_directive("decision-peps", DecisionPepsDirective)
    app.connect("doctree-resolved", fill_listings)
    app.connect("env-updated", plan_rewrites, priority=600)
    app.connect("html-collect-pages", collect_pages)
    app.connect("build-finished", write_decisions_json)
