"""Docutils nodes that show decisions: the header panel, banners, tables and card lists.

Built from record data with the generic helpers of :mod:`sphinx_council.sphinxext.nodes`, so
every writer escapes record text and links go only to pages the output has.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, NamedTuple

from docutils import nodes

from ..core.text import long_date, readable
from ..peps.domain import pep_citations, pep_page_name
from ..peps.index import pep_url
from ..peps.role import pep_link, pep_link_title, pep_reference_html
from ..sphinxext.nodes import (
    Links,
    date_node,
    field,
    html_text,
    joined,
    link,
    paragraph,
    unindexed,
)
from .catalog import Catalog
from .lifecycle import STATUS_LABELS, status_label
from .model import DecisionRecord, HistoryEntry
from .pagelinks import area_uri, record_link, record_uri, status_badge
from .roster import Roster, Tally
from .wording import OUTCOME_POSTS, discussion_label

if TYPE_CHECKING:
    from ..sphinxext.nodes import Place


def history_list(history: Sequence[HistoryEntry]) -> nodes.bullet_list:
    items = nodes.bullet_list(classes=["council-history"])
    for index, entry in enumerate(history):
        para = paragraph(date_node(entry.date), ": ", status_badge(entry.status))
        # A later status before the period's end closes it: the record says so, not the date.
        ended = history[index + 1] if index + 1 < len(history) else None
        if entry.closes and ended is not None and ended.date < entry.closes:
            para += nodes.Text(
                f", comments closed {long_date(ended.date)} ({status_label(ended.status).lower()})"
            )
        elif entry.closes:
            para += nodes.Text(f", comments close {long_date(entry.closes)}")
        if entry.note:
            para += nodes.Text(f". {entry.note.rstrip('.')}.")
        if entry.link:
            para += nodes.Text(" ")
            label = OUTCOME_POSTS.get(entry.status, "announcement")
            para += link(label[:1].upper() + label[1:], entry.link, title=entry.link)
        items += nodes.list_item("", para)
    return items


def lead(record: DecisionRecord) -> nodes.container:
    """What a reader needs first: the status, and the summary as the lead paragraph."""
    block = nodes.container(classes=["council-lead"])
    block += paragraph(status_badge(record.status))
    if record.summary:
        block += nodes.paragraph("", record.summary, classes=["council-lead-summary"])
    return block


class Crosslinks(NamedTuple):
    """What other families say about a record, told by the concerns above at write time
    (:data:`sphinx_council.decisions.pages.RECORD_CROSSLINKS`)."""

    steps: Sequence[Place] = ()
    issues: Sequence[Place] = ()
    persona_pages: Mapping[str, str] = {}


def decision_panel(
    record: DecisionRecord,
    catalog: Catalog,
    roster: Roster,
    links: Links,
    crosslinks: Crosslinks | None = None,
) -> nodes.container:
    """The panel under a decision page's lead: when, who, and how it relates to others."""
    panel = nodes.container(classes=["council-panel"])
    fields = nodes.field_list(classes=["council-fields"])
    since = record.status_since
    status: list[nodes.Node | str] = [status_badge(record.status)]
    if since:
        status += [" since ", date_node(since)]
    fields += field("Status", *status)
    fields += field("Decision", record.id + (f", {record.kind}" if record.kind else ""))
    if record.opened_on:
        fields += field("Proposed", date_node(record.opened_on))
    if record.decided_on:
        fields += field("Decided", date_node(record.decided_on))
    if record.decided_by:
        fields += field("Decided by", *decider_nodes(record))
    if record.votes:
        fields += field("Vote", *vote_nodes(record, roster))
    if record.peps:
        fields += field("PEPs", *joined(pep_link(n) for n in record.peps))
    fields += _relation_fields(record, catalog, links)
    if record.areas:
        fields += field(
            "Areas", *joined(link(readable(a), area_uri(links, a)) for a in record.areas)
        )
    if record.discussion:
        fields += field("Discussion", *discussion_links(record))
    panel += fields
    crosslinks = crosslinks or Crosslinks()
    if crosslinks.steps or crosslinks.issues:
        panel += crosslink_fields(crosslinks, links)
    if record.personas:
        panel += personas_block(record, links, crosslinks.persona_pages)
    if record.history:
        panel += nodes.rubric("", "History")
        panel += history_list(record.history)
    return panel


def decider_nodes(record: DecisionRecord) -> list[nodes.Node | str]:
    """Who decided; where the PEP names nobody, where the outcome was announced instead."""
    assert record.decided_by is not None
    label = record.decided_by.label
    shown: list[nodes.Node | str] = [label[:1].upper() + label[1:]]
    entry = record.outcome_entry
    if record.decided_by.body == "not-recorded" and entry is not None and entry.link:
        post = discussion_label(entry.link, entry.status)
        shown += ["; announced in the ", link(post, entry.link, title=entry.link)]
    return shown


