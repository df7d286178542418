"""The rules a decision record's front matter must follow, in pure Python.

``load_decision`` turns a Markdown file's text into a :class:`DecisionRecord` and every problem
found in it, all at once. Values that break a rule are reported and left out of the record;
everything valid is kept, so one typo never hides the rest of a record.
"""

from __future__ import annotations

import datetime as dt
import difflib
import re
from collections.abc import Callable, Iterator
from itertools import pairwise
from typing import Any, TypeVar
from urllib.parse import urlsplit

from ..core.problems import Check, Problem
from ..core.settings import RuleSettings
from ..core.shapes import DATE, LINK, TEXT, FieldRule, Setting, Table, list_of, one_of_values, shape
from ..core.yamlsource import YamlList, YamlMap, find_front_matter, item_line, key_line, load_yaml
from .lifecycle import INITIAL_STATUSES, STATUSES, allowed_next
from .model import (
    DECIDING_BODIES,
    VOTE_CHOICES,
    DecidedBy,
    DecisionRecord,
    HistoryEntry,
    PersonaImpact,
    Vote,
)

T = TypeVar("T")


RECORD_ID = shape(type="string", pattern=Setting("id_pattern", "pattern"))

# A comment period says when it closes; no other entry has a closing date.
HISTORY_RULES: tuple[FieldRule, ...] = (
    FieldRule("date", True, "Date of the transition, YYYY-MM-DD.", DATE),
    FieldRule("status", True, "The status the record entered.", one_of_values(STATUSES)),
    FieldRule("note", False, "One line on what happened.", TEXT),
    FieldRule("link", False, "https: link to the announcement or thread.", LINK),
    FieldRule("closes", False, "When a comment period closes, YYYY-MM-DD.", DATE),
)
HISTORY_ENTRY = Table(
    HISTORY_RULES,
    shape(
        **{
            "if": {"properties": {"status": {"const": "comment-period"}}, "required": ["status"]},
            "then": {"required": ["closes"]},
            "else": {"not": {"required": ["closes"]}},
        }
    ),
)
DECIDED_BY_RULES: tuple[FieldRule, ...] = (
    FieldRule("body", True, "Who decided.", one_of_values(DECIDING_BODIES)),
    FieldRule("name", False, "The delegate's name; only for a pep-delegate.", TEXT),
)
# A PEP delegate is named; no other body has a name.
DECIDED_BY = Table(
    DECIDED_BY_RULES,
    shape(
        **{
            "if": {"properties": {"body": {"const": "pep-delegate"}}, "required": ["body"]},
            "then": {"required": ["name"]},
            "else": {"not": {"required": ["name"]}},
        }
    ),
)
PERSONA_RULES: tuple[FieldRule, ...] = (
    FieldRule("persona", True, "The persona affected.", shape(enum=Setting("personas"))),
    FieldRule("what_changes", False, "One line on what changes for them.", TEXT),
)

