#!/usr/bin/env python3
"""What a reader's first visit costs on a phone: each page kind of the bundled site, served on
127.0.0.1 compressed as GitHub Pages serves it, opened in Debian's Chromium at 390 px with an
empty cache, and scored by Lighthouse (mobile, median of three runs).

Run from the repository root::

    python bench/firstvisit.py                    # builds docs/ into build/firstvisit/html
    python bench/firstvisit.py --site build/html  # a site already built
    python bench/firstvisit.py --no-lighthouse    # bytes, requests, blocking resources only

Lighthouse 12 is installed with npm into ``.nox/lighthouse`` the first time.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

from gzipserver import serve_compressed

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = Path("/usr/bin/chromium")
LIGHTHOUSE_PREFIX = ROOT / ".nox" / "lighthouse"
LIGHTHOUSE_PACKAGE = "lighthouse@12"
PHONE = {"width": 390, "height": 844}
# The page kinds a reader lands on, by the bundled site's pages.
PAGES = {
    "home": "index.html",
    "pathway": "pathways/start-here.html",
    "decision": "decisions/0001-accept-pep-772-packaging-council.html",
    "weekly issue": "this-week/2026-W16.html",
}
# Issue 26's targets.
MAX_BYTES = 200_000
MAX_REQUESTS = 15
MAX_BLOCKING_STYLESHEETS = 1
MIN_SCORES = {"performance": 95, "accessibility": 100, "best-practices": 100}


class _HeadParser(HTMLParser):
    """The style sheets and scripts in a page's head that hold up its first render."""

    def __init__(self) -> None:
        super().__init__()
        self.in_head = True
        self.blocking: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "body":
            self.in_head = False
        if not self.in_head:
            return
        found = {name: value or "" for name, value in attrs}
        if tag == "link" and "stylesheet" in found.get("rel", "").split():
            if media_applies(found.get("media", "")):
                self.blocking.append("style sheet " + found.get("href", ""))
        elif tag == "script" and "src" in found:
            waits = "defer" in found or "async" in found or found.get("type") == "module"
            if not waits:
                self.blocking.append("script " + found["src"])


_WIDTH_QUERY = re.compile(r"\((min|max)-width:\s*(\d+)px\)")


def media_applies(media: str, width: int = PHONE["width"]) -> bool:
    """Whether a ``media`` attribute matches a phone's screen (print does not)."""
    media = media.strip().lower()
    if not media or media in ("all", "screen"):
        return True
    if "print" in media and "screen" not in media:
        return False
    for bound, pixels in _WIDTH_QUERY.findall(media):
        if (bound == "min" and width < int(pixels)) or (bound == "max" and width > int(pixels)):
            return False
    return True


def render_blocking(page: str) -> list[str]:
    """Style sheets and scripts in the head that the browser must fetch before rendering."""
    parser = _HeadParser()
    parser.feed(page)
    return parser.blocking


def visit(browser: Any, url: str) -> dict[str, Any]:
    """One first visit at phone size: bytes over the wire per resource, requests, console
    errors."""
    context = browser.new_context(
        viewport=PHONE, device_scale_factor=3, is_mobile=True, has_touch=True
    )
    page = context.new_page()
    cdp = context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.send("Network.setCacheDisabled", {"cacheDisabled": True})
    urls: dict[str, str] = {}
    wire: dict[str, int] = {}
    errors: list[str] = []
    cdp.on(
        "Network.requestWillBeSent", lambda e: urls.__setitem__(e["requestId"], e["request"]["url"])
    )
    cdp.on(
        "Network.loadingFinished",
        lambda e: wire.__setitem__(e["requestId"], int(e["encodedDataLength"])),
    )
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    response = page.goto(url, wait_until="load")
    page.wait_for_load_state("networkidle")
    body = response.text() if response else ""
    context.close()
    # data: addresses (icons drawn by the style sheet) cost no request.
    resources = {
        urls.get(key, key): size
        for key, size in wire.items()
        if not urls.get(key, key).startswith("data:")
    }
    return summarize(resources, render_blocking(body), errors)


