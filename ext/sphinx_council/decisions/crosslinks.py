"""Links that run the other way, derived once from what other families already hold: the
pathway steps that cite a record or its PEPs, the weekly issues that announced a record's or a
PEP's changes, and the pathway for each persona.

Each family is optional (a project may have decisions only), so every lookup returns nothing
when its domain is absent. Pages showing these links are rewritten when they change.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, NamedTuple

from ..core.changes import changed_since
from ..pathways.nodes import step_anchor, step_label
from .domain import council_domain

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

    from .model import DecisionRecord


class Place(NamedTuple):
    """A place on the site to link to: a document, an anchor on it, and what to call it."""

    docname: str
    label: str
    anchor: str = ""


def _domain_data(env: BuildEnvironment, name: str) -> Any:
    return env.get_domain(name) if name in env.domains else None


def citing_steps(env: BuildEnvironment, record: DecisionRecord) -> list[Place]:
    """Pathway steps that link to the record or cite one of its PEPs, in pathway order."""
    pathways = _domain_data(env, "pathway")
    if pathways is None:
        return []
    found = []
    for docname, pathway in sorted(pathways.pathways.items()):
        for position, step in enumerate(pathway.steps, start=1):
            names_record = any(
                r.kind == "decision" and r.target == record.id for r in step.resources
            )
            if names_record or set(step.peps) & set(record.peps):
                found.append(Place(docname, step_label(pathway, position, step), step_anchor(step)))
    return found


def persona_pages(env: BuildEnvironment) -> dict[str, str]:
    """The pathway page for each persona (the first by id when two share one)."""
    pathways = _domain_data(env, "pathway")
    if pathways is None:
        return {}
    pages: dict[str, str] = {}
    for docname, pathway in sorted(pathways.by_id().values(), key=lambda item: item[1].id):
        pages.setdefault(pathway.persona, docname)
    return pages


def _issues(env: BuildEnvironment) -> tuple[str, list[Any]]:
    """The newsletter's name and weekly issues when the newsletter is on, oldest first."""
    newsletter = _domain_data(env, "newsletter")
    if newsletter is None:
        return "", []
    return str(newsletter.label), list(getattr(newsletter, "digests", None) or [])


def announcing_issues(
    env: BuildEnvironment, *, page: str = "", pep: int | None = None
) -> list[Place]:
    """The weekly issues with an event about the page (a record) or the PEP, oldest first."""
    prefix = f"pep-{pep}/" if pep is not None else None
    found = []
    name, issues = _issues(env)
    for digest in issues:
        for event in digest.events:
            about_page = bool(page) and getattr(event, "page", "") == page
            key = str(getattr(event, "key", ""))
            about_pep = prefix is not None and key.startswith(prefix)
            if about_page or about_pep:
                found.append(Place(digest.page, f"{name} #{digest.number}"))
                break
    return found


def record_crosslinks(env: BuildEnvironment, record: DecisionRecord) -> object:
    """What a record's page shows from other families, to tell when it must be rewritten."""
    personas = persona_pages(env)
    return (
        citing_steps(env, record),
        announcing_issues(env, page=record.source),
        [personas.get(impact.persona) for impact in record.personas],
    )


def plan_crosslinks(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Once issues are derived, name the record pages and PEP pages whose links moved."""
    domain = council_domain(env)
    facts = {r.source: record_crosslinks(env, r) for r in domain.records.values() if r.id}
    outdated = changed_since(domain.data, "crosslinks", facts) & env.found_docs
    if "peps" in env.domains:
        peps = env.get_domain("peps")
        numbers = [int(n) for n in peps.data["pages"]]
        shown = {n: announcing_issues(env, pep=n) for n in numbers}
        moved = changed_since(peps.data, "announced", shown)
        peps.data["pending"] = sorted(set(peps.data["pending"]) | (moved & set(numbers)))
    return sorted(outdated)


def setup_crosslinks(app: Sphinx) -> None:
    # After the newsletter derives its issues (700) and PEP pages are planned (650).
    app.connect("env-updated", plan_crosslinks, priority=750)
