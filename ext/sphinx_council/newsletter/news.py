"""News items and editor's notes: short texts the newsletter's editors write as YAML files.

A news item is one file in the news folder (``news/2026-04-16-council-created.yaml``) with a
``title``, ``date``, a one-sentence ``summary``, a ``link`` and optional ``source`` (who tells
it; default: the link's host), ``happens`` (the day of an event it announces, for "Coming up"
and the calendar), ``areas`` and ``personas``. An editor's
note is one file per ISO week under ``news/notes/`` named after the week (``2026-W16.yaml``)
with a ``text`` of plain paragraphs and an optional ``author``. Both are checked like decision
records: every problem at once, with file, line and what to change.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urlsplit

from ..core.contentwalk import NEWS, NOTES, walk_content
from ..core.fields import FieldChecker
from ..core.plaintext import slug_problem
from ..core.problems import Check, Problem
from ..core.settings import RuleSettings
from ..core.values import DateRule
from ..core.yamlsource import YamlMap, load_yaml, read_data_file
from .events import EventKind, PackagingEvent

NEWS_FIELDS = ("title", "date", "summary", "link", "source", "happens", "areas", "personas")
NEWS_REQUIRED = ("title", "date", "summary")
NOTE_FIELDS = ("text", "author")
WEEK_NAME = re.compile(r"(\d{4})-W(\d{2})", re.ASCII)
PUBLISHED = DateRule("write the date the news was published")
# An event may be announced well ahead, but not a decade ahead.
HAPPENS = DateRule("write the date the event happens", happened=False, years_ahead=2)


@dataclass(frozen=True)
class NewsItem:
    """One short news item; ``slug`` (its file name) is its permanent identity."""

    source: str
    slug: str
    title: str
    date: dt.date
    summary: str
    link: str = ""
    areas: tuple[str, ...] = ()
    personas: tuple[str, ...] = ()
    credit: str = ""  # the ``source:`` field: who tells the news
    happens: dt.date | None = None

    @property
    def told_by(self) -> str:
        """Who tells the news: the ``source`` given, else the link's host."""
        return self.credit or (urlsplit(self.link).hostname or "").removeprefix("www.")


@dataclass(frozen=True)
class EditorsNote:
    """The editors' words at the top of one week's issue."""

    source: str
    week: str  # ISO week, "2026-W16"
    paragraphs: tuple[str, ...]
    author: str = ""


@dataclass(frozen=True)
class NewsDesk:
    """Everything read from the news folder, and what was wrong with it."""

    items: tuple[NewsItem, ...] = ()
    notes: tuple[EditorsNote, ...] = ()
    problems: tuple[Problem, ...] = ()
    files: tuple[str, ...] = ()


def news_events(items: tuple[NewsItem, ...]) -> list[PackagingEvent]:
    """One event per news item."""
    return [
        PackagingEvent(
            kind=EventKind.NEWS,
            date=item.date,
            key=item.slug,
            title=item.title,
            summary=item.summary,
            url=item.link,
            areas=item.areas,
            personas=item.personas,
            subject=item.title,
            happens=item.happens,
            source=item.told_by,
        )
        for item in items
    ]


def read_news_desk(
    folder: Path,
    settings: RuleSettings,
    display: Callable[[Path], str],
    *,
    root: Path | None = None,
) -> NewsDesk:
    """Load every news item and editor's note under ``folder`` (a missing folder is no news).

    ``display`` turns a path into the name messages show (relative to the project, as editors
    expect it). ``root`` is the project's folder, which every file is read inside, never
    through a link (default: ``folder``); entries the project does not read are reported.
    """
    root = folder if root is None else root
    walk = walk_content(folder, root, NEWS, display)
    items: list[NewsItem] = []
    notes: list[EditorsNote] = []
    problems: list[Problem] = list(walk.problems)
    for path in walk.files:
        source = display(path)
        text = read_data_file(path, source, problems, root)
        if text is None:
            continue
        if walk.kinds[path] is NOTES:
            note, found = load_note(source, path.stem, text)
            notes += [note] if note else []
        else:
            item, found = load_news_item(source, path.stem, text, settings)
            items += [item] if item else []
        problems += found
    files = tuple(map(str, walk.files))
    return NewsDesk(tuple(items), tuple(notes), tuple(sorted(problems)), files)


