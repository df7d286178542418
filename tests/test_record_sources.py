"""The bundled records against their sources: the PEP data the site ships (``peps/``).

A record's decision date is the day of the PEP's dated Resolution header where it has one;
where the Resolution links a mailing-list archive filed by month, the date lies in that month;
a python/peps commit date is used only where the PEP gives nothing better, and the history
entry's note says which source the date comes from. Whoever the PEP's header names as delegate
is the record's decider.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from collections.abc import Iterator

import pytest

from conftest import REPO
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.model import DecisionRecord, HistoryEntry
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import load_pathway
from sphinx_council.peps.index import (
    PepHistory,
    Resolution,
    StatusChange,
    pep_history,
    use_pep_data,
)

MONTHS = list(calendar.month_name)
# A pipermail archive files each post under its month: .../distutils-sig/2013-April/020597.html
ARCHIVE_MONTH = re.compile(r"/pipermail/[^/]+/(?P<year>\d{4})-(?P<month>[A-Za-z]+)/")

# What a history note says about where its date comes from.
FROM_RESOLUTION = "Date of the PEP's Resolution header"
FROM_COMMIT = "python/peps change"
FROM_TEXT = "the PEP's text"
FROM_ARCHIVE = "archive for"
SOURCES = (FROM_RESOLUTION, FROM_COMMIT, FROM_TEXT, FROM_ARCHIVE)

# Dates a PEP's own text gives for its outcome where its headers give none; the vendored data
# holds headers only, so these are read from each PEP's acceptance or withdrawal section.
PEP_TEXT_DATES = {
    396: dt.date(2024, 10, 21),  # "PEP Rejection/Withdrawal": the rejection became a withdrawal
    425: dt.date(2013, 2, 17),  # the note under its headers: accepted by Alyssa Coghlan
    599: dt.date(2019, 7, 31),  # "Acceptance": accepted by Paul Moore
    629: dt.date(2020, 8, 20),  # the note under its headers, linking the acceptance post
}


def bundled_records() -> list[DecisionRecord]:
    records = []
    for path in sorted((REPO / "decisions").glob("*.md")):
        record, _ = load_decision(path.name, path.read_text("utf-8"))
        assert record is not None, path
        records.append(record)
    return records


@pytest.fixture(autouse=True)
def project_pep_data() -> Iterator[None]:
    """The PEP data the bundled site builds with (its conf.py's ``council_pep_index``)."""
    use_pep_data(REPO / "peps")
    yield
    use_pep_data(None)


def outcome(record: DecisionRecord) -> HistoryEntry | None:
    """The entry that says what became of the record's PEP (accepted, rejected, withdrawn)."""
    for entry in reversed(record.history):
        if entry.status in ("accepted", "rejected", "withdrawn"):
            return entry
    return None


def archive_month(url: str) -> tuple[int, int] | None:
    found = ARCHIVE_MONTH.search(url)
    if not found or found["month"] not in MONTHS:
        return None
    return int(found["year"]), MONTHS.index(found["month"])


def date_problem(record: DecisionRecord, history: PepHistory) -> str | None:
    """What is wrong with the record's outcome date against the PEP's own sources."""
    entry = outcome(record)
    if entry is None:
        return None
    stated = PEP_TEXT_DATES.get(record.peps[0]) if record.peps else None
    resolution = history.resolution
    if stated and entry.date != stated:
        return f"{entry.date} is not the date the PEP's text gives, {stated}"
    if resolution is not None and resolution.date is not None:
        if entry.date != resolution.date:
            return f"{entry.date} is not the Resolution header's {resolution.date}"
        return None
    month = archive_month(resolution.url) if resolution else None
    if month and (entry.date.year, entry.date.month) != month:
        return f"{entry.date} is not in the Resolution post's archive month {month}"
    return _source_problem(entry, history)


def _source_problem(entry: HistoryEntry, history: PepHistory) -> str | None:
    """A date the PEP's headers do not give: the note must say where it comes from, truly."""
    said = [source for source in SOURCES if source in entry.note]
    problem = None
    if not said:
        problem = f"the note does not say where {entry.date} comes from: {entry.note!r}"
    elif said == [FROM_RESOLUTION]:
        problem = "the note credits a Resolution header that gives no date"
    elif said == [FROM_COMMIT] and entry.date not in {c.date for c in history.changes}:
        problem = f"{entry.date} is no python/peps change's date, as the note says it is"
    return problem


def test_every_decision_date_is_the_one_its_pep_gives() -> None:
    problems = {
        record.id: problem
        for record in bundled_records()
        if record.peps and (problem := date_problem(record, pep_history(record.peps[0])))
    }
    assert problems == {}


def test_every_named_delegate_is_the_records_decider() -> None:
    wrong = {}
    for record in bundled_records():
        if not record.peps or record.status == "withdrawn" or record.decided_by is None:
            continue
        delegate = pep_history(record.peps[0]).delegate
        decider = record.decided_by
        if delegate and (decider.body, decider.name) != ("pep-delegate", delegate):
            wrong[record.id] = f"{decider.body} {decider.name}".strip()
    assert wrong == {}


@pytest.mark.parametrize(
    ("url", "entry_date", "resolution_date", "note", "problem"),
    [
        (
            "https://mail.python.org/pipermail/distutils-sig/2018-April/032156.html",
            "2018-02-06",
            None,
            "Date of the python/peps change that set this status.",
            "2018-02-06 is not in the Resolution post's archive month (2018, 4)",
        ),
        (
            "https://discuss.python.org/t/77293/150",
            "2025-03-30",
            "2025-03-31",
            "",
            "2025-03-30 is not the Resolution header's 2025-03-31",
        ),
        (
            "https://discuss.python.org/t/1043/199",
            "2019-08-02",
            None,
            "Date of the python/peps change that set this status.",
            "2019-08-02 is not the date the PEP's text gives, 2019-07-31",
        ),
        (
            "https://discuss.python.org/t/1535/56",
            "2020-03-13",
            None,
            "Accepted.",
            "the note does not say where 2020-03-13 comes from: 'Accepted.'",
        ),
        (
            "https://discuss.python.org/t/1535/56",
            "2020-03-14",
            None,
            "Date of the python/peps change that marked the PEP Accepted.",
            "2020-03-14 is no python/peps change's date, as the note says it is",
        ),
    ],
)
def test_the_date_rule_finds_each_kind_of_wrong_date(
    url: str, entry_date: str, resolution_date: str | None, note: str, problem: str
) -> None:
    day = dt.date.fromisoformat
    history = PepHistory(
        changes=(StatusChange(day("2020-03-13"), "Accepted", "abc"),),
        resolution=Resolution(url, day(resolution_date) if resolution_date else None),
    )
    record = DecisionRecord(
        source="0999-example.md",
        id="PC-0999",
        title="Accept an example",
        history=(HistoryEntry(day(entry_date), "accepted", note=note),),
        peps=(599,) if "1043" in url else (9999,),
    )
    assert date_problem(record, history) == problem


def test_a_step_citing_a_records_pep_links_the_record_too() -> None:
    """So that the record's page can list the step, and the step links back to it."""
    guide = guide_inventory()
    about: dict[int, list[str]] = {}
    for record in bundled_records():
        if record.peps:
            about.setdefault(record.peps[0], []).append(record.id)
    unlinked = []
    for path in sorted((REPO / "pathways").glob("*.yaml")):
        pathway, _ = load_pathway(path.name, path.read_text("utf-8"), guide)
        assert pathway is not None, path
        for step in pathway.steps:
            linked = {r.target for r in step.resources if r.kind == "decision"}
            unlinked += [
                f"{pathway.id} {step.id}: PEP {number} without {record_id}"
                for number in step.peps
                for record_id in about.get(number, ())
                if record_id not in linked
            ]
    assert unlinked == []


def test_no_history_note_repeats_the_status_it_follows() -> None:
    """A page shows each entry as "Accepted. <note>": a note that starts with the status
    again reads "Accepted. Accepted."."""
    repeated = [
        f"{record.id} {entry.date}"
        for record in bundled_records()
        for entry in record.history
        if entry.note.lower().startswith(entry.status.replace("-", " ") + ".")
    ]
    assert repeated == []


def test_a_withdrawn_record_names_no_decider() -> None:
    """Its authors withdrew it; nobody decided, whatever delegate the PEP names."""
    named = [r.id for r in bundled_records() if r.status == "withdrawn" and r.decided_by]
    assert named == []
