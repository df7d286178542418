"""``council peps refresh`` against a local HTTP server: good, truncated and invalid answers,
written into the project and never into the installed package."""

from __future__ import annotations

import http.server
import json
import shutil
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from sphinx_council.cli import main
from sphinx_council.core import files
from sphinx_council.peps.index import (
    VENDORED_DIR,
    index_provenance,
    pep_index,
    pep_status_history,
    use_pep_data,
)

VENDORED: dict[str, Any] = json.loads((VENDORED_DIR / "peps.json").read_text("utf-8"))


def _good_index() -> bytes:
    fresh = json.loads(json.dumps(VENDORED))
    fresh["609"]["status"] = "Superseded"
    fresh["609"]["superseded_by"] = "772"
    fresh["9001"] = {**fresh["772"], "number": 9001, "title": "A new PEP", "status": "Draft"}
    return json.dumps(fresh).encode()


GOOD = _good_index()
RESPONSES: dict[str, tuple[int, bytes, int | None]] = {
    # path: (status, body, Content-Length sent; None for the body's length)
    "/good": (200, GOOD, None),
    "/truncated": (200, GOOD[: len(GOOD) // 2], len(GOOD)),
    "/cut-json": (200, GOOD[: len(GOOD) // 2], None),
    "/invalid": (
        200,
        json.dumps({**VENDORED, "8": {**VENDORED["8"], "number": 9, "status": "Done"}}).encode(),
        None,
    ),
    "/partial": (200, json.dumps({"1": VENDORED["1"]}).encode(), None),
    "/missing": (404, b"not here", None),
}


class IndexServer(http.server.BaseHTTPRequestHandler):
    def do_GET(self) -> None:
        status, body, length = RESPONSES[self.path]
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body) if length is None else length))
        self.end_headers()
        self.wfile.write(body)
        self.close_connection = True

    def log_message(self, format: str, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), IndexServer)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_port}"
    httpd.shutdown()
    httpd.server_close()


@pytest.fixture
def data_dir(tmp_path: Path) -> Path:
    folder = tmp_path / "data"
    folder.mkdir()
    for name in ("peps.json", "pep-status-history.json"):
        shutil.copy(VENDORED_DIR / name, folder / name)
    return folder


def refresh(url: str, data_dir: Path) -> int:
    return main(
        ["peps", "refresh", "--url", url, "--data-dir", str(data_dir), "--date", "2026-11-30"]
    )


def test_a_good_index_replaces_the_vendored_copy(
    server: str, data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert refresh(f"{server}/good", data_dir) == 0
    out = capsys.readouterr().out
    installed = json.loads((data_dir / "peps.json").read_text("utf-8"))
    assert installed == json.loads(GOOD)
    assert list(installed)[-1] == "9001"  # kept in number order
    assert f"Replaced {data_dir / 'peps.json'}: {len(installed)} PEPs, 1 new." in out
    assert "PEP 609: Active -> Superseded" in out
    # The history from git stops at the snapshot; what the refresh observes is added to it.
    assert "Recorded in the status history: PEP 609 Superseded, observed 2026-11-30" in out
    assert "Recorded in the status history: PEP 9001 Draft, observed 2026-11-30" in out
    assert "does not record the current status" not in out
    source = json.loads((data_dir / "peps-refresh.json").read_text("utf-8"))
    assert source["url"] == f"{server}/good" and len(source["sha256"]) == 64
    assert not list(data_dir.glob(".*.tmp"))


def test_observed_status_changes_join_the_history_once(server: str, data_dir: Path) -> None:
    before = json.loads((data_dir / "pep-status-history.json").read_text("utf-8"))
    assert refresh(f"{server}/good", data_dir) == 0
    history = json.loads((data_dir / "pep-status-history.json").read_text("utf-8"))
    assert history["_meta"] == before["_meta"]
    assert history["peps"]["609"]["status_history"][:-1] == before["peps"]["609"]["status_history"]
    assert history["peps"]["609"]["status_history"][-1] == {
        "date": "2026-11-30",
        "status": "Superseded",
        "commit": "",
        "observed": True,
    }
    assert history["peps"]["9001"]["status_history"][0]["status"] == "Draft"
    # The history the build reads now has the change, as a Standards event of that day.
    use_pep_data(data_dir)
    try:
        changes = pep_status_history()[609]
    finally:
        use_pep_data(None)
    assert (changes[-1].date, changes[-1].status) == ("2026-11-30", "Superseded")
    # A second refresh of the same index records nothing new.
    written = (data_dir / "pep-status-history.json").read_bytes()
    assert refresh(f"{server}/good", data_dir) == 0
    assert (data_dir / "pep-status-history.json").read_bytes() == written


@pytest.mark.parametrize(
    ("path", "message"),
    [
        ("/truncated", "is truncated"),
        ("/cut-json", "is not valid JSON"),
        ("/invalid", "PEP '8': number is 9, not 8\n  PEP '8': unknown status 'Done'"),
        ("/partial", "PEP(s) in the vendored index are missing (2, 3, 4,"),
        ("/missing", "answered HTTP 404"),
    ],
)
def test_a_bad_download_changes_nothing(
    server: str, data_dir: Path, capsys: pytest.CaptureFixture[str], path: str, message: str
) -> None:
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    assert refresh(f"{server}{path}", data_dir) == 1
    err = capsys.readouterr().err
    assert err.startswith("council peps refresh: ")
    assert message in err
    assert err.rstrip().endswith(f"The index in {data_dir.as_posix()} is unchanged.")
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before


def test_an_unreachable_server_is_a_clear_error(
    data_dir: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # A port nothing listens on: bind one, note it, close it.
    probe = http.server.HTTPServer(("127.0.0.1", 0), IndexServer)
    port = probe.server_port
    probe.server_close()
    assert refresh(f"http://127.0.0.1:{port}/peps.json", data_dir) == 1
    assert "cannot download" in capsys.readouterr().err


def test_a_data_dir_that_is_a_file_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "peps.json").write_text("{}")
    assert refresh("http://127.0.0.1:1/", tmp_path / "peps.json") == 2
    err = capsys.readouterr().err
    assert f"council peps refresh: {(tmp_path / 'peps.json').as_posix()} is not a folder" in err


# --- into the project, never into the package --------------------------------------------


def _package_data() -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in VENDORED_DIR.iterdir()}


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "project"
    (root / "docs").mkdir(parents=True)
    (root / "docs" / "conf.py").write_text('council_pep_index = "../pep-data"\n', "utf-8")
    return root


