"""PEP cross-links: the PEP index and its checks in pure Python; the role and pages in Sphinx.

Pure: index, status, sync.  Sphinx: domain, source, role, pages, lists.

``extensions = ["sphinx_council.peps"]`` works on its own, in any project: the ``{pep}`` role
with its warnings and ``{pep-list}``; PEP pages only with ``council_pep_pages = True``.
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
    from ..sphinxext.assets import Asset, link_where_used
    from ..sphinxext.config import setup_config
    from .domain import setup_domain
    from .lists import setup_lists
    from .pages import setup_pages
    from .role import setup_role
    from .source import setup_source

    setup_config(app)
    link_where_used(app, Asset("council-peps.css"))
    setup_source(app)
    setup_domain(app)
    setup_role(app)
    setup_pages(app)
    setup_lists(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
