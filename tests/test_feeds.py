"""The built newsletter's feeds, read by real clients (feedparser, reader) and checked with lxml
against the rules feed readers rely on: stable unique ids, self links, dates, escaping."""

from __future__ import annotations

import email.utils
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import feedparser
import pytest
from lxml import etree
from reader import make_reader

from conftest import ROOTS, sphinx_build
from feedserver import serve

BASE = "https://council.example.org/"
ATOM = "{http://www.w3.org/2005/Atom}"
RFC822 = re.compile(r"[A-Z][a-z]{2}, \d{2} [A-Z][a-z]{2} \d{4} \d{2}:\d{2}:\d{2} [+-]\d{4}")
RFC3339 = re.compile(r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})")

# The test root's events up to its build date (2027-01-01): PEP 833 Final (2026-W32), PC-0105
# proposed, PC-0104 proposed (W41), PC-0105 open for comment and a news item (W42), PC-0104 open
# for comment (W44), PC-0105 accepted (W47), PC-0104 rejected (W49).
ISSUES = ["2026-W49", "2026-W47", "2026-W44", "2026-W42", "2026-W41", "2026-W32"]
DECISION_EVENTS = 6


def build(src: Path, out: Path) -> Path:
    result = sphinx_build(src, out, "-W", "-d", str(out.parent / f"{out.name}-doctrees"))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture(scope="module")
