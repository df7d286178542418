"""The home page's first screen, in a real browser, on a phone (390 px) and a laptop (1280 px):
what the site is and the one primary action are visible without scrolling."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from browsing import accessibility_violations, horizontal_overflow, save_screenshot
from feedserver import serve

SCREENS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def site_url(bundled_site: Path) -> Iterator[str]:
    with serve(bundled_site) as url:
        yield url


def in_first_screen(page: object, selector: str) -> bool:
    """Whether the element is wholly inside the window before any scrolling."""
    box = page.locator(selector).bounding_box()  # type: ignore[attr-defined]
    height = page.viewport_size["height"]  # type: ignore[attr-defined]
    return box is not None and box["y"] >= 0 and box["y"] + box["height"] <= height


@pytest.mark.parametrize("screen", sorted(SCREENS))
def test_the_first_screen_says_what_this_is_and_where_to_start(
    browser: object, site_url: str, screen: str
) -> None:
    page = browser.new_page(viewport=SCREENS[screen])  # type: ignore[attr-defined]
    page.goto(site_url + "index.html")
    start = page.get_by_role("link", name="New to Python packaging? Start here")
    assert start.count() == 1
    assert in_first_screen(page, "h1")
    assert in_first_screen(page, ".council-home-lead")
    assert in_first_screen(page, "a.council-start")
    assert horizontal_overflow(page) <= 0
    save_screenshot(page, f"home-{screen}.png")
    start.click()
    assert page.url.endswith("pathways/start-here.html")
    page.close()


def test_the_cards_say_where_they_lead(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "index.html")
    footers = page.locator(".council-home-cards .sd-card-footer").all_inner_texts()
    assert [f.strip() for f in footers] == [
        "See every pathway",
        "Pick a feed",
        "Browse the decisions",
        "Browse the PEPs",
    ]
    assert page.get_by_role("link", name="Subscribe to This Week in Packaging").count() == 1
    # The whole card is the link: a click on its words lands on the card's link.
    box = page.get_by_text("Pick a feed").bounding_box()
    page.mouse.click(box["x"] + 5, box["y"] + box["height"] / 2)
    page.wait_for_url("**/feeds.html")
    assert page.url.endswith("feeds.html")
    page.close()


def test_the_home_page_states_the_councils_state(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "index.html")
    text = page.locator("#who-decides").inner_text()
    assert "Its roster lists no members on" in text
    assert "elected body that decides" not in page.content()
    page.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_hand_written_pages_have_no_accessibility_violations(
    browser: object, site_url: str, scheme: str
) -> None:
    paths = ["index.html", "about.html", "maintainers.html", "tools.html", "404.html"]
    found = accessibility_violations(browser, site_url, paths, scheme)
    assert found == {path: [] for path in paths}
