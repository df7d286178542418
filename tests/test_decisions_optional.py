"""A project that loads the extension but keeps no decision records gets nothing from decisions."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from conftest import ROOTS, copy_tree

EXT = Path(__file__).parent.parent / "ext"

# The newsletter's own notice, which another change makes opt-in; it is not about decisions.
NEWSLETTER_NOTICE = "WARNING: conf.py: html_baseurl is not set, so no feeds are written"


def test_no_records_no_decision_files_and_no_warnings(tmp_path: Path) -> None:
    src = copy_tree(ROOTS / "test-decisions-none", tmp_path / "src")
    out = tmp_path / "out"
    # This checkout's package, not whichever one the environment has installed.
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "PYTHONPATH": str(EXT), "SOURCE_DATE_EPOCH": "1798761600"},
    )
    assert result.returncode == 0, result.stderr
    warnings = [
        line
        for line in result.stderr.splitlines()
        if "WARNING" in line and not line.startswith(NEWSLETTER_NOTICE)
    ]
    assert warnings == []
    assert (out / "index.html").is_file()
    assert not (out / "decisions.json").exists()
    assert not (out / "decisions").exists()
    # The PEP it cites is still linked: the extension's PEP role is at work.
    assert "PEP 8" in (out / "index.html").read_text("utf-8")
