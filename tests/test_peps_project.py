"""``sphinx_council.peps`` on its own in a foreign project, PEP pages as an option, and a
project's own PEP index (``council_pep_index``)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import sphinx_build
from sphinx_council.peps.index import VENDORED_DIR

# reStructuredText, the default theme (alabaster), no decision records.
FOREIGN_CONF = 'extensions = ["sphinx_council.peps"]\nproject = "Elsewhere"\n'
FOREIGN_INDEX = """\
Elsewhere
=========

Packaging
---------

We build with :pep:`621`; we once used :pep:`759`.

.. pep-list::
   :topic: governance
"""


def foreign_project(tmp_path: Path, conf: str = "") -> Path:
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(FOREIGN_CONF + conf, "utf-8")
    (src / "index.rst").write_text(FOREIGN_INDEX, "utf-8")
    return src


def build(src: Path, out: Path, *args: str) -> tuple[int, list[str]]:
    result = sphinx_build(src, out, "-d", str(out.parent / "doctrees"), *args)
    return result.returncode, [line for line in result.stderr.splitlines() if "WARNING" in line]


def test_the_peps_extension_alone_links_to_peps_python_org(tmp_path: Path) -> None:
    code, warnings = build(foreign_project(tmp_path), tmp_path / "out")
    assert code == 0
    assert [re.sub(r"^.*index\.rst", "index.rst", w) for w in warnings] == [
        "index.rst:7: WARNING: {pep}: PEP 759 (External Wheel Hosting) is Withdrawn [council.pep]"
    ]
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert 'href="https://peps.python.org/pep-0621/"' in html
    # Without PEP pages, the PEP list links to peps.python.org too, and no page is written.
    assert 'href="https://peps.python.org/pep-0772/">PEP 772</a>' in html
    assert not (tmp_path / "out" / "peps").exists()
    # The stylesheet is written into the page's head: no request holds up its first render.
    assert '<style data-council-stylesheet="council-peps.css">.council-pep-ref' in html
    assert 'href="_static/council-peps.css' not in html
    assert (tmp_path / "out" / "_static" / "council-peps.css").is_file()


def test_pep_pages_are_written_when_the_project_turns_them_on(tmp_path: Path) -> None:
    code, warnings = build(foreign_project(tmp_path, "council_pep_pages = True\n"), tmp_path / "o")
    assert code == 0 and len(warnings) == 1
    page = (tmp_path / "o" / "peps" / "pep-0621.html").read_text("utf-8")
    assert 'href="../index.html#packaging">Elsewhere: Packaging</a>' in page
    assert "Decisions that cite" not in page  # a project without records has places only
    html = (tmp_path / "o" / "index.html").read_text("utf-8")
    assert 'href="peps/pep-0772.html">PEP 772</a>' in html


def test_a_project_that_cites_peps_historically_can_silence_status_warnings(
    tmp_path: Path,
) -> None:
    src = foreign_project(tmp_path, 'suppress_warnings = ["council.pep"]\n')
    code, warnings = build(src, tmp_path / "out", "-W")
    assert code == 0 and warnings == []


def _project_index(folder: Path, title: str) -> None:
    index = json.loads((VENDORED_DIR / "peps.json").read_text("utf-8"))
    index["621"]["title"] = title
    folder.mkdir(exist_ok=True)
    (folder / "peps.json").write_text(json.dumps(index), "utf-8")


def test_the_build_reads_the_project_index_and_rereads_it_when_it_changes(
    tmp_path: Path,
) -> None:
    src = foreign_project(tmp_path, 'council_pep_index = "pep-data"\n')
    _project_index(src / "pep-data", "Metadata, as the project index has it")
    code, _ = build(src, tmp_path / "out")
    assert code == 0
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "PEP 621: Metadata, as the project index has it</a>" in html
    _project_index(src / "pep-data", "Metadata, refreshed")
    code, _ = build(src, tmp_path / "out")  # the same environment: an incremental build
    assert code == 0
    assert "PEP 621: Metadata, refreshed</a>" in (tmp_path / "out" / "index.html").read_text()


def test_a_project_index_folder_without_an_index_is_a_config_warning(tmp_path: Path) -> None:
    src = foreign_project(tmp_path, 'council_pep_index = "nowhere"\n')
    code, warnings = build(src, tmp_path / "out")
    assert code == 0
    assert (
        f"WARNING: conf.py: council_pep_index: no peps.json in {src / 'nowhere'}; run 'council "
        "peps refresh' to write one, or fix the path; using the bundled PEP index "
        "[council.config]"
    ) in warnings
    html = (tmp_path / "out" / "index.html").read_text("utf-8")
    assert "PEP 621: Storing project metadata in pyproject.toml</a>" in html
