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


PATHWAY = "id: first\ntitle: First\npersona: publisher\nsteps: []\n"
MISSING = (
    "needs {names}, which {verb} not installed: pip install 'sphinx-council[{extra}]' (or "
    "sphinx-council[site] for everything the Packaging Council's site uses); building without "
    "it [council.config]"
)


@pytest.mark.parametrize(
    ("conf", "files", "what", "names", "extra"),
    [
        (
            "council_search = True",
            {},
            "council_search = True (the Pagefind search)",
            "pagefind[bin]",
            "search",
        ),
        (
            "council_newsletter = True\nhtml_baseurl = 'https://example.org/'",
            {},
            "council_newsletter = True (feeds, e-mail edition, calendar)",
            "feedgen, css-inline, icalendar",
            "newsletter",
        ),
        (
            "",
            {"pathways/first.yaml": PATHWAY},
            "Pathways (the council_pathways_dir folder)",
            "sphinx-design",
            "pathways",
        ),
    ],
    ids=["search", "newsletter", "pathways"],
)
def test_a_piece_turned_on_without_its_extra_names_the_extra_once(
    installed: Path,
    tmp_path: Path,
    conf: str,
    files: dict[str, str],
    what: str,
    names: str,
    extra: str,
) -> None:
    src = quickstart(tmp_path / "src", ["sphinx_council"], files)
    with (src / "conf.py").open("a", encoding="utf-8") as conf_py:
        conf_py.write(f"{conf}\n")
    done = run(installed, "-m", "sphinx", "-q", "-b", "html", src, tmp_path / "html")
    assert done.returncode == 0, done.stderr
    # One line, once, no traceback; the build goes on without the piece (so -W fails it).
    verb = "is" if "," not in names else "are"
    (line,) = done.stderr.splitlines()
    # Pathways decide while Sphinx sets extensions up, and Sphinx says so before the message.
    assert line.startswith("ERROR: ")
    assert line.endswith(f" conf.py: {what} {MISSING.format(names=names, verb=verb, extra=extra)}")
    assert not (tmp_path / "html" / "pagefind").exists()
    assert not (tmp_path / "html" / "feeds").exists()
    assert not (tmp_path / "html" / "pathways").exists()
