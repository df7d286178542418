"""The first-visit benchmark reads a page's head, the server compresses as GitHub Pages does, and
the table judges each page kind by issue 26's targets."""

from __future__ import annotations

import gzip
import sys
import urllib.request
from pathlib import Path

ROOT = Path(__file__).parent.parent
sys.path.insert(0, str(ROOT / "bench"))
from firstvisit import (  # noqa: E402
    media_applies,
    median_scores,
    render_blocking,
    summarize,
    table,
    verdicts,
)
from gzipserver import serve_compressed  # noqa: E402

HEAD = """<!DOCTYPE html><html><head>
<link rel="stylesheet" href="site.css">
<link rel="stylesheet" href="print.css" media="print">
<link rel="stylesheet" href="wide.css" media="(min-width: 960px)">
<link rel="stylesheet" href="narrow.css" media="screen and (max-width: 720px)">
<link rel="preload" as="script" href="later.js">
<link rel="icon" href="favicon.svg">
<script src="blocks.js"></script>
<script defer src="deferred.js"></script>
<script async src="async.js"></script>
<script type="module" src="module.js"></script>
<script>var inline = 1;</script>
</head><body>
<link rel="stylesheet" href="in-body.css"><script src="in-body.js"></script>
</body></html>"""


def test_render_blocking_is_what_the_head_makes_the_browser_wait_for() -> None:
    assert render_blocking(HEAD) == [
        "style sheet site.css",
        "style sheet narrow.css",
        "script blocks.js",
    ]


def test_media_queries_are_judged_at_a_phones_width() -> None:
    assert media_applies("")
    assert media_applies("all")
    assert not media_applies("print")
    assert not media_applies("(min-width: 960px)")
    assert media_applies("(min-width: 320px)")
    assert not media_applies("screen and (max-width: 300px)")


def visit_figures(size: int, requests: int, blocking: list[str], errors: list[str]) -> dict:
    resources = {f"http://x/{n}": size // requests for n in range(requests)}
    return summarize(resources, blocking, errors)


def test_the_figures_of_a_visit_add_up_its_resources() -> None:
    figures = summarize(
        {"http://x/a.css": 1000, "http://x/page.html": 3000},
        ["style sheet a.css", "script b.js"],
        [],
    )
    assert figures["bytes"] == 4000
    assert figures["requests"] == 2
    assert list(figures["resources"]) == ["http://x/page.html", "http://x/a.css"]
    assert (figures["blocking_stylesheets"], figures["blocking_other"]) == (1, 1)


def test_each_target_passes_at_its_limit_and_fails_past_it() -> None:
    at_limit = visit_figures(200_000, 15, ["style sheet one.css"], [])
    at_limit["lighthouse"] = {
        "median": {"performance": 95, "accessibility": 100, "best-practices": 100}
    }
    assert set(verdicts(at_limit).values()) == {True}
    over = visit_figures(200_016, 16, ["style sheet a.css", "style sheet b.css"], ["boom"])
    over["lighthouse"] = {"median": {"performance": 94, "accessibility": 99}}
    judged = verdicts(over)
    assert judged == {
        "bytes": False,
        "requests": False,
        "blocking": False,
        "console": False,
        "performance": False,
        "accessibility": False,
        "best-practices": None,  # not scored: N/A, not a pass
    }
    # One blocking script fails even with a single style sheet.
    assert not verdicts(visit_figures(1000, 1, ["script a.js"], []))["blocking"]


def test_the_median_of_three_lighthouse_runs_is_taken_per_category() -> None:
    runs = [
        {"performance": 90, "accessibility": 100},
        {"performance": 99, "accessibility": 94},
        {"performance": 96, "accessibility": 100},
    ]
    assert median_scores(runs) == {"accessibility": 100, "performance": 96}


def test_the_table_has_a_row_per_page_kind_with_pass_and_fail() -> None:
    good = visit_figures(126_200, 9, ["style sheet site.css"], [])
    good["lighthouse"] = {
        "median": {"performance": 99, "accessibility": 100, "best-practices": 100}
    }
    bad = visit_figures(378_400, 20, ["style sheet a.css", "script b.js"], ["Got invalid"])
    lines = table({"home": good, "weekly issue": bad}).splitlines()
    home = next(line for line in lines if line.startswith("home "))
    issue = next(line for line in lines if line.startswith("weekly issue"))
    assert home.split() == [
        *("home", "126.2", "PASS", "9", "PASS", "1/0", "PASS"),
        *("99", "PASS", "100", "PASS", "100", "PASS", "PASS"),
    ]
    assert issue.split()[2:] == [
        *("378.4", "FAIL", "20", "FAIL", "1/1", "FAIL"),
        *("-", "N/A", "-", "N/A", "-", "N/A", "FAIL"),
    ]


def test_text_is_served_gzipped_and_fonts_as_they_are(tmp_path: Path) -> None:
    (tmp_path / "site.css").write_text("body { color: black; }\n" * 50, "utf-8")
    (tmp_path / "font.woff2").write_bytes(b"wOF2" + bytes(100))
    with serve_compressed(tmp_path) as base:

        def fetch(name: str) -> tuple[str | None, bytes]:
            request = urllib.request.Request(base + name, headers={"Accept-Encoding": "gzip"})
            with urllib.request.urlopen(request) as response:
                return response.headers.get("Content-Encoding"), response.read()

        encoding, body = fetch("site.css")
        assert encoding == "gzip"
        assert gzip.decompress(body) == (tmp_path / "site.css").read_bytes()
        assert len(body) < 100
        assert fetch("font.woff2") == (None, b"wOF2" + bytes(100))
