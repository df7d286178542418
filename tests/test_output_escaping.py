"""Every output carries record, news and pathway text as text, read by a real parser of its
format: what a feed reader, a browser, a calendar or a mail client makes of it shows the
characters the file holds and never runs or loads anything from them."""

from __future__ import annotations

import datetime as dt
import email
import email.policy
import json
from collections.abc import Iterator
from email.message import EmailMessage
from pathlib import Path
from urllib.parse import unquote

import feedparser
import icalendar
import lxml.html
import pytest
from lxml import etree
from markdown_it import MarkdownIt

from conftest import CONF, RECORD, sphinx_build, write_site
from sphinx_council.cli import main
from sphinx_council.newsletter.digest import IsoWeek, Schedule, weekly_digests
from sphinx_council.newsletter.events import EventKind, PackagingEvent
from sphinx_council.newsletter.outline import IssueAddresses
from sphinx_council.newsletter.render import digest_markdown

IMG = "<img src=x onerror=alert(1)>"
SCRIPT = "</script><script>alert(1)</script>"
# Every kind of text that breaks out of a format when it is escaped once, twice or not at all.
HOSTILE = f"{IMG} {SCRIPT} ]]> &amp; \"double\" 'single'"
# A line break that would start a new mail header if it reached one.
HEADER = "\nBcc: victim@example.org\nSubject: forged"


def q(text: str) -> str:
    """Text as a YAML scalar (JSON is YAML), whatever characters it holds."""
    return json.dumps(text, ensure_ascii=False)


NEWS = f"""\
title: {q(f"News {HOSTILE}{HEADER}")}
date: 2027-03-02
summary: {q(f"What happened: {HOSTILE}")}
link: https://example.org/news
source: {q(f"source {HOSTILE}")}
areas: [standards]
personas: [publisher]
"""

NOTE = f"""\
author: {q(f"Editor {HOSTILE}")}
text: |
  The editor's note, {HOSTILE}.
"""

PATHWAY = f"""\
id: hostile
title: {q(f"Pathway {HOSTILE}")}
persona: publisher
summary: {q(f"Pathway summary {HOSTILE}")}
for_you_if:
  - {q(f"You read {HOSTILE}")}
level: beginner
outcomes:
  - {q(f"Outcome {HOSTILE}")}
reviewed: 2027-03-03
review_every_months: 6
changes:
  - date: 2027-03-03
    summary: {q(f"Change {HOSTILE}")}
steps:
  - id: read
    title: {q(f"Step {HOSTILE}")}
    why: {q(f"Because {HOSTILE}")}
    minutes: 5
    runs: no
    reason: {q(f"Nothing to run: {HOSTILE}")}
"""

INDEX = """\
# Test site

```{toctree}
decisions-index
this-week
pathways/hostile
```
"""

THIS_WEEK = """\
# This week

```{digest-archive}
```

```{feed-list}
```
"""


def _record() -> str:
    text = RECORD.replace(
        "title: Adopt the example standard", "title: " + q(f"Adopt {HOSTILE}{HEADER}")
    )
    text = text.replace(
        "summary: An example decision that the tests build.", "summary: " + q(f"Summary {HOSTILE}")
    )
    text = text.replace(
        "    link: https://example.org/decision\n", "    note: " + q(f"Note {HOSTILE}") + "\n", 1
    )
    assert text.count(q(HOSTILE)[1:-1]) == 3
    return text


