"""Which document cites which PEP: the ``peps`` domain, kept per document for parallel and
incremental builds.

API for other extensions (pathways register their steps' PEPs here):
:meth:`PepCitations.note_citation` (``pep_citations(env).note_citation(docname, number, label,
anchor, kind)``), called while ``docname`` is read, lists the citing place on the PEP's page.
Citations are cleared with their document, so call it on every read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, cast

from docutils import nodes

from ..sphinxext.domains import PerDocumentDomain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.environment import BuildEnvironment


class PepCitation(NamedTuple):
    """One place on the site that cites a PEP; ``anchor`` is an id on the citing page."""

    docname: str
    number: int
    label: str = ""
    anchor: str = ""
    kind: str = "page"  # "page", "decision" or "step"


class CitingRecord(NamedTuple):
    """A record about PEPs (a council decision), as PEP pages and lists show it.

    The PEP concern knows no records: the concern that has them answers the
    ``council-pep-records`` event with these (:mod:`sphinx_council.decisions.pepcites`).
    """

    id: str
    title: str
    docname: str
    peps: tuple[int, ...]
    fingerprint: str  # changes whenever what a PEP page shows of the record changes


class PepCitations(PerDocumentDomain):
    """Citations and PEP lists per document, and what the PEP pages were last built from."""

    per_document = ("citations", "lists", "subjects")

    name = "peps"
    label = "PEP citations"
    data_version = 2
    initial_data: ClassVar[dict[str, Any]] = {
        "citations": {},  # docname -> list of PepCitation
        "lists": {},  # docname -> topics of the PEP lists on it
        "subjects": {},  # docname -> the PEPs a record on it is about (cited knowingly)
        "records": [],  # derived at env-updated: every record that cites PEPs, newest first
        "pages": {},  # derived at env-updated: PEP number -> fingerprint of its page
        "pending": [],  # PEP pages whose content changed
        "listing": {},  # fingerprint of what the PEP lists show, to rewrite them on change
        "index_digest": None,  # hash of the PEP data the environment was built with
    }

    @property
    def citations(self) -> dict[str, list[PepCitation]]:
        return cast("dict[str, list[PepCitation]]", self.data["citations"])

    @property
    def lists(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["lists"])

    @property
    def records(self) -> list[CitingRecord]:
        return cast("list[CitingRecord]", self.data["records"])

    @property
    def page_numbers(self) -> list[int]:
        """The PEPs that get a page, in number order."""
        return sorted(int(n) for n in self.data["pages"])

    def note_citation(
        self, docname: str, number: int, label: str = "", anchor: str = "", kind: str = "page"
    ) -> None:
        """Record that ``docname`` cites PEP ``number``; ``label`` names the citing place
        (the page title when empty) and ``anchor`` is its id on that page."""
        cited = self.citations.setdefault(docname, [])
        citation = PepCitation(docname, number, label, anchor, kind)
        if citation not in cited:
            cited.append(citation)

    def note_subjects(self, docname: str, numbers: tuple[int, ...]) -> None:
        """The document is a record about these PEPs: citing them there warns of no status."""
        self.data["subjects"][docname] = set(numbers)

    def is_subject(self, docname: str, number: int) -> bool:
        return number in self.data["subjects"].get(docname, ())

    def note_list(self, docname: str, topic: str) -> None:
        self.lists.setdefault(docname, set()).add(topic)

    def resolve_any_xref(
        self,
        env: BuildEnvironment,
        fromdocname: str,
        builder: Builder,
        target: str,
        node: Any,
        contnode: nodes.Element,
    ) -> list[tuple[str, nodes.reference]]:
        return []


PEP_PAGE = "peps/pep-{:04d}"


def pep_page_name(number: int) -> str:
    return PEP_PAGE.format(number)


def pep_citations(env: BuildEnvironment) -> PepCitations:
    return cast("PepCitations", env.get_domain("peps"))


def collect_role_citations(app: Sphinx, doctree: nodes.document) -> None:
    """Note each ``{pep}`` role with the section it stands in, for the PEP's page."""
    domain = pep_citations(app.env)
    docname = app.env.docname
    top = next(iter(doctree.findall(nodes.section)), None)
    for node in doctree.findall(nodes.inline):
        # Extensions that build the node themselves note their own citations.
        if not node.get("from_role"):
            continue
        section = _enclosing_section(node)
        if section is None or section is top or not section["ids"]:
            domain.note_citation(docname, node["pep"])
        else:
            label = section[0].astext() if isinstance(section[0], nodes.title) else ""
            domain.note_citation(docname, node["pep"], label, section["ids"][0])


def _enclosing_section(node: nodes.Node) -> nodes.section | None:
    parent = node.parent
    while parent is not None and not isinstance(parent, nodes.section):
        parent = parent.parent
    return parent


def setup_domain(app: Sphinx) -> None:
    app.add_domain(PepCitations)
    app.connect("doctree-read", collect_role_citations)


__all__ = ["CitingRecord", "PepCitation", "PepCitations", "pep_citations"]
