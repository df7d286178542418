"""Each issue correct and consistent, without Sphinx: issues sent are frozen and a backdated
event goes to the next issue; one status per record in an issue; comment periods closed early
are closed everywhere; headlines name what changed; only the council's decisions are council
decisions; issues before the launch say they were compiled; the editors' Markdown is rendered
and never shows as text."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from docutils import nodes

from conftest import RECORD
from sphinx_council.cli import main
from sphinx_council.core.settings import RuleSettings
from sphinx_council.decisions.catalog import Catalog
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.nodes import history_list
from sphinx_council.newsletter.digest import IsoWeek, Schedule, coming_up, weekly_digests
from sphinx_council.newsletter.events import EventKind, PackagingEvent, decision_events
from sphinx_council.newsletter.facts import told_once
from sphinx_council.newsletter.markup import append_html, markdown, plain, spans
from sphinx_council.newsletter.news import EditorsNote, NewsItem, news_events
from sphinx_council.newsletter.outline import IssueAddresses, Link, dateline, issue_outline
from sphinx_council.newsletter.pages import markdown_nodes
from sphinx_council.newsletter.published import (
    PUBLISHED_PATH,
    Published,
    PublishedIssue,
    read_published,
    record_issue,
)
from sphinx_council.newsletter.render import digest_html, digest_markdown, digest_text

W16 = IsoWeek(2026, 16)
ADDRESSES = IssueAddresses()


def news(day: str, key: str) -> PackagingEvent:
    return PackagingEvent(EventKind.NEWS, dt.date.fromisoformat(day), key, f"News {key}")


def catalog_of(*texts: str) -> Catalog:
    records = []
    for index, text in enumerate(texts):
        record, problems = load_decision(f"decisions/{index}", text, RuleSettings())
        assert problems == [] and record is not None, problems
        records.append(record)
    return Catalog.build(records)


def sent(week: str, number: int, *uids: str) -> PublishedIssue:
    monday = IsoWeek.parse(week)
    assert monday is not None
    return PublishedIssue(week, number, monday.sunday + dt.timedelta(days=1), tuple(sorted(uids)))


# --- Published issues are frozen ------------------------------------------------------------


def test_an_event_learned_after_its_week_was_sent_goes_into_the_next_issue() -> None:
    launch = IsoWeek(2026, 17)
    told = [news("2026-04-21", "told")]
    record = Published({"2026-W17": sent("2026-W17", 2, "news:told")})
    schedule = Schedule(W16, dt.date(2026, 5, 11), launch, record)
    # A record added later carries an entry dated in the week already sent.
    backdated = news("2026-04-22", "backdated")
    digests = weekly_digests([news("2026-04-14", "old"), *told, backdated], schedule)
    assert [(str(d.week), d.number, [e.key for e in d.events]) for d in digests] == [
        ("2026-W16", 1, ["old"]),
        ("2026-W17", 2, ["told"]),
        ("2026-W18", 3, ["backdated"]),
    ]
    # While the next week is still in progress, the late event waits for its issue.
    waiting = weekly_digests([*told, backdated], Schedule(W16, dt.date(2026, 5, 2), launch, record))
    assert [[e.key for e in d.events] for d in waiting] == [["told"]]


def test_an_issue_sent_keeps_its_number_and_its_events() -> None:
    record = Published({"2026-W18": sent("2026-W18", 7, "news:b")})
    schedule = Schedule(W16, dt.date(2026, 6, 1), IsoWeek(2026, 18), record)
    digests = weekly_digests([news("2026-04-28", "b"), news("2026-05-12", "c")], schedule)
    assert [(str(d.week), d.number) for d in digests] == [("2026-W18", 7), ("2026-W20", 8)]
    # Issues before the launch were never sent: a late event there is compiled into its week.
    early = weekly_digests([news("2026-04-14", "a"), news("2026-04-28", "b")], schedule)
    assert [(str(d.week), d.number) for d in early] == [("2026-W16", 1), ("2026-W18", 7)]


def test_the_record_of_published_issues(tmp_path: Path) -> None:
    path = tmp_path / PUBLISHED_PATH
    assert read_published(path) == Published()
    issue = sent("2026-W50", 9, "news:b", "news:a")
    assert record_issue(path, issue)
    with_items = dataclasses.replace(
        sent("2026-W51", 10, "comment:PC-1/comment-period/2026-12-15"),
        events=(COMMENT,),
        upcoming=((dt.date(2027, 1, 4), COMMENT),),
    )
    assert record_issue(path, with_items)
    assert read_published(path).issue("2026-W51") == with_items
    assert not record_issue(path, sent("2026-W50", 10, "news:c"))  # never recorded twice
    assert json.loads(path.read_text())["issues"]["2026-W50"] == {
        "number": 9,
        "sent": "2026-12-14",
        "told": ["news:a", "news:b"],
        "events": [],
        "upcoming": [],
    }
    assert read_published(path).issue("2026-W50") == issue


COMMENT = PackagingEvent(
    EventKind.COMMENT,
    dt.date(2026, 12, 15),
    "PC-1/comment-period/2026-12-15",
    "PC-1 open for comment: A rule",
    closes=dt.date(2027, 1, 4),
    areas=("standards",),
    record="PC-1",
    step=1,
)


# --- One issue, one status per record -------------------------------------------------------

# Decided two days into a three-week comment period, so the record says why (early:).
SAME_WEEK = (
    RECORD.replace("2027-02-01", "2027-02-23")
    .replace("2027-02-15", "2027-03-15")
    .replace("2027-03-01", "2027-02-25")
    .replace(
        "    link: https://example.org/decision\n",
        "    link: https://example.org/decision\n    early: A security fix could not wait.\n",
    )
)


def test_a_record_accepted_in_the_week_its_comments_opened_is_told_accepted_only() -> None:
    events = decision_events(catalog_of(SAME_WEEK))
    (digest,) = weekly_digests(
        [e for e in events if e.date.year == 2027 and e.date.month > 1], Schedule(W16)
    )
    assert [(e.kind, e.status) for e in digest.events] == [(EventKind.DECISION, "accepted")]
    assert digest.upcoming == ()  # and its comments no longer close anywhere


def test_a_period_closed_by_a_status_the_same_day_is_not_coming_up() -> None:
    text = (
        RECORD.replace("2027-02-01", "2027-03-01")
        .replace("2027-02-15", "2027-03-15")
        .replace("    status: accepted\n", "    status: accepted\n    early: Nobody objected.\n")
    )
    events = decision_events(catalog_of(text))
    assert coming_up(events, dt.date(2027, 3, 1), dt.date(2027, 3, 1), None) == []
    # The record's page says when and why the period ended, not that it closes later.
    record = catalog_of(text).records[0]
    shown = history_list(record.history).astext()
    assert "comments closed 1 March 2027 (accepted)" in shown
    assert "comments close 15 March" not in shown


def test_open_for_comment_lists_only_periods_still_open_on_the_issue_date() -> None:
    text = RECORD.replace("2027-02-15", "2027-02-07")  # closes on the Sunday of its week
    (comment,) = [e for e in decision_events(catalog_of(text)) if e.kind is EventKind.COMMENT]
    assert weekly_digests([comment], Schedule(W16)) == []
    (digest,) = weekly_digests([decision_events(catalog_of(RECORD))[1]], Schedule(W16))
    assert [part.heading for part in issue_outline(digest, ADDRESSES, closing=False)] == [
        "Open for comment",
        "Coming up",
    ]


# --- Headlines and who decided --------------------------------------------------------------

DELEGATED = """\
---
id: PC-0011
title: "Accept PEP 751: A file format to record Python dependencies"
kind: pronouncement
summary: A lock file format.
status: superseded
history:
  - date: 2024-07-24
    status: proposed
  - date: 2025-03-31
    status: accepted
  - date: 2027-03-03
    status: superseded
