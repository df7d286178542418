"""``council check`` remembers each record file's findings, and the cache never changes the answer.

The corpus is the benchmark's (bench/corpus.py): after each kind of edit a council member makes,
the cached check reports exactly what a check without the cache reports.
"""

from __future__ import annotations

import json
import pickle
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_council.cli import main
from sphinx_council.core.settings import RuleSettings
from sphinx_council.decisions import project as project_module
from sphinx_council.decisions.cachefiles import MARK
from sphinx_council.decisions.checkcache import (
    CACHE_DIR,
    CHANGES_FILE,
    MIN_CHANGES,
    CheckCache,
    file_key,
)
from sphinx_council.decisions.project import check_project

BENCH = Path(__file__).parent.parent / "bench"
sys.path.insert(0, str(BENCH))
from corpus import Record, edit_record, write_corpus  # noqa: E402

SIZE = 60
CACHE = Path(CACHE_DIR) / "check.pickle"


@pytest.fixture
def corpus(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> list[Record]:
    monkeypatch.chdir(tmp_path)
    return write_corpus(SIZE, tmp_path / "decisions")


def check(capsys: pytest.CaptureFixture[str], *options: str) -> tuple[int, dict[str, object]]:
    code = main(["check", "--format", "json", *options])
    return code, json.loads(capsys.readouterr().out)


def same_answer(capsys: pytest.CaptureFixture[str]) -> dict[str, object]:
    """The cached check's answer, after asserting it is the uncached one."""
    cached = check(capsys)
    assert cached == check(capsys, "--no-cache")
    return cached[1]


def messages(document: dict[str, object]) -> list[str]:
    return [str(problem["message"]) for problem in document["problems"]]  # type: ignore[attr-defined, index]


def record_file(records: list[Record], index: int) -> Path:
    return Path("decisions") / records[index].filename


def replace_in(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_a_clean_corpus_is_clean_with_and_without_the_cache(
    corpus: list[Record], capsys: pytest.CaptureFixture[str]
) -> None:
    assert same_answer(capsys)["problems"] == []
    assert CACHE.is_file()
    assert same_answer(capsys)["problems"] == []  # the second run reads the cache


EDITS: dict[str, Callable[[list[Record]], str]] = {}


def edit(name: str) -> Callable[[Callable[[list[Record]], str]], Callable[[list[Record]], str]]:
    def register(change: Callable[[list[Record]], str]) -> Callable[[list[Record]], str]:
        EDITS[name] = change
        return change

    return register


@edit("prose")
def _prose(records: list[Record]) -> str:
    edit_record(record_file(records, 5), 1)
    return ""


@edit("front matter")
def _front_matter(records: list[Record]) -> str:
    path = record_file(records, 7)
    replace_in(path, f"status: {records[7].status}", "status: acepted")
    return "'acepted' is not one of"


@edit("duplicate id")
def _duplicate(records: list[Record]) -> str:
    copy = Path("decisions") / "9999-copy.md"
    copy.write_text(record_file(records, 3).read_text("utf-8"), "utf-8")
    return records[3].id


@edit("reference to a record that does not exist yet")
def _reference(records: list[Record]) -> str:
    with record_file(records, 9).open("a", encoding="utf-8") as stream:
        stream.write("\nSee {decision}`PC-0999`.\n")
    return "'PC-0999' is not the id of any decision record"


@edit("raw HTML")
def _raw_html(records: list[Record]) -> str:
    with record_file(records, 11).open("a", encoding="utf-8") as stream:
        stream.write("\n<script>alert(1)</script>\n")
    return "raw HTML (<script>)"


@edit("superseded record deleted")
def _deleted(records: list[Record]) -> str:
    newer = next(r for r in records if r.supersedes)
    older = next(i for i, r in enumerate(records) if r.id == newer.supersedes[0])
    record_file(records, older).unlink()
    return newer.supersedes[0]


@pytest.mark.parametrize("name", sorted(EDITS))
def test_after_each_kind_of_edit_the_cache_gives_the_uncached_answer(
    corpus: list[Record], capsys: pytest.CaptureFixture[str], name: str
) -> None:
    same_answer(capsys)
    expected = EDITS[name](corpus)
    found = messages(same_answer(capsys))
    if expected:
        assert any(expected in message for message in found), found
    else:
        assert found == []


def test_a_reference_resolves_when_the_record_it_names_arrives(
    corpus: list[Record], capsys: pytest.CaptureFixture[str]
) -> None:
    """The referring file is unchanged and cached; its reference is resolved again."""
    _reference(corpus)
    assert messages(same_answer(capsys)) == [
        "{decision}: 'PC-0999' is not the id of any decision record"
    ]
    text = record_file(corpus, 0).read_text("utf-8").replace(corpus[0].id, "PC-0999", 1)
    (Path("decisions") / "0999-new.md").write_text(text, "utf-8")
    assert messages(same_answer(capsys)) == []


def test_a_new_vocabulary_in_conf_py_checks_every_record_again(
    corpus: list[Record], capsys: pytest.CaptureFixture[str]
) -> None:
    same_answer(capsys)
    Path("docs").mkdir()
    Path("docs/conf.py").write_text('council_kinds = ["errata"]\n', "utf-8")
    found = messages(same_answer(capsys))
    assert len(found) == sum(1 for r in corpus if "kind: errata" not in r.text)


def test_after_one_edit_only_that_file_is_read_again(corpus: list[Record]) -> None:
    root, settings = Path(), RuleSettings()
    first = CheckCache.open(root, settings)
    check_project(Path("decisions"), None, settings, cache=first)
    assert first.hits == 0
    edit_record(record_file(corpus, 2), 1)
    second = CheckCache.open(root, settings)
    check_project(Path("decisions"), None, settings, cache=second)
    assert second.hits == SIZE - 1


def test_the_cache_folder_says_it_is_a_cache(corpus: list[Record]) -> None:
    assert main(["check"]) == 0
    assert (Path(CACHE_DIR) / ".gitignore").read_text("utf-8").splitlines()[-1] == "*"
    assert (
        (Path(CACHE_DIR) / "CACHEDIR.TAG")
        .read_text("utf-8")
        .startswith("Signature: 8a477f597d28d172789f06886806bc55")
    )


def test_no_cache_leaves_no_cache(corpus: list[Record]) -> None:
    assert main(["check", "--no-cache"]) == 0
    assert not Path(CACHE_DIR).exists()


class Planted:
    """What a hostile cache file would run when unpickled without care."""

    def __reduce__(self) -> tuple[object, tuple[str, str]]:
        return (open, ("planted", "w"))


def _signed(payload: bytes) -> bytes:
    import hashlib  # noqa: PLC0415

    return MARK + hashlib.sha256(payload).digest() + payload


DAMAGED = {
    "empty": b"",
    "garbage": b"\x00\xffnot a cache",
    "truncated": None,  # the real file, cut in half
    "wrong checksum": MARK + b"\x00" * 32 + pickle.dumps(("x", {})),
    "foreign context": _signed(pickle.dumps(("another project's rules", {}))),
    "foreign object": _signed(pickle.dumps(("x", Planted()))),
    "wrong shape": _signed(pickle.dumps(["a list"])),
}


@pytest.mark.parametrize("kind", sorted(DAMAGED))
def test_a_damaged_or_foreign_cache_is_ignored_and_replaced(
    corpus: list[Record], capsys: pytest.CaptureFixture[str], kind: str
) -> None:
    edit_record(record_file(corpus, 1), 1)
    expected = check(capsys, "--no-cache")
    assert check(capsys) == expected  # a good cache exists now
    good = CACHE.read_bytes()
    damaged = DAMAGED[kind]
    CACHE.write_bytes(good[: len(good) // 2] if damaged is None else damaged)
    assert check(capsys) == expected
    assert not Path("planted").exists()
    assert CACHE.read_bytes() == good  # rewritten whole by the check that ignored it


def test_a_cache_entry_is_keyed_by_the_name_the_file_is_shown_under() -> None:
    assert file_key("decisions/a.md", "text") != file_key("decisions/b.md", "text")
    assert file_key("decisions/a.md", "text") != file_key("decisions/a.md", "text ")


def test_a_project_folder_that_cannot_be_written_still_gets_its_check(
    corpus: list[Record], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    (tmp_path / CACHE_DIR).write_text("a file where the cache folder would be", "utf-8")
    assert check(capsys) == check(capsys, "--no-cache")


def test_a_cache_folder_that_links_outside_the_project_is_not_written(
    corpus: list[Record], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-outside"
    outside.mkdir()
    Path(CACHE_DIR).symlink_to(outside, target_is_directory=True)
    assert check(capsys) == check(capsys, "--no-cache")
    assert list(outside.iterdir()) == []


def test_cache_files_that_are_links_are_neither_read_nor_followed(
    corpus: list[Record], capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    outside = tmp_path.parent / f"{tmp_path.name}-elsewhere"
    Path(CACHE_DIR).mkdir()
    (Path(CACHE_DIR) / ".gitignore").symlink_to(outside / "planted")  # dangling
    CACHE.symlink_to("/dev/zero")
    assert check(capsys) == check(capsys, "--no-cache")
    assert not outside.exists()
    assert CACHE.is_file() and not CACHE.is_symlink()  # replaced by a real cache


# -- after an edit, only what changed is written -------------------------------------------------

CHANGES = Path(CACHE_DIR) / CHANGES_FILE


def read_again(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The record files that ``council check`` reads anew (not from its cache)."""
    read: list[str] = []
    derive = project_module._facts

    def counted(source: str, text: str, settings: RuleSettings) -> object:
        read.append(source)
        return derive(source, text, settings)

    monkeypatch.setattr(project_module, "_facts", counted)
    assert main(["check", "--format", "json"]) in (0, 1)
    return read


def test_an_edit_writes_the_changes_file_and_leaves_the_whole_cache_alone(
    corpus: list[Record], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    same_answer(capsys)
    whole = CACHE.read_bytes()
    assert not CHANGES.exists()
    for attempt in range(3):  # the same record edited again, then another
        edit_record(record_file(corpus, 4 + attempt // 2 * 10), attempt + 1)
        same_answer(capsys)
        assert CACHE.read_bytes() == whole
        assert CHANGES.is_file()
    assert read_again(monkeypatch) == []


def test_a_deleted_record_stays_dropped_and_an_unchanged_check_writes_nothing(
    corpus: list[Record], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    same_answer(capsys)
    record_file(corpus, 6).unlink()
    same_answer(capsys)
    files = {path: path.read_bytes() for path in (CACHE, CHANGES)}
    stamps = {path: path.stat().st_mtime_ns for path in files}
    check(capsys)
    assert {path: path.stat().st_mtime_ns for path in files} == stamps
    assert read_again(monkeypatch) == []


def test_many_changes_rewrite_the_whole_cache(
    corpus: list[Record], capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    same_answer(capsys)
    whole = CACHE.read_bytes()
    for index in range(MIN_CHANGES + 1):
        edit_record(record_file(corpus, index), 1)
    same_answer(capsys)
    assert CACHE.read_bytes() != whole
    assert not CHANGES.exists()
    assert read_again(monkeypatch) == []


@pytest.mark.parametrize("kind", [*sorted(DAMAGED), "written against another cache"])
def test_a_damaged_or_foreign_changes_file_is_ignored(
    corpus: list[Record],
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    kind: str,
) -> None:
    same_answer(capsys)
    edit_record(record_file(corpus, 1), 1)
    expected = check(capsys, "--no-cache")
    assert check(capsys) == expected  # the changes file exists now
    if kind == "written against another cache":
        earlier = CHANGES.read_bytes()
        for index in range(MIN_CHANGES + 1):  # the whole cache is written anew
            edit_record(record_file(corpus, 10 + index), 1)
        expected = check(capsys, "--no-cache")
        assert check(capsys) == expected and not CHANGES.exists()
        CHANGES.write_bytes(earlier)  # signed here, but for the cache before
    else:
        good = CHANGES.read_bytes()
        damaged = DAMAGED[kind]
        CHANGES.write_bytes(good[: len(good) // 2] if damaged is None else damaged)
    assert check(capsys) == expected
    assert not Path("planted").exists()
    assert read_again(monkeypatch) == []
