"""One reader for many files (core/sourcefiles.py ``SourceReader``): each folder on the way is
opened once and kept, and what it keeps never lets a link in."""

from __future__ import annotations

from pathlib import Path

import pytest

from sphinx_council.core.problems import Problem
from sphinx_council.core.sourcefiles import FileRefused, SourceReader

SECRET = b"SECRET-41c2: the publish token"
LINK = (
    "is a symbolic link; the project reads only regular files inside it, never through a "
    "link: replace the link with the file or folder itself"
)


def open_descriptors() -> int:
    return sum(1 for _ in Path("/proc/self/fd").iterdir())


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "decisions").mkdir(parents=True)
    for name in ("a.md", "b.md"):
        (root / "decisions" / name).write_text(f"record {name}", "utf-8")
    outside = tmp_path / "outside"
    outside.mkdir()
    for name in ("a.md", "b.md"):
        (outside / name).write_bytes(SECRET)
    return root


def test_a_folder_swapped_for_a_link_mid_run_is_never_followed(project: Path) -> None:
    decisions = project / "decisions"
    with SourceReader(project) as reader:
        assert reader.read_bytes(decisions / "a.md") == b"record a.md"
        decisions.rename(project / "moved")
        decisions.symlink_to(project.parent / "outside", target_is_directory=True)
        # The kept descriptor is the folder that was checked, wherever it went since.
        assert reader.read_bytes(decisions / "b.md") == b"record b.md"
    with SourceReader(project) as reader, pytest.raises(FileRefused) as refused:
        reader.read_bytes(decisions / "b.md")
    assert refused.value.message == f"its folder decisions {LINK}"


def test_many_folders_are_read_with_a_bounded_number_of_descriptors(tmp_path: Path) -> None:
    count = SourceReader.MAX_FOLDERS * 2 + 3
    for index in range(count):
        folder = tmp_path / f"f{index:03}" / "inner"
        folder.mkdir(parents=True)
        (folder / "x.md").write_text(str(index), "utf-8")
    before = open_descriptors()
    with SourceReader(tmp_path) as reader:
        for index in range(count):
            path = tmp_path / f"f{index:03}" / "inner" / "x.md"
            assert reader.read_bytes(path) == str(index).encode()
            assert open_descriptors() - before <= SourceReader.MAX_FOLDERS + 2
    assert open_descriptors() == before


def test_problems_are_reported_per_file_and_the_reader_goes_on(project: Path) -> None:
    decisions = project / "decisions"
    (decisions / "link.md").symlink_to(project.parent / "outside" / "a.md")
    (decisions / "latin1.md").write_bytes(b"caf\xe9")
    problems: list[Problem] = []
    with SourceReader(project) as reader:
        texts = [
            reader.read(decisions / name, problems, source=f"decisions/{name}")
            for name in ("a.md", "link.md", "latin1.md", "b.md")
        ]
    assert texts == ["record a.md", None, None, "record b.md"]
    assert [(p.source, p.message) for p in problems] == [
        ("decisions/link.md", LINK),
        ("decisions/latin1.md", "the file is not UTF-8 text (byte 3); save it as UTF-8"),
    ]
