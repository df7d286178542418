"""This Week in Packaging: events, news, weekly digests and feeds in pure Python; pages in Sphinx.

Pure: events, news, facts (each fact once), published (the issues sent, frozen), digest, markup
(the editors' Markdown), outline (an issue's sections), render (Markdown, text, HTML), feeds,
mail (the e-mail edition), mailinglist (the list's sign-up page and headers), sent (what was
posted to the list), calendar (deadlines.ics), releases (the release snapshot), release_news
(the releases an issue tells), pypi (PyPI's answers, checked), release_refresh (``council
releases refresh``), publication (what a project publishes as of its build date), merge (what
merging a branch publishes, for ``council changes``).
Sphinx: config (options), domain (what pages hold), derive (issues and feeds after reading),
blocks (the directives), pages (an HTML page per issue), publish (feed files and autodiscovery
links).

Off unless ``council_newsletter = True``: a project that only wants decision records gets no
issue pages, feeds or ``<link>`` tags.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.util.typing import ExtensionMetadata


def setup(app: Sphinx) -> ExtensionMetadata:
    """Weekly issues, their archive, feeds and autodiscovery links, once turned on."""
    # Imported here so that the pure modules of this package load without Sphinx.
    from .. import __version__
    from .blocks import setup_blocks
    from .config import setup_config
    from .derive import setup_derive
    from .domain import setup_domain
    from .pages import setup_pages
    from .publish import setup_publish

    app.setup_extension("sphinx_council.decisions")
    app.setup_extension("sphinx_council.pathways")
    for setup_feature in (
        setup_config,
        setup_domain,
        setup_derive,
        setup_blocks,
        setup_pages,
        setup_publish,
    ):
        setup_feature(app)
    return {
        "version": __version__,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }
