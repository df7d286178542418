"""A pathway's page as docutils nodes, built from the pathway alone when its file is read.

Every piece of pathway text becomes a text node (or a literal, for `code`), so writers
escape it; links to other documents are pending cross-references resolved at write time."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from docutils import nodes

from ..core.text import long_date, readable
from ..peps import role as peps
from ..sphinxext.nodes import Links, date_node, joined, link, paragraph
from .checked import CheckedRun
from .domain import xref
from .inventory import guide_inventory
from .model import Alternative, Choice, Command, Pathway, Resource, Step, persona_label
from .userguide import readable_title

if TYPE_CHECKING:
    from sphinx.writers.html5 import HTML5Translator


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


def pathway_page(pathway: Pathway, source: object, checked: CheckedRun | None) -> nodes.section:
    page = section(nodes.make_id(f"pathway-{pathway.id}"), pathway.title or pathway.id)
    page["classes"].append("council-pathway")
    page["council_pathway"] = pathway.id
    page += pathway_placeholder(kind="banner")
    if pathway.summary:
        summary = paragraph(*prose(pathway.summary))
        summary["classes"].append("council-pathway-summary")
        page += summary
    page += facts(pathway, checked)
    page += audience(pathway)
    if pathway.prerequisite_pathways or pathway.prerequisite_skills:
        before = section("before-you-start", "Before you start")
        if pathway.prerequisite_pathways:
            before += paragraph(
                "Follow these pathways first: ",
                *joined(xref("pathway", p, "") for p in pathway.prerequisites),
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
    if pathway.next:
        after = section("where-next", "Where next")
        after += bullets(
            paragraph(*prose(e.who), " Take ", xref("pathway", e.pathway, ""), ".")
            for e in pathway.next
        )
        page += after
    decisions = section("decisions-for-you", "Decisions that affect you")
    decisions += pathway_placeholder(kind="decisions", persona=pathway.persona)
    page += decisions
    if pathway.changes:
        page += changes_section(pathway)
    for node in page.findall(nodes.Element):
        node.source = node.source or str(source)
    return page


def facts(pathway: Pathway, checked: CheckedRun | None) -> nodes.field_list:
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
    tools = checked.line(pathway.id) if checked else ""
    if checked and tools:
        rows.append(("Commands", [f"last checked {tools}", date_node(checked.date)]))
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


def step_label(pathway: Pathway, position: int, step: Step) -> str:
    """How a page that links back to a step names it (PEP and decision pages)."""
    return f"{pathway.title}, step {position}: {step.title}"


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
    if step.commands:
        node += command_blocks(step.commands)
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
        alternatives = nodes.bullet_list()
        alternatives += [alternative_item(a) for a in choice.alternatives]
        box += alternatives
    box += paragraph(xref("tool", "", "Compare every tool in the neutral tool list"))
    return box


def command_blocks(commands: Iterable[Command]) -> list[nodes.literal_block]:
    """One block per command, each with its own copy button: a block holding two commands
    pastes both, and a step's commands may be alternatives (one installer or another) or
    need something in between (a new terminal)."""
    blocks = []
    for command in commands:
        block = nodes.literal_block(command.run, command.run, language="shell")
        block["classes"].append("council-command")
        blocks.append(block)
    return blocks


def alternative_item(alternative: Alternative) -> nodes.list_item:
    name = _tool_name(alternative.tool)
    item = nodes.list_item()
    item += paragraph(
        "Pick ", xref("tool", alternative.tool, name), " instead when ", *prose(alternative.when)
    )
    if alternative.commands:
        item += command_blocks(alternative.commands)
    return item


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


def doc_link(links: Links, docname: str, text: str, *classes: str, title: str = "") -> nodes.Node:
    """A link to a document of the site, or plain text when the output has no page for it
    (a LaTeX or single-page build holds only some documents)."""
    return link(text, links.to_doc(docname), *classes, title=title)


def rich_link(text: str, url: str) -> nodes.reference:
    """An external link whose text may hold `code`."""
    return nodes.reference("", "", *to_nodes(prose(text)), refuri=url)


def to_nodes(parts: list[nodes.Node | str]) -> list[nodes.Node]:
    return [nodes.Text(p) if isinstance(p, str) else p for p in parts]


def pep_reference(number: int) -> list[nodes.Node | str]:
    """How a step cites a PEP: the same link, title and status marker as the ``{pep}`` role."""
    return [peps.pep_reference(number)]


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
