"""The bundled site's first visit in Chromium on a phone (390 px): no console error, no web
font or icon script fetched, and the header's search button named."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import playwright_api
from conftest import sphinx_build
from feedserver import serve

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from firstvisit import PAGES, PHONE


@pytest.fixture(scope="module")
def site_url(bundled_site: Path) -> Iterator[str]:
    with serve(bundled_site) as url:
        yield url


@pytest.mark.parametrize("kind", sorted(PAGES))
@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_first_visit_logs_no_error_and_fetches_no_font(
    browser: Any, site_url: str, kind: str, scheme: str
) -> None:
    context = browser.new_context(viewport=PHONE, is_mobile=True, color_scheme=scheme)
    page = context.new_page()
    errors: list[str] = []
    fetched: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: fetched.append(r.url))
    page.goto(site_url + PAGES[kind])
    page.wait_for_load_state("networkidle")
    context.close()
    assert errors == []
    assert [url for url in fetched if url.endswith(".woff2") or "fontawesome" in url] == []


def test_the_phone_headers_search_button_is_named(browser: Any, site_url: str) -> None:
    page = browser.new_page(viewport=PHONE)
    page.goto(site_url + PAGES["pathway"])
    button = page.locator(".navbar-persistent--mobile button.search-button-field")
    playwright_api.expect(button).to_be_visible()
    playwright_api.expect(button).to_have_accessible_name("Search")
    page.set_viewport_size({"width": 1280, "height": 800})
    wide = page.locator(".navbar-persistent--container button.search-button-field")
    playwright_api.expect(wide).to_have_accessible_name("Search Ctrl + K")
    page.close()


def test_the_live_preview_with_sphinxs_own_search_logs_no_error(
    browser: Any, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # The preview (nox -s serve) builds without Pagefind: the theme then loads Sphinx's search
    # with scripts in the head that need Sphinx's own scripts at once, not deferred.
    out = tmp_path_factory.mktemp("preview") / "html"
    docs = Path(__file__).parent.parent / "docs"
    done = sphinx_build(docs, out, "-D", "council_search=0", "-d", str(out.parent / "doctrees"))
    assert done.returncode == 0, done.stderr
    with serve(out) as url:
        page = browser.new_page(viewport=PHONE)
        errors: list[str] = []
        page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
        page.on("pageerror", lambda e: errors.append(str(e)))
        for path in ("index.html", "search.html?q=lock"):
            page.goto(url + path)
            page.wait_for_load_state("networkidle")
        playwright_api.expect(page.locator("#search-results")).to_contain_text("Accept PEP 751")
        page.close()
    assert errors == []
