"""What the newsletter publishes beside its pages: the comment periods "closing soon", the
deadlines calendar, each issue's e-mail edition and a feeds page that recommends one feed."""

from __future__ import annotations

import email
import email.policy
import shutil
from pathlib import Path

import icalendar
import pytest

from conftest import ROOTS, sphinx_build


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The test root on 5 November 2026: PC-0105's comment period closes on the 9th."""
    work = tmp_path_factory.mktemp("publishing")
    src = Path(shutil.copytree(ROOTS / "test-newsletter", work / "src"))
    result = sphinx_build(src, work / "out", "-W", "-D", "council_build_date=2026-11-05")
    assert result.returncode == 0, result.stderr
    return work / "out"


def test_an_open_comment_period_closing_within_a_week_says_so(built: Path) -> None:
    page = (built / "decisions-index.html").read_text("utf-8")
    block = page.split('<div class="council-comment-periods docutils container">')[1]
    soon, later = block.split("</li>")[:2]
    assert "Adopt the lock file installer rules</a>: closes" in soon
    assert '<span class="council-date">9 November 2026</span>' in soon
    assert "closing soon" in soon
    # PC-0104's period ends on 1 December, more than a week after the build date.
    assert '<span class="council-date">1 December 2026</span>' in later
    assert "closing soon" not in later


def test_nothing_open_for_comment_once_the_decision_is_taken(tmp_path: Path) -> None:
    src = Path(shutil.copytree(ROOTS / "test-newsletter", tmp_path / "src"))
    result = sphinx_build(src, tmp_path / "out", "-W", "-D", "council_build_date=2026-12-05")
    assert result.returncode == 0, result.stderr
    page = (tmp_path / "out" / "decisions-index.html").read_text("utf-8")
    assert "Nothing is open for comment right now." in page
    calendar = icalendar.Calendar.from_ical(
        (tmp_path / "out" / "feeds" / "deadlines.ics").read_bytes()
    )
    assert calendar.walk("VEVENT") == []


def test_the_calendar_lists_the_closing_day(built: Path) -> None:
    ics = (built / "feeds" / "deadlines.ics").read_bytes()
    calendar = icalendar.Calendar.from_ical(ics)
    closing, later = calendar.walk("VEVENT")
    assert str(closing["SUMMARY"]) == "Comments close: Adopt the lock file installer rules"
    # Record text is data: the calendar carries it as written, escaped by icalendar.
    assert str(later["SUMMARY"]) == 'Comments close: Reject <script>alert("x")</script> & co'
    assert closing.decoded("DTSTART").isoformat() == "2026-11-09"
    assert closing.decoded("DTSTAMP").isoformat() == "2026-11-05T00:00:00+00:00"
    assert str(closing["UID"]).startswith("tag:council.example.org,2026:due:comment:PC-0105/")
    assert str(closing["URL"]) == "https://council.example.org/decisions/0105-lock-installers.html"


def test_each_issue_has_its_email_beside_its_page(built: Path) -> None:
    issue = built / "this-week" / "2026-W42.html"
    raw = (built / "this-week" / "2026-W42.eml").read_bytes()
    assert 'href="https://council.example.org/this-week/2026-W42.eml"' in issue.read_text("utf-8")
    message = email.message_from_bytes(raw, policy=email.policy.default)
    assert message["Message-ID"] == "<digest-2026-W42@council.example.org>"
    assert message.get_content_type() == "multipart/alternative"
    html = message.get_body(("html",))
    assert html is not None
    # Counted from Monday 19 October, the day the issue of the week of 12 October is sent.
    assert "Comments close 9 November 2026 (in 21 days)" in html.get_content()


def test_the_feeds_page_lists_areas_and_who_you_are_without_jargon(built: Path) -> None:
    page = (built / "feeds.html").read_text("utf-8")
    assert "persona" not in page.lower().replace("feeds/persona/", "")
    assert "deadlines.ics" in page and "feeds.opml" in page
    # The newsletter comes first, then every decision, then one feed per area.
    newsletter = page.index("<strong>This Week in Packaging</strong>")
    decisions = page.index("<strong>Packaging decisions</strong>")
    assert newsletter < decisions < page.index("<strong>PyPI</strong>")


def test_an_area_page_links_its_own_feed(built: Path) -> None:
    page = (built / "decisions" / "area" / "standards.html").read_text("utf-8")
    feed = "https://council.example.org/feeds/area/standards.xml"
    assert f'<a href="{feed}">RSS</a>' in page
    assert (
        f'type="application/rss+xml" title="This Week in Packaging: Standards (RSS)" href="{feed}"'
        in page
    )
