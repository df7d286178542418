"""The bundled site publishes This Week in Packaging from the real records, the vendored PEP
history and the news folder, and builds it the same way twice."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import email.utils
import html
import json
import os
import re
from pathlib import Path

import feedparser
import icalendar
import lxml.html
import pytest

from buildoutputs import assert_same_output
from conftest import sphinx_build
from releasenews import expected_releases
from sphinx_council.cli import main
from sphinx_council.newsletter.feeds import NEWSLETTER_LIMIT

REPO = Path(__file__).parent.parent


@pytest.fixture
def bundled(bundled_site: Path) -> Path:
    return bundled_site


def test_first_issue_is_compiled_from_the_record_and_says_so(bundled: Path) -> None:
    issue = (bundled / "this-week" / "2026-W16.html").read_text()
    assert "This Week in Packaging #1, week of 13 April 2026" in issue
    # Nothing was sent before the launch (2026-W50): the archive says when it was compiled.
    assert (
        "Dated 20 April 2026; compiled on 14 December 2026 from the record, for the archive"
    ) in issue
    assert "welcome to the first issue" not in issue.lower()
    assert "—The editors, 21 November 2026" in issue
    # Nobody on the council has decided anything yet: PEP 772 and PEP 708 are standards news.
    assert ">Council decisions<" not in issue
    assert ">Standards<" in issue and ">How to contribute an item<" in issue
    assert "PEP 772 accepted: Packaging Council governance process" in issue
    assert "PC-0002 superseded by PC-0001" in issue
    assert "Decided by PEP-Delegate Paul Moore." in issue
    # The news item announcing PEP 772's acceptance is that decision's item, told once.
    assert "PEP 772 is accepted and the Packaging Council is created" not in issue
    archive = (bundled / "this-week.html").read_text()
    assert 'href="this-week/2026-W49.html"' in archive  # the latest issue (the weekly check)


def test_the_weekly_check_of_the_pathway_commands_is_news(bundled: Path) -> None:
    issue = (bundled / "this-week" / "2026-W49.html").read_text()
    assert "Pathway commands checked: all passed" in issue
    assert "164 commands ran on build 1.6.1, pip 26.3, pipx 1.18.4, twine 7.0.0, uv 0.13.9" in issue
    # The redistributing pathway's commands cannot run on CI: it claims no check.
    redistributing = (bundled / "pathways" / "redistributing.html").read_text()
    assert "last checked" not in redistributing
    latest = check_runs()[0]["tools"]
    assert isinstance(latest, dict)
    start_here = (bundled / "pathways" / "start-here.html").read_text()
    assert f"last checked with uv {latest['uv']}" in start_here


def test_the_editors_markdown_is_rendered_in_the_page_feed_and_email(bundled: Path) -> None:
    issue = (bundled / "this-week" / "2026-W47.html").read_text()
    assert "Advice is only as good as its commands on the day you type them" in issue
    assert (
        '<code class="docutils literal notranslate"><span class="pre">uv</span> '
        '<span class="pre">init</span></code>'
    ) in issue
    feed = feedparser.parse((bundled / "feeds" / "newsletter.xml").read_bytes())
    (entry,) = [e for e in feed.entries if e.link.endswith("2026-W47.html")]
    assert "<code>uv init</code>" in entry.content[0].value
    message = email.message_from_bytes(
        (bundled / "this-week" / "2026-W47.eml").read_bytes(), policy=email.policy.default
    )
    html, text = message.get_body(("html",)), message.get_body(("plain",))
    assert html is not None and text is not None
    assert "uv init</code>" in html.get_content()
    assert "follows what uv init makes today" in " ".join(text.get_content().split())


def test_the_pathways_issue_has_an_editors_note_and_one_item_for_the_pathways(
    bundled: Path,
) -> None:
    issue = (bundled / "this-week" / "2026-W46.html").read_text()
    assert "This week the site published its first eight pathways" in issue
    assert ">Pathway updates<" in issue
    assert issue.count("Eight new pathways") == 1
    assert "Start here: your first Python project with packages" in issue
    assert 'href="../pathways/start-here.html"' in issue
    assert "First published" not in issue  # the pathway's own summary says what it offers
    # Each pathway page links the feed for its readers.
    pathway = (bundled / "pathways" / "start-here.html").read_text()
    assert (
        '<a href="https://packaging-council.github.io/feeds/persona/newcomer.xml">RSS</a>'
        in pathway
    )


def _issue_events(page: str) -> list[str]:
    """What each item of an issue page tells (its text, without markup), in its sections
    before the closing ones: a pathway changed again is a new fact, the same change is not."""
    body = page.split('id="this-week"')[1].split('id="council-contribute"', maxsplit=1)[0]
    items = re.findall(r"<li><p>(.*?)</p>", body, flags=re.S)
    return [" ".join(re.sub(r"<[^>]+>", "", item).split()) for item in items]


def test_no_issue_tells_a_fact_another_already_told(bundled: Path) -> None:
    told: dict[str, str] = {}
    for page in sorted((bundled / "this-week").glob("*.html")):
        for title in _issue_events(page.read_text()):
            assert title not in told, f"{title} in {page.name} and {told[title]}"
            told[title] = page.name
    for told_once in ("PEP 833 accepted: Freezing", "PEP 833 final: Freezing"):
        assert sum(fact.startswith(told_once) for fact in told) == 1, told_once
    assert len(told) > 10


PROVENANCE = re.compile(
    r"Resolution header|Status changes in python/peps|python/peps|\bcommit [0-9a-f]{7}|created\.$"
)


def test_feeds_carry_news_not_provenance_and_no_event_twice(bundled: Path) -> None:
    feeds = sorted((bundled / "feeds").rglob("*.xml"))
    assert len(feeds) > 10
    for path in feeds:
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, path
        ids = [entry.id for entry in parsed.entries]
        assert len(ids) == len(set(ids)), path
        titles = [entry.title for entry in parsed.entries]
        assert len(titles) == len(set(titles)), path
        for entry in parsed.entries:
            text = entry.summary + "".join(c.value for c in entry.get("content", []))
            assert not PROVENANCE.search(text), (path.name, entry.title)
    pypi = feedparser.parse((bundled / "feeds" / "area" / "pypi.xml").read_bytes())
    pep833 = [e.title for e in pypi.entries if "PEP 833" in e.title]
    assert pep833 == [
        "PEP 833 final: Freezing the HTML simple repository API",
        "PEP 833 accepted: Freezing the HTML simple repository API",
        "PEP 833 proposed: Freezing the HTML simple repository API",
    ]
    decisions = json.loads((bundled / "feeds" / "decisions.json").read_text())
    accepted = next(i for i in decisions["items"] if i["title"].startswith("PEP 833 accepted"))
    assert accepted["summary"].startswith("PEP 833 freezes the HTML form")


# The weeks of the bundled records, news and pathways that have news; every week with a release
# of a watched tool has an issue too.
NEWS_WEEKS = [
    "2026-W47",
    "2026-W46",
    "2026-W32",
    "2026-W27",
    "2026-W25",
    "2026-W21",
    "2026-W17",
]
SNAPSHOT = json.loads((REPO / "releases" / "releases.json").read_text("utf-8"))


def release_weeks() -> set[str]:
    return {
        "{}-W{:02d}".format(*dt.date.fromisoformat(r["uploaded"][:10]).isocalendar()[:2])
        for project in SNAPSHOT["projects"].values()
        for r in project["releases"]
    }


def check_runs() -> list[dict[str, object]]:
    """The weekly runs of the pathway commands pathways/checked.json records, newest first."""
    data = json.loads((REPO / "pathways" / "checked.json").read_text("utf-8"))
    return [data, *data.get("history", [])]


def week_of(day: object) -> str:
    return dt.date.fromisoformat(str(day)).strftime("%G-W%V")


def published_weeks() -> list[str]:
    """Every issue's week, newest first: from the first week (2026-W16) to the last one over
    by the build date (an issue waits for the Monday after its week)."""
    checks = {week_of(run["date"]) for run in check_runs()}
    weeks = {*NEWS_WEEKS, "2026-W16", *release_weeks(), *checks}
    return sorted((w for w in weeks if w >= "2026-W16" and _over(w)), reverse=True)


def _over(week: str) -> bool:
    monday = dt.date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
    return monday + dt.timedelta(days=6) < BUILD_DATE


def test_newsletter_feed_has_one_entry_per_published_week(bundled: Path) -> None:
    parsed = feedparser.parse((bundled / "feeds" / "newsletter.xml").read_bytes())
    assert not parsed.bozo
    weeks = [e.link.rsplit("/", 1)[1].removesuffix(".html") for e in parsed.entries]
    assert weeks == published_weeks()[:NEWSLETTER_LIMIT]
    entries = {e.link.rsplit("/", 1)[1].removesuffix(".html"): e for e in parsed.entries}
    checked = entries["2026-W49"]
    assert checked.id == "tag:packaging-council.github.io,2026:digest:2026-W49"
    assert "Pathway commands checked: all passed" in checked.content[0].value
    latest = entries["2026-W47"]
    assert latest.link == "https://packaging-council.github.io/this-week/2026-W47.html"
    assert latest.summary.startswith("Advice is only as good as its commands")
    pathways = entries["2026-W46"]
    assert pathways.summary.startswith("This week the site published its first eight pathways")
    assert "Eight new pathways" in pathways.content[0].value


def test_the_bundled_calendar_and_emails_parse(bundled: Path) -> None:
    calendar = icalendar.Calendar.from_ical((bundled / "feeds" / "deadlines.ics").read_bytes())
    reviews = [str(e["SUMMARY"]) for e in calendar.walk("VEVENT")]
    assert "Pathway review due: Start here: your first Python project with packages" in reviews
    for path in sorted((bundled / "this-week").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        assert message["Message-ID"] == f"<digest-{path.stem}@packaging-council.github.io>"
    assert sorted(p.stem for p in (bundled / "this-week").glob("*.eml")) == sorted(
        published_weeks()
    )


def test_parallel_build_of_the_bundled_site_is_identical(bundled: Path, tmp_path: Path) -> None:
    # Also the check that two builds of the same sources (each in its own process, with its own
    # hash seed) are byte-identical.
    out = tmp_path / "html"
    result = sphinx_build(REPO / "docs", out, "-W", "-E", "-j", "2", "-d", str(tmp_path / "dt"))
    assert result.returncode == 0, result.stderr
    assert len(list(out.rglob("*.html"))) > 200
    assert_same_output(out, bundled)


def test_council_digest_of_the_bundled_records(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("COUNCIL_BASE_URL", raising=False)
    monkeypatch.setitem(os.environ, "SOURCE_DATE_EPOCH", "1795219200")
    assert main(["digest", "2026-W16", "--base-url", "https://council.example.org/"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    assert captured.out.startswith("# This Week in Packaging #1, week of 13 April 2026\n")
    assert "compiled on 21 November 2026 from the record" in captured.out
    assert "PEP 772 is accepted and the Packaging Council is created" not in captured.out
    assert (
        "(<https://council.example.org/decisions/0001-accept-pep-772-packaging-council.html>)"
        in (captured.out)
    )


def test_council_digest_email_of_the_bundled_site(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("COUNCIL_BASE_URL", raising=False)
    monkeypatch.setitem(os.environ, "SOURCE_DATE_EPOCH", "1795219200")
    out = tmp_path / "2026-W16.eml"
    assert main(["digest", "2026-W16", "--format", "email", "--output", str(out)]) == 0
    message = email.message_from_bytes(out.read_bytes(), policy=email.policy.default)
    # The address and the id authority come from docs/conf.py, where they are set once.
    assert message["Message-ID"] == "<digest-2026-W16@packaging-council.github.io>"
    assert message["Date"] == "Mon, 20 Apr 2026 00:00:00 +0000"
    html = message.get_body(("html",))
    assert html is not None
    assert "https://packaging-council.github.io/decisions/0001-accept-pep-772" in html.get_content()


# --- Every issue of the bundled site, correct and consistent --------------------------------

BUILD_DATE = dt.date(2027, 1, 1)  # conftest's sphinx_build date, which bundled_site uses
DATED = re.compile(r"(?:Published on|Dated) (\d{1,2} \w+ \d{4})")


def _issues(bundled: Path) -> list[tuple[str, str]]:
    return [(p.stem, p.read_text()) for p in sorted((bundled / "this-week").glob("*.html"))]


def test_issue_numbers_are_consecutive_and_no_week_is_unfinished(bundled: Path) -> None:
    issues = _issues(bundled)
    assert len(issues) > 5
    numbers = []
    for week, page in issues:
        found = re.search(r"This Week in Packaging #(\d+), week of", page)
        assert found, week
        numbers.append(int(found[1]))
        monday = dt.date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        assert monday + dt.timedelta(days=6) < BUILD_DATE, f"{week} is not over"
    assert numbers == list(range(1, len(issues) + 1))
    assert "Previous: " in issues[1][1] and "#1, week of" in issues[1][1].split("Previous: ")[1]


def test_an_issue_has_one_date_on_its_page_in_every_feed_and_in_its_email(bundled: Path) -> None:
    feeds = bundled / "feeds"
    rss = {e.id: e for e in feedparser.parse((feeds / "newsletter.xml").read_bytes()).entries}
    atom = {e.id: e for e in feedparser.parse((feeds / "newsletter.atom").read_bytes()).entries}
    items = json.loads((feeds / "newsletter.json").read_text())["items"]
    json_feed = {item["id"]: item for item in items}
    assert len(rss) == len(atom) == len(json_feed) > 10
    for week, page in _issues(bundled):
        found = DATED.search(page)
        assert found, week
        day = dt.datetime.strptime(found[1], "%d %B %Y").date()
        monday = dt.date.fromisocalendar(int(week[:4]), int(week[6:]), 1)
        assert day == monday + dt.timedelta(days=7), week  # the Monday after its week
        message = email.message_from_bytes(
            (bundled / "this-week" / f"{week}.eml").read_bytes(), policy=email.policy.default
        )
        assert message["Date"].datetime.date() == day, week
        uid = f"tag:packaging-council.github.io,2026:digest:{week}"
        if uid not in rss:
            continue  # the feeds carry the newest issues only
        stamp = f"{day.isoformat()}T00:00:00+00:00"
        assert rss[uid].published == email.utils.format_datetime(
            dt.datetime.combine(day, dt.time(), tzinfo=dt.UTC)
        )
        assert atom[uid].published == atom[uid].updated == stamp
        assert json_feed[uid]["date_published"] == json_feed[uid]["date_modified"] == stamp


# An item's subject: the PEP or the record its title names.
SUBJECT = re.compile(r"^(PEP \d+|PC-\d{4})\b")


def test_no_issue_tells_one_record_twice_or_under_two_statuses(bundled: Path) -> None:
    for week, page in _issues(bundled):
        subjects = [m[1] for item in _issue_events(page) if (m := SUBJECT.match(item))]
        assert len(subjects) == len(set(subjects)), (week, subjects)
        body = page.split('id="this-week"')[1]
        if 'id="council-comment"' in body:
            # What is open for comment is not decided in the same issue.
            comment = body.split('id="council-comment"')[1].split("</section>")[0]
            for subject in SUBJECT.findall(re.sub(r"<[^>]+>", "", comment)):
                assert subjects.count(subject) == 1, (week, subject)


def test_a_decision_of_a_pep_delegate_never_says_council(bundled: Path) -> None:
    told = 0
    pages = [page for _, page in _issues(bundled)]
    pages += [(bundled / "feeds" / "decisions.xml").read_text()]
    for page in pages:
        for item in re.findall(r"<li>.*?</li>|<item>.*?</item>", page, flags=re.S):
            text = html.unescape(re.sub(r"<[^>]+>", "", html.unescape(item)))
            if "Decided by PEP-Delegate" in text:
                told += 1
                assert "Council" not in text, text
    assert told > 5
    for _, page in _issues(bundled):
        if ">Council decisions<" in page:
            section = page.split(">Council decisions<")[1].split("</section>")[0]
            assert "PEP-Delegate" not in section and "Steering Council" not in section


# Markdown that would show as text: code spans, strong emphasis, links.
MARKUP = re.compile(r"`[^`\n]+`|\*\*[^*\n]+\*\*|\[[^\]\n]+\]\([^)\s]+\)")
NOT_PROSE = re.compile(
    r"<(code|pre|script|style|textarea)\b.*?</\1>|<!--.*?-->|<[^>]+>", flags=re.S | re.I
)


def _shown(markup: str) -> str:
    """The text an HTML document shows outside code."""
    return html.unescape(NOT_PROSE.sub(" ", markup))


def test_no_markdown_markup_shows_as_text_in_any_page_feed_or_email(bundled: Path) -> None:
    checked = 0
    for path in sorted(bundled.rglob("*.html")):
        if "_static" in path.parts or "_sources" in path.parts:
            continue
        found = MARKUP.findall(_shown(path.read_text()))
        assert not found, (path.relative_to(bundled), found[:3])
        checked += 1
    for path in sorted((bundled / "feeds").rglob("*")):
        if path.suffix in (".xml", ".atom", ".json"):
            for entry in feedparser.parse(path.read_bytes()).entries:
                content = "".join(c.value for c in entry.get("content", []))
                shown = _shown(content) + entry.title + entry.get("summary", "")
                assert not MARKUP.findall(shown), (path.name, entry.title)
                checked += 1
    for path in sorted((bundled / "this-week").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        for part, shown in (("html", _shown), ("plain", str)):
            body = message.get_body((part,))
            assert body is not None
            assert not MARKUP.findall(shown(body.get_content())), (path.name, part)
        checked += 1
    assert checked > 300


def _releases_section(page: Path) -> list[tuple[str, list[tuple[str, str, str]]]]:
    """An issue page's Releases section: each project's (link text, address, what follows)."""
    section = lxml.html.fromstring(page.read_bytes()).get_element_by_id("council-release", None)
    if section is None:
        return []
    found: list[tuple[str, list[tuple[str, str, str]]]] = []
    for element in section.iter("p", "li"):
        if element.tag == "p" and element.getparent().tag == "section":
            found.append((element.text_content(), []))
        elif element.tag == "li":
            link = element.find(".//a")
            detail = element.text_content().removeprefix(link.text_content())
            found[-1][1].append((link.text_content(), link.get("href"), detail[1:].strip()))
    return found


def test_the_last_eight_weeks_list_exactly_their_releases(bundled: Path) -> None:
    fetched = dt.date.fromisoformat(SNAPSHOT["fetched"][:10])
    last_monday = fetched - dt.timedelta(days=fetched.weekday())
    told = 0
    for weeks_back in range(1, 9):
        year, week, _ = (last_monday - dt.timedelta(weeks=weeks_back)).isocalendar()
        expected = expected_releases(SNAPSHOT, (year, week))
        page = bundled / "this-week" / f"{year}-W{week:02d}.html"
        assert (_releases_section(page) if page.is_file() else []) == expected, (year, week)
        told += sum(len(items) for _, items in expected)
    assert told >= 30  # the weeks are not empty: the test compares real sections


def test_council_digest_sends_the_emails_the_bundled_site_publishes(
    bundled: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``council digest --send`` makes its message as ``--format email`` does: each must be the
    ``.eml`` the site publishes for that week, or subscribers get another issue than the web."""
    monkeypatch.chdir(REPO)
    monkeypatch.delenv("COUNCIL_BASE_URL", raising=False)
    monkeypatch.setitem(os.environ, "SOURCE_DATE_EPOCH", "1798761600")  # the build's date
    published = sorted((bundled / "this-week").glob("*.eml"))
    assert published
    for path in published:
        out = tmp_path / path.name
        assert main(["digest", path.stem, "--format", "email", "--output", str(out)]) == 0
        assert out.read_bytes() == path.read_bytes(), path.name
