"""A built site served on 127.0.0.1, for the browser tests and the feed readers that fetch over HTTP:
the bench's server (bench/gzipserver.py), serving the files as they are."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from gzipserver import serve_directory as serve

__all__ = ["serve"]
