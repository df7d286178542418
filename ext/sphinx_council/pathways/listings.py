"""Pages that list pathways: the "Find your path" persona cards and the neutral tool list."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util.docutils import SphinxDirective

from ..core.text import readable
from ..sphinxext.config import council_config
from ..sphinxext.nodes import Links, joined, link, paragraph
from .domain import pathways_domain
from .inventory import guide_inventory
from .model import Pathway, persona_label
from .nodes import doc_link, duration, pathway_placeholder, prose, section
from .tools import DESCRIPTIONS, group_tools, tool_descriptions
from .userguide import KEY_PROJECTS_DOC, Tool

if TYPE_CHECKING:
    from sphinx.application import Sphinx


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

    def run(self) -> list[nodes.Node]:
        self.env.note_dependency(str(DESCRIPTIONS))
        return super().run()


def render_cards(app: Sphinx, docname: str) -> list[nodes.Node]:
    domain = pathways_domain(app.env)
    pathways = domain.ordered(council_config(app.config).personas)
    if not pathways:
        return [paragraph("No pathways are written yet.")]
    # Imported here: sphinx-design is an extra, loaded only when the project has pathways.
    from sphinx_design.shared import create_component  # noqa: PLC0415

    links = Links(app.builder, docname)
    row = create_component(
        "grid-row", ["sd-row", "sd-row-cols-1", "sd-row-cols-sm-2", "sd-row-cols-lg-3", "sd-g-3"]
    )
    for target, pathway in pathways:
        body = create_component("card-body", ["sd-card-body"])
        persona = paragraph(f"For {persona_label(pathway.persona)}")
        persona["classes"].append("council-card-persona")
        body += persona
        title = paragraph(doc_link(links, target, pathway.title, "sd-stretched-link"))
        title["classes"] += ["sd-card-title", "sd-font-weight-bold"]
        body += title
        body += paragraph(*prose(pathway.summary))
        meta = paragraph(
            f"{readable(pathway.level)} · {len(pathway.steps)} steps · "
            f"about {duration(pathway.minutes)}"
        )
        meta["classes"].append("council-card-meta")
        body += meta
        # The pathway's id and step count as classes, for the reader's progress (pathways.js).
        card = create_component(
            "card",
            [
                *("sd-card", "sd-sphinx-override", "sd-w-100", "sd-shadow-sm", "sd-card-hover"),
                f"council-card-pathway-{pathway.id}",
                f"council-card-steps-{len(pathway.steps)}",
            ],
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
            items += _tool_item(tool, defaults.get(tool.id, []), links)
        part += items
        result.append(part)
    guide = guide_inventory()
    result.append(
        paragraph(
            "Projects and links from the Packaging User Guide's ",
            link("Project Summaries", guide.docs[KEY_PROJECTS_DOC].url),
            f" ({guide.source}); the descriptions are this site's.",
        )
    )
    return result


def _tool_item(tool: Tool, chosen: list[tuple[str, Pathway]], links: Links) -> nodes.list_item:
    """The tool's name (linked to its documentation), what it does, where to read more, and the
    pathways that start you with it. No link labels are copied from the guide's page: they
    name people and papers as often as documentation."""
    head = paragraph(nodes.strong("", "", link(tool.name, tool.home)))
    if chosen:
        head += nodes.Text(" ")
        head += nodes.inline("", "Pathway default", classes=["council-default-badge"])
    item = nodes.list_item("", head, ids=[f"tool-{tool.id}"], classes=["council-tool"])
    description = tool_descriptions().get(tool.id)
    if description:
        item += paragraph(description)
    more: list[nodes.Node] = [link("Guide entry", tool.summary_url)]
    pypi = next((url for _, url in tool.links if url.startswith(PYPI)), None)
    if pypi:
        more.append(link("PyPI", pypi))
    item += paragraph(*joined(more, " · "))
    if chosen:
        item += paragraph("Default in: ", *joined(doc_link(links, t, p.title) for t, p in chosen))
    return item


PYPI = "https://pypi.org/project/"
