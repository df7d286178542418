"""``{pep-list}``: every PEP of a topic, grouped by status, with the decisions that cite it."""

from __future__ import annotations

import re
from typing import TYPE_CHECKING, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective

from ..core.problems import WARNING_TYPE, Check
from ..sphinxext.nodes import Links, joined, link, paragraph, title_nodes
from .domain import pep_citations
from .index import PepInfo, index_provenance, pep_index
from .pages import Backlinks, backlinks, pep_page_uri
from .source import note_index_dependency
from .status import STATUS_ORDER

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import OptionSpec

logger = logging.getLogger(__name__)

DEFAULT_TOPIC = "packaging"


class pep_listing(nodes.General, nodes.Element):
    """Placeholder for a list of PEPs, filled in when the page is written."""


class PepListDirective(SphinxDirective):
    """Every PEP with a topic (``packaging`` by default), grouped by status."""

    option_spec: ClassVar[OptionSpec] = {"topic": directives.unchanged}

    def run(self) -> list[nodes.Node]:
        topic = self.options.get("topic", DEFAULT_TOPIC).strip() or DEFAULT_TOPIC
        known = {t for info in pep_index().values() for t in info.topics}
        if topic not in known:
            logger.warning(
                "pep-list :topic: %r is not a topic of any PEP; topics are %s",
                topic,
                ", ".join(sorted(known)),
                type=WARNING_TYPE,
                subtype=Check.VALUE.value,
                location=self.get_location(),
            )
        note_index_dependency(self.env)
        pep_citations(self.env).note_list(self.env.docname, topic)
        node = pep_listing(topic=topic)
        self.set_source_info(node)
        return [node]


def fill_pep_lists(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    links = Links(app.builder, docname)
    for placeholder in list(doctree.findall(pep_listing)):
        placeholder.replace_self(render_pep_list(app, placeholder["topic"], links))


def render_pep_list(app: Sphinx, topic: str, links: Links) -> list[nodes.Node]:
    peps = [info for info in pep_index().values() if topic in info.topics]
    cited = backlinks(app.env)
    result: list[nodes.Node] = [
        paragraph(
            f"{len(peps)} PEPs carry the topic “{topic}” in the PEP index ({index_provenance()})."
        )
    ]
    for status in [*STATUS_ORDER, *sorted({p.status for p in peps} - set(STATUS_ORDER))]:
        group = sorted((p for p in peps if p.status == status), key=lambda p: p.number)
        if not group:
            continue
        slug = re.sub(r"[^a-z]+", "-", status.lower()).strip("-")
        section = nodes.section(ids=[f"pep-status-{slug}"], classes=["council-pep-group"])
        section += nodes.title("", f"{status} ({len(group)})")
        section += _pep_table(group, cited, links)
        result.append(section)
    return result


def _pep_table(peps: list[PepInfo], cited: dict[int, Backlinks], links: Links) -> nodes.table:
    headers = ("PEP", "Title", "Type", "Decisions")
    table = nodes.table(classes=["council-table", "council-pep-table"])
    group = nodes.tgroup(cols=len(headers))
    table += group
    for width in (12, 58, 16, 14):
        group += nodes.colspec(colwidth=width)
    head = nodes.thead()
    head += _row([paragraph(h) for h in headers])
    group += head
    body = nodes.tbody()
    for info in peps:
        decisions = cited[info.number].records if info.number in cited else []
        body += _row(
            [
                paragraph(link(f"PEP {info.number}", pep_page_uri(info.number, links) or info.url)),
                paragraph(*title_nodes(info.title)),
                paragraph(info.type),
                paragraph(
                    *joined(link(r.id, links.to_doc(r.docname), title=r.title) for r in decisions)
                )
                if decisions
                else paragraph("none"),
            ]
        )
    group += body
    return table


def _row(cells: list[nodes.paragraph]) -> nodes.row:
    row = nodes.row()
    for cell in cells:
        entry = nodes.entry()
        entry += cell
        row += entry
    return row


def setup_lists(app: Sphinx) -> None:
    app.add_node(pep_listing)
    app.add_directive("pep-list", PepListDirective)
    app.connect("doctree-resolved", fill_pep_lists)
