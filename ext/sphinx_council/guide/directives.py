"""The member's guide: the lifecycle, the fields and the vote rules, generated from the code,
and the JSON Schemas published with the site.

Directives (all generated from the definitions the checks use, so the guide cannot drift):

``decision-lifecycle``
    The lifecycle as an SVG state diagram (:mod:`lifecycle_svg`), then every status as a box
    with the statuses it may move to, grouped into where a record starts, where it moves on,
    and where it ends (from :data:`lifecycle.TRANSITIONS`).
``decision-fields``
    A table of every front matter field, nested fields included, with what it holds and its
    allowed values in this project's vocabulary (from :data:`rules.FIELDS`).
``decision-vote-rules``
    PEP 772's voting rules as the checks apply them (from :mod:`roster`).
``decision-schemas``
    Links to the published JSON Schemas, written to ``schemas/`` when an HTML build succeeds.
``decision-prose``
    What a record's prose may use: Markdown, each directive with its options, each role, and
    the rules for links and images (from :mod:`decisions.dialect`, in :mod:`dialect_list`).

The schemas are published only by a project that has decision records or shows the links: a
Sphinx project that adds ``sphinx_council`` for something else gets no ``schemas/`` folder.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence, Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

from docutils import nodes
from sphinx.util.docutils import SphinxDirective
from sphinx.util.osutil import relative_uri

from ..core.settings import RuleSettings
from ..core.shapes import DATE, LINK, TEXT, FieldRule, Setting, Table, resolve
from ..decisions.checks import FIELDS
from ..decisions.domain import council_domain
from ..decisions.lifecycle import DECIDED_STATUSES, STATUS_LABELS, STATUSES, allowed_next
from ..decisions.model import VOTE_CHOICES
from ..decisions.pagelinks import status_badge
from ..decisions.roster import MAX_SHARED_AFFILIATION, QUORUM
from ..sphinxext.assets import Asset, link_where_used
from ..sphinxext.config import council_config
from ..sphinxext.nodes import paragraph
from ..sphinxext.outputs import publishes_site
from .dialect_list import ProseDialectDirective
from .lifecycle_svg import lifecycle_rows, lifecycle_svg
from .schemas import SCHEMA_FOLDER, dump, site_schemas

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


# --- the lifecycle --------------------------------------------------------------------------


def lifecycle_groups() -> list[tuple[str, list[str]]]:
    """Statuses grouped by where they sit in a record's life: the rows of the picture."""
    labels = ("A record starts as", "and moves on to", "until it ends as")
    return list(zip(labels, lifecycle_rows(), strict=True))


def _status_id(status: str) -> str:
    return f"lifecycle-{status}"


def _status_box(status: str) -> nodes.container:
    box = nodes.container(ids=[_status_id(status)], classes=["council-lifecycle-status"])
    box += paragraph(status_badge(status), " ", nodes.literal("", status))
    after = sorted(allowed_next(status), key=STATUSES.index)
    if after:
        arrows = nodes.bullet_list(classes=["council-lifecycle-next"])
        for target in after:
            reference = nodes.reference(
                "", STATUS_LABELS.get(target, target), internal=True, refid=_status_id(target)
            )
            arrows += nodes.list_item("", paragraph("→ ", reference))
        box += paragraph("Can move to:")
        box += arrows
    else:
        box += paragraph(nodes.emphasis("", "Final: a record stays here."))
    if status in DECIDED_STATUSES:
        box += paragraph("Says who decided (", nodes.literal("", "decided_by"), ").")
    return box


class LifecycleDirective(SphinxDirective):
    """The lifecycle as a picture, then as status boxes that read without styles as lists.

    The picture is SVG drawn from the lifecycle's constants (no record text), so raw HTML is
    safe here; builders other than HTML skip it and keep the boxes, which are also the text
    alternative and the keyboard path through the lifecycle.
    """

    def run(self) -> list[nodes.Node]:
        ident = f"council-lifecycle-{self.env.new_serialno('council-lifecycle')}"
        picture = nodes.container(classes=["council-lifecycle-picture"])
        picture += nodes.raw("", lifecycle_svg(ident), format="html")
        diagram = nodes.container(classes=["council-lifecycle"])
        for label, statuses in lifecycle_groups():
            stage = nodes.container(classes=["council-lifecycle-stage"])
            stage += nodes.rubric("", label)
            for status in statuses:
                stage += _status_box(status)
            diagram += stage
        return [picture, diagram]


