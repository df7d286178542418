"""``council releases refresh`` against a local index replaying PyPI's recorded answers: the
snapshot says what the answers say, and any bad answer changes nothing and is named."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from pypiserver import SIMPLE_TYPE, Index, Reply, recorded, serve_index
from releasenews import expected_project
from sphinx_council.cli import main

PROJECTS = ("build", "cibuildwheel", "hatchling", "pip")
FIRST_WEEK = "2026-W02"  # the horizon: Monday 5 January 2026
HORIZON = "2026-01-05"  # as expected_project assumes
SIMPLE_LIMIT = 20 * 1024 * 1024


@pytest.fixture(scope="module")
def server() -> Iterator[Index]:
    with serve_index() as index:
        yield index


@pytest.fixture
def index(server: Index) -> Iterator[Index]:
    server.replies.clear()
    yield server
    server.replies.clear()


@pytest.fixture
def root(tmp_path: Path) -> Path:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "conf.py").write_text(
        f"council_digest_start = {FIRST_WEEK!r}\n"
        f"council_release_watch = {['Build', 'cibuildwheel', 'hatchling', 'pip']!r}\n"
        'council_release_snapshot = "../releases"\n',
        "utf-8",
    )
    return tmp_path


def refresh(index: Index, root: Path, *extra: str) -> int:
    return main(["releases", "refresh", "--pypi-url", index.base, "--root", str(root), *extra])


def test_the_snapshot_says_what_pypi_answered(
    index: Index, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert refresh(index, root) == 0
    snapshot = root / "releases" / "releases.json"
    text = snapshot.read_text("utf-8")
    data = json.loads(text)
    assert data["projects"] == {name: expected_project(name) for name in PROJECTS}
    assert data["since"] == HORIZON and data["source"] == index.base
    assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ", data["fetched"])
    count = sum(len(project["releases"]) for project in data["projects"].values())
    out = capsys.readouterr().out
    assert f"releases.json: {count} releases of 4 projects since {HORIZON}." in out
    # The recordings hold what the checks are about: yanked releases, pre-releases, a
    # changelog under another label.
    assert any(r["yanked"] and r["yank_reason"] for r in data["projects"]["hatchling"]["releases"])
    assert any("rc" in r["version"] for r in data["projects"]["cibuildwheel"]["releases"])
    # Sorted and stable: a second refresh of the same answers differs only in its time.
    assert refresh(index, root) == 0
    again = snapshot.read_text("utf-8")
    assert re.sub('"fetched": "[^"]*"', "", again) == re.sub('"fetched": "[^"]*"', "", text)
    assert text == json.dumps(data, indent=1, sort_keys=True, ensure_ascii=False) + "\n"


def _edited(path: str, edit: Any) -> Reply:
    reply = recorded(path)
    assert reply is not None
    data = json.loads(reply.body)
    edit(data)
    return Reply(json.dumps(data).encode(), reply.content_type)


def test_a_plain_http_changelog_is_not_linked(index: Index, root: Path) -> None:
    def http_changelog(data: dict[str, Any]) -> None:
        data["info"]["project_urls"] = {"Changelog": "http://example.org/news"}

    index.replies["/pypi/pip/json"] = _edited("/pypi/pip/json", http_changelog)
    assert refresh(index, root) == 0
    data = json.loads((root / "releases" / "releases.json").read_text("utf-8"))
    assert data["projects"]["pip"]["changelog"] is None  # the release page stands in


def _set_version(value: str) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["versions"].append(value)

    return edit


def _set_first_file(key: str, value: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["files"][0][key] = value

    return edit


def _set_changelog(value: Any) -> Any:
    def edit(data: dict[str, Any]) -> None:
        data["info"]["project_urls"]["changelog"] = value

    return edit


PIP_SIMPLE = recorded("/simple/pip/")
assert PIP_SIMPLE is not None
WHOLE = PIP_SIMPLE.body
HALF = WHOLE[: len(WHOLE) // 2]

BAD_ANSWERS = {
    "server error": (
        "/simple/pip/",
        Reply(b"oops", "text/plain", 500),
        "pip: {base}/simple/pip/ answered HTTP 500",
    ),
    "unknown project": (
        "/pypi/hatchling/json",
        Reply(b"Not Found", "text/plain", 404),
        "hatchling: {base}/pypi/hatchling/json answered HTTP 404",
    ),
    "wrong type": (
        "/simple/pip/",
        Reply(b"<html></html>", "text/html"),
        f"pip: {{base}}/simple/pip/ answered 'text/html', not '{SIMPLE_TYPE}'",
    ),
    "not JSON": (
        "/simple/pip/",
        Reply(b"{not json", SIMPLE_TYPE),
        "pip: the Simple API page is not JSON",
    ),
    "cut short, with its length": (
        "/simple/pip/",
        Reply(HALF, SIMPLE_TYPE, length=len(WHOLE)),
        "pip: the answer from {base}/simple/pip/ is cut short",
    ),
    "cut short, without a length": (
        "/simple/pip/",
        Reply(HALF, SIMPLE_TYPE, send_length=False),
        "pip: the Simple API page is not JSON",
    ),
    "oversized, announced": (
        "/simple/pip/",
        Reply(b" " * 1024, SIMPLE_TYPE, repeat=SIMPLE_LIMIT // 1024 + 1),
        f"pip: {{base}}/simple/pip/ announces {SIMPLE_LIMIT + 1024} bytes, more than the "
        f"{SIMPLE_LIMIT} accepted",
    ),
    "oversized, unannounced": (
        "/simple/pip/",
        Reply(b" " * 1024 * 1024, SIMPLE_TYPE, send_length=False, repeat=21),
        f"pip: {{base}}/simple/pip/ sent more than the {SIMPLE_LIMIT} bytes accepted",
    ),
    "stalled": (
        "/simple/build/",
        Reply(WHOLE, SIMPLE_TYPE, stall=2.5),
        "build: {base}/simple/build/ could not be read: timed out",
    ),
    "trickling": (
        "/pypi/build/json",
        Reply(b'{"info": {"name": "build", "project_urls": {}}}', trickle=0.1),
        "build: {base}/pypi/build/json did not answer in time",
    ),
    "javascript changelog": (
        "/pypi/build/json",
        _edited("/pypi/build/json", _set_changelog("javascript:alert(1)")),
        "build: the changelog link 'javascript:alert(1)' is not an https: link",
    ),
    "changelog with markup": (
        "/pypi/build/json",
        _edited("/pypi/build/json", _set_changelog('https://example.org/"><script>')),
        "build: the changelog link 'https://example.org/\"><script>' contains '\"<>'",
    ),
    "redirect away from the web": (
        "/simple/pip/",
        Reply(b"", "text/plain", 302, location="ftp://127.0.0.1/pip.json"),
        "pip: {base}/simple/pip/ redirects to 'ftp://127.0.0.1/pip.json', not a web address",
    ),
    "version with a control character": (
        "/simple/pip/",
        _edited("/simple/pip/", _set_version("26.0\x1b[2J")),
        r"pip: the versions list has '26.0\x1b[2J' is not a version",
    ),
    "version with markup": (
        "/simple/pip/",
        _edited("/simple/pip/", _set_version("<script>alert(1)</script>")),
        "pip: the versions list has '<script>alert(1)</script>' is not a version",
    ),
    "upload time garbage": (
        "/simple/hatchling/",
        _edited("/simple/hatchling/", _set_first_file("upload-time", "last Tuesday")),
        "which is not a time between 2003 and now",
    ),
    "upload time in the future": (
        "/simple/hatchling/",
        _edited("/simple/hatchling/", _set_first_file("upload-time", "2999-01-01T00:00:00Z")),
        "has the upload time '2999-01-01T00:00:00Z', which is not a time between 2003 and now",
    ),
    "another project's page": (
        "/simple/pip/",
        _edited("/simple/pip/", lambda data: data.update(name="evil")),
        "pip: the Simple API page is about 'evil', not 'pip'",
    ),
    "yanked neither true, false nor a reason": (
        "/simple/cibuildwheel/",
        _edited("/simple/cibuildwheel/", _set_first_file("yanked", 1)),
        "has yanked 1",
    ),
    "no upload times (PEP 700)": (
        "/simple/pip/",
        _edited("/simple/pip/", lambda data: data["meta"].update({"api-version": "1.0"})),
        "pip: the Simple API page has api-version '1.0'; 1.1 or later",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_ANSWERS))
def test_a_bad_answer_changes_nothing_and_is_named(
    case: str, index: Index, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert refresh(index, root) == 0
    snapshot = root / "releases" / "releases.json"
    before = snapshot.read_bytes()
    capsys.readouterr()
    path, reply, message = BAD_ANSWERS[case]
    index.replies[path] = reply
    assert refresh(index, root, "--timeout", "1") == 1
    err = capsys.readouterr().err
    assert message.format(base=index.base) in err
    project = path.split("/")[2]  # /simple/NAME/ or /pypi/NAME/json
    assert f"\n{project}: " in f"\n{err.removeprefix('council releases refresh: ')}"
    assert "The snapshot in" in err and "is unchanged." in err
    assert snapshot.read_bytes() == before
    assert not list(snapshot.parent.glob(".*.tmp"))


def test_every_failing_project_is_named_at_once(
    index: Index, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    index.replies["/simple/build/"] = Reply(b"", "text/plain", 503)
    index.replies["/pypi/pip/json"] = Reply(b"[]")
    assert refresh(index, root) == 1
    err = capsys.readouterr().err
    assert f"build: {index.base}/simple/build/ answered HTTP 503" in err
    assert "pip: the JSON API answer is not a JSON object" in err
    assert not (root / "releases").joinpath("releases.json").exists()


@pytest.mark.parametrize(
    ("watch", "message"),
    [
        (["pip", "../etc"], "council_release_watch '../etc' is not a PyPI project name"),
        (
            ["Flit_Core", "flit-core"],
            "council_release_watch names 'flit-core' twice ('Flit_Core' and 'flit-core')",
        ),
        ("pip", "council_release_watch must be a list of PyPI project names, not 'pip'"),
    ],
)
def test_a_watch_list_that_cannot_be_asked_for_is_a_usage_error(
    watch: Any, message: str, index: Index, root: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    conf = root / "docs" / "conf.py"
    conf.write_text(f"# the project's options\ncouncil_release_watch = {watch!r}\n", "utf-8")
    assert refresh(index, root) == 2
    err = capsys.readouterr().err
    assert f"docs/conf.py:2: {message}" in err.replace(str(root) + "/", "")
    assert not (root / "releases").exists()


def test_the_index_must_be_a_web_address(root: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["releases", "refresh", "--pypi-url", "file:///etc", "--root", str(root)]) == 2
    assert "--pypi-url 'file:///etc' is not an http(s) address" in capsys.readouterr().err
