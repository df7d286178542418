"""Reading a decision record: a Markdown file's front matter, field by field, in pure Python.

``load_decision`` turns a file's text into a :class:`DecisionRecord` and every problem found
in it, all at once. Values that break a rule are reported and left out of the record;
everything valid is kept, so one typo never hides the rest of a record.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from typing import Any, TypeVar

from ..core.fields import FieldChecker
from ..core.problems import Check, Problem
from ..core.settings import RuleSettings
from ..core.values import DateRule
from ..core.yamlsource import YamlMap, find_front_matter, load_yaml
from .checks import (
    DECIDED_BY_FIELDS,
    FIELD_NAMES,
    FIELDS,
    HISTORY_FIELDS,
    PERSONA_FIELDS,
    record_problems,
)
from .lifecycle import STATUSES
from .model import (
    DECIDING_BODIES,
    VOTE_CHOICES,
    DecidedBy,
    DecisionRecord,
    HistoryEntry,
    PersonaImpact,
    Vote,
)
from .prose import prose_problems, raw_html_problems

T = TypeVar("T")

CHANGED = DateRule("write the date the change happened")
CLOSES = DateRule("write the date the comment period closes", happened=False)

EMPTY_LISTS = {
    "history": "is empty; a record's history starts with its draft or proposed entry",
    "areas": "is empty; name at least one area the decision belongs to",
}


class _DecisionReader:
    """Reads one record's front matter mapping field by field."""

    def __init__(self, checker: FieldChecker, data: YamlMap, settings: RuleSettings) -> None:
        self.check = checker
        self.data = data
        self.settings = settings
        self.id_pattern = re.compile(settings.id_pattern, re.ASCII)  # \d: ASCII digits only

    def line(self, key: str) -> int:
        return self.check.line_of(self.data, key)

    def read(self) -> DecisionRecord:
        self.check.unknown_keys(self.data, FIELD_NAMES, "")
        for rule in FIELDS:
            if rule.required and rule.name not in self.data:
                self.check.report(
                    self.check.first_line - 1,
                    rule.name,
                    f"missing required field; add '{rule.name}:' ({rule.description})",
                    Check.FIELD,
                )
        record = DecisionRecord(
            source=self.check.source,
            id=self.record_id(self.data.get("id"), self.line("id"), "id") or "",
            title=self.optional(self.check.text, "title") or "",
            kind=self.optional(self.choice(self.settings.kinds), "kind") or "",
            summary=self.optional(self.check.text, "summary") or "",
            reason=self.optional(self.check.text, "reason") or "",
            status=self.optional(self.choice(STATUSES), "status") or "",
            history=tuple(self.list_of(self.history_entry, "history")),
            decided_by=self.optional(self.decided_by, "decided_by"),
            votes=tuple(self.votes()),
            peps=tuple(self.list_of(self.pep_number, "peps")),
            supersedes=tuple(self.list_of(self.record_id, "supersedes")),
            areas=tuple(self.list_of(self.choice(self.settings.areas), "areas")),
            personas=tuple(self.list_of(self.persona, "personas")),
            discussion=tuple(self.list_of(self.check.link, "discussion")),
            lines=tuple((key, self.line(key)) for key in self.data if isinstance(key, str)),
        )
        for key in ("history", "areas"):
            if self.data.get(key) == []:
                message = EMPTY_LISTS[key]
                self.check.report(self.line(key), key, message, Check.VALUE)
        raw_history = self.data.get("history")
        history_complete = isinstance(raw_history, list) and len(raw_history) == len(record.history)
        self.check.problems.extend(record_problems(record, history_complete))
        return record

    def optional(self, read: Callable[[Any, int, str], T | None], key: str) -> T | None:
        if key not in self.data:
            return None
        return read(self.data[key], self.line(key), key)

    def list_of(self, read: Callable[[Any, int, str], T | None], key: str) -> Iterator[T]:
        if key in self.data:
            yield from self.check.items(self.data[key], self.line(key), key, read)

    def choice(self, choices: tuple[str, ...]) -> Callable[[Any, int, str], str | None]:
        return lambda value, line, field: self.check.choice(value, line, field, choices)

    def record_id(self, value: object, line: int, field: str) -> str | None:
        text = self.check.name(value, line, field)
        if text is not None and not self.id_pattern.fullmatch(text):
            self.check.report(
                line,
                field,
                f"{text!r} does not match the id pattern {self.settings.id_pattern}",
                Check.VALUE,
            )
            return None
        return text

    def pep_number(self, value: object, line: int, field: str) -> int | None:
        return self.check.whole_number(value, line, field, "a PEP number such as 517", 0)

    def history_entry(self, value: object, line: int, field: str) -> HistoryEntry | None:
        entry = self.check.mapping(value, line, field)
        if entry is None:
            return None
        self.check.unknown_keys(entry, HISTORY_FIELDS, field)
        for key in ("date", "status"):
            if key not in entry:
                self.check.report(
                    line,
                    f"{field}.{key}",
                    f"missing; every history entry has a {key}",
                    Check.FIELD,
                )

        def read(key: str, reader: Callable[[Any, int, str], T | None]) -> T | None:
            if key not in entry:
                return None
            return reader(entry[key], self.check.line_of(entry, key), f"{field}.{key}")

        date = read("date", lambda v, at, name: self.check.date(v, at, name, CHANGED))
        status = read("status", self.choice(STATUSES))
        note = read("note", self.check.text) or ""
        link = read("link", self.check.link) or ""
        closes = read("closes", lambda v, at, name: self.check.date(v, at, name, CLOSES))
        early = read("early", self.check.text) or ""
        if date is None or status is None or ("closes" in entry and closes is None):
            return None  # reported; a gap in the history keeps the lifecycle rules quiet
        status_line = self.check.line_of(entry, "status")
        return HistoryEntry(date, status, note, link, closes, line, status_line, early)

    def decided_by(self, value: object, line: int, field: str) -> DecidedBy | None:
        mapping = self.check.mapping(value, line, field)
        if mapping is None:
            return None
        self.check.unknown_keys(mapping, DECIDED_BY_FIELDS, field)
        if "body" not in mapping:
            self.check.report(
                line,
                f"{field}.body",
                f"missing; say who decided: {', '.join(DECIDING_BODIES)}",
                Check.FIELD,
            )
            return None
        body = self.check.choice(
            mapping["body"],
            self.check.line_of(mapping, "body"),
            f"{field}.body",
            DECIDING_BODIES,
        )
        name = None
        if "name" in mapping:
            name = self.check.text(
                mapping["name"], self.check.line_of(mapping, "name"), f"{field}.name"
            )
        if body == "pep-delegate" and not name and "name" not in mapping:
            self.check.report(
                line,
                f"{field}.name",
                "missing; a pep-delegate decision names the delegate",
                Check.FIELD,
            )
        elif body is not None and body != "pep-delegate" and "name" in mapping:
            self.check.report(
                self.check.line_of(mapping, "name"),
                f"{field}.name",
                "only a pep-delegate has a name here; remove it or set body: pep-delegate",
                Check.FIELD,
            )
        if body is None or (body == "pep-delegate" and not name):
            return None
        return DecidedBy(body, name or "") if body == "pep-delegate" else DecidedBy(body)

    def votes(self) -> Iterator[Vote]:
        if "votes" not in self.data:
            return
        mapping = self.check.mapping(self.data["votes"], self.line("votes"), "votes")
        if mapping is None:
            return
        for member, choice in mapping.items():
            line = self.check.line_of(mapping, member)
            field = f"votes.{member}"
            member_id = self.check.name(member, line, field)
            vote = self.check.choice(choice, line, field, VOTE_CHOICES)
            if vote is not None and member_id is not None:
                yield Vote(member_id, vote, line)

    def persona(self, value: object, line: int, field: str) -> PersonaImpact | None:
        personas = self.settings.personas
        if isinstance(value, str):
            name = self.check.choice(value, line, field, personas)
            return PersonaImpact(name) if name else None
        mapping = self.check.mapping(value, line, field)
        if mapping is None:
            return None
        self.check.unknown_keys(mapping, PERSONA_FIELDS, field)
        if "persona" not in mapping:
            self.check.report(
                line, f"{field}.persona", "missing; name the persona affected", Check.FIELD
            )
            return None
        name = self.check.choice(
            mapping["persona"],
            self.check.line_of(mapping, "persona"),
            f"{field}.persona",
            personas,
        )
        what = None
        if "what_changes" in mapping:
            what = self.check.text(
                mapping["what_changes"],
                self.check.line_of(mapping, "what_changes"),
                f"{field}.what_changes",
            )
        return PersonaImpact(name, what or "") if name else None


