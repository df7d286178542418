"""Pathways as pages: each ``pathways/*.yaml`` file is a document read by its own parser.

The parser checks the file (:mod:`sphinx_council.pathway_rules`) and builds the page from
docutils nodes, so every piece of pathway text is escaped by the writer. What depends on other
documents (links to other pathways, decision titles, the tool list's address, the decisions
that affect the persona, the stale banner) is resolved when the page is written, from the
``pathway`` domain's data and the ``council`` domain's catalog.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar, cast

from docutils import nodes
from sphinx import addnodes
from sphinx.domains import Domain, ObjType
from sphinx.parsers import Parser
from sphinx.roles import XRefRole
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective
from sphinx.util.nodes import make_refnode
from sphinx_design.shared import create_component

from . import __version__
from .catalog import fingerprint
from .config import council_config
from .domain import council_domain
from .pathway_rules import build_date, load_pathway, pathway_set_problems
from .pathways import (
    Choice,
    Pathway,
    PathwayEvent,
    Resource,
    Step,
    pathway_events,
    persona_label,
)
from .pepindex import pep_index
from .problems import WARNING_TYPE, Check, Problem
from .pypug import GuideInventory, guide_inventory, readable_title
from .records import DecisionRecord
from .render import Links, date_node, link, long_date, paragraph, pep_link, readable, status_badge
from .toollist import group_tools

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.builders import Builder
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment
    from sphinx.util.typing import ExtensionMetadata
    from sphinx.writers.html5 import HTML5Translator

logger = logging.getLogger(__name__)

FILETYPE = "council-pathway"
PER_DOCUMENT = ("pathways", "pep_citations", "listing_docs")


# -- Nodes filled in or written specially -------------------------------------------------------


class progress_tick(nodes.Inline, nodes.Element):
    """A "done" checkbox for one step; the browser keeps its state (nothing is sent anywhere)."""


class pathway_placeholder(nodes.General, nodes.Element):
    """Filled when the page is written: ``kind`` is banner, decisions, cards or tools."""


def visit_progress_tick(self: HTML5Translator, node: progress_tick) -> None:
    ident = self.attval(node["input_id"])
    self.body.append(
        '<span class="council-tick">'
        f'<input type="checkbox" id="{ident}" '
        f'data-council-pathway="{self.attval(node["pathway"])}" '
        f'data-council-step="{self.attval(node["step"])}">'
        f'<label for="{ident}">Done<span class="council-visually-hidden">: '
        f"{self.encode(node['label'])}</span></label></span>"
    )
    raise nodes.SkipNode


def skip_node(self: object, node: nodes.Node) -> None:
    raise nodes.SkipNode


# -- The domain -----------------------------------------------------------------------------------


class PathwayRefRole(XRefRole):
    """``{pathway}`newcomer``` links to a pathway by id and shows its title."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        self.name = "pathway:pathway"
        return super().run()


