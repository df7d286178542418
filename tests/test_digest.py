"""Weekly digests without Sphinx: events from records, PEPs and news files; weeks, numbering and
the publishing window; checks of news files; Markdown and text output; ``council digest``."""

from __future__ import annotations

import dataclasses
import datetime as dt
import email
import email.policy
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import RECORD
from sphinx_council.cli import main
from sphinx_council.core.clock import build_date
from sphinx_council.core.settings import RuleSettings
from sphinx_council.decisions.catalog import Catalog
from sphinx_council.decisions.load import load_decision
from sphinx_council.newsletter.digest import (
    IsoWeek,
    Schedule,
    gather_events,
    unpublished_notes,
    weekly_digests,
)
from sphinx_council.newsletter.events import EventKind, PackagingEvent, decision_events, in_order
from sphinx_council.newsletter.news import load_news_item, load_note, read_news_desk
from sphinx_council.newsletter.outline import IssueAddresses, Link
from sphinx_council.newsletter.render import digest_markdown, digest_text
from sphinx_council.peps.index import packaging_peps, pep_status_history

W16 = IsoWeek(2026, 16)
REPO = Path(__file__).parent.parent


def catalog_of(*texts: str) -> Catalog:
    records = []
    for index, text in enumerate(texts):
        record, problems = load_decision(f"decisions/{index}", text, RuleSettings())
        assert problems == [] and record is not None
        records.append(record)
    return Catalog.build(records)


def news(day: str, key: str = "item") -> PackagingEvent:
    return PackagingEvent(EventKind.NEWS, dt.date.fromisoformat(day), key, f"News {key}")


def test_iso_weeks() -> None:
    assert IsoWeek.parse("2026-W16") == W16
    assert W16.monday == dt.date(2026, 4, 13) and W16.sunday == dt.date(2026, 4, 19)
    assert IsoWeek.of(dt.date(2027, 1, 1)) == IsoWeek(2026, 53)
    assert str(IsoWeek(2027, 1)) == "2027-W01"
    assert IsoWeek.parse("2026-W54") is None and IsoWeek.parse("2026-16") is None


def test_decision_history_becomes_events_of_the_right_kind() -> None:
    events = decision_events(catalog_of(RECORD))
    assert [(e.kind, e.status, str(e.date), e.closes) for e in events] == [
        (EventKind.DECISION, "proposed", "2027-01-10", None),
        (EventKind.COMMENT, "comment-period", "2027-02-01", dt.date(2027, 2, 15)),
        (EventKind.DECISION, "accepted", "2027-03-01", None),
    ]
    assert events[2].uid == "decision:PC-0101/accepted/2027-03-01"
    assert events[2].title == "PC-0101 accepted: Adopt the example standard"
    assert events[1].title == "PC-0101 open for comment: Adopt the example standard"
    assert events[2].page == "decisions/0" and events[2].personas == ("publisher",)


def test_drafts_are_not_news() -> None:
    text = RECORD.replace(
        "  - date: 2027-01-10\n    status: proposed\n",
        "  - date: 2027-01-05\n    status: draft\n  - date: 2027-01-10\n    status: proposed\n",
    )
    assert [e.status for e in decision_events(catalog_of(text))] == [
        "proposed",
        "comment-period",
        "accepted",
    ]


def test_standards_come_from_the_vendored_pep_history() -> None:
    events = gather_events(Catalog(), ())
    pep772 = [e for e in events if e.key.startswith("pep-772/")]
    assert [(e.title, str(e.date)) for e in pep772] == [
        ("PEP 772 published as a draft: Packaging Council governance process", "2025-02-06"),
        ("PEP 772 accepted: Packaging Council governance process", "2026-04-16"),
    ]
    assert pep772[1].url == "https://peps.python.org/pep-0772/"
    # Only PEPs of the packaging topic: PEP 8 is not news here.
    assert not any(e.key.startswith("pep-8/") for e in events)
    assert 772 in {info.number for info in packaging_peps()}
    assert len(pep_status_history()[772]) == 2


def test_standards_reach_the_areas_and_personas_of_decisions_citing_them() -> None:
    text = RECORD.replace("peps: [517]", "peps: [772]").replace(
        "areas: [standards]", "areas: [governance]"
    )
    (accepted,) = [e for e in gather_events(catalog_of(text), ()) if e.key.startswith("pep-772/A")]
    assert accepted.areas == ("standards", "governance")
    assert accepted.personas == ("publisher",)


