#!/usr/bin/env python3
"""Benchmark the sphinx-council site build against plain Sphinx + MyST.

For each corpus size N this script generates, in a temporary directory, N synthetic decision
records (deterministic, fixed seed, front matter like the real records in ``decisions/``,
about 1.5 KB of prose each) and two Sphinx projects over the same Markdown files:

* ``council``: the site as configured in ``docs/conf.py`` (myst_parser, sphinx_design,
  sphinx_council, pydata_sphinx_theme), with a home page carrying ``{decision-list}`` and a
  ``decisions`` page carrying ``{decision-index}``;
* ``plain``: plain Sphinx with ``myst_parser`` only, the site's theme (pydata_sphinx_theme)
  with no sidebar navigation, the records built as orphan pages: the same site without the
  sphinx-council extension, so the ratios measure what the extension costs.

Every build runs in a fresh ``python -m sphinx -b html -q SRC OUT`` subprocess with
``SOURCE_DATE_EPOCH`` set. Measured: full build wall time and peak RSS, a one-record edit
(incremental rebuild time and HTML pages written), ``council check`` wall time and output
bytes per HTML page. The figures go to OUT/results.json and OUT/results.md, followed by the
project's targets with PASS/FAIL.

Run from the repository root::

    python bench/run.py                   # sizes 100,1000,2000
    python bench/run.py --sizes 100,300   # quick

The exit status is 0 even when a target fails (this is a report, not a test); it is non-zero
only when a build (or ``council check``) itself fails to run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import os
import platform
import random
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from sphinx_council.core.settings import DEFAULT_AREAS, DEFAULT_PERSONAS

SEED = 20260416
SOURCE_DATE_EPOCH = "1767225600"  # 2026-01-01T00:00:00Z
DEFAULT_SIZES = "100,1000,2000"
WARMUP_SIZE = 20

# Targets (see README.md).
TARGET_FULL_RATIO = 1.5  # council full build <= 1.5x plain, at N=1000
TARGET_FULL_AT = 1000
TARGET_BYTES_GROWTH = 1.2  # council bytes/page at largest N <= 1.2x at smallest N
TARGET_EDIT_RATIO = 1.5  # one-record edit <= 1.5x plain's one-page rebuild
TARGET_EDIT_PAGES = 10  # one-record edit writes <= 10 HTML pages
TARGET_MEMORY_RATIO = 1.5  # peak RSS at largest N <= 1.5x plain's
TARGET_CHECK_SECONDS = 2.0  # council check < 2 s, at N=1000
TARGET_CHECK_AT = 1000


# --------------------------------------------------------------------------------------------
# Synthetic corpus
# --------------------------------------------------------------------------------------------

# Packaging PEPs present in the vendored PEP index, with what they are about.
PEP_TOPICS: dict[int, str] = {
    427: "the wheel binary package format",
    440: "version identification and specifiers",
    503: "the simple repository API",
    508: "dependency specifiers",
    517: "build backend hooks for source trees",
    518: "build system requirements in pyproject.toml",
    561: "distributing type information",
    566: "core metadata version 2.1",
    592: "yanking releases in the simple API",
    600: "manylinux platform tags",
    610: "recording the origin of direct URL installs",
    621: "project metadata in pyproject.toml",
    625: "source distribution file names",
    627: "recording installed projects",
    639: "license expressions in package metadata",
    643: "metadata for source distributions",
    658: "serving distribution metadata in the simple API",
    660: "editable installs for pyproject.toml builds",
    668: "externally managed environments",
    685: "normalised names of extras",
    691: "a JSON-based simple API",
    700: "additional fields in the simple API",
    714: "renaming dist-info-metadata in the simple API",
    715: "disabling egg uploads on PyPI",
    723: "inline script metadata",
    735: "dependency groups in pyproject.toml",
    740: "index support for digital attestations",
    751: "a standard lock file format",
    753: "uniform project URLs in core metadata",
}
PEPS = sorted(PEP_TOPICS)
# Rejected packaging PEPs: a rejected record is about one of these, so the check of records
# against the PEP index (a rejection of a Final PEP is reported) finds nothing.
REJECTED_PEP_TOPICS: dict[int, str] = {
    582: "a local packages directory",
    633: "exploded TOML tables for dependencies",
    662: "editable installs via virtual wheels",
    665: "an earlier lock file format",
    708: "mitigating dependency confusion",
    722: "dependencies of single-file scripts",
}
PEP_TOPICS |= REJECTED_PEP_TOPICS

KINDS = ["pronouncement"] * 14 + ["delegation"] * 2 + ["process", "policy", "policy", "election"]
AREAS = list(DEFAULT_AREAS)
AREA_WEIGHTS = [10, 5, 8, 4, 2, 2]
PERSONAS = list(DEFAULT_PERSONAS)
PERSONA_PLURALS = {
    "newcomer": "newcomers",
    "package-user": "people installing packages",
    "data-scientist": "data scientists",
    "publisher": "publishers",
    "maintainer": "maintainers",
    "app-developer": "application developers",
    "redistributor": "redistributors",
    "coming-from-other-ecosystems": "people coming from other ecosystems",
}
DELEGATES = [
    "Paul Moore",
    "Brett Cannon",
    "Alyssa Coghlan",
    "Donald Stufft",
    "Pradyun Gedam",
    "Dustin Ingram",
    "Barry Warsaw",
    "Thomas Kluyver",
    "Filipe Laíns",
    "Ofek Lev",
]
TOOLS = [
    "pip",
    "uv",
    "setuptools",
    "hatchling",
    "flit",
    "Poetry",
    "PDM",
    "twine",
    "Warehouse",
    "build",
    "pipx",
    "conda",
    "scikit-build-core",
    "maturin",
    "meson-python",
    "tox",
    "nox",
    "packaging",
    "installer",
    "virtualenv",
]
VENUES = [
    "discuss.python.org",
    "the distutils-sig mailing list",
    "the Packaging category of discuss.python.org",
    "the packaging summit",
    "the issue tracker of the specifications repository",
]
DETAILS = [
    "local version labels",
    "case differences in project names",
    "empty extras",
    "pre-release markers",
    "duplicated metadata fields",
    "path separators in archives",
    "non-ASCII file names",
    "build isolation",
    "missing RECORD entries",
    "environment markers",
    "dynamic metadata",
    "platform tags for new architectures",
    "hash pinning",
    "yanked files",
    "data files outside the package",
    "entry point groups",
]
ARTIFACTS = ["wheel", "sdist", "pyproject.toml", "lock", "METADATA", "index page", "RECORD"]
CHANGES = ["an update", "a clarification", "an extension", "errata", "a revision", "a change"]

CONTEXT_SENTENCES = [
    "Before this decision, {tool} and {tool2} each handled {detail} in their own way, and "
    "users saw different results depending on the tool they happened to use.",
    "The proposal was discussed on {venue} over {months} months, with comments from the "
    "maintainers of {tool}, {tool2} and several smaller projects.",
    "Maintainers reported that {topic} was a frequent source of confusion for {plural}, "
    "especially when moving a project between tools.",
    "The existing specification left the handling of {detail} undefined, so installers and "
    "build backends slowly diverged.",
    "A survey of {count} projects on PyPI showed that about {pct} percent of them relied on "
    "{detail} in some form.",
    "Earlier work on {topic}, including {ref}, stopped short of a complete answer and left "
    "several cases to each tool.",
    "Redistributors asked for a rule they could check automatically instead of patching "
    "{tool} and {tool2} downstream.",
    "The authors collected the behaviour of {tool}, {tool2} and {tool3} in a comparison table "
    "before writing the specification text.",
]
DECISION_SENTENCES = [
    "The specification now says how tools should treat {detail}, with examples for the common "
    "cases.",
    "Tools are expected to warn when they meet {detail}, and to fail only when the result "
    "would be ambiguous.",
    "The change is versioned, so older tools keep working with existing {artifact} files.",
    "Implementations in {tool} and {tool2} were used to check that the wording matches real "
    "behaviour.",
    "The text keeps the existing behaviour of {tool} where it was already the most common "
    "one, to limit the number of projects affected.",
    "A short transition period lets {plural} update their tools before the stricter rules apply.",
    "The decision builds on {ref} and does not reopen the questions settled there.",
]
CONSEQUENCE_ITEMS = [
    "{cap_plural} will see the new behaviour once {tool} ships support for it.",
    "The Python Packaging User Guide gains a section on {topic}.",
    "{tool} and {tool2} plan to implement the change in their next releases.",
    "Existing {artifact} files remain valid; nothing has to be rewritten.",
    "Index operators can start rejecting uploads that get {detail} wrong after a notice period.",
    "Documentation for {plural} is updated to describe {detail} in one place.",
]
SUMMARY_SENTENCES = [
    "This record covers {change} to {topic}, as described in PEP {pep}.",
    "It settles how tools treat {detail}, which had been handled differently by {tool} and "
    "{tool2}.",
    "For {plural}, the practical effect is that {artifact} files behave the same whichever "
    "tool reads them.",
    "Nothing changes for projects that already follow the common behaviour.",
]
WHAT_CHANGES = [
    "You can rely on {tool} and other tools treating {detail} the same way.",
    "Nothing changes in your day-to-day work unless your project depends on {detail}.",
    "Your {artifact} files may need a small update when your tools adopt the change.",
    "Error messages about {detail} become consistent across installers.",
    "The documentation you read describes {topic} in a single place.",
]
EDIT_SENTENCE = (
    "This sentence was rewritten by the benchmark (edit {k}) to measure the rebuild of a single "
    "record."
)


@dataclass
class Record:
    number: int
    filename: str
    final: dt.date
    status: str = ""
    history: list[dict[str, Any]] = field(default_factory=list)
    decided_by: dict[str, str] | None = None
    peps: list[int] = field(default_factory=list)
    supersedes: list[str] = field(default_factory=list)
    superseded_by: str = ""
    change: str = ""
    text: str = ""

    @property
    def id(self) -> str:
        return f"PC-{self.number:04d}"


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _q(text: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(text, ensure_ascii=False)


def _date_between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, max(0, (end - start).days)))


class CorpusGenerator:
    """Deterministic synthetic decision records, spread over the years 2015-2026."""

    FIRST = dt.date(2015, 1, 1)
    LAST = dt.date(2026, 3, 31)
    OPEN_FROM = dt.date(2025, 7, 1)  # proposals still open are recent ones

    def __init__(self, count: int, seed: int = SEED) -> None:
        if not 1 <= count <= 9999:
            raise ValueError("the id pattern PC-dddd allows 1 to 9999 records")
        self.count = count
        self.rng = random.Random(f"{seed}:{count}")

    # -- front matter -------------------------------------------------------------------------

    def _lifecycle(self, record: Record) -> None:
        rng = self.rng
        final = record.final
        if final >= self.OPEN_FROM and rng.random() < 0.35:
            outcome = rng.choice(["proposed", "comment-period", "comment-period", "deferred"])
        else:
            outcome = rng.choices(
                ["accepted", "rejected", "withdrawn", "deferred"], weights=[72, 14, 10, 4]
            )[0]
        if outcome == "rejected":
            record.peps[0] = rng.choice(sorted(REJECTED_PEP_TOPICS))
        start = max(self.FIRST, final - dt.timedelta(days=rng.randint(20, 700)))
        pep = record.peps[0]
        history: list[dict[str, Any]] = [
            {"date": start, "status": "proposed", "note": f"PEP {pep} created."}
        ]
        if outcome == "proposed":
            history[0]["date"] = final
        elif outcome == "comment-period":
            closes = final + dt.timedelta(days=rng.choice([14, 21, 30, 45]))
            history.append(
                {
                    "date": final,
                    "status": "comment-period",
                    "closes": closes,
                    "note": "Comment period opened on the discussion thread.",
                }
            )
        else:
            if outcome in ("accepted", "rejected") and rng.random() < 0.3 and start < final:
                opened = _date_between(rng, start, final - dt.timedelta(days=1))
                closes = _date_between(rng, opened, final)
                history.append(
                    {
                        "date": opened,
                        "status": "comment-period",
                        "closes": closes,
                        "note": "Final comment period before the decision.",
                    }
                )
            note = {
                "accepted": "Acceptance announced in the discussion thread.",
                "rejected": "Rejection announced in the discussion thread.",
                "withdrawn": "Withdrawn by the authors.",
                "deferred": "Deferred until the authors have time to continue.",
            }[outcome]
            entry: dict[str, Any] = {"date": final, "status": outcome, "note": note}
            if outcome in ("accepted", "rejected", "withdrawn"):
                entry["link"] = (
                    f"https://discuss.python.org/t/{rng.randint(2000, 99999)}/{rng.randint(2, 300)}"
                )
            history.append(entry)
        record.status = outcome
        record.history = history
        if outcome in ("accepted", "rejected"):
            if rng.random() < 0.8:
                record.decided_by = {"body": "pep-delegate", "name": rng.choice(DELEGATES)}
            else:
                record.decided_by = {"body": "not-recorded"}
        elif outcome == "withdrawn" and rng.random() < 0.5:
            record.decided_by = {"body": "not-recorded"}

    def _pair_supersessions(self, records: list[Record]) -> None:
        """A few consistent pairs: a later accepted record supersedes an earlier accepted one."""
        rng = self.rng
        accepted = [r for r in records if r.status == "accepted"]
        for new in accepted[len(accepted) // 4 :]:
            if rng.random() >= 0.04 or new.superseded_by or new.supersedes:
                continue
            candidates = [
                old
                for old in accepted
                if old.final < new.final
                and not old.superseded_by
                and not old.supersedes
                and old is not new
            ]
            if not candidates:
                continue
            old = rng.choice(candidates[-50:])
            new.supersedes.append(old.id)
            old.superseded_by = new.id
            old.status = "superseded"
            old.history.append(
                {
                    "date": new.final,
                    "status": "superseded",
                    "note": f"{new.id} replaces this decision.",
                }
            )

    # -- prose --------------------------------------------------------------------------------

    def _slots(self, record: Record, refs: list[str]) -> dict[str, str]:
        rng = self.rng
        tool, tool2, tool3 = rng.sample(TOOLS, 3)
        persona = rng.choice(PERSONAS)
        plural = PERSONA_PLURALS[persona]
        pep = record.peps[0]
        return {
            "tool": tool,
            "tool2": tool2,
            "tool3": tool3,
            "venue": rng.choice(VENUES),
            "months": str(rng.randint(2, 18)),
            "topic": PEP_TOPICS[pep],
            "pep": str(pep),
            "plural": plural,
            "cap_plural": plural[0].upper() + plural[1:],
            "detail": rng.choice(DETAILS),
            "artifact": rng.choice(ARTIFACTS),
            "count": str(rng.randint(200, 20000)),
            "pct": str(rng.randint(2, 60)),
            "change": record.change or rng.choice(CHANGES),
            "ref": f"{{decision}}`{rng.choice(refs)}`" if refs else f"PEP {PEPS[0]}",
        }

    def _sentences(
        self, templates: list[str], record: Record, refs: list[str], minimum: int
    ) -> list[str]:
        rng = self.rng
        order = rng.sample(templates, len(templates))
        result: list[str] = []
        while sum(len(s) + 1 for s in result) < minimum:
            template = order[len(result) % len(order)]
            result.append(template.format(**self._slots(record, refs)))
        return result

    def _paragraphs(self, sentences: list[str]) -> str:
        cut = max(1, len(sentences) // 2) if len(sentences) > 3 else len(sentences)
        parts = [sentences[:cut], sentences[cut:]]
        return "\n\n".join(textwrap.fill(" ".join(p), 95) for p in parts if p)

    def _body(self, record: Record, refs: list[str]) -> str:
        rng = self.rng
        context = self._paragraphs(
            self._sentences(CONTEXT_SENTENCES, record, refs, rng.randint(520, 680))
        )
        decision_sentences = self._sentences(
            DECISION_SENTENCES, record, refs, rng.randint(400, 520)
        )
        if record.decided_by and record.decided_by.get("name"):
            decision_sentences.insert(
                0,
                f"The PEP-Delegate, {record.decided_by['name']}, "
                "announced the outcome in the discussion thread.",
            )
        if record.supersedes:
            decision_sentences.append(
                "This decision replaces "
                + ", ".join(f"{{decision}}`{old}`" for old in record.supersedes)
                + "."
            )
        decision = self._paragraphs(decision_sentences)
        items = self._sentences(CONSEQUENCE_ITEMS, record, refs, rng.randint(300, 420))
        if record.superseded_by:
            items.append(
                f"This decision was later replaced by {{decision}}`{record.superseded_by}`."
            )
        consequences = "\n".join(
            textwrap.fill(item, 95, initial_indent="- ", subsequent_indent="  ") for item in items
        )
        return (
            f"## Context\n\n{context}\n\n## Decision\n\n{decision}\n\n"
            f"## Consequences\n\n{consequences}\n"
        )

    def _front_matter(self, record: Record, title: str) -> str:
        rng = self.rng
        slots = self._slots(record, [])
        summary = " ".join(s.format(**slots) for s in SUMMARY_SENTENCES[: rng.randint(2, 4)])
        lines = [
            "---",
            f"id: {record.id}",
            f"title: {_q(title)}",
            f"kind: {rng.choice(KINDS)}",
            "summary: >-",
        ]
        lines += ["  " + line for line in textwrap.wrap(summary, 90)]
        lines += [f"status: {record.status}", "history:"]
        for entry in record.history:
            lines.append(f"  - date: {entry['date'].isoformat()}")
            lines.append(f"    status: {entry['status']}")
            if "closes" in entry:
                lines.append(f"    closes: {entry['closes'].isoformat()}")
            lines.append(f"    note: {_q(entry['note'])}")
            if "link" in entry:
                lines.append(f"    link: {entry['link']}")
        if record.decided_by:
            lines.append("decided_by:")
            lines += [f"  {key}: {value}" for key, value in record.decided_by.items()]
        lines.append(f"peps: [{', '.join(map(str, record.peps))}]")
        if record.supersedes:
            lines.append(f"supersedes: [{', '.join(record.supersedes)}]")
        areas: list[str] = []
        while not areas:
            areas = sorted(
                {rng.choices(AREAS, AREA_WEIGHTS)[0] for _ in range(rng.randint(1, 3))},
                key=AREAS.index,
            )
        lines.append(f"areas: [{', '.join(areas)}]")
        lines.append("personas:")
        for persona in rng.sample(PERSONAS, rng.randint(1, 4)):
            what = rng.choice(WHAT_CHANGES).format(**self._slots(record, []))
            lines.append(f"  - persona: {persona}")
            lines.append(f"    what_changes: {_q(what)}")
        lines.append("discussion:")
        for _ in range(rng.randint(1, 3)):
            lines.append(
                f"  - https://discuss.python.org/t/{_slug(PEP_TOPICS[record.peps[0]])}"
                f"/{rng.randint(2000, 99999)}"
            )
        lines.append("---")
        return "\n".join(lines) + "\n\n"

    # -- corpus -------------------------------------------------------------------------------

    def records(self) -> list[Record]:
        rng = self.rng
        finals = sorted(_date_between(rng, self.FIRST, self.LAST) for _ in range(self.count))
        records = []
        for number, final in enumerate(finals, start=1):
            peps = [rng.choice(PEPS)]
            if rng.random() < 0.35:
                peps.append(rng.choice([p for p in PEPS if p != peps[0]]))
            record = Record(number, "", final, peps=peps)
            self._lifecycle(record)
            records.append(record)
        self._pair_supersessions(records)
        for record in records:
            verb = {
                "accepted": "Accept",
                "superseded": "Accept",
                "rejected": "Reject",
                "withdrawn": "Withdraw",
                "deferred": "Defer",
                "proposed": "Propose",
                "comment-period": "Consult on",
            }[record.status]
            topic = PEP_TOPICS[record.peps[0]]
            record.change = rng.choice(CHANGES)
            title = f"{verb} {record.change} to {topic} (PEP {record.peps[0]})"
            record.filename = f"{record.number:04d}-{_slug(title)[:60].strip('-')}.md"
            earlier = [f"PC-{n:04d}" for n in range(max(1, record.number - 200), record.number)]
            refs = rng.sample(earlier, min(len(earlier), rng.randint(0, 2)))
            record.text = self._front_matter(record, title) + self._body(record, refs)
        return records


def write_corpus(count: int, decisions_dir: Path) -> list[Record]:
    decisions_dir.mkdir(parents=True, exist_ok=True)
    records = CorpusGenerator(count).records()
    for record in records:
        (decisions_dir / record.filename).write_text(record.text, "utf-8")
    return records


def edit_record(path: Path, k: int) -> None:
    """Replace the first sentence of the record's Context section with another one."""
    text = path.read_text("utf-8")
    start = text.index("## Context\n\n") + len("## Context\n\n")
    end = re.compile(r"\.(\s)").search(text, start)
    if end is None:
        raise RuntimeError(f"no sentence to edit in {path}")
    new = text[:start] + EDIT_SENTENCE.format(k=k) + text[end.end() - 1 :]
    path.write_text(new, "utf-8")
    now = time.time_ns()
    os.utime(path, ns=(now, now))  # a precise mtime, whatever the file system's clock tick


