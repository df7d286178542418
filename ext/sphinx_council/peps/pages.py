"""A page for every PEP the site cites or lists: its headers, dated status history and what
cites it. Written only where the project turns them on (``council_pep_pages``) and the builder
writes generated pages; elsewhere PEP links go to peps.python.org.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterator
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ..core.changes import changed_since
from ..core.links import host
from ..core.text import plain_title
from ..sphinxext.config import council_config
from ..sphinxext.nodes import (
    Links,
    Place,
    date_node,
    field,
    joined,
    link,
    paragraph,
    title_nodes,
)
from ..sphinxext.outputs import page_path
from .domain import CitingRecord, PepCitation, PepCitations, pep_citations, pep_page_name
from .index import PepInfo, index_digest, index_provenance, pep_history, pep_index
from .role import pep_reference, status_marker
from .status import index_disagreements

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


# Hooks the concerns above answer, so that this one needs none of them: the records that cite
# PEPs (handler(app) -> list[CitingRecord], newest first), the table a PEP page shows them in
# (handler(app, records, links) -> a node), and the weekly issues that announced a PEP
# (handler(app, number) -> list[Place], oldest first).
RECORDS_EVENT = "council-pep-records"
RECORDS_TABLE_EVENT = "council-pep-records-table"
ANNOUNCED_EVENT = "council-pep-announced"


class Backlinks(NamedTuple):
    """Everything on the site that cites one PEP."""

    records: list[CitingRecord]
    places: list[PepCitation]


def backlinks(env: BuildEnvironment) -> dict[int, Backlinks]:
    """Citing records and other places for every cited PEP, in a stable order (a project
    without records has places only). Records are those derived at ``env-updated``."""
    domain = pep_citations(env)
    result: dict[int, Backlinks] = {}
    for record in domain.records:
        for number in record.peps:
            result.setdefault(number, Backlinks([], [])).records.append(record)
    by_page = {record.docname: record for record in domain.records}
    for docname in sorted(domain.citations):
        for citation in domain.citations[docname]:
            entry = result.setdefault(citation.number, Backlinks([], []))
            citing = by_page.get(docname)
            if citing is not None:
                if citing not in entry.records:
                    entry.records.append(citing)
            elif citation not in entry.places:
                entry.places.append(citation)
    return dict(sorted(result.items()))


def listed_peps(domain: PepCitations) -> set[int]:
    topics = set().union(*domain.lists.values()) if domain.lists else set()
    return {info.number for info in pep_index().values() if topics & set(info.topics)}


def plan_pep_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Decide which PEP pages exist (none unless ``council_pep_pages``) and which changed;
    name the PEP lists to rewrite."""
    domain = pep_citations(env)
    domain.data["records"] = app.emit_firstresult(RECORDS_EVENT) or []
    cited = backlinks(env)
    numbers = sorted((set(cited) | listed_peps(domain)) & set(pep_index()))
    pages = set(numbers) if council_config(env.config).pep_pages else set()
    facts = {n: _page_facts(env, n, cited.get(n), pages) for n in sorted(pages)}
    domain.data["pending"] = sorted(changed_since(domain.data, "pages", facts) & pages)
    shown = {n: [(r.id, r.title, r.docname) for r in cited[n].records] for n in cited}
    listing = {"lists": [(n, shown.get(n, [])) for n in numbers]}
    if not changed_since(domain.data, "listing", listing):
        return []
    return sorted(set(domain.lists) & env.found_docs)


def _page_facts(
    env: BuildEnvironment, number: int, cites: Backlinks | None, pages: set[int]
) -> object:
    titles = {
        c.docname: env.titles[c.docname].astext()
        for c in (cites.places if cites else [])
        if c.docname in env.titles
    }
    digests = [r.fingerprint for r in cites.records] if cites else []
    info = pep_index()[number]
    # Replaces/Superseded-by link to the related PEP's page here only when it has one.
    related = [n in pages for n in (*info.replaces, *info.superseded_by)]
    # The citing records stand in by their digests and the PEP's headers and history by the
    # digest of the PEP data: hashing their text again for every page costs more than the
    # rest of planning together.
    places = cites.places if cites else []
    return (number, index_digest(), places, titles, digests, related, index_provenance())


