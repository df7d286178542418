"""A build leaves the cycle collector running, and what it made is freed once the next starts."""

from __future__ import annotations

import gc
import shutil
import weakref
from collections.abc import Callable
from pathlib import Path

from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS


def build_site(tmp_path: Path, name: str) -> SphinxTestApp:
    src = Path(shutil.copytree(ROOTS / "test-site", tmp_path / name))
    app = SphinxTestApp("html", srcdir=src, freshenv=True)
    try:
        app.build()
    finally:
        app.cleanup()
    return app


def test_a_build_leaves_the_collector_on_and_sets_aside_what_it_made(tmp_path: Path) -> None:
    assert gc.isenabled()
    app = build_site(tmp_path, "first")
    assert gc.isenabled()
    assert gc.get_freeze_count() > 0  # nothing to walk when the process exits
    environment: Callable[[], object | None] = weakref.ref(app.env)
    del app
    gc.collect()
    assert environment() is not None  # set aside: kept until a next build starts
    second = build_site(tmp_path, "second")
    gc.collect()
    assert environment() is None  # handed back at the next build's start, and freed
    assert gc.isenabled()
    del second
    gc.unfreeze()  # leave the test process as it was
