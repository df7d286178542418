"""What a persona pathway is: its fields declared once, and the plain data it loads into.

A pathway is an opinionated route for one persona ("this is for you, newcomer"): who it is for,
who should go elsewhere, what to know first, and ordered steps, each saying why it matters.
The field declarations below drive the checks in :mod:`sphinx_council.pathways.checks` and carry
enough type information to generate a JSON Schema for editors.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field

from ..core.shapes import DATE, LINK, TEXT, FieldRule, Setting, Shape, Table, shape

LEVELS = ("beginner", "intermediate", "advanced")
RESOURCE_KINDS = ("guide", "term", "pep", "decision", "tool", "url")
PATHWAY_ID_PATTERN = r"[a-z][a-z0-9]*(-[a-z0-9]+)*"

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
class FieldSpec(FieldRule):
    """A field of a pathway file, with its type for checks and schemas.

    ``type`` is one of ``text``, ``integer`` (positive), ``date`` (YYYY-MM-DD), ``link``
    (https: URL), ``choice`` (one of ``choices``), ``id`` (matches ``pattern``), ``list``
    (of ``items``) and ``mapping`` (of ``fields``); ``pep``, ``tool``, ``guide`` and ``term``
    are text or numbers checked against the vendored PEP index and Packaging User Guide.
    """

    type: str = "text"
    choices: tuple[str, ...] = ()
    pattern: str = ""
    items: FieldSpec | None = None
    fields: tuple[FieldSpec, ...] = ()
    example: str = ""

    def __post_init__(self) -> None:
        # The JSON Schema shape follows from the type, so schemas and checks share one table.
        if not self.shape:
            object.__setattr__(self, "shape", spec_shape(self))


# Types whose shape needs nothing from the field itself.
FIXED_SHAPES: dict[str, Shape] = {
    "text": TEXT,
    "date": DATE,
    "link": LINK,
    "integer": shape(type="integer", minimum=1),
    "pep": shape(type="integer", minimum=1),
    "persona": shape(enum=Setting("personas")),
}


def spec_shape(spec: FieldSpec) -> Shape | Table:
    """The JSON Schema fragment of a pathway field, from its declared type."""
    if spec.type == "mapping":
        return Table(spec.fields)
    if spec.type == "list":
        return shape(type="array", items=spec.items.shape if spec.items else {})
    if spec.type == "choice":
        return shape(enum=list(spec.choices))
    if spec.type == "id":
        return shape(type="string", pattern=f"^(?:{spec.pattern})$")
    # Tools, guide pages and glossary terms are strings checked against the vendored lists.
    return FIXED_SHAPES.get(spec.type, shape(type="string"))


def _text(name: str, required: bool, description: str, example: str = "") -> FieldSpec:
    return FieldSpec(name, required, description, type="text", example=example)


def _texts(name: str, required: bool, description: str) -> FieldSpec:
    return FieldSpec(name, required, description, type="list", items=_text("", True, "One item."))


PATHWAY_REF = FieldSpec(
    "", True, "A pathway id (its file name without .yaml).", type="id", pattern=PATHWAY_ID_PATTERN
)

RESOURCE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("guide", False, "A Packaging User Guide page, label, or page#label.", type="guide"),
    FieldSpec("term", False, "A term of the Packaging User Guide's glossary.", type="term"),
    FieldSpec("pep", False, "A PEP number from the PEP index.", type="pep"),
    FieldSpec("decision", False, "A council decision id, e.g. PC-0008.", type="id", pattern=r".+"),
    FieldSpec(
        "tool", False, "A tool id from the tool list (the guide's key projects).", type="tool"
    ),
    FieldSpec("url", False, "Any other https: link (tool docs, tutorials).", type="link"),
    _text("title", False, "Link text; required with url, optional otherwise."),
)

ALTERNATIVE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("tool", True, "A tool id from the tool list.", type="tool"),
    _text("when", True, "When to pick this instead of the default."),
)

CHOICE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("default", True, "The tool this pathway starts you with.", type="tool"),
    _text("reason", False, "Why this is the default."),
    FieldSpec(
        "alternatives",
        False,
        "Other good tools, each with when to pick it instead.",
        type="list",
        items=FieldSpec("", True, "An alternative.", type="mapping", fields=ALTERNATIVE_FIELDS),
    ),
)

CHECKPOINT_FIELDS: tuple[FieldSpec, ...] = (
    _text("run", True, "A command to run.", "uv run python -c 'import sys; print(sys.version)'"),
    _text("success", True, "What success looks like."),
)

STEP_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", True, "Step id, unique in the pathway.", type="id", pattern=PATHWAY_ID_PATTERN),
    _text("title", True, "What you do in this step, as an imperative."),
    _text("why", True, "Why this step matters; the reason comes before the instructions."),
    FieldSpec("minutes", True, "Estimated time in minutes.", type="integer"),
    _text("do", False, "What to do, in a few sentences."),
    FieldSpec(
        "resources",
        False,
        "Links: guide pages, glossary terms, PEPs, decisions, tools, other https: URLs.",
        type="list",
        items=FieldSpec("", True, "One resource, by kind.", type="mapping", fields=RESOURCE_FIELDS),
    ),
    FieldSpec(
        "choice",
        False,
        "A tool choice: one default and alternatives.",
        type="mapping",
        fields=CHOICE_FIELDS,
    ),
    FieldSpec(
        "checkpoint",
        False,
        "A command to check your progress.",
        type="mapping",
        fields=CHECKPOINT_FIELDS,
    ),
)

ELSEWHERE_FIELDS: tuple[FieldSpec, ...] = (
    _text("who", True, "Who should go elsewhere, e.g. 'You only install packages'."),
    FieldSpec(
        "pathway", True, "The pathway to go to instead.", type="id", pattern=PATHWAY_ID_PATTERN
    ),
)

PREREQUISITE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("pathways", False, "Pathways to follow first.", type="list", items=PATHWAY_REF),
    _texts("skills", False, "What you should already be able to do."),
)

CHANGE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("date", True, "When the pathway changed.", type="date"),
    _text("summary", True, "What changed, in one line for readers and the newsletter."),
)

PATHWAY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "id", True, "Pathway id; the same as the file name.", type="id", pattern=PATHWAY_ID_PATTERN
    ),
    _text("title", True, "Title of the pathway page."),
    FieldSpec("persona", True, "The persona this pathway is for.", type="persona"),
    _text("summary", True, "One or two sentences, shown on the persona card."),
    _texts("for_you_if", True, "Who this pathway is for."),
    FieldSpec(
        "go_elsewhere",
        False,
        "Who should take another pathway, and which.",
        type="list",
        items=FieldSpec("", True, "Another audience.", type="mapping", fields=ELSEWHERE_FIELDS),
    ),
    FieldSpec(
        "level", True, "How much experience the pathway assumes.", type="choice", choices=LEVELS
    ),
    FieldSpec(
        "prerequisites", False, "What to know first.", type="mapping", fields=PREREQUISITE_FIELDS
    ),
    _texts("outcomes", True, "What you can do at the end."),
    FieldSpec("reviewed", True, "When the pathway was last checked for accuracy.", type="date"),
    FieldSpec(
        "review_every_months", True, "How often it must be reviewed, in months.", type="integer"
    ),
    FieldSpec(
        "changes",
        False,
        "Dated changelog, newest first; the newsletter announces new entries.",
        type="list",
        items=FieldSpec("", True, "One change.", type="mapping", fields=CHANGE_FIELDS),
    ),
    FieldSpec(
        "steps",
        True,
        "The ordered steps.",
        type="list",
        items=FieldSpec("", True, "One step.", type="mapping", fields=STEP_FIELDS),
    ),
)


@dataclass(frozen=True)
class Resource:
    """A link a step points to; ``kind`` says how ``target`` is resolved."""

    kind: str
    target: str
    title: str = ""
    line: int = 0


@dataclass(frozen=True)
class Alternative:
    """A tool to pick instead of the default, and when."""

    tool: str
    when: str


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
