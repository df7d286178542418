"""JSON Schemas for data files, generated from the same field tables as the checks.

A schema describes the shape of each field (types, allowed values, patterns, nested fields),
which is what an editor with a YAML language server can complete and check as a member types.
Rules that relate fields or records to each other (the lifecycle, who decided, votes against
the roster, supersession) stay with ``council check``, which applies every rule.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from ..core.project import (
    EXIT_CODES,
    EXIT_OK,
    EXIT_USAGE,
    UsageError,
    add_project_options,
    display_path,
    open_project,
)
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


def run_schema(args: argparse.Namespace) -> int:
    try:
        project = open_project(args)
    except UsageError as error:
        print(f"council schema: {error}", file=sys.stderr)
        return EXIT_USAGE
    schemas = site_schemas(project.settings, args.base_url)
    if args.output is None:
        sys.stdout.write(dump(schemas[DECISION_SCHEMA]))
        return EXIT_OK
    args.output.mkdir(parents=True, exist_ok=True)
    for name, schema in schemas.items():
        target = args.output / name
        target.write_text(dump(schema), "utf-8")
        print(f"council schema: wrote {display_path(target)}", file=sys.stderr)
    return EXIT_OK


def add_command(commands: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Register ``council schema``."""
    schema = commands.add_parser(
        "schema",
        help="print or write the JSON Schemas of the project's data files",
        description="Print the JSON Schema of a decision record's front matter, generated "
        "from the same field table as the checks and with the project's vocabulary, or write "
        "every schema into a folder (--output). The committed copy under schemas/ is what "
        "scaffolded records point editors to; regenerate it with "
        "'council schema --output schemas' after changing the vocabulary.",
        epilog=EXIT_CODES,
    )
    schema.add_argument("--output", type=Path, metavar="DIR", help="write the schemas here")
    schema.add_argument(
        "--base-url", default="", help="site address, for each schema's $id (default: none)"
    )
    add_project_options(schema)
    schema.set_defaults(handler=run_schema)