class PathwaysDomain(Domain):
    """Pathways by document, the PEPs their steps cite, and the pages that list them."""

    name = "pathway"
    label = "Pathways"
    object_types = {"pathway": ObjType("pathway", "pathway")}
    roles = {"pathway": PathwayRefRole(innernodeclass=nodes.inline)}
    initial_data: ClassVar[dict[str, Any]] = {
        "pathways": {},  # docname -> Pathway
        "pep_citations": {},  # docname -> {step id: PEP numbers}
        "listing_docs": {},  # docname -> kinds of listing it holds ("cards", "tools")
        "fingerprints": {},  # derived at env-updated, to find pages to rewrite
    }

    @property
    def pathways(self) -> dict[str, Pathway]:
        return cast("dict[str, Pathway]", self.data["pathways"])

    @property
    def listing_docs(self) -> dict[str, set[str]]:
        return cast("dict[str, set[str]]", self.data["listing_docs"])

    def peps_cited(self, docname: str) -> dict[str, tuple[int, ...]]:
        """The PEPs each step of a pathway page cites, by step id (for PEP backlinks)."""
        return cast("dict[str, tuple[int, ...]]", self.data["pep_citations"].get(docname, {}))

    def note_pathway(self, docname: str, pathway: Pathway) -> None:
        self.pathways[docname] = pathway
        self.data["pep_citations"][docname] = {s.id: s.peps for s in pathway.steps if s.peps}

    def note_listing(self, docname: str, kind: str) -> None:
        self.listing_docs.setdefault(docname, set()).add(kind)

    def clear_doc(self, docname: str) -> None:
        for key in PER_DOCUMENT:
            self.data[key].pop(docname, None)

    def merge_domaindata(self, docnames: Set[str], otherdata: dict[str, Any]) -> None:
        for key in PER_DOCUMENT:
            self.data[key].update(
                (docname, value) for docname, value in otherdata[key].items() if docname in docnames
            )

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
            return make_refnode(builder, fromdocname, record.source, "", text, record.id)
        found = self.by_id().get(target)
        if found is None:
            return None
        docname, pathway = found
        text = contnode if node.get("refexplicit") else nodes.inline("", pathway.title)
        return make_refnode(builder, fromdocname, docname, "", text, pathway.title)

    def _tool_ref(
        self, fromdocname: str, builder: Builder, target: str, contnode: nodes.Element
    ) -> nodes.reference | None:
        tool = guide_inventory().tools.get(target)
        page = self.tool_list_doc()
        if page is not None:
            anchor = f"tool-{target}" if target else ""
            return make_refnode(builder, fromdocname, page, anchor, contnode, target)
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
        ref = make_refnode(builder, fromdocname, found[0], "", contnode, found[1].title)
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
            GuideInventory.suggest(node["reftarget"], known),
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


# -- Reading a pathway file ---------------------------------------------------------------------


def warn(problem: Problem) -> None:
    logger.warning(
        problem.text,
        type=WARNING_TYPE,
        subtype=problem.check.value,
        location=(problem.source, problem.line),
    )


class PathwayParser(Parser):
    """Reads a pathway's YAML file into its page."""

    supported = (FILETYPE,)

    def parse(self, inputstring: str, document: nodes.document) -> None:
        env: BuildEnvironment = document.settings.env
        docname = env.docname
        config = council_config(env.config)
        pathway, problems = load_pathway(
            docname, inputstring, config.personas, stem=Path(docname).name
        )
        for problem in problems:
            warn(problem)
        if pathway is None:
            section = nodes.section(ids=[nodes.make_id(docname)])
            section += nodes.title("", Path(docname).name)
            section += paragraph("This pathway could not be read; see the build's warnings.")
            document += section
            return
        pathways_domain(env).note_pathway(docname, pathway)
        for step in pathway.steps:
            for resource in step.resources:
                if resource.kind == "decision":
                    council_domain(env).note_reference(docname, resource.target)
        document += pathway_page(pathway, env.doc2path(docname))


# -- The page, built from the pathway alone -----------------------------------------------------


def duration(minutes: int) -> str:
    """``1 h 05 min`` for readers; ``45 min`` under an hour."""
    hours, rest = divmod(minutes, 60)
    if not hours:
        return f"{rest} min"
    return f"{hours} h {rest:02d} min" if rest else f"{hours} h"