FIELDS: tuple[FieldRule, ...] = (
    FieldRule("id", True, "Unique id matching the configured pattern, e.g. PC-0001.", RECORD_ID),
    FieldRule("title", True, "Short title of the decision.", TEXT),
    FieldRule(
        "kind", True, "What kind of decision this is.", shape(type="string", enum=Setting("kinds"))
    ),
    FieldRule("summary", True, "Plain-language summary, reused in cards and feeds.", TEXT),
    FieldRule(
        "status",
        True,
        "Current status; equals the last history entry's status.",
        one_of_values(STATUSES),
    ),
    FieldRule("history", True, "Dated status transitions, oldest first.", list_of(HISTORY_ENTRY)),
    FieldRule("decided_by", False, "Who decided; required once accepted or rejected.", DECIDED_BY),
    FieldRule(
        "votes",
        False,
        "Packaging Council votes: member id to yes/no/abstain/recused.",
        shape(type="object", additionalProperties=one_of_values(VOTE_CHOICES)),
    ),
    FieldRule(
        "peps",
        False,
        "Numbers of the PEPs the decision is about.",
        list_of(shape(type="integer", minimum=0)),
    ),
    FieldRule(
        "supersedes", False, "Ids of the records this decision replaces.", list_of(RECORD_ID)
    ),
    FieldRule(
        "areas",
        True,
        "Areas of packaging the decision belongs to.",
        list_of(shape(type="string", enum=Setting("areas"))),
    ),
    FieldRule(
        "personas",
        False,
        "Personas affected, each with what changes for them.",
        list_of(
            shape(anyOf=[shape(type="string", enum=Setting("personas")), Table(PERSONA_RULES)])
        ),
    ),
    FieldRule("discussion", False, "Links to the discussion threads.", list_of(LINK)),
)
FIELD_NAMES = tuple(rule.name for rule in FIELDS)
HISTORY_FIELDS = tuple(rule.name for rule in HISTORY_RULES)
DECIDED_BY_FIELDS = tuple(rule.name for rule in DECIDED_BY_RULES)
PERSONA_FIELDS = tuple(rule.name for rule in PERSONA_RULES)
LINK_SCHEMES = ("https", "http")


def describe_type(value: object) -> str:
    """A reader's name for the YAML type of ``value``."""
    if value is None:
        return "nothing"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, dict):
        return "a mapping"
    if isinstance(value, list):
        return "a list"
    return "text"


def one_of(value: str, choices: tuple[str, ...] | frozenset[str]) -> str:
    """``'x' is not one of a, b, c`` with a suggestion when one is close."""
    ordered = list(choices)
    message = f"{value!r} is not one of {', '.join(ordered)}"
    close = difflib.get_close_matches(value, ordered, n=1)
    return f"{message} (did you mean {close[0]!r}?)" if close else message


