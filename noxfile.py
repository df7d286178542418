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

# 2026-11-21 00:00 UTC: the tests' date, and the build date outside a git checkout (an
# unpacked sdist).
FALLBACK_EPOCH = "1795219200"


def source_date_epoch() -> str:
    """The build date, never the wall clock: ``SOURCE_DATE_EPOCH`` when set, else the last
    commit's date (the reproducible-builds convention), so a fresh clone builds the site as of
    its own history and two builds of one commit are byte-identical."""
    if os.environ.get("SOURCE_DATE_EPOCH"):
        return os.environ["SOURCE_DATE_EPOCH"]
    import subprocess  # noqa: PLC0415

    try:
        found = subprocess.run(
            ["git", "log", "-1", "--format=%ct"],
            cwd=HERE,
            capture_output=True,
            text=True,
            check=True,
        ).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        found = ""
    if found.isdigit():
        return found
    print(
        f"noxfile.py: not a git checkout and SOURCE_DATE_EPOCH is unset; building as of "
        f"2026-11-21 (SOURCE_DATE_EPOCH={FALLBACK_EPOCH})",
        file=sys.stderr,
    )
    return FALLBACK_EPOCH


BUILD_ENV = {"SOURCE_DATE_EPOCH": source_date_epoch()}
# The tests are written for one date, whatever the commit's: the builds they make pass their
# own, and everything else they run reads this one.
TESTS_ENV = {"SOURCE_DATE_EPOCH": FALLBACK_EPOCH}


@nox.session
def tests(session: nox.Session) -> None:
    """Run the test suite."""
    session.install("-e", ".[site,test]")
    session.run("pytest", *session.posargs, env=TESTS_ENV)


# The fast loop: tests/conftest.py marks the tests that build a site, drive Chromium or install
# from PyPI, from the fixtures and helpers they use (tests/testkinds.py).
UNIT_TESTS = "not build and not browser and not network"


@nox.session
def unit(session: nox.Session) -> None:
    """The fast loop: every test that needs no Sphinx build, no browser and no network. A test
    here that starts Sphinx or Chromium anyway fails, saying how to get it marked."""
    session.install("-e", ".[site,test]")
    session.run(
        "pytest",
        "-m",
        UNIT_TESTS,
        *session.posargs,
        env={**TESTS_ENV, "COUNCIL_UNIT_TESTS": "1"},
    )


@nox.session
def docs(session: nox.Session) -> None:
    """Check every input file, then build the bundled site into build/html, failing on any
    warning."""
    session.install("-e", ".[site]")
    build_site(session)


def build_site(session: nox.Session) -> None:
    """``council check``, then the bundled site with ``-W`` into build/html."""
    # Every problem in every file the site reads, at its file and line, before Sphinx starts
    # (a conf.py that raises is reported here at its line; Sphinx would print a traceback).
    session.run("council", "check", env=BUILD_ENV)
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
def lowest(session: nox.Session) -> None:
    """The lowest release of every dependency the metadata allows (extras included): the unit
    tests, then ``council check`` and the bundled site with ``-W``. A failure here means a lower
    bound in pyproject.toml claims a release sphinx-council does not work with: raise it."""
    session.install("uv")
    session.run(
        "uv",
        "pip",
        "install",
        "--python",
        str(Path(session.bin) / "python"),
        "--resolution",
        "lowest-direct",
        "-e",
        ".[site,test]",
    )
    session.run("python", "-m", "pip", "list", "--format=freeze")
    session.run(
        "pytest",
        "-m",
        UNIT_TESTS,
        "-p",
        "no:cacheprovider",
        *session.posargs,
        env={**TESTS_ENV, "COUNCIL_UNIT_TESTS": "1"},
    )
    # A project made by sphinx-quickstart with the PEP role alone, and with everything.
    session.run(
        "pytest",
        "-p",
        "no:cacheprovider",
        "tests/test_dropin.py",
        "-k",
        "not bundled",
        env=TESTS_ENV,
    )
    build_site(session)


@nox.session
def serve(session: nox.Session) -> None:
    """Live preview: rebuild and reload the browser when a record or page changes."""
    session.install("-e", ".[site,dev]")
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
        # Pagefind would index every page again after each edit; the preview searches with
        # Sphinx's own index instead, updated page by page (bench/projects.py: PREVIEW_OPTIONS).
        "-D",
        "council_search=0",
        *session.posargs,
        env=BUILD_ENV,
    )


@nox.session
def lint(session: nox.Session) -> None:
    """Ruff (lint and format) and mypy."""
    session.install("-e", ".[site,dev,test]")
    session.run("ruff", "check", "ext", "tests", "bench", "noxfile.py")
    session.run("ruff", "format", "--check", "ext", "tests", "bench", "noxfile.py")
    session.run("mypy")


@nox.session
def bench(session: nox.Session) -> None:
    """Benchmark full and incremental builds against plain Sphinx + MyST, then the bundled
    site's first visit on a phone (``-- --first-visit-only`` for that table alone)."""
    # Playwright drives Debian's Chromium to measure what one search downloads and what a first
    # visit costs; Lighthouse comes from npm into .nox/lighthouse (bench/firstvisit.py).
    session.install("-e", ".[site]", "playwright")
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
