"""What a field holds, declared once so the checks, the JSON Schemas and the scaffold agree.

A :class:`FieldRule`'s ``shape`` is a JSON Schema fragment that may contain two kinds of
placeholder, resolved by :mod:`sphinx_council.guide.schemas` against a project's settings:
:class:`Setting` (a configurable vocabulary or pattern, e.g. the allowed areas) and
:class:`Table` (a nested mapping described by its own field table, e.g. a history entry).
Any table of ``FieldRule`` objects (decisions, pathways, ...) can be turned into a schema.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

Shape = Mapping[str, Any]


@dataclass(frozen=True)
class Setting:
    """A value taken from the project's settings (``RuleSettings`` attribute ``name``).

    ``form`` says how it enters the schema: ``"enum"`` (a list of allowed values) or
    ``"pattern"`` (a regular expression the whole value must match).
    """

    name: str
    form: str = "enum"


@dataclass(frozen=True)
class Table:
    """A nested mapping described by its own field table."""

    fields: Sequence[FieldRule]
    # Extra JSON Schema keywords for the mapping, e.g. conditional requirements.
    extra: Shape = field(default_factory=lambda: MappingProxyType({}))


@dataclass(frozen=True)
class FieldRule:
    """One field: whether it is required, what it is for, and what shape its value has.

    ``shape`` is optional so a table can start with names and descriptions only; a field
    without one accepts any value in the schema.
    """

    name: str
    required: bool
    description: str
    shape: Shape | Table = field(default_factory=lambda: MappingProxyType({}))


def shape(**keywords: Any) -> Shape:
    """A read-only JSON Schema fragment."""
    return MappingProxyType(keywords)


# Shapes shared by many fields. Patterns follow the checks: text is anything but blank,
# dates are ISO dates, links are absolute http(s) URLs.
TEXT = shape(type="string", pattern=r"\S")
DATE = shape(type="string", pattern=r"^\d{4}-\d{2}-\d{2}$", format="date")
LINK = shape(type="string", pattern=r"^\s*[Hh][Tt][Tt][Pp][Ss]?://[^/?#\s]+")


def one_of_values(values: Sequence[str]) -> Shape:
    """A text field whose value is one of ``values``."""
    return shape(type="string", enum=list(values))


def list_of(item: Shape | Setting | Table) -> Shape:
    """A list field whose items have the shape ``item``."""
    return shape(type="array", items=item)


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
