"""The built wheel, installed without extras into a fresh virtual environment from PyPI, as
another project would: none of the site's libraries come with it, and projects made by
``sphinx-quickstart`` build with ``-W`` using it."""

from __future__ import annotations

import subprocess
import sys
import venv
from pathlib import Path

import pytest

from test_dropin import OWN_FOLDERS, built_files, linked_assets, quickstart

REPO = Path(__file__).resolve().parents[1]
# What the site extras bring; the base install must bring none of it.
SITE_ONLY = {
    "pydata-sphinx-theme",
    "sphinx-design",
    "pagefind",
    "pagefind-bin",
    "feedgen",
    "lxml",
    "css-inline",
    "icalendar",
    "sphinxext-opengraph",
    "sphinx-sitemap",
    "sphinx-notfound-page",
}
PEP_PAGE = {"style.rst": "Style\n=====\n\nThe code follows :pep:`8`.\n"}


def run(*command: str | Path, cwd: Path | None = None) -> subprocess.CompletedProcess[str]:
    # No PYTHONPATH: the environment's own installed copy is what is tried.
    return subprocess.run(
        [str(part) for part in command],
        capture_output=True,
        text=True,
        check=False,
        cwd=cwd,
        env={"PATH": "/usr/bin:/bin", "SOURCE_DATE_EPOCH": "1798761600", "HOME": str(cwd or "/")},
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The python of a fresh environment holding the wheel built from this checkout (its
    dependencies from PyPI), without extras."""
    root = tmp_path_factory.mktemp("wheel")
    built = run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-w", root / "dist", REPO)
    assert built.returncode == 0, built.stderr
    (wheel,) = (root / "dist").glob("sphinx_council-*.whl")
    venv.create(root / "env", with_pip=True)
    python = root / "env" / "bin" / "python"
    done = run(python, "-m", "pip", "install", "-q", wheel, cwd=root)
    assert done.returncode == 0, done.stderr
    return python


def test_the_base_install_brings_none_of_the_sites_libraries(installed: Path) -> None:
    listed = run(installed, "-m", "pip", "list", "--format=freeze").stdout
    names = {line.split("==")[0].lower().replace("_", "-") for line in listed.splitlines()}
    assert {"sphinx", "myst-parser", "ruamel.yaml", "sphinx-council"} <= names
    assert names & SITE_ONLY == set()
    licence = run(
        installed, "-c", "import importlib.metadata as m; print(m.files('sphinx-council'))"
    )
    assert "licenses/LICENSE" in licence.stdout


def test_the_pep_role_alone_adds_one_linked_stylesheet(installed: Path, tmp_path: Path) -> None:
    outs = []
    for name, extensions in (("plain", []), ("peps", ["sphinx_council.peps"])):
        src = quickstart(tmp_path / name, extensions, PEP_PAGE)
        done = run(
            installed, "-m", "sphinx", "-W", "-q", "-b", "html", src, tmp_path / f"{name}-html"
        )
        assert done.returncode == 0, done.stderr
        outs.append(tmp_path / f"{name}-html")
    plain, peps = outs
    assert built_files(peps) - built_files(plain) == {"_static/council-peps.css"}
    assert linked_assets(peps / "style.html") - linked_assets(plain / "style.html") == {
        "council-peps.css"
    }
    assert 'class="council-pep-ref"' in (peps / "style.html").read_text("utf-8")


def test_everything_builds_a_project_with_its_own_decisions_folder(
    installed: Path, tmp_path: Path
) -> None:
    src = quickstart(tmp_path / "src", ["sphinx_council"], OWN_FOLDERS)
    done = run(installed, "-m", "sphinx", "-W", "-q", "-b", "html", src, tmp_path / "html")
    assert done.returncode == 0, done.stderr
    assert (tmp_path / "html" / "decisions" / "index.html").is_file()


def test_a_piece_turned_on_without_its_extra_names_the_extra(
    installed: Path, tmp_path: Path
) -> None:
    src = quickstart(tmp_path / "src", ["sphinx_council"])
    with (src / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write("council_search = True\n")
    done = run(installed, "-m", "sphinx", "-q", "-b", "html", src, tmp_path / "html")
    assert done.returncode == 0, done.stderr
    assert "Traceback" not in done.stderr
    # One line, once; the build goes on without the search (so -W fails it).
    (line,) = done.stderr.splitlines()
    assert line.endswith(
        "ERROR: conf.py: council_search = True (the Pagefind search) needs pagefind[bin], which "
        "is not installed: pip install 'sphinx-council[search]' (or sphinx-council[site] for "
        "everything the Packaging Council's site uses); building without it [council.config]"
    )
    assert not (tmp_path / "html" / "pagefind").exists()