def link_problem(value: str) -> str | None:
    """Why ``value`` is not an acceptable link, or None when it is."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in LINK_SCHEMES or not parts.netloc:
        return f"{value!r} is not an https: link; only https: (and http:) URLs are accepted"
    return None


def parse_date(value: object) -> dt.date | None:
    """An ISO ``YYYY-MM-DD`` date, or None."""
    if isinstance(value, dt.date) and not isinstance(value, dt.datetime):
        return value
    if isinstance(value, str) and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value.strip()):
        try:
            return dt.date.fromisoformat(value.strip())
        except ValueError:
            return None
    return None


class FieldChecker:
    """Collects the problems of one file while its fields are read."""

    def __init__(self, source: str, first_line: int) -> None:
        self.source = source
        self.first_line = first_line
        self.problems: list[Problem] = []

    def report(self, line: int, field: str, message: str, check: Check) -> None:
        self.problems.append(Problem(self.source, line, field, message, check))

    def line_of(self, mapping: YamlMap, key: str) -> int:
        return key_line(mapping, key, self.first_line)

    def line_of_item(self, sequence: YamlList, index: int) -> int:
        return item_line(sequence, index, self.first_line)

    def unknown_keys(self, mapping: YamlMap, allowed: tuple[str, ...], where: str) -> None:
        for key in mapping:
            if key in allowed:
                continue
            name = f"{where}.{key}" if where else str(key)
            message = f"unknown field {key!r}; allowed fields are {', '.join(allowed)}"
            close = difflib.get_close_matches(str(key), list(allowed), n=1)
            if close:
                message = f"unknown field {key!r} (did you mean {close[0]!r}?)"
            self.report(self.line_of(mapping, key), name, message, Check.FIELD)

    def text(self, value: object, line: int, field: str) -> str | None:
        if isinstance(value, str) and value.strip():
            return value.strip()
        if isinstance(value, str):
            self.report(line, field, "is empty; write some text", Check.VALUE)
        else:
            self.report(line, field, f"expected text, got {describe_type(value)}", Check.TYPE)
        return None

    def choice(self, value: object, line: int, field: str, choices: tuple[str, ...]) -> str | None:
        text = self.text(value, line, field)
        if text is None:
            return None
        if text not in choices:
            self.report(line, field, one_of(text, choices), Check.VALUE)
            return None
        return text

    def date(self, value: object, line: int, field: str) -> dt.date | None:
        parsed = parse_date(value)
        if parsed is None:
            self.report(
                line,
                field,
                f"{value!r} is not a date; write it as YYYY-MM-DD, e.g. 2026-04-16",
                Check.DATE,
            )
        return parsed

    def link(self, value: object, line: int, field: str) -> str | None:
        text = self.text(value, line, field)
        if text is None:
            return None
        problem = link_problem(text)
        if problem:
            self.report(line, field, problem, Check.LINK)
            return None
        return text

    def sequence(self, value: object, line: int, field: str) -> YamlList | None:
        if isinstance(value, list):
            return value  # type: ignore[return-value]
        self.report(
            line,
            field,
            f"expected a list, got {describe_type(value)}; write each item as "
            "'- item' on its own line or as [a, b]",
            Check.TYPE,
        )
        return None

    def mapping(self, value: object, line: int, field: str) -> YamlMap | None:
        if isinstance(value, dict):
            return value  # type: ignore[return-value]
        self.report(
            line,
            field,
            f"expected a mapping of 'key: value' lines, got {describe_type(value)}",
            Check.TYPE,
        )
        return None

    def items(
        self, value: object, line: int, field: str, read: Callable[[Any, int, str], T | None]
    ) -> Iterator[T]:
        """Read each item of a list field, yielding those that are valid."""
        sequence = self.sequence(value, line, field)
        if sequence is None:
            return
        for index, item in enumerate(sequence):
            result = read(item, self.line_of_item(sequence, index), f"{field}[{index}]")
            if result is not None:
                yield result


class _DecisionReader:
    """Reads one record's front matter mapping field by field."""

    def __init__(self, checker: FieldChecker, data: YamlMap, settings: RuleSettings) -> None:
        self.check = checker
        self.data = data
        self.settings = settings
        self.id_pattern = re.compile(settings.id_pattern)

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
        text = self.check.text(value, line, field)
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
        if isinstance(value, int) and not isinstance(value, bool) and value >= 0:
            return value
        self.check.report(
            line, field, f"expected a PEP number such as 517, got {value!r}", Check.TYPE
        )
        return None

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

        date = read("date", self.check.date)
        status = read("status", self.choice(STATUSES))
        note = read("note", self.check.text) or ""
        link = read("link", self.check.link) or ""
        closes = read("closes", self.check.date)
        if date is None or status is None:
            return None
        status_line = self.check.line_of(entry, "status")
        return HistoryEntry(date, status, note, link, closes, line, status_line)

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
            vote = self.check.choice(choice, line, f"votes.{member}", VOTE_CHOICES)
            if vote is not None:
                yield Vote(str(member), vote, line)

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


def record_problems(record: DecisionRecord, history_complete: bool = True) -> Iterator[Problem]:
    """Rules that relate a record's fields to each other (lifecycle, who decided, votes).

    The lifecycle is only checked on a history whose every entry was valid, since a gap would
    make the transitions around it look wrong.
    """
    if history_complete:
        yield from _history_problems(record)
    yield from _decided_by_problems(record)
    if record.id and record.id in record.supersedes:
        yield Problem(
            record.source,
            record.line_of("supersedes"),
            "supersedes",
            f"a record cannot supersede itself ({record.id})",
            Check.SUPERSEDES,
        )