def test_only_complete_weeks_from_the_start_are_published() -> None:
    events = [news("2026-04-12", "before"), news("2026-04-13", "first"), news("2026-05-06", "last")]
    events.append(news("2026-05-11", "after"))
    # On Sunday 10 May the week of 6 May is still in progress: its issue waits for Monday.
    sunday = weekly_digests(events, Schedule(W16, dt.date(2026, 5, 10)))
    assert [(str(d.week), d.number, [e.key for e in d.events]) for d in sunday] == [
        ("2026-W16", 1, ["first"]),
    ]
    monday = weekly_digests(events, Schedule(W16, dt.date(2026, 5, 11)))
    assert [(str(d.week), d.number, [e.key for e in d.events]) for d in monday] == [
        ("2026-W16", 1, ["first"]),
        ("2026-W19", 2, ["last"]),
    ]


def test_issue_numbers_are_consecutive_over_the_issues_that_exist() -> None:
    schedule = Schedule(W16, None)
    events = [news("2026-04-14", "a"), news("2026-05-20", "b")]
    before = {str(d.week): d.number for d in weekly_digests(events, schedule)}
    after = {str(d.week): d.number for d in weekly_digests([*events, news("2026-04-29")], schedule)}
    assert before == {"2026-W16": 1, "2026-W21": 2}
    assert after == {"2026-W16": 1, "2026-W18": 2, "2026-W21": 3}


def test_issue_title_sections_and_dates() -> None:
    events = [
        news("2026-04-17", "n"),
        PackagingEvent(EventKind.PATHWAY, dt.date(2026, 4, 15), "publisher/reviewed", "Reviewed"),
        PackagingEvent(EventKind.DECISION, dt.date(2026, 4, 16), "PC-1/accepted", "Accepted"),
    ]
    (digest,) = weekly_digests(events, Schedule(W16))
    assert digest.title == "This Week in Packaging #1, week of 13 April 2026"
    assert [heading for _, heading, _ in digest.sections()] == [
        "Council decisions",
        "Pathway updates",
        "Community news",
    ]
    # One date everywhere: the Monday after the week, when the issue is published.
    assert digest.published == digest.updated == digest.sent == dt.date(2026, 4, 20)
    assert digest.uid == "digest:2026-W16"


def test_order_and_duplicates_do_not_depend_on_input_order() -> None:
    events = [news("2026-04-17", "b"), news("2026-04-17", "a"), news("2026-04-15", "c")]
    assert [e.key for e in in_order(events)] == ["c", "a", "b"]
    assert in_order([*events, *reversed(events)]) == in_order(events)


def test_build_date_from_configuration_or_source_date_epoch() -> None:
    assert build_date("2026-05-01", {"SOURCE_DATE_EPOCH": "1795219200"}) == dt.date(2026, 5, 1)
    assert build_date("", {"SOURCE_DATE_EPOCH": "1795219200"}) == dt.date(2026, 11, 21)
    assert build_date("", {}) is None


NEWS_ITEM = """\
title: The council meets
date: 2026-06-01
summary: A fictional meeting.
link: https://example.org/meeting
areas: [governance]
personas: [maintainer]
"""


def test_news_item_loads() -> None:
    item, problems = load_news_item("news/meets.yaml", "meets", NEWS_ITEM, RuleSettings())
    assert problems == []
    assert item is not None
    assert (item.title, item.date, item.areas, item.personas) == (
        "The council meets",
        dt.date(2026, 6, 1),
        ("governance",),
        ("maintainer",),
    )


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            ("date: 2026-06-01", "date: June 1"),
            "news/x.yaml:2: date: 'June 1' is not a date; write it as YYYY-MM-DD, e.g. 2026-04-16",
        ),
        (
            ("link: https://example.org/meeting", "link: javascript:alert(1)"),
            "news/x.yaml:4: link: 'javascript:alert(1)' is not an https: link; only https: "
            "(and http:) URLs are accepted",
        ),
        (
            ("areas: [governance]", "areas: [goverance]"),
            "news/x.yaml:5: areas[0]: 'goverance' is not one of standards, pypi, tools, "
            "user-guide, governance, community (did you mean 'governance'?)",
        ),
        (
            ("summary: A fictional meeting.\n", "sumary: A fictional meeting.\n"),
            "news/x.yaml:3: sumary: unknown field 'sumary' (did you mean 'summary'?)",
        ),
        (
            ("title: The council meets\n", ""),
            "news/x.yaml:1: title: is required; add a 'title:' line",
        ),
        (("title: The council meets", "title: [a"), "news/x.yaml:2: YAML syntax error"),
    ],
)
def test_news_item_problems_name_file_line_and_fix(change: tuple[str, str], expected: str) -> None:
    item, problems = load_news_item("news/x.yaml", "x", NEWS_ITEM.replace(*change), RuleSettings())
    assert item is None
    assert str(problems[0]).startswith(expected)


