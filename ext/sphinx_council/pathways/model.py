"""What a persona pathway is: the plain data a pathway file loads into.

A pathway is an opinionated route for one persona ("this is for you, newcomer"): who it is for,
who should go elsewhere, what to know first, and ordered steps, each saying why it matters and
giving the commands to type. Its fields are declared in :mod:`sphinx_council.pathways.fields`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from .fields import (
    LEVELS,
    PATHWAY_FIELDS,
    PATHWAY_ID_PATTERN,
    RESOURCE_KINDS,
    FieldSpec,
)

__all__ = [
    "LEVELS",
    "PATHWAY_FIELDS",
    "PATHWAY_ID_PATTERN",
    "RESOURCE_KINDS",
    "FieldSpec",
]

# How the default personas are named to readers ("For newcomers"); others read as their id.
PERSONA_LABELS = {
    "newcomer": "newcomers",
    "package-user": "people who use packages",
    "data-scientist": "data scientists and researchers",
    "publisher": "first-time publishers",
    "maintainer": "maintainers",
    "app-developer": "application developers",
    "redistributor": "redistributors",
    "coming-from-other-ecosystems": "people coming from other ecosystems",
}


def persona_label(persona: str) -> str:
    """``people who use packages`` for ``package-user``."""
    return PERSONA_LABELS.get(persona, persona.replace("-", " "))


@dataclass(frozen=True)
class Resource:
    """A link a step points to; ``kind`` says how ``target`` is resolved."""

    kind: str
    target: str
    title: str = ""
    line: int = 0


@dataclass(frozen=True)
class Command:
    """A command to type; ``runs`` False (with ``reason``) when the runner cannot run it here,
    ``instead`` a local stand-in the runner runs in its place."""

    run: str
    runs: bool = True
    reason: str = ""
    instead: str = ""
    line: int = 0


@dataclass(frozen=True)
class Expect:
    """What a checkpoint's output must show: a text it contains, a regular expression."""

    output_contains: str = ""
    output_matches: str = ""
    output_lacks: str = ""


@dataclass(frozen=True)
class Alternative:
    """A tool to pick instead of the default, and when; with its own commands."""

    tool: str
    when: str
    commands: tuple[Command, ...] = ()
    runs: bool = True
    reason: str = ""


@dataclass(frozen=True)
class Choice:
    """One default tool and the alternatives worth knowing."""

    default: str
    reason: str = ""
    alternatives: tuple[Alternative, ...] = ()


@dataclass(frozen=True)
class Checkpoint:
    """A command to run, and what success looks like."""

    run: str
    success: str
    expect: Expect | None = None
    line: int = 0


@dataclass(frozen=True)
class Step:
    """One step of a pathway."""

    id: str
    title: str
    why: str
    minutes: int = 0
    do: str = ""
    resources: tuple[Resource, ...] = ()
    choice: Choice | None = None
    checkpoint: Checkpoint | None = None
    line: int = 0
    commands: tuple[Command, ...] = ()
    runs: bool = True
    reason: str = ""

    @property
    def peps(self) -> tuple[int, ...]:
        """The PEPs this step cites, in the order given."""
        return tuple(int(r.target) for r in self.resources if r.kind == "pep")

    @property
    def tools(self) -> tuple[str, ...]:
        """Every tool the step names: resources, then the choice's default and alternatives."""
        named = [r.target for r in self.resources if r.kind == "tool"]
        if self.choice:
            named += [self.choice.default, *(a.tool for a in self.choice.alternatives)]
        return tuple(dict.fromkeys(named))


@dataclass(frozen=True)
class Elsewhere:
    """Someone this pathway is not for, and where they should go."""

    who: str
    pathway: str
    line: int = 0


@dataclass(frozen=True)
class PathwayChange:
    """One dated entry of a pathway's changelog."""

    date: dt.date
    summary: str


@dataclass(frozen=True)
class Pathway:
    """A pathway file after checking; invalid fields are left empty."""

    source: str
    id: str
    title: str
    persona: str = ""
    summary: str = ""
    for_you_if: tuple[str, ...] = ()
    go_elsewhere: tuple[Elsewhere, ...] = ()
    level: str = ""
    prerequisite_pathways: tuple[tuple[str, int], ...] = ()
    prerequisite_skills: tuple[str, ...] = ()
    outcomes: tuple[str, ...] = ()
    reviewed: dt.date | None = None
    review_every_months: int = 0
    changes: tuple[PathwayChange, ...] = ()
    steps: tuple[Step, ...] = ()
    next: tuple[Elsewhere, ...] = ()
    lines: tuple[tuple[str, int], ...] = field(default=(), compare=False)

    def line_of(self, name: str) -> int:
        """The line a field starts on, or 1."""
        return dict(self.lines).get(name, 1)

    @property
    def minutes(self) -> int:
        """Total estimated time of every step."""
        return sum(step.minutes for step in self.steps)

    @property
    def prerequisites(self) -> tuple[str, ...]:
        return tuple(pathway for pathway, _ in self.prerequisite_pathways)

    @property
    def default_tools(self) -> tuple[str, ...]:
        """The tools this pathway starts you with, in step order."""
        return tuple(dict.fromkeys(s.choice.default for s in self.steps if s.choice))

    @property
    def review_due(self) -> dt.date | None:
        """The date by which the pathway must be reviewed again."""
        if self.reviewed is None or self.review_every_months <= 0:
            return None
        return add_months(self.reviewed, self.review_every_months)

    def is_stale(self, today: dt.date | None) -> bool:
        """Whether the review is overdue on ``today`` (never, without a build date)."""
        due = self.review_due
        return today is not None and due is not None and today > due


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole months, clamped to the end of a shorter month."""
    index = day.month - 1 + months
    year, month = day.year + index // 12, index % 12 + 1
    if not dt.MINYEAR <= year <= dt.MAXYEAR:  # beyond the calendar: never due, never past
        return dt.date.max if months > 0 else dt.date.min
    for last in (31, 30, 29, 28):
        try:
            return dt.date(year, month, min(day.day, last))
        except ValueError:
            continue
    raise AssertionError("unreachable: every month has at least 28 days")


@dataclass(frozen=True)
class PathwayEvent:
    """Something a newsletter or feed can announce about a pathway: a change or a review."""

    date: dt.date
    pathway: str
    title: str
    kind: str  # "changed" or "reviewed"
    summary: str


def pathway_events(pathways: Iterable[Pathway]) -> list[PathwayEvent]:
    """Every dated change and review of these pathways, newest first.

    A review on a day that also has a changelog entry is not listed twice.
    """
    events: list[PathwayEvent] = []
    for pathway in pathways:
        changed_on = set()
        for change in pathway.changes:
            changed_on.add(change.date)
            events.append(
                PathwayEvent(change.date, pathway.id, pathway.title, "changed", change.summary)
            )
        if pathway.reviewed and pathway.reviewed not in changed_on:
            due = pathway.review_due
            summary = "Reviewed and still current" + (f"; next review by {due}" if due else "")
            events.append(
                PathwayEvent(pathway.reviewed, pathway.id, pathway.title, "reviewed", summary)
            )
    return sorted(events, key=lambda e: (e.date, e.pathway, e.kind), reverse=True)
