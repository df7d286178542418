"""The member's guide in a real browser: accessible in both schemes, fits a phone screen."""

from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOTS, sphinx_build
from test_guide import GUIDE

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
ARTIFACTS = Path(__file__).parent.parent / "test-artifacts"

playwright_api = pytest.importorskip("playwright.sync_api")
axe_api = pytest.importorskip("axe_playwright_python.sync_playwright")
if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("CI must install Debian's chromium for the browser tests", pytrace=False)
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


@pytest.fixture(scope="module")
def guide_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    work = tmp_path_factory.mktemp("guide-browser")
    src = Path(shutil.copytree(ROOTS / "test-site", work / "src"))
    (src / "guide.md").write_text(GUIDE, "utf-8")
    result = sphinx_build(
        src, work / "out", "-W", "-D", "html_theme=pydata_sphinx_theme", "-D", "html_title=Council"
    )
    assert result.returncode == 0, result.stderr
    return (work / "out" / "guide.html").as_uri()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_guide_has_no_accessibility_violations(
    browser: object, guide_url: str, scheme: str
) -> None:
    page = browser.new_page(color_scheme=scheme)  # type: ignore[attr-defined]
    page.goto(guide_url)
    violations = axe_api.Axe().run(page).response["violations"]
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations] == []
    page.close()


def test_guide_fits_a_phone_and_links_move_between_statuses(
    browser: object, guide_url: str
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    page.goto(guide_url)
    assert page.evaluate("document.documentElement.scrollWidth - window.innerWidth") <= 0
    page.locator("#lifecycle-draft").get_by_role("link", name="Withdrawn").click()
    assert page.url.endswith("#lifecycle-withdrawn")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "guide-phone.png"), full_page=True)
    page.close()
