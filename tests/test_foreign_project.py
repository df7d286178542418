"""sphinx-council in someone else's project: a reStructuredText site that only wants the {pep}
role gets it, and none of the council site's own outputs (records data, schemas, feeds,
newsletter issues, PEP pages, decision listings)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from html.parser import HTMLParser
from pathlib import Path

import pytest

import sphinx_council
from conftest import ROOTS

FOREIGN = ROOTS / "test-foreign"
COUNCIL_ROLE = 'class="council-pep-ref"'
Build = tuple[Path, subprocess.CompletedProcess[str]]

# What the council's own site generates beside its documents, and where the code names it:
# decisions/listings.py (decisions.json), sphinxext/nodes.py (area and year pages),
# guide/schemas.py (schemas/), newsletter/feeds.py and digest.py (feeds/, this-week/),
# peps/pages.py (peps/pep-NNNN).
COUNCIL_OUTPUTS = {
    "decisions.json": "the records as JSON",
    "decisions": "the area and year pages of decision records",
    "schemas": "the JSON Schemas of records and pathways",
    "feeds": "the newsletter's feeds",
    "this-week": "the newsletter's weekly issues",
    "peps": "a page per cited PEP",
}


def sphinx_build(src: Path, out: Path) -> subprocess.CompletedProcess[str]:
    """sphinx-build -W --keep-going in its own process, importing the sphinx_council these tests
    import: conftest.sphinx_build passes no PYTHONPATH, so it builds with whichever copy is
    installed, which in a second checkout is not the code under test."""
    ext = Path(sphinx_council.__file__).resolve().parents[1]
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", "--keep-going", src, out],
        capture_output=True,
        text=True,
        check=False,
        env={
            "SOURCE_DATE_EPOCH": "1798761600",
            "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
            "PYTHONPATH": str(ext),
        },
    )


class Links(HTMLParser):
    """Every link on a page: (href, text)."""

    def __init__(self) -> None:
        super().__init__()
        self.links: list[tuple[str, str]] = []
        self._href: str | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "a":
            self._href, self._text = dict(attrs).get("href") or "", []

    def handle_data(self, data: str) -> None:
        if self._href is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "a" and self._href is not None:
            self.links.append((self._href, "".join(self._text).strip()))
            self._href = None


def links_on(page: Path) -> list[tuple[str, str]]:
    parser = Links()
    parser.feed(page.read_text("utf-8"))
    return parser.links


def pep_links(page: Path, number: int) -> list[tuple[str, str]]:
    """Links whose text is "PEP <number>" (alone or followed by its title)."""
    label = f"PEP {number}"
    return [
        (href, text)
        for href, text in links_on(page)
        if text == label or text.startswith((f"{label}:", f"{label} "))
    ]


@pytest.fixture(scope="module")
def foreign_build(tmp_path_factory: pytest.TempPathFactory) -> Build:
    # Not asserted here: with --keep-going the output is complete even when a warning fails the
    # build, so each test below reports on its own part of it.
    out = tmp_path_factory.mktemp("foreign") / "html"
    return out, sphinx_build(FOREIGN, out)


def test_builds_without_warnings(foreign_build: Build) -> None:
    out, done = foreign_build
    assert (out / "style.html").is_file(), done.stderr
    assert done.stderr.strip() == "", "the build warned"
    assert done.returncode == 0


def test_writes_none_of_the_council_site_files(foreign_build: Build) -> None:
    out, done = foreign_build
    assert (out / "index.html").is_file(), done.stderr
    found = [f"{name} ({why})" for name, why in COUNCIL_OUTPUTS.items() if (out / name).exists()]
    pages = {
        page.relative_to(out).as_posix()
        for page in out.rglob("*.html")
        if not page.relative_to(out).parts[0].startswith(("_", "."))
    }
    # The project's own documents and Sphinx's index and search pages, nothing else.
    expected = {"genindex.html", "index.html", "search.html", "style.html"}
    extra = sorted(pages - expected)
    assert not found and pages >= expected and not extra, (
        f"council site files in a foreign project's output: {found}; "
        f"{len(extra)} HTML page(s) beyond the project's own: {extra[:10]}; "
        f"missing: {sorted(expected - pages)}"
    )


def test_pep_role_links_to_peps_python_org(foreign_build: Build) -> None:
    out, done = foreign_build
    page = out / "style.html"
    assert page.is_file(), done.stderr
    # The council's role, not Sphinx's own :pep: role (which also links to peps.python.org).
    assert COUNCIL_ROLE in page.read_text("utf-8")
    assert [href for href, _ in pep_links(page, 8)] == ["https://peps.python.org/pep-0008/"], (
        links_on(page)
    )
    # The historical citation is a link too; it is reported only as information.
    assert [href for href, _ in pep_links(page, 345)] == ["https://peps.python.org/pep-0345/"]


def test_peps_extension_alone_builds(tmp_path: Path) -> None:
    src = tmp_path / "src"
    shutil.copytree(FOREIGN, src)
    conf = src / "conf.py"
    text = conf.read_text("utf-8")
    assert 'extensions = ["sphinx_council"]' in text
    conf.write_text(text.replace('["sphinx_council"]', '["sphinx_council.peps"]'), "utf-8")
    done = sphinx_build(src, tmp_path / "html")
    assert done.returncode == 0, f"sphinx-build -W failed:\n{done.stderr}"
    assert done.stderr.strip() == ""
    page = tmp_path / "html" / "style.html"
    assert COUNCIL_ROLE in page.read_text("utf-8")
    links = pep_links(page, 8)
    assert [href for href, _ in links] == ["https://peps.python.org/pep-0008/"]
