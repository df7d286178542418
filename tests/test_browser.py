"""The decisions index filter, in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browsing import (
    PHONE,
    accessibility_violations,
    build_themed_site,
    horizontal_overflow,
    playwright_api,
    save_screenshot,
    visible_ids,
)
from feedserver import serve


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_themed_site("test-site", tmp_path_factory.mktemp("browser"))) as url:
        yield url


def test_filter_narrows_the_index_and_keeps_state_in_the_url(
    browser: object, site_url: str
) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "decisions-index.html")
    assert visible_ids(page) == ["PC-0103", "PC-0101", "PC-0104", "PC-0102"]
    assert page.get_by_text("Showing 4 of 4 decisions.").is_visible()

    page.get_by_label("Status").select_option("superseded")
    assert visible_ids(page) == ["PC-0102"]
    assert page.locator("#status-accepted").count() == 1  # hidden, not missing
    assert page.locator("#status-accepted").is_hidden()
    assert "status=superseded" in page.url

    page.get_by_label("Status").select_option("")
    page.get_by_label("PEP").select_option("517")
    assert visible_ids(page) == ["PC-0103", "PC-0101", "PC-0104"]
    page.get_by_label("Year").select_option("2027")
    page.get_by_label("Area").select_option("pypi")
    assert visible_ids(page) == []
    assert page.get_by_text("Showing 0 of 4 decisions.").is_visible()

    page.get_by_role("button", name="Show all").click()
    playwright_api.expect(page.get_by_text("Showing 4 of 4 decisions.")).to_be_visible()
    assert len(visible_ids(page)) == 4

    page.goto(site_url + "decisions-index.html?status=rejected")
    assert page.get_by_label("Status").input_value() == "rejected"
    assert visible_ids(page) == ["PC-0104"]
    assert errors == []


def test_filter_is_usable_from_the_keyboard(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "decisions-index.html")
    page.get_by_label("Status").focus()
    page.keyboard.press("ArrowDown")  # first status after "Any status"
    first = page.get_by_label("Status").input_value()
    assert first == "accepted"
    assert visible_ids(page) == ["PC-0103", "PC-0101"]
    page.set_viewport_size({"width": 390, "height": 844})
    save_screenshot(page, "decisions-index-phone.png")


def test_without_javascript_every_decision_is_listed(browser: object, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(site_url + "decisions-index.html")
    assert len(visible_ids(page)) == 4
    assert page.locator("form.council-filter").count() == 0
    context.close()


PAGES = [
    "index.html",
    "decisions-index.html",
    "decisions/0102-old-rule.html",
    "decisions/0101-example.html",
    "decisions/area/tools.html",
    "peps/pep-0517.html",
    "peps/pep-0582.html",
]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pages_have_no_accessibility_violations(
    browser: object, site_url: str, scheme: str
) -> None:
    found = accessibility_violations(browser, site_url, PAGES, scheme)
    assert found == {path: [] for path in PAGES}


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_phone_screen(browser: object, site_url: str, path: str) -> None:
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    page.goto(site_url + path)
    assert horizontal_overflow(page) <= 0
    if path == "decisions/0102-old-rule.html":
        save_screenshot(page, "decision-page-phone.png")
    page.close()