def _mapping(source: str, text: str, checker: FieldChecker) -> YamlMap | None:
    data, problems = load_yaml(text, source)
    checker.problems += problems
    if problems:
        return None
    if not isinstance(data, dict):
        checker.report(1, "", "expected 'field: value' lines (a YAML mapping)", Check.YAML)
        return None
    return data  # type: ignore[return-value]


def load_news_item(
    source: str, slug: str, text: str, settings: RuleSettings
) -> tuple[NewsItem | None, list[Problem]]:
    """A news item and its problems; None when a required field is unusable."""
    checker = FieldChecker(source, 1, settings.build_date)
    data = _mapping(source, text, checker)
    if data is None:
        return None, checker.problems
    checker.unknown_keys(data, NEWS_FIELDS, "")
    if problem := slug_problem(slug):  # the file name is the item's id in feeds and pages
        checker.report(1, "", f"the file name {problem}", Check.VALUE)
    for name in NEWS_REQUIRED:
        if name not in data:
            checker.report(1, name, f"is required; add a '{name}:' line", Check.FIELD)

    def read(name: str, how: Callable[[object, int, str], object]) -> object:
        return how(data[name], checker.line_of(data, name), name) if name in data else None

    title = read("title", checker.text)
    date = read("date", lambda v, line, name: checker.date(v, line, name, PUBLISHED))
    summary = read("summary", checker.text)
    link = read("link", checker.link)
    told = read("source", checker.text)
    happens = read("happens", lambda v, line, name: checker.date(v, line, name, HAPPENS))
    areas = _names(checker, data, "areas", settings.areas)
    personas = _names(checker, data, "personas", settings.personas)
    if any(not problem.advisory for problem in checker.problems) or not (
        isinstance(title, str) and isinstance(date, dt.date) and isinstance(summary, str)
    ):
        return None, checker.problems
    item = NewsItem(source, slug, title, date, summary, str(link or ""), areas, personas)
    return (
        dataclasses.replace(
            item,
            credit=told if isinstance(told, str) else "",
            happens=happens if isinstance(happens, dt.date) else None,
        ),
        checker.problems,
    )


def _names(
    checker: FieldChecker, data: YamlMap, name: str, choices: tuple[str, ...]
) -> tuple[str, ...]:
    if name not in data:
        return ()

    def choice(value: object, line: int, field: str) -> str | None:
        return checker.choice(value, line, field, choices)

    return tuple(checker.items(data[name], checker.line_of(data, name), name, choice))


def load_note(source: str, week: str, text: str) -> tuple[EditorsNote | None, list[Problem]]:
    """An editor's note for the ISO week its file is named after, and its problems."""
    checker = FieldChecker(source, 1)
    if not _is_iso_week(week):
        checker.report(
            1,
            "",
            f"the file name {week!r} is not an ISO week; name the note after its week, "
            "e.g. 2026-W16.yaml",
            Check.VALUE,
        )
    data = _mapping(source, text, checker)
    if data is None:
        return None, checker.problems
    checker.unknown_keys(data, NOTE_FIELDS, "")
    if "text" not in data:
        checker.report(1, "text", "is required; add a 'text: |' block", Check.FIELD)
    body = (
        checker.text(data["text"], checker.line_of(data, "text"), "text")
        if "text" in data
        else None
    )
    author = (
        checker.text(data["author"], checker.line_of(data, "author"), "author")
        if "author" in data
        else ""
    )
    if checker.problems or body is None:
        return None, checker.problems
    paragraphs = tuple(" ".join(p.split()) for p in re.split(r"\n\s*\n", body) if p.strip())
    return EditorsNote(source, week, paragraphs, author or ""), checker.problems


def _is_iso_week(name: str) -> bool:
    match = WEEK_NAME.fullmatch(name)
    if not match:
        return False
    try:
        dt.date.fromisocalendar(int(match[1]), int(match[2]), 1)
    except ValueError:
        return False
    return True