# --------------------------------------------------------------------------------------------
# Sphinx projects
# --------------------------------------------------------------------------------------------

# Both projects start from the site's own conf.py, so the benchmark measures the real
# configuration; the baseline only drops the extension.
SITE_CONF = (Path(__file__).resolve().parent.parent / "docs" / "conf.py").read_text("utf-8")
SITE_STATIC = Path(__file__).resolve().parent.parent / "docs" / "_static"

COUNCIL_CONF = (
    SITE_CONF
    + """
# Benchmark: the synthetic corpus has no Packaging Council votes, so no roster, and no news.
council_roster = ""
council_news_dir = ""
"""
)

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
    # Both sites carry the site's own stylesheet, as docs/conf.py expects.
    for project in (council, plain):
        shutil.copytree(SITE_STATIC, project / "_static")
    # The same Markdown files: plain's decisions folder links to the council's.
    (plain / "decisions").symlink_to(Path("..", "council", "decisions"), target_is_directory=True)
    return Projects(root, council, plain, records)


# --------------------------------------------------------------------------------------------
# Measuring
# --------------------------------------------------------------------------------------------


@dataclass
class Run:
    seconds: float
    maxrss_kib: int
    cpu_seconds: float
    returncode: int
    stderr: str


class BuildFailed(RuntimeError):
    pass