def _relation_fields(record: DecisionRecord, catalog: Catalog, links: Links) -> list[nodes.field]:
    result = []
    for name, ids in (
        ("Supersedes", record.supersedes),
        ("Superseded by", catalog.successors(record.id)),
    ):
        related = [catalog.get(i) for i in ids]
        refs: list[nodes.Node] = [record_link(r, links, f"{r.id}: {r.title}") for r in related if r]
        refs += [nodes.Text(i) for i, r in zip(ids, related, strict=True) if r is None]
        if refs:
            result.append(field(name, *joined(refs)))
    return result


def crosslink_fields(crosslinks: Crosslinks, links: Links) -> unindexed:
    """The pathway steps and issues that point at the record, kept out of the search index."""
    fields = nodes.field_list(classes=["council-fields"])
    places = (("In pathways", crosslinks.steps, "; "), ("Announced in", crosslinks.issues, ", "))
    for name, shown, separator in places:
        if shown:
            refs = (link(p.label, links.to_doc(p.docname, p.anchor)) for p in shown)
            fields += field(name, *joined(refs, separator))
    block = unindexed(classes=["council-crosslinks"])
    block += fields
    return block


def discussion_links(record: DecisionRecord) -> list[nodes.Node]:
    """Each discussion link named by what it is; a post that carried the outcome says so."""
    outcomes = {entry.link: entry.status for entry in record.history if entry.link}
    return joined(
        link(discussion_label(url, outcomes.get(url, "")), url, title=url)
        for url in record.discussion
    )


def vote_nodes(record: DecisionRecord, roster: Roster) -> list[nodes.Node | str]:
    tally = Tally.of(record.votes)
    outcome = "passed" if tally.passed else "did not pass"
    names = []
    for vote in record.votes:
        member = roster.member(vote.member)
        names.append(f"{member.name if member else vote.member}: {vote.choice}")
    return [f"{tally} ({outcome}). ", "; ".join(names)]


def personas_block(
    record: DecisionRecord, links: Links | None = None, pages: Mapping[str, str] = {}
) -> nodes.container:
    """Who the decision affects, each persona linked to its pathway where there is one."""
    block = nodes.container(classes=["council-personas"])
    block += nodes.rubric("", "Who this affects")
    items = nodes.bullet_list()
    for impact in record.personas:
        page = pages.get(impact.persona)
        uri = links.to_doc(page) if links and page else None
        name = readable(impact.persona)
        shown = link(name, uri) if uri else nodes.Text(name)
        para = paragraph(nodes.strong("", "", shown))
        if impact.what_changes:
            para += nodes.Text(f": {impact.what_changes}")
        items += nodes.list_item("", para)
    block += items
    return block


def banner(record: DecisionRecord, catalog: Catalog, links: Links) -> nodes.Element | None:
    """A notice on records that are no longer, or never were, in force."""
    when = record.status_since
    on = f" on {long_date(when)}" if when else ""
    if record.status == "superseded":
        successors = [r for r in map(catalog.get, catalog.successors(record.id)) if r]
        body = paragraph(f"This decision was superseded{on} by ")
        body += joined(record_link(r, links, f"{r.id}: {r.title}") for r in successors)
        body += nodes.Text(". It is kept for the record; it is no longer in force.")
    elif record.status in ("rejected", "withdrawn"):
        body = paragraph(f"This proposal was {record.status}{on}.")
        if record.reason:
            body += nodes.Text(" ")
            body += nodes.inline("", record.reason, classes=["council-reason"])
        body += nodes.Text(" It is kept for the record.")
    else:
        return None
    # The theme's admonition colours: caution for a replaced decision, warning otherwise.
    tone = "caution" if record.status == "superseded" else "warning"
    notice = nodes.admonition(classes=[tone, "council-banner", f"council-banner-{record.status}"])
    notice += nodes.title("", STATUS_LABELS[record.status])
    notice += body
    return notice


def filter_classes(record: DecisionRecord) -> list[str]:
    """Row classes the decisions index filter reads (status, areas, year, PEPs)."""
    classes = ["council-row", f"council-f-status-{record.status}"]
    classes += [f"council-f-area-{area}" for area in record.areas]
    if record.year:
        classes.append(f"council-f-year-{record.year}")
    classes += [f"council-f-pep-{number}" for number in record.peps]
    return classes