# --- the fields -----------------------------------------------------------------------------


def describe_shape(value: Any, settings: RuleSettings) -> str:
    """What a field holds, in a reader's words, from its shape."""
    named = {id(TEXT): "text", id(DATE): "a date, YYYY-MM-DD", id(LINK): "an https: link"}
    if id(value) in named:
        return named[id(value)]
    if isinstance(value, Table):
        return "a mapping of the fields below"
    pattern = _setting_pattern(value, settings)
    if pattern:
        return f"text matching {pattern}"
    items = _setting_pattern(value.get("items"), settings) if isinstance(value, Mapping) else ""
    if items:
        return f"a list of text, each matching {items}"
    schema = resolve(value, settings)
    return _describe_schema(schema, value)


def _setting_pattern(shape: Any, settings: RuleSettings) -> str:
    """The configured pattern a shape refers to (e.g. the id pattern), as configured."""
    if isinstance(shape, Mapping) and isinstance(shape.get("pattern"), Setting):
        return str(getattr(settings, shape["pattern"].name))
    return ""


def _describe_schema(schema: dict[str, Any], shape: Any = None) -> str:
    kind = schema.get("type")
    if kind == "array":
        items = shape.get("items") if isinstance(shape, Mapping) else None
        return "a list of " + _item_words(items, schema.get("items", {}))
    if kind == "object" and isinstance(schema.get("additionalProperties"), dict):
        return "member id: " + _describe_schema(schema["additionalProperties"])
    return _describe_value(schema)


def _describe_value(schema: dict[str, Any]) -> str:
    if "enum" in schema:
        return "one of: " + ", ".join(map(str, schema["enum"]))
    if "anyOf" in schema:
        return " or ".join(_describe_schema(option) for option in schema["anyOf"])
    kind = schema.get("type")
    if kind == "string" and "pattern" in schema:
        return f"text matching {schema['pattern']}"
    words = {"object": "a mapping of the fields below", "integer": "whole numbers"}
    return words.get(str(kind), "text" if kind == "string" else "anything")


def _item_words(shape: Any, schema: dict[str, Any]) -> str:
    words = {id(TEXT): "text", id(DATE): "dates", id(LINK): "https: links"}
    if id(shape) in words:
        return words[id(shape)]
    if isinstance(shape, Table):
        return "mappings of the fields below"
    if schema.get("type") == "integer":
        return "whole numbers, e.g. [517, 518]"
    return "items, each " + _describe_schema(schema)


def field_rows(
    fields: Sequence[FieldRule], settings: RuleSettings, prefix: str = ""
) -> Iterator[tuple[str, bool, str, str]]:
    """(field, required, what it is for, what it holds) for each field, nested ones after."""
    for rule in fields:
        name = f"{prefix}{rule.name}"
        yield name, rule.required, rule.description, describe_shape(rule.shape, settings)
        for nested, suffix in _nested_tables(rule.shape):
            yield from field_rows(nested.fields, settings, f"{name}{suffix}.")


def _nested_tables(shape: Any) -> Iterator[tuple[Table, str]]:
    if isinstance(shape, Table):
        yield shape, ""
        return
    items = shape.get("items") if hasattr(shape, "get") else None
    if isinstance(items, Table):
        yield items, "[]"
    for option in items.get("anyOf", ()) if hasattr(items, "get") else ():  # type: ignore[union-attr]
        if isinstance(option, Table):
            yield option, "[]"


def fields_list(rows: Sequence[tuple[str, bool, str, str]]) -> nodes.definition_list:
    """A definition list rather than a table: it stays readable on a narrow phone screen."""
    items = nodes.definition_list(classes=["council-fields"])
    for name, required, description, holds in rows:
        term = nodes.term("", "", nodes.literal("", name))
        term += nodes.Text(" (required)" if required else " (optional)")
        definition = nodes.definition(
            "", paragraph(description), paragraph(nodes.emphasis("", "Holds: "), holds)
        )
        items += nodes.definition_list_item("", term, definition)
    return items


class FieldsDirective(SphinxDirective):
    """Every front matter field, from the same table the checks read."""

    def run(self) -> list[nodes.Node]:
        settings = council_config(self.config).rules
        return [fields_list(list(field_rows(FIELDS, settings)))]


# --- the vote rules ---------------------------------------------------------------------------


