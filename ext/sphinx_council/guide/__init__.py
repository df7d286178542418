"""The member's guide: directives generated from the rules, the lifecycle picture, JSON Schemas.

Pure: lifecycle_svg (the picture), lifecycle_route (its arrows), schemas.  Sphinx: directives,
dialect_list (what a record's prose may use).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """The member's guide directives and the published JSON Schemas."""
    # Imported here so that the pure modules of this package load without Sphinx.
    from .. import __version__
    from .directives import setup_guide

    app.setup_extension("sphinx_council.decisions")
    setup_guide(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