def test_every_news_problem_is_reported_at_once() -> None:
    text = NEWS_ITEM.replace("2026-06-01", "soon").replace("[maintainer]", "[nobody]")
    _, problems = load_news_item("news/x.yaml", "x", text, RuleSettings())
    assert [(p.line, p.field) for p in problems] == [(2, "date"), (6, "personas[0]")]


def test_editors_note() -> None:
    note, problems = load_note(
        "news/notes/2026-W16.yaml",
        "2026-W16",
        "written: 2026-04-20\ntext: |\n  One\n  two.\n\n  Three.\n",
    )
    assert problems == [] and note is not None
    assert note.paragraphs == ("One two.", "Three.")
    assert note.written == dt.date(2026, 4, 20)
    _, problems = load_note("news/notes/week16.yaml", "week16", "written: 2026-04-20\ntext: Hi\n")
    assert [str(p) for p in problems] == [
        "news/notes/week16.yaml:1: the file name 'week16' is not an ISO week; name the note "
        "after its week, e.g. 2026-W16.yaml"
    ]
    _, problems = load_note("n.yaml", "2026-W16", "author: Ada\n")
    assert [str(p) for p in problems] == [
        "n.yaml:1: text: is required; add a 'text: |' block",
        "n.yaml:1: written: is required; add 'written: YYYY-MM-DD', the day you wrote the note",
    ]
    _, problems = load_note("n.yaml", "2026-W16", "written: soon\ntext: Hi\n")
    assert [str(p) for p in problems] == [
        "n.yaml:1: written: 'soon' is not a date; write it as YYYY-MM-DD, e.g. 2026-04-16"
    ]


def test_a_note_for_a_week_without_an_issue_is_found() -> None:
    note, _ = load_note("news/notes/2026-W17.yaml", "2026-W17", "written: 2026-04-27\ntext: Hi\n")
    assert note is not None
    schedule = Schedule(W16, dt.date(2026, 5, 1))
    digests = weekly_digests([news("2026-04-14")], schedule, [note])
    assert unpublished_notes(digests, [note], schedule) == [note]
    # A note for a week still to come waits for it.
    assert unpublished_notes(digests, [note], Schedule(W16, dt.date(2026, 4, 19))) == []


def test_news_folder(tmp_path: Path) -> None:
    (tmp_path / "notes").mkdir()
    (tmp_path / "meets.yaml").write_text(NEWS_ITEM)
    (tmp_path / "bad.yaml").write_bytes(b"title: \xff\n")
    (tmp_path / "notes" / "2026-W23.yaml").write_text("written: 2026-06-08\ntext: Hello.\n")
    desk = read_news_desk(tmp_path, RuleSettings(), lambda p: p.relative_to(tmp_path).as_posix())
    assert [i.slug for i in desk.items] == ["meets"]
    assert [note.week for note in desk.notes] == ["2026-W23"]
    assert [str(p) for p in desk.problems] == [
        "bad.yaml:1: the file is not UTF-8 text (byte 7); save it as UTF-8"
    ]
    assert read_news_desk(tmp_path / "missing", RuleSettings(), str).items == ()


def _digest() -> tuple[object, ...]:
    events = decision_events(
        catalog_of(RECORD.replace("Adopt the example", "Adopt *the* [example]"))
    )
    comment = next(e for e in events if e.kind is EventKind.COMMENT)
    note, _ = load_note(
        "n.yaml",
        "2027-W05",
        "author: Ada\nwritten: 2027-02-05\ntext: |\n  A <note>.\n\n  Second.\n",
    )
    (digest,) = weekly_digests([comment], Schedule(W16), [note] if note else [])
    return digest, "https://council.example.org/this-week/2027-W05.html"


def address(link: Link) -> str:
    return f"https://council.example.org/{link.page}.html" if link.page else link.url


ADDRESSES = IssueAddresses(feed_url="https://council.example.org/feeds/newsletter.xml")