def vote_rules() -> list[str]:
    """PEP 772's voting rules, as :func:`roster.vote_problems` checks them."""
    return [
        "Every member sitting on the date of the decision votes: "
        + ", ".join(VOTE_CHOICES)
        + "; a vote from someone not sitting on that date is an error.",
        f"At least {QUORUM} members must vote yes or no (the quorum); abstentions and "
        "recusals do not count towards it.",
        "A decision passes with more yes than no votes among the members who voted yes or no.",
        "An accepted record must have passed, and a rejected one must not have.",
        f"No more than {MAX_SHARED_AFFILIATION} sitting members may share an affiliation.",
    ]


class VoteRulesDirective(SphinxDirective):
    """The vote rules as a list, worded from the constants the checks use."""

    def run(self) -> list[nodes.Node]:
        rules = nodes.bullet_list()
        for rule in vote_rules():
            rules += nodes.list_item("", paragraph(rule))
        return [rules]


# --- the schemas ------------------------------------------------------------------------------


class schema_links(nodes.General, nodes.Element):
    """Placeholder for links to the published schemas, made when the page is written."""


# The environment's record of the documents that show the schema links (kept across
# incremental builds, merged from parallel readers).
SCHEMA_PAGES = "council_schema_pages"


def schema_pages(env: BuildEnvironment) -> set[str]:
    pages: set[str] | None = getattr(env, SCHEMA_PAGES, None)
    if pages is None:
        pages = set()
        setattr(env, SCHEMA_PAGES, pages)
    return pages


def forget_schema_page(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    schema_pages(env).discard(docname)


def merge_schema_pages(
    app: Sphinx, env: BuildEnvironment, docnames: Set[str], other: BuildEnvironment
) -> None:
    schema_pages(env).update(schema_pages(other) & docnames)


class SchemasDirective(SphinxDirective):
    def run(self) -> list[nodes.Node]:
        schema_pages(self.env).add(self.env.docname)
        return [schema_links()]


def fill_schema_links(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    settings = council_config(app.config).rules
    for placeholder in list(doctree.findall(schema_links)):
        items = nodes.bullet_list()
        for name, schema in site_schemas(settings).items():
            uri = _schema_uri(app, docname, name)
            shown: nodes.Node = nodes.reference("", name, refuri=uri) if uri else nodes.Text(name)
            items += nodes.list_item("", paragraph(shown, f": {schema['title']}"))
        placeholder.replace_self(items)


def _schema_uri(app: Sphinx, docname: str, name: str) -> str | None:
    """Where a schema is: beside this page in a published site; otherwise (a book, a single
    page) on the web site, if its address is known."""
    if publishes_site(app.builder):
        return relative_uri(app.builder.get_target_uri(docname), f"{SCHEMA_FOLDER}/{name}")
    base = app.config.html_baseurl
    return f"{base.rstrip('/')}/{SCHEMA_FOLDER}/{name}" if base else None


def publishes_schemas(env: BuildEnvironment) -> bool:
    """Whether the project has decision records or shows the links to the schemas."""
    return bool(council_domain(env).records) or bool(schema_pages(env))


def write_schemas(app: Sphinx, exception: Exception | None) -> None:
    """Publish the schemas at ``/schemas/NAME`` once an HTML build succeeded."""
    if exception is not None or not publishes_site(app.builder):
        return
    if not publishes_schemas(app.env):
        return
    folder = Path(app.outdir, SCHEMA_FOLDER)
    folder.mkdir(exist_ok=True)
    settings = council_config(app.config).rules
    for name, schema in site_schemas(settings, app.config.html_baseurl or "").items():
        target = folder / name
        text = dump(schema)
        if not target.exists() or target.read_text("utf-8") != text:
            target.write_text(text, "utf-8")


def setup_guide(app: Sphinx) -> None:
    app.add_node(schema_links)
    app.add_directive("decision-lifecycle", LifecycleDirective)
    app.add_directive("decision-fields", FieldsDirective)
    app.add_directive("decision-vote-rules", VoteRulesDirective)
    app.add_directive("decision-schemas", SchemasDirective)
    app.add_directive("decision-prose", ProseDialectDirective)
    app.connect("doctree-resolved", fill_schema_links)
    app.connect("env-purge-doc", forget_schema_page)
    app.connect("env-merge-info", merge_schema_pages)
    app.connect("build-finished", write_schemas)
    link_where_used(app, Asset("guide.css"))