def _history_problems(record: DecisionRecord) -> Iterator[Problem]:
    def problem(line: int, field: str, message: str) -> Problem:
        return Problem(record.source, line, field, message, Check.HISTORY)

    history = record.history
    if history and history[0].status not in INITIAL_STATUSES:
        yield problem(
            history[0].status_line,
            "history[0].status",
            f"a history starts with draft or proposed, not {history[0].status!r}",
        )
    for index, (before, after) in enumerate(pairwise(history), start=1):
        if after.date < before.date:
            yield problem(
                after.line,
                f"history[{index}].date",
                f"{after.date} is earlier than the entry before it ({before.date}); "
                "keep history in date order",
            )
        if after.status not in allowed_next(before.status):
            allowed = ", ".join(sorted(allowed_next(before.status))) or "nothing (it is final)"
            yield problem(
                after.status_line,
                f"history[{index}].status",
                f"{after.status!r} cannot follow {before.status!r}; "
                f"after {before.status!r} comes {allowed}",
            )
    for index, entry in enumerate(history):
        yield from _comment_period_problems(record, index, entry)
    if history and record.status and history[-1].status != record.status:
        yield problem(
            record.line_of("status"),
            "status",
            f"{record.status!r} disagrees with the last history entry "
            f"({history[-1].status!r} on {history[-1].date}); add a history entry or fix status",
        )


def _comment_period_problems(
    record: DecisionRecord, index: int, entry: HistoryEntry
) -> Iterator[Problem]:
    field = f"history[{index}].closes"
    if entry.status == "comment-period" and entry.closes is None:
        yield Problem(
            record.source,
            entry.line,
            field,
            "missing; a comment-period entry says when the period closes (closes: YYYY-MM-DD)",
            Check.HISTORY,
        )
    elif entry.status != "comment-period" and entry.closes is not None:
        yield Problem(
            record.source,
            entry.line,
            field,
            "only a comment-period entry has a closing date",
            Check.HISTORY,
        )
    elif entry.closes is not None and entry.closes < entry.date:
        yield Problem(
            record.source,
            entry.line,
            field,
            f"the comment period closes ({entry.closes}) before it opens ({entry.date})",
            Check.HISTORY,
        )


def _decided_by_problems(record: DecisionRecord) -> Iterator[Problem]:
    decided = record.outcome_entry is not None
    if decided and not record.has_field("decided_by"):
        yield Problem(
            record.source,
            record.line_of("status"),
            "decided_by",
            "missing; a record that was accepted or rejected says who decided "
            f"({', '.join(DECIDING_BODIES)})",
            Check.FIELD,
        )
    body = record.decided_by.body if record.decided_by else None
    if record.votes and body not in (None, "packaging-council"):
        yield Problem(
            record.source,
            record.line_of("votes"),
            "votes",
            f"only Packaging Council decisions carry votes, and decided_by is {body!r}",
            Check.VOTES,
        )
    if decided and body == "packaging-council" and not record.votes:
        yield Problem(
            record.source,
            record.line_of("decided_by"),
            "votes",
            "missing; a Packaging Council decision records each sitting member's vote",
            Check.VOTES,
        )


def load_decision(
    source: str, text: str, settings: RuleSettings | None = None
) -> tuple[DecisionRecord | None, list[Problem]]:
    """Load and check one decision record from the text of its Markdown file."""
    settings = settings or RuleSettings()
    front = find_front_matter(text)
    if front is None:
        return None, [
            Problem(
                source,
                1,
                "",
                "no YAML front matter; start the file with a '---' line, the record's fields, "
                "and a closing '---' line",
                Check.YAML,
            )
        ]
    data, problems = load_yaml(front.yaml, source, front.first_line)
    if problems:
        return None, problems
    checker = FieldChecker(source, front.first_line)
    mapping = checker.mapping(data, front.first_line - 1, "front matter")
    if mapping is None:
        return None, checker.problems
    record = _DecisionReader(checker, mapping, settings).read()
    return record, sorted(checker.problems, key=lambda p: (p.line, p.field))


__all__ = [
    "FIELDS",
    "FieldChecker",
    "FieldRule",
    "describe_type",
    "link_problem",
    "load_decision",
    "one_of",
]
