"""Developer tasks. ``python3 noxfile.py -s NAME`` works on a machine with only Python: it
installs nox into .nox/_bootstrap first. With nox installed, ``nox -s NAME`` is the same."""

from __future__ import annotations

import os
import sys
from pathlib import Path

HERE = Path(__file__).parent

if __name__ == "__main__":
    try:
        import nox
    except ModuleNotFoundError:
        import subprocess
        import venv

        bootstrap = HERE / ".nox" / "_bootstrap"
        python = bootstrap / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
        if not python.exists():
            venv.create(bootstrap, with_pip=True)
            subprocess.run([python, "-m", "pip", "install", "-q", "nox>=2025.2.9"], check=True)
        os.execv(python, [str(python), __file__, *sys.argv[1:]])
    nox.main()

import nox  # noqa: E402

nox.options.sessions = ["lint", "tests", "docs"]
nox.options.default_venv_backend = "venv"

# Builds take their date from here, never from the wall clock: 2026-11-21 00:00 UTC.
BUILD_ENV = {"SOURCE_DATE_EPOCH": os.environ.get("SOURCE_DATE_EPOCH", "1795219200")}


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    session.install("-e", ".[test]")
    session.run("pytest", *session.posargs, env=BUILD_ENV)


@nox.session
def docs(session: nox.Session) -> None:
    """Build the bundled site into build/html, failing on any warning."""
    session.install("-e", ".")
    session.run(
        "sphinx-build",
        "-W",
        "--keep-going",
        "-b",
        "html",
        "-d",
        "build/doctrees",
        "docs",
        "build/html",
        *session.posargs,
        env=BUILD_ENV,
    )


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview: rebuild and reload the browser when a record or page changes."""
    session.install("-e", ".[dev]")
    session.run(
        "sphinx-autobuild",
        "docs",
        "build/html",
        "--watch",
        "decisions",
        "--watch",
        "council",
        "--watch",
        "pathways",
        "--watch",
        "ext/sphinx_council",
        # A preview needs no search index: Pagefind reads every page again after each edit.
        "-D",
        "council_search=0",
        *session.posargs,
        env=BUILD_ENV,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff (lint and format) and mypy."""
    session.install("-e", ".[dev,test]")
    session.run("ruff", "check", "ext", "tests", "bench", "noxfile.py")
    session.run("ruff", "format", "--check", "ext", "tests", "bench", "noxfile.py")
    session.run("mypy")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark full and incremental builds against plain Sphinx + MyST."""
    # Playwright drives Debian's Chromium to measure what one search downloads.
    session.install("-e", ".", "playwright")
    session.run("python", "bench/run.py", *session.posargs, env=BUILD_ENV)


@nox.session
def pathways(session: nox.Session) -> None:
    """Run every pathway's commands on today's tools from PyPI and record the versions."""
    session.install("-e", ".")
    session.run(
        "council",
        "try-pathway",
        "--cache",
        str(HERE / ".nox" / "pathways-cache"),
        "--record",
        "pathways/checked.json",
        *session.posargs,
        env=BUILD_ENV,
    )