def source(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return Path(shutil.copytree(ROOTS / "test-newsletter", tmp_path_factory.mktemp("n") / "src"))


@pytest.fixture(scope="module")
def site(source: Path) -> Path:
    return build(source, source.parent / "out")


def feed_paths(out: Path) -> list[Path]:
    return sorted(p for p in (out / "feeds").rglob("*") if p.suffix in (".xml", ".atom"))


def test_every_expected_feed_is_written(site: Path) -> None:
    names = {p.relative_to(site / "feeds").as_posix() for p in (site / "feeds").rglob("*.*")}
    for slug in ("newsletter", "decisions", "area/pypi", "area/community", "persona/newcomer"):
        assert {f"{slug}.xml", f"{slug}.atom", f"{slug}.json"} <= names
    assert "feeds.opml" in names
    # No decision or news is about user guides, so there is no (empty) feed for them.
    assert "area/user-guide.xml" not in names


def test_feedparser_reads_every_feed_without_errors(site: Path) -> None:
    assert len(feed_paths(site)) >= 10  # the loop has feeds to read
    for path in feed_paths(site):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, (path, parsed.get("bozo_exception"))
        assert parsed.entries, path


def test_newsletter_has_one_entry_per_issue_with_full_content(site: Path) -> None:
    parsed = feedparser.parse((site / "feeds" / "newsletter.atom").read_bytes())
    assert [e.link.rsplit("/", 1)[1] for e in parsed.entries] == [f"{w}.html" for w in ISSUES]
    assert parsed.entries[-1].title == "This Week in Packaging #1, week of 3 August 2026"
    w42 = next(e for e in parsed.entries if e.link.endswith("2026-W42.html"))
    assert w42.title == "This Week in Packaging #3, week of 12 October 2026"
    content = w42.content[0]
    assert content.type == "text/html"
    assert "It has two paragraphs &amp; an ampersand." in content.value
    assert f'href="{BASE}decisions/0105-lock-installers.html"' in content.value
    assert "Comments close 9 November 2026" in content.value


def test_decisions_feed_has_one_entry_per_status_change(site: Path) -> None:
    parsed = feedparser.parse((site / "feeds" / "decisions.xml").read_bytes())
    assert len(parsed.entries) == DECISION_EVENTS
    assert parsed.entries[0].title.startswith("PC-0104 rejected: Reject <script>")
    assert parsed.feed.link == f"{BASE}decisions-index.html"


def _rss(path: Path) -> etree._Element:
    return etree.fromstring(path.read_bytes())


def test_rss_rules(site: Path) -> None:
    assert len(list((site / "feeds").rglob("*.xml"))) >= 5
    for path in sorted((site / "feeds").rglob("*.xml")):
        channel = _rss(path).find("channel")
        assert channel is not None
        link = channel.findtext("link")
        # The channel's link is a page of the site, never the feed itself.
        assert link.startswith(BASE) and link.endswith(".html"), path
        (self_link,) = channel.findall(f"{ATOM}link[@rel='self']")
        assert self_link.get("href") == BASE + path.relative_to(site).as_posix()
        assert channel.findtext("{http://purl.org/dc/elements/1.1/}creator") == "Test Council"
        guids = [item.find("guid") for item in channel.iter("item")]
        texts = [g.text for g in guids]
        assert len(set(texts)) == len(texts), path
        for guid in guids:
            assert guid.get("isPermaLink") == "false"
            assert guid.text.startswith("tag:council.example.org,2026:")
        dates = [item.findtext("pubDate") for item in channel.iter("item")]
        for date in [*dates, channel.findtext("lastBuildDate")]:
            assert RFC822.fullmatch(date), (path, date)
        # Updated is the newest entry's (as in the Atom twin), not the build's (2027-01-01).
        updated = email.utils.parsedate_to_datetime(channel.findtext("lastBuildDate"))
        atom = etree.fromstring(path.with_suffix(".atom").read_bytes())
        assert updated.isoformat() == atom.findtext(f"{ATOM}updated")
        assert updated >= max(map(email.utils.parsedate_to_datetime, dates))


def test_atom_rules(site: Path) -> None:
    feed_ids = []
    assert len(list((site / "feeds").rglob("*.atom"))) >= 5
    for path in sorted((site / "feeds").rglob("*.atom")):
        feed = etree.fromstring(path.read_bytes())
        feed_ids.append(feed.findtext(f"{ATOM}id"))
        (self_link,) = feed.findall(f"{ATOM}link[@rel='self']")
        assert self_link.get("href") == BASE + path.relative_to(site).as_posix()
        entries = feed.findall(f"{ATOM}entry")
        ids = [e.findtext(f"{ATOM}id") for e in entries]
        assert len(set(ids)) == len(ids), path
        stamps = [e.findtext(f"{ATOM}updated") for e in entries]
        stamps += [e.findtext(f"{ATOM}published") for e in entries]
        for stamp in [*stamps, feed.findtext(f"{ATOM}updated")]:
            assert RFC3339.fullmatch(stamp), (path, stamp)
        assert feed.findtext(f"{ATOM}updated") == max(stamps)
        for entry in entries:
            assert entry.find(f"{ATOM}content").get("type") == "html"
    # ablog's mistake: every per-tag feed sharing one id.
    assert len(set(feed_ids)) == len(feed_ids)


def test_record_text_is_escaped_in_feeds(site: Path) -> None:
    rss = (site / "feeds" / "decisions.xml").read_text()
    assert "<script>" not in rss
    title = _rss(site / "feeds" / "decisions.xml").find("channel/item/title").text
    assert title == 'PC-0104 rejected: Reject <script>alert("x")</script> & co'
    parsed = feedparser.parse((site / "feeds" / "area" / "community.atom").read_bytes())
    (news,) = parsed.entries
    assert news.title == "Notes from the <fictional> packaging summit & more"
    # Inside the HTML content the text is escaped once more, so it shows as text.
    assert "&lt;fictional&gt; packaging summit &amp; more" in news.content[0].value


def test_json_feed(site: Path) -> None:
    data = json.loads((site / "feeds" / "newsletter.json").read_text())
    assert data["version"] == "https://jsonfeed.org/version/1.1"
    assert data["feed_url"] == f"{BASE}feeds/newsletter.json"
    assert len(data["items"]) == len(ISSUES)
    # An issue is dated the Monday after its week (2026-W49), when it is published.
    assert data["items"][0]["date_published"] == "2026-12-07T00:00:00+00:00"
    assert data["items"][0]["date_modified"] == "2026-12-07T00:00:00+00:00"


def test_opml_lists_every_rss_feed(site: Path) -> None:
    opml = etree.fromstring((site / "feeds" / "feeds.opml").read_bytes())
    urls = sorted(o.get("xmlUrl") for o in opml.iter("outline"))
    expected = sorted(BASE + p.relative_to(site).as_posix() for p in site.rglob("feeds/**/*.xml"))
    assert len(expected) >= 5
    assert urls == expected


def test_every_page_links_to_the_feeds(site: Path) -> None:
    for page in ("index.html", "decisions/0104-rejected.html", "this-week/2026-W42.html"):
        html = (site / page).read_text()
        assert (
            f'<link rel="alternate" type="application/atom+xml" title="This Week in Packaging '
            f'(Atom)" href="{BASE}feeds/newsletter.atom">'
        ) in html
        assert 'type="application/rss+xml" title="Packaging decisions (RSS)"' in html


def test_reader_library_reads_every_feed(site: Path, tmp_path: Path) -> None:
    with serve(site) as base:
        reader = make_reader(str(tmp_path / "reader.sqlite"))
        urls = [base + p.relative_to(site).as_posix() for p in feed_paths(site)]
        assert len(urls) >= 10
        for url in urls:
            reader.add_feed(url)
        reader.update_feeds()
        for url in urls:
            feed = reader.get_feed(url)
            assert feed.last_exception is None, (url, feed.last_exception)
            expected = len(feedparser.parse((site / url.removeprefix(base)).read_bytes()).entries)
            assert len(list(reader.get_entries(feed=url))) == expected, url
        reader.close()


def _ids(out: Path, name: str) -> list[str]:
    return [e.id for e in feedparser.parse((out / "feeds" / name).read_bytes()).entries]


def test_adding_one_event_adds_one_entry_and_keeps_every_id(site: Path, tmp_path: Path) -> None:
    src = Path(shutil.copytree(site.parent / "src", tmp_path / "src"))
    out = build(src, tmp_path / "out")
    before = {name: _ids(out, name) for name in ("newsletter.atom", "area/community.xml")}
    assert all(before.values())  # both feeds have entries to keep
    mtimes = {p: p.stat().st_mtime_ns for p in feed_paths(out)}
    (src / "news" / "2026-12-16-late-news.yaml").write_text(
        "title: Late news\ndate: 2026-12-16\nsummary: One more event.\nareas: [community]\n"
    )
    build(src, out)
    for name, old in before.items():
        new = _ids(out, name)
        assert len(new) == len(old) + 1
        assert set(old) < set(new)
    # Feeds the new item is not in are left untouched on disk.
    assert (out / "feeds" / "decisions.xml").stat().st_mtime_ns == mtimes[
        out / "feeds" / "decisions.xml"
    ]


def test_repeated_builds_write_identical_feeds(site: Path, tmp_path: Path) -> None:
    again = build(site.parent / "src", tmp_path / "again")
    for path in sorted((site / "feeds").rglob("*.*")):
        assert (again / path.relative_to(site)).read_bytes() == path.read_bytes(), path


@pytest.fixture
def unaddressed(tmp_path: Path) -> Iterator[Path]:
    src = Path(shutil.copytree(ROOTS / "test-newsletter", tmp_path / "src"))
    conf = src / "conf.py"
    conf.write_text(conf.read_text().replace('html_baseurl = "https://council.example.org/"', ""))
    yield src


def test_missing_base_url_is_a_config_warning(unaddressed: Path, tmp_path: Path) -> None:
    result = sphinx_build(unaddressed, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (
        "WARNING: conf.py: html_baseurl is not set, so no feeds are written: feeds need the "
        "site's absolute address." in result.stderr
    )
    assert "[council.config]" in result.stderr
    assert not (tmp_path / "out" / "feeds").exists()
    assert "No feeds are published" in (tmp_path / "out" / "feeds.html").read_text()
    assert (tmp_path / "out" / "this-week" / "2026-W42.html").exists()


def test_issue_pages_archive_and_home(site: Path) -> None:
    issue = (site / "this-week" / "2026-W42.html").read_text()
    assert "This Week in Packaging #3, week of 12 October 2026" in issue
    assert "Notes from the &lt;fictional&gt; packaging summit &amp; more" in issue
    assert "<fictional>" not in issue
    assert 'href="../decisions/0105-lock-installers.html"' in issue
    assert "Comments close 9 November 2026" in issue
    assert "<p>A fictional editor's note for the tests.</p>" in issue
    assert 'href="2026-W41.html">This Week in Packaging #2' in issue
    archive = (site / "this-week.html").read_text()
    titles = re.findall(r"This Week in Packaging #(\d+)", archive)
    assert titles[:6] == ["6", "5", "4", "3", "2", "1"]  # consecutive, newest first
    home = (site / "index.html").read_text()
    assert 'href="this-week/2026-W49.html"' in home
    assert "PC-0104 rejected" in home
    feeds = (site / "feeds.html").read_text()
    assert f'href="{BASE}feeds/area/community.atom"' in feeds
    assert f'href="{BASE}feeds/feeds.opml"' in feeds
