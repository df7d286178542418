"""The extension with Sphinx's other builders: no traceback, no warning, links that resolve.

One small root (records outside any toctree, a decision index, pathways, PEP citations and
the newsletter) is built once per builder (nine of them); the tests read the outputs.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from collections.abc import Iterator
from io import StringIO
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS

BUILDERS = ("html", "dirhtml", "singlehtml", "text", "latex", "epub", "man", "texinfo", "dummy")


class Output:
    def __init__(self, outdir: Path, warnings: str) -> None:
        self.outdir = outdir
        self.warnings = warnings

    def read(self, name: str) -> str:
        return (self.outdir / name).read_text("utf-8")


@pytest.fixture(scope="module")
def outputs(tmp_path_factory: pytest.TempPathFactory) -> Iterator[dict[str, Output]]:
    src = tmp_path_factory.mktemp("builders") / "src"
    shutil.copytree(ROOTS / "test-builders", src)
    built: dict[str, Output] = {}
    with pytest.MonkeyPatch.context() as patch:
        patch.setitem(os.environ, "SOURCE_DATE_EPOCH", "1795219200")  # 2026-11-21
        for name in BUILDERS:
            warnings = StringIO()
            app = SphinxTestApp(
                name, srcdir=src, builddir=src.parent / name, status=StringIO(), warning=warnings
            )
            try:
                app.build()
            finally:
                app.cleanup()
            built[name] = Output(Path(app.outdir), warnings.getvalue())
    yield built


@pytest.mark.parametrize("builder", BUILDERS)
def test_builds_without_warnings(outputs: dict[str, Output], builder: str) -> None:
    assert outputs[builder].warnings == ""


def local_links(outdir: Path, suffix: str) -> Iterator[tuple[Path, str, Path]]:
    """(page, href, file the href reaches) for every relative link of every page."""
    for page in outdir.rglob(f"*{suffix}"):
        for href in re.findall(r'href="([^"]*)"', page.read_text("utf-8")):
            path = href.partition("#")[0].partition("?")[0]
            if not path or re.match(r"[a-z]+:", path):
                continue
            target = page.parent / path
            yield page, href, target / "index.html" if target.is_dir() else target


@pytest.mark.parametrize(
    ("builder", "suffix"), [("html", ".html"), ("dirhtml", ".html"), ("epub", ".xhtml")]
)
def test_every_relative_link_reaches_a_file(
    outputs: dict[str, Output], builder: str, suffix: str
) -> None:
    links = list(local_links(outputs[builder].outdir, suffix))
    assert len(links) > 200
    assert [(str(p), href) for p, href, target in links if not target.is_file()] == []


def test_dirhtml_links_generated_pages_as_directories(outputs: dict[str, Output]) -> None:
    out = outputs["dirhtml"]
    index = out.read("decisions-index/index.html")
    assert 'href="../peps/pep-0517/"' in index
    assert (out.outdir / "peps/pep-0517/index.html").is_file()
    assert 'href="../decisions/area/governance/"' in index
    assert 'href="../decisions/year/2026/"' in index
    assert (out.outdir / "decisions/area/governance/index.html").is_file()
    area = out.read("decisions/area/governance/index.html")
    assert 'href="../../0104-rejected/"' in area


def test_site_data_has_each_builders_addresses(outputs: dict[str, Output]) -> None:
    base = "https://council.example.org/"
    for builder, address in [
        ("html", "decisions/0104-rejected.html"),
        ("dirhtml", "decisions/0104-rejected/"),
    ]:
        data = json.loads(outputs[builder].read("decisions.json"))
        assert base + address in [d["url"] for d in data["decisions"]]
        feed = outputs[builder].read("feeds/decisions.xml")
        assert f"<link>{base}{address}</link>" in feed


@pytest.mark.parametrize("builder", ["singlehtml", "epub"])
def test_only_a_web_site_publishes_data_and_feeds(outputs: dict[str, Output], builder: str) -> None:
    out = outputs[builder].outdir
    assert not (out / "decisions.json").exists()
    assert not (out / "feeds").exists()
    assert not (out / "schemas").exists()


def test_schemas_are_published_beside_the_site_and_linked_from_a_book(
    outputs: dict[str, Output],
) -> None:
    assert (outputs["html"].outdir / "schemas" / "decision.schema.json").exists()
    assert 'href="schemas/pathway.schema.json"' in outputs["html"].read("guide.html")
    latex = next(outputs["latex"].outdir.glob("*.tex")).read_text("utf-8")
    assert r"\sphinxhref{https://council.example.org/schemas/decision.schema.json}" in latex


def test_single_page_links_stay_on_the_page(outputs: dict[str, Output]) -> None:
    page = outputs["singlehtml"].read("index.html")
    ids = set(re.findall(r'id="([^"]+)"', page))
    # Sphinx's own sidebar table of contents writes "#document-x#anchor"; ours are all on the page.
    body = page.partition('class="sphinxsidebar"')[0]
    hrefs = re.findall(r'href="#([^"]+)"', body)
    assert hrefs
    assert [h for h in hrefs if h not in ids] == []
    # No link to a page the single page has not got: areas, years, PEP pages, records.
    assert not re.search(r'href="(decisions|peps|this-week)/', page)
    assert 'href="https://peps.python.org/pep-0668/"' in page
    assert "The feeds are published with the web site" in page


def test_latex_has_the_decision_index_rows(outputs: dict[str, Output]) -> None:
    tex = outputs["latex"].read("testcouncil.tex")
    for record_id in ("0101", "0102", "0103", "0104", "0105"):
        assert f"PC\\sphinxhyphen{{}}{record_id}" in tex
    assert "Browse by area: Governance, PyPI, Standards, Tools. By year: 2027, 2026, 2016." in tex
    assert r"\sphinxhref{https://council.example.org/decisions.json}{decisions.json}" in tex
    assert r"\sphinxhref{https://peps.python.org/pep-0668/}" in tex
    # Every other link is to a document the book holds.
    assert re.findall(r"\\sphinxhref\{(?!https://)([^}]*)\}", tex) == []


def test_text_shows_generated_pages_as_text(outputs: dict[str, Output]) -> None:
    index = outputs["text"].read("decisions-index.txt")
    assert "Browse by area: Governance, PyPI, Standards, Tools." in index