def collect_pep_pages(app: Sphinx) -> Iterator[tuple[str, dict[str, object], str]]:
    """A page for each PEP, written only when its content changed or is missing."""
    domain = pep_citations(app.env)
    pending = set(domain.data["pending"])
    cited = backlinks(app.env)
    for number in domain.page_numbers:
        page = pep_page_name(number)
        if number not in pending and page_path(app.builder, page).exists():
            continue
        info = pep_index()[number]
        section = pep_page(
            app, info, cited.get(number, Backlinks([], [])), Links(app.builder, page)
        )
        body = app.builder.render_partial(section)["fragment"]  # type: ignore[attr-defined]
        title = html.escape(f"PEP {number}: {plain_title(info.title)}")
        yield page, {"title": title, "body": body}, "page.html"


def pep_page(app: Sphinx, info: PepInfo, cites: Backlinks, links: Links) -> nodes.section:
    """The body of a PEP's page: headers, notes, dated history and what cites it."""
    section = nodes.section(ids=[f"pep-{info.number:04d}"])
    section += nodes.title("", f"PEP {info.number}: ", *title_nodes(info.title))
    section += _pep_fields(app, info, links)
    notes = index_disagreements(pep_index()).get(info.number, [])
    if notes:
        note = nodes.note()
        for text in notes:
            note += paragraph(text)
        note += paragraph("This site shows the index as it is and does not pick a side.")
        section += note
    section += _history_section(info)
    section += _citations_section(app, info, cites, links)
    section += paragraph(
        f"PEP data from {index_provenance()}. ",
        link("All packaging PEPs", links.to_doc(_list_doc(app))),
        ".",
    )
    upgrade_pep_links(section, links)
    return section


def _pep_fields(app: Sphinx, info: PepInfo, links: Links) -> nodes.field_list:
    fields = nodes.field_list(classes=["council-fields", "council-pep-fields"])
    changes = pep_history(info.number).changes
    status: list[nodes.Node | str] = [status_marker(info.status)]
    if changes and changes[-1].status == info.status:
        status += [" since ", date_node(changes[-1].date)]
    fields += field("Status", *status)
    fields += field("Type", info.type)
    if info.topic:
        fields += field("Topic", info.topic)
    fields += field("Authors", info.authors or "not recorded")
    fields += field("Created", date_node(info.created_on) if info.created_on else info.created)
    delegate = pep_history(info.number).delegate
    if delegate:
        fields += field("Delegate", delegate)
    resolution = pep_history(info.number).resolution
    if resolution is not None:
        shown: list[nodes.Node | str] = [link(host(resolution.url), resolution.url)]
        if resolution.date:
            shown = [date_node(resolution.date), ", ", *shown]
        fields += field("Resolution", *shown)
    issues: list[Place] = app.emit_firstresult(ANNOUNCED_EVENT, info.number) or []
    if issues:
        refs = (link(issue.label, links.to_doc(issue.docname)) for issue in issues)
        fields += field("Announced in", *joined(refs))
    for name, numbers in (("Replaces", info.replaces), ("Superseded by", info.superseded_by)):
        if numbers:
            fields += field(name, *joined(_pep_link(n, links) for n in numbers))
    fields += field("Full text", link(f"PEP {info.number} on peps.python.org", info.url))
    return fields


def pep_page_uri(number: int, links: Links) -> str | None:
    """The PEP's page on this site, or None when it has none (pages turned off, or not in this
    output: LaTeX, single page)."""
    has_page = number in pep_citations(links.builder.env).data["pages"]
    return links.to_doc(pep_page_name(number)) if has_page else None


