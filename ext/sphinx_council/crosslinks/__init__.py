"""What ties the concerns together, standing above them: the pathway steps, weekly issues and
persona pages that link back to a record or a PEP, and where each page sits in the site.

The concerns stand on each other in one order (core, sphinxext, peps, decisions, pathways,
newsletter) and never import upwards; where a lower one shows something of a higher one, it
defines a hook (a Sphinx event) and this package answers it, reading each concern's domain
through its typed accessor.

Every module here is on the Sphinx side: links (backlinks to records and PEP pages) and
navigation (breadcrumbs and the section's tab).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Backlinks and breadcrumbs across records, PEPs, pathways and weekly issues."""
    # Imported here so that the pure modules of the package load without Sphinx.
    from .. import __version__
    from .links import setup_links
    from .navigation import setup_navigation

    for concern in ("decisions", "peps", "pathways", "newsletter"):
        app.setup_extension(f"sphinx_council.{concern}")
    setup_links(app)
    setup_navigation(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
