"""What every browser test shares: Debian's Chromium driven by Playwright, a test root built
with the site's real theme, and the checks every page gets (axe, a phone's width).

Importing this module skips the importing test module without Playwright, axe or Chromium,
and fails it in CI, which must have them.
"""

from __future__ import annotations

import importlib
import os
import shutil
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import Any

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
PHONE = {"width": 360, "height": 740}
# The current axe-core release from npm (.ci/run installs it here); the copy bundled with
# axe-playwright-python lags behind it, and rules change between releases.
NPM_AXE = Path(__file__).parent.parent / ".nox" / "npm" / "node_modules" / "axe-core" / "axe.min.js"


def _required(module: str) -> Any:
    """``module``, or a skip of the importing test module; in CI, which must have it, a failure."""
    if os.environ.get("CI"):
        try:
            return importlib.import_module(module)
        except ImportError as error:
            pytest.fail(f"CI must install {module.partition('.')[0]}: {error}", pytrace=False)
    return pytest.importorskip(module)


playwright_api = _required("playwright.sync_api")
axe_api = _required("axe_playwright_python.sync_playwright")
if os.environ.get("CI") and not NPM_AXE.exists():
    pytest.fail(f"CI must install axe-core from npm into {NPM_AXE.parent}", pytrace=False)
if not CHROMIUM.exists():
    if os.environ.get("CI"):
        pytest.fail("CI must install Debian's chromium for the browser tests", pytrace=False)
    pytest.skip("Debian's chromium is not installed", allow_module_level=True)


@contextmanager
def chromium() -> Iterator[Any]:
    """Debian's Chromium, launched headless for the tests."""
    with playwright_api.sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


def build_themed_site(root: str, work: Path, prepare: Callable[[Path], None] | None = None) -> Path:
    """A test root built with the site's theme and search (what readers see is checked)."""
    src = Path(shutil.copytree(ROOTS / root, work / "src"))
    if prepare is not None:
        prepare(src)
    result = sphinx_build(
        src,
        work / "out",
        "-W",
        "-D",
        "html_theme=pydata_sphinx_theme",
        "-D",
        "html_title=Council",
        # As the site is built: its search replaces the theme's (and names its button right).
        "-D",
        "council_search=1",
    )
    assert result.returncode == 0, result.stderr
    return work / "out"


def accessibility_violations(
    browser: Any, site_url: str, paths: Sequence[str], scheme: str
) -> dict[str, list[tuple[str, list[Any]]]]:
    """axe's violations on each page in one colour scheme: rule id and the nodes it found."""
    axe = axe_api.Axe(NPM_AXE.read_text("utf-8")) if NPM_AXE.exists() else axe_api.Axe()
    found = {}
    for path in paths:
        page = browser.new_page(color_scheme=scheme)
        page.goto(site_url + path)
        violations = axe.run(page).response["violations"]
        found[path] = [(v["id"], [n["target"] for n in v["nodes"]]) for v in violations]
        page.close()
    return found


def horizontal_overflow(page: Any) -> int:
    """How many CSS pixels the page is wider than its window (0 or less: it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth - window.innerWidth"))


def visible_ids(page: object) -> list[str]:
    """The ids of the decisions the index shows now, in order."""
    rows = page.locator("tr.council-row:visible td:first-child")  # type: ignore[attr-defined]
    return [text.strip() for text in rows.all_inner_texts()]


def save_screenshot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / name), full_page=True)
