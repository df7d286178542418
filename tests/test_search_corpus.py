"""Search on the benchmark's 1,000-record corpus (bench/corpus.py), in Chromium: ids and titles
still come first when the council has a long history."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from browsing import playwright_api  # noqa: F401 (skips or fails this module without a browser)
from conftest import sphinx_build
from feedserver import serve
from test_search_browser import search

BENCH = Path(__file__).parent.parent / "bench"
sys.path.insert(0, str(BENCH))
from projects import Projects, make_projects  # noqa: E402

SIZE = 1000


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[Projects, str]]:
    work = tmp_path_factory.mktemp("corpus")
    projects = make_projects(work, SIZE)
    out = work / "html"
    result = sphinx_build(projects.council, out, "-q", "-d", str(work / "doctrees"))
    assert result.returncode == 0, result.stderr
    assert (out / "pagefind" / "pagefind-entry.json").is_file()
    with serve(out) as url:
        yield projects, url


@pytest.mark.parametrize("number", [11, 500, 999])
def test_a_record_id_finds_the_record_first(
    browser: Any, corpus: tuple[Projects, str], number: int
) -> None:
    projects, url = corpus
    record = projects.records[number - 1]
    assert record.id == f"PC-{number:04d}"
    _, found = search(browser, url, record.id)
    assert found[0] == f"decisions/{record.filename.removesuffix('.md')}.html"


def test_a_title_finds_its_record_in_the_top_three(
    browser: Any, corpus: tuple[Projects, str]
) -> None:
    projects, url = corpus
    record = projects.records[420]
    title = next(
        line.removeprefix("title: ").strip('"')
        for line in record.text.splitlines()
        if line.startswith("title: ")
    )
    _, found = search(browser, url, title)
    assert f"decisions/{record.filename.removesuffix('.md')}.html" in found[:3], (title, found[:5])


def test_a_pep_number_finds_its_page_in_the_top_three(
    browser: Any, corpus: tuple[Projects, str]
) -> None:
    projects, url = corpus
    number = projects.records[7].peps[0]
    _, found = search(browser, url, f"PEP {number}")
    assert f"peps/pep-{number:04d}.html" in found[:3], found[:5]
