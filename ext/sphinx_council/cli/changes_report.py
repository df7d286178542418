"""How ``council changes`` shows what a merge publishes.

``text``
    For a terminal: one section per kind of change, every file's text shown with escapes for
    control characters (:func:`~..core.plaintext.shown`).
``markdown``
    For a pull request: a table of the records with the issue and feeds each enters, a line
    each for the newsletter, the feeds, the pathways and the check, then the details. Record
    text is data: every character that starts Markdown or HTML is escaped, table pipes too,
    and ``@`` cannot mention anyone, so a title renders as the characters it is.
``json``
    One document (:data:`JSON_FORMAT_VERSION`)::

        {"version": 1, "base": {"name", "commit", "default"}, "as_of": "2026-11-21",
         "newsletter": true,
         "records": {"added": [R], "changed": [R], "superseded": [R], "removed": [R]},
         "newsletter_items": [I], "withdrawn_items": [I],
         "renumbered_issues": [{"week", "before", "after"}],
         "feeds": [{"feed", "title", "paths", "new_feed", "added": [E], "updated": [E]}],
         "pathways": [{"id", "title", "change", "what"}],
         "problem_count": 0, "problems": [as council check --format json]}

    R is ``{"id", "title", "status", "before", "transitions": [{"date", "status"}], "fields",
    "superseded_by"}``; I is ``{"week", "number", "published", "upcoming", "section", "title",
    "id", "record"}``; E is ``{"id", "title", "date", "record"}``. Keys are only ever added;
    ``version`` changes when one is removed or changes meaning.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

from ..core.plaintext import shown
from ..core.problems import Problem
from ..core.text import long_date
from ..newsletter.feeds import FeedEntry
from ..newsletter.markup import escape
from ..newsletter.merge import Changes, FeedChange, IssueItem, RecordChange
from .reports import problem_json, text_report

JSON_FORMAT_VERSION = 1
NONE = "—"


@dataclass(frozen=True)
class Base:
    """What the working tree is compared with: the name given (or chosen) and the commit."""

    name: str
    commit: str
    default: bool = False  # chosen because no BASE was given


# --- Words shared by the text and Markdown reports --------------------------------------------


def issue_words(item: IssueItem, short: bool = False) -> str:
    """``#34, 2026-W47, Monday 23 November 2026 (the next issue, after the build date)``;
    ``short``: ``#34, 2026-W47, 23 November 2026 (next)``."""
    when = long_date(item.published) if short else f"Monday {long_date(item.published)}"
    ahead = "next" if short else "the next issue, after the build date"
    return f"#{item.number}, {item.week}, {when}" + (f" ({ahead})" if item.upcoming else "")


def change_words(change: RecordChange, kind: str) -> str:
    """What happened to a record, without its title: statuses, dates, fields."""
    steps = ", ".join(f"{t.status} {t.date.isoformat()}" for t in change.transitions)
    if kind == "added":
        words = f"added, {change.status or 'no status'}" + (f" ({steps})" if steps else "")
    elif kind == "removed":
        words = f"removed (was {change.before or 'without a status'})"
    else:
        moved = f"{change.before} → {change.status}" if change.before != change.status else ""
        if kind == "superseded" and change.superseded_by:
            moved += f" by {', '.join(change.superseded_by)}"
        words = "; ".join(filter(None, [moved + (f" ({steps})" if steps else ""), _fields(change)]))
    return words or "edited"


def _fields(change: RecordChange) -> str:
    return f"fields: {', '.join(change.fields)}" if change.fields else ""


def _kinds(changes: Changes) -> list[tuple[str, RecordChange]]:
    groups = (
        ("added", changes.added),
        ("changed", changes.changed),
        ("superseded", changes.superseded),
        ("removed", changes.removed),
    )
    return [(kind, change) for kind, group in groups for change in group]


def _feeds_of(changes: Changes, record: str) -> list[str]:
    return [
        feed.slug
        for feed in changes.feeds
        if any(changes.event_records.get(e.uid) == record for e in (*feed.added, *feed.updated))
    ]


def _issues_of(changes: Changes, record: str) -> list[IssueItem]:
    seen: dict[str, IssueItem] = {}
    for item in changes.items:
        if item.record == record:
            seen.setdefault(item.week, item)
    return list(seen.values())


def _problem_count(problems: Sequence[Problem]) -> str:
    errors = sum(1 for p in problems if not p.advisory)
    reminders = len(problems) - errors
    if not problems:
        return "no problems"
    return f"{errors} problem(s), {reminders} reminder(s) that do not fail it"


def _since(base: Base) -> str:
    how = " (no BASE given)" if base.default else ""
    return f"{base.name}{how}, at their merge base {base.commit[:12]}"


def _as_of(changes: Changes) -> str:
    return long_date(changes.as_of) if changes.as_of else "no build date"


# --- Text -------------------------------------------------------------------------------------


