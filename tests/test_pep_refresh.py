"""``council peps refresh`` against a local HTTP server: good, truncated and invalid answers."""

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
from sphinx_council.peps.sync import DATA_DIR

VENDORED: dict[str, Any] = json.loads((DATA_DIR / "peps.json").read_text("utf-8"))


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
        shutil.copy(DATA_DIR / name, folder / name)
    return folder


def refresh(url: str, data_dir: Path) -> int:
    return main(["peps", "refresh", "--url", url, "--data-dir", str(data_dir)])


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
    # The history cannot be rebuilt from the API: it is kept, and its gaps are named.
    assert "does not record the current status of 2 PEP(s): 609, 9001" in out
    source = json.loads((data_dir / "peps-refresh.json").read_text("utf-8"))
    assert source["url"] == f"{server}/good" and len(source["sha256"]) == 64
    assert not list(data_dir.glob(".*.tmp"))


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
    assert err.rstrip().endswith("The vendored index is unchanged.")
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


def test_a_folder_without_an_index_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert refresh("http://127.0.0.1:1/", tmp_path) == 2
    assert f"no peps.json in {tmp_path}" in capsys.readouterr().err
