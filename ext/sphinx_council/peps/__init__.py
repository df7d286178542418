"""PEP cross-links: the vendored index and its checks in pure Python; the role and pages in Sphinx.

Pure: index, status, sync, importer.  Sphinx: pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """The ``{pep}`` role, its warnings, PEP lists and PEP pages."""
    # Imported here so that the pure modules of this package load without Sphinx.
    from .. import __version__
    from .pages import setup_peps

    app.setup_extension("sphinx_council.decisions")
    setup_peps(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
