"""What one search costs a reader: the bytes a browser downloads from the Pagefind bundle for a
query, measured in Debian's Chromium against the council build served on 127.0.0.1."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any
from urllib.parse import quote_plus

# The test suite's loopback server, the one way this project serves a built site.
sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))
from feedserver import serve

CHROMIUM = Path("/usr/bin/chromium")
# A record id, words, and a PEP number: the shapes of query the site is built for.
QUERIES = ("PC-0011", "lock file", "PEP 517")


def _query_bytes(browser: Any, url: str) -> int:
    """Bytes of every Pagefind file one fresh page loads for one query (no cache shared)."""
    context = browser.new_context()
    page = context.new_page()
    sizes: list[int] = []

    def note(response: Any) -> None:
        if "/pagefind/" in response.url and response.ok:
            sizes.append(len(response.body()))

    page.on("response", note)
    page.goto(url)
    page.wait_for_function(
        "/result|No page/.test(document.getElementById('council-search-status').textContent)",
        timeout=60000,
    )
    page.wait_for_load_state("networkidle")
    context.close()
    return sum(sizes)


def search_bytes(site: Path) -> dict[str, Any]:
    """Bytes per query for each of :data:`QUERIES`, or why they could not be measured."""
    if not (site / "pagefind" / "pagefind-entry.json").is_file():
        return {"measured": False, "reason": "the site has no Pagefind index"}
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        return {"measured": False, "reason": "Playwright is not installed"}
    if not CHROMIUM.exists():
        return {"measured": False, "reason": f"no Chromium at {CHROMIUM}"}
    per_query: dict[str, int] = {}
    with serve(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless", "--no-sandbox"]
        )
        for query in QUERIES:
            per_query[query] = _query_bytes(browser, f"{base}search.html?q={quote_plus(query)}")
        browser.close()
    return {
        "measured": True,
        "per_query": per_query,
        "mean_bytes": sum(per_query.values()) / len(per_query),
    }
