"""The council roster and PEP 772's voting rules, in pure Python."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from ..core.fields import FieldChecker
from ..core.problems import Check, Problem
from ..core.values import DateRule
from ..core.yamlsource import load_yaml
from .model import DecisionRecord, Vote

COHORTS = ("A", "B")
MEMBER_FIELDS = ("id", "name", "cohort", "term_start", "term_end", "affiliation")
MEMBER_ID = re.compile(r"[a-z0-9][a-z0-9-]*")
TERM_DATES = {
    "term_start": DateRule("write the date the term began, from the election result", False),
    "term_end": DateRule("write the date the term ends, from the election result", False, 5),
}
NO_MEMBERS_YET = "a council with no members yet is written 'members: []'"
QUORUM = 3
MAX_SHARED_AFFILIATION = 2
# Affiliations that do not make two members colleagues.
UNAFFILIATED = frozenset({"", "independent", "none", "unaffiliated"})


@dataclass(frozen=True)
class CouncilMember:
    """One seat holder, for one term."""

    id: str
    name: str
    cohort: str
    term_start: dt.date
    term_end: dt.date
    affiliation: str
    line: int = 0

    def sits_on(self, day: dt.date) -> bool:
        """Whether the member held the seat on ``day`` (both ends included)."""
        return self.term_start <= day <= self.term_end


@dataclass(frozen=True)
class Roster:
    """Every member the council has had, from the roster data file."""

    source: str = ""
    members: tuple[CouncilMember, ...] = ()

    def member(self, member_id: str) -> CouncilMember | None:
        """The roster entry with this id, if any (the first, for a member with two terms)."""
        return next((m for m in self.members if m.id == member_id), None)

    def sitting_on(self, day: dt.date) -> tuple[CouncilMember, ...]:
        """The members holding a seat on ``day``."""
        return tuple(m for m in self.members if m.sits_on(day))


def load_roster(
    source: str, text: str, today: dt.date | None = None
) -> tuple[Roster, list[Problem]]:
    """Load and check the roster file; invalid members are reported and left out.

    An empty file is refused: it is what a truncated edit leaves, and read as a council without
    members it would silently drop every vote check. ``today`` is the build date.
    """
    data, problems = load_yaml(text, source)
    if problems:
        return Roster(source), problems
    checker = FieldChecker(source, 1, today)
    if data is None:
        what = "is empty" if not text.strip() else "holds only comments"
        checker.report(
            1, "", f"the file {what}, as a cut-short edit leaves it; {NO_MEMBERS_YET}", Check.ROSTER
        )
        return Roster(source), checker.problems
    mapping = checker.mapping(data, 1, "roster")
    if mapping is None:
        return Roster(source), checker.problems
    checker.unknown_keys(mapping, ("members",), "")
    members: list[CouncilMember] = []
    if "members" not in mapping:
        checker.report(1, "members", f"missing; list the members ({NO_MEMBERS_YET})", Check.FIELD)
    elif mapping["members"] is None:
        line = checker.line_of(mapping, "members")
        checker.report(line, "members", f"lists nothing; {NO_MEMBERS_YET}", Check.ROSTER)
    else:
        members = list(
            checker.items(
                mapping["members"],
                checker.line_of(mapping, "members"),
                "members",
                lambda value, line, field: _member(checker, value, line, field),
            )
        )
    roster = Roster(source, tuple(members))
    checker.problems.extend(_roster_rules(roster))
    return roster, sorted(checker.problems, key=lambda p: (p.line, p.field))


def _member(checker: FieldChecker, value: object, line: int, field: str) -> CouncilMember | None:
    mapping = checker.mapping(value, line, field)
    if mapping is None:
        return None
    checker.unknown_keys(mapping, MEMBER_FIELDS, field)
    values: dict[str, object] = {}
    for key in MEMBER_FIELDS:
        if key not in mapping:
            checker.report(line, f"{field}.{key}", "missing; every member has one", Check.FIELD)
            continue
        key_line = checker.line_of(mapping, key)
        name = f"{field}.{key}"
        if key in TERM_DATES:
            values[key] = checker.date(mapping[key], key_line, name, TERM_DATES[key])
        elif key == "cohort":
            values[key] = checker.choice(str(mapping[key]), key_line, name, COHORTS)
        elif key == "id":
            values[key] = checker.name(mapping[key], key_line, name)
        else:
            values[key] = checker.text(mapping[key], key_line, name)
    member_id = values.get("id")
    if isinstance(member_id, str) and not MEMBER_ID.fullmatch(member_id):
        checker.report(
            checker.line_of(mapping, "id"),
            f"{field}.id",
            f"{member_id!r} is not a lowercase slug such as 'jane-doe'",
            Check.VALUE,
        )
        return None
    start, end = values.get("term_start"), values.get("term_end")
    if isinstance(start, dt.date) and isinstance(end, dt.date) and end <= start:
        checker.report(
            checker.line_of(mapping, "term_end"),
            f"{field}.term_end",
            f"the term ends ({end}) before it starts ({start})",
            Check.ROSTER,
        )
        return None
    if any(values.get(key) is None for key in MEMBER_FIELDS):
        return None
    return CouncilMember(line=line, **values)  # type: ignore[arg-type]


def _roster_rules(roster: Roster) -> Iterator[Problem]:
    seen: dict[str, CouncilMember] = {}
    for member in roster.members:
        earlier = seen.get(member.id)
        if earlier and earlier.term_end >= member.term_start:
            yield Problem(
                roster.source,
                member.line,
                "id",
                f"{member.id!r} has overlapping terms (see line {earlier.line})",
                Check.ROSTER,
            )
        seen[member.id] = member
    yield from _affiliation_problems(roster)


def _affiliation_problems(roster: Roster) -> Iterator[Problem]:
    """PEP 772: no more than two sitting members may share an affiliation."""
    reported: set[tuple[str, dt.date]] = set()
    for member in sorted(roster.members, key=lambda m: m.term_start):
        day = member.term_start
        for affiliation, names in _shared_affiliations(roster.sitting_on(day)):
            if (affiliation, day) in reported:
                continue
            reported.add((affiliation, day))
            yield Problem(
                roster.source,
                member.line,
                "affiliation",
                f"{len(names)} members sitting on {day} share the affiliation "
                f"{affiliation!r} ({', '.join(names)}); at most "
                f"{MAX_SHARED_AFFILIATION} may",
                Check.ROSTER,
            )


def _shared_affiliations(
    members: Sequence[CouncilMember],
) -> Iterator[tuple[str, list[str]]]:
    by_affiliation: dict[str, list[str]] = {}
    for member in members:
        key = member.affiliation.strip().casefold()
        if key not in UNAFFILIATED:
            by_affiliation.setdefault(key, []).append(member.name)
    for affiliation, names in sorted(by_affiliation.items()):
        if len(names) > MAX_SHARED_AFFILIATION:
            yield affiliation, sorted(names)


@dataclass(frozen=True)
class Tally:
    """The count of a decision's votes, and whether it passed under PEP 772."""

    yes: int = 0
    no: int = 0
    abstain: int = 0
    recused: int = 0

    @classmethod
    def of(cls, votes: Sequence[Vote]) -> Tally:
        counts = Counter(vote.choice for vote in votes)
        return cls(counts["yes"], counts["no"], counts["abstain"], counts["recused"])

    @property
    def voting(self) -> int:
        """Members who voted yes or no: abstentions and recusals do not count."""
        return self.yes + self.no

    @property
    def quorate(self) -> bool:
        return self.voting >= QUORUM

    @property
    def passed(self) -> bool:
        """A majority of the non-abstaining, with a quorum of three of them."""
        return self.quorate and self.yes * 2 > self.voting

    def __str__(self) -> str:
        parts = [f"{self.yes} yes", f"{self.no} no"]
        parts += [
            f"{n} {label}"
            for n, label in ((self.abstain, "abstain"), (self.recused, "recused"))
            if n
        ]
        return ", ".join(parts)


