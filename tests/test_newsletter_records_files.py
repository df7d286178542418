"""The newsletter's own data files (the releases snapshot, the record of published issues and
the records of what was sent) are read as every input file is: never through a link, never
from a pipe, so a pull request cannot point them at a file outside the project."""

from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

import pytest

from sphinx_council.newsletter.published import PublishedUnreadable, read_published
from sphinx_council.newsletter.releases import SnapshotProblem, load_snapshot
from sphinx_council.newsletter.sent import AlreadySent, read_record

LINK = (
    "is a symbolic link; the project reads only regular files inside it, never through a "
    "link: replace the link with the file or folder itself"
)
SECRET = "root:x:0:0:secret-line"


def read_snapshot_at(path: Path) -> object:
    return load_snapshot(path.parent)


READERS: list[tuple[str, Callable[[Path], object], type[Exception]]] = [
    ("releases.json", read_snapshot_at, SnapshotProblem),
    ("published.json", read_published, PublishedUnreadable),
    ("2026-W50.json", read_record, AlreadySent),
]


@pytest.mark.parametrize(("name", "read", "refused"), READERS)
def test_a_data_file_that_is_a_link_is_refused_and_not_read(
    tmp_path: Path, name: str, read: Callable[[Path], object], refused: type[Exception]
) -> None:
    (tmp_path / "outside.json").write_text(f'{{"x": "{SECRET}"}}', "utf-8")
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / name).symlink_to(tmp_path / "outside.json")
    with pytest.raises(refused) as raised:
        read(tmp_path / "data" / name)
    assert LINK in str(raised.value)
    assert SECRET not in str(raised.value)


@pytest.mark.parametrize(("name", "read", "refused"), READERS)
def test_a_data_file_that_is_a_pipe_is_refused_without_waiting(
    tmp_path: Path, name: str, read: Callable[[Path], object], refused: type[Exception]
) -> None:
    os.mkfifo(tmp_path / name)
    with pytest.raises(refused) as raised:
        read(tmp_path / name)
    assert "is a named pipe (FIFO), not a file" in str(raised.value)
