"""The JSON Schemas and ``council check`` agree, since both come from the same field table."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import jsonschema
import pytest

from conftest import RECORD
from sphinx_council.core.problems import Check
from sphinx_council.core.settings import RuleSettings
from sphinx_council.core.shapes import TEXT, FieldRule, Setting, Table, list_of, shape, table_schema
from sphinx_council.core.yamlsource import find_front_matter, load_yaml
from sphinx_council.decisions.load import load_decision
from sphinx_council.guide.schemas import (
    DECISION_SCHEMA,
    PATHWAY_SCHEMA,
    decision_schema,
    dump,
    site_schemas,
)
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import load_pathway

REPO = Path(__file__).parent.parent


def front_matter(text: str) -> Any:
    front = find_front_matter(text)
    assert front is not None
    data, problems = load_yaml(front.yaml, "sample.md")
    assert not problems
    return data


def schema_errors(text: str, settings: RuleSettings | None = None) -> list[str]:
    validator = jsonschema.Draft202012Validator(
        decision_schema(settings), format_checker=jsonschema.FormatChecker()
    )
    return [error.message for error in validator.iter_errors(front_matter(text))]


def check_problems(text: str, settings: RuleSettings | None = None) -> list[str]:
    return [str(p) for p in load_decision("sample.md", text, settings)[1]]


MINIMAL = """\
---
id: PC-0500
title: Minimal
kind: policy
summary: The fewest fields a record can have.
status: proposed
history:
  - date: 2026-11-01
    status: proposed
