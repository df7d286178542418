"""The rules between pathways, in pure Python, shared by ``council check`` and the build.

``pathway_set_problems`` relates pathways to each other, to the decision records and to the
build date; ``check_pathways`` loads a folder (:mod:`sphinx_council.pathways.load`) and applies
them. Pure: the guide inventory comes from the caller, as a loader called only when the
folder has pathway files (reading it needs Sphinx's inventory reader, so a project without
pathways never loads Sphinx).
"""

from __future__ import annotations

import datetime as dt
import os
from collections.abc import Callable, Iterable, Iterator, Mapping
from pathlib import Path

from ..core.contentwalk import PATHWAYS, walk_content
from ..core.problems import Check, Problem
from ..core.settings import DEFAULT_PERSONAS
from ..core.yamlsource import read_data_file
from .load import load_pathway
from .model import Pathway
from .userguide import GuideInventory, suggest


def pathway_set_problems(
    pathways: Iterable[Pathway], decision_ids: Iterable[str] | None, today: dt.date | None
) -> Iterator[Problem]:
    """Rules across pathways: unknown and cyclic references, unknown decisions, overdue reviews.

    ``decision_ids`` None means the decisions are unknown (nothing is reported about them);
    ``today`` None means there is no build date (no review is reported overdue).
    """
    ordered = sorted(pathways, key=lambda p: p.source)
    by_id: dict[str, Pathway] = {}
    for pathway in ordered:
        if pathway.id in by_id:
            yield Problem(
                pathway.source,
                pathway.line_of("id"),
                "id",
                f"{pathway.id!r} is already the id of {by_id[pathway.id].source}",
                Check.DUPLICATE,
            )
        elif pathway.id:
            by_id[pathway.id] = pathway
    known = tuple(by_id)
    decisions = None if decision_ids is None else set(decision_ids)
    for pathway in ordered:
        yield from _reference_problems(pathway, known)
        if decisions is not None:
            yield from _decision_problems(pathway, decisions)
        # A review far in the future, which would keep the page from ever showing as overdue,
        # is refused by the loader's date rules.
        if pathway.is_stale(today):
            yield Problem(
                pathway.source,
                pathway.line_of("reviewed"),
                "reviewed",
                f"the last review ({pathway.reviewed}) is more than "
                f"{pathway.review_every_months} months before the build date ({today}); "
                "check the steps are still right and update 'reviewed'",
                Check.STALE,
            )
    yield from _cycle_problems(by_id)


def _reference_problems(pathway: Pathway, known: tuple[str, ...]) -> Iterator[Problem]:
    references = [("prerequisites.pathways", p, line) for p, line in pathway.prerequisite_pathways]
    references += [("go_elsewhere.pathway", e.pathway, e.line) for e in pathway.go_elsewhere]
    references += [("next.pathway", e.pathway, e.line) for e in pathway.next]
    for field, target, line in references:
        if target not in known:
            yield Problem(
                pathway.source,
                line,
                field,
                f"{target!r} is not the id of any pathway" + suggest(target, known),
                Check.PATHWAY,
            )
        elif target == pathway.id and field.startswith("prerequisites"):
            yield Problem(
                pathway.source, line, field, "a pathway cannot require itself", Check.PATHWAY
            )


def _decision_problems(pathway: Pathway, decisions: set[str]) -> Iterator[Problem]:
    for index, step in enumerate(pathway.steps):
        for resource in step.resources:
            if resource.kind == "decision" and resource.target not in decisions:
                yield Problem(
                    pathway.source,
                    resource.line,
                    f"steps[{index}].resources",
                    f"{resource.target!r} is not the id of any decision record"
                    + suggest(resource.target, sorted(decisions)),
                    Check.REFERENCE,
                )


def _cycle_problems(by_id: dict[str, Pathway]) -> Iterator[Problem]:
    """Each prerequisite cycle once, at the prerequisite that closes it in its first pathway."""
    reported: set[frozenset[str]] = set()
    for start in sorted(by_id):
        for cycle in _cycles_from(start, by_id):
            members = frozenset(cycle)
            if members in reported or min(cycle) != start:
                continue
            reported.add(members)
            pathway = by_id[start]
            line = dict(pathway.prerequisite_pathways).get(cycle[1] if len(cycle) > 1 else start, 1)
            yield Problem(
                pathway.source,
                line,
                "prerequisites.pathways",
                "prerequisite cycle: "
                + " -> ".join([*cycle, start])
                + "; remove one of these prerequisites",
                Check.PATHWAY,
            )


def _cycles_from(start: str, by_id: dict[str, Pathway]) -> Iterator[list[str]]:
    """Paths from ``start`` back to itself, found depth first (pathway sets are small)."""
    stack: list[tuple[str, list[str]]] = [(start, [start])]
    while stack:
        current, path = stack.pop()
        for nxt in sorted(by_id[current].prerequisites, reverse=True):
            if nxt == start and len(path) > 1:
                yield path
            elif nxt in by_id and nxt not in path:
                stack.append((nxt, [*path, nxt]))


def check_pathways(
    folder: Path,
    decision_ids: Iterable[str] | None,
    today: dt.date | None,
    display: Callable[[Path], str] = str,
    *,
    guide: Callable[[], GuideInventory],
    personas: tuple[str, ...] = DEFAULT_PERSONAS,
    texts: Mapping[Path, str] | None = None,
    root: Path | None = None,
) -> tuple[list[Pathway], list[Problem]]:
    """Load and check every pathway of a folder, with the same rules as the Sphinx build;
    ``guide`` loads the guide inventory links are checked against, if there are files.
    ``personas`` is the project's vocabulary; ``texts`` are pathway files as an edit would
    leave them (path: text), read instead of the disk. ``root`` is the project's folder, which
    every file is read inside (default: ``folder``)."""
    # Named as the walk names files: their folder's real path, then their own name.
    texts = {Path(os.path.realpath(p.parent)) / p.name: text for p, text in (texts or {}).items()}
    root = folder if root is None else root
    walk = walk_content(folder, root, PATHWAYS, display)
    problems: list[Problem] = list(walk.problems)
    files = sorted({*walk.files, *texts})
    if not files:
        return [], problems
    inventory = guide()
    pathways: list[Pathway] = []
    for path in files:
        source = display(path)
        text = texts[path] if path in texts else read_data_file(path, source, problems, root)
        if text is None:
            continue
        pathway, found = load_pathway(
            source, text, inventory, personas, stem=path.stem, today=today
        )
        problems += found
        if pathway is not None:
            pathways.append(pathway)
    problems += pathway_set_problems(pathways, decision_ids, today)
    return pathways, sorted(set(problems))
