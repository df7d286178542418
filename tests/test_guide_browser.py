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


def _luminance(colour: str) -> float:
    """Relative luminance (WCAG 2) of a computed ``rgb(r, g, b)`` colour."""
    channels = [int(part) / 255 for part in colour[colour.index("(") + 1 : -1].split(",")[:3]]
    linear = [c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def _contrast(one: str, other: str) -> float:
    high, low = sorted((_luminance(one), _luminance(other)), reverse=True)
    return (high + 0.05) / (low + 0.05)


PICTURE_COLOURS = """() => {
  const svg = document.querySelector("svg.council-lifecycle-svg");
  const style = (el) => getComputedStyle(el);
  return {
    page: style(document.body).backgroundColor,
    arrows: [...svg.querySelectorAll(".council-lifecycle-line")].map((el) => style(el).stroke),
    heads: [...svg.querySelectorAll(".council-lifecycle-head")].map((el) => style(el).fill),
    boxes: [...svg.querySelectorAll(".council-lifecycle-node")].map((el) => [
      style(el.querySelector("text")).fill, style(el.querySelector("rect")).fill]),
  };
}"""


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_lifecycle_picture_keeps_its_contrast_in_both_schemes(
    browser: object, guide_url: str, scheme: str
) -> None:
    # axe does not check text drawn in SVG, so the picture's colours are measured here.
    page = browser.new_page(color_scheme=scheme)  # type: ignore[attr-defined]
    page.goto(guide_url)
    assert page.evaluate("document.documentElement.dataset.theme") == scheme
    picture = page.get_by_role("img", name="The decision lifecycle as a diagram")
    assert picture.is_visible()
    colours = page.evaluate(PICTURE_COLOURS)
    assert len(colours["boxes"]) == 8
    for text, fill in colours["boxes"]:
        assert _contrast(text, fill) >= 4.5, (text, fill)
    for line in colours["arrows"] + colours["heads"]:
        assert _contrast(line, colours["page"]) >= 3, (line, colours["page"])
    ARTIFACTS.mkdir(exist_ok=True)
    picture.screenshot(path=str(ARTIFACTS / f"guide-lifecycle-{scheme}.png"))
    page.close()


def test_lifecycle_picture_scales_to_a_phone(browser: object, guide_url: str) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    page.goto(guide_url)
    box = page.locator("svg.council-lifecycle-svg").bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    # Scaled down, a status label keeps a line box of 13 CSS pixels (text of about 11).
    label = page.locator(".council-lifecycle-node-draft text").bounding_box()
    assert label is not None and label["height"] >= 13
    page.close()
