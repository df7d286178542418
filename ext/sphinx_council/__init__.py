"""sphinx-council: decision records, pathways, digests and PEP links for the Packaging Council."""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata

__version__ = "0.1.0"


def setup(app: Sphinx) -> ExtensionMetadata:
    """Load every sphinx-council extension."""
    app.setup_extension("sphinx_council.decisions")
    app.setup_extension("sphinx_council.guide")
    app.setup_extension("sphinx_council.peps")
    app.setup_extension("sphinx_council.pathways")
    app.setup_extension("sphinx_council.newsletter")
    app.setup_extension("sphinx_council.crosslinks")
    app.setup_extension("sphinx_council.search")
    return {"version": __version__, "parallel_read_safe": True, "parallel_write_safe": True}