decided_by:
  body: pep-delegate
  name: Brett Cannon
peps: [751]
areas: [standards]
---
"""
SUCCESSOR = RECORD.replace("PC-0101", "PC-0082").replace(
    "status: accepted\nhistory", ("supersedes: [PC-0011]\nstatus: accepted\nhistory")
)


def test_a_superseded_record_is_headlined_as_the_record_not_its_pep() -> None:
    events = decision_events(catalog_of(DELEGATED, SUCCESSOR), {751: "Lock files"})
    (superseded,) = [e for e in events if e.status == "superseded"]
    assert superseded.title == (
        "PC-0011 superseded by PC-0082: Accept PEP 751: A file format to record Python dependencies"
    )
    assert superseded.kind is EventKind.DECISION  # the council's record replaced it
    (accepted,) = [e for e in events if e.key.startswith("PC-0011/accepted")]
    assert accepted.title == "PEP 751 accepted: Lock files"


@pytest.mark.parametrize(
    ("decided_by", "kind", "said"),
    [
        ("  body: pep-delegate\n  name: Brett Cannon\n", EventKind.STANDARD, "PEP-Delegate"),
        ("  body: steering-council\n", EventKind.STANDARD, "the Python Steering Council"),
        ("  body: not-recorded\n", EventKind.STANDARD, ""),
        (
            "  body: packaging-council\nvotes:\n  ada: yes\n  bruno: yes\n",
            EventKind.DECISION,
            "",
        ),
    ],
)
def test_only_what_the_council_decided_is_a_council_decision(
    decided_by: str, kind: EventKind, said: str
) -> None:
    text = DELEGATED.replace("  - date: 2027-03-03\n    status: superseded\n", "").replace(
        "status: superseded", "status: accepted"
    )
    text = text.replace("  body: pep-delegate\n  name: Brett Cannon\n", decided_by)
    (_, accepted) = decision_events(catalog_of(text), {751: "Lock files"})
    assert accepted.kind is kind
    (digest,) = weekly_digests([accepted], Schedule(IsoWeek(2025, 1)))
    (part,) = issue_outline(digest, ADDRESSES, closing=False)
    assert part.heading == ("Council decisions" if kind is EventKind.DECISION else "Standards")
    (item,) = [item for _, items in part.groups for item in items]
    assert ("Decided by " + said in item.detail) == bool(said)
    if kind is EventKind.STANDARD:
        assert part.groups[0][0] == "Accepted"
    if said == "PEP-Delegate":
        assert "Council" not in item.link.text + item.detail


def test_a_news_item_about_a_recorded_event_is_that_event_once() -> None:
    catalog = catalog_of(RECORD)
    item = NewsItem(
        "n.yaml",
        "adopted",
        "Adopted!",
        dt.date(2027, 3, 2),
        "Big news.",
        "https://example.org/decision/",
    )
    events = told_once([*decision_events(catalog), *news_events((item,))])
    assert [e.kind for e in events] == [EventKind.DECISION, EventKind.COMMENT, EventKind.DECISION]


# --- Dates ----------------------------------------------------------------------------------


def test_issues_before_the_launch_say_they_were_compiled_from_the_record() -> None:
    launch = IsoWeek(2026, 50)
    events = [news("2026-04-14", "a"), news("2026-12-08", "b")]
    before = weekly_digests(events, Schedule(W16, dt.date(2026, 11, 23), launch))
    assert dateline(before[0]) == (
        "Dated 20 April 2026; compiled on 23 November 2026 from the record, for the archive: "
        "this issue was not sent at the time."
    )
    # Once the newsletter is launched, the archive's compilation date stays the launch's.
    after = weekly_digests(events, Schedule(W16, dt.date(2027, 1, 4), launch))
    assert dateline(after[0]).startswith("Dated 20 April 2026; compiled on 14 December 2026")
    assert dateline(after[1]) == "Published on 14 December 2026."
    for digest in (*before, *after):
        text = digest_text(digest, "https://x.org/", lambda link: "", ADDRESSES)
        assert "welcome to the first issue" not in text.lower()


# --- The editors' Markdown ------------------------------------------------------------------

NOTE = "Run `uv init`, then **read** [the guide](https://packaging.python.org/) *now*."
HOSTILE = "[click](javascript:alert(1)) <script>x</script> [rel](/local) `a``b`"


def test_markdown_becomes_html_text_and_nodes_never_markup_as_text() -> None:
    root = ET.Element("p")
    append_html(root, NOTE)
    assert ET.tostring(root, encoding="unicode", method="html") == (
        "<p>Run <code>uv init</code>, then <strong>read</strong> "
        '<a href="https://packaging.python.org/">the guide</a> <em>now</em>.</p>'
    )
    assert plain(NOTE) == "Run uv init, then read the guide (https://packaging.python.org/) now."
    para = nodes.paragraph("", "", *markdown_nodes(NOTE))
    assert [type(n).__name__ for n in para.children] == [
        "Text",
        "literal",
        "Text",
        "strong",
        "Text",
        "reference",
        "Text",
        "emphasis",
        "Text",
    ]
    assert markdown(NOTE) == (
        "Run `uv init`, then **read** [the guide](<https://packaging.python.org/>) *now*."
    )


def test_markdown_keeps_no_raw_html_and_no_address_but_the_web() -> None:
    root = ET.Element("p")
    append_html(root, HOSTILE)
    html = ET.tostring(root, encoding="unicode", method="html")
    assert html == ("<p>click &lt;script&gt;x&lt;/script&gt; rel <code>a``b</code></p>")
    assert all(span.kind != "link" for span in spans(HOSTILE))
    assert markdown(HOSTILE) == "click \\<script\\>x\\</script\\> rel ``` a``b ```"


def test_an_issue_renders_its_note_as_markdown_in_every_edition() -> None:
    note = EditorsNote("n.yaml", "2026-W16", (NOTE,), "The editors", dt.date(2026, 4, 20))
    (digest,) = weekly_digests([news("2026-04-14", "a")], Schedule(W16), [note])

    def address(link: Link) -> str:
        return link.url

    html = digest_html(digest, address, ADDRESSES)
    assert "<code>uv init</code>" in html and "**" not in html and "`" not in html
    text = digest_text(digest, "https://x.org/", address, ADDRESSES)
    assert "Run uv init, then read the guide (https://packaging.python.org/) now." in text
    assert "-- The editors, 20 April 2026" in text
    assert "`" not in text and "**" not in text
    assert "> Run `uv init`, then **read**" in digest_markdown(
        digest, "https://x.org/", address, ADDRESSES
    )


# --- The weekly job records what it published -----------------------------------------------

NEWS_ITEM = (
    "title: {title}\ndate: {date}\nsummary: Something happened.\nlink: https://example.org/{slug}\n"
)


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "news").mkdir()
    (tmp_path / "news" / "told.yaml").write_text(
        NEWS_ITEM.format(title="Told", date="2026-03-03", slug="told")
    )
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    monkeypatch.delenv("COUNCIL_BASE_URL", raising=False)
    return tmp_path


def test_council_digest_records_an_issue_and_later_news_of_its_week_goes_to_the_next(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["digest", "2026-W10", "--first-week", "2026-W10", "--format", "text"]
    assert main([*argv, "--record"]) == 0
    assert "council digest: recorded 2026-W10 as published in newsletter/published.json" in (
        capsys.readouterr().err
    )
    (recorded,) = json.loads((project / PUBLISHED_PATH).read_text())["issues"].items()
    assert recorded[0] == "2026-W10"
    assert {k: v for k, v in recorded[1].items() if k not in ("events", "upcoming")} == {
        "number": 1,
        "sent": "2026-03-09",
        "told": ["news:told"],
    }
    # A news item added afterwards, dated in the week already sent, and the told item edited.
    (project / "news" / "late.yaml").write_text(
        NEWS_ITEM.format(title="Late", date="2026-03-04", slug="late")
    )
    told = project / "news" / "told.yaml"
    told.write_text(told.read_text().replace("Something happened.", "Something else."))
    assert main(argv) == 0
    sent_issue = capsys.readouterr().out
    assert "Told" in sent_issue and "Late" not in sent_issue
    assert "Something happened." in sent_issue and "Something else" not in sent_issue
    assert main(["digest", "2026-W11", "--first-week", "2026-W10"]) == 0
    next_issue = capsys.readouterr().out
    assert "This Week in Packaging #2, week of 9 March 2026" in next_issue
    assert "[Late](<https://example.org/late>)" in next_issue
    assert main([*argv, "--record"]) == 0
    assert "2026-W10 was already recorded" in capsys.readouterr().err


def test_council_digest_records_nothing_before_the_launch(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "conf.py").write_text('council_newsletter_launch = "2026-W20"\n')
    argv = ["digest", "2026-W10", "--first-week", "2026-W01", "--conf", "conf.py", "--record"]
    assert main(argv) == 1
    assert capsys.readouterr().err == (
        "council digest: 2026-W10 is before the launch (council_newsletter_launch = 2026-W20): "
        "it was never sent, so it is not recorded as published\n"
    )
    assert not (project / PUBLISHED_PATH).exists()


def test_a_damaged_record_of_published_issues_stops_council_digest(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "newsletter").mkdir()
    (project / PUBLISHED_PATH).write_text('{"issues": {"2026-W10": {"number": "x"}}}')
    assert main(["digest", "2026-W10", "--first-week", "2026-W10"]) == 1
    assert capsys.readouterr().err == (
        "council digest: newsletter/published.json: cannot be read as the record of published "
        "issues (invalid literal for int() with base 10: 'x'); restore it from the "
        "repository's history\n"
    )


def test_the_first_issue_sent_records_the_archive_compiled_before_it(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "conf.py").write_text('council_newsletter_launch = "2026-W11"\n')
    (project / "news" / "sent.yaml").write_text(
        NEWS_ITEM.format(title="Sent", date="2026-03-10", slug="sent")
    )
    argv = ["digest", "2026-W11", "--first-week", "2026-W10", "--conf", "conf.py"]
    assert main([*argv, "--record"]) == 0
    capsys.readouterr()
    issues = json.loads((project / PUBLISHED_PATH).read_text())["issues"]
    assert {week: issue["number"] for week, issue in issues.items()} == {
        "2026-W10": 1,
        "2026-W11": 2,
    }
    # News of a week of the archive, learned after the launch, goes to the next issue too, and
    # the archive's issue keeps saying it was compiled (on the launch's Monday).
    (project / "news" / "late.yaml").write_text(
        NEWS_ITEM.format(title="Late", date="2026-03-04", slug="late")
    )
    assert main(["digest", "2026-W10", "--first-week", "2026-W10", "--conf", "conf.py"]) == 0
    archived = capsys.readouterr().out
    assert "Late" not in archived
    assert "compiled on 16 March 2026 from the record" in archived
    assert main(["digest", "2026-W12", "--first-week", "2026-W10", "--conf", "conf.py"]) == 0
    assert "This Week in Packaging #3, week of 16 March 2026" in capsys.readouterr().out
