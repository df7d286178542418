"""The ``pathway`` domain: pathways by document, the PEPs their steps cite, the pages that
list them, and links to pathways, tools and decisions resolved once every document is read."""

from __future__ import annotations

from collections.abc import Iterator
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging

from ..core.problems import WARNING_TYPE, Check
from ..decisions.domain import council_domain
from ..sphinxext.domains import PerDocumentDomain
from ..sphinxext.nodes import link
from ..sphinxext.outputs import refnode
from .inventory import guide_inventory
from .model import Pathway, PathwayEvent, pathway_events
from .userguide import suggest

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


# -- The domain -----------------------------------------------------------------------------------


class PathwayRefRole(XRefRole):
    """``{pathway}`newcomer``` links to a pathway by id and shows its title."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.name = "pathway:pathway"
        return super().run()


class PathwaysDomain(PerDocumentDomain):
    """Pathways by document and the pages that list them."""

    per_document = ("pathways", "listing_docs")
    name = "pathway"
    label = "Pathways"
    object_types = {"pathway": ObjType("pathway", "pathway")}
    roles = {"pathway": PathwayRefRole(innernodeclass=nodes.inline)}
    initial_data: ClassVar[dict[str, Any]] = {
        "pathways": {},  # docname -> Pathway
        "listing_docs": {},  # docname -> kinds of listing it holds ("cards", "tools")
        "fingerprints": {},  # derived at env-updated, to find pages to rewrite
    }

    @property
    def pathways(self) -> dict[str, Pathway]:
        return cast("dict[str, Pathway]", self.data["pathways"])

    @property
    def listing_docs(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["listing_docs"])

    def note_pathway(self, docname: str, pathway: Pathway) -> None:
        self.pathways[docname] = pathway

    def note_listing(self, docname: str, kind: str) -> None:
        self.listing_docs.setdefault(docname, set()).add(kind)

    def by_id(self) -> dict[str, tuple[str, Pathway]]:
        """Pathways by id (of two sharing an id, the first document wins), with their docname."""
        found: dict[str, tuple[str, Pathway]] = {}
        for docname in sorted(self.pathways):
            pathway = self.pathways[docname]
            if pathway.id:
                found.setdefault(pathway.id, (docname, pathway))
        return found

    def ordered(self, personas: tuple[str, ...]) -> list[tuple[str, Pathway]]:
        """Pathways in persona order, then by id: the order of the cards."""
        rank = {persona: index for index, persona in enumerate(personas)}
        return sorted(
            self.by_id().values(),
            key=lambda item: (rank.get(item[1].persona, len(rank)), item[1].id),
        )

    def events(self) -> list[PathwayEvent]:
        """Dated changes and reviews of every pathway, newest first (for digests and feeds)."""
        return pathway_events(pathway for _, pathway in self.by_id().values())

    def tool_list_doc(self) -> str | None:
        pages = sorted(doc for doc, kinds in self.listing_docs.items() if "tools" in kinds)
        return pages[0] if pages else None

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        if typ == "tool":
            return self._tool_ref(fromdocname, builder, target, contnode)
        if typ == "decision":
            record = council_domain(env).catalog.get(target)
            if record is None:
                return None
            text = contnode if node.get("refexplicit") else nodes.inline("", record.title)
            return refnode(builder, fromdocname, record.source, "", text, record.id)
        found = self.by_id().get(target)
        if found is None:
            return None
        docname, pathway = found
        text = contnode if node.get("refexplicit") else nodes.inline("", pathway.title)
        return refnode(builder, fromdocname, docname, "", text, pathway.title)

    def _tool_ref(
        self, fromdocname: str, builder: Builder, target: str, contnode: nodes.Element
    ) -> nodes.reference | None:
        tool = guide_inventory().tools.get(target)
        page = self.tool_list_doc()
        if page is not None:
            anchor = f"tool-{target}" if target else ""
            return refnode(builder, fromdocname, page, anchor, contnode, target)
        if tool is None:
            return None
        return link(contnode.astext(), tool.home)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: addnodes.pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        found = self.by_id().get(target)
        if found is None:
            return []
        ref = refnode(builder, fromdocname, found[0], "", contnode, found[1].title)
        return [("pathway:pathway", ref)]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for pathway_id, (docname, pathway) in sorted(self.by_id().items()):
            yield pathway_id, pathway.title, "pathway", docname, "", 1


def keep_unknown_as_text(
    app: Sphinx, env: BuildEnvironment, node: addnodes.pending_xref, contnode: nodes.Element
) -> nodes.Element | None:
    """Unknown ids stay plain text. Links a pathway file makes were reported by the pathway
    checks with file and line; a ``{pathway}`` role in a page is reported here."""
    if node.get("refdomain") != "pathway":
        return None
    if not node.get("council_checked"):
        known = tuple(pathways_domain(env).by_id())
        logger.warning(
            "{pathway}: %r is not the id of any pathway%s",
            node["reftarget"],
            suggest(node["reftarget"], known),
            type=WARNING_TYPE,
            subtype=Check.PATHWAY.value,
            location=node,
        )
    return contnode


def pathways_domain(env: BuildEnvironment) -> PathwaysDomain:
    return cast("PathwaysDomain", env.get_domain("pathway"))


def xref(typ: str, target: str, text: str, domain: str = "pathway") -> addnodes.pending_xref:
    node = addnodes.pending_xref(
        "",
        refdomain=domain,
        reftype=typ,
        reftarget=target,
        refexplicit=bool(text),
        council_checked=True,  # the pathway checks report unknown targets
    )
    node += nodes.inline("", text or target)
    return node
