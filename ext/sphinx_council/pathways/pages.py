"""Pathways as pages: each ``pathways/*.yaml`` file is a document read by its own parser.

The parser checks the file (:mod:`sphinx_council.pathways.checks`) and builds the page from
docutils nodes, so every piece of pathway text is escaped by the writer. What depends on other
documents (links to other pathways, decision titles, the tool list's address, the decisions
that affect the persona, the stale banner) is resolved when the page is written, from the
``pathway`` domain's data and the ``council`` domain's catalog.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.parsers import Parser
from sphinx.util import logging

from ..core.changes import changed_since
from ..core.clock import build_date
from ..core.extras import PATHWAYS
from ..core.problems import WARNING_TYPE, Check, Problem
from ..core.text import long_date
from ..decisions.domain import council_domain
from ..decisions.model import DecisionRecord
from ..decisions.pagelinks import status_badge
from ..peps.domain import pep_citations
from ..peps.index import pep_index
from ..peps.status import status_concern
from ..sphinxext.assets import Asset, link_where_used
from ..sphinxext.config import conf_folder, council_config, lacks_extra
from ..sphinxext.nodes import Links, date_node, describe_page, paragraph
from .checked import CHECKED_FILE, CheckedRun, read_checked
from .checks import pathway_set_problems
from .domain import PathwayRefRole, PathwaysDomain, keep_unknown_as_text, pathways_domain
from .inventory import guide_inventory
from .listings import (
    PathwayCardsDirective,
    PathwayToolsDirective,
    render_cards,
    render_tools,
)
from .load import load_pathway
from .model import Pathway
from .nodes import (
    doc_link,
    pathway_page,
    pathway_placeholder,
    progress_tick,
    skip_node,
    step_anchor,
    visit_progress_tick,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# The source file type of pathway files, for their parser.
FILETYPE = "council-pathway"


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
            docname,
            inputstring,
            guide_inventory(),
            config.personas,
            stem=Path(docname).name,
            today=build_date(config.build_date),
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
        note_pep_citations(env, docname, pathway)
        document += pathway_page(pathway, env.doc2path(docname), checked_run(env, docname))
        if pathway.summary:
            describe_page(document, env.metadata[docname], pathway.summary)


def checked_run(env: BuildEnvironment, docname: str) -> CheckedRun | None:
    """The recorded run of the pathway commands, next to the pathway files; a dependency."""
    # The pathways folder may be reached through the site's committed link, whose real path
    # sphinxext/sources.py keeps inside the project; the file itself is never followed.
    folder = Path(os.path.realpath(Path(env.doc2path(docname)).parent))
    recorded = folder / CHECKED_FILE
    if not os.path.lexists(recorded):
        return None
    env.note_dependency(str(recorded))
    return read_checked(recorded)


def note_pep_citations(env: BuildEnvironment, docname: str, pathway: Pathway) -> None:
    """List each step on the pages of the PEPs it cites, and warn where a step sends readers
    to a withdrawn, rejected or superseded PEP (the same warning as the ``{pep}`` role)."""
    citations = pep_citations(env)
    severity = env.config.council_pep_status_warnings
    for position, step in enumerate(pathway.steps, start=1):
        label = f"{pathway.title}, step {position}: {step.title}"
        for number in step.peps:
            citations.note_citation(docname, number, label, step_anchor(step), kind="step")
            info = pep_index().get(number)
            concern = status_concern(info) if info else None
            if concern and severity != "ignore":
                report = logger.warning if severity == "warn" else logger.info
                report(
                    "step %r cites a PEP that is no longer current: %s",
                    step.id,
                    concern,
                    type=WARNING_TYPE,
                    subtype=Check.PEP.value,
                    location=(docname, step.line or None),
                )


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
        return [paragraph("No decision names this persona yet.")]
    links = Links(app.builder, docname)
    items = nodes.bullet_list(classes=["council-persona-decisions"])
    for record, what in found:
        head = paragraph(doc_link(links, record.source, record.title or record.id, title=record.id))
        head += nodes.Text(" ")
        head += status_badge(record.status)
        if record.listing_date:
            head += nodes.Text(" ")
            head += date_node(record.listing_date)
        if record.decider and record.decided_on:
            # Decided before the council, by someone else: the panel says by whom.
            head += nodes.Text(f", decided by {record.decider}")
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
    facts: dict[str, object] = {}
    for docname, pathway in domain.pathways.items():
        named = sorted({*pathway.prerequisites, *(e.pathway for e in pathway.go_elsewhere)})
        facts[docname] = (
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
    listed = (
        [(d, card_facts(p)) for d, p in domain.ordered(council_config(app.config).personas)],
        tool_doc,
    )
    for docname in domain.listing_docs:
        facts[docname] = listed
    return sorted(changed_since(domain.data, "fingerprints", facts) & env.found_docs)


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
            # A new list: conf.py may have given a tuple.
            config.exclude_patterns = [*config.exclude_patterns, relative]


def pathways_off(app: Sphinx, config: Config) -> None:
    # After the folder is resolved (sphinxext.config, connected first) and before the other
    # YAML files are excluded (below, connected later).
    config.council_pathways_dir = ""


def setup_pathways(app: Sphinx) -> None:
    # The cards are sphinx-design's: loaded only for a project with pathways, so that any other
    # gets neither its stylesheet nor its script. Without it, pathways are off.
    if conf_folder(app, "council_pathways_dir"):
        if lacks_extra(PATHWAYS, "Pathways (the council_pathways_dir folder)"):
            app.connect("config-inited", pathways_off)
        else:
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
    # The script keeps each step's tick and the cards' progress, and copies commands.
    scripted = ("council-tick", "council-progress", "council-card-pathway-", "council-command")
    link_where_used(app, Asset("pathways.css", "pathways.js", scripted))
