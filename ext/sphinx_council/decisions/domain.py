"""The ``council`` domain: every record read, kept per document so parallel and incremental
builds stay right, and the facts derived from them once all documents are read."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx.domains import ObjType
from sphinx.roles import XRefRole
from sphinx.util import logging

from ..core.changes import fingerprint
from ..core.problems import WARNING_TYPE, Check
from ..sphinxext.domains import PerDocumentDomain
from ..sphinxext.outputs import refnode
from .catalog import Catalog
from .model import DecisionRecord
from .roster import Roster

if TYPE_CHECKING:
    from sphinx.addnodes import pending_xref
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class DecisionRefRole(XRefRole):
    """``{decision}`PC-0001``` links to a record by id and shows its title."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        # Registered both as ``council:decision`` and as plain ``decision``.
        self.name = "council:decision"
        target = self.target.rpartition("<")[2].rstrip(">").strip()
        council_domain(self.env).note_reference(self.env.docname, target)
        return super().run()


class DecisionsDomain(PerDocumentDomain):
    """Decision records and their cross-references."""

    per_document = ("records", "digests", "references", "listing_docs")

    name = "council"
    label = "Packaging Council"
    object_types = {"decision": ObjType("decision", "decision")}
    roles = {"decision": DecisionRefRole(innernodeclass=nodes.inline)}
    initial_data: ClassVar[dict[str, Any]] = {
        "records": {},  # docname -> DecisionRecord
        "digests": {},  # docname -> hash of the record, to tell cheaply what changed
        "references": {},  # docname -> set of decision ids it cites
        "listing_docs": {},  # docname -> kinds of decision listing it holds ("index", ...)
        "catalog": Catalog(),  # derived at env-updated
        "roster": Roster(),  # loaded at builder-inited
        "roster_problems": [],  # reported at every consistency check
        "fingerprints": {},  # derived at env-updated, to find pages to rewrite
        "listing_fingerprints": {},  # the same, for pages that list decisions
        "pending_pages": [],  # generated pages whose content changed
        "json_due": True,  # whether the records changed since decisions.json was written
    }

    @property
    def records(self) -> dict[str, DecisionRecord]:
        return cast("dict[str, DecisionRecord]", self.data["records"])

    @property
    def references(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["references"])

    @property
    def listing_docs(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["listing_docs"])

    @property
    def catalog(self) -> Catalog:
        return cast("Catalog", self.data["catalog"])

    @property
    def roster(self) -> Roster:
        return cast("Roster", self.data["roster"])

    def note_record(self, docname: str, record: DecisionRecord) -> None:
        self.records[docname] = record
        self.data["digests"][docname] = fingerprint(record)

    def digest(self, record: DecisionRecord) -> str:
        """The hash of a record as it was read."""
        return cast("str", self.data["digests"][record.source])

    def note_reference(self, docname: str, record_id: str) -> None:
        self.references.setdefault(docname, set()).add(record_id)

    def note_listing(self, docname: str, kind: str) -> None:
        self.listing_docs.setdefault(docname, set()).add(kind)

    def record_for(self, docname: str) -> DecisionRecord | None:
        return self.records.get(docname)

    def resolve_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        typ: str,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> nodes.reference | None:
        record = self.catalog.get(target)
        if record is None:
            logger.warning(
                "{decision}: %r is not the id of any decision record",
                target,
                type=WARNING_TYPE,
                subtype=Check.REFERENCE.value,
                location=node,
            )
            return None
        if node.get("refexplicit"):
            content: nodes.Node = contnode
        else:
            content = nodes.inline("", record.title or record.id, classes=["council-decision-ref"])
        return refnode(
            builder, fromdocname, record.source, "", content, f"{record.id}: {record.title}"
        )

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: pending_xref,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        record = self.catalog.get(target)
        if record is None:
            return []
        ref = refnode(builder, fromdocname, record.source, "", contnode, record.title)
        return [("council:decision", ref)]

    def get_objects(self) -> Iterator[tuple[str, str, str, str, str, int]]:
        for record in self.catalog.records:
            yield record.id, record.title, "decision", record.source, "", 1

    def get_full_qualified_name(self, node: nodes.Element) -> str | None:
        return cast("str | None", node.get("reftarget"))


def council_domain(env: BuildEnvironment) -> DecisionsDomain:
    return cast("DecisionsDomain", env.get_domain("council"))


def docs_citing(domain: DecisionsDomain, ids: Iterable[str]) -> set[str]:
    """Documents that cross-reference any of these decision ids."""
    wanted = set(ids)
    return {doc for doc, cited in domain.references.items() if cited & wanted}