def prose(text: str) -> list[nodes.Node | str]:
    """Pathway text: `backticks` mark commands, file names and code, shown as code (and kept
    away from smart quotes, which would turn ``--`` into a dash)."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # unbalanced; the checks report it, the text shows as written
        return [text]
    return [nodes.literal(p, p) if i % 2 else p for i, p in enumerate(parts) if p]


def section(ident: str, title: str, *classes: str) -> nodes.section:
    node = nodes.section(ids=[ident], classes=list(classes))
    node += nodes.title("", title)
    return node


def bullets(items: Iterable[nodes.paragraph | str], *classes: str) -> nodes.bullet_list:
    """A list of pathway texts (shown with their code spans) or ready paragraphs."""
    node = nodes.bullet_list(classes=list(classes))
    for item in items:
        para = item if isinstance(item, nodes.paragraph) else paragraph(*prose(item))
        node += nodes.list_item("", para)
    return node


def pathway_page(pathway: Pathway, source: object) -> nodes.section:
    page = section(nodes.make_id(f"pathway-{pathway.id}"), pathway.title or pathway.id)
    page["classes"].append("council-pathway")
    page["council_pathway"] = pathway.id
    page += pathway_placeholder(kind="banner")
    if pathway.summary:
        summary = paragraph(*prose(pathway.summary))
        summary["classes"].append("council-pathway-summary")
        page += summary
    page += facts(pathway)
    page += audience(pathway)
    if pathway.prerequisite_pathways or pathway.prerequisite_skills:
        before = section("before-you-start", "Before you start")
        if pathway.prerequisite_pathways:
            before += paragraph(
                "Follow these pathways first: ",
                *joined_nodes(xref("pathway", p, "") for p in pathway.prerequisites),
                ".",
            )
        if pathway.prerequisite_skills:
            before += paragraph("You should already be able to:")
            before += bullets(pathway.prerequisite_skills)
        page += before
    if pathway.outcomes:
        outcomes = section("outcomes", "What you will be able to do")
        outcomes += bullets(pathway.outcomes)
        page += outcomes
    page += steps_section(pathway)
    decisions = section("decisions-for-you", "Council decisions that affect you")
    decisions += pathway_placeholder(kind="decisions", persona=pathway.persona)
    page += decisions
    if pathway.changes:
        page += changes_section(pathway)
    for node in page.findall(nodes.Element):
        node.source = node.source or str(source)
    return page


def joined_nodes(items: Iterable[nodes.Node], separator: str = ", ") -> list[nodes.Node]:
    result: list[nodes.Node] = []
    for item in items:
        if result:
            result.append(nodes.Text(separator))
        result.append(item)
    return result


def facts(pathway: Pathway) -> nodes.field_list:
    fields = nodes.field_list(classes=["council-pathway-facts"])
    rows: list[tuple[str, list[nodes.Node | str]]] = [
        ("For", [readable(persona_label(pathway.persona))]),
        ("Level", [readable(pathway.level)]),
        ("Time", [f"about {duration(pathway.minutes)} in {len(pathway.steps)} steps"]),
    ]
    if pathway.reviewed:
        reviewed: list[nodes.Node | str] = [date_node(pathway.reviewed)]
        if pathway.review_due:
            reviewed += [f" (next review by {long_date(pathway.review_due)})"]
        rows.append(("Reviewed", reviewed))
    for name, body in rows:
        item = nodes.field()
        item += nodes.field_name("", name)
        item += nodes.field_body("", paragraph(*body))
        fields += item
    return fields


def audience(pathway: Pathway) -> nodes.section:
    node = section("is-this-for-you", "Is this for you?")
    if pathway.for_you_if:
        node += paragraph("This pathway is for you if:")
        node += bullets(pathway.for_you_if)
    if pathway.go_elsewhere:
        node += paragraph("Go elsewhere if:")
        node += bullets(
            paragraph(*prose(e.who), " Take ", xref("pathway", e.pathway, ""), " instead.")
            for e in pathway.go_elsewhere
        )
    return node


def steps_section(pathway: Pathway) -> nodes.section:
    node = section("steps", "Steps")
    total = len(pathway.steps)
    progress = paragraph(f"{total} steps, about {duration(pathway.minutes)} in all.")
    progress["classes"].append("council-progress")
    node += progress
    overview = nodes.enumerated_list(classes=["council-step-overview"])
    for step in pathway.steps:
        ref = nodes.reference("", step.title, refid=step_anchor(step), internal=True)
        overview += nodes.list_item("", paragraph(ref, f" ({duration(step.minutes)})"))
    node += overview
    for index in range(total):
        node += step_section(pathway, index)
    return node


def step_anchor(step: Step) -> str:
    return nodes.make_id(f"step-{step.id}")


def step_section(pathway: Pathway, index: int) -> nodes.section:
    step, total = pathway.steps[index], len(pathway.steps)
    node = section(step_anchor(step), step.title, "council-step")
    node.line = step.line
    meta = paragraph(f"Step {index + 1} of {total} · about {duration(step.minutes)} · ")
    meta["classes"].append("council-step-meta")
    meta += progress_tick(
        pathway=pathway.id,
        step=step.id,
        input_id=nodes.make_id(f"done-{pathway.id}-{step.id}"),
        label=step.title,
    )
    node += meta
    if step.why:
        why = paragraph(nodes.strong("", "Why: "), *prose(step.why))
        why["classes"].append("council-why")
        node += why
    if step.do:
        node += paragraph(*prose(step.do))
    if step.choice:
        node += choice_box(step.choice)
    if step.checkpoint:
        node += checkpoint_box(step)
    if step.resources:
        node += paragraph(nodes.strong("", "Read more"))
        node += bullets((resource_item(r) for r in step.resources), "council-resources")
    node += step_nav(pathway, index)
    return node


def choice_box(choice: Choice) -> nodes.container:
    box = nodes.container(classes=["council-choice"])
    box += paragraph(
        nodes.strong("", "Start with "), xref("tool", choice.default, _tool_name(choice.default))
    )
    if choice.reason:
        box += paragraph(*prose(choice.reason))
    if choice.alternatives:
        box += bullets(
            paragraph(
                "Pick ", xref("tool", a.tool, _tool_name(a.tool)), " instead when ", *prose(a.when)
            )
            for a in choice.alternatives
        )
    box += paragraph(xref("tool", "", "Compare every tool in the neutral tool list"))
    return box


def _tool_name(tool_id: str) -> str:
    tool = guide_inventory().tools.get(tool_id)
    return tool.name if tool else tool_id


def checkpoint_box(step: Step) -> nodes.container:
    assert step.checkpoint is not None
    box = nodes.container(classes=["council-checkpoint"])
    box += paragraph(nodes.strong("", "Checkpoint: "), "run")
    block = nodes.literal_block(step.checkpoint.run, step.checkpoint.run, language="shell")
    block["classes"].append("council-command")
    box += block
    success = paragraph(nodes.strong("", "Success looks like: "), *prose(step.checkpoint.success))
    success["classes"].append("council-success")
    box += success
    return box


def resource_item(resource: Resource) -> nodes.paragraph:
    guide = guide_inventory()
    if resource.kind == "pep":
        return paragraph(*pep_reference(int(resource.target)))
    if resource.kind == "decision":
        return paragraph(
            "Council decision ",
            resource.target,
            ": ",
            xref("decision", resource.target, resource.title),
        )
    if resource.kind == "tool":
        tool = guide.tools[resource.target]
        return paragraph(link(resource.title or f"{tool.name} documentation", tool.home))
    if resource.kind in ("guide", "term"):
        target = (
            guide.resolve(resource.target)
            if resource.kind == "guide"
            else guide.term(resource.target)
        )
        assert target is not None  # checked when the file was read
        text = resource.title or readable_title(target.title)
        prefix = "Glossary: " if resource.kind == "term" else "Packaging User Guide: "
        return paragraph(prefix, rich_link(text, target.url))
    return paragraph(rich_link(resource.title, resource.target))


def rich_link(text: str, url: str) -> nodes.reference:
    """An external link whose text may hold `code`."""
    return nodes.reference("", "", *to_nodes(prose(text)), refuri=url)


def to_nodes(parts: list[nodes.Node | str]) -> list[nodes.Node]:
    return [nodes.Text(p) if isinstance(p, str) else p for p in parts]


def pep_reference(number: int) -> list[nodes.Node | str]:
    """How a step cites a PEP: its link, title and status (one place to swap in a PEP role)."""
    info = pep_index().get(number)
    if info is None:
        return [pep_link(number)]
    status = nodes.inline(
        "", info.status, classes=["council-pep-status", f"council-pep-{nodes.make_id(info.status)}"]
    )
    return [pep_link(number), f": {info.title} ", status]


def step_nav(pathway: Pathway, index: int) -> nodes.paragraph:
    nav = paragraph()
    nav["classes"].append("council-step-nav")
    if index > 0:
        before = pathway.steps[index - 1]
        nav += nodes.reference(
            "",
            f"← Previous: {before.title}",
            refid=step_anchor(before),
            internal=True,
            classes=["council-step-prev"],
        )
    if index + 1 < len(pathway.steps):
        after = pathway.steps[index + 1]
        if index > 0:
            nav += nodes.Text(" ")
        nav += nodes.reference(
            "",
            f"Next: {after.title} →",
            refid=step_anchor(after),
            internal=True,
            classes=["council-step-next"],
        )
    else:
        if index > 0:
            nav += nodes.Text(" ")
        nav += nodes.reference(
            "",
            "Finished: see the decisions that affect you →",
            refid="decisions-for-you",
            internal=True,
            classes=["council-step-next"],
        )
    return nav


def changes_section(pathway: Pathway) -> nodes.section:
    node = section("changes", "Changes to this pathway")
    node += bullets(
        paragraph(date_node(change.date), ": ", *prose(change.summary))
        for change in sorted(pathway.changes, key=lambda c: c.date, reverse=True)
    )
    return node


# -- Listing pages: the persona cards and the tool list -----------------------------------------


class PathwayCardsDirective(SphinxDirective):
    """``{pathway-cards}``: a card per pathway, in persona order ("Find your path")."""

    listing = "cards"

    def run(self) -> list[nodes.Node]:
        pathways_domain(self.env).note_listing(self.env.docname, self.listing)
        node = pathway_placeholder(kind=self.listing)
        self.set_source_info(node)
        return [node]


class PathwayToolsDirective(PathwayCardsDirective):
    """``{pathway-tools}``: every tool of the landscape, grouped, with pathway defaults marked."""

    listing = "tools"


def render_cards(app: Sphinx, docname: str) -> list[nodes.Node]:
    domain = pathways_domain(app.env)
    pathways = domain.ordered(council_config(app.config).personas)
    if not pathways:
        return [paragraph("No pathways are written yet.")]
    links = Links(app.builder, docname)
    row = create_component(
        "grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2", "sd-row-cols-lg-3", "sd-g-3"]
    )
    for target, pathway in pathways:
        body = create_component("card-body", ["sd-card-body"])
        persona = paragraph(f"For {persona_label(pathway.persona)}")
        persona["classes"].append("council-card-persona")
        body += persona
        title = paragraph(link(pathway.title, links.to_doc(target), "sd-stretched-link"))
        title["classes"] += ["sd-card-title", "sd-font-weight-bold"]
        body += title
        body += paragraph(*prose(pathway.summary))
        meta = paragraph(
            f"{readable(pathway.level)} · {len(pathway.steps)} steps · "
            f"about {duration(pathway.minutes)}"
        )
        meta["classes"].append("council-card-meta")
        body += meta
        card = create_component(
            "card", ["sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "sd-card-hover"]
        )
        card += body
        column = create_component("grid-item", ["sd-col", "sd-d-flex-row"])
        column += card
        row += column
    grid = create_component(
        "grid-container", ["sd-container-fluid", "sd-sphinx-override", "council-persona-cards"]
    )
    grid += row
    return [grid]


def render_tools(app: Sphinx, docname: str) -> list[nodes.Node]:
    domain = pathways_domain(app.env)
    links = Links(app.builder, docname)
    defaults: dict[str, list[tuple[str, Pathway]]] = {}
    for target, pathway in domain.ordered(council_config(app.config).personas):
        for default in pathway.default_tools:
            defaults.setdefault(default, []).append((target, pathway))
    result: list[nodes.Node] = []
    for group in group_tools(guide_inventory().tools.values()):
        part = section(f"tools-{group.id}", group.title, "council-tool-group")
        items = nodes.bullet_list(classes=["council-tool-list"])
        for tool in group.tools:
            head = paragraph(nodes.strong("", tool.name), f" ({tool.section})")
            chosen = defaults.get(tool.id, [])
            if chosen:
                head += nodes.Text(" ")
                head += nodes.inline("", "Pathway default", classes=["council-default-badge"])
            item = nodes.list_item("", head, ids=[f"tool-{tool.id}"])
            item["classes"].append("council-tool")
            item += paragraph(
                *joined_nodes(
                    [cast("nodes.Node", link("Guide entry", tool.summary_url))]
                    + [link(name, url) for name, url in tool.links if _secure(url)]
                )
            )
            if chosen:
                item += paragraph(
                    "Default in: ",
                    *joined_nodes(link(p.title, links.to_doc(t)) for t, p in chosen),
                )
            items += item
        part += items
        result.append(part)
    result.append(
        paragraph(
            "Projects and links from the Packaging User Guide's ",
            link("Project Summaries", guide_inventory().tools["uv"].summary_url.split("#")[0]),
            f" ({guide_inventory().source}).",
        )
    )
    return result


def _secure(url: str) -> bool:
    return url.startswith("https://")


# -- Write time: placeholders, banners, the decisions for a persona ------------------------------


def fill_placeholders(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    for placeholder in list(doctree.findall(pathway_placeholder)):
        kind = placeholder["kind"]
        if kind == "cards":
            content = render_cards(app, docname)
        elif kind == "tools":
            content = render_tools(app, docname)
        elif kind == "decisions":
            content = decisions_for(app, docname, placeholder["persona"])
        else:
            content = stale_banner(app, docname)
        placeholder.replace_self(content)


def persona_decisions(env: BuildEnvironment, persona: str) -> list[tuple[DecisionRecord, str]]:
    """Decisions that name this persona, newest first, with what changes for them."""
    found = []
    for record in council_domain(env).catalog.newest_first():
        for impact in record.personas:
            if impact.persona == persona:
                found.append((record, impact.what_changes))
                break
    return found


def decisions_for(app: Sphinx, docname: str, persona: str) -> list[nodes.Node]:
    found = persona_decisions(app.env, persona)
    if not found:
        return [paragraph("No council decision names this persona yet.")]
    links = Links(app.builder, docname)
    items = nodes.bullet_list(classes=["council-persona-decisions"])
    for record, what in found:
        head = paragraph(link(record.title or record.id, links.to_record(record), title=record.id))
        head += nodes.Text(" ")
        head += status_badge(record.status)
        if record.listing_date:
            head += nodes.Text(" ")
            head += date_node(record.listing_date)
        item = nodes.list_item("", head)
        if what:
            item += paragraph(nodes.strong("", "What changes for you: "), what)
        items += item
    return [items]


def stale_banner(app: Sphinx, docname: str) -> list[nodes.Node]:
    pathway = pathways_domain(app.env).pathways.get(docname)
    today = build_date(council_config(app.config).build_date)
    if pathway is None or not pathway.is_stale(today) or pathway.reviewed is None:
        return []
    due = pathway.review_due
    assert due is not None
    notice = nodes.admonition(classes=["warning", "council-stale"])
    notice += nodes.title("", "This pathway is due for review")
    notice += paragraph(
        f"It was last reviewed on {long_date(pathway.reviewed)} and should have been checked "
        f"again by {long_date(due)}. Some advice may be out of date; the Packaging User Guide "
        "links stay the reference."
    )
    return [notice]


# -- After reading: checks and the pages whose content changed -----------------------------------


def check_pathways(app: Sphinx, env: BuildEnvironment) -> None:
    """Rules across pathways, reported on every build (reviews age even when files do not)."""
    domain = pathways_domain(env)
    ids = [record.id for record in council_domain(env).catalog.records]
    today = build_date(council_config(app.config).build_date)
    for problem in pathway_set_problems(domain.pathways.values(), ids, today):
        warn(problem)


def plan_rewrites(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Pages showing facts from other documents, rewritten when those facts change."""
    domain = pathways_domain(env)
    today = build_date(council_config(app.config).build_date)
    titles = {pid: pathway.title for pid, (_, pathway) in domain.by_id().items()}
    catalog = council_domain(env).catalog
    tool_doc = domain.tool_list_doc()
    new: dict[str, str] = {}
    for docname, pathway in domain.pathways.items():
        named = sorted({*pathway.prerequisites, *(e.pathway for e in pathway.go_elsewhere)})
        new[docname] = fingerprint(
            (
                [
                    (r.id, r.title, r.status, r.listing_date, w)
                    for r, w in persona_decisions(env, pathway.persona)
                ],
                [
                    (r.target, getattr(catalog.get(r.target), "title", None))
                    for s in pathway.steps
                    for r in s.resources
                    if r.kind == "decision"
                ],
                pathway.is_stale(today),
                [(p, titles.get(p)) for p in named],
                tool_doc,
                # Theme navigation (previous/next page) follows the set of pathway pages.
                sorted(domain.pathways),
            )
        )
    listed = fingerprint(
        (
            [(d, card_facts(p)) for d, p in domain.ordered(council_config(app.config).personas)],
            tool_doc,
        )
    )
    for docname in domain.listing_docs:
        new[docname] = listed
    old: dict[str, str] = domain.data["fingerprints"]
    domain.data["fingerprints"] = new
    changed = {doc for doc in new if old.get(doc) != new[doc]}
    return sorted(changed & env.found_docs)


