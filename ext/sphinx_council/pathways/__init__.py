"""Persona pathways: loaded and checked in pure Python, rendered by Sphinx.

Pure: fields, model, commands, load, assemble, checks, licences, checked, runner, confine,
userguide, tools.
Sphinx: inventory, domain, pages, nodes, listings.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Pathway pages, cards and the tool list."""
    # Imported here so that the pure modules of this package load without Sphinx.
    from .. import __version__
    from .pages import setup_pathways

    app.setup_extension("sphinx_council.decisions")
    app.setup_extension("sphinx_council.peps")
    setup_pathways(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        # 2: the pathway domain no longer keeps each page's PEP citations (the PEPs domain does).
        "env_version": 2,
    }
