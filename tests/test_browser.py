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
    page.get_by_label("Id, title or PEP").fill("PEP 517")
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


def group_titles(page: object) -> list[str]:
    """The status groups' headings the reader sees now."""
    titles = page.locator(".council-status-group:visible h2")  # type: ignore[attr-defined]
    return [text.strip().rstrip("#").strip() for text in titles.all_inner_texts()]


def test_group_counts_follow_the_filter(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "decisions-index.html")
    assert group_titles(page) == ["Accepted (2)", "Rejected (1)", "Superseded (1)"]
    page.get_by_label("Year").select_option("2027")
    page.get_by_label("Id, title or PEP").fill("new")
    assert visible_ids(page) == ["PC-0103"]
    assert group_titles(page) == ["Accepted (1)"]


def test_filter_labels_are_the_pages_words(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "decisions-index.html")
    areas = page.get_by_label("Area").locator("option").all_inner_texts()
    assert "PyPI" in areas
    assert "pypi" not in areas
    statuses = page.get_by_label("Status").locator("option").all_inner_texts()
    assert statuses == ["Any status", "Accepted", "Rejected", "Superseded"]


def test_text_box_matches_id_title_and_pep(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "decisions-index.html")
    box = page.get_by_label("Id, title or PEP")
    box.fill("pc-0102")
    assert visible_ids(page) == ["PC-0102"]
    box.fill("old rule")
    assert visible_ids(page) == ["PC-0102"]
    box.fill("518")
    assert visible_ids(page) == ["PC-0103", "PC-0102"]
    assert "q=518" in page.url
    page.goto(site_url + "decisions-index.html?pep=582")
    assert box.input_value() == "PEP 582"
    assert visible_ids(page) == ["PC-0104"]


def test_empty_result_says_what_to_change(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "decisions-index.html")
    empty = page.locator(".council-filter-empty")
    assert empty.is_hidden()
    page.get_by_label("Area").select_option("pypi")
    page.get_by_label("Id, title or PEP").fill("nothing like this")
    assert visible_ids(page) == []
    assert empty.inner_text() == (
        "No decision matches area “PyPI”, the text “nothing like this”. Choose “Any” in a "
        "list, shorten the text, or press “Show all”."
    )


def test_unknown_values_in_the_address_are_named(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "decisions-index.html?status=rejectd&year=1999&area=tools")
    assert page.locator(".council-filter-unknown").inner_text() == (
        "The address asks for status “rejectd” and year “1999”, which no decision has; "
        "that part of the filter is left out."
    )
    assert page.get_by_label("Area").input_value() == "tools"
    assert visible_ids(page) == ["PC-0102"]


def test_badges_have_a_legend(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "decisions-index.html")
    legend = page.locator(".council-badge-legend")
    assert "is the decision's status" in legend.inner_text()
    assert "that PEP's own status in the PEP index" in legend.inner_text()


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
    notice = page.locator(".council-filter-nojs")
    assert notice.inner_text().startswith("Filtering needs JavaScript, which is off")
    assert page.get_by_role("link", name="PyPI").get_attribute("href") == "decisions/area/pypi.html"
    page.goto(site_url + "decisions-index.html?status=rejected")
    assert len(visible_ids(page)) == 4
    assert "even if the address asks for a filter" in notice.inner_text()
    context.close()


def test_with_javascript_the_notice_is_gone(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "decisions-index.html")
    assert page.locator("form.council-filter").count() == 1
    assert page.locator(".council-filter-nojs").count() == 0


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