def text_changes(changes: Changes, problems: Sequence[Problem], base: Base) -> str:
    lines = [f"Compared with {shown(_since(base))}; as of {_as_of(changes)}.", "", "Records:"]
    for kind, change in _kinds(changes):
        words = shown(change_words(change, kind))
        lines.append(f"  {kind:<10} {shown(change.id)}  {shown(change.title)}: {words}")
    lines += ["  none"] if not changes.records else []
    lines += ["", *_text_newsletter(changes), "", "Pathways:"]
    for pathway in changes.pathways:
        what = f": {shown(', '.join(pathway.what))}" if pathway.what else ""
        lines.append(f"  {pathway.change:<10} {shown(pathway.id)}  {shown(pathway.title)}{what}")
    lines += ["  none changed"] if not changes.pathways else []
    lines += ["", f"council check: {_problem_count(problems)}"]
    return "\n".join(lines) + "\n" + text_report(problems)


def by_issue(items: Iterable[IssueItem]) -> dict[str, list[IssueItem]]:
    """Items grouped under their issue's words, oldest issue first."""
    grouped: dict[str, list[IssueItem]] = {}
    for item in sorted(items, key=lambda i: i.week):
        grouped.setdefault(issue_words(item), []).append(item)
    return grouped


def _text_newsletter(changes: Changes) -> list[str]:
    if not changes.newsletter:
        return ["Newsletter: off (council_newsletter), so no issue or feed changes."]
    lines = ["Newsletter items:"] + (["  none"] if not changes.items else [])
    for issue, items in by_issue(changes.items).items():
        lines.append(f"  issue {issue}:")
        lines += [f"    {item.section}: {shown(item.title)}" for item in items]
    for item in changes.withdrawn:
        lines.append(f"  no longer told in #{item.number} {item.week}: {shown(item.title)}")
    for moved in changes.renumbered:
        lines.append(f"  issue {moved.week} renumbered #{moved.before} → #{moved.after}")
    lines.append("Feed entries (each feed is feeds/NAME.xml, .atom and .json):")
    for feed in changes.feeds:
        lines.append(f"  {feed.slug}{_new(feed.new_feed)}:")
        lines += [f"    + {_entry_text(entry)}" for entry in feed.added]
        lines += [f"    ~ {_entry_text(entry)} (changed)" for entry in feed.updated]
    lines += ["  none"] if not changes.feeds else []
    return lines


def _new(new_feed: bool) -> str:
    return " (a new feed)" if new_feed else ""


def _entry_text(entry: FeedEntry) -> str:
    return f"{entry.published.isoformat()} {shown(entry.title)}"


# --- Markdown ---------------------------------------------------------------------------------

# What GitHub's Markdown reads beyond CommonMark: table cells, strikethrough, math.
_GITHUB_SPECIAL = re.compile(r"([|~$])")


def md(text: str) -> str:
    """Text shown as its characters in GitHub Markdown, on one line and inside a table cell:
    markup escaped (GitHub's pipes, strikethrough and math too), and ``@`` kept from
    mentioning anyone (a word joiner after it)."""
    one_line = _GITHUB_SPECIAL.sub(r"\\\1", escape(" ".join(text.split())))
    return one_line.replace("@", "@\u2060")


def markdown_changes(changes: Changes, problems: Sequence[Problem], base: Base) -> str:
    lines = [
        "## What merging this publishes",
        "",
        f"Compared with {md(base.name)}{' (no BASE given)' if base.default else ''} at their "
        f"merge base `{base.commit[:12]}`, as of {_as_of(changes)}, without building the site "
        "(`council changes`).",
        "",
    ]
    lines += [*_md_table(changes), "", *_md_summary(changes, problems), ""]
    lines += _md_details(changes, problems)
    return "\n".join(lines).rstrip() + "\n"


def _md_table(changes: Changes) -> list[str]:
    if not changes.records:
        return ["No record is added, changed, superseded or removed."]
    lines = [
        "| Record | Title | Change | Newsletter issue | Feeds |",
        "| --- | --- | --- | --- | --- |",
    ]
    for kind, change in _kinds(changes):
        issues = "; ".join(issue_words(i, True) for i in _issues_of(changes, change.id)) or NONE
        feeds = ", ".join(_feeds_of(changes, change.id)) or NONE
        cells = (change.id, change.title, change_words(change, kind), issues, feeds)
        lines.append("| " + " | ".join(md(cell) for cell in cells) + " |")
    return lines


def _md_summary(changes: Changes, problems: Sequence[Problem]) -> list[str]:
    if changes.newsletter:
        issues = sorted({issue_words(item) for item in changes.items})
        told = f"{len(changes.items)} item(s), in " + "; ".join(issues) if issues else "no item"
        feeds = ", ".join(_feed_count(f) for f in changes.feeds) or "no entry"
    else:
        told = feeds = "off (council_newsletter)"
    pathways = ", ".join(f"{p.id} {p.change}" for p in changes.pathways) or "none changed"
    return [
        f"- **Newsletter:** {md(told)}",
        f"- **Feeds:** {md(feeds)}",
        f"- **Pathways:** {md(pathways)}",
        f"- **`council check`:** {md(_problem_count(problems))}",
    ]


