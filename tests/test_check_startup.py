"""``council check`` starts without the other commands' code: a pre-commit hook runs it on
every commit, and their imports were a quarter of its start-up."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from sphinx_council.cli import COMMANDS


def test_council_check_imports_no_other_command(tmp_path: Path) -> None:
    (tmp_path / "decisions").mkdir()
    code = (
        "import json, sys\n"
        "from sphinx_council.cli import main\n"
        "code = main(['check', '--conf', ''])\n"
        "print(json.dumps([m for m in sys.modules if m.startswith('sphinx_council.cli.')]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert "0 record(s) checked" in done.stderr, done.stderr
    loaded = {name.rsplit(".", 1)[1] for name in json.loads(done.stdout)}
    others = {module for module, _ in COMMANDS} - {"check", "new_pathway"}
    assert "check" in loaded and not loaded & others


def test_every_command_is_still_listed() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "sphinx_council.cli", "--help"],
        capture_output=True,
        text=True,
        check=False,
    )
    for command in ("check", "new", "status", "supersede", "renumber", "schema", "digest"):
        assert f"    {command} " in done.stdout or f"    {command}\n" in done.stdout, command
