"""What the build reads: only regular files inside the project, never through a link placed
in a content folder.

Sphinx lists its source folder following every link, and reads whatever it lists: a record
that links to ``/etc/passwd`` would become a page, a linked folder loop would be walked until
the paths grow too long, and a named pipe called ``x.md`` would stop the build. Before Sphinx
lists anything (``config-inited``), the source folder is walked the way ``council check``
walks the content folders (:func:`..core.contentwalk.walk_site`): every entry that must not be
read gets a ``council.file`` warning with its path and why (the message ``council check``
prints), and is added to ``exclude_patterns``, so Sphinx neither reads it nor walks into it.
Once Sphinx has listed its documents (``env-get-outdated``), any document in a content folder
that the walk did not accept, or elsewhere whose real path is not a regular file inside the
project, is dropped before it is read.

The project's root is the folder above the one holding ``conf.py``: the repository for the
council's ``docs/conf.py``, the folder ``council check`` runs in (its ``--root``). The links
the project commits from ``docs/`` to its content folders (``docs/decisions -> ../decisions``)
are read through as long as they lead inside it.
"""

from __future__ import annotations

import os
import stat
import unicodedata
import weakref
from pathlib import Path
from typing import TYPE_CHECKING

from sphinx.util import logging
from sphinx.util.matching import compile_matchers

from ..core.contentwalk import PATHWAYS, RECORDS, ContentFolder, walk_site
from ..core.problems import WARNING_TYPE, Check
from ..core.sourcefiles import inside

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)

# Per build: the content folders (relative to the source folder) and the files accepted there.
_ACCEPTED: weakref.WeakKeyDictionary[Sphinx, tuple[tuple[str, ...], frozenset[Path]]] = (
    weakref.WeakKeyDictionary()
)


def project_root(confdir: str | os.PathLike[str]) -> Path:
    """The folder every file of the project is inside: the one above ``conf.py``'s folder."""
    return Path(os.path.realpath(confdir)).parent


def glob_escape(path: str) -> str:
    """An ``exclude_patterns`` entry matching exactly ``path`` (Sphinx compares NFC names)."""
    special = {"[": "[[]", "*": "[*]", "?": "[?]"}
    return "".join(special.get(char, char) for char in unicodedata.normalize("NFC", path))


def _content_folders(app: Sphinx, config: Config) -> dict[str, ContentFolder | None]:
    # A concern that is off has no folder (""), not the whole source folder.
    content: dict[str, ContentFolder | None] = {
        folder: kind
        for folder, kind in (
            (config.council_decisions_dir.strip("/"), RECORDS),
            (config.council_pathways_dir.strip("/"), PATHWAYS),
        )
        if folder
    }
    news = getattr(config, "council_news_dir", "")
    if getattr(config, "council_newsletter", False) and news:
        # News items are data, never pages: a news folder inside the source folder is left out
        # whole, and its reader (newsletter.news) reports what it refuses.
        folder = Path(os.path.abspath(Path(app.confdir, news)))  # noqa: PTH100 (not resolved)
        if (names := inside(folder, app.srcdir)) is not None:
            content["/".join(names)] = None
    return content


def exclude_refused(app: Sphinx, config: Config) -> None:
    """Warn about every entry of the source folder the build must not read, and keep Sphinx
    from listing it."""
    srcdir = Path(app.srcdir)
    content = _content_folders(app, config)
    ignored = compile_matchers([*config.exclude_patterns, *config.templates_path])
    walk = walk_site(
        srcdir,
        project_root(app.confdir),
        content,
        lambda relative: any(match(unicodedata.normalize("NFC", relative)) for match in ignored),
    )
    for problem in walk.problems:
        logger.warning(
            problem.text,
            type=WARNING_TYPE,
            subtype=problem.check.value,
            location=f"{problem.source}:{problem.line}",
        )
    excluded = [glob_escape(path.relative_to(srcdir).as_posix()) for path in walk.excluded]
    if excluded:
        # A new list: conf.py may have given a tuple.
        config.exclude_patterns = [*config.exclude_patterns, *sorted(set(excluded))]
    folders = tuple(name for name, kind in content.items() if kind is not None)
    _ACCEPTED[app] = (folders, frozenset(walk.files))


def _problem(path: Path, root: Path, in_content: bool, accepted: frozenset[Path]) -> str | None:
    if in_content:
        return None if path in accepted else "is not a file the project reads here"
    real = os.path.realpath(path)
    if inside(real, root) is None:
        return "is outside the project; the project reads only files inside it"
    try:
        regular = stat.S_ISREG(Path(real).stat().st_mode)
    except OSError:
        regular = False
    return None if regular else "is not a regular file; the project reads only regular files"


def drop_refused(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """Drop, before it is read, any document Sphinx found that the project does not read."""
    folders, accepted = _ACCEPTED.get(app, ((), frozenset()))
    srcdir, root = Path(app.srcdir), project_root(app.confdir)
    for docname in sorted(env.found_docs):
        path = Path(env.doc2path(docname))
        relative = path.relative_to(srcdir).as_posix()
        in_content = any(relative.startswith(f"{folder}/") for folder in folders)
        if problem := _problem(path, root, in_content, accepted):
            logger.warning(
                "%s; it is not read",
                problem,
                type=WARNING_TYPE,
                subtype=Check.FILE.value,
                location=f"{path}:1",
            )
            env.found_docs.discard(docname)
            added.discard(docname)
            changed.discard(docname)
            if docname in env.all_docs:
                removed.add(docname)
    return []


def setup_sources(app: Sphinx) -> None:
    # Late, so that every other handler has already added its own exclude patterns.
    app.connect("config-inited", exclude_refused, priority=900)
    # Early, so that no other handler plans to read a dropped document.
    app.connect("env-get-outdated", drop_refused, priority=100)