def load_decision(
    source: str, text: str, settings: RuleSettings | None = None
) -> tuple[DecisionRecord | None, list[Problem]]:
    """Load and check one decision record from the text of its Markdown file."""
    settings = settings or RuleSettings()
    # As Sphinx reads a document: past a byte order mark, and with Python's universal newlines
    # (CRLF and a lone CR are line breaks), so that lines and problems are the build's.
    text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    front = find_front_matter(text)
    # The prose as MyST reads it: front matter blanked, so lines stay the file's. Checked
    # whatever the front matter holds: the page shows the prose even when the record is bad.
    start = front.end_line if front is not None else 0
    prose = "\n" * start + "\n".join(text.split("\n")[start:])
    in_prose = prose_problems(source, prose)
    if not settings.raw_html:
        in_prose += raw_html_problems(source, prose)
    if front is None:
        missing = Problem(
            source,
            1,
            "",
            "no YAML front matter; start the file with a '---' line, the record's fields, "
            "and a closing '---' line",
            Check.YAML,
        )
        return None, [missing, *in_prose]
    data, problems = load_yaml(front.yaml, source, front.first_line)
    if problems:
        return None, problems + in_prose
    checker = FieldChecker(source, front.first_line, settings.build_date)
    mapping = checker.mapping(data, front.first_line - 1, "front matter")
    if mapping is None:
        return None, checker.problems + in_prose
    record = _DecisionReader(checker, mapping, settings).read()
    problems = checker.problems + in_prose
    return record, sorted(problems, key=lambda p: (p.line, p.field))


__all__ = ["load_decision"]
