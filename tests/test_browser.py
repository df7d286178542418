"""The decisions index filter, in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

import functools
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOTS, sphinx_build

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"
# Flags for a sandbox with no network: no background requests, no first-run work.
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

playwright_api = pytest.importorskip("playwright.sync_api")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")
if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("CI must install Debian's chromium for the browser tests", pytrace=False)
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("browser")
    src = Path(shutil.copytree(ROOTS / "test-site", work / "src"))
    # The site's real theme: what readers see is what gets checked.
    result = sphinx_build(
        src, work / "out", "-W", "-D", "html_theme=pydata_sphinx_theme", "-D", "html_title=Council"
    )
    assert result.returncode == 0, result.stderr
    handler = functools.partial(_QuietHandler, directory=str(work / "out"))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}/"
    server.shutdown()
    server.server_close()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def visible_ids(page: object) -> list[str]:
    rows = page.locator("tr.council-row:visible td:first-child")  # type: ignore[attr-defined]
    return [text.strip() for text in rows.all_inner_texts()]


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
    ARTIFACTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 390, "height": 844})
    page.screenshot(path=str(ARTIFACTS / "decisions-index-phone.png"), full_page=True)


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
    axe = axe_api.Axe()
    found = {}
    for path in PAGES:
        page = browser.new_page(color_scheme=scheme)  # type: ignore[attr-defined]
        page.goto(site_url + path)
        violations = axe.run(page).response["violations"]
        found[path] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
        page.close()
    assert found == {path: [] for path in PAGES}


@pytest.mark.parametrize("path", PAGES)
def test_pages_fit_a_phone_screen(browser: object, site_url: str, path: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    page.goto(site_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    if path == "decisions/0102-old-rule.html":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "decision-page-phone.png"), full_page=True)
    page.close()
