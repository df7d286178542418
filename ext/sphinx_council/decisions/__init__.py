"""Decision records: loaded and checked in pure Python, rendered by Sphinx.

Pure: model, lifecycle, checks (the rules), load (the reader), corpus, roster, catalog, export,
references, dialect (what a record's prose may use), prose (what it breaks of the dialect, raw
HTML), editing and frontmatter_edit (changing a record), scaffold, project, checkcache (what
`council check` remembers between runs), cachefiles (its signed files), pepstatus (records
against the PEP index), importer (records for resolved PEPs), wording (discussion link
labels), renumber (a record's new id in every file that names it).
Sphinx: domain, nodes, pagelinks (a record's link and status badge), pages, listings,
roster_page, pepcites (the records PEP pages list), record_parser (records parse through a
restricted MyST).

What links back to a record from pathways and weekly issues, and the breadcrumbs, are
answered from above by :mod:`sphinx_council.crosslinks`.
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

    # Records stand on the PEP concern: their PEPs are cited, and PEP pages list them.
    app.setup_extension("sphinx_council.peps")
    setup_pages(app)
    setup_listings(app)
    setup_roster_page(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
        "env_version": 2,
    }
