"""The rules across pathways (references, cycles, decisions, reviews), the build date, and
the pathway events the newsletter reads (no Sphinx needed)."""

from __future__ import annotations

import datetime as dt

import pytest

from sphinx_council.core.clock import build_date
from sphinx_council.core.problems import Check, Problem
from sphinx_council.pathways.checks import pathway_set_problems
from sphinx_council.pathways.model import add_months, pathway_events
from test_pathway_rules import OTHER, VALID, edited, loaded


def set_problems(
    *texts: str, decisions: list[str] | None = None, today: dt.date | None = None
) -> list[Problem]:
    pathways = [loaded(text, f"pathways/{n}.yaml") for n, text in enumerate(texts)]
    return sorted(pathway_set_problems(pathways, decisions, today))


def test_unknown_pathway_ids_are_reported_with_a_suggestion() -> None:
    first = edited("    pathway: publishing", "    pathway: publishin")
    other = edited("  pathways: [first-steps]", "  pathways: [first-step]", OTHER)
    assert set_problems(first, other) == [
        Problem(
            "pathways/0.yaml",
            9,
            "go_elsewhere.pathway",
            "'publishin' is not the id of any pathway (did you mean 'publishing'?)",
            Check.PATHWAY,
        ),
        Problem(
            "pathways/1.yaml",
            9,
            "prerequisites.pathways",
            "'first-step' is not the id of any pathway (did you mean 'first-steps'?)",
            Check.PATHWAY,
        ),
    ]


def test_prerequisite_cycles_are_reported_once() -> None:
    first = edited("  skills:\n", "  pathways: [publishing]\n  skills:\n")
    assert set_problems(first, OTHER) == [
        Problem(
            "pathways/0.yaml",
            12,
            "prerequisites.pathways",
            "prerequisite cycle: first-steps -> publishing -> first-steps; "
            "remove one of these prerequisites",
            Check.PATHWAY,
        )
    ]


def test_a_pathway_cannot_require_itself() -> None:
    first = edited("  skills:\n", "  pathways: [first-steps]\n  skills:\n")
    problems = set_problems(first, OTHER)
    assert [(p.line, p.message, p.check) for p in problems] == [
        (12, "a pathway cannot require itself", Check.PATHWAY)
    ]


def test_unknown_decisions_are_reported_when_the_decisions_are_known() -> None:
    assert set_problems(VALID, OTHER, decisions=["PC-0102"]) == [
        Problem(
            "pathways/0.yaml",
            49,
            "steps[1].resources",
            "'PC-0101' is not the id of any decision record (did you mean 'PC-0102'?)",
            Check.REFERENCE,
        )
    ]
    assert set_problems(VALID, OTHER, decisions=None) == []


def test_duplicate_pathway_ids_are_reported() -> None:
    problems = set_problems(VALID, VALID, OTHER)
    assert [(p.source, p.line, p.message, p.check) for p in problems] == [
        (
            "pathways/1.yaml",
            1,
            "'first-steps' is already the id of pathways/0.yaml",
            Check.DUPLICATE,
        )
    ]


def test_an_overdue_review_is_a_stale_warning_relative_to_the_build_date() -> None:
    assert set_problems(VALID, OTHER, today=dt.date(2027, 12, 1)) == []
    assert set_problems(VALID, OTHER, today=dt.date(2027, 12, 2)) == [
        Problem(
            "pathways/0.yaml",
            16,
            "reviewed",
            "the last review (2027-06-01) is more than 6 months before the build date "
            "(2027-12-02); check the steps are still right and update 'reviewed'",
            Check.STALE,
        )
    ]
    assert set_problems(VALID, OTHER, today=None) == []


def test_build_date_comes_from_configuration_or_source_date_epoch(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    assert build_date() == dt.date(2026, 11, 21)
    assert build_date("2030-01-02") == dt.date(2030, 1, 2)
    monkeypatch.delenv("SOURCE_DATE_EPOCH")
    assert build_date() is None


def test_months_are_added_with_the_day_clamped() -> None:
    assert add_months(dt.date(2026, 8, 31), 6) == dt.date(2027, 2, 28)
    assert add_months(dt.date(2027, 11, 15), 2) == dt.date(2028, 1, 15)


def test_pathway_events_list_changes_and_reviews_newest_first() -> None:
    first = edited("reviewed: 2027-06-01", "reviewed: 2027-08-01")
    events = pathway_events([loaded(first), loaded(OTHER, "pathways/publishing.yaml")])
    assert [(str(e.date), e.pathway, e.kind, e.summary) for e in events] == [
        (
            "2027-08-01",
            "first-steps",
            "reviewed",
            "Reviewed and still current; next review by 2028-02-01",
        ),
        (
            "2027-06-01",
            "publishing",
            "reviewed",
            "Reviewed and still current; next review by 2028-06-01",
        ),
        ("2027-06-01", "first-steps", "changed", "First written."),
    ]
