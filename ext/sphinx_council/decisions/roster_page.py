"""The council page: the roster, rendered from its data file."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..sphinxext.config import council_config
from ..sphinxext.nodes import date_node, paragraph
from .domain import council_domain
from .roster import CouncilMember

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


def setup_roster_page(app: Sphinx) -> None:
    app.add_directive("council-roster", CouncilRosterDirective)
