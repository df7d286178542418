"""PEPs on the site: the ``{pep}`` role, a page for every PEP the site cites or lists, and the
list of a topic's PEPs by status.

API for other extensions (pathways register their steps' PEPs here):

- :func:`pep_reference` builds the node the ``{pep}`` role makes: a link with the PEP's title
  and status on hover and a status marker with text.
- :meth:`PepCitations.note_citation` (``pep_citations(env).note_citation(docname, number,
  label, anchor, kind)``), called while ``docname`` is read, lists the citing place on the PEP's
  page. Citations are cleared with their document, so call it on every read.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator, Set
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, NamedTuple, cast

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.domains import Domain
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxRole
from sphinx.util.nodes import split_explicit_title

from ..core.changes import changed_since
from ..core.problems import WARNING_TYPE, Check
from ..decisions.domain import council_domain
from ..decisions.model import DecisionRecord
from ..decisions.nodes import decisions_table
from ..sphinxext.config import council_config
from ..sphinxext.nodes import Links, date_node, field, joined, link, paragraph
from ..sphinxext.outputs import page_path
from .index import (
    REFRESH_RECORD,
    PepInfo,
    index_provenance,
    pep_history,
    pep_index,
    pep_url,
)
from .status import STATUS_ORDER, index_disagreements, status_concern

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import OptionSpec

logger = logging.getLogger(__name__)

PEP_PAGE = "peps/pep-{:04d}"
SEVERITIES = ("warn", "info", "ignore")
DEFAULT_TOPIC = "packaging"
PEP_CLASS = "council-pep-ref"


class PepCitation(NamedTuple):
    """One place on the site that cites a PEP; ``anchor`` is an id on the citing page."""

    docname: str
    number: int
    label: str = ""
    anchor: str = ""
    kind: str = "page"  # "page", "decision" or "step"


# --- the reference node -------------------------------------------------------------------


def pep_reference(
    number: int, *, text: str = "", anchor: str = "", refuri: str = "", with_title: bool = True
) -> nodes.inline:
    """A link to a PEP showing its title, with title and status on hover and a status marker.

    ``refuri`` overrides the target (peps.python.org, plus ``#anchor``); ``text`` replaces the
    shown "PEP 621: title".
    """
    info = pep_index().get(number)
    shown = text or (f"PEP {number}: {info.title}" if info and with_title else f"PEP {number}")
    target = refuri or pep_url(number) + (f"#{anchor}" if anchor else "")
    hover = f"PEP {number}: {info.title} ({info.status})" if info else _unknown(number)
    internal = not target.startswith(("https:", "http:"))
    reference = nodes.reference("", shown, refuri=target, reftitle=hover, internal=internal)
    wrapper = nodes.inline("", "", classes=[PEP_CLASS], pep=number)
    wrapper += reference
    wrapper += nodes.Text(" ")
    wrapper += status_marker(info.status if info else "")
    return wrapper


def status_marker(status: str) -> nodes.inline:
    """The PEP's status as a small labelled marker: words, not colour alone."""
    slug = re.sub(r"[^a-z]+", "-", status.lower()).strip("-") or "unknown"
    marker = nodes.inline("", "", classes=["council-pep-status", f"council-pep-status-{slug}"])
    marker += nodes.inline("", "PEP status: ", classes=["visually-hidden"])
    marker += nodes.Text(status or "not in the index")
    return marker


def _unknown(number: int) -> str:
    return f"PEP {number} is not in the PEP index ({index_provenance()})"


def data_file(name: str) -> str:
    """The path of a vendored data file, for ``env.note_dependency``."""
    return str(resources.files("sphinx_council").joinpath("data", name))


# --- the role -----------------------------------------------------------------------------


class PepRole(SphinxRole):
    """``{pep}`621```, ``{pep}`621#specification```, ``{pep}`the metadata PEP <621>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        explicit, title, target = split_explicit_title(self.text)
        number_text, _, anchor = target.strip().partition("#")
        if not number_text.strip().isdigit():
            self._warn(f"{{pep}}: {target!r} is not a PEP number; write e.g. 621 or 621#anchor")
            return [nodes.Text(self.text)], []
        number = int(number_text)
        self.env.note_dependency(data_file("peps.json"))
        info = pep_index().get(number)
        if info is None:
            self._warn(f"{{pep}}: {_unknown(number)}")
        elif not self._is_subject(number):
            self._status_warning(info)
        node = pep_reference(number, text=title if explicit else "", anchor=anchor.strip())
        node["from_role"] = True  # noted as a citation once the doctree is read
        self.set_source_info(node)
        return [node], []

    def _is_subject(self, number: int) -> bool:
        """A record that is about this PEP (its ``peps`` field) cites it knowingly."""
        record = council_domain(self.env).record_for(self.env.docname)
        return record is not None and number in record.peps

    def _status_warning(self, info: PepInfo) -> None:
        concern = status_concern(info)
        severity = self.config.council_pep_status_warnings
        if concern is None or severity == "ignore":
            return
        message = f"{{pep}}: {concern}"
        if severity == "info":
            logger.info("%s: %s", self.get_location(), message)
        else:
            self._warn(message)

    def _warn(self, message: str) -> None:
        logger.warning(
            message, type=WARNING_TYPE, subtype=Check.PEP.value, location=self.get_location()
        )


# --- citation data ------------------------------------------------------------------------


class PepCitations(Domain):
    """Which document cites which PEP, kept per document for parallel and incremental builds."""

    name = "peps"
    label = "PEP citations"
    data_version = 1
    initial_data: ClassVar[dict[str, Any]] = {
        "citations": {},  # docname -> list of PepCitation
        "lists": {},  # docname -> topics of the PEP lists on it
        "pages": {},  # derived at env-updated: PEP number -> fingerprint of its page
        "pending": [],  # PEP pages whose content changed
        "listing": {},  # fingerprint of what the PEP lists show, to rewrite them on change
        "index_digest": None,  # hash of the vendored PEP data the environment was built with
    }

    @property
    def citations(self) -> dict[str, list[PepCitation]]:
        return cast("dict[str, list[PepCitation]]", self.data["citations"])

    @property
    def lists(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["lists"])

    def note_citation(
        self, docname: str, number: int, label: str = "", anchor: str = "", kind: str = "page"
    ) -> None:
        """Record that ``docname`` cites PEP ``number``; ``label`` names the citing place
        (the page title when empty) and ``anchor`` is its id on that page."""
        cited = self.citations.setdefault(docname, [])
        citation = PepCitation(docname, number, label, anchor, kind)
        if citation not in cited:
            cited.append(citation)

    def note_list(self, docname: str, topic: str) -> None:
        self.lists.setdefault(docname, set()).add(topic)

    def clear_doc(self, docname: str) -> None:
        self.citations.pop(docname, None)
        self.lists.pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in ("citations", "lists"):
            self.data[key].update(
                (doc, value) for doc, value in otherdata[key].items() if doc in docnames
            )

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

    @property
    def page_numbers(self) -> list[int]:
        """The PEPs that get a page, in number order."""
        return sorted(int(n) for n in self.data["pages"])


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


# --- a refreshed index ------------------------------------------------------------------


@cache
def index_digest() -> str:
    """A hash of the vendored PEP data, to tell when ``council peps refresh`` changed it."""
    digest = hashlib.sha256()
    for name in ("peps.json", "pep-status-history.json", REFRESH_RECORD):
        path = Path(data_file(name))
        digest.update(path.read_bytes() if path.is_file() else b"-")
    return digest.hexdigest()


def index_changed(data: dict[str, Any], digest: str) -> bool:
    """Whether the index differs from the one the environment was built with (and remember
    the new one). A fresh environment reads every document anyway."""
    previous = data.get("index_digest")
    data["index_digest"] = digest
    return previous is not None and previous != digest


def outdate_on_new_index(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Reread every document when the PEP index changed: titles and statuses appear on
    decision panels, listings and {pep} roles all over the site."""
    if index_changed(pep_citations(env).data, index_digest()):
        return sorted(env.found_docs)
    return []


# --- deriving the PEP pages ---------------------------------------------------------------


class Backlinks(NamedTuple):
    """Everything on the site that cites one PEP."""

    decisions: list[DecisionRecord]
    places: list[PepCitation]


def backlinks(env: BuildEnvironment) -> dict[int, Backlinks]:
    """Citing decisions and other places for every cited PEP, in a stable order."""
    council = council_domain(env)
    config = council_config(env.config)
    result: dict[int, Backlinks] = {}
    for number, records in council.catalog.peps().items():
        result[number] = Backlinks(list(records), [])
    for docname in sorted(pep_citations(env).citations):
        for citation in pep_citations(env).citations[docname]:
            entry = result.setdefault(citation.number, Backlinks([], []))
            record = council.record_for(docname) if config.is_decision(docname) else None
            if record is not None and record.id:
                if record not in entry.decisions:
                    entry.decisions.append(record)
            elif citation not in entry.places:
                entry.places.append(citation)
    return dict(sorted(result.items()))


def listed_peps(domain: PepCitations) -> set[int]:
    topics = set().union(*domain.lists.values()) if domain.lists else set()
    return {info.number for info in pep_index().values() if topics & set(info.topics)}


def plan_pep_pages(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Decide which PEP pages exist and which changed; name the PEP lists to rewrite."""
    domain = pep_citations(env)
    index = pep_index()
    cited = backlinks(env)
    numbers = sorted((set(cited) | listed_peps(domain)) & set(index))
    facts = {n: _page_facts(env, n, cited.get(n), set(numbers)) for n in numbers}
    domain.data["pending"] = sorted(changed_since(domain.data, "pages", facts) & set(numbers))
    shown = {n: [(r.id, r.title, r.source) for r in cited[n].decisions] for n in cited}
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
    digests = [council_domain(env).digest(r) for r in cites.decisions] if cites else []
    info = pep_index()[number]
    # Replaces/Superseded-by link to the related PEP's page here only when it has one.
    related = [n in pages for n in (*info.replaces, *info.superseded_by)]
    # The citing records stand in by their digests and the PEP's headers and history by the
    # digest of the vendored data: hashing their text again for every page costs more than the
    # rest of planning together.
    places = cites.places if cites else []
    return (number, index_digest(), places, titles, digests, related, index_provenance())


def pep_page_name(number: int) -> str:
    return PEP_PAGE.format(number)


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
        yield page, {"title": f"PEP {number}: {info.title}", "body": body}, "page.html"


def pep_page(app: Sphinx, info: PepInfo, cites: Backlinks, links: Links) -> nodes.section:
    """The body of a PEP's page: headers, notes, dated history and what cites it."""
    section = nodes.section(ids=[f"pep-{info.number:04d}"])
    section += nodes.title("", f"PEP {info.number}: {info.title}")
    section += _pep_fields(info, links)
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


def _pep_fields(info: PepInfo, links: Links) -> nodes.field_list:
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
        shown: list[nodes.Node | str] = [link(_host(resolution.url), resolution.url)]
        if resolution.date:
            shown = [date_node(resolution.date), ", ", *shown]
        fields += field("Resolution", *shown)
    for name, numbers in (("Replaces", info.replaces), ("Superseded by", info.superseded_by)):
        if numbers:
            fields += field(name, *joined(_pep_link(n, links) for n in numbers))
    fields += field("Full text", link(f"PEP {info.number} on peps.python.org", info.url))
    return fields


def _pep_link(number: int, links: Links, *, with_title: bool = True) -> nodes.inline:
    """A PEP's page on this site when it has one, else its page on peps.python.org."""
    env = links.builder.env
    has_page = number in pep_citations(env).data["pages"]
    # Without a page in this output (LaTeX, single page), the PEP links to peps.python.org.
    uri = (links.to_doc(pep_page_name(number)) if has_page else None) or ""
    return pep_reference(number, refuri=uri, with_title=with_title)


def _host(url: str) -> str:
    return url.split("//", 1)[-1].split("/", 1)[0] or url


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
    if not cites.decisions and not cites.places:
        section += paragraph("No decision or page on this site cites this PEP yet.")
        return section
    if cites.decisions:
        section += paragraph(f"Decisions that cite PEP {info.number}:")
        section += decisions_table(cites.decisions, links)
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


def _list_doc(app: Sphinx) -> str:
    """The page that lists PEPs (the home page if there is none)."""
    pages = sorted(pep_citations(app.env).lists)
    return pages[0] if pages else app.config.root_doc


# --- upgrading the PEP links of decision panels and tables --------------------------------

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


# --- the list of a topic's PEPs -----------------------------------------------------------


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
        self.env.note_dependency(data_file("peps.json"))
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
        decisions = cited[info.number].decisions if info.number in cited else []
        body += _row(
            [
                paragraph(link(f"PEP {info.number}", links.to_doc(pep_page_name(info.number)))),
                paragraph(info.title),
                paragraph(info.type),
                paragraph(*joined(link(r.id, links.to_record(r), title=r.title) for r in decisions))
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


# --- configuration ------------------------------------------------------------------------


def check_pep_config(app: Sphinx, config: Config) -> None:
    value = config.council_pep_status_warnings
    if value not in SEVERITIES:
        logger.warning(
            "conf.py: council_pep_status_warnings must be one of %s, not %r; using 'warn'",
            ", ".join(SEVERITIES),
            value,
            type=WARNING_TYPE,
            subtype=Check.CONFIG.value,
        )
        config.council_pep_status_warnings = "warn"


def setup_peps(app: Sphinx) -> None:
    app.add_domain(PepCitations)
    app.add_role("pep", PepRole(), override=True)
    app.add_node(pep_listing)
    app.add_directive("pep-list", PepListDirective)
    app.connect("config-inited", check_pep_config)
    app.connect("doctree-read", collect_role_citations)
    app.connect("env-get-outdated", outdate_on_new_index)
    app.connect("env-updated", plan_pep_pages, priority=650)
    app.connect("doctree-resolved", fill_pep_lists)
    app.connect("doctree-resolved", upgrade_page_links, priority=600)
    app.connect("html-collect-pages", collect_pep_pages)
    app.add_css_file("council-peps.css")


__all__ = ["PepCitation", "PepCitations", "pep_citations", "pep_reference", "status_marker"]