areas: [pypi]
---
"""
DELEGATE = RECORD.replace(
    "body: packaging-council", "body: pep-delegate\n  name: Someone Fictional"
).replace("votes:\n  ada: yes\n  bruno: yes\n  chen: no\n  dara: abstain\n  eli: yes\n", "")

# (name, record text): both the schema and the checks accept each.
VALID = [
    ("the test record", RECORD),
    ("minimal", MINIMAL),
    ("a pep-delegate names the delegate", DELEGATE),
    ("personas as plain names", MINIMAL.replace("areas:", "personas: [publisher]\nareas:")),
    ("several areas", MINIMAL.replace("[pypi]", "[pypi, tools]")),
    (
        "http links are accepted",
        MINIMAL.replace("areas:", "discussion: ['http://a.example']\nareas:"),
    ),
    (
        "a decision before its comment period closed says why",
        DELEGATE.replace("date: 2027-03-01", "date: 2027-02-10").replace(
            "    link: https://example.org/decision", "    early: A security fix could not wait."
        ),
    ),
]


def edit(old: str, new: str, base: str = MINIMAL) -> str:
    assert old in base, old
    return base.replace(old, new)


# (name, record text): both the schema and the checks refuse each.
INVALID = [
    ("unknown field", edit("areas:", "statsu: x\nareas:")),
    ("missing required field", edit("areas: [pypi]\n", "")),
    ("status not a status", edit("status: proposed\nhistory", "status: acepted\nhistory")),
    ("kind not in the vocabulary", edit("kind: policy", "kind: law")),
    ("id not matching the pattern", edit("id: PC-0500", "id: PC-12")),
    ("empty title", edit("title: Minimal", "title: ''")),
    ("blank summary", edit("summary: The fewest fields a record can have.", "summary: '   '")),
    ("title a list", edit("title: Minimal", "title: [a, b]")),
    ("impossible date", edit("date: 2026-11-01", "date: 2026-13-01")),
    ("date in another format", edit("date: 2026-11-01", "date: 01/11/2026")),
    ("javascript link", edit("areas:", "discussion: ['javascript:alert(1)']\nareas:")),
    (
        "ftp link in history",
        edit(
            "    status: proposed\nareas",
            "    status: proposed\n    link: ftp://x.example/a\nareas",
        ),
    ),
    ("pep as text", edit("areas:", "peps: ['517']\nareas:")),
    ("negative pep", edit("areas:", "peps: [-1]\nareas:")),
    ("areas not a list", edit("areas: [pypi]", "areas: pypi")),
    ("area not in the vocabulary", edit("areas: [pypi]", "areas: [pipy]")),
    ("vote not a choice", edit("kind: policy", "kind: policy\nvotes: {ada: maybe}")),
    ("delegate without a name", DELEGATE.replace("\n  name: Someone Fictional", "")),
    (
        "a named body that is no delegate",
        RECORD.replace("body: packaging-council", "body: steering-council\n  name: X").replace(
            "votes:\n  ada: yes\n  bruno: yes\n  chen: no\n  dara: abstain\n  eli: yes\n", ""
        ),
    ),
    ("decided_by without body", edit("areas:", "decided_by: {name: X}\nareas:")),
    ("unknown persona", edit("areas:", "personas: [astronaut]\nareas:")),
    (
        "persona with an unknown key",
        edit("areas:", "personas:\n  - {persona: publisher, what: x}\nareas:"),
    ),
    ("history entry without status", edit("    status: proposed\nareas", "areas")),
    (
        "history entry with an unknown key",
        edit("    status: proposed\nareas", "    status: proposed\n    by: me\nareas"),
    ),
    (
        "closing date on a proposal",
        edit("    status: proposed\nareas", "    status: proposed\n    closes: 2026-12-01\nareas"),
    ),
    (
        "comment period without a closing date",
        edit("status: proposed\nhistory", "status: comment-period\nhistory").replace(
            "    status: proposed\nareas",
            "    status: proposed\n  - date: 2026-11-02\n    status: comment-period\nareas",
        ),
    ),
    (
        "early on a proposal",
        edit("    status: proposed\nareas", "    status: proposed\n    early: Urgent.\nareas"),
    ),
    ("front matter a list", "---\n- a\n- b\n---\n"),
]

# What ``council check`` says about each refused record (after its file and line).
REFUSALS = {
    "unknown field": "statsu: unknown field 'statsu' (did you mean 'status'?)",
    "missing required field": "areas: missing required field; add 'areas:' (Areas of packaging the decision belongs to.)",
    "status not a status": "status: 'acepted' is not one of draft, proposed, comment-period, accepted, rejected, deferred, withdrawn, superseded (did you mean 'accepted'?)",
    "kind not in the vocabulary": "kind: 'law' is not one of pronouncement, delegation, process, election, policy",
    "id not matching the pattern": "id: 'PC-12' does not match the id pattern PC-\\d{4}",
    "empty title": "title: is empty; write some text",
    "blank summary": "summary: is empty; write some text",
    "title a list": "title: expected text, got a list",
    "impossible date": "history[0].date: '2026-13-01' is not a date; write it as YYYY-MM-DD, e.g. 2026-04-16",
    "date in another format": "history[0].date: '01/11/2026' is not a date; write it as YYYY-MM-DD, e.g. 2026-04-16",
    "javascript link": "discussion[0]: 'javascript:alert(1)' is not an https: link; only https: (and http:) URLs are accepted",
    "ftp link in history": "history[0].link: 'ftp://x.example/a' is not an https: link; only https: (and http:) URLs are accepted",
    "pep as text": "peps[0]: expected a PEP number such as 517, got '517'",
    "negative pep": "peps[0]: expected a PEP number such as 517, got -1",
    "areas not a list": "areas: expected a list, got text; write each item as '- item' on its own line or as [a, b]",
    "area not in the vocabulary": "areas[0]: 'pipy' is not one of standards, pypi, tools, user-guide, governance, community",
    "vote not a choice": "votes.ada: 'maybe' is not one of yes, no, abstain, recused",
    "delegate without a name": "decided_by.name: missing; a pep-delegate decision names the delegate",
    "a named body that is no delegate": "decided_by.name: only a pep-delegate has a name here; remove it or set body: pep-delegate",
    "decided_by without body": "decided_by.body: missing; say who decided: packaging-council, steering-council, pep-delegate, not-recorded",
    "unknown persona": "personas[0]: 'astronaut' is not one of newcomer, package-user, data-scientist, publisher, maintainer, app-developer, redistributor, coming-from-other-ecosystems",
    "persona with an unknown key": "personas[0].what: unknown field 'what'; allowed fields are persona, what_changes",
    "history entry without status": "history[0].status: missing; every history entry has a status",
    "history entry with an unknown key": "history[0].by: unknown field 'by'; allowed fields are date, status, note, link, closes, early",
    "closing date on a proposal": "history[0].closes: only a comment-period entry has a closing date",
    "comment period without a closing date": "history[1].closes: missing; a comment-period entry says when the period closes (closes: YYYY-MM-DD)",
    "early on a proposal": "history[0].early: this proposed entry decides nothing; early says why a record was accepted or rejected before its comment period closed, so remove it",
    "front matter a list": "front matter: expected a mapping of 'key: value' lines, got a list",
}
PATHWAY_REFUSALS = {
    "unknown persona": "persona: 'beginner' is not one of newcomer, package-user, data-scientist, publisher, maintainer, app-developer, redistributor, coming-from-other-ecosystems",
    "unknown level": "level: 'expert' is not one of beginner, intermediate, advanced",
    "bad id": "id: 'Start_Here' is not a valid id; use lowercase words joined by hyphens",
    "minutes as text": "steps[0].minutes: expected a whole number above 0, got 'ten'",
    "unknown field": "levle: unknown field 'levle' (did you mean 'level'?)",
    "missing why": "steps[0].why: missing required field; add 'why:' (Why this step matters; the reason comes before the instructions.)",
}


# Rules that relate fields to each other over time or to other files are the checks' alone:
# the schema accepts these, and ``council check`` does not.
BEYOND_SCHEMA = [
    (
        "history starting with accepted",
        edit("    status: proposed\nareas", "    status: accepted\nareas").replace(
            "status: proposed\nhistory", "status: accepted\nhistory"
        ),
        Check.HISTORY,
    ),
    (
        "status disagreeing with history",
        edit("status: proposed\nhistory", "status: draft\nhistory"),
        Check.HISTORY,
    ),
    (
        "dates out of order",
        edit(
            "    status: proposed\nareas",
            "    status: proposed\n  - date: 2026-10-01\n    status: withdrawn\nareas",
        ).replace("status: proposed\nhistory", "status: withdrawn\nhistory"),
        Check.HISTORY,
    ),
    (
        "accepted without decided_by",
        DELEGATE.replace("decided_by:\n  body: pep-delegate\n  name: Someone Fictional\n", ""),
        Check.FIELD,
    ),
    (
        "accepted before its comment period closed, without saying why",
        DELEGATE.replace("date: 2027-03-01", "date: 2027-02-10"),
        Check.EARLY,
    ),
    # The schema's pattern is matched as editors match it; the check refuses what it strips.
    ("quoted id with spaces", MINIMAL.replace("id: PC-0500", "id: ' PC-0500 '"), Check.VALUE),
]


@pytest.mark.parametrize(("name", "text"), VALID, ids=[n for n, _ in VALID])
def test_both_accept(name: str, text: str) -> None:
    assert check_problems(text) == []
    assert schema_errors(text) == []


@pytest.mark.parametrize(("name", "text"), INVALID, ids=[n for n, _ in INVALID])
def test_both_refuse(name: str, text: str) -> None:
    assert [p.split(": ", 1)[1] for p in check_problems(text)] == [REFUSALS[name]]
    assert schema_errors(text) != []


@pytest.mark.parametrize(
    ("name", "text", "check"), BEYOND_SCHEMA, ids=[n for n, _, _ in BEYOND_SCHEMA]
)
def test_rules_beyond_the_schema_are_the_checks_alone(name: str, text: str, check: Check) -> None:
    assert schema_errors(text) == []
    assert check in {p.check for p in load_decision("sample.md", text)[1]}


def test_a_projects_vocabulary_reaches_the_schema() -> None:
    settings = RuleSettings(id_pattern=r"ADR-\d+", areas=("build",))
    text = MINIMAL.replace("PC-0500", "ADR-7").replace("[pypi]", "[build]")
    assert check_problems(text, settings) == [] and schema_errors(text, settings) == []
    wrong = text.replace("[build]", "[pypi]")
    assert check_problems(wrong, settings) != [] and schema_errors(wrong, settings) != []


def test_the_committed_schema_is_the_generated_one() -> None:
    committed = (REPO / "schemas" / DECISION_SCHEMA).read_text("utf-8")
    assert committed == dump(decision_schema()), "run: council schema --output schemas"


def test_any_field_table_becomes_a_schema() -> None:
    """The generator is generic: a pathway-like table with settings and nested tables."""
    step = (FieldRule("title", True, "Step title.", TEXT), FieldRule("link", False, "A link."))
    table = (
        FieldRule("persona", True, "Who it is for.", shape(enum=Setting("personas"))),
        FieldRule("steps", True, "The steps.", list_of(Table(step))),
        FieldRule("notes", False, "No shape given: anything goes."),
    )
    schema = table_schema(table, RuleSettings(personas=("newcomer",)))
    assert schema["required"] == ["persona", "steps"]
    assert schema["properties"]["persona"] == {
        "description": "Who it is for.",
        "enum": ["newcomer"],
    }
    assert schema["properties"]["steps"]["items"]["required"] == ["title"]
    assert schema["properties"]["notes"] == {"description": "No shape given: anything goes."}
    jsonschema.Draft202012Validator.check_schema(schema)
    jsonschema.Draft202012Validator.check_schema(decision_schema())


# Pathways: the same generator over the pathway field table.
PATHWAYS = sorted((REPO / "pathways").glob("*.yaml"))


def pathway_schema_errors(text: str) -> list[str]:
    data, problems = load_yaml(text, "sample.yaml")
    assert not problems
    schema = site_schemas(RuleSettings())[PATHWAY_SCHEMA]
    validator = jsonschema.Draft202012Validator(schema, format_checker=jsonschema.FormatChecker())
    return [error.message for error in validator.iter_errors(data)]


def pathway_problems(text: str) -> list[str]:
    return [str(p) for p in load_pathway("sample.yaml", text, guide_inventory())[1]]


@pytest.mark.parametrize("path", PATHWAYS, ids=[p.stem for p in PATHWAYS])
def test_both_accept_the_bundled_pathways(path: Path) -> None:
    text = path.read_text("utf-8")
    assert pathway_problems(text) == []
    assert pathway_schema_errors(text) == []


PATHWAY_EDITS = [
    ("unknown persona", "persona: newcomer", "persona: beginner"),
    ("unknown level", "level: beginner", "level: expert"),
    ("bad id", "id: start-here", "id: Start_Here"),
    ("minutes as text", "minutes: 10", "minutes: ten"),
    ("unknown field", "level: beginner", "level: beginner\nlevle: beginner"),
    ("missing why", "    why: >-\n", "    wyh: >-\n"),
]


@pytest.mark.parametrize(
    ("name", "old", "new"), PATHWAY_EDITS, ids=[name for name, _, _ in PATHWAY_EDITS]
)
def test_both_refuse_a_broken_pathway(name: str, old: str, new: str) -> None:
    text = (REPO / "pathways" / "start-here.yaml").read_text("utf-8")
    assert old in text
    broken = text.replace(old, new, 1)
    assert pathway_problems(broken)[0].split(": ", 1)[1] == PATHWAY_REFUSALS[name]
    assert pathway_schema_errors(broken) != []


def test_the_committed_pathway_schema_is_the_generated_one() -> None:
    committed = (REPO / "schemas" / PATHWAY_SCHEMA).read_text("utf-8")
    assert committed == dump(site_schemas(RuleSettings())[PATHWAY_SCHEMA]), (
        "run: council schema --output schemas"
    )
