"""Which PEP index a build reads, and rereading every document when it changes.

A project names its own, refreshed copy with ``council_pep_index`` (a folder, relative to the
configuration directory, that ``council peps refresh`` writes); without it the build reads the
copy vendored in the package.
"""

from __future__ import annotations

import os
from collections.abc import Set
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..sphinxext.config import config_warning
from .domain import pep_citations
from .index import (
    INDEX_NAME,
    index_digest,
    pep_data_file,
    project_data_problem,
    use_pep_data,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config
    from sphinx.environment import BuildEnvironment


def pep_index_folder(confdir: Path, setting: str) -> Path | None:
    """The folder ``council_pep_index`` names, or None for the vendored index."""
    # realpath, not resolve(): a folder that is a link loop must not raise here.
    return Path(os.path.realpath(confdir / setting)) if setting else None


def select_pep_index(app: Sphinx, config: Config) -> None:
    """Read this build's PEP data from the project's folder, if it names one that has it."""
    folder = pep_index_folder(Path(app.confdir), config.council_pep_index)
    if folder is not None and not os.path.lexists(folder / INDEX_NAME):
        config_warning(
            f"council_pep_index: no {INDEX_NAME} in {folder}; run 'council peps refresh' "
            "to write one, or fix the path; using the bundled PEP index"
        )
        folder = None
    elif folder is not None and (problem := project_data_problem(folder)):
        config_warning(f"council_pep_index: {problem}; using the bundled PEP index")
        folder = None
    # Every build chooses, so one project's folder never carries into the next build.
    use_pep_data(folder)


def note_index_dependency(env: BuildEnvironment) -> None:
    """Reread the document when the index file it showed is edited by hand."""
    env.note_dependency(str(pep_data_file(INDEX_NAME)))


def index_changed(data: dict[str, Any], digest: str) -> bool:
    """Whether the index differs from the one the environment was built with (and remember
    the new one). A fresh environment reads every document anyway."""
    previous = data.get("index_digest")
    data["index_digest"] = digest
    return previous is not None and previous != digest


def outdate_on_new_index(
    app: Sphinx, env: BuildEnvironment, added: Set[str], changed: Set[str], removed: Set[str]
) -> list[str]:
    """Reread every document when the PEP index changed: titles and statuses appear on
    decision panels, listings and {pep} roles all over the site."""
    if index_changed(pep_citations(env).data, index_digest()):
        return sorted(env.found_docs)
    return []


def setup_source(app: Sphinx) -> None:
    # Early, so that the other config-inited handlers already see the chosen index.
    app.connect("config-inited", select_pep_index, priority=300)
    app.connect("env-get-outdated", outdate_on_new_index)
