"""Where a project's content is, as its Sphinx configuration says: the build's folders for
every ``council`` command.

``council check`` is the gate a pull request passes before the site is built, so it must read
what the build reads: the decisions folder ``council_decisions_dir`` names, the roster
``council_roster`` names (and no roster when ``conf.py`` names none, as the build has none),
the pathways folder, the news folder and the PEP index. The build resolves the folders against
its source directory and the files against the configuration directory; a project's source
directory is its configuration directory (``conf.py`` sits in it), so both are resolved
against the folder of ``conf.py`` here. A folder the configuration does not name falls back to
the build's default inside that folder, then to the command line's default under the root.
Options given on the command line (``--decisions``, ``--roster``) win.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path

from .contentwalk import PATHWAYS, RECORDS, walk_content
from .problems import WARNING_TYPE, Check, Problem
from .sourcefiles import FileRefused, read_source_bytes

# What conf.py names, and the build's default when it does not.
BUILD_DEFAULTS = {"council_decisions_dir": "decisions", "council_pathways_dir": "pathways"}
# A folder the build takes by default only when it holds the council's files, each named by a
# top-level field no other kind of file is likely to open with: a record's front matter names
# its ``id``, a pathway names its ``persona``. A project's own ``decisions/`` (architecture
# records, an ``index.rst``) or ``pathways/`` is its own until conf.py names the folder.
COUNCIL_FILES = {
    "council_decisions_dir": (RECORDS, "id"),
    "council_pathways_dir": (PATHWAYS, "persona"),
}
# How much of a file is read to tell: front matter and a pathway's first fields come first.
_HEAD_BYTES = 16384
PEP_INDEX_FILE = "peps.json"
PEP_STATUS_SEVERITIES = ("warn", "info", "ignore")


@dataclass(frozen=True)
class Layout:
    """The project's folders and files as the build reads them, and what is wrong in
    ``conf.py`` about them (the build's ``council.config`` warnings)."""

    decisions_dir: Path
    roster_file: Path | None
    pathways_dir: Path
    news_dir: Path | None = None
    pep_index_dir: Path | None = None
    problems: tuple[Problem, ...] = ()


def _text(values: Mapping[str, object], name: str) -> str:
    value = values.get(name, "")
    return value if isinstance(value, str) else ""


def content_folder(
    root: Path, conf_file: Path | None, values: Mapping[str, object], name: str
) -> Path:
    """The folder ``name`` (``council_decisions_dir``...) the build reads."""
    default = BUILD_DEFAULTS[name]
    if conf_file is None:
        return root / default
    given = _text(values, name).strip("/")
    if given:
        return conf_file.parent / given
    inside = conf_file.parent / default
    return inside if inside.is_dir() else root / default


def default_folder(srcdir: Path, name: str, root: Path) -> str:
    """The build's default folder for ``name`` (``council_decisions_dir``...) when conf.py does
    not name one: the default if it holds one of the council's files, else none (``""``).

    The folder is walked as the build walks it (:func:`walk_content`): no link is followed and
    nothing outside the project ``root`` or other than a regular file is opened."""
    folder = BUILD_DEFAULTS[name]
    content, field = COUNCIL_FILES[name]
    for path in walk_content(srcdir / folder, root, content).files:
        try:
            head = read_source_bytes(path, root)[:_HEAD_BYTES]
        except FileRefused:
            continue
        if names_field(head.decode("utf-8", "replace"), field, content is RECORDS):
            return folder
    return ""


def names_field(text: str, field: str, front_matter: bool) -> bool:
    """Whether the YAML of a file's ``text`` (its front matter, for Markdown) has the
    top-level ``field``."""
    lines = text.splitlines()
    if front_matter:
        if not lines or lines[0].rstrip() != "---":
            return False
        ends = [n for n, line in enumerate(lines[1:], 1) if line.rstrip() in ("---", "...")]
        lines = lines[1 : ends[0] if ends else len(lines)]
    return any(line.startswith(f"{field}:") for line in lines)


def configured_layout(
    root: Path,
    conf_file: Path | None,
    values: Mapping[str, object],
    where: str = "",
    line_of: Callable[[str], int] = lambda _name: 1,
) -> Layout:
    """The folders and files ``conf.py`` (None: no configuration) names for the build;
    problems are reported at ``where`` (``conf.py`` as shown), on the line ``line_of`` gives."""
    problems: list[Problem] = []

    def config_problem(name: str, message: str) -> None:
        problems.append(Problem(where, line_of(name), name, message, Check.CONFIG))

    roster: Path | None = None
    news: Path | None = None
    pep_index: Path | None = None
    if conf_file is not None:
        confdir = conf_file.parent
        if roster_name := _text(values, "council_roster"):
            # Named, not resolved: a roster that is a link is refused when it is read, never
            # followed here.
            roster = Path(os.path.normpath(confdir / roster_name))
            if not os.path.lexists(roster):
                config_problem(
                    "council_roster",
                    f"no file at {roster}; create it (an empty roster is 'members: []') or "
                    "fix the path",
                )
                roster = None
        if news_name := _text(values, "council_news_dir"):
            news = confdir / news_name
            # The build looks for the folder only when it publishes the newsletter.
            if not news.is_dir() and values.get("council_newsletter") is True:
                config_problem("council_news_dir", f"no folder at {news}")
        if index_name := _text(values, "council_pep_index"):
            pep_index = (confdir / index_name).resolve()
            if not (pep_index / PEP_INDEX_FILE).is_file():
                config_problem(
                    "council_pep_index",
                    f"no {PEP_INDEX_FILE} in {pep_index}; run 'council peps refresh' to write "
                    "one, or fix the path; using the bundled PEP index",
                )
                pep_index = None
        severity = values.get("council_pep_status_warnings", "warn")
        if severity not in PEP_STATUS_SEVERITIES:
            config_problem(
                "council_pep_status_warnings",
                f"must be one of {', '.join(PEP_STATUS_SEVERITIES)}, not {severity!r}; "
                "using 'warn'",
            )
    return Layout(
        content_folder(root, conf_file, values, "council_decisions_dir"),
        roster,
        content_folder(root, conf_file, values, "council_pathways_dir"),
        news,
        pep_index,
        tuple(problems),
    )


def pep_status_warnings(values: Mapping[str, object]) -> bool:
    """Whether a ``{pep}`` citing a Withdrawn, Rejected or Superseded PEP fails the build."""
    return values.get("council_pep_status_warnings", "warn") not in ("info", "ignore")


def is_suppressed(problem: Problem, suppressed: object) -> bool:
    """Whether ``suppress_warnings`` in ``conf.py`` silences this problem in the build."""
    if not isinstance(suppressed, list | tuple):
        return False
    names = {WARNING_TYPE, f"{WARNING_TYPE}.*", f"{WARNING_TYPE}.{problem.check.value}"}
    return any(name in names for name in suppressed if isinstance(name, str))
