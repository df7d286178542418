"""The council page: the roster, rendered from its data file; and the council's state in plain
words (``{council-status}``), derived from the same roster so it changes when the roster does."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core.clock import build_date
from ..core.text import long_date
from ..peps.role import pep_link
from ..sphinxext.config import council_config
from ..sphinxext.nodes import Links, date_node, link, paragraph
from .catalog import Catalog
from .domain import council_domain
from .pagelinks import record_link
from .roster import CouncilMember, Roster

if TYPE_CHECKING:
    from sphinx.application import Sphinx

NOT_ELECTED = (
    "The Packaging Council has not been elected yet. When members take their seats, the roster "
    "file lists them and this page shows each member's cohort, term and affiliation."
)


class CouncilRosterDirective(SphinxDirective):
    """A table of every member on the roster, by term start."""

    def run(self) -> list[nodes.Node]:
        path = council_config(self.config).roster_path
        if path is not None:
            self.env.note_dependency(str(path))
        members = sorted(
            council_domain(self.env).roster.members,
            key=lambda m: (m.term_start, m.cohort, m.name),
        )
        if not members:
            return [paragraph(NOT_ELECTED)]
        return [roster_table(members)]


def roster_table(members: list[CouncilMember]) -> nodes.table:
    headers = ("Member", "Cohort", "Term starts", "Term ends", "Affiliation")
    table = nodes.table(classes=["council-roster"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in (30, 10, 20, 20, 20):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    group += head
    head += _row([nodes.Text(h) for h in headers])
    body = nodes.tbody()
    group += body
    for m in members:
        body += _row(
            [
                nodes.Text(m.name),
                nodes.Text(m.cohort),
                date_node(m.term_start),
                date_node(m.term_end),
                nodes.Text(m.affiliation),
            ]
        )
    return table


def _row(cells: list[nodes.Node]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        row += nodes.entry("", paragraph(cell))
    return row


# The PEP that creates the council; the record accepting it dates the council's creation.
GOVERNANCE_PEP = 772


class council_status(nodes.General, nodes.Element):
    """Placeholder for the council's state, filled in once every record is read."""


class CouncilStatusDirective(SphinxDirective):
    """``{council-status}``: who decides on packaging standards now, in one paragraph."""

    def run(self) -> list[nodes.Node]:
        path = council_config(self.config).roster_path
        if path is not None:
            self.env.note_dependency(str(path))
        # Listed like a decision listing, so the page is rewritten when the records change.
        council_domain(self.env).note_listing(self.env.docname, "council-status")
        node = council_status()
        self.set_source_info(node)
        return [node]


def fill_council_status(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    domain = council_domain(app.env)
    today = build_date(council_config(app.config).build_date)
    for placeholder in list(doctree.findall(council_status)):
        links = Links(app.builder, docname)
        text = status_paragraph(domain.roster, domain.catalog, links, today, domain.listing_docs)
        placeholder.replace_self(text)


def status_paragraph(
    roster: Roster,
    catalog: Catalog,
    links: Links,
    today: dt.date | None,
    listing_docs: dict[str, set[str]],
) -> nodes.paragraph:
    """Who decides: the sitting members, or, while the roster has none, the standing
    PEP-Delegates (the records show who decided each standard)."""
    sitting = roster.sitting_on(today) if today else roster.members
    if sitting:
        names = sorted(m.name for m in sitting)
        return paragraph(
            f"The Packaging Council decides on Python's packaging standards. Its {len(names)} "
            "sitting members are ",
            ", ".join(names),
            ".",
        )
    founding = next(
        (r for r in catalog.newest_first() if r.peps[:1] == (GOVERNANCE_PEP,) and r.decided_on),
        None,
    )
    created: list[nodes.Node | str] = ["The Packaging Council was created by "]
    if founding and founding.decided_on:
        created += [record_link(founding, links, f"PEP {GOVERNANCE_PEP}")]
        created += [f", accepted on {long_date(founding.decided_on)}. "]
    else:
        created += [pep_link(GOVERNANCE_PEP), ". "]
    # What the roster shows on the build date, not what has happened in the world since.
    if roster.members and today:
        created.append(f"No member on its roster holds a seat on {long_date(today)}. ")
    elif today:
        created.append(f"Its roster lists no members on {long_date(today)}. ")
    else:
        created.append("Its roster lists no members. ")
    index = sorted(doc for doc, kinds in listing_docs.items() if "index" in kinds)
    records = link("the decision records", links.to_doc(index[0]) if index else None)
    return paragraph(
        *created,
        "Until members take their seats, packaging standards are decided as before: by the "
        "standing PEP-Delegates for packaging, as ",
        records,
        " show.",
    )


def setup_roster_page(app: Sphinx) -> None:
    app.add_directive("council-roster", CouncilRosterDirective)
    app.add_node(council_status)
    app.add_directive("council-status", CouncilStatusDirective)
    app.connect("doctree-resolved", fill_council_status)