def card_facts(pathway: Pathway) -> tuple[object, ...]:
    """What the cards and the tool list show of a pathway; other edits leave them alone."""
    return (
        pathway.id,
        pathway.title,
        pathway.persona,
        pathway.summary,
        pathway.level,
        pathway.minutes,
        len(pathway.steps),
        pathway.default_tools,
    )


# -- Setup ----------------------------------------------------------------------------------------


def exclude_other_yaml(app: Sphinx, config: Config) -> None:
    """Only the pathways folder's YAML files are pages; any other YAML file is data."""
    folder = council_config(config).pathways_dir.strip("/")
    srcdir = Path(app.srcdir)
    for path in sorted(srcdir.rglob("*.yaml")):
        relative = path.relative_to(srcdir).as_posix()
        inside = (
            folder and relative.startswith(f"{folder}/") and "/" not in relative[len(folder) + 1 :]
        )
        if not inside and relative not in config.exclude_patterns:
            config.exclude_patterns.append(relative)


def setup(app: Sphinx) -> ExtensionMetadata:
    app.setup_extension("sphinx_council.decisions")
    app.setup_extension("sphinx_design")
    app.add_source_suffix(".yaml", FILETYPE)
    app.add_source_parser(PathwayParser)
    app.add_domain(PathwaysDomain)
    app.add_role("pathway", PathwayRefRole(innernodeclass=nodes.inline))
    app.add_node(pathway_placeholder)
    app.add_node(
        progress_tick,
        html=(visit_progress_tick, None),
        latex=(skip_node, None),
        text=(skip_node, None),
        man=(skip_node, None),
        texinfo=(skip_node, None),
    )
    app.add_directive("pathway-cards", PathwayCardsDirective)
    app.add_directive("pathway-tools", PathwayToolsDirective)
    app.connect("config-inited", exclude_other_yaml)
    app.connect("env-updated", plan_rewrites, priority=600)
    app.connect("env-check-consistency", check_pathways)
    app.connect("doctree-resolved", fill_placeholders)
    app.connect("missing-reference", keep_unknown_as_text)
    app.add_css_file("pathways.css")
    app.add_js_file("pathways.js", loading_method="defer")
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 1,
    }
