"""Links that run the other way, derived from what each concern already holds: the pathway
steps that cite a record or its PEPs, the weekly issues that announced a record's or a PEP's
changes, and the pathway for each persona.

The concerns below stand on each other in one order and cannot look up; each defines a hook
(:data:`~sphinx_council.decisions.pages.RECORD_CROSSLINKS`,
:data:`~sphinx_council.peps.pages.ANNOUNCED_EVENT`) that this module answers by reading each
concern's domain through its typed accessor. Pages showing these links are rewritten when
they change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..core.changes import changed_since
from ..decisions.domain import council_domain
from ..decisions.nodes import Crosslinks
from ..decisions.pages import RECORD_CROSSLINKS
from ..newsletter.domain import newsletter_domain
from ..pathways.domain import pathways_domain
from ..pathways.nodes import step_anchor, step_label
from ..peps.domain import pep_citations
from ..peps.pages import ANNOUNCED_EVENT
from ..sphinxext.nodes import Place

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from ..decisions.model import DecisionRecord


def citing_steps(env: BuildEnvironment, record: DecisionRecord) -> list[Place]:
    """Pathway steps that link to the record, in pathway order.

    Only a step's own link counts: a step that cites one of the record's PEPs is listed on
    that PEP's page, since the step would not link back to the record."""
    found = []
    for docname, pathway in sorted(pathways_domain(env).pathways.items()):
        for position, step in enumerate(pathway.steps, start=1):
            if any(r.kind == "decision" and r.target == record.id for r in step.resources):
                found.append(Place(docname, step_label(pathway, position, step), step_anchor(step)))
    return found


def persona_pages(env: BuildEnvironment) -> dict[str, str]:
    """The pathway page for each persona (the first by id when two share one)."""
    pages: dict[str, str] = {}
    pathways = pathways_domain(env).by_id().values()
    for docname, pathway in sorted(pathways, key=lambda item: item[1].id):
        pages.setdefault(pathway.persona, docname)
    return pages


def announcing_issues(
    env: BuildEnvironment, *, page: str = "", pep: int | None = None
) -> list[Place]:
    """The weekly issues with an event about the page (a record) or the PEP, oldest first."""
    prefix = f"pep-{pep}/" if pep is not None else None
    newsletter = newsletter_domain(env)
    found = []
    for digest in newsletter.digests:
        for event in digest.events:
            about_page = bool(page) and event.page == page
            about_pep = prefix is not None and event.key.startswith(prefix)
            if about_page or about_pep:
                found.append(Place(digest.page, f"{newsletter.label} #{digest.number}"))
                break
    return found


def record_crosslinks(app: Sphinx, record: DecisionRecord) -> Crosslinks:
    """What a record's page shows from the other concerns."""
    env = app.env
    return Crosslinks(
        citing_steps(env, record),
        announcing_issues(env, page=record.source),
        persona_pages(env),
    )


def pep_announcements(app: Sphinx, number: int) -> list[Place]:
    return announcing_issues(app.env, pep=number)


def _page_facts(env: BuildEnvironment, record: DecisionRecord) -> object:
    """What a record's page shows from other concerns, to tell when it must be rewritten."""
    personas = persona_pages(env)
    return (
        citing_steps(env, record),
        announcing_issues(env, page=record.source),
        [personas.get(impact.persona) for impact in record.personas],
    )


def plan_crosslinks(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once issues are derived, name the record pages and PEP pages whose links moved."""
    domain = council_domain(env)
    facts = {r.source: _page_facts(env, r) for r in domain.records.values() if r.id}
    outdated = changed_since(domain.data, "crosslinks", facts) & env.found_docs
    peps = pep_citations(env)
    numbers = [int(n) for n in peps.data["pages"]]
    shown = {n: announcing_issues(env, pep=n) for n in numbers}
    moved = changed_since(peps.data, "announced", shown)
    peps.data["pending"] = sorted(set(peps.data["pending"]) | (moved & set(numbers)))
    return sorted(outdated)


def setup_links(app: Sphinx) -> None:
    app.connect(RECORD_CROSSLINKS, record_crosslinks)
    app.connect(ANNOUNCED_EVENT, pep_announcements)
    # After the newsletter derives its issues (700) and PEP pages are planned (650).
    app.connect("env-updated", plan_crosslinks, priority=750)
