"""Every page of the bundled site is valid HTML, by the Nu HTML Checker (vnu-jar from npm,
which .ci/run installs; it needs Java). Skipped without them, except in CI, which must have
them."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).parent.parent
VNU = REPO / ".nox" / "npm" / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
JAVA = shutil.which("java")

if not (VNU.exists() and JAVA):
    missing = "vnu-jar (npm)" if not VNU.exists() else "java"
    if os.environ.get("CI"):
        pytest.fail(f"CI must install {missing} for the HTML check (see .ci/run)", pytrace=False)
    pytest.skip(f"{missing} is not installed", allow_module_level=True)


def vnu_errors(pages: list[Path]) -> list[str]:
    """The checker's errors, one line each: file, line and message."""
    result = subprocess.run(
        [JAVA or "java", "-jar", str(VNU), "--errors-only", "--format", "json", *map(str, pages)],
        capture_output=True,
        text=True,
        check=False,
    )
    report = json.loads(result.stderr or result.stdout)
    return [
        f"{m['url'].rpartition('/html/')[2]}:{m.get('lastLine', '?')}: {m['message']}"
        for m in report["messages"]
        if m["type"] == "error" or m.get("subType") == "fatal"
    ]


def test_the_checker_finds_errors(tmp_path: Path) -> None:
    broken = tmp_path / "html" / "broken.html"
    broken.parent.mkdir()
    broken.write_text('<!DOCTYPE html><html lang="en"><title>x</title><form action=""></form>')
    assert vnu_errors([broken]) == [
        "broken.html:1: Bad value “” for attribute “action” on element “form”: Must be non-empty."
    ]


def test_every_page_of_the_bundled_site_is_valid(bundled_site: Path) -> None:
    out = bundled_site
    pages = sorted(
        p for p in out.rglob("*.html") if p.relative_to(out).parts[0] not in ("_static", "pagefind")
    )
    assert len(pages) > 200
    assert vnu_errors(pages) == []