def _non_member_problems(record: DecisionRecord, roster: Roster) -> Iterator[Problem]:
    roster_name = roster.source or "the roster"
    for vote in record.votes:
        if roster.member(vote.member) is None:
            yield Problem(
                record.source,
                vote.line,
                f"votes.{vote.member}",
                f"{vote.member!r} is not a member in {roster_name}",
                Check.VOTES,
            )


def vote_problems(record: DecisionRecord, roster: Roster) -> Iterator[Problem]:
    """Check a record's votes against the roster and, once decided, PEP 772.

    Whoever votes is on the roster, decided or not (a record that is not decided is refused
    its votes by the record's own rules, :mod:`.checks`).
    """

    def problem(line: int, field: str, message: str) -> Problem:
        return Problem(record.source, line, field, message, Check.VOTES)

    yield from _non_member_problems(record, roster)
    outcome = record.outcome_entry
    council = record.decided_by is not None and record.decided_by.body == "packaging-council"
    if not record.votes or outcome is None or not council:
        return
    day = outcome.date
    for vote in record.votes:
        member = roster.member(vote.member)
        if member is not None and not any(
            m.id == vote.member and m.sits_on(day) for m in roster.members
        ):
            yield problem(
                vote.line,
                f"votes.{vote.member}",
                f"{member.name} was not sitting on {day}, the date of the decision "
                f"(term {member.term_start} to {member.term_end})",
            )
    voters = {vote.member for vote in record.votes}
    for member in roster.sitting_on(day):
        if member.id not in voters:
            yield problem(
                record.line_of("votes"),
                "votes",
                f"{member.name} ({member.id}) sat on the council on {day} and must vote, "
                "abstain or recuse; add 'votes." + member.id + "'",
            )
    tally = Tally.of(record.votes)
    if not tally.quorate:
        yield problem(
            record.line_of("votes"),
            "votes",
            f"only {tally.voting} members voted yes or no ({tally}); PEP 772 needs a quorum "
            f"of {QUORUM}",
        )
    elif outcome.status == "accepted" and not tally.passed:
        yield problem(
            record.line_of("votes"),
            "votes",
            f"the record was accepted but the vote did not pass ({tally}); a pass needs "
            "more yes than no votes",
        )
    elif outcome.status == "rejected" and tally.passed:
        yield problem(
            record.line_of("votes"),
            "votes",
            f"the record was rejected but the vote passed ({tally})",
        )