def _feed_count(feed: FeedChange) -> str:
    """``decisions +2``, ``newsletter ~1`` (an entry changed), ``area/tools +1 ~1``."""
    counts = (
        f"+{len(feed.added)}" if feed.added else "",
        f"~{len(feed.updated)}" if feed.updated else "",
    )
    return " ".join([feed.slug, *filter(None, counts)])


def _md_details(changes: Changes, problems: Sequence[Problem]) -> list[str]:
    lines: list[str] = []
    sections: list[tuple[str, Iterable[str]]] = [
        ("Newsletter items", _md_items(changes)),
        ("No longer told", (f"- #{i.number} {i.week}: {md(i.title)}" for i in changes.withdrawn)),
        (
            "Issues renumbered",
            (f"- {r.week}: #{r.before} → #{r.after}" for r in changes.renumbered),
        ),
        ("Feed entries", _md_feeds(changes)),
        (
            "Pathways",
            (
                f"- {md(p.change)} {md(p.id)} ({md(p.title)}): {md(', '.join(p.what)) or NONE}"
                for p in changes.pathways
            ),
        ),
        (
            "Problems `council check` reports",
            (f"- {md(str(p))} \\[council.{p.check.value}\\]" for p in problems),
        ),
    ]
    for heading, items in sections:
        shown_items = list(items)
        if shown_items:
            lines += [f"### {heading}", "", *shown_items, ""]
    return lines


def _md_items(changes: Changes) -> list[str]:
    lines = []
    for issue, items in by_issue(changes.items).items():
        lines.append(f"- Issue {md(issue)}:")
        lines += [f"  - {md(item.section)}: {md(item.title)}" for item in items]
    return lines


def _md_feeds(changes: Changes) -> list[str]:
    lines = []
    for feed in changes.feeds:
        paths = ", ".join(f"`{path}`" for path in feed.paths)
        lines.append(f"- **{md(feed.slug)}** ({paths}){md(_new(feed.new_feed))}:")
        lines += [f"  - added: {md(_entry_text(e))}" for e in feed.added]
        lines += [f"  - updated: {md(_entry_text(e))}" for e in feed.updated]
    return lines


# --- JSON -------------------------------------------------------------------------------------


def _record_json(change: RecordChange) -> dict[str, object]:
    return {
        "id": change.id,
        "title": change.title,
        "status": change.status,
        "before": change.before,
        "transitions": [
            {"date": t.date.isoformat(), "status": t.status} for t in change.transitions
        ],
        "fields": list(change.fields),
        "superseded_by": list(change.superseded_by),
    }


def _item_json(told: IssueItem) -> dict[str, object]:
    return {
        "week": told.week,
        "number": told.number,
        "published": told.published.isoformat(),
        "upcoming": told.upcoming,
        "section": told.section,
        "title": told.title,
        "id": told.uid,
        "record": told.record,
    }


def _feed_json(changes: Changes, feed: FeedChange) -> dict[str, object]:
    def entry(told: FeedEntry) -> dict[str, object]:
        found = changes.event_records.get(told.uid, "")
        return {
            "id": told.uid,
            "title": told.title,
            "date": told.published.isoformat(),
            "record": found,
        }

    return {
        "feed": feed.slug,
        "title": feed.title,
        "paths": list(feed.paths),
        "new_feed": feed.new_feed,
        "added": [entry(e) for e in feed.added],
        "updated": [entry(e) for e in feed.updated],
    }


def json_changes(changes: Changes, problems: Sequence[Problem], base: Base) -> str:
    document = {
        "version": JSON_FORMAT_VERSION,
        "base": {"name": base.name, "commit": base.commit, "default": base.default},
        "as_of": changes.as_of.isoformat() if changes.as_of else None,
        "newsletter": changes.newsletter,
        "records": {
            kind: [_record_json(c) for c in group]
            for kind, group in (
                ("added", changes.added),
                ("changed", changes.changed),
                ("superseded", changes.superseded),
                ("removed", changes.removed),
            )
        },
        "newsletter_items": [_item_json(i) for i in changes.items],
        "withdrawn_items": [_item_json(i) for i in changes.withdrawn],
        "renumbered_issues": [
            {"week": r.week, "before": r.before, "after": r.after} for r in changes.renumbered
        ],
        "feeds": [_feed_json(changes, f) for f in changes.feeds],
        "pathways": [
            {"id": p.id, "title": p.title, "change": p.change, "what": list(p.what)}
            for p in changes.pathways
        ],
        "problem_count": len(problems),
        "problems": [problem_json(p) for p in problems],
    }
    return json.dumps(document, indent=2, ensure_ascii=False) + "\n"


Formatter = Callable[[Changes, Sequence[Problem], Base], str]
FORMATS: dict[str, Formatter] = {
    "text": text_changes,
    "markdown": markdown_changes,
    "json": json_changes,
}
