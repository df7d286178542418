"""A decision page in a real browser: its summary is read without scrolling, on a phone and on a
desktop screen, with the site's theme."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browsing import build_themed_site, save_screenshot
from feedserver import serve


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    with serve(build_themed_site("test-site", tmp_path_factory.mktemp("decision-pages"))) as url:
        yield url


@pytest.mark.parametrize(
    ("width", "height"), [(390, 844), (1280, 800)], ids=["phone-390", "desktop-1280"]
)
@pytest.mark.parametrize("record", ["0101-example", "0104-rejected"])
def test_the_summary_is_on_the_first_screen(
    browser: object, site_url: str, width: int, height: int, record: str
) -> None:
    page = browser.new_page(viewport={"width": width, "height": height})  # type: ignore[attr-defined]
    page.goto(f"{site_url}decisions/{record}.html")
    summary = page.locator(".council-lead-summary")
    assert summary.count() == 1 and summary.is_visible()
    box = summary.bounding_box()
    save_screenshot(page, f"decision-{record}-{width}.png")
    assert box is not None
    assert box["y"] >= 0 and box["y"] + box["height"] <= height, box
    # The summary comes before the metadata panel.
    panel = page.locator(".council-panel").bounding_box()
    assert panel is not None and panel["y"] > box["y"]
    page.close()


def test_the_decisions_tab_and_breadcrumbs_show_where_a_record_is(
    browser: object, site_url: str
) -> None:
    page = browser.new_page(viewport={"width": 1280, "height": 800})  # type: ignore[attr-defined]
    page.goto(f"{site_url}decisions/0101-example.html")
    current = page.locator(".bd-header .navbar-nav li.current.active a")
    assert current.first.get_attribute("href") == "../decisions-index.html"
    crumbs = page.locator(".bd-breadcrumbs .breadcrumb-item a.nav-link")
    assert crumbs.all_inner_texts()[1:] == ["All decisions", "Standards"]
    page.close()
