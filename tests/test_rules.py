"""The record rules in pure Python: every bad input gets its message, file and line."""

from __future__ import annotations

import pytest

from conftest import RECORD
from sphinx_council.core.problems import Check
from sphinx_council.core.settings import RuleSettings
from sphinx_council.decisions.load import load_decision

SOURCE = "decisions/0101-example.md"


def problems_of(text: str) -> list[str]:
    _, problems = load_decision(SOURCE, text)
    return [str(problem) for problem in problems]


def test_the_valid_record_loads_whole() -> None:
    record, problems = load_decision(SOURCE, RECORD)
    assert problems == []
    assert record is not None
    assert record.id == "PC-0101"
    assert [entry.status for entry in record.history] == ["proposed", "comment-period", "accepted"]
    assert str(record.decided_on) == "2027-03-01"
    assert str(record.history[1].closes) == "2027-02-15"
    assert record.peps == (517,)
    assert record.personas[0].what_changes == "Nothing changes for you yet."
    assert record.line_of("votes") == 18


BAD_INPUT = [
    (
        "unknown field in a history entry",
        [("    status: proposed\n", "    status: proposed\n    notes: typo\n")],
        "10: history[0].notes: unknown field 'notes' (did you mean 'note'?)",
        Check.FIELD,
    ),
    (
        "empty text",
        [("summary: An example decision that the tests build.", "summary: ''")],
        "5: summary: is empty; write some text",
        Check.VALUE,
    ),
    (
        "unknown kind",
        [("kind: policy", "kind: law")],
        "4: kind: 'law' is not one of pronouncement, delegation, process, election, policy",
        Check.VALUE,
    ),
    (
        "name on a body that is not a delegate",
        [("body: packaging-council", "body: packaging-council\n  name: Someone")],
        "18: decided_by.name: only a pep-delegate has a name here",
        Check.FIELD,
    ),
    (
        "supersedes id pattern",
        [("peps: [517]", "peps: [517]\nsupersedes: [pc-1]")],
        "25: supersedes[0]: 'pc-1' does not match the id pattern",
        Check.VALUE,
    ),
    (
        "status typo",
        [("status: accepted\nhistory", "status: acepted\nhistory")],
        "6: status: 'acepted' is not one of draft, proposed, comment-period, accepted, rejected, "
        "deferred, withdrawn, superseded (did you mean 'accepted'?)",
        Check.VALUE,
    ),
    (
        "unknown field",
        [("kind: policy", "kind: policy\nstauts: accepted")],
        "5: stauts: unknown field 'stauts' (did you mean 'status'?)",
        Check.FIELD,
    ),
    (
        "missing field",
        [("summary: An example decision that the tests build.\n", "")],
        "1: summary: missing required field; add 'summary:'",
        Check.FIELD,
    ),
    (
        "wrong type",
        [("title: Adopt the example standard", "title: [a, b]")],
        "3: title: expected text, got a list",
        Check.TYPE,
    ),
    (
        "id pattern",
        [("id: PC-0101", "id: PC-101")],
        "2: id: 'PC-101' does not match the id pattern PC-\\d{4}",
        Check.VALUE,
    ),
    (
        "bad date",
        [("date: 2027-01-10", "date: 2027-13-10")],
        "8: history[0].date: '2027-13-10' is not a date; write it as YYYY-MM-DD",
        Check.DATE,
    ),
    (
        "non-ISO date",
        [("date: 2027-01-10", "date: 10/01/2027")],
        "8: history[0].date: '10/01/2027' is not a date",
        Check.DATE,
    ),
    (
        "javascript link",
        [("https://example.org/thread", "javascript:alert(1)")],
        "30: discussion[0]: 'javascript:alert(1)' is not an https: link",
        Check.LINK,
    ),
    (
        "relative link",
        [("link: https://example.org/decision", "link: /decision")],
        "15: history[2].link: '/decision' is not an https: link",
        Check.LINK,
    ),
    (
        "dates out of order",
        [("date: 2027-03-01", "date: 2027-01-01")],
        "13: history[2].date: 2027-01-01 is earlier than the entry before it (2027-02-01)",
        Check.HISTORY,
    ),
    (
        "first status",
        [("status: proposed", "status: accepted")],
        "9: history[0].status: a history starts with draft or proposed, not 'accepted'",
        Check.HISTORY,
    ),
    (
        "forbidden transition",
        [("status: comment-period\n    closes: 2027-02-15", "status: rejected")],
        "13: history[2].status: 'accepted' cannot follow 'rejected'; after 'rejected' comes "
        "nothing (it is final)",
        Check.HISTORY,
    ),
    (
        "status disagrees with history",
        [("status: accepted\nhistory", "status: rejected\nhistory")],
        "6: status: 'rejected' disagrees with the last history entry ('accepted' on 2027-03-01)",
        Check.HISTORY,
    ),
    (
        "comment period without closing date",
        [("    closes: 2027-02-15\n", "")],
        "10: history[1].closes: missing; a comment-period entry says when the period closes",
        Check.HISTORY,
    ),
    (
        "comment period closing before it opens",
        [("closes: 2027-02-15", "closes: 2027-01-15")],
        "10: history[1].closes: the comment period closes (2027-01-15) before it opens (2027-02-01)",
        Check.HISTORY,
    ),
    (
        "closing date on another status",
        [("status: accepted\n    link", "status: accepted\n    closes: 2027-03-02\n    link")],
        "13: history[2].closes: only a comment-period entry has a closing date",
        Check.HISTORY,
    ),
    (
        "history entry without status",
        [("    status: proposed\n", "")],
        "8: history[0].status: missing; every history entry has a status",
        Check.FIELD,
    ),
    (
        "decided_by missing",
        [("decided_by:\n  body: packaging-council\n", "")],
        "6: decided_by: missing; a record that was accepted or rejected says who decided",
        Check.FIELD,
    ),
    (
        "unknown deciding body",
        [("body: packaging-council", "body: the-council")],
        "17: decided_by.body: 'the-council' is not one of packaging-council, steering-council, "
        "pep-delegate, not-recorded",
        Check.VALUE,
    ),
    (
        "delegate without a name",
        [("body: packaging-council", "body: pep-delegate")],
        "16: decided_by.name: missing; a pep-delegate decision names the delegate",
        Check.FIELD,
    ),
    (
        "votes on a delegate's decision",
        [("body: packaging-council", "body: pep-delegate\n  name: Someone Fictional")],
        "19: votes: only Packaging Council decisions carry votes, and decided_by is 'pep-delegate'",
        Check.VOTES,
    ),
    (
        "council decision without votes",
        [("votes:\n  ada: yes\n  bruno: yes\n  chen: no\n  dara: abstain\n  eli: yes\n", "")],
        "16: votes: missing; a Packaging Council decision records each sitting member's vote",
        Check.VOTES,
    ),
    (
        "council decision with an empty votes mapping",
        [
            (
                "votes:\n  ada: yes\n  bruno: yes\n  chen: no\n  dara: abstain\n  eli: yes\n",
                "votes: {}\n",
            )
        ],
        "18: votes: is empty; a Packaging Council decision records each sitting member's vote",
        Check.VOTES,
    ),
    (
        "unknown vote",
        [("ada: yes", "ada: maybe")],
        "19: votes.ada: 'maybe' is not one of yes, no, abstain, recused",
        Check.VALUE,
    ),
    (
        "PEP as text",
        [("peps: [517]", "peps: [PEP 517]")],
        "24: peps[0]: expected a PEP number such as 517, got 'PEP 517'",
        Check.TYPE,
    ),
    (
        "unknown area",
        [("areas: [standards]", "areas: [standard]")],
        "25: areas[0]: 'standard' is not one of standards, pypi, tools, user-guide, governance, "
        "community (did you mean 'standards'?)",
        Check.VALUE,
    ),
    (
        "unknown persona",
        [("persona: publisher", "persona: publishers")],
        "27: personas[0].persona: 'publishers' is not one of",
        Check.VALUE,
    ),
    (
        "list expected",
        [("areas: [standards]", "areas: standards")],
        "25: areas: expected a list, got text",
        Check.TYPE,
    ),
    (
        "supersedes itself",
        [("peps: [517]", "peps: [517]\nsupersedes: [PC-0101]")],
        "25: supersedes: a record cannot supersede itself (PC-0101)",
        Check.SUPERSEDES,
    ),
    (
        "malformed YAML",
        [("title: Adopt the example standard", "title: [unclosed")],
        # The parser's own wording follows; libyaml and the pure-Python parser word it apart.
        "4: YAML syntax error: while parsing a flow sequence (started on line 3)",
        Check.YAML,
    ),
    (
        "duplicate key",
        [("kind: policy", "kind: policy\nkind: process")],
        "5: kind: appears twice in the same mapping; keep one",
        Check.YAML,
    ),
    (
        "no front matter",
        [("---\nid", "id")],
        "1: no YAML front matter; start the file with a '---' line",
        Check.YAML,
    ),
]


