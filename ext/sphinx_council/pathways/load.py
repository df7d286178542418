"""Reading one pathway file: its YAML into a :class:`Pathway` and every problem in it.

Driven by the field declarations of :mod:`sphinx_council.pathways.model`; links into the
Packaging User Guide are checked against a :class:`GuideInventory` passed in as data (see
:mod:`sphinx_council.pathways.inventory`). Pure: no Sphinx, no docutils.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable
from typing import Any

from ..core.fields import FieldChecker
from ..core.problems import Check, Problem
from ..core.settings import DEFAULT_PERSONAS
from ..core.values import DateRule
from ..core.yamlsource import YamlMap, load_yaml
from ..peps.index import pep_index
from .assemble import FieldValues, Located, pathway_from
from .model import (
    PATHWAY_FIELDS,
    FieldSpec,
    Pathway,
)
from .userguide import GuideInventory, is_guide_url, suggest

# What each date field of a pathway records; both are dates something happened on.
DATE_RULES = {
    "reviewed": DateRule("write the date of the last review"),
    "date": DateRule("write the date the pathway changed"),
}


MAX_REVIEW_MONTHS = 120


class _PathwayReader:
    """Reads a pathway mapping field by field, following the declarations."""

    def __init__(
        self, checker: FieldChecker, personas: tuple[str, ...], guide: GuideInventory
    ) -> None:
        self.check = checker
        self.personas = personas
        self.guide = guide

    def fields(self, mapping: YamlMap, specs: tuple[FieldSpec, ...], where: str) -> FieldValues:
        """Valid values of a mapping's fields, reporting unknown and missing ones."""
        names = tuple(spec.name for spec in specs)
        self.check.unknown_keys(mapping, names, where)
        values = FieldValues()
        values.present = frozenset(str(key) for key in mapping)
        for spec in specs:
            name = f"{where}.{spec.name}" if where else spec.name
            if spec.name not in mapping:
                if spec.required:
                    self.check.report(
                        self.check.first_line + mapping.line,
                        name,
                        f"missing required field; add '{spec.name}:' ({spec.description})",
                        Check.FIELD,
                    )
                continue
            line = self.check.line_of(mapping, spec.name)
            value = self.value(spec, mapping[spec.name], line, name)
            if value is not None:
                values[spec.name] = (value, line)
        return values

    def value(self, spec: FieldSpec, value: object, line: int, name: str) -> Any:
        return READERS[spec.type](self, spec, value, line, name)

    def read_text(self, spec: FieldSpec, value: object, line: int, name: str) -> str | None:
        text = self.check.text(value, line, name)
        if text is not None and text.count("`") % 2:
            self.check.report(
                line,
                name,
                "has an unpaired backtick; put code between two backticks, like `uv sync`",
                Check.VALUE,
            )
        return text

    def read_link(self, spec: FieldSpec, value: object, line: int, name: str) -> str | None:
        url = self.check.link(value, line, name)
        if url is not None and is_guide_url(url):
            _, why = self.guide.check_url(url)
            if why:
                self.check.report(line, name, why, Check.GUIDE)
                return None
        return url

    def read_date(self, spec: FieldSpec, value: object, line: int, name: str) -> dt.date | None:
        return self.check.date(value, line, name, DATE_RULES[spec.name])

    def read_integer(self, spec: FieldSpec, value: object, line: int, name: str) -> int | None:
        return self.check.whole_number(value, line, name, "a whole number above 0", 1)

    def read_choice(self, spec: FieldSpec, value: object, line: int, name: str) -> str | None:
        return self.check.choice(value, line, name, spec.choices)

    def read_persona(self, spec: FieldSpec, value: object, line: int, name: str) -> str | None:
        return self.check.choice(value, line, name, self.personas)

    def read_id(self, spec: FieldSpec, value: object, line: int, name: str) -> str | None:
        text = self.check.name(value, line, name)
        if text is not None and not re.fullmatch(spec.pattern, text):
            self.check.report(
                line,
                name,
                f"{text!r} is not a valid id; use lowercase words joined by hyphens",
                Check.VALUE,
            )
            return None
        return text

    def read_pep(self, spec: FieldSpec, value: object, line: int, name: str) -> int | None:
        number = self.check.whole_number(value, line, name, "a PEP number such as 517", 0)
        if number is None:
            return None
        if number not in pep_index():
            self.check.report(
                line, name, f"PEP {value} is not in the vendored PEP index", Check.PEP
            )
            return None
        return number

    def read_tool(self, spec: FieldSpec, value: object, line: int, name: str) -> str | None:
        text = self.check.name(value, line, name)
        if text is None:
            return None
        if text not in self.guide.tools:
            self.check.report(
                line,
                name,
                f"{text!r} is not a tool of the tool list (the guide's key projects)"
                + suggest(text, self.guide.tools),
                Check.TOOL,
            )
            return None
        return text

    def read_guide(self, spec: FieldSpec, value: object, line: int, name: str) -> str | None:
        text = self.check.text(value, line, name)
        if text is not None and self.guide.resolve(text) is None:
            choices = [*self.guide.docs, *self.guide.labels]
            self.check.report(
                line,
                name,
                f"{text!r} is not a page or label of the Packaging User Guide"
                + suggest(text.partition("#")[0], choices),
                Check.GUIDE,
            )
            return None
        return text

    def read_term(self, spec: FieldSpec, value: object, line: int, name: str) -> str | None:
        text = self.check.text(value, line, name)
        if text is not None and self.guide.term(text) is None:
            self.check.report(
                line,
                name,
                f"{text!r} is not a term of the guide's glossary" + suggest(text, self.guide.terms),
                Check.GUIDE,
            )
            return None
        return text

    def read_list(
        self, spec: FieldSpec, value: object, line: int, name: str
    ) -> list[Located] | None:
        sequence = self.check.sequence(value, line, name)
        if sequence is None or spec.items is None:
            return None
        items = []
        for index, item in enumerate(sequence):
            item_line = self.check.line_of_item(sequence, index)
            read = self.value(spec.items, item, item_line, f"{name}[{index}]")
            if read is not None:
                items.append((read, item_line))
        return items

    def read_mapping(
        self, spec: FieldSpec, value: object, line: int, name: str
    ) -> FieldValues | None:
        mapping = self.check.mapping(value, line, name)
        if mapping is None:
            return None
        return self.fields(mapping, spec.fields, name)