def test_refresh_writes_the_folder_conf_py_names_and_not_the_package(
    server: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    package = _package_data()
    assert main(["peps", "refresh", "--url", f"{server}/good", "--root", str(project)]) == 0
    written = project / "pep-data" / "peps.json"
    assert json.loads(written.read_text("utf-8")) == json.loads(GOOD)
    assert f"Wrote {written.as_posix()}: " in capsys.readouterr().out
    assert (project / "pep-data" / "peps-refresh.json").is_file()
    assert _package_data() == package


def test_without_a_configured_folder_refresh_writes_peps_under_the_root_and_says_so(
    server: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs" / "conf.py").write_text('project = "x"\n', "utf-8")
    package = _package_data()
    assert main(["peps", "refresh", "--url", f"{server}/good", "--root", str(project)]) == 0
    assert json.loads((project / "peps" / "peps.json").read_text("utf-8")) == json.loads(GOOD)
    out = capsys.readouterr().out
    assert 'Builds read it once conf.py says: council_pep_index = "../peps"' in out
    assert _package_data() == package


def test_a_council_pep_index_that_is_not_a_path_is_a_usage_error(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs" / "conf.py").write_text("council_pep_index = 3\n", "utf-8")
    assert main(["peps", "refresh", "--url", "http://127.0.0.1:1/", "--root", str(project)]) == 2
    err = capsys.readouterr().err
    assert err.endswith("docs/conf.py: council_pep_index must be a folder path, not 3\n")


@pytest.mark.parametrize("mode", [0o644, 0o640])
def test_refresh_keeps_the_mode_of_the_file_it_replaces(
    server: str, data_dir: Path, mode: int
) -> None:
    (data_dir / "peps.json").chmod(mode)
    assert refresh(f"{server}/good", data_dir) == 0
    assert (data_dir / "peps.json").stat().st_mode & 0o7777 == mode


@pytest.fixture
def reading(data_dir: Path) -> Iterator[Path]:
    """The index is read from ``data_dir``, as in a build whose conf.py names it."""
    use_pep_data(data_dir)
    yield data_dir
    use_pep_data(None)


def test_the_refreshed_index_is_read_by_the_same_process(server: str, reading: Path) -> None:
    assert 9001 not in pep_index()
    assert pep_index()[609].status == "Active"
    assert refresh(f"{server}/good", reading) == 0
    assert pep_index()[9001].title == "A new PEP"
    assert pep_index()[609].status == "Superseded"
    assert index_provenance().startswith(f"{server}/good as of ")


def test_a_history_that_cannot_be_written_leaves_the_index_as_it_was(
    server: str,
    data_dir: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    before = {p.name: p.read_bytes() for p in data_dir.iterdir()}
    history = (data_dir / "pep-status-history.json").resolve()
    monkeypatch.setattr(files.os, "access", lambda p, mode: Path(p).resolve() != history)
    assert refresh(f"{server}/good", data_dir) == 1
    assert f"{history} cannot be written" in capsys.readouterr().err
    assert {p.name: p.read_bytes() for p in data_dir.iterdir()} == before
