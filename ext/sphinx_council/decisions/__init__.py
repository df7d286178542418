"""Decision records: loaded and checked in pure Python, rendered by Sphinx.

Pure: model, lifecycle, checks (the rules), load (the reader), corpus, roster, catalog, export,
references, dialect (what a record's prose may use), prose (what it breaks of the dialect, raw
HTML), editing and frontmatter_edit (changing a record), scaffold, project,
checkcache (what `council check` remembers between runs),
wording (link labels, literals in titles).
Sphinx: domain, nodes, pages, listings, roster_page, crosslinks (steps, issues and pathways that
link back), navigation (breadcrumbs and the section's tab), record_parser (records parse through
a restricted MyST).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Decision pages, the ``council`` domain, listings and the roster page."""
    # Imported here so that the pure modules of this package load without Sphinx.
    from .. import __version__
    from .listings import setup_listings
    from .pages import setup_pages
    from .roster_page import setup_roster_page

    setup_pages(app)
    setup_listings(app)
    setup_roster_page(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 2,
    }
