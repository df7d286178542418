"""A real feed reader from Debian, newsboat, subscribed to the built feeds over HTTP on
127.0.0.1: it must see exactly the expected items, and a rebuild after one new event must give
it exactly one new item per feed the event is in, without changing any item it already has."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
import time
from pathlib import Path

import pytest

from conftest import ROOTS
from feedserver import serve
from test_feeds import DECISION_EVENTS, ISSUES, build

NEWSBOAT = shutil.which("newsboat")
if NEWSBOAT is None:
    if os.environ.get("CI"):
        pytest.fail("CI must install Debian's newsboat for the feed reader test", pytrace=False)
    pytest.skip("Debian's newsboat is not installed", allow_module_level=True)

FEEDS = ("feeds/newsletter.xml", "feeds/decisions.atom", "feeds/area/community.xml")


def reload(home: Path, base: str) -> dict[str, set[tuple[str, str]]]:
    """Let newsboat fetch every feed once; its cache's (guid, title) pairs by feed path."""
    (home / "urls").write_text("".join(f"{base}{feed}\n" for feed in FEEDS))
    (home / "config").write_text("")
    result = subprocess.run(
        [
            str(NEWSBOAT),
            "-x",
            "reload",
            "-u",
            str(home / "urls"),
            "-c",
            str(home / "cache.db"),
            "-C",
            str(home / "config"),
        ],
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
        env={"HOME": str(home), "PATH": "/usr/bin:/bin", "LANG": "C.UTF-8"},
    )
    assert result.returncode == 0, result.stderr
    with sqlite3.connect(home / "cache.db") as cache:
        rows = cache.execute("SELECT feedurl, guid, title FROM rss_item").fetchall()
    items: dict[str, set[tuple[str, str]]] = {feed: set() for feed in FEEDS}
    for url, guid, title in rows:
        items[url.removeprefix(base)].add((guid, title))
    return items


def test_newsboat_sees_each_item_once_and_one_new_item_after_an_event(tmp_path: Path) -> None:
    src = Path(shutil.copytree(ROOTS / "test-newsletter", tmp_path / "src"))
    out = build(src, tmp_path / "out")
    home = tmp_path / "home"
    home.mkdir()
    with serve(out) as base:
        first = reload(home, base)
        assert {feed: len(items) for feed, items in first.items()} == {
            "feeds/newsletter.xml": len(ISSUES),
            "feeds/decisions.atom": DECISION_EVENTS,
            "feeds/area/community.xml": 1,
        }
        # The same build fetched again: nothing new, nothing twice.
        assert reload(home, base) == first
        (src / "news" / "2026-12-16-late-news.yaml").write_text(
            "title: Late news\ndate: 2026-12-16\nsummary: One more event.\nareas: [community]\n"
        )
        # Readers send If-Modified-Since, which HTTP dates to the second: a feed rewritten in the
        # same second as the copy already fetched would rightly be answered "not modified".
        written = (out / "feeds" / "newsletter.xml").stat().st_mtime
        time.sleep(max(0.0, int(written) + 1 - time.time()))
        build(src, out)
        second = reload(home, base)
    for feed in ("feeds/newsletter.xml", "feeds/area/community.xml"):
        assert first[feed] < second[feed]
        assert len(second[feed] - first[feed]) == 1
    assert second["feeds/decisions.atom"] == first["feeds/decisions.atom"]
