"""Shared fixtures: sphinx.testing roots, and a way to build a site from records in tmp_path."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

import sphinx_council
from testkinds import guard_unit_session, in_unit_session, mark_kinds

pytest_plugins = ("sphinx.testing.fixtures",)

ROOTS = Path(__file__).parent / "roots"
REPO = ROOTS.parent.parent


@pytest.fixture(scope="session")
def rootdir() -> Path:
    return ROOTS


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Mark each test ``build`` or ``browser`` from what it uses (tests/testkinds.py)."""
    mark_kinds(items)


@pytest.fixture(scope="session", autouse=True)
def _unit_tests_start_no_sphinx_and_no_browser() -> Iterator[None]:
    # Session-wide, so that it is in place before any module's fixtures build.
    if not in_unit_session():
        yield
        return
    with pytest.MonkeyPatch.context() as patch:
        guard_unit_session(patch)
        yield


# A fictional roster: five members, two cohorts, terms from mid-2026 (no real people).
ROSTER = """\
members:
  - {id: ada, name: Ada Fictional, cohort: A, term_start: 2026-06-01, term_end: 2028-05-31, affiliation: Example Labs}
  - {id: bruno, name: Bruno Fictional, cohort: A, term_start: 2026-06-01, term_end: 2028-05-31, affiliation: Example Labs}
  - {id: chen, name: Chen Fictional, cohort: B, term_start: 2026-06-01, term_end: 2027-05-31, affiliation: Sample University}
  - {id: dara, name: Dara Fictional, cohort: B, term_start: 2026-06-01, term_end: 2027-05-31, affiliation: independent}
  - {id: eli, name: Eli Fictional, cohort: A, term_start: 2026-06-01, term_end: 2028-05-31, affiliation: Demo Foundation}
"""

RECORD = """\
---
id: PC-0101
title: Adopt the example standard
kind: policy
summary: An example decision that the tests build.
status: accepted
history:
  - date: 2027-01-10
    status: proposed
  - date: 2027-02-01
    status: comment-period
    closes: 2027-02-15
  - date: 2027-03-01
    status: accepted
    link: https://example.org/decision
decided_by:
  body: packaging-council
votes:
  ada: yes
  bruno: yes
  chen: no
  dara: abstain
  eli: yes
peps: [517]
areas: [standards]
personas:
  - persona: publisher
    what_changes: Nothing changes for you yet.
discussion:
  - https://example.org/thread
---

## Context

Tests need a decision.

## Decision

The example standard is adopted.

## Consequences

None outside the tests.
"""

# SOURCE_DATE_EPOCH of 2027-03-01, RECORD's last date: a check as of then finds none of its dates
# after the build date (the tests' own date, 2026-11-21, is before all of them).
AS_OF_RECORD = "1803859200"

CONF = """\
extensions = ["myst_parser", "sphinx_council"]
council_roster = "roster.yaml"
html_theme = "basic"
html_baseurl = "https://council.example.org/"
# RECORD is dated up to 2027-03-01, after the builds' default date: a date after the build date
# is a reminder, tested in test_field_hardening.py, and not what these builds are about.
suppress_warnings = ["council.future"]
"""

INDEX = """\
# Test site

```{decision-list}
:limit: 3
```

```{toctree}
decisions-index
```
"""

DECISIONS_INDEX = """\
# All decisions

```{decision-index}
```
"""


def git(root: Path, *args: str) -> str:
    """Run git in ``root`` as a test author (no global configuration needed); its output."""
    done = subprocess.run(
        ["git", "-c", "user.name=T", "-c", "user.email=t@example.org", *args],
        cwd=root,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout


def record(**changes: str) -> str:
    """The valid test record with some front matter lines replaced (``key=new text``)."""
    text = RECORD
    for old, new in changes.items():
        text = text.replace(old.replace("__", " "), new)
    return text


def write_site(
    root: Path, records: dict[str, str], roster: str = ROSTER, extra: dict[str, str] | None = None
) -> Path:
    """A small Sphinx project with these records (file name -> text) under decisions/."""
    (root / "decisions").mkdir(parents=True, exist_ok=True)
    files = {
        "conf.py": CONF,
        "index.md": INDEX,
        "decisions-index.md": DECISIONS_INDEX,
        "roster.yaml": roster,
        **(extra or {}),
    }
    for name, text in files.items():
        (root / name).write_text(textwrap.dedent(text), "utf-8")
    for name, text in records.items():
        (root / "decisions" / name).write_text(text, "utf-8")
    return root


# Builds import the package the tests import (a checkout on PYTHONPATH, or the installed one).
_PACKAGE_PATH = str(Path(sphinx_council.__file__).parent.parent)
_IMPORT_PATH = {
    "PYTHONPATH": os.pathsep.join(filter(None, [_PACKAGE_PATH, os.environ.get("PYTHONPATH")]))
}


def sphinx_build(
    src: Path, out: Path, *args: str, epoch: str = "1798761600", env: dict[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run sphinx-build in its own process, as a user would, on the build date ``epoch``
    (``SOURCE_DATE_EPOCH``; by default 2027-01-01), with only ``env`` from the environment."""
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", *args, str(src), str(out)],
        capture_output=True,
        text=True,
        check=False,
        env={"SOURCE_DATE_EPOCH": epoch, "PATH": "/usr/bin:/bin", **_IMPORT_PATH, **(env or {})},
    )


# Where docs/conf.py takes the repository's and the site's addresses from: the tests read the
# bundled site's configuration as a local build does, also when they run on GitHub Actions.
SITE_ADDRESS_VARIABLES = (
    "GITHUB_SERVER_URL",
    "GITHUB_REPOSITORY",
    "COUNCIL_BASE_URL",
    "READTHEDOCS_CANONICAL_URL",
)


@pytest.fixture(autouse=True)
def _local_site_addresses(monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in SITE_ADDRESS_VARIABLES:
        monkeypatch.delenv(variable, raising=False)


@pytest.fixture(scope="session")
def bundled_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The repository's own site (docs/), built once per run for every test that only reads
    it; a test that changes inputs builds its own small root instead."""
    out = tmp_path_factory.mktemp("bundled-site") / "html"
    result = sphinx_build(REPO / "docs", out, "-W", "-E", "-d", str(out.parent / "doctrees"))
    assert result.returncode == 0, result.stderr
    return out


@pytest.fixture
def site(tmp_path: Path) -> Callable[..., Path]:
    def make(records: dict[str, str], **kwargs: object) -> Path:
        return write_site(tmp_path / "src", records, **kwargs)  # type: ignore[arg-type]

    return make


class Source(str):
    """A file's text whose ``replace`` fails when the text to replace is not there, so an edit
    that a test makes to its input can never silently do nothing."""

    __slots__ = ()

    def replace(self, old: str, new: str, count: int = -1) -> Source:  # type: ignore[override]
        assert old in self, f"the text to edit is not there: {old!r}"
        return Source(str.replace(self, old, new, count))


def editable(path: Path) -> Source:
    """The text of ``path``, for a test to edit."""
    return Source(path.read_text("utf-8"))


def copy_tree(src: Path, dst: Path) -> Path:
    shutil.copytree(src, dst)
    return dst


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    """One headless Chromium for every browser test (they import ``browsing``, which skips
    them where Chromium or Playwright is missing)."""
    from browsing import chromium  # noqa: PLC0415 (only browser tests pay for Playwright)

    with chromium() as launched:
        yield launched
