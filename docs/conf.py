"""Sphinx configuration of the Python Packaging Council site."""

from __future__ import annotations

import importlib.metadata
import os

project = "Python Packaging Council"
author = "the sphinx-council contributors"
copyright = "the sphinx-council contributors; PEP data from python/peps"  # noqa: A001
# An e-book (`-b epub`) must carry a version; the site has none of its own, so it names the
# sphinx-council release that built it.
version = importlib.metadata.version("sphinx-council")

extensions = ["myst_parser", "sphinx_design", "sphinx_council"]

# Decision records live in ../decisions (reached through the docs/decisions link);
# the roster in ../council.
council_roster = "../council/roster.yaml"
council_pep_pages = True  # a page for every PEP the site cites or lists

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3

# Absolute links (decisions.json, the feeds) need the site's address. The site has no official
# address yet: without COUNCIL_BASE_URL the bundled site is built for a local preview at
# http://localhost:8000/ (`python3 -m http.server -d build/html`); set COUNCIL_BASE_URL to the
# published address when deploying. On Read the Docs (pull-request previews included) its
# canonical URL is the address.
html_baseurl = (
    os.environ.get("COUNCIL_BASE_URL")
    or os.environ.get("READTHEDOCS_CANONICAL_URL")
    or "http://localhost:8000/"
)

# This Week in Packaging: news items and editor's notes live in ../news; issue #1 is the week
# PEP 772 was accepted (the default, council_digest_start = "2026-W16").
council_news_dir = "../news"
council_newsletter = True  # off by default: a foreign project gets no issues or feeds

# Search with Pagefind: every page kind indexed, with facets; Sphinx's own search is off.
council_search = True

html_theme = "pydata_sphinx_theme"
html_title = "Python Packaging Council"
html_short_title = "Packaging Council"
html_last_updated_fmt = None  # no wall-clock dates in pages: builds are reproducible
html_show_sourcelink = False
html_copy_source = False
# Hand-written pages are few and flat; records are reached from listings, so no page carries
# a navigation tree that grows with the number of records.
html_sidebars = {"**": []}
html_static_path = ["_static"]
html_css_files = ["site.css"]
html_theme_options = {
    "logo": {"text": "Packaging Council"},
    "navbar_align": "left",
    "header_links_before_dropdown": 5,
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "show_prev_next": False,
    "navigation_with_keys": False,
}
