"""A Sphinx project that adds ``sphinx_council`` for something else gets nothing unasked from the
guide or the pathways: no JSON Schemas, no pathway pages from its YAML files, no warnings.
(Other parts of the extension have their own tests for what they write.)"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import sphinx_council

CONF = """\
extensions = ["sphinx_council"]
project = "Elsewhere"
# Without an address the newsletter warns that it writes no feeds: its own business.
html_baseurl = "https://elsewhere.example/"
"""
INDEX = """\
Elsewhere
=========

A project that is not the council.

.. toctree::

{pages}
"""


def project(root: Path, pages: dict[str, str]) -> Path:
    """A reStructuredText project with YAML files of its own, none of them a pathway."""
    src = root / "src"
    (src / "data").mkdir(parents=True)
    (src / "conf.py").write_text(CONF, "utf-8")
    toctree = "".join(f"   {name}\n" for name in pages)
    (src / "index.rst").write_text(INDEX.format(pages=toctree), "utf-8")
    for name, body in pages.items():
        (src / f"{name}.rst").write_text(f"{name.title()}\n{'=' * len(name)}\n\n{body}\n")
    (src / "data" / "settings.yaml").write_text("id: not-a-pathway\n", "utf-8")
    (src / ".readthedocs.yaml").write_text("version: 2\n", "utf-8")
    return src


def build(src: Path, out: Path, *args: str) -> subprocess.CompletedProcess[str]:
    """sphinx-build -W with this checkout's package (not whichever one is installed)."""
    env = {
        "PATH": os.environ.get("PATH", "/usr/bin:/bin"),
        "SOURCE_DATE_EPOCH": "1798761600",
        "PYTHONPATH": str(Path(sphinx_council.__file__).parent.parent),
    }
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", "-W", *args, str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
        env=env,
    )


def test_a_project_without_records_or_pathways_gets_no_schemas(tmp_path: Path) -> None:
    src = project(tmp_path, {"usage": "How to use it."})
    out = tmp_path / "out"
    result = build(src, out)
    assert result.returncode == 0, result.stderr
    assert result.stderr == ""
    assert not (out / "schemas").exists()
    # Its YAML files are data, not pathway pages.
    assert not (out / "data").exists()
    assert sorted(p.name for p in out.glob("*.html")) == [
        "genindex.html",
        "index.html",
        "search.html",
        "usage.html",
    ]


def test_the_schema_links_publish_the_schemas_in_a_parallel_build(tmp_path: Path) -> None:
    # Six pages, so Sphinx reads them in parallel; the links are on one of them.
    pages = {f"page{n}": "Some text." for n in range(5)}
    pages["schemas"] = "Editors check files against these:\n\n.. decision-schemas::"
    src = project(tmp_path, pages)
    out = tmp_path / "out"
    result = build(src, out, "-j", "2")
    assert result.returncode == 0, result.stderr
    assert sorted(p.name for p in (out / "schemas").iterdir()) == [
        "decision.schema.json",
        "pathway.schema.json",
    ]
    assert 'href="schemas/decision.schema.json"' in (out / "schemas.html").read_text("utf-8")


def test_removing_the_schema_links_stops_publishing_on_the_next_build(tmp_path: Path) -> None:
    src = project(tmp_path, {"schemas": ".. decision-schemas::"})
    out = tmp_path / "out"
    assert build(src, out).returncode == 0
    assert (out / "schemas" / "decision.schema.json").exists()
    (src / "schemas.rst").write_text("Schemas\n=======\n\nNone any more.\n", "utf-8")
    (out / "schemas" / "decision.schema.json").unlink()
    result = build(src, out)  # incremental: the environment forgets the page's links
    assert result.returncode == 0, result.stderr
    assert not (out / "schemas" / "decision.schema.json").exists()