@pytest.mark.parametrize(
    ("replacements", "expected", "check"),
    [case[1:] for case in BAD_INPUT],
    ids=[case[0] for case in BAD_INPUT],
)
def test_bad_input_is_reported_with_file_line_and_fix(
    replacements: list[tuple[str, str]], expected: str, check: Check
) -> None:
    text = RECORD
    for old, new in replacements:
        assert old in text, f"test setup: {old!r} not in the record"
        text = text.replace(old, new, 1)
    _, problems = load_decision(SOURCE, text)
    matching = [p for p in problems if expected in str(p)]
    assert matching, f"expected {expected!r} in {[str(p) for p in problems]}"
    assert matching[0].check is check
    assert str(matching[0]).startswith(f"{SOURCE}:")


def test_every_problem_is_reported_at_once() -> None:
    text = (
        RECORD.replace("status: accepted\nhistory", "status: acepted\nhistory")
        .replace("areas: [standards]", "areas: [nope]")
        .replace("https://example.org/thread", "ftp://example.org/thread")
    )
    found = problems_of(text)
    assert len(found) == 3
    assert [line.split(":")[1] for line in found] == ["6", "25", "30"]


def test_valid_fields_are_kept_when_others_are_wrong() -> None:
    record, problems = load_decision(SOURCE, RECORD.replace("kind: policy", "kind: policcy"))
    assert record is not None and problems
    assert record.kind == ""
    assert record.title == "Adopt the example standard"
    assert record.status == "accepted"


def test_yaml_that_is_not_a_mapping() -> None:
    assert problems_of("---\n- a\n- b\n---\n") == [
        f"{SOURCE}:1: front matter: expected a mapping of 'key: value' lines, got a list"
    ]


def test_configured_vocabulary_is_used() -> None:
    settings = RuleSettings(id_pattern=r"D-\d+", areas=("web",))
    text = RECORD.replace("PC-0101", "D-7").replace("areas: [standards]", "areas: [web]")
    _, problems = load_decision(SOURCE, text, settings)
    assert problems == []


def test_a_recursive_alias_is_a_problem_not_a_crash() -> None:
    assert problems_of("---\nid: &loop [*loop]\n---\n") == [
        f"{SOURCE}:2: YAML aliases (*loop) are not allowed; write the value out"
    ]


def test_yaml_tags_are_data_never_code() -> None:
    text = RECORD.replace(
        "title: Adopt the example standard", 'title: !!python/object/apply:os.system ["false"]'
    )
    record, problems = load_decision(SOURCE, text)
    assert record is not None and record.title == ""
    assert [str(p) for p in problems] == [f"{SOURCE}:3: title: expected text, got a list"]
