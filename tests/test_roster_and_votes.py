"""PEP 772's voting rules and the roster file."""

from __future__ import annotations

import pytest

from conftest import RECORD, ROSTER
from sphinx_council.core.problems import Check
from sphinx_council.decisions.corpus import corpus_problems
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.roster import Tally, load_roster

SOURCE = "decisions/0101-example.md"


def vote_problems_for(votes: dict[str, str], status: str = "accepted") -> list[str]:
    block = "".join(f"  {member}: {choice}\n" for member, choice in votes.items())
    text = RECORD.replace(
        "  ada: yes\n  bruno: yes\n  chen: no\n  dara: abstain\n  eli: yes\n", block
    )
    if status == "rejected":
        text = text.replace("status: accepted\nhistory", "status: rejected\nhistory").replace(
            "    status: accepted\n", "    status: rejected\n"
        )
        text = text.replace("\nareas:", "\nreason: Why.\nareas:", 1)  # a rejected record says why
    record, problems = load_decision(SOURCE, text)
    assert record is not None and problems == []
    roster, roster_problems = load_roster("roster.yaml", ROSTER)
    assert roster_problems == []
    return [str(p) for p in corpus_problems([record], roster) if p.check is Check.VOTES]


def test_a_valid_vote_passes() -> None:
    assert (
        vote_problems_for(
            {"ada": "yes", "bruno": "yes", "chen": "no", "dara": "abstain", "eli": "yes"}
        )
        == []
    )


def test_a_sitting_member_must_vote_or_abstain() -> None:
    found = vote_problems_for({"ada": "yes", "bruno": "yes", "chen": "no", "eli": "yes"})
    assert found == [
        f"{SOURCE}:18: votes: Dara Fictional (dara) sat on the council on 2027-03-01 and must "
        "vote, abstain or recuse; add 'votes.dara'"
    ]


def test_unknown_member() -> None:
    found = vote_problems_for(
        {"ada": "yes", "bruno": "yes", "chen": "no", "dara": "yes", "eli": "yes", "zed": "yes"}
    )
    assert f"{SOURCE}:24: votes.zed: 'zed' is not a member in roster.yaml" in found


def test_member_not_sitting_on_the_decision_date() -> None:
    roster_text = ROSTER.replace(
        "term_start: 2026-06-01, term_end: 2028-05-31, affiliation: Demo",
        "term_start: 2027-06-01, term_end: 2029-05-31, affiliation: Demo",
    )
    record, _ = load_decision(SOURCE, RECORD)
    roster, _ = load_roster("roster.yaml", roster_text)
    assert record is not None
    found = [str(p) for p in corpus_problems([record], roster)]
    assert found == [
        f"{SOURCE}:23: votes.eli: Eli Fictional was not sitting on 2027-03-01, the date of the "
        "decision (term 2027-06-01 to 2029-05-31)"
    ]


def test_quorum_of_three_non_abstaining() -> None:
    found = vote_problems_for(
        {"ada": "yes", "bruno": "yes", "chen": "abstain", "dara": "abstain", "eli": "recused"}
    )
    assert found == [
        f"{SOURCE}:18: votes: only 2 members voted yes or no (2 yes, 0 no, 2 abstain, 1 recused); "
        "PEP 772 needs a quorum of 3"
    ]


def test_accepted_needs_a_majority_of_the_non_abstaining() -> None:
    found = vote_problems_for(
        {"ada": "yes", "bruno": "no", "chen": "no", "dara": "yes", "eli": "abstain"}
    )
    assert found == [
        f"{SOURCE}:18: votes: the record was accepted but the vote did not pass "
        "(2 yes, 2 no, 1 abstain); a pass needs more yes than no votes"
    ]


def test_rejected_must_not_have_passed() -> None:
    found = vote_problems_for(
        {"ada": "yes", "bruno": "yes", "chen": "yes", "dara": "no", "eli": "no"}, "rejected"
    )
    assert found == [
        f"{SOURCE}:18: votes: the record was rejected but the vote passed (3 yes, 2 no)"
    ]


@pytest.mark.parametrize(
    ("yes", "no", "abstain", "passed"),
    [(3, 0, 2, True), (2, 1, 2, True), (2, 2, 1, False), (2, 0, 3, False), (3, 2, 0, True)],
)
def test_tally(yes: int, no: int, abstain: int, passed: bool) -> None:
    assert Tally(yes, no, abstain).passed is passed


def test_no_more_than_two_members_share_an_affiliation() -> None:
    text = ROSTER.replace("Sample University", "Example Labs")
    _, problems = load_roster("roster.yaml", text)
    assert [str(p) for p in problems] == [
        "roster.yaml:2: affiliation: 3 members sitting on 2026-06-01 share the affiliation "
        "'example labs' (Ada Fictional, Bruno Fictional, Chen Fictional); at most 2 may"
    ]


@pytest.mark.parametrize(
    ("replace", "expected"),
    [
        (
            (
                "cohort: B, term_start: 2026-06-01, term_end: 2027-05-31, affiliation: Sample",
                "cohort: C, term_start: 2026-06-01, term_end: 2027-05-31, affiliation: Sample",
            ),
            "roster.yaml:4: members[2].cohort: 'C' is not one of A, B",
        ),
        (
            (
                "term_end: 2027-05-31, affiliation: Sample",
                "term_end: 2025-05-31, affiliation: Sample",
            ),
            "roster.yaml:4: members[2].term_end: the term ends (2025-05-31) before it starts "
            "(2026-06-01)",
        ),
        (
            ("id: ada,", "id: Ada Fictional,"),
            "roster.yaml:2: members[0].id: 'Ada Fictional' is not a lowercase slug",
        ),
        (
            ("affiliation: Demo Foundation}", "}"),
            "roster.yaml:6: members[4].affiliation: missing; every member has one",
        ),
        (("members:", "member:"), "roster.yaml:1: member: unknown field 'member'"),
        (
            ("id: bruno,", "id: ada,"),
            "roster.yaml:3: id: 'ada' has overlapping terms (see line 2)",
        ),
    ],
)
def test_roster_problems(replace: tuple[str, str], expected: str) -> None:
    _, problems = load_roster("roster.yaml", ROSTER.replace(*replace))
    assert any(expected in str(p) for p in problems), [str(p) for p in problems]


def test_an_empty_roster_is_valid() -> None:
    roster, problems = load_roster("roster.yaml", "members: []\n")
    assert problems == [] and roster.members == ()
