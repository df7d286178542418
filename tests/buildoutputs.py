"""Comparing builds: a clean build, an incremental rebuild on its environment, and the check
that two output folders hold the same bytes (parallel, incremental and repeated builds must
all equal a clean serial build)."""

from __future__ import annotations

import json
import re
from pathlib import Path

from conftest import sphinx_build


def snapshot(out: Path) -> dict[str, bytes]:
    """Every output file's bytes, by path relative to the output folder."""
    files = {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in sorted(out.rglob("*"))
        if path.is_file() and ".doctrees" not in path.parts
    }
    if "searchindex.js" in files:  # a site searched with Pagefind has no Sphinx index
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


def clean_build(src: Path, out: Path, *args: str) -> Path:
    result = sphinx_build(
        src, out, "-W", "-E", "-d", str(out.parent / f"{out.name}-doctrees"), *args
    )
    assert result.returncode == 0, result.stderr
    return out


def rebuild(src: Path, out: Path, *args: str) -> Path:
    """Build again into ``out`` on the environment its last build left: an incremental build."""
    result = sphinx_build(src, out, "-W", "-d", str(out.parent / f"{out.name}-doctrees"), *args)
    assert result.returncode == 0, result.stderr
    return out


def assert_parallel_equals_serial(src: Path, work: Path) -> Path:
    """A ``-j 2`` build gives the same bytes as a serial one; returns the serial output."""
    serial = clean_build(src, work / "serial")
    assert_same_output(clean_build(src, work / "parallel", "-j", "2"), serial)
    return serial
