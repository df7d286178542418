"""Sphinx configuration of the Python Packaging Council site."""

from __future__ import annotations

import os

project = "Python Packaging Council"
author = "the sphinx-council contributors"
copyright = "the sphinx-council contributors; PEP data from python/peps"  # noqa: A001

extensions = ["myst_parser", "sphinx_design", "sphinx_council"]

# Decision records live in ../decisions (reached through the docs/decisions link);
# the roster in ../council.
council_roster = "../council/roster.yaml"

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline"]
myst_heading_anchors = 3

# Absolute links (decisions.json, later the feeds) need the site's address; a build without it
# writes site-relative links.
# On Read the Docs (pull-request previews included) its canonical URL is the address.
html_baseurl = os.environ.get("COUNCIL_BASE_URL") or os.environ.get("READTHEDOCS_CANONICAL_URL", "")

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
    "header_links_before_dropdown": 6,
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "show_prev_next": False,
    "navigation_with_keys": False,
}
