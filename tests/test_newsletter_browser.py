"""The newsletter's pages in Debian's Chromium with the site's theme: accessible (axe, light and
dark) and readable on a 360 px phone."""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from conftest import ROOTS, sphinx_build
from feedserver import serve
from test_browser import ARTIFACTS, axe_api, browser  # noqa: F401 (browser is a fixture)

PAGES = ["index.html", "this-week.html", "this-week/2026-W42.html", "feeds.html"]


@pytest.fixture(scope="module")
def site_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    work = tmp_path_factory.mktemp("newsletter-browser")
    src = Path(shutil.copytree(ROOTS / "test-newsletter", work / "src"))
    result = sphinx_build(
        src, work / "out", "-W", "-D", "html_theme=pydata_sphinx_theme", "-D", "html_title=Council"
    )
    assert result.returncode == 0, result.stderr
    with serve(work / "out") as url:
        yield url


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_newsletter_pages_have_no_accessibility_violations(
    browser: object,  # noqa: F811
    site_url: str,
    scheme: str,
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
def test_newsletter_pages_fit_a_phone_screen(
    browser: object,  # noqa: F811
    site_url: str,
    path: str,
) -> None:
    page = browser.new_page(viewport={"width": 360, "height": 740})  # type: ignore[attr-defined]
    page.goto(site_url + path)
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    if path == "this-week/2026-W42.html":
        ARTIFACTS.mkdir(exist_ok=True)
        page.screenshot(path=str(ARTIFACTS / "digest-page-phone.png"), full_page=True)
    page.close()
