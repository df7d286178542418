"""A package index on 127.0.0.1 that replays PyPI's answers recorded in ``tests/data/pypi``
(``simple/NAME.json`` for ``/simple/NAME/``, ``json/NAME.json`` for ``/pypi/NAME/json``), and
answers otherwise where a test says so: an error, a wrong type, a cut or oversized body, a
stall or a trickle."""

from __future__ import annotations

import contextlib
import http.server
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

RECORDED = Path(__file__).parent / "data" / "pypi"
SIMPLE_TYPE = "application/vnd.pypi.simple.v1+json"


@dataclass(frozen=True)
class Reply:
    body: bytes
    content_type: str = "application/json"
    status: int = 200
    length: int | None = None  # the Content-Length sent; None: the body's
    send_length: bool = True  # False: no Content-Length, the end of the body closes
    stall: float = 0.0  # seconds before the body
    trickle: float = 0.0  # seconds between the body's bytes
    repeat: int = 1  # the body sent this many times (an oversized answer without building it)
    location: str = ""  # where a redirect leads


@dataclass
class Index:
    base: str = ""
    replies: dict[str, Reply] = field(default_factory=dict)


def recorded(path: str) -> Reply | None:
    """The recorded answer for a request path, or None when nothing was recorded."""
    parts = path.strip("/").split("/")
    if len(parts) == 2 and parts[0] == "simple":
        file, content_type = RECORDED / "simple" / f"{parts[1]}.json", SIMPLE_TYPE
    elif len(parts) == 3 and parts[0] == "pypi" and parts[2] == "json":
        file, content_type = RECORDED / "json" / f"{parts[1]}.json", "application/json"
    else:
        return None
    return Reply(file.read_bytes(), content_type) if file.is_file() else None


def _handler(index: Index) -> type[http.server.BaseHTTPRequestHandler]:
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            reply = index.replies.get(self.path) or recorded(self.path)
            if reply is None:
                reply = Reply(b"Not Found", "text/plain", 404)
            self.send_response(reply.status)
            self.send_header("Content-Type", reply.content_type)
            if reply.location:
                self.send_header("Location", reply.location)
            if reply.send_length:
                size = len(reply.body) * reply.repeat
                self.send_header("Content-Length", str(reply.length or size))
            self.send_header("Connection", "close")
            self.end_headers()
            self.close_connection = True
            with contextlib.suppress(OSError):  # the client gave up, as it should on a bad answer
                self._send(reply)

        def _send(self, reply: Reply) -> None:
            time.sleep(reply.stall)
            if reply.trickle:
                for byte in reply.body:
                    self.wfile.write(bytes([byte]))
                    self.wfile.flush()
                    time.sleep(reply.trickle)
                return
            for _ in range(reply.repeat):
                self.wfile.write(reply.body)

        def log_message(self, format: str, *args: object) -> None:
            pass

    return Handler


@contextmanager
def serve_index() -> Iterator[Index]:
    """A fresh index on a free port; set ``replies`` to change an answer."""
    index = Index()
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _handler(index))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    index.base = f"http://127.0.0.1:{server.server_address[1]}"
    try:
        yield index
    finally:
        server.shutdown()
        server.server_close()
        thread.join()
