"""JSON Schemas for data files, generated from the same field tables as the checks.

A schema describes the shape of each field (types, allowed values, patterns, nested fields),
which is what an editor with a YAML language server can complete and check as a member types.
Rules that relate fields or records to each other (the lifecycle, who decided, votes against
the roster, supersession) stay with ``council check``, which applies every rule.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..core.settings import RuleSettings
from ..core.shapes import FieldRule, table_schema
from ..decisions.checks import FIELDS
from ..pathways.model import PATHWAY_FIELDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FOLDER = "schemas"
DECISION_SCHEMA = "decision.schema.json"
PATHWAY_SCHEMA = "pathway.schema.json"


def document_schema(
    fields: Sequence[FieldRule], settings: object, title: str, schema_id: str = ""
) -> dict[str, Any]:
    """A complete schema document for a data file described by ``fields``."""
    head: dict[str, Any] = {"$schema": SCHEMA_DIALECT}
    if schema_id:
        head["$id"] = schema_id
    head["title"] = title
    return head | table_schema(fields, settings)


def decision_schema(settings: RuleSettings | None = None, schema_id: str = "") -> dict[str, Any]:
    """The schema of a decision record's front matter."""
    return document_schema(
        FIELDS, settings or RuleSettings(), "Packaging Council decision record", schema_id
    )


def dump(schema: Mapping[str, Any]) -> str:
    """Stable JSON text: same schema, same bytes."""
    return json.dumps(schema, indent=2, ensure_ascii=False) + "\n"


def site_schemas(settings: RuleSettings, base_url: str = "") -> dict[str, dict[str, Any]]:
    """Every schema the site publishes, by file name under ``schemas/``."""

    def url(name: str) -> str:
        return f"{base_url.rstrip('/')}/{SCHEMA_FOLDER}/{name}" if base_url else ""

    pathway = document_schema(PATHWAY_FIELDS, settings, "Persona pathway", url(PATHWAY_SCHEMA))
    return {
        DECISION_SCHEMA: decision_schema(settings, url(DECISION_SCHEMA)),
        PATHWAY_SCHEMA: pathway,
    }