def test_markdown_issue_has_absolute_links_and_escapes_text() -> None:
    digest, url = _digest()
    text = digest_markdown(digest, url, address, ADDRESSES)  # type: ignore[arg-type]
    assert text.splitlines()[:6] == [
        "# This Week in Packaging #1, week of 1 February 2027",
        "",
        "Published on 8 February 2027.",
        "",
        "Read it on the web: <https://council.example.org/this-week/2027-W05.html>",
        "",
    ]
    # The note is the editors' Markdown; raw HTML in it stays text.
    assert "> A \\<note\\>.\n>\n> Second.\n>\n> — Ada, 5 February 2027" in text
    # Closing in N days counts from the Monday the issue is sent (8 February).
    assert (
        "## Open for comment\n\n- [PC-0101 open for comment: Adopt \\*the\\* \\[example\\] "
        "standard](<https://council.example.org/decisions/0.html>). Comments close "
        "15 February 2027 (in 7 days). An example decision that the tests build.\n"
    ) in text
    assert (
        "## Coming up\n\n- 15 February 2027: [Comments close: Adopt \\*the\\* \\[example\\] "
        "standard](<https://council.example.org/decisions/0.html>). In 7 days."
    ) in text
    assert "## How to contribute an item\n" in text
    assert (
        "## Subscribe\n\nFollow [the newsletter's feed]"
        "(<https://council.example.org/feeds/newsletter.xml>) in any feed reader"
    ) in text


def test_text_issue_is_wrapped_for_email() -> None:
    digest, url = _digest()
    text = digest_text(digest, url, address, ADDRESSES)  # type: ignore[arg-type]
    assert all(len(line) <= 72 for line in text.splitlines())
    assert "Open for comment\n----------------\n\n* PC-0101 open for comment: Adopt *the*" in text
    assert "  https://council.example.org/decisions/0.html\n" in text
    assert "-- Ada, 5 February 2027" in text


def test_provenance_notes_stay_on_the_record() -> None:
    text = RECORD.replace(
        "    link: https://example.org/decision\n",
        "    link: https://example.org/decision\n    note: Date of the PEP's Resolution header.\n",
    )
    catalog = catalog_of(text)
    assert catalog.records[0].history[-1].note == "Date of the PEP's Resolution header."
    (accepted,) = [e for e in decision_events(catalog) if e.status == "accepted"]
    assert accepted.summary == "An example decision that the tests build."


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "news" / "notes").mkdir(parents=True)
    (tmp_path / "decisions" / "0101-example.md").write_text(RECORD.replace("2027-", "2026-"))
    (tmp_path / "news" / "meets.yaml").write_text(NEWS_ITEM.replace("06-01", "02-27"))
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    monkeypatch.delenv("COUNCIL_BASE_URL", raising=False)
    return tmp_path


