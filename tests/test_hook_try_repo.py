"""The published pre-commit hook, tried as another site's repository would use it: ``pre-commit
try-repo`` of this checkout in a temporary git repository makes the hook's environment (pip
installs the package from the checkout, and its dependencies from PyPI) and runs it on the
files a commit would change."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).parent.parent
# What a site's repository holds: everything `council check` reads, and no package code.
SITE_FOLDERS = ("decisions", "pathways", "council", "docs", "peps", "news", "releases")
PATHWAY = "pathways/first-release.yaml"


def try_repo(site: Path, home: Path) -> subprocess.CompletedProcess[str]:
    """``pre-commit try-repo`` of this checkout's council-check hook on the pathway; pre-commit
    makes the hook's environment with pip install on the first run (network)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PRE_COMMIT_HOME"] = str(home)  # a fresh environment, made from this checkout
    command = [sys.executable, "-m", "pre_commit", "try-repo", str(REPO), "council-check"]
    return subprocess.run(
        [*command, "--files", PATHWAY, "--verbose"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def test_try_repo_passes_a_clean_pathway_and_reports_a_typo_in_one(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site.mkdir()
    for folder in SITE_FOLDERS:
        shutil.copytree(REPO / folder, site / folder, symlinks=True)  # docs/pathways links
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    subprocess.run(["git", "-C", str(site), "add", "-A"], check=True)
    home = tmp_path / "pre-commit"

    clean = try_repo(site, home)
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "council check" in clean.stdout and "Passed" in clean.stdout

    pathway = site / PATHWAY
    pathway.write_text(pathway.read_text("utf-8").replace("    why: ", "    whyy: ", 1), "utf-8")
    # Staged, as in a commit: pre-commit sets unstaged changes aside while hooks run.
    subprocess.run(["git", "-C", str(site), "add", PATHWAY], check=True)
    typo = try_repo(site, home)
    assert typo.returncode == 1, typo.stdout + typo.stderr
    assert "Failed" in typo.stdout
    assert f"{PATHWAY}:38: steps[0].whyy: unknown field 'whyy' (did you mean 'why'?)" in typo.stdout