def _pep_link(number: int, links: Links, *, with_title: bool = True) -> nodes.inline:
    """A PEP's page on this site when it has one, else its page on peps.python.org."""
    uri = pep_page_uri(number, links) or ""
    return pep_reference(number, refuri=uri, with_title=with_title)


def _history_section(info: PepInfo) -> nodes.section:
    section = nodes.section(ids=["status-history"])
    section += nodes.title("", "Status history")
    changes = pep_history(info.number).changes
    if not changes:
        section += paragraph("The bundled status history has no entries for this PEP.")
        return section
    section += paragraph(
        "Each date is that of the python/peps commit that changed the Status header; "
        "it can lag the decision itself."
    )
    items = nodes.bullet_list(classes=["council-history"])
    for change in changes:
        commit = f"https://github.com/python/peps/commit/{change.commit}"
        para = paragraph(date_node(change.date), ": ", change.status)
        if change.commit:
            para += [nodes.Text(" ("), link(f"commit {change.commit}", commit), nodes.Text(")")]
        items += nodes.list_item("", para)
    section += items
    if changes[-1].status != info.status:
        section += paragraph(
            f"The index now says {info.status}, a change the bundled history does not record."
        )
    return section


def _citations_section(app: Sphinx, info: PepInfo, cites: Backlinks, links: Links) -> nodes.section:
    section = nodes.section(ids=["cited-by"])
    section += nodes.title("", "On this site")
    if not cites.records and not cites.places:
        section += paragraph("No decision or page on this site cites this PEP yet.")
        return section
    if cites.records:
        section += paragraph(f"Decisions that cite PEP {info.number}:")
        section += _records_table(app, cites.records, links)
    if cites.places:
        section += paragraph(f"Pages that cite PEP {info.number}:")
        items = nodes.bullet_list()
        for place in cites.places:
            title = app.env.titles.get(place.docname)
            page_title = title.astext() if title else place.docname
            label = place.label if place.kind == "step" else page_title
            if place.label and place.kind != "step":
                label = f"{page_title}: {place.label}"
            uri = links.to_doc(place.docname, place.anchor)
            items += nodes.list_item("", paragraph(link(label, uri)))
        section += items
    return section


def _records_table(app: Sphinx, records: list[CitingRecord], links: Links) -> nodes.Element:
    """The records' own table when their concern draws one, else a list of links."""
    table: nodes.Element | None = app.emit_firstresult(RECORDS_TABLE_EVENT, records, links)
    if table is not None:
        return table
    items = nodes.bullet_list()
    for record in records:
        label = f"{record.id}: {record.title}"
        items += nodes.list_item("", paragraph(link(label, links.to_doc(record.docname))))
    return items


def _list_doc(app: Sphinx) -> str:
    """The page that lists PEPs (the home page if there is none)."""
    pages = sorted(pep_citations(app.env).lists)
    return pages[0] if pages else app.config.root_doc


_PEP_TEXT = re.compile(r"PEP (\d+)")


def upgrade_pep_links(tree: nodes.Element, links: Links) -> None:
    """Give the plain PEP links of decision panels and tables a status marker, and point them
    at the PEP's page on this site; in a panel field they also show the title."""
    for ref in list(tree.findall(nodes.reference)):
        match = _PEP_TEXT.fullmatch(ref.astext())
        if "council-pep" not in ref["classes"] or match is None:
            continue
        number = int(match[1])
        with_title = isinstance(ref.parent.parent, nodes.field_body)
        ref.replace_self(_pep_link(number, links, with_title=with_title))


def upgrade_page_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    upgrade_pep_links(doctree, Links(app.builder, docname))


def setup_pages(app: Sphinx) -> None:
    for event in (RECORDS_EVENT, RECORDS_TABLE_EVENT, ANNOUNCED_EVENT):
        app.add_event(event)
    app.connect("env-updated", plan_pep_pages, priority=650)
    app.connect("doctree-resolved", upgrade_page_links, priority=600)
    app.connect("html-collect-pages", collect_pep_pages)
