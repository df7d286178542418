"""The member's guide in a real browser: accessible in both schemes, fits a phone screen."""

from __future__ import annotations

from pathlib import Path

import pytest

from browsing import (
    ARTIFACTS,
    PHONE,
    axe_api,
    build_themed_site,
    horizontal_overflow,
    save_screenshot,
)
from test_guide import GUIDE


@pytest.fixture(scope="module")
def guide_url(tmp_path_factory: pytest.TempPathFactory) -> str:
    def add_the_guide(src: Path) -> None:
        (src / "guide.md").write_text(GUIDE, "utf-8")

    out = build_themed_site("test-site", tmp_path_factory.mktemp("guide-browser"), add_the_guide)
    return (out / "guide.html").as_uri()


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
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    page.goto(guide_url)
    assert horizontal_overflow(page) <= 0
    page.locator("#lifecycle-draft").get_by_role("link", name="Withdrawn").click()
    assert page.url.endswith("#lifecycle-withdrawn")
    save_screenshot(page, "guide-phone.png")
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
    assert len(colours["arrows"]) >= 8 and colours["heads"]  # every arrow is measured
    for line in colours["arrows"] + colours["heads"]:
        assert _contrast(line, colours["page"]) >= 3, (line, colours["page"])
    ARTIFACTS.mkdir(exist_ok=True)
    picture.screenshot(path=str(ARTIFACTS / f"guide-lifecycle-{scheme}.png"))
    page.close()


def test_lifecycle_picture_scales_to_a_phone(browser: object, guide_url: str) -> None:
    page = browser.new_page(viewport=PHONE)  # type: ignore[attr-defined]
    page.goto(guide_url)
    box = page.locator("svg.council-lifecycle-svg").bounding_box()
    assert box is not None
    assert box["x"] >= 0 and box["x"] + box["width"] <= 360
    # Scaled down, a status label keeps a line box of 13 CSS pixels (text of about 11).
    label = page.locator(".council-lifecycle-node-draft text").bounding_box()
    assert label is not None and label["height"] >= 13
    page.close()
