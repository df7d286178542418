"""How a pathway field is declared: its type for the checks, its shape for the JSON Schema."""

from __future__ import annotations

from dataclasses import dataclass

from ..core.shapes import DATE, LINK, TEXT, FieldRule, Setting, Shape, Table, shape

LEVELS = ("beginner", "intermediate", "advanced")
RESOURCE_KINDS = ("guide", "term", "pep", "decision", "tool", "url")
PATHWAY_ID_PATTERN = r"[a-z][a-z0-9]*(-[a-z0-9]+)*"


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


def text_field(name: str, required: bool, description: str, example: str = "") -> FieldSpec:
    return FieldSpec(name, required, description, type="text", example=example)


def texts_field(name: str, required: bool, description: str) -> FieldSpec:
    return FieldSpec(
        name, required, description, type="list", items=text_field("", True, "One item.")
    )


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
    text_field("title", False, "Link text; required with url, optional otherwise."),
)

# A command the page shows is a command the pathway runner types (``council try-pathway``).
RUNS = FieldSpec(
    "runs",
    False,
    "'no' when the pathway runner cannot run this here (a Python download, a remote, a login); "
    "give the reason.",
    type="choice",
    choices=("no",),
)
REASON = text_field("reason", False, "Why the runner skips this, or runs 'instead'.")

COMMAND_FIELDS: tuple[FieldSpec, ...] = (
    text_field("run", True, "A shell command, exactly as the reader types it.", "uv init hello"),
    RUNS,
    REASON,
    text_field(
        "instead",
        False,
        "An honest local stand-in the runner runs in its place ($PATHWAY_INDEX_URL is a "
        "package index on 127.0.0.1); give the reason.",
    ),
)
COMMANDS = FieldSpec(
    "commands",
    False,
    "The commands to type, in order; the pathway runner runs each one.",
    type="list",
    items=FieldSpec("", True, "One command.", type="mapping", fields=COMMAND_FIELDS),
)

EXPECT_FIELDS: tuple[FieldSpec, ...] = (
    text_field("output_contains", False, "Text the output (stdout and stderr) must contain."),
    text_field("output_matches", False, "A regular expression a line of the output must match."),
    text_field("output_lacks", False, "Text the output must not contain."),
)

ALTERNATIVE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("tool", True, "A tool id from the tool list.", type="tool"),
    text_field("when", True, "When to pick this instead of the default."),
    COMMANDS,
    RUNS,
    REASON,
)

CHOICE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("default", True, "The tool this pathway starts you with.", type="tool"),
    text_field("reason", False, "Why this is the default."),
    FieldSpec(
        "alternatives",
        False,
        "Other good tools, each with when to pick it instead.",
        type="list",
        items=FieldSpec("", True, "An alternative.", type="mapping", fields=ALTERNATIVE_FIELDS),
    ),
)

CHECKPOINT_FIELDS: tuple[FieldSpec, ...] = (
    text_field(
        "run", True, "A command to run.", "uv run python -c 'import sys; print(sys.version)'"
    ),
    text_field("success", True, "What success looks like."),
    FieldSpec(
        "expect",
        False,
        "What the runner checks in the output, e.g. output_contains: Hello.",
        type="mapping",
        fields=EXPECT_FIELDS,
    ),
)

STEP_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("id", True, "Step id, unique in the pathway.", type="id", pattern=PATHWAY_ID_PATTERN),
    text_field("title", True, "What you do in this step, as an imperative."),
    text_field("why", True, "Why this step matters; the reason comes before the instructions."),
    FieldSpec("minutes", True, "Estimated time in minutes.", type="integer"),
    text_field("do", False, "What to do, in a few sentences."),
    COMMANDS,
    RUNS,
    REASON,
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
    text_field("who", True, "Who should go elsewhere, e.g. 'You only install packages'."),
    FieldSpec(
        "pathway", True, "The pathway to go to instead.", type="id", pattern=PATHWAY_ID_PATTERN
    ),
)

PREREQUISITE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("pathways", False, "Pathways to follow first.", type="list", items=PATHWAY_REF),
    texts_field("skills", False, "What you should already be able to do."),
)

CHANGE_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec("date", True, "When the pathway changed.", type="date"),
    text_field("summary", True, "What changed, in one line for readers and the newsletter."),
)

PATHWAY_FIELDS: tuple[FieldSpec, ...] = (
    FieldSpec(
        "id", True, "Pathway id; the same as the file name.", type="id", pattern=PATHWAY_ID_PATTERN
    ),
    text_field("title", True, "Title of the pathway page."),
    FieldSpec("persona", True, "The persona this pathway is for.", type="persona"),
    text_field("summary", True, "One or two sentences, shown on the persona card."),
    texts_field("for_you_if", True, "Who this pathway is for."),
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
    texts_field("outcomes", True, "What you can do at the end."),
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
        "next",
        False,
        "Where to go after the last step: who should take which pathway next.",
        type="list",
        items=FieldSpec("", True, "A next pathway.", type="mapping", fields=ELSEWHERE_FIELDS),
    ),
    FieldSpec(
        "steps",
        True,
        "The ordered steps.",
        type="list",
        items=FieldSpec("", True, "One step.", type="mapping", fields=STEP_FIELDS),
    ),
)
