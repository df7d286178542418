"""A pathway's checked field values turned into its dataclasses, with the rules between them
(a step's resources, choice and commands). Pure: no Sphinx, no docutils."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..core.fields import FieldChecker
from ..core.problems import Check
from ..core.yamlsource import YamlMap
from .commands import CommandReader
from .model import (
    RESOURCE_KINDS,
    Choice,
    Elsewhere,
    Pathway,
    PathwayChange,
    Resource,
    Step,
)

# A located value: what a field held, and the file line it starts on.
Located = tuple[Any, int]


class FieldValues(dict[str, Located]):
    """The valid values of a mapping's fields, and which fields it had at all."""

    present: frozenset[str] = frozenset()


def _get(values: Mapping[str, Located], key: str, default: Any = None) -> Any:
    return values[key][0] if key in values else default


def _texts(values: Mapping[str, Located], key: str) -> tuple[str, ...]:
    return tuple(text for text, _ in _get(values, key, []))


class _PathwayBuilder:
    """Turns checked field values into the pathway's dataclasses, with the rules between them."""

    def __init__(self, checker: FieldChecker) -> None:
        self.check = checker
        self.commands = CommandReader(checker)

    def resource(self, values: FieldValues, line: int, field: str) -> Resource | None:
        kinds = [kind for kind in RESOURCE_KINDS if kind in values.present]
        title = _get(values, "title", "")
        if len(kinds) != 1:
            if kinds:
                message = f"names {' and '.join(kinds)}; give one link per resource"
            else:
                message = f"names no link; add one of {', '.join(RESOURCE_KINDS)}"
            self.check.report(line, field, message, Check.FIELD)
            return None
        kind = kinds[0]
        if kind not in values:
            return None  # its value was invalid, and is already reported
        if kind == "url" and not title:
            self.check.report(
                line, f"{field}.title", "missing; a url resource needs link text", Check.FIELD
            )
            return None
        return Resource(kind, str(_get(values, kind)), title, values[kind][1])

    def step(self, values: dict[str, Located], line: int, field: str) -> Step | None:
        if not {"id", "title"} <= values.keys():
            return None  # a step without why is reported but kept: its links are still checked
        resources = [
            self.resource(item, item_line, f"{field}.resources[{index}]")
            for index, (item, item_line) in enumerate(_get(values, "resources", []))
        ]
        choice = _get(values, "choice")
        runs, reason = self.commands.runs(values, line, field)
        commands = self.commands.commands(values, field)
        checkpoint = self.commands.checkpoint(_get(values, "checkpoint"), runs, line, field)
        self.commands.unlisted_prose_commands(values, bool(commands or checkpoint), runs, field)
        return Step(
            id=_get(values, "id"),
            title=_get(values, "title"),
            why=_get(values, "why", ""),
            minutes=_get(values, "minutes", 0),
            do=_get(values, "do", ""),
            resources=tuple(r for r in resources if r is not None),
            choice=self.choice(choice, f"{field}.choice") if choice else None,
            checkpoint=checkpoint,
            line=line,
            commands=commands,
            runs=runs,
            reason=reason,
        )

    def choice(self, values: dict[str, Located], field: str) -> Choice | None:
        if "default" not in values:
            return None
        alternatives = tuple(
            self.commands.alternative(item, line, f"{field}.alternatives[{index}]")
            for index, (item, line) in enumerate(_get(values, "alternatives", []))
            if {"tool", "when"} <= item.keys()
        )
        return Choice(_get(values, "default"), _get(values, "reason", ""), alternatives)

    def steps(self, items: list[Located]) -> tuple[Step, ...]:
        steps: list[Step] = []
        seen: dict[str, int] = {}
        for index, (values, line) in enumerate(items):
            step = self.step(values, line, f"steps[{index}]")
            if step is None:
                continue
            if step.id in seen:
                self.check.report(
                    values["id"][1],
                    f"steps[{index}].id",
                    f"{step.id!r} is already the id of the step on line {seen[step.id]}; "
                    "give each step its own id",
                    Check.DUPLICATE,
                )
                continue
            seen[step.id] = values["id"][1]
            steps.append(step)
        return tuple(steps)


def _elsewhere(values: FieldValues, key: str) -> tuple[Elsewhere, ...]:
    return tuple(
        Elsewhere(_get(item, "who"), _get(item, "pathway"), item["pathway"][1])
        for item, _ in _get(values, key, [])
        if {"who", "pathway"} <= item.keys()
    )


def pathway_from(
    source: str, values: FieldValues, mapping: YamlMap, checker: FieldChecker
) -> Pathway:
    """The pathway the valid fields describe (invalid ones are reported and left out)."""
    prerequisites = _get(values, "prerequisites", {})
    return Pathway(
        source=source,
        id=_get(values, "id", ""),
        title=_get(values, "title", ""),
        persona=_get(values, "persona", ""),
        summary=_get(values, "summary", ""),
        for_you_if=_texts(values, "for_you_if"),
        go_elsewhere=_elsewhere(values, "go_elsewhere"),
        next=_elsewhere(values, "next"),
        level=_get(values, "level", ""),
        prerequisite_pathways=tuple(_get(prerequisites, "pathways", [])),
        prerequisite_skills=_texts(prerequisites, "skills"),
        outcomes=_texts(values, "outcomes"),
        reviewed=_get(values, "reviewed"),
        review_every_months=_get(values, "review_every_months", 0),
        changes=tuple(
            PathwayChange(_get(item, "date"), _get(item, "summary"))
            for item, _ in _get(values, "changes", [])
            if {"date", "summary"} <= item.keys()
        ),
        steps=_PathwayBuilder(checker).steps(_get(values, "steps", [])),
        lines=tuple(
            (key, checker.line_of(mapping, key)) for key in mapping if isinstance(key, str)
        ),
    )
