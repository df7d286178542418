"""Site search with Pagefind: each page's facets and the index, built with the site.

Pure: facets, html.  Sphinx: pages, site.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """The search page, each page's facets and the Pagefind index, when ``council_search``."""
    # Imported here so that the pure modules of this package load without Sphinx.
    from .. import __version__
    from .site import setup_search

    app.setup_extension("sphinx_council.decisions")
    setup_search(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
