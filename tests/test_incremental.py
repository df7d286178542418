"""Parallel and incremental builds write exactly what a clean serial build writes."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from conftest import ROOTS, sphinx_build


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file's bytes, by path relative to the output folder."""
    files = {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }
    files["searchindex.js"] = _without_empty_terms(files["searchindex.js"])
    return files


def _without_empty_terms(index: bytes) -> bytes:
    """Sphinx's own incremental search index keeps words no page contains any more, with an
    empty page list (plain Sphinx does the same); they find nothing, so they are dropped here."""
    text = index.decode()
    data = json.loads(re.fullmatch(r"Search\.setIndex\((.*)\)", text.strip(), re.S).group(1))
    for key in ("terms", "titleterms"):
        data[key] = {word: docs for word, docs in data[key].items() if docs != []}
    return json.dumps(data, sort_keys=True).encode()


def assert_same_output(actual: Path, expected: Path) -> None:
    got, want = snapshot(actual), snapshot(expected)
    assert sorted(got) == sorted(want)
    differing = [name for name in want if got[name] != want[name]]
    assert differing == []


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-site", tmp_path / "src"))


def clean_build(src: Path, out: Path, *args: str) -> Path:
    result = sphinx_build(
        src, out, "-W", "-E", "-d", str(out.parent / f"{out.name}-doctrees"), *args
    )
    assert result.returncode == 0, result.stderr
    return out


def test_parallel_build_equals_serial_build(source: Path, tmp_path: Path) -> None:
    serial = clean_build(source, tmp_path / "serial")
    parallel = clean_build(source, tmp_path / "parallel", "-j", "2")
    assert_same_output(parallel, serial)


def test_repeated_builds_are_byte_identical(source: Path, tmp_path: Path) -> None:
    first = clean_build(source, tmp_path / "first")
    second = clean_build(source, tmp_path / "second")
    assert_same_output(second, first)


def _edit_prose(src: Path) -> None:
    path = src / "decisions" / "0101-example.md"
    path.write_text(path.read_text().replace("Tests need a decision.", "Tests need one."))


def _retitle_cited_record(src: Path) -> None:
    # Pages citing PC-0102 (about.md, the listings, PC-0103's panel) show its title.
    path = src / "decisions" / "0102-old-rule.md"
    path.write_text(path.read_text().replace("Adopt the old rule", "Adopt the older rule"))


def _supersede_a_record(src: Path) -> None:
    # PC-0101's own source does not change, but its panel and banner must.
    old = src / "decisions" / "0101-example.md"
    old.write_text(
        old.read_text()
        .replace("status: accepted\nhistory", "status: superseded\nhistory")
        .replace(
            "    link: https://example.org/decision\n",
            "    link: https://example.org/decision\n  - date: 2027-06-01\n    status: superseded\n",
        )
    )
    new = src / "decisions" / "0103-new-rule.md"
    new.write_text(
        new.read_text().replace("supersedes: [PC-0102]", "supersedes: [PC-0102, PC-0101]")
    )


def _add_a_record(src: Path) -> None:
    text = (src / "decisions" / "0103-new-rule.md").read_text()
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
    result = sphinx_build(source, incremental, "-W", "-d", str(tmp_path / "incremental-doctrees"))
    assert result.returncode == 0, result.stderr
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
    serial = clean_build(pep_source, tmp_path / "serial")
    parallel = clean_build(pep_source, tmp_path / "parallel", "-j", "2")
    assert (serial / "peps" / "pep-0668.html").exists()
    assert_same_output(parallel, serial)


def _cite_another_pep(src: Path) -> None:
    # A new citation gives PEP 517 a page and adds the guide to it.
    guide = src / "guide.md"
    guide.write_text(
        guide.read_text().replace("protects system Pythons.", "builds use {pep}`517`.")
    )


def _retitle_citing_record(src: Path) -> None:
    # The pages of PEPs 722 and 723 and the PEP list show the record's title.
    path = src / "decisions" / "0001-reject-722.md"
    path.write_text(path.read_text().replace("script dependencies in comments", "script comments"))


def _move_a_citation(src: Path) -> None:
    # PEP 772's page links to the section that cites it; the section is renamed.
    guide = src / "guide.md"
    guide.write_text(guide.read_text().replace("## Governance", "## Who decides"))


def _add_record_about_replaced_pep(src: Path) -> None:
    # PEP 665 gets a page, so PEP 751's page now links its "Replaces" to it instead of out.
    text = (src / "decisions" / "0001-reject-722.md").read_text()
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
    doctrees = str(tmp_path / "incremental-doctrees")
    result = sphinx_build(pep_source, incremental, "-W", "-d", doctrees)
    assert result.returncode == 0, result.stderr
    assert_same_output(incremental, clean_build(pep_source, tmp_path / "clean"))
