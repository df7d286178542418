"""Parallel and incremental builds write exactly what a clean serial build writes."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from buildoutputs import assert_parallel_equals_serial, assert_same_output, clean_build, rebuild
from conftest import ROOTS, editable


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-site", tmp_path / "src"))


def test_parallel_build_equals_serial_build(source: Path, tmp_path: Path) -> None:
    assert_parallel_equals_serial(source, tmp_path)


def test_repeated_builds_are_byte_identical(source: Path, tmp_path: Path) -> None:
    first = clean_build(source, tmp_path / "first")
    second = clean_build(source, tmp_path / "second")
    assert_same_output(second, first)


def _edit_prose(src: Path) -> None:
    path = src / "decisions" / "0101-example.md"
    path.write_text(editable(path).replace("Tests need a decision.", "Tests need one."))


def _retitle_cited_record(src: Path) -> None:
    # Pages citing PC-0102 (about.md, the listings, PC-0103's panel) show its title.
    path = src / "decisions" / "0102-old-rule.md"
    path.write_text(editable(path).replace("Adopt the old rule", "Adopt the older rule"))


def _supersede_a_record(src: Path) -> None:
    # PC-0101's own source does not change, but its panel and banner must.
    old = src / "decisions" / "0101-example.md"
    old.write_text(
        editable(old)
        .replace("status: accepted\nhistory", "status: superseded\nhistory")
        .replace(
            "    link: https://example.org/decision\n",
            "    link: https://example.org/decision\n  - date: 2027-06-01\n    status: superseded\n",
        )
    )
    new = src / "decisions" / "0103-new-rule.md"
    new.write_text(editable(new).replace("supersedes: [PC-0102]", "supersedes: [PC-0102, PC-0101]"))


def _add_a_record(src: Path) -> None:
    text = editable(src / "decisions" / "0103-new-rule.md")
    text = (
        text.replace("PC-0103", "PC-0105")
        .replace("supersedes: [PC-0102]\n", "")
        .replace("Adopt the new rule", "Adopt a further rule")
        .replace("areas: [standards]", "areas: [pypi]")
    )
    (src / "decisions" / "0105-further.md").write_text(text)


def _remove_a_record(src: Path) -> None:
    (src / "decisions" / "0104-rejected.md").unlink()


@pytest.mark.parametrize(
    "edit",
    [_edit_prose, _retitle_cited_record, _supersede_a_record, _add_a_record, _remove_a_record],
    ids=["prose", "retitle", "supersede", "add", "remove"],
)
def test_rebuild_after_an_edit_equals_a_clean_build(
    source: Path, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    incremental = clean_build(source, tmp_path / "incremental")
    edit(source)
    rebuild(source, incremental)
    clean = clean_build(source, tmp_path / "clean")
    if edit is _remove_a_record:
        # Sphinx never deletes output files; the removed record's own page stays behind.
        (incremental / "decisions" / "0104-rejected.html").unlink()
        (incremental / "_sources" / "decisions" / "0104-rejected.md.txt").unlink()
        for stale in ("pypi", "governance"):
            (incremental / "decisions" / "area" / f"{stale}.html").unlink(missing_ok=True)
        (incremental / "decisions" / "year" / "2026.html").unlink(missing_ok=True)
        (incremental / "peps" / "pep-0582.html").unlink()  # only the removed record cited it
        # PC-0104 was the only news of these weeks, so their issues are no longer published.
        for week in ("2026-W41", "2026-W44", "2026-W49"):
            (incremental / "this-week" / f"{week}.html").unlink()
    assert_same_output(incremental, clean)


# PEP pages: backlinks from records and {pep} roles, and a topic's PEP list (test-peps root).


@pytest.fixture
def pep_source(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-peps", tmp_path / "pep-src"))


def test_pep_pages_parallel_build_equals_serial_build(pep_source: Path, tmp_path: Path) -> None:
    serial = assert_parallel_equals_serial(pep_source, tmp_path)
    assert (serial / "peps" / "pep-0668.html").exists()


def _cite_another_pep(src: Path) -> None:
    # A new citation gives PEP 517 a page and adds the guide to it.
    guide = src / "guide.md"
    guide.write_text(editable(guide).replace("protects system Pythons.", "builds use {pep}`517`."))


def _retitle_citing_record(src: Path) -> None:
    # The pages of PEPs 722 and 723 and the PEP list show the record's title.
    path = src / "decisions" / "0001-reject-722.md"
    path.write_text(editable(path).replace("script dependencies in comments", "script comments"))


def _move_a_citation(src: Path) -> None:
    # PEP 772's page links to the section that cites it; the section is renamed.
    guide = src / "guide.md"
    guide.write_text(editable(guide).replace("## Governance", "## Who decides"))


def _add_record_about_replaced_pep(src: Path) -> None:
    # PEP 665 gets a page, so PEP 751's page now links its "Replaces" to it instead of out.
    text = editable(src / "decisions" / "0001-reject-722.md")
    text = text.replace("PC-0001", "PC-0003").replace("722, 723", "665")
    text = text.replace("in favour of {pep}`723`", "").replace("722", "665")
    (src / "decisions" / "0003-reject-665.md").write_text(text)


@pytest.mark.parametrize(
    "edit",
    [_cite_another_pep, _retitle_citing_record, _move_a_citation, _add_record_about_replaced_pep],
    ids=["cite", "retitle", "move", "related-page"],
)
def test_pep_pages_after_an_edit_equal_a_clean_build(
    pep_source: Path, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    incremental = clean_build(pep_source, tmp_path / "incremental")
    edit(pep_source)
    rebuild(pep_source, incremental)
    assert_same_output(incremental, clean_build(pep_source, tmp_path / "clean"))
