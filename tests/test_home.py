"""The home page: the council's state in plain words from the roster ({council-status}); and
the command "How to record a decision" tells members to type first."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
import venv
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROSTER, record, sphinx_build

REPO = Path(__file__).parent.parent
VOTES = "  body: packaging-council\nvotes:\n  ada: yes\n  bruno: yes\n  chen: no\n  dara: abstain\n  eli: yes\n"
# Decided before the council sat: by the Steering Council, without council votes.
FOUNDING = record(
    **{"peps: [517]": "peps: [772, 609]", "PC-0101": "PC-0001", VOTES: "  body: steering-council\n"}
)
STATUS_PAGE = """\
# Home

```{council-status}
```

```{toctree}
decisions-index
```
"""


def text_of(html: str) -> str:
    return " ".join(re.sub(r"<[^>]+>", "", html).split())


def home(site: Callable[..., Path], tmp_path: Path, roster: str, epoch: str) -> str:
    src = site({"0001-founding.md": FOUNDING}, roster=roster, extra={"index.md": STATUS_PAGE})
    result = sphinx_build(src, tmp_path / "out", "-W", epoch=epoch)
    assert result.returncode == 0, result.stderr
    return (tmp_path / "out" / "index.html").read_text("utf-8")


def test_before_the_first_election_the_page_says_who_decides(
    site: Callable[..., Path], tmp_path: Path
) -> None:
    html = home(site, tmp_path, "members: []\n", "1798761600")
    assert text_of(html).count("The Packaging Council was created by PEP 772, accepted on") == 1
    assert (
        "accepted on 1 March 2027. Its roster lists no members on 1 January 2027. Until members take "
        "their seats, packaging standards are decided as before: by the standing PEP-Delegates "
        "for packaging, as the decision records show."
    ) in text_of(html)
    assert 'href="decisions/0001-founding.html" title="PC-0001">PEP 772</a>' in html
    assert 'href="decisions-index.html">the decision records</a>' in html


def test_once_members_sit_the_page_names_them(site: Callable[..., Path], tmp_path: Path) -> None:
    html = home(site, tmp_path, ROSTER, "1798761600")  # 2027-01-01: all five sit
    assert (
        "The Packaging Council decides on Python's packaging standards. Its 5 sitting members "
        "are Ada Fictional, Bruno Fictional, Chen Fictional, Dara Fictional, Eli Fictional."
    ) in text_of(html)
    assert "roster lists no members" not in html


def test_a_roster_with_no_one_sitting_says_so(site: Callable[..., Path], tmp_path: Path) -> None:
    html = home(site, tmp_path, ROSTER, "1893456000")  # 2030-01-01: every term has ended
    assert "No member on its roster holds a seat on 1 January 2030." in text_of(html)


def test_the_install_command_on_the_page_installs_council(tmp_path: Path) -> None:
    """Every command of the page's install block, run as written in a fresh environment."""
    page = (REPO / "docs" / "record-a-decision.md").read_text("utf-8")
    block = page.split("## Install the `council` command", 1)[1].split("```console\n", 1)[1]
    commands = [line.removeprefix("$ ") for line in block.split("```", 1)[0].splitlines()]
    assert commands == ["python -m pip install .", "council --version"]
    checkout = tmp_path / "checkout"
    shutil.copytree(REPO / "ext", checkout / "ext", ignore=shutil.ignore_patterns("__pycache__"))
    for name in ("pyproject.toml", "README.md", "LICENSE", "CHANGELOG.md"):
        shutil.copy(REPO / name, checkout / name)
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=True)
    bin_dir = env_dir / ("Scripts" if sys.platform == "win32" else "bin")
    outputs = []
    for command in commands:
        done = subprocess.run(
            command,
            shell=True,
            cwd=checkout,
            capture_output=True,
            text=True,
            check=False,
            env={"PATH": f"{bin_dir}:/usr/bin:/bin", "HOME": str(tmp_path)},
        )
        assert done.returncode == 0, done.stderr
        outputs.append(done.stdout)
    assert re.fullmatch(r"council \d+\.\d+\.\d+\S*\n", outputs[-1])


@pytest.mark.parametrize("page", ["index.md", "about.md", "record-a-decision.md"])
def test_the_repository_address_is_written_once(page: str) -> None:
    text = (REPO / "docs" / page).read_text("utf-8")
    assert "{repository}`/`" in text or page == "index.md"
    assert "github.com" not in text
