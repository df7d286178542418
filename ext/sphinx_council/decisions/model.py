"""What a decision record is, once loaded: plain, picklable, immutable data."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from .lifecycle import DECIDED_STATUSES

DECIDING_BODIES = ("packaging-council", "steering-council", "pep-delegate", "not-recorded")

VOTE_CHOICES = ("yes", "no", "abstain", "recused")


@dataclass(frozen=True)
class HistoryEntry:
    """One dated status transition."""

    date: dt.date
    status: str
    note: str = ""
    link: str = ""
    closes: dt.date | None = None
    line: int = 0
    status_line: int = 0
    # Why an accepted or rejected entry came before its comment period closed.
    early: str = ""


@dataclass(frozen=True)
class DecidedBy:
    """Who made the decision: a body, or a named PEP delegate."""

    body: str
    name: str = ""

    @property
    def label(self) -> str:
        """How a reader sees it, in words that fit after "Decided by"."""
        if self.body == "pep-delegate":
            return f"PEP-Delegate {self.name}"
        return {
            "packaging-council": "the Packaging Council",
            "steering-council": "the Python Steering Council",
            "not-recorded": "not named in the PEP",
        }.get(self.body, self.body)


@dataclass(frozen=True)
class Vote:
    """One council member's vote on a decision."""

    member: str
    choice: str
    line: int = 0


@dataclass(frozen=True)
class PersonaImpact:
    """A persona the decision affects, and optionally what changes for them."""

    persona: str
    what_changes: str = ""


@dataclass(frozen=True)
class DecisionRecord:
    """A decision record's front matter after checking; invalid fields are left empty."""

    source: str
    id: str
    title: str
    kind: str = ""
    summary: str = ""
    reason: str = ""
    status: str = ""
    history: tuple[HistoryEntry, ...] = ()
    decided_by: DecidedBy | None = None
    votes: tuple[Vote, ...] = ()
    peps: tuple[int, ...] = ()
    supersedes: tuple[str, ...] = ()
    areas: tuple[str, ...] = ()
    personas: tuple[PersonaImpact, ...] = ()
    discussion: tuple[str, ...] = ()
    # Line of each field in the source, so later checks can point at it.
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def line_of(self, name: str) -> int:
        """The line a field starts on, or the front matter's first line."""
        return dict(self.lines).get(name, 1)

    def has_field(self, name: str) -> bool:
        """Whether the front matter had this field at all (valid or not)."""
        return any(key == name for key, _ in self.lines)

    @property
    def by_council(self) -> bool:
        """Whether the council decides it: the record says so, or nobody has decided it yet (a
        proposal brought under PEP 772 is the council's business until decided)."""
        return self.decided_by is None or self.decided_by.body == "packaging-council"

    @property
    def decider(self) -> str:
        """Who decided, in words, when it was not the council ("PEP-Delegate Donald Stufft");
        "" for the council's decisions and where the record does not say: nothing is guessed."""
        by = self.decided_by
        if by is None or by.body in ("packaging-council", "not-recorded"):
            return ""
        return by.label

    @property
    def opened_on(self) -> dt.date | None:
        """The date of the first history entry."""
        return self.history[0].date if self.history else None

    @property
    def status_since(self) -> dt.date | None:
        """The date the record entered its current status."""
        return self.history[-1].date if self.history else None

    @property
    def outcome_entry(self) -> HistoryEntry | None:
        """The last entry that accepted or rejected the proposal, if any."""
        for entry in reversed(self.history):
            if entry.status in DECIDED_STATUSES:
                return entry
        return None

    @property
    def decided_on(self) -> dt.date | None:
        """The date of the outcome (acceptance or rejection), if there is one."""
        entry = self.outcome_entry
        return entry.date if entry else None

    @property
    def listing_date(self) -> dt.date | None:
        """The date a listing files the record under: its outcome, else its latest change."""
        return self.decided_on or self.status_since

    @property
    def year(self) -> int | None:
        """The year a listing files the record under."""
        when = self.listing_date
        return when.year if when else None