def contended(run: Run) -> bool:
    """Whether the process waited noticeably for a CPU (other processes were busy)."""
    return run.seconds > 1.15 * run.cpu_seconds + 0.2


def run_measured(command: list[str], log: Path, env: dict[str, str]) -> Run:
    """Run ``command`` in a fresh process: wall time, the child's max RSS and CPU time."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with log.open("w", encoding="utf-8") as err, open(os.devnull, "w") as out:  # noqa: PTH123
        start = time.perf_counter()
        proc = subprocess.Popen(command, stdout=out, stderr=err, env=env)
        _, status, usage = os.wait4(proc.pid, 0)
        seconds = time.perf_counter() - start
    proc.returncode = os.waitstatus_to_exitcode(status)  # reaped by wait4, not by Popen
    return Run(
        seconds,
        usage.ru_maxrss,
        usage.ru_utime + usage.ru_stime,
        proc.returncode,
        log.read_text("utf-8", errors="replace"),
    )


def sphinx_build(src: Path, out: Path, log: Path, env: dict[str, str]) -> Run:
    run = run_measured(
        [sys.executable, "-m", "sphinx", "-b", "html", "-q", str(src), str(out)], log, env
    )
    if run.returncode != 0:
        tail = "\n".join(run.stderr.splitlines()[-30:])
        raise BuildFailed(f"sphinx-build {src} failed with exit code {run.returncode}:\n{tail}")
    return run


def council_command() -> list[str]:
    script = Path(sys.executable).parent / "council"
    if script.exists():
        return [str(script)]
    return [sys.executable, "-m", "sphinx_council.cli"]


def warnings_in(stderr: str) -> list[str]:
    return [line for line in stderr.splitlines() if "WARNING:" in line or "ERROR:" in line]


def html_files(out: Path) -> dict[str, tuple[int, int, str]]:
    """Every HTML page of a build: relative path -> (mtime_ns, size, sha256)."""
    pages = {}
    for path in out.rglob("*.html"):
        if ".doctrees" in path.parts:
            continue
        stat = path.stat()
        digest = hashlib.sha256(path.read_bytes()).hexdigest()
        pages[path.relative_to(out).as_posix()] = (stat.st_mtime_ns, stat.st_size, digest)
    return pages


def output_stats(out: Path) -> dict[str, Any]:
    pages = html_files(out)
    total = sum(size for _, size, _ in pages.values())
    largest = sorted(pages.items(), key=lambda item: item[1][1], reverse=True)[:3]
    return {
        "html_pages": len(pages),
        "html_bytes": total,
        "bytes_per_page": total / len(pages) if pages else 0.0,
        "largest_pages": {name: size for name, (_, size, _) in largest},
    }


def written_pages(
    before: dict[str, tuple[int, int, str]], after: dict[str, tuple[int, int, str]]
) -> tuple[list[str], list[str]]:
    """Pages (re)written between two snapshots, and those whose content changed."""
    written, changed = [], []
    for name, (mtime, _, digest) in sorted(after.items()):
        old = before.get(name)
        if old is None or old[0] != mtime or old[2] != digest:
            written.append(name)
        if old is None or old[2] != digest:
            changed.append(name)
    return written, changed


class SizeBench:
    """Every measurement for one corpus size, in one work folder."""

    def __init__(self, count: int, workdir: Path, env: dict[str, str], *, quiet: bool) -> None:
        self.count = count
        self.workdir = workdir
        self.env = env
        self.quiet = quiet
        self.logs = workdir / "logs"
        self.timed: list[Run] = []
        self.result: dict[str, Any] = {"records": count}

    def say(self, message: str) -> None:
        if not self.quiet:
            print(f"  [N={self.count}] {message}", flush=True)

    def out(self, name: str) -> Path:
        return self.workdir / "out" / name

    def generate(self) -> Projects:
        started = time.perf_counter()
        projects = make_projects(self.workdir, self.count)
        count = self.count
        corpus_bytes = sum(len(r.text.encode()) for r in projects.records)
        prose_bytes = sum(len(r.text.split("\n---\n", 1)[1].encode()) for r in projects.records)
        statuses: dict[str, int] = {}
        for record in projects.records:
            statuses[record.status] = statuses.get(record.status, 0) + 1
        self.result |= {
            "record_bytes_mean": corpus_bytes / count,
            "prose_bytes_mean": prose_bytes / count,
            "statuses": statuses,
        }
        self.say(
            f"corpus generated: {count} records, {corpus_bytes / count / 1024:.1f} KiB "
            f"each ({prose_bytes / count / 1024:.1f} KiB prose), "
            f"{time.perf_counter() - started:.1f} s"
        )
        return projects

    def full_builds(self, projects: Projects, repeat: int) -> None:
        """Full builds of both sites, each into a fresh output folder."""
        for name in ("council", "plain"):
            out = self.out(name)
            runs = []
            for attempt in range(repeat):
                if out.exists():
                    shutil.rmtree(out)
                runs.append(
                    sphinx_build(
                        getattr(projects, name),
                        out,
                        self.logs / f"{name}-full-{attempt}.log",
                        self.env,
                    )
                )
                self.say(
                    f"{name} full build: {runs[-1].seconds:.2f} s, "
                    f"{runs[-1].maxrss_kib / 1024:.0f} MiB"
                )
            self.timed += runs
            warnings = warnings_in(runs[-1].stderr)
            self.result[name] = {
                "full_seconds": min(r.seconds for r in runs),
                "full_seconds_all": [r.seconds for r in runs],
                "full_cpu_seconds": min(r.cpu_seconds for r in runs),
                "full_maxrss_mib": max(r.maxrss_kib for r in runs) / 1024,
                "full_warnings": len(warnings),
                "full_warning_samples": warnings[:5],
                **output_stats(out),
            }

    def check(self, projects: Projects, repeat: int) -> None:
        """``council check`` over the same records."""
        runs = []
        for attempt in range(repeat):
            run = run_measured(
                [*council_command(), "check", "--root", str(projects.council)],
                self.logs / f"check-{attempt}.log",
                self.env,
            )
            if run.returncode not in (0, 1):
                raise BuildFailed(
                    f"council check failed with exit code {run.returncode}:\n"
                    + "\n".join(run.stderr.splitlines()[-30:])
                )
            runs.append(run)
        self.timed += runs
        lines = runs[-1].stderr.splitlines()
        self.result["check"] = {
            "seconds": min(r.seconds for r in runs),
            "seconds_all": [r.seconds for r in runs],
            "maxrss_mib": max(r.maxrss_kib for r in runs) / 1024,
            "exit_code": runs[-1].returncode,
            "problems": [line for line in lines if "[council." in line][:10]
            + [line for line in lines if "problem(s)" in line],
        }
        self.say(
            f"council check: {self.result['check']['seconds']:.2f} s, exit {runs[-1].returncode}"
        )

    def edits(self, projects: Projects, repeat: int) -> None:
        """Change one sentence of one record's prose; rebuild both sites incrementally."""
        target = projects.records[self.count // 2]
        self.result["edited_record"] = f"decisions/{target.filename}"
        edits: dict[str, list[tuple[Run, list[str], list[str]]]] = {"council": [], "plain": []}
        for attempt in range(repeat):
            time.sleep(0.05)
            edit_record(projects.decisions / target.filename, attempt + 1)
            for name in ("council", "plain"):
                out = self.out(name)
                before = html_files(out)
                run = sphinx_build(
                    getattr(projects, name), out, self.logs / f"{name}-edit-{attempt}.log", self.env
                )
                written, changed = written_pages(before, html_files(out))
                edits[name].append((run, written, changed))
                self.timed.append(run)
                self.say(
                    f"{name} one-record rebuild: {run.seconds:.2f} s, {len(written)} pages written"
                )
        for name, done in edits.items():
            worst = max(done, key=lambda item: len(item[1]))
            self.result[name].update(
                {
                    "edit_seconds": min(edit.seconds for edit, _, _ in done),
                    "edit_seconds_all": [edit.seconds for edit, _, _ in done],
                    "edit_cpu_seconds": min(edit.cpu_seconds for edit, _, _ in done),
                    "edit_maxrss_mib": max(edit.maxrss_kib for edit, _, _ in done) / 1024,
                    "edit_pages_written": len(worst[1]),
                    "edit_pages_changed": len(worst[2]),
                    "edit_written_sample": worst[1][:30],
                    "edit_changed_sample": worst[2][:30],
                    "edit_warnings": len(warnings_in(done[-1][0].stderr)),
                }
            )

    def ratios(self) -> None:
        council, plain = self.result["council"], self.result["plain"]
        self.result["ratios"] = {
            "full": council["full_seconds"] / plain["full_seconds"],
            "edit": council["edit_seconds"] / plain["edit_seconds"],
            "full_cpu": council["full_cpu_seconds"] / plain["full_cpu_seconds"],
            "edit_cpu": council["edit_cpu_seconds"] / plain["edit_cpu_seconds"],
            "memory": council["full_maxrss_mib"] / plain["full_maxrss_mib"],
            "bytes_per_page": council["bytes_per_page"] / plain["bytes_per_page"],
        }
        self.result["timed_runs"] = len(self.timed)
        self.result["contended_runs"] = sum(map(contended, self.timed))
        self.result["load_average_after"] = os.getloadavg()


def bench_size(
    count: int,
    workdir: Path,
    env: dict[str, str],
    *,
    repeat: int = 1,
    edit_repeat: int = 1,
    quiet: bool = False,
) -> dict[str, Any]:
    """Every measurement for one corpus size."""
    started = time.perf_counter()
    bench = SizeBench(count, workdir, env, quiet=quiet)
    projects = bench.generate()
    bench.full_builds(projects, repeat)
    bench.check(projects, max(repeat, 3))
    bench.edits(projects, edit_repeat)
    bench.ratios()
    bench.result["wall_seconds"] = time.perf_counter() - started
    return bench.result


# --------------------------------------------------------------------------------------------
# Report
# --------------------------------------------------------------------------------------------


def closest(sizes: list[int], wanted: int) -> int:
    return min(sizes, key=lambda n: (abs(n - wanted), -n))


def evaluate(results: dict[int, dict[str, Any]]) -> list[dict[str, Any]]:
    sizes = sorted(results)
    smallest, largest = sizes[0], sizes[-1]
    targets = []

    def target(
        name: str, value: float | None, limit: float, passed: bool | None, detail: str
    ) -> None:
        targets.append(
            {
                "target": name,
                "value": value,
                "limit": limit,
                "status": "N/A" if passed is None else ("PASS" if passed else "FAIL"),
                "detail": detail,
            }
        )

    n = closest(sizes, TARGET_FULL_AT)
    ratio = results[n]["ratios"]["full"]
    target(
        f"full build council/plain at N={n}",
        ratio,
        TARGET_FULL_RATIO,
        ratio <= TARGET_FULL_RATIO,
        f"{ratio:.2f}x ({results[n]['council']['full_seconds']:.2f} s vs "
        f"{results[n]['plain']['full_seconds']:.2f} s) <= {TARGET_FULL_RATIO}x"
        + ("" if n == TARGET_FULL_AT else f" [N={TARGET_FULL_AT} not measured]"),
    )

    if largest != smallest:
        growth = (
            results[largest]["council"]["bytes_per_page"]
            / results[smallest]["council"]["bytes_per_page"]
        )
        target(
            f"council bytes/page N={largest} vs N={smallest}",
            growth,
            TARGET_BYTES_GROWTH,
            growth <= TARGET_BYTES_GROWTH,
            f"{growth:.2f}x ({results[largest]['council']['bytes_per_page'] / 1024:.1f} KiB"
            f" vs {results[smallest]['council']['bytes_per_page'] / 1024:.1f} KiB)"
            f" <= {TARGET_BYTES_GROWTH}x",
        )
    else:
        target(
            "council bytes/page growth", None, TARGET_BYTES_GROWTH, None, "needs at least two sizes"
        )

    worst_n = max(sizes, key=lambda s: results[s]["ratios"]["edit"])
    ratio = results[worst_n]["ratios"]["edit"]
    target(
        "one-record edit council/plain (every N)",
        ratio,
        TARGET_EDIT_RATIO,
        all(results[s]["ratios"]["edit"] <= TARGET_EDIT_RATIO for s in sizes),
        f"worst {ratio:.2f}x at N={worst_n} ({results[worst_n]['council']['edit_seconds']:.2f}"
        f" s vs {results[worst_n]['plain']['edit_seconds']:.2f} s) <= {TARGET_EDIT_RATIO}x",
    )

    worst_n = max(sizes, key=lambda s: results[s]["council"]["edit_pages_written"])
    pages = results[worst_n]["council"]["edit_pages_written"]
    target(
        "one-record edit pages written (every N)",
        pages,
        TARGET_EDIT_PAGES,
        pages <= TARGET_EDIT_PAGES,
        f"at most {pages} pages at N={worst_n} (plain: "
        f"{results[worst_n]['plain']['edit_pages_written']}) <= {TARGET_EDIT_PAGES}",
    )

    ratio = results[largest]["ratios"]["memory"]
    target(
        f"peak memory council/plain at N={largest}",
        ratio,
        TARGET_MEMORY_RATIO,
        ratio <= TARGET_MEMORY_RATIO,
        f"{ratio:.2f}x ({results[largest]['council']['full_maxrss_mib']:.0f} MiB vs "
        f"{results[largest]['plain']['full_maxrss_mib']:.0f} MiB) <= {TARGET_MEMORY_RATIO}x",
    )

    n = closest(sizes, TARGET_CHECK_AT)
    seconds = results[n]["check"]["seconds"]
    target(
        f"council check at N={n}",
        seconds,
        TARGET_CHECK_SECONDS,
        seconds < TARGET_CHECK_SECONDS,
        f"{seconds:.2f} s < {TARGET_CHECK_SECONDS:.0f} s"
        + ("" if n == TARGET_CHECK_AT else f" [N={TARGET_CHECK_AT} not measured]"),
    )
    return targets


def size_rows(r: dict[str, Any]) -> list[tuple[str, str, str, str]]:
    c, p, x = r["council"], r["plain"], r["ratios"]
    return [
        (
            "full build (s)",
            f"{c['full_seconds']:.2f}",
            f"{p['full_seconds']:.2f}",
            f"{x['full']:.2f}x",
        ),
        (
            "  CPU time (s)",
            f"{c['full_cpu_seconds']:.2f}",
            f"{p['full_cpu_seconds']:.2f}",
            f"{x['full_cpu']:.2f}x",
        ),
        (
            "one-record edit rebuild (s)",
            f"{c['edit_seconds']:.2f}",
            f"{p['edit_seconds']:.2f}",
            f"{x['edit']:.2f}x",
        ),
        (
            "  CPU time (s)",
            f"{c['edit_cpu_seconds']:.2f}",
            f"{p['edit_cpu_seconds']:.2f}",
            f"{x['edit_cpu']:.2f}x",
        ),
        (
            "pages written by the edit",
            str(c["edit_pages_written"]),
            str(p["edit_pages_written"]),
            "",
        ),
        (
            "  of which content changed",
            str(c["edit_pages_changed"]),
            str(p["edit_pages_changed"]),
            "",
        ),
        (
            "peak memory, full build (MiB)",
            f"{c['full_maxrss_mib']:.0f}",
            f"{p['full_maxrss_mib']:.0f}",
            f"{x['memory']:.2f}x",
        ),
        (
            "output bytes/page (KiB)",
            f"{c['bytes_per_page'] / 1024:.1f}",
            f"{p['bytes_per_page'] / 1024:.1f}",
            f"{x['bytes_per_page']:.2f}x",
        ),
        ("HTML pages", str(c["html_pages"]), str(p["html_pages"]), ""),
        ("warnings, full build", str(c["full_warnings"]), str(p["full_warnings"]), ""),
        ("council check (s)", f"{r['check']['seconds']:.2f}", "", ""),
        ("council check problems", "none" if r["check"]["exit_code"] == 0 else "SOME", "", ""),
    ]


def text_table(count: int, r: dict[str, Any]) -> str:
    rows = [("metric", "council", "plain", "ratio"), *size_rows(r)]
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    load = ", ".join(f"{value:.1f}" for value in r["load_average_after"])
    lines = [
        f"N = {count} records "
        f"({r['record_bytes_mean'] / 1024:.1f} KiB per record, "
        f"{r['prose_bytes_mean'] / 1024:.1f} KiB prose; load average after: {load})"
    ]
    if r["contended_runs"]:
        lines.append(
            f"  note: {r['contended_runs']} of {r['timed_runs']} timed runs waited for "
            "the CPU (wall > 1.15x CPU time): other processes competed, so wall times "
            "are noisy; compare the CPU times"
        )
    for index, row in enumerate(rows):
        lines.append(
            "  "
            + row[0].ljust(widths[0])
            + "  "
            + "  ".join(cell.rjust(widths[i]) for i, cell in enumerate(row[1:], 1))
        )
        if index == 0:
            lines.append("  " + "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def targets_text(targets: list[dict[str, Any]]) -> str:
    lines = ["Targets"]
    width = max(len(t["target"]) for t in targets)
    for t in targets:
        lines.append(f"  {t['status']:<4}  {t['target'].ljust(width)}  {t['detail']}")
    return "\n".join(lines)


def markdown_report(
    results: dict[int, dict[str, Any]], targets: list[dict[str, Any]], meta: dict[str, Any]
) -> str:
    sizes = sorted(results)
    lines = [
        "# sphinx-council benchmark",
        "",
        f"Python {meta['python']}, Sphinx {meta['sphinx']}, {meta['platform']}, "
        f"{meta['cpus']} CPUs; seed {meta['seed']}; full builds run {meta['repeat']}x, "
        f"edits {meta['edit_repeat']}x (fastest kept).",
        "",
    ]
    header = (
        ["metric"]
        + [f"N={n} council" for n in sizes]
        + [f"N={n} plain" for n in sizes]
        + [f"N={n} ratio" for n in sizes]
    )
    lines.append("| " + " | ".join(header) + " |")
    lines.append("|" + "|".join(["---"] + ["---:"] * (len(header) - 1)) + "|")
    rows_by_size = {n: size_rows(results[n]) for n in sizes}
    for index, row in enumerate(rows_by_size[sizes[0]]):
        cells = [row[0].strip()]
        for column in (1, 2, 3):
            cells += [rows_by_size[n][index][column] for n in sizes]
        lines.append("| " + " | ".join(cells) + " |")
    lines += ["", "## Targets", "", "| status | target | detail |", "|---|---|---|"]
    lines += [f"| {t['status']} | {t['target']} | {t['detail']} |" for t in targets]
    return "\n".join(lines) + "\n"


def versions() -> dict[str, str]:
    code = (
        "import json, sphinx, myst_parser, pydata_sphinx_theme, sphinx_design, docutils, "
        "sphinx_council; print(json.dumps({'sphinx': sphinx.__version__, "
        "'myst_parser': myst_parser.__version__, "
        "'pydata_sphinx_theme': pydata_sphinx_theme.__version__, "
        "'sphinx_design': sphinx_design.__version__, 'docutils': docutils.__version__, "
        "'sphinx_council': sphinx_council.__version__}))"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    if done.returncode != 0:
        raise BuildFailed(f"cannot import the packages to benchmark:\n{done.stderr}")
    found: dict[str, str] = json.loads(done.stdout)
    return found


def parse_sizes(text: str) -> list[int]:
    try:
        sizes = sorted({int(part) for part in text.split(",") if part.strip()})
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a comma-separated list of sizes: {text!r}") from None
    if not sizes or sizes[0] < 1 or sizes[-1] > 9999:
        raise argparse.ArgumentTypeError("sizes must be between 1 and 9999")
    return sizes


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description="Benchmark the sphinx-council site build against plain Sphinx + MyST."
    )
    parser.add_argument(
        "--sizes",
        type=parse_sizes,
        default=parse_sizes(DEFAULT_SIZES),
        help=f"comma-separated corpus sizes (default: {DEFAULT_SIZES})",
    )
    parser.add_argument(
        "--out",
        type=Path,
        default=Path("build/bench"),
        help="folder for results.json and results.md (default: build/bench)",
    )
    parser.add_argument(
        "--keep", action="store_true", help="keep the generated corpora, projects, outputs and logs"
    )
    parser.add_argument(
        "--repeat",
        type=int,
        default=1,
        help="run each timed build this many times and keep the fastest (default: 1)",
    )
    parser.add_argument(
        "--edit-repeat",
        type=int,
        default=3,
        help="make this many one-record edits, rebuilding both sites after "
        "each, and keep the fastest rebuild (default: 3)",
    )
    parser.add_argument(
        "--no-warmup",
        dest="warmup",
        action="store_false",
        help=f"skip the unmeasured N={WARMUP_SIZE} build that fills the bytecode and file caches",
    )
    args = parser.parse_args(argv)
    if args.repeat < 1 or args.edit_repeat < 1:
        parser.error("--repeat and --edit-repeat must be at least 1")

    env = dict(os.environ, SOURCE_DATE_EPOCH=SOURCE_DATE_EPOCH)
    env.pop("COUNCIL_BASE_URL", None)
    meta: dict[str, Any] = {
        "python": platform.python_version(),
        "executable": sys.executable,
        "platform": platform.platform(),
        "cpus": os.cpu_count(),
        "seed": SEED,
        "sizes": args.sizes,
        "repeat": args.repeat,
        "edit_repeat": args.edit_repeat,
        "source_date_epoch": SOURCE_DATE_EPOCH,
        "started": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "load_average_before": os.getloadavg(),
    }
    if args.keep:  # kept next to the results, replacing those of an earlier run
        workroot = args.out / "work"
        if workroot.exists():
            shutil.rmtree(workroot)
        workroot.mkdir(parents=True)
        workroot = workroot.resolve()
    else:
        workroot = Path(tempfile.mkdtemp(prefix="council-bench-"))
    results: dict[int, dict[str, Any]] = {}
    failure = None
    try:
        meta |= versions()
        print(
            f"sphinx-council benchmark: sizes {args.sizes}, Sphinx {meta['sphinx']}, "
            f"Python {meta['python']}, work dir {workroot}",
            flush=True,
        )
        if args.warmup:
            print(f"warm-up build (N={WARMUP_SIZE}, not measured)", flush=True)
            bench_size(WARMUP_SIZE, workroot / "warmup", env, quiet=True)
        for count in args.sizes:
            print(f"N={count}", flush=True)
            results[count] = bench_size(
                count, workroot / f"n{count}", env, repeat=args.repeat, edit_repeat=args.edit_repeat
            )
    except BuildFailed as error:
        failure = str(error)
        print(f"\nBUILD FAILED: {failure}", file=sys.stderr)
    finally:
        if args.keep:
            print(f"corpora, outputs and logs kept in {workroot}")
        else:
            shutil.rmtree(workroot, ignore_errors=True)

    write_report(args.out, results, meta, failure)
    return 1 if failure else 0


def write_report(
    out: Path, results: dict[int, dict[str, Any]], meta: dict[str, Any], failure: str | None
) -> None:
    """Print the tables and targets; write results.json and results.md."""
    targets = evaluate(results) if results else []
    out.mkdir(parents=True, exist_ok=True)
    payload = {
        "meta": meta,
        "results": {str(n): r for n, r in sorted(results.items())},
        "targets": targets,
        "failure": failure,
    }
    (out / "results.json").write_text(json.dumps(payload, indent=2) + "\n", "utf-8")
    if results:
        (out / "results.md").write_text(markdown_report(results, targets, meta), "utf-8")
        print()
        for count in sorted(results):
            print(text_table(count, results[count]))
            print()
        print(targets_text(targets))
    print(f"\nresults written to {out / 'results.json'} and {out / 'results.md'}")


if __name__ == "__main__":
    sys.exit(main())
