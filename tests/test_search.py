"""Search with Pagefind: the facets each page carries, the index written with the build, and
the pure helpers behind them. Queries run in a browser in test_search_browser.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from buildoutputs import assert_same_output, clean_build, rebuild
from conftest import ROOTS
from sphinx_council.search.facets import (
    SearchFacets,
    facet_token,
    id_shape,
    page_kind,
    pep_aliases,
    pep_token,
    record_aliases,
)
from sphinx_council.search.html import (
    anchor_headings,
    heading_words,
    without_sphinx_search,
)


def test_facets_name_areas_and_personas_as_the_pages_do() -> None:
    facets = SearchFacets(
        kind="Decision",
        status="Accepted",
        areas=("pypi", "user-guide"),
        personas=("app-developer",),
        year="2025",
    )
    assert facets.filters() == [
        ("kind", "Decision"),
        ("status", "Accepted"),
        ("area", "PyPI"),
        ("area", "User guide"),
        ("persona", "App developer"),
        ("year", "2025"),
    ]


def test_facet_tokens_are_single_words_none_the_start_of_another() -> None:
    tokens = {facet_token(key, str(value)) for key in ("kind", "year") for value in range(300)}
    assert len(tokens) == 600
    assert all(t.isalpha() and t.endswith("q") and len(t) == 14 for t in tokens)
    assert facet_token("kind", "Decision") == facet_token("kind", "Decision")


def test_pep_marks_spell_the_number_as_one_word() -> None:
    assert pep_token("page", 751) == "zpageahfbq"
    assert pep_token("decides", 8) == "zdecidesaaaiq"


def test_an_unindexed_page_has_no_filters() -> None:
    assert SearchFacets().filters() == []


def test_ids_are_searchable_as_readers_type_them() -> None:
    assert pep_aliases(751) == ("PEP 751", "PEP751", "PEP-751", "751")
    assert record_aliases("PC-0011") == ("PC-0011", "PC0011")


@pytest.mark.parametrize(
    ("pattern", "shape"),
    [
        (r"PC-\d{4}", ("PC", "-", 4)),
        (r"ADR\d{3}", ("ADR", "", 3)),
        (r"[A-Z]+-\d+", None),  # no fixed shape: ids are searched as typed
        (r"PC-\d{4}-x", None),
    ],
)
def test_the_search_page_knows_how_record_ids_are_shaped(
    pattern: str, shape: tuple[str, str, int] | None
) -> None:
    assert id_shape(pattern) == shape


def test_a_decision_names_the_pep_it_decides_so_results_bring_the_pep_along() -> None:
    assert SearchFacets(kind="Decision", marks=(pep_token("decides", 639),)).decided_pep == "639"
    assert SearchFacets(kind="Decision", marks=(pep_token("decides", 8),)).decided_pep == "8"
    assert SearchFacets(kind="PEP", marks=(pep_token("page", 639),)).decided_pep == ""


@pytest.mark.parametrize(
    ("pagename", "kind"),
    [
        ("peps/pep-0751", ("PEP", "")),
        ("this-week/2026-W16", ("Newsletter", "2026")),
        ("decisions/area/pypi", ("", "")),
        ("peps", ("", "")),
    ],
)
def test_generated_pages_are_known_by_name(pagename: str, kind: tuple[str, str]) -> None:
    assert page_kind(pagename) == kind


def test_section_headings_get_an_id_for_sub_results() -> None:
    body = '<section id="step-3">\n<h2>Lock it<a class="headerlink" href="#step-3">#</a></h2>'
    assert anchor_headings(body) == (
        '<section id="step-3">\n<h2 id="step-3-title">Lock it<a class="headerlink" href="#step-3">#</a></h2>'
    )


def test_the_theme_no_longer_loads_sphinx_search_index() -> None:
    head = (
        '  <meta name="viewport" content="width=device-width"/>\n'
        '    <script src="_static/searchtools.js"></script>\n'
        '    <script src="_static/language_data.js"></script>\n'
        '    <script src="searchindex.js"></script>\n'
    )
    assert without_sphinx_search(head) == '  <meta name="viewport" content="width=device-width"/>\n'


def test_heading_words_come_from_indexed_pages_only() -> None:
    page = "<div data-pagefind-body><h1>Trusted <em>publishing</em></h1><h2>Why it matters</h2><p>Tokens</p></div>"
    assert heading_words(page) == {"trusted", "publishing", "matters"}
    assert heading_words("<h1>Trusted publishing</h1>") == set()


def _searched_site(src: Path) -> None:
    with (src / "conf.py").open("a") as conf:
        conf.write("council_search = True\n")


@pytest.fixture(scope="module")
def searched(tmp_path_factory: pytest.TempPathFactory) -> Path:
    work = tmp_path_factory.mktemp("search")
    src = Path(shutil.copytree(ROOTS / "test-site", work / "src"))
    _searched_site(src)
    return clean_build(src, work / "html")


def test_the_build_writes_a_pagefind_index_of_every_content_page(searched: Path) -> None:
    entry = json.loads((searched / "pagefind" / "pagefind-entry.json").read_text())
    indexed = entry["languages"]["en"]["page_count"]
    content_pages = [
        p
        for p in searched.rglob("*.html")
        if "pagefind" not in p.parts and "data-pagefind-body" in p.read_text()
    ]
    assert content_pages, "no page was marked for indexing"
    assert indexed == len(content_pages)
    assert not (searched / "searchindex.js").exists()
    words = json.loads((searched / "pagefind" / "council-words.json").read_text())
    assert words == sorted(words) and "decision" in " ".join(words)
    facets = json.loads((searched / "pagefind" / "council-facets.json").read_text())
    assert facets["kind"]["Decision"] == facet_token("kind", "Decision")
    assert "Page" in facets["kind"] and facets["area"]


def test_a_decision_page_carries_its_facets_and_summary(searched: Path) -> None:
    page = next((searched / "decisions").glob("0101-*.html")).read_text()
    assert (
        '<meta property="council:kind" content="Decision" data-pagefind-meta="kind[content]"/>'
        in page
    )
    assert '<meta property="council:area" content="Standards"/>' in page
    assert 'data-pagefind-meta="summary[content]"' in page
    facets = SearchFacets(
        "Decision", "Accepted", ("standards",), ("publisher",), "2027", marks=("zdecidesafbhq",)
    )
    tokens = " ".join(facets.tokens())
    assert f'<p class="council-search-aliases" hidden data-pagefind-weight="0.1">{tokens}' in page
    assert '<p class="council-search-aliases" hidden data-pagefind-weight="10">PC-0101' in page
    # The theme no longer loads Sphinx's index on every page.
    assert "searchindex.js" not in page


def test_the_search_page_works_from_its_address_and_says_what_to_do_without_javascript(
    searched: Path,
) -> None:
    page = (searched / "search.html").read_text()
    assert '<input id="council-search-query" name="q" type="search"' in page
    assert "<noscript>" in page and "Search needs JavaScript" in page
    notice = page.split("Search needs JavaScript", 1)[1].split("</noscript>", 1)[0]
    assert '<li><a href="decisions-index.html">All decisions</a></li>' in notice
    assert "data-pagefind-body" not in page


def test_search_off_keeps_sphinx_search(tmp_path: Path) -> None:
    src = Path(shutil.copytree(ROOTS / "test-site", tmp_path / "src"))
    out = clean_build(src, tmp_path / "html")
    assert (out / "searchindex.js").is_file()
    assert not (out / "pagefind").exists()
    assert "data-pagefind" not in (out / "index.html").read_text()


def test_the_index_is_reproducible_in_parallel_and_after_an_edit(
    tmp_path: Path, searched: Path
) -> None:
    src = Path(shutil.copytree(ROOTS / "test-site", tmp_path / "src"))
    _searched_site(src)
    parallel = clean_build(src, tmp_path / "parallel", "-j", "2")
    assert_same_output(parallel, searched)
    # An edit that is then undone: the rebuilt index equals a clean build's, byte for byte.
    record = next((src / "decisions").glob("0101-*.md"))
    original = record.read_text()
    assert "summary:" in original
    record.write_text(original.replace("summary:", "summary: Edited.", 1))
    rebuild(src, parallel)
    assert (parallel / "pagefind" / "pagefind-entry.json").read_bytes() != (
        searched / "pagefind" / "pagefind-entry.json"
    ).read_bytes()
    record.write_text(original)
    rebuild(src, parallel)
    assert_same_output(parallel, searched)
