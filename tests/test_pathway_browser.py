"""Pathways in a real browser (Debian's Chromium driven by Playwright): cards, step navigation,
progress ticks kept in localStorage, the page without JavaScript, accessibility, phone width."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from browsing import (
    ARTIFACTS,
    PHONE,
    accessibility_violations,
    build_themed_site,
    horizontal_overflow,
    playwright_api,
    save_screenshot,
    visible_ids,
)
from feedserver import serve

PATHWAY = "pathways/first-steps.html"
PAGES = ["find-your-path.html", PATHWAY, "pathways/publishing.html", "tools.html"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("pathways-browser")
    with serve(build_themed_site("test-pathways", work)) as url:
        yield url


def test_landing_page_shows_persona_cards(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    errors: list[str] = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(site_url + "find-your-path.html")
    cards = page.locator(".council-persona-cards .sd-card")
    assert cards.count() == 2
    assert cards.nth(0).get_by_text("For newcomers").is_visible()
    # the whole card is a link to its pathway: a click on its summary text opens it
    box = cards.nth(1).get_by_text("Build and upload a package.").bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    page.wait_for_url("**/pathways/publishing.html")
    assert page.url.endswith("pathways/publishing.html")
    assert page.get_by_role("heading", name="Publish a package", level=1).is_visible()
    page.goto(site_url + "find-your-path.html")
    save_screenshot(page, "pathways-landing.png")
    assert errors == []


def test_previous_and_next_walk_every_step(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + PATHWAY)
    page.get_by_role("link", name="Install a tool").first.click()
    visited = [page.url.rpartition("#")[2]]
    while True:
        step = page.locator(f"section#{visited[-1]}")
        following = step.locator(".council-step-next")
        following.click()
        visited.append(page.url.rpartition("#")[2])
        if not visited[-1].startswith("step-"):
            break
    assert visited == ["step-install", "step-add", "step-run", "decisions-for-you"]
    assert page.locator("#decisions-for-you").is_visible()
    page.goto(site_url + PATHWAY + "#step-run")
    page.locator("section#step-run .council-step-prev").click()
    assert page.url.endswith("#step-add")
    assert page.locator("section#step-add").get_by_text("Step 2 of 3").is_visible()


def test_progress_ticks_survive_a_reload(browser: object, site_url: str) -> None:
    context = browser.new_context()  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(site_url + PATHWAY)
    assert page.get_by_text("0 of 3 done.").is_visible()
    tick = page.get_by_label("Done: Add a package")
    tick.check()
    assert page.get_by_text("1 of 3 done.").is_visible()
    overview = page.locator(".council-step-overview li")
    assert overview.all_inner_texts() == [
        "Install a tool (10 min)",
        "Add a package (15 min) ✓ done",
        "Run your code (5 min)",
    ]
    page.reload()
    assert page.get_by_label("Done: Add a package").is_checked()
    assert not page.get_by_label("Done: Install a tool").is_checked()
    assert page.get_by_text("1 of 3 done.").is_visible()
    # ticks are per pathway, and only in this browser
    page.goto(site_url + "pathways/publishing.html")
    assert page.get_by_text("0 of 2 done.").is_visible()
    page.goto(site_url + "find-your-path.html")
    progress = page.locator(".council-card-progress")
    assert progress.all_inner_texts() == ["You have done 1 of 3 steps."]
    page.goto(site_url + PATHWAY)
    page.get_by_role("button", name="Clear my progress").click()
    page.reload()
    assert not page.get_by_label("Done: Add a package").is_checked()
    page.get_by_label("Done: Install a tool").check()
    save_screenshot(page, "pathway-first-steps.png")
    context.close()


def test_printing_gives_a_checklist(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + PATHWAY)
    page.get_by_label("Done: Install a tool").check()
    # What printing hides must be there to hide.
    assert page.locator(".council-step-nav").first.is_visible()
    assert page.get_by_role("button", name="Copy command").first.is_visible()
    assert page.locator(".bd-header").first.is_visible()
    page.emulate_media(media="print")
    assert page.locator(".council-step-nav").first.is_hidden()
    assert page.get_by_role("button", name="Copy command").first.is_hidden()
    assert page.locator(".bd-header").first.is_hidden()
    assert page.get_by_label("Done: Install a tool").is_visible()
    assert page.get_by_label("Done: Install a tool").is_checked()
    ARTIFACTS.mkdir(exist_ok=True)
    page.pdf(path=str(ARTIFACTS / "pathway-checklist.pdf"))


def test_checkpoint_commands_can_be_copied(browser: object, site_url: str) -> None:
    context = browser.new_context(  # type: ignore[attr-defined]
        permissions=["clipboard-read", "clipboard-write"]
    )
    page = context.new_page()
    page.goto(site_url + PATHWAY)
    page.locator("section#step-install").get_by_role("button", name="Copy command").click()
    playwright_api.expect(page.locator("section#step-install")).to_contain_text("Copied.")
    assert page.evaluate("navigator.clipboard.readText()") == "uv --version"
    context.close()


def test_without_javascript_the_pathway_is_complete(browser: object, site_url: str) -> None:
    context = browser.new_context(java_script_enabled=False)  # type: ignore[attr-defined]
    page = context.new_page()
    page.goto(site_url + PATHWAY)
    assert page.locator("section.council-step").count() == 3
    tick = page.get_by_label("Done: Run your code")
    tick.check()
    assert tick.is_checked()
    assert page.get_by_text("uv run main.py").is_visible()
    assert page.get_by_role("button").filter(has_text="Copy command").count() == 0
    context.close()


def test_decisions_index_filter_still_narrows_its_table(browser: object, site_url: str) -> None:
    page = browser.new_page()  # type: ignore[attr-defined]
    page.goto(site_url + "decisions-index.html")
    assert len(visible_ids(page)) == 4
    page.get_by_label("Status").select_option("rejected")
    assert visible_ids(page) == ["PC-0104"]


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pathway_pages_have_no_accessibility_violations(
    browser: object, site_url: str, scheme: str
) -> None:
    found = accessibility_violations(browser, site_url, PAGES, scheme)
    assert found == {path: [] for path in PAGES}


@pytest.mark.parametrize("path", PAGES)
def test_pathway_pages_fit_a_phone_screen(browser: object, site_url: str, path: str) -> None:
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    page.goto(site_url + path)
    assert horizontal_overflow(page) <= 0
    if path == PATHWAY:
        save_screenshot(page, "pathway-phone.png")
    page.close()