def summarize(resources: dict[str, int], blocking: list[str], errors: list[str]) -> dict[str, Any]:
    """The figures of one visit from its resources (URL: bytes over the wire)."""
    stylesheets = [item for item in blocking if item.startswith("style sheet ")]
    return {
        "bytes": sum(resources.values()),
        "requests": len(resources),
        "resources": dict(sorted(resources.items(), key=lambda item: -item[1])),
        "blocking": blocking,
        "blocking_stylesheets": len(stylesheets),
        "blocking_other": len(blocking) - len(stylesheets),
        "console_errors": errors,
    }


def lighthouse_bin(prefix: Path = LIGHTHOUSE_PREFIX) -> Path | None:
    """Lighthouse's command, installed with npm into ``prefix`` when missing."""
    command = prefix / "node_modules" / ".bin" / "lighthouse"
    if not command.exists() and shutil.which("npm"):
        prefix.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "npm",
                "install",
                "--no-audit",
                "--no-fund",
                "--prefix",
                str(prefix),
                LIGHTHOUSE_PACKAGE,
            ],
            check=False,
            capture_output=True,
        )
    return command if command.exists() else None


def lighthouse_scores(report: dict[str, Any]) -> dict[str, int]:
    """The category scores (0 to 100) of a Lighthouse JSON report."""
    return {
        name: round(category["score"] * 100)
        for name, category in report.get("categories", {}).items()
        if category.get("score") is not None
    }


def median_scores(runs: list[dict[str, int]]) -> dict[str, int]:
    """Each category's median over the runs that scored it."""
    names = sorted({name for run in runs for name in run})
    return {
        name: round(statistics.median(run[name] for run in runs if name in run)) for name in names
    }


def lighthouse(command: Path, url: str, runs: int) -> dict[str, Any]:
    """Median scores of ``runs`` Lighthouse runs (mobile), and each run's."""
    scores = []
    with tempfile.TemporaryDirectory() as scratch:
        for number in range(runs):
            out = Path(scratch) / f"run{number}.json"
            subprocess.run(
                [
                    str(command),
                    url,
                    "--quiet",
                    "--output=json",
                    f"--output-path={out}",
                    "--only-categories=performance,accessibility,best-practices",
                    "--chrome-flags=--headless=new --no-sandbox",
                ],
                env=dict(os.environ, CHROME_PATH=str(CHROMIUM)),
                check=False,
                capture_output=True,
            )
            if out.is_file():
                scores.append(lighthouse_scores(json.loads(out.read_text(encoding="utf-8"))))
    return {"median": median_scores(scores) if scores else {}, "runs": scores}


def verdicts(figures: dict[str, Any]) -> dict[str, bool | None]:
    """PASS (True), FAIL (False) or not measured (None) for each target of one page kind."""
    scores = figures.get("lighthouse", {}).get("median", {})
    judged: dict[str, bool | None] = {
        "bytes": figures["bytes"] <= MAX_BYTES,
        "requests": figures["requests"] <= MAX_REQUESTS,
        "blocking": figures["blocking_stylesheets"] <= MAX_BLOCKING_STYLESHEETS
        and figures["blocking_other"] == 0,
        "console": not figures["console_errors"],
    }
    for name, least in MIN_SCORES.items():
        judged[name] = scores[name] >= least if name in scores else None
    return judged


def _mark(passed: bool | None) -> str:
    return {True: "PASS", False: "FAIL", None: "N/A"}[passed]


