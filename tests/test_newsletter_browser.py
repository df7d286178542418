"""The newsletter's pages in Debian's Chromium with the site's theme: accessible (axe, light and
dark) and readable on a 360 px phone."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browsing import (
    PHONE,
    accessibility_violations,
    build_themed_site,
    horizontal_overflow,
    save_screenshot,
)
from feedserver import serve

PAGES = ["index.html", "this-week.html", "this-week/2026-W42.html", "feeds.html"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("newsletter-browser")
    with serve(build_themed_site("test-newsletter", work)) as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_newsletter_pages_have_no_accessibility_violations(
    browser: object, site_url: str, scheme: str
) -> None:
    found = accessibility_violations(browser, site_url, PAGES, scheme)
    assert found == {path: [] for path in PAGES}


@pytest.mark.parametrize("path", PAGES)
def test_newsletter_pages_fit_a_phone_screen(browser: object, site_url: str, path: str) -> None:
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    page.goto(site_url + path)
    assert horizontal_overflow(page) <= 0
    if path == "this-week/2026-W42.html":
        save_screenshot(page, "digest-page-phone.png")
    page.close()
