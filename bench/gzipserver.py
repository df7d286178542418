"""A built site served on 127.0.0.1: as it is (:func:`serve_directory`, for the tests' browsers
and feed readers) or as GitHub Pages serves it, text gzipped when the browser accepts it
(:func:`serve_compressed`, for the first-visit figures of firstvisit.py)."""

from __future__ import annotations

import contextlib
import functools
import gzip
import http.server
import threading
from collections.abc import Iterator
from pathlib import Path
from typing import Any

# What GitHub Pages compresses: text, not fonts or images already compressed.
COMPRESSED_TYPES = (
    "text/html",
    "text/css",
    "application/javascript",
    "text/javascript",
    "application/json",
    "image/svg+xml",
    "application/xml",
    "text/xml",
)


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    """Serves the files of a folder, logging nothing (a test's output stays its own)."""

    def log_message(self, format: str, *args: object) -> None:
        pass


class _GzipHandler(QuietHandler):
    """Serves files as GitHub Pages does: gzip for text types when the browser accepts it."""

    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".js": "application/javascript",
        ".json": "application/json",
        ".svg": "image/svg+xml",
        ".woff2": "font/woff2",
        ".xml": "application/xml",
    }

    def send_head(self) -> Any:
        path = Path(self.translate_path(self.path))
        if path.is_dir():
            path = path / "index.html"
        kind = self.guess_type(str(path))
        gzip_ok = "gzip" in self.headers.get("Accept-Encoding", "")
        if not path.is_file() or not gzip_ok or not kind.startswith(COMPRESSED_TYPES):
            return super().send_head()
        body = gzip.compress(path.read_bytes(), compresslevel=6, mtime=0)
        self.send_response(200)
        self.send_header("Content-Type", kind)
        self.send_header("Content-Encoding", "gzip")
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "max-age=600")
        self.end_headers()
        return _Body(body)


class _Body:
    """The compressed body, read by ``copyfile`` like a file."""

    def __init__(self, data: bytes) -> None:
        self.data = data

    def read(self, size: int = -1) -> bytes:
        data, self.data = self.data, b""
        return data

    def close(self) -> None:
        pass


@contextlib.contextmanager
def serve_directory(root: Path, handler: type[QuietHandler] = QuietHandler) -> Iterator[str]:
    """Serve ``root`` on a free loopback port; yields the base URL, ending in a slash."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(root))
    )
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


def serve_compressed(root: Path) -> contextlib.AbstractContextManager[str]:
    """Serve ``root`` gzipped as GitHub Pages does, on a free loopback port; yields the base URL."""
    return serve_directory(root, _GzipHandler)
