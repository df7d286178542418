"""The pre-commit hooks, run by pre-commit itself in a temporary git repository: the published
hook as another site's repository uses it (``pre-commit try-repo`` of this checkout: pip
installs the package from the checkout, and its dependencies from PyPI), and this repository's
own configuration as a member's clone runs it, with nothing installed by hand first."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from subprocess import CompletedProcess

import sphinx_council

REPO = Path(__file__).parent.parent
# What a site's repository holds: everything `council check` reads, and no package code.
SITE_FOLDERS = ("decisions", "pathways", "council", "docs", "peps", "news", "releases")
PATHWAY = "pathways/first-release.yaml"


def pre_commit(site: Path, home: Path, *words: str) -> subprocess.CompletedProcess[str]:
    """pre-commit run in ``site`` on the pathway; it makes the hook's environment with pip on
    the first run (network)."""
    env = {key: value for key, value in os.environ.items() if key != "PYTHONPATH"}
    env["PRE_COMMIT_HOME"] = str(home)  # a fresh environment, made from this checkout
    return subprocess.run(
        [sys.executable, "-m", "pre_commit", *words, "--files", PATHWAY, "--verbose"],
        cwd=site,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=900,
    )


def site_repository(site: Path) -> None:
    site.mkdir()
    for folder in SITE_FOLDERS:
        shutil.copytree(REPO / folder, site / folder, symlinks=True)  # docs/pathways links
    subprocess.run(["git", "init", "-q", str(site)], check=True)
    subprocess.run(["git", "-C", str(site), "add", "-A"], check=True)


def passes_then_reports_a_typo(site: Path, run: Callable[[], CompletedProcess[str]]) -> None:
    clean = run()
    assert clean.returncode == 0, clean.stdout + clean.stderr
    assert "council check" in clean.stdout and "Passed" in clean.stdout

    pathway = site / PATHWAY
    pathway.write_text(pathway.read_text("utf-8").replace("    why: ", "    whyy: ", 1), "utf-8")
    # Staged, as in a commit: pre-commit sets unstaged changes aside while hooks run.
    subprocess.run(["git", "-C", str(site), "add", PATHWAY], check=True)
    typo = run()
    assert typo.returncode == 1, typo.stdout + typo.stderr
    assert "Failed" in typo.stdout
    assert f"{PATHWAY}:38: steps[0].whyy: unknown field 'whyy' (did you mean 'why'?)" in typo.stdout


def test_try_repo_of_the_published_hook_reports_a_pathway_typo(tmp_path: Path) -> None:
    site = tmp_path / "site"
    site_repository(site)
    home = tmp_path / "pre-commit"
    passes_then_reports_a_typo(
        site, lambda: pre_commit(site, home, "try-repo", str(REPO), "council-check")
    )


def test_this_repositorys_own_configuration_installs_itself(tmp_path: Path) -> None:
    """language: python: pre-commit makes the environment; the hook runs this checkout's code."""
    site = tmp_path / "site"
    site_repository(site)
    (site / "ext").symlink_to(REPO / "ext")
    shutil.copy(REPO / ".pre-commit-config.yaml", site)
    subprocess.run(["git", "-C", str(site), "add", "ext", ".pre-commit-config.yaml"], check=True)
    home = tmp_path / "pre-commit"
    passes_then_reports_a_typo(site, lambda: pre_commit(site, home, "run", "council-check"))


def test_the_sites_version_is_the_packages() -> None:
    """docs/conf.py names the package's own version (it has no installed metadata in the
    hook's environment): the one pyproject.toml releases."""
    project = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["project"]
    assert sphinx_council.__version__ == project["version"]
    assert "version = sphinx_council.__version__" in (REPO / "docs" / "conf.py").read_text("utf-8")
