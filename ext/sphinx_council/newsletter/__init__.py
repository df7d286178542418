"""This Week in Packaging: events, news, weekly digests and feeds in pure Python; pages in Sphinx.

Pure: events, news, digest, feeds.  Sphinx: pages.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Weekly issues, their archive, feeds and autodiscovery links."""
    # Imported here so that the pure modules of this package load without Sphinx.
    from .. import __version__
    from .pages import setup_newsletter

    app.setup_extension("sphinx_council.decisions")
    app.setup_extension("sphinx_council.pathways")
    setup_newsletter(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
