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
from ..core.shapes import FieldRule, Setting, Table
from ..decisions.checks import FIELDS
from ..pathways.model import PATHWAY_FIELDS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"
SCHEMA_FOLDER = "schemas"
DECISION_SCHEMA = "decision.schema.json"
PATHWAY_SCHEMA = "pathway.schema.json"


def resolve(value: Any, settings: object) -> Any:
    """A shape with every placeholder replaced by plain JSON Schema."""
    if isinstance(value, Setting):
        setting = getattr(settings, value.name)
        if value.form == "pattern":
            return rf"^\s*(?:{setting})\s*$"
        return list(setting)
    if isinstance(value, Table):
        return table_schema(value.fields, settings, value.extra)
    if isinstance(value, Mapping):
        return {key: resolve(item, settings) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [resolve(item, settings) for item in value]
    return value


def table_schema(
    fields: Sequence[FieldRule], settings: object, extra: Mapping[str, Any] | None = None
) -> dict[str, Any]:
    """An object schema for a field table: every field described, unknown fields refused."""
    schema: dict[str, Any] = {
        "type": "object",
        "properties": {
            # A table from before shapes existed describes its fields without constraining them.
            rule.name: {
                "description": rule.description,
                **resolve(getattr(rule, "shape", {}), settings),
            }
            for rule in fields
        },
        "additionalProperties": False,
    }
    required = [rule.name for rule in fields if rule.required]
    if required:
        schema["required"] = required
    schema.update(resolve(extra or {}, settings))
    return schema


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
