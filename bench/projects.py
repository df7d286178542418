"""The two Sphinx projects built over the same records: the council site and plain Sphinx + MyST."""

from __future__ import annotations

import shutil
from dataclasses import dataclass
from pathlib import Path

from corpus import Record, write_corpus

# Both projects start from the site's own conf.py, so the benchmark measures the real
# configuration; the baseline only drops the extension.
SITE_CONF = (Path(__file__).resolve().parent.parent / "docs" / "conf.py").read_text("utf-8")
SITE_STATIC = Path(__file__).resolve().parent.parent / "docs" / "_static"
SITE_EXTENSIONS = Path(__file__).resolve().parent.parent / "docs" / "_ext"
SITE_TEMPLATES = Path(__file__).resolve().parent.parent / "docs" / "_templates"

COUNCIL_CONF = (
    SITE_CONF
    + """
# Benchmark: the synthetic corpus has no Packaging Council votes, so no roster, and no news
# or release snapshot (the site's would fail the build and the check as missing).
council_roster = ""
council_news_dir = ""
council_release_snapshot = ""
council_pep_index = ""  # the vendored PEP index (the site's own copy lives beside docs/)
"""
)

# What ``nox -s serve`` (the live preview) adds to the site's configuration; the benchmark's
# preview loop rebuilds with the same options (tests/test_bench.py holds them equal).
PREVIEW_OPTIONS = ("-D", "council_search=0")

COUNCIL_INDEX = """\
---
html_theme.sidebar_secondary.remove: true
---

# Python Packaging Council

The Packaging Council decides on Python packaging standards. This benchmark site carries a
synthetic corpus of decision records, built with the same configuration as the real site.

## Latest decisions

```{decision-list}
:limit: 5
```

[All decisions](decisions.md)

```{toctree}
:hidden:

decisions
```
"""

COUNCIL_DECISIONS = """\
# Decisions

Each record says what was decided, when, and by whom, with links to the discussion.

```{decision-index}
```
"""

PLAIN_CONF = (
    SITE_CONF
    + """
# Baseline: the same site without sphinx-council (nor sphinx-design, which only the home page's
# cards use). Records are orphan pages, as in the council site. Their own warnings here
# (headings from H2, the unknown {decision} role) are expected and not printed, so that plain
# Sphinx does not spend time logging them.
extensions = ["myst_parser"]
suppress_warnings = ["toc.not_included", "myst.header", "myst.role_unknown"]
"""
)

PLAIN_INDEX = """\
# Python Packaging Council (plain Sphinx)

The same decision records, built by plain Sphinx and MyST without the sphinx-council
extension. Each record is an orphan page.
"""


@dataclass
class Projects:
    root: Path
    council: Path
    plain: Path
    records: list[Record]

    @property
    def decisions(self) -> Path:
        return self.council / "decisions"


def make_projects(root: Path, count: int) -> Projects:
    council, plain = root / "council", root / "plain"
    council.mkdir(parents=True)
    plain.mkdir(parents=True)
    records = write_corpus(count, council / "decisions")
    (council / "conf.py").write_text(COUNCIL_CONF, "utf-8")
    (council / "index.md").write_text(COUNCIL_INDEX, "utf-8")
    (council / "decisions.md").write_text(COUNCIL_DECISIONS, "utf-8")
    (plain / "conf.py").write_text(PLAIN_CONF, "utf-8")
    (plain / "index.md").write_text(PLAIN_INDEX, "utf-8")
    # Both sites carry the site's own stylesheet and local extensions, as docs/conf.py expects.
    for project in (council, plain):
        shutil.copytree(SITE_STATIC, project / "_static")
        shutil.copytree(SITE_EXTENSIONS, project / "_ext")
    # The council site's head as the real site's (_ext/light_pages.py fills it); plain Sphinx
    # keeps the theme's own.
    shutil.copytree(SITE_TEMPLATES, council / "_templates")
    # The same Markdown files: plain's decisions folder links to the council's.
    (plain / "decisions").symlink_to(Path("..", "council", "decisions"), target_is_directory=True)
    return Projects(root, council, plain, records)