def decisions_table(records: Sequence[DecisionRecord], links: Links) -> unindexed:
    """A table of decisions: id, title with summary, status, date, PEPs.

    Left out of the site's search: each row repeats a record's own title and summary, so a
    listing would match every query about any record it lists (and the search index would grow
    with the square of the council's history, since listings grow with it).

    For HTML the rows are written as one string: the index, area, year and PEP pages show every
    record three or four times over, and building those rows node by node was a third of a
    full build at N=1000 (and 50 MiB for the index page alone). Other writers get the nodes.
    """
    headers = ("Decision", "Title and summary", "Status", "Date", "PEPs")
    table = nodes.table(classes=["council-table"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in (12, 52, 12, 14, 10):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([nodes.Text(h) for h in headers])
    group += head
    body = nodes.tbody()
    if links.builder.format == "html":
        body += nodes.raw("", rows_html(records, links), format="html")
    else:
        body.extend(_record_row(record, links) for record in records)
    group += body
    return unindexed("", table, classes=["council-table-block"])


def rows_html(records: Sequence[DecisionRecord], links: Links) -> str:
    """The table's body rows as docutils' HTML writers write ``_record_row``'s nodes (after
    the PEP links are given their status and this site's PEP page, where it has one)."""
    peps = _PepCells(links)
    rows = []
    for index, record in enumerate(records):
        classes = " ".join([*filter_classes(record), "row-odd" if index % 2 else "row-even"])
        uri = record_uri(links, record)
        title = html_text(record.title or record.id)
        shown = (
            f'<a class="reference internal" href="{html_text(uri)}" '
            f'title="{html_text(record.id)}">{title}</a>'
            if uri is not None
            else f"<span>{title}</span>"
        )
        label = html_text(status_label(record.status))
        when = record.listing_date
        day = f'<span class="council-date">{long_date(when)}</span>' if when else ""
        cited = ", ".join(peps.cell(number) for number in record.peps)
        rows.append(
            f'<tr class="{html_text(classes)}"><td><p>{html_text(record.id)}</p></td>\n'
            f"<td><p>{shown}</p>\n"
            f'<p class="council-summary">{html_text(record.summary)}</p>\n</td>\n'
            f'<td><p><span class="council-badge council-status-{record.status or "unknown"}">'
            f"{label}</span></p></td>\n<td><p>{day}</p></td>\n"
            + (f"<td><p>{cited}</p></td>\n" if cited else "<td></td>\n")
            + "</tr>\n"
        )
    return "".join(rows)


class _PepCells:
    """Each PEP's link in a table, made once per table."""

    def __init__(self, links: Links) -> None:
        self.links = links
        env = links.builder.env
        # With the PEP extension, PEP links show the PEP's status and lead to its page here.
        self.pages = pep_citations(env).data["pages"] if "peps" in env.domains else None
        self.made: dict[int, str] = {}

    def cell(self, number: int) -> str:
        if number not in self.made:
            self.made[number] = self._link(number)
        return self.made[number]

    def _link(self, number: int) -> str:
        if self.pages is None:
            hover = pep_link_title(number)
            title = f' title="{html_text(hover)}"' if hover else ""
            return (
                f'<a class="council-pep reference external" href="{html_text(pep_url(number))}"'
                f"{title}>PEP {number}</a>"
            )
        page = self.links.to_doc(pep_page_name(number)) if number in self.pages else None
        return pep_reference_html(number, page or "", "council-pep")


def _record_row(record: DecisionRecord, links: Links) -> nodes.row:
    title = paragraph(record_link(record, links))
    cells: list[nodes.Node | list[nodes.Node]] = [
        nodes.Text(record.id),
        [title, nodes.paragraph("", record.summary, classes=["council-summary"])],
        status_badge(record.status),
        date_node(record.listing_date) if record.listing_date else nodes.Text(""),
        joined(pep_link(n) for n in record.peps),
    ]
    row = _row(cells)
    row["classes"].extend(filter_classes(record))
    return row


def _row(cells: Sequence[nodes.Node | list[nodes.Node]]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        if isinstance(cell, list):
            if all(isinstance(c, nodes.paragraph) for c in cell):
                entry.extend(cell)
            else:
                entry += paragraph(*cell)
        elif isinstance(cell, nodes.paragraph):
            entry += cell
        else:
            entry += paragraph(cell)
        row += entry
    return row


def decision_cards(records: Sequence[DecisionRecord], links: Links) -> unindexed:
    """A compact list of decisions (title, status, date, summary) for the home page; left out of
    the search, as tables of decisions are."""
    items = nodes.bullet_list(classes=["council-latest"])
    for record in records:
        head = paragraph(record_link(record, links), " ", status_badge(record.status))
        if record.listing_date:
            head += [nodes.Text(" "), date_node(record.listing_date)]
        items += nodes.list_item(
            "", head, nodes.paragraph("", record.summary, classes=["council-summary"])
        )
    return unindexed("", items, classes=["council-latest-block"])
