"""Loading the saved environment without CPython's cycle collector walking through it.

An incremental build (every preview after an edit) starts by unpickling the environment:
hundreds of thousands of objects, decision records among them, none of them garbage. Each burst
of allocations there sets off collections that walk every object made so far; at N=1000 records
that walking costs several times the unpickling itself (0.19 s of 0.23 s, measured). So the
collector is paused while Sphinx loads the environment (from the configuration read to the
builder's start), and what was loaded is then set aside (``gc.freeze``) for the rest of the
build, which keeps it anyway. At the build's end it is handed back to the collector
(``gc.unfreeze``), so a process that runs several builds (a test suite) frees what it no longer
needs as before.
"""

from __future__ import annotations

import gc
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config


def pause_collector(app: Sphinx, config: Config) -> None:
    if gc.isenabled():
        gc.disable()
        app.connect("builder-inited", set_aside_loaded, priority=0)
        app.connect("build-finished", hand_back, priority=1000)


def set_aside_loaded(app: Sphinx) -> None:
    gc.freeze()
    gc.enable()


def hand_back(app: Sphinx, exception: BaseException | None) -> None:
    gc.unfreeze()


def setup_collector(app: Sphinx) -> None:
    # The last of the config-inited handlers: the span paused is the environment's loading.
    app.connect("config-inited", pause_collector, priority=1000)