def test_council_digest_prints_a_week(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert (
        main(["digest", "2026-W09", "--first-week", "2026-W01", "--base-url", "https://c.org/"])
        == 0
    )
    out = capsys.readouterr().out
    assert out.startswith("# This Week in Packaging #5, week of 23 February 2026\n")
    assert (
        "[PC-0101 accepted: Adopt the example standard](<https://c.org/decisions/0101-example.html>)"
        in out
    )
    assert (
        "## Community news\n\n- [The council meets](<https://example.org/meeting>). "
        "A fictional meeting. Source: example.org.\n"
    ) in out


def test_council_digest_links_pages_as_a_dirhtml_site_does(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    argv = ["digest", "2026-W09", "--first-week", "2026-W01", "--base-url", "https://c.org/"]
    assert main([*argv, "--links", "dirhtml"]) == 0
    out = capsys.readouterr().out
    assert "Read it on the web: <https://c.org/this-week/2026-W09/>" in out
    assert "(<https://c.org/decisions/0101-example/>)" in out
    assert ".html" not in out


def test_council_digest_counts_issues_from_the_sites_first_week(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Without --first-week, issue #1 is conf.py's council_digest_start, as in the build.
    (project / "conf.py").write_text('council_digest_start = "2026-W01"\n')
    assert main(["digest", "2026-W09", "--conf", "conf.py"]) == 0
    assert capsys.readouterr().out.startswith("# This Week in Packaging #5, week of 23 February")
    assert main(["digest", "2026-W09", "--conf", "conf.py", "--first-week", "2026-W05"]) == 0
    assert capsys.readouterr().out.startswith("# This Week in Packaging #3, week of 23 February")
    (project / "conf.py").write_text('council_digest_start = "week one"\n')
    assert main(["digest", "2026-W09", "--conf", "conf.py"]) == 2
    assert (
        "council digest: conf.py: council_digest_start 'week one' is not an ISO week; "
        "write it as YYYY-Www"
    ) in capsys.readouterr().err


def test_council_digest_text(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "2026-W06", "--format", "text", "--first-week", "2026-W01"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("This Week in Packaging #4, week of 2 February 2026\n=====")
    assert "Read it on the web: http://localhost:8000/this-week/2026-W06.html" in out


def test_council_digest_of_a_quiet_week(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "2026-W11", "--first-week", "2026-W01"]) == 1
    assert (
        "council digest: no issue for 2026-W11: it has no published events"
        in capsys.readouterr().err
    )


def test_council_digest_usage_errors(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["digest", "W16"]) == 2
    assert "week 'W16' is not an ISO week; write it as YYYY-Www" in capsys.readouterr().err
    assert main(["digest", "2026-W16", "--decisions", "nowhere"]) == 2
    assert "no decisions folder at nowhere" in capsys.readouterr().err


def test_council_digest_reports_bad_news_files(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "news" / "bad.yaml").write_text(NEWS_ITEM.replace("2026-06-01", "tomorrow"))
    assert main(["digest", "2026-W09", "--first-week", "2026-W01"]) == 0
    err = capsys.readouterr().err
    assert "news/bad.yaml:2: date: 'tomorrow' is not a date" in err


def test_pathway_events_have_their_own_section() -> None:
    event = PackagingEvent(
        EventKind.PATHWAY,
        dt.date(2026, 4, 14),
        "newcomer/reviewed/2026-04-14",
        "Newcomer pathway reviewed",
    )
    (digest,) = weekly_digests([event], Schedule(W16))
    assert digest.sections()[0][1] == "Pathway updates"
    assert event.uid == "pathway:newcomer/reviewed/2026-04-14"
    assert dataclasses.replace(event, title="Renamed").uid == event.uid


def test_digest_and_feed_modules_do_not_import_sphinx() -> None:
    code = (
        "import sys; sys.modules['sphinx'] = None\n"
        "import sphinx_council.cli.digest, sphinx_council.newsletter.feeds\n"
        "from sphinx_council.cli import main\n"
        "raise SystemExit(main(['digest', '--help']))"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    assert "--format {email,markdown,text}" in result.stdout


def test_a_build_date_that_is_not_a_date_counts_as_unset() -> None:
    assert build_date("soon", {"SOURCE_DATE_EPOCH": "1795219200"}) == dt.date(2026, 11, 21)


def test_pathway_changes_and_reviews_become_events_with_stable_ids() -> None:
    from sphinx_council.cli.new_pathway import vendored_guide  # noqa: PLC0415
    from sphinx_council.newsletter.events import pathway_events  # noqa: PLC0415
    from sphinx_council.pathways.checks import check_pathways  # noqa: PLC0415

    pathways, problems = check_pathways(
        REPO / "pathways", None, dt.date(2026, 11, 21), guide=vendored_guide
    )
    assert problems == []
    pages = [(f"pathways/{p.id}", p) for p in pathways]
    events = pathway_events(pages)
    start = next(e for e in events if e.key == "start-here/published/2026-11-15")
    assert start.kind is EventKind.PATHWAY
    assert start.uid == "pathway:start-here/published/2026-11-15"
    assert start.title == "New pathway: Start here: your first Python project with packages"
    assert (start.page, start.personas) == ("pathways/start-here", ("newcomer",))
    assert len({e.uid for e in events}) == len(events)
    # Reordering the pathways changes no id.
    assert {e.uid for e in pathway_events(reversed(pages))} == {e.uid for e in events}


def test_council_digest_writes_an_email_to_standard_output(
    project: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    argv = ["digest", "2026-W09", "--first-week", "2026-W01", "--format", "email"]
    assert main([*argv, "--base-url", "https://c.org/"]) == 0
    raw = capsysbinary.readouterr().out
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Message-ID"] == "<digest-2026-W09@c.org>"
    assert [p.get_content_type() for p in message.iter_parts()] == ["text/plain", "text/html"]
    assert raw.count(b"\r\n") > 10  # ready for SMTP: CRLF line endings
