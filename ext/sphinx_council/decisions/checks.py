"""The rules a decision record follows, in pure Python: its field table and the rules that
relate its fields to each other (the lifecycle, who decided, votes).

The field table is the one source of the checks (:mod:`.load`), the JSON Schema and the
scaffold; :func:`record_problems` applies the rules that need more than one field.
"""

from __future__ import annotations

from collections.abc import Iterator
from itertools import pairwise

from ..core.problems import Check, Problem
from ..core.shapes import DATE, LINK, TEXT, FieldRule, Setting, Table, list_of, one_of_values, shape
from .lifecycle import DECIDED_STATUSES, INITIAL_STATUSES, STATUSES, allowed_next
from .model import DECIDING_BODIES, VOTE_CHOICES, DecisionRecord, HistoryEntry

RECORD_ID = shape(type="string", pattern=Setting("id_pattern", "pattern"))

# A comment period says when it closes; no other entry has a closing date. Only a decision
# can come before its comment period closed, and say why.
HISTORY_RULES: tuple[FieldRule, ...] = (
    FieldRule("date", True, "Date of the transition, YYYY-MM-DD.", DATE),
    FieldRule("status", True, "The status the record entered.", one_of_values(STATUSES)),
    FieldRule("note", False, "One line on what happened.", TEXT),
    FieldRule("link", False, "https: link to the announcement or thread.", LINK),
    FieldRule("closes", False, "When a comment period closes, YYYY-MM-DD.", DATE),
    FieldRule(
        "early",
        False,
        "Why the record was accepted or rejected before its comment period closed; only then.",
        TEXT,
    ),
)


def _only_for(statuses: list[str], key: str, required: bool) -> dict[str, object]:
    """A JSON Schema condition: ``key`` only on an entry whose status is one of ``statuses``
    (and always there when ``required``)."""
    condition = {"properties": {"status": {"enum": statuses}}, "required": ["status"]}
    then = {"required": [key]} if required else {}
    return {"if": condition, "then": then, "else": {"not": {"required": [key]}}}


HISTORY_ENTRY = Table(
    HISTORY_RULES,
    shape(
        allOf=[
            _only_for(["comment-period"], "closes", required=True),
            _only_for(sorted(DECIDED_STATUSES), "early", required=False),
        ]
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
        "reason",
        False,
        "Why it was rejected or withdrawn, in one to three sentences; required for those.",
        TEXT,
    ),
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


def record_problems(record: DecisionRecord, history_complete: bool = True) -> Iterator[Problem]:
    """Rules that relate a record's fields to each other (lifecycle, who decided, votes).

    The lifecycle is only checked on a history whose every entry was valid, since a gap would
    make the transitions around it look wrong.
    """
    if history_complete:
        yield from _history_problems(record)
    yield from _decided_by_problems(record)
    yield from _reason_problems(record)
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
    yield from _early_decision_problems(record)
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


def _early_decision_problems(record: DecisionRecord) -> Iterator[Problem]:
    """A decision dated before its comment period closed says why (``early:``); ``early:``
    anywhere else says something that did not happen."""
    period: HistoryEntry | None = None  # the latest comment period before each entry
    for index, entry in enumerate(record.history):
        closes = period.closes if period else None
        early = closes is not None and entry.date < closes
        decides = entry.status in DECIDED_STATUSES
        if period and early and decides and not entry.early:
            yield Problem(
                record.source,
                entry.line,
                f"history[{index}]",
                f"{entry.status} on {entry.date}, while the comment period opened on "
                f"{period.date} (line {period.line}) was still open until {closes}; if the "
                "council decided early on purpose, say why on this entry (early: one line), "
                "otherwise correct this date or the period's closes",
                Check.EARLY,
            )
        elif entry.early and not (decides and early):
            what = (
                f"this {entry.status} entry decides nothing"
                if not decides
                else f"{entry.date} is not before a comment period's close"
                + (f" ({closes})" if closes else " (there is none before it)")
            )
            yield Problem(
                record.source,
                entry.line,
                f"history[{index}].early",
                f"{what}; early says why a record was accepted or rejected before its "
                "comment period closed, so remove it",
                Check.HISTORY,
            )
        if entry.status == "comment-period":
            period = entry


# A reader of a proposal that did not go ahead is told why on its page, not sent to a link.
REASON_STATUSES = ("rejected", "withdrawn")


def _reason_problems(record: DecisionRecord) -> Iterator[Problem]:
    if record.status in REASON_STATUSES and not record.has_field("reason"):
        yield Problem(
            record.source,
            record.line_of("status"),
            "reason",
            f"missing; a {record.status} record says why in one to three sentences "
            "(reason: ...), from the PEP's own notice or resolution",
            Check.FIELD,
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
    # Votes before the outcome are not a record of anything yet, and are checked against nobody.
    # The status says so even when a broken history entry hides the outcome.
    undecided = record.status and record.status not in (*DECIDED_STATUSES, "superseded")
    if record.votes and not decided and undecided:
        yield Problem(
            record.source,
            record.line_of("votes"),
            "votes",
            "votes belong to a decision, and this record was not accepted or rejected; "
            "remove them until it is",
            Check.VOTES,
        )
    elif record.votes and body not in (None, "packaging-council"):
        yield Problem(
            record.source,
            record.line_of("votes"),
            "votes",
            f"only Packaging Council decisions carry votes, and decided_by is {body!r}",
            Check.VOTES,
        )
    if decided and body == "packaging-council" and not record.votes:
        # ``votes: {}`` is there but empty: saying "missing" would send the member looking for it.
        written = record.has_field("votes")
        yield Problem(
            record.source,
            record.line_of("votes" if written else "decided_by"),
            "votes",
            f"{'is empty' if written else 'missing'}; a Packaging Council decision records "
            "each sitting member's vote (member id: yes, no, abstain or recused)",
            Check.VOTES,
        )


__all__ = [
    "DECIDED_BY_FIELDS",
    "FIELDS",
    "FIELD_NAMES",
    "HISTORY_FIELDS",
    "PERSONA_FIELDS",
    "record_problems",
]