def table(results: dict[str, dict[str, Any]]) -> str:
    """The first-visit table: one row per page kind, each figure with PASS/FAIL."""
    header = (
        f"{'page':<13} {'KB over wire':>17} {'requests':>13} {'blocking (css/other)':>21} "
        f"{'perf':>9} {'a11y':>9} {'best pr.':>9} {'console':>8}"
    )
    lines = [
        "First visit at 390 px, empty cache, served gzipped; targets: "
        f"<= {MAX_BYTES // 1000} KB, <= {MAX_REQUESTS} requests, <= {MAX_BLOCKING_STYLESHEETS} "
        "blocking style sheet and no other blocking resource, Lighthouse mobile "
        + ", ".join(f"{name} >= {least}" for name, least in MIN_SCORES.items()),
        header,
        "-" * len(header),
    ]
    for kind, figures in results.items():
        judged = verdicts(figures)
        scores = figures.get("lighthouse", {}).get("median", {})
        score = {name: f"{scores.get(name, '-')} {_mark(judged[name])}" for name in MIN_SCORES}
        blocking = f"{figures['blocking_stylesheets']}/{figures['blocking_other']}"
        lines.append(
            f"{kind:<13} {figures['bytes'] / 1000:>12.1f} {_mark(judged['bytes'])} "
            f"{figures['requests']:>8} {_mark(judged['requests'])} "
            f"{blocking:>16} {_mark(judged['blocking'])} {score['performance']:>9} "
            f"{score['accessibility']:>9} {score['best-practices']:>9} "
            f"{_mark(judged['console']):>8}"
        )
    return "\n".join(lines)


def build_site(out: Path) -> Path:
    """Build the bundled site (docs/) as ``nox -s docs`` does, into ``out``, from nothing."""
    shutil.rmtree(out, ignore_errors=True)
    env = dict(os.environ, SOURCE_DATE_EPOCH=os.environ.get("SOURCE_DATE_EPOCH", "1795219200"))
    env.pop("COUNCIL_BASE_URL", None)
    subprocess.run(
        [
            sys.executable,
            "-m",
            "sphinx",
            "-q",
            "-b",
            "html",
            "-d",
            str(out / "doctrees"),
            str(ROOT / "docs"),
            str(out / "html"),
        ],
        check=True,
        env=env,
    )
    return out / "html"


def first_visit(site: Path, *, runs: int = 3, with_lighthouse: bool = True) -> dict[str, Any]:
    """Every page kind's first-visit figures, or why they could not be measured."""
    try:
        from playwright.sync_api import sync_playwright  # noqa: PLC0415
    except ImportError:
        return {"measured": False, "reason": "Playwright is not installed"}
    if not CHROMIUM.exists():
        return {"measured": False, "reason": f"no Chromium at {CHROMIUM}"}
    command = lighthouse_bin() if with_lighthouse else None
    pages: dict[str, Any] = {}
    with serve_compressed(site) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), args=["--headless=new", "--no-sandbox"]
        )
        for kind, path in PAGES.items():
            pages[kind] = visit(browser, base + path)
        browser.close()
        for kind, path in PAGES.items():
            if command:
                pages[kind]["lighthouse"] = lighthouse(command, base + path, runs)
    return {"measured": True, "lighthouse": bool(command), "pages": pages}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--site", type=Path, help="a built site (default: build docs/)")
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "firstvisit")
    parser.add_argument("--runs", type=int, default=3, help="Lighthouse runs per page (median)")
    parser.add_argument("--no-lighthouse", dest="lighthouse", action="store_false")
    parser.add_argument("--details", action="store_true", help="list every resource")
    args = parser.parse_args(argv)
    site = args.site or build_site(args.out)
    result = first_visit(site, runs=args.runs, with_lighthouse=args.lighthouse)
    if not result["measured"]:
        print(f"first visit not measured: {result['reason']}")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "firstvisit.json").write_text(json.dumps(result, indent=1), encoding="utf-8")
    if args.details:
        for kind, figures in result["pages"].items():
            print(
                f"{kind}: "
                + ", ".join(figures["blocking"])
                + " | "
                + "; ".join(figures["console_errors"])
            )
            for url, size in figures["resources"].items():
                print(f"  {size:>8}  {url}")
    print(table(result["pages"]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