# Each field type's reader, written out so that grep and mypy see every one.
Reader = Callable[[_PathwayReader, FieldSpec, object, int, str], object]
READERS: dict[str, Reader] = {
    "text": _PathwayReader.read_text,
    "link": _PathwayReader.read_link,
    "date": _PathwayReader.read_date,
    "integer": _PathwayReader.read_integer,
    "choice": _PathwayReader.read_choice,
    "persona": _PathwayReader.read_persona,
    "id": _PathwayReader.read_id,
    "pep": _PathwayReader.read_pep,
    "tool": _PathwayReader.read_tool,
    "guide": _PathwayReader.read_guide,
    "term": _PathwayReader.read_term,
    "list": _PathwayReader.read_list,
    "mapping": _PathwayReader.read_mapping,
}


def load_pathway(
    source: str,
    text: str,
    guide: GuideInventory,
    personas: tuple[str, ...] = DEFAULT_PERSONAS,
    stem: str = "",
    today: dt.date | None = None,
) -> tuple[Pathway | None, list[Problem]]:
    """Load and check one pathway from the text of its YAML file.

    ``stem`` is the file name without ``.yaml``; when given, the pathway's id must equal it, so
    a pathway's page address and the id other pathways link to are the same word. ``today`` is
    the build date the pathway's dates are checked against.
    """
    data, problems = load_yaml(text, source)
    if problems:
        return None, problems
    checker = FieldChecker(source, 1, today)
    if data is None:
        checker.report(
            1, "", "the file is empty; run 'council new-pathway' for a start", Check.YAML
        )
        return None, checker.problems
    mapping = checker.mapping(data, 1, "pathway")
    if mapping is None:
        return None, checker.problems
    values = _PathwayReader(checker, personas, guide).fields(mapping, PATHWAY_FIELDS, "")
    pathway = pathway_from(source, values, mapping, checker)
    if stem and pathway.id and pathway.id != stem:
        checker.report(
            pathway.line_of("id"),
            "id",
            f"{pathway.id!r} differs from the file name {stem!r}; rename one so they match",
            Check.VALUE,
        )
    if pathway.review_every_months > MAX_REVIEW_MONTHS:
        checker.report(
            pathway.line_of("review_every_months"),
            "review_every_months",
            f"{pathway.review_every_months} is more than {MAX_REVIEW_MONTHS} months; a pathway "
            "is reviewed at least every ten years",
            Check.VALUE,
        )
    if "steps" in values and not pathway.steps and not checker.problems:
        checker.report(pathway.line_of("steps"), "steps", "is empty; add a step", Check.VALUE)
    return pathway, sorted(checker.problems, key=lambda p: (p.line, p.field))
