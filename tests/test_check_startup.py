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


def test_council_check_leaves_what_it_does_not_use_unloaded(tmp_path: Path) -> None:
    # packaging.utils loads packaging.tags (subprocess, logging, platform), and --base loads
    # git's subprocess and the record editor: together about a tenth of the start of a check
    # that a hook runs on every commit.
    (tmp_path / "decisions").mkdir()
    watched = ["packaging.tags", "packaging.utils", "packaging.requirements", "subprocess"]
    code = (
        "import json, sys\n"
        "from sphinx_council.cli import main\n"
        "main(['check', '--conf', ''])\n"
        f"print(json.dumps([m for m in {watched!r} + ['packaging.version'] if m in sys.modules]))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, capture_output=True, text=True, check=False
    )
    assert json.loads(done.stdout) == ["packaging.version"], done.stdout + done.stderr