@pytest.fixture(scope="module")
def out(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("hostile")
    conf = CONF.replace('"sphinx_council"]', '"sphinx_council", "sphinxext.opengraph"]') + (
        'council_newsletter = True\ncouncil_news_dir = "news"\nproject = "Council"\n'
        'ogp_site_url = html_baseurl\nogp_social_cards = {"enable": False}\n'
    )
    extra = {
        "conf.py": conf,
        "index.md": INDEX,
        "this-week.md": THIS_WEEK,
        "news/2027-03-02-hostile.yaml": NEWS,
        "news/notes/2027-W09.yaml": NOTE,
        "pathways/hostile.yaml": PATHWAY,
    }
    for folder in ("news/notes", "pathways"):
        (root / "src" / folder).mkdir(parents=True)
    src = write_site(root / "src", {"0101-example.md": _record()}, extra=extra)
    built = root / "out"
    # As of June 2027, after every event, so each is in an issue, a feed and the calendar.
    result = sphinx_build(src, built, epoch="1811808000")
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    return built


def _no_live_markup(html: str, where: str) -> str:
    """The text a browser shows for an HTML fragment, after checking it holds no element or
    attribute that loads or runs something."""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    elements = [e.tag for e in root.iter() if isinstance(e.tag, str)]
    assert not {"img", "script", "iframe", "object", "embed"} & set(elements), (where, html)
    handlers = [a for e in root.iter() for a in e.attrib if a.lower().startswith("on")]
    assert handlers == [], (where, html)
    return str(root.text_content())


def _items(path: Path) -> Iterator[etree._Element]:
    yield from etree.fromstring(path.read_bytes()).iter("item")


def test_rss_descriptions_render_as_text(out: Path) -> None:
    rss = sorted((out / "feeds").rglob("*.xml"))
    descriptions = [
        (path.name, item.findtext("description") or "") for path in rss for item in _items(path)
    ]
    hostile = [(name, text) for name, text in descriptions if "alert(1)" in text]
    assert len(hostile) >= 4  # the record's, the news item's and the pathway's, in several feeds
    for name, text in hostile:
        shown = _no_live_markup(text, name)
        assert HOSTILE in shown, (name, shown)


def test_rss_content_and_titles(out: Path) -> None:
    content = "{http://purl.org/rss/1.0/modules/content/}encoded"
    titles = []
    for path in sorted((out / "feeds").rglob("*.xml")):
        for item in _items(path):
            _no_live_markup(item.findtext(content) or "", path.name)
            titles.append(item.findtext("title") or "")
    # A title is plain text: the characters of the file, line break and all.
    assert f"News {HOSTILE}{HEADER}" in titles


def test_atom_and_json_feed(out: Path) -> None:
    for path in sorted((out / "feeds").rglob("*.atom")):
        parsed = feedparser.parse(path.read_bytes())
        assert not parsed.bozo, path
        for entry in parsed.entries:
            for content in entry.content:
                assert content.type == "text/html"
                _no_live_markup(content.value, path.name)
    for path in sorted((out / "feeds").rglob("*.json")):
        for item in json.loads(path.read_text("utf-8"))["items"]:
            shown = _no_live_markup(item["content_html"], path.name)
            if item["summary"].startswith("What happened"):
                # JSON Feed's summary and title are plain text: the file's characters.
                assert item["summary"] == f"What happened: {HOSTILE}"
                assert item["title"] == f"News {HOSTILE}{HEADER}"
                assert HOSTILE in shown


def test_opml_and_calendar(out: Path) -> None:
    opml = etree.fromstring((out / "feeds" / "feeds.opml").read_bytes())
    assert opml.findall("body/outline")
    calendar = icalendar.Calendar.from_ical((out / "feeds" / "deadlines.ics").read_bytes())
    events = list(calendar.walk("VEVENT"))
    summaries = [str(event.get("summary")) for event in events]
    assert f"Pathway review due: Pathway {HOSTILE}" in summaries


def _emails(out: Path) -> list[EmailMessage]:
    paths = sorted((out / "this-week").glob("*.eml"))
    assert paths
    return [
        email.message_from_bytes(p.read_bytes(), policy=email.policy.default)  # type: ignore[misc]
        for p in paths
    ]


def test_email_headers_and_parts(out: Path) -> None:
    for message in _emails(out):
        assert message.defects == []
        assert message["Bcc"] is None
        assert len(message.get_all("Subject") or []) == 1
        assert message["Subject"].startswith("This Week in Packaging #")
        html = message.get_body(preferencelist=("html",))
        assert html is not None
        _no_live_markup(html.get_content(), message["Subject"])
    text = " ".join(
        part.get_content()
        for message in _emails(out)
        if (part := message.get_body(preferencelist=("plain",))) is not None
    )
    # Wrapped for e-mail, so compared word by word.
    assert " ".join(f"Summary {HOSTILE}".split()) in " ".join(text.split())


def test_decisions_json_holds_the_text(out: Path) -> None:
    (record,) = json.loads((out / "decisions.json").read_text("utf-8"))["decisions"]
    assert record["title"] == f"Adopt {HOSTILE}{HEADER}"
    assert record["summary"] == f"Summary {HOSTILE}"


def test_pages_and_their_meta(out: Path) -> None:
    pages = sorted(out.rglob("*.html"))
    assert len(pages) > 5
    for page in pages:
        tree = lxml.html.parse(str(page))
        images = [i for i in tree.iter("img") if i.get("src") == "x"]
        assert images == [], page
        scripts = [s for s in tree.iter("script") if "alert(1)" in (s.text or "")]
        assert scripts == [], page
        handlers = [a for e in tree.iter() if isinstance(e.tag, str) for a in e.attrib]
        assert "onerror" not in handlers, page
    record = lxml.html.parse(str(out / "decisions" / "0101-example.html"))
    meta = {m.get("name") or m.get("property"): m.get("content") for m in record.iter("meta")}
    assert meta["description"] == f"Summary {HOSTILE}"
    assert meta["og:description"] == f"Summary {HOSTILE}"
    assert meta["og:title"] == f"Adopt {HOSTILE}{HEADER}"
    shown = " ".join(record.getroot().text_content().split())
    assert f"Summary {HOSTILE}" in shown and f"Note {HOSTILE}" in shown


def test_conf_values_that_reach_mail_headers_are_checked(tmp_path: Path) -> None:
    conf = CONF + (
        "council_newsletter = True\n"
        "council_newsletter_sender = 'News\\nBcc: victim@example.org'\n"
        "council_feed_authority = 'example.org>\\nBcc: victim@example.org'\n"
    )
    src = write_site(tmp_path / "src", {"0101-example.md": RECORD}, extra={"conf.py": conf})
    out = tmp_path / "out"
    result = sphinx_build(src, out, epoch="1811808000")
    assert result.returncode == 0, result.stderr
    assert (
        "council_newsletter_sender 'News\\\\x0aBcc: victim@example.org' contains U+000A"
    ) in result.stderr
    assert (
        "council_feed_authority 'example.org>\\\\x0aBcc: victim@example.org' is not a host name"
    ) in result.stderr
    assert result.stderr.count("using the default instead [council.config]") == 2
    messages = _emails(out)
    assert messages
    for message in messages:
        assert message["Bcc"] is None
        assert message["From"] == "This Week in Packaging <newsletter@council.example.org>"
        assert message["Message-ID"].endswith("@council.example.org>")


@pytest.mark.parametrize("fmt", ["markdown", "text"])
def test_council_digest_carries_the_text_as_text(
    fmt: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    for name, text in {
        "decisions/0101-example.md": _record(),
        "news/2027-03-02-hostile.yaml": NEWS,
        "news/notes/2027-W09.yaml": NOTE,
        "pathways/hostile.yaml": PATHWAY,
    }.items():
        (tmp_path / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / name).write_text(text, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1811808000")
    argv = ["digest", "2027-W09", "--format", fmt, "--base-url", "https://example.org/"]
    assert main(argv) == 0
    out = capsys.readouterr().out
    if fmt == "markdown":
        # As Discourse would show it: CommonMark rendered to HTML.
        out = _no_live_markup(MarkdownIt("commonmark").render(out), "markdown")
    shown = " ".join(out.split())
    for text in (f"Summary {HOSTILE}", f"What happened: {HOSTILE}", f"source {HOSTILE}"):
        assert " ".join(text.split()) in shown, text
    assert f"Pathway {HOSTILE}" in shown and f"Editor {HOSTILE}" in shown


def test_a_link_cannot_leave_its_markdown_destination() -> None:
    url = "https://example.org/a>)<img/src=x/onerror=alert(1)>\\"
    event = PackagingEvent(
        EventKind.NEWS, dt.date(2026, 4, 14), "n", f"News {HOSTILE}", "It happened.", url=url
    )
    (digest,) = weekly_digests([event], Schedule(IsoWeek(2026, 16)))
    markdown = digest_markdown(
        digest, "https://example.org/issue", lambda link: link.url, IssueAddresses()
    )
    root = lxml.html.fragment_fromstring(MarkdownIt("commonmark").render(markdown), "div")
    _no_live_markup(lxml.html.tostring(root, encoding="unicode"), "markdown")
    (link,) = [a for a in root.iter("a") if a.text_content().startswith("News")]
    assert unquote(link.get("href")) == url
    assert link.text_content() == f"News {HOSTILE}"
