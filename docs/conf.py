"""Sphinx configuration of the Python Packaging Council site."""

from __future__ import annotations

import os
import sys
from pathlib import Path
from urllib.parse import urlsplit

import sphinx_council
from sphinx_council.core.addresses import addresses_from_environment

project = "Python Packaging Council"
author = "the sphinx-council contributors"
copyright = "the sphinx-council contributors; PEP data from python/peps"  # noqa: A001
# An e-book (`-b epub`) must carry a version; the site has none of its own, so it names the
# sphinx-council release that built it: the package's own, not its installed metadata, since
# this repository's pre-commit hook reads conf.py with the package on the path, not installed.
version = sphinx_council.__version__

extensions = [
    "myst_parser",
    "sphinx_design",
    "sphinx_council",
    # The web's conventions: link previews, a sitemap, a 404 page.
    "sphinxext.opengraph",
    "sphinx_sitemap",
    "notfound.extension",
    "site_conventions",  # _ext/: edit links to the real files, previews on generated pages
    "light_pages",  # _ext/: one style sheet, icons without a web font, deferred scripts
]
sys.path.insert(0, str(Path(__file__).parent / "_ext"))

# --- Where the site's source lives and where the site is served: set here, and nowhere else --
# Both come from the environment the build runs in, so "edit this page" and every feed link
# agree: on GitHub Actions the repository is GITHUB_SERVER_URL/GITHUB_REPOSITORY, and the site
# is COUNCIL_BASE_URL (the Publish workflow sets it to the address GitHub Pages reports for the
# repository, custom domain included), else Read the Docs' READTHEDOCS_CANONICAL_URL, else the
# repository's github.io address (https://OWNER.github.io/NAME/, or https://OWNER.github.io/
# for a repository named OWNER.github.io). A local build uses the one default below, whose
# site is https://packaging-council.github.io/. A value that is not a safe owner/name or an
# https: address (http: only for a preview on localhost) is reported as a council.config
# warning naming the variable (so a -W build stops), and the build uses the default.
# The header's icon, "edit this page", the About page and the 404 page take REPOSITORY, and
# every absolute address the site publishes (feeds, the e-mail editions, the deadlines
# calendar, decisions.json, canonical links) starts with SITE_URL.
DEFAULT_REPOSITORY = "packaging-council/packaging-council.github.io"
_addresses, site_address_problems = addresses_from_environment(os.environ, DEFAULT_REPOSITORY)
REPOSITORY = _addresses.repository
SITE_URL = _addresses.site
REPOSITORY_BRANCH = "main"

# Decision records live in ../decisions (reached through the docs/decisions link), pathways in
# ../pathways (docs/pathways); the roster in ../council. Named here, so a folder with a broken
# file is still checked (unnamed, a folder is taken only when it holds the council's files).
council_decisions_dir = "decisions"
council_pathways_dir = "pathways"
council_roster = "../council/roster.yaml"
council_pep_pages = True  # a page for every PEP the site cites or lists

source_suffix = {".md": "markdown"}
root_doc = "index"
exclude_patterns = ["_build", "Thumbs.db", ".DS_Store"]
# No "substitution": MyST renders {{ ... }} with an unsandboxed Jinja environment, so a page
# that used one could run code in the build. Pages link to the repository with the
# {repository} role (_ext/site_conventions.py); records never get substitutions at all.
myst_enable_extensions = ["colon_fence", "deflist", "fieldlist", "attrs_inline", "attrs_block"]
site_repository = REPOSITORY
myst_heading_anchors = 3

# --- The feed-id authority: set once, and never changed ---------------------------------------
# Every feed entry id (tag:AUTHORITY,2026:...), calendar UID, e-mail Message-ID and the
# newsletter's default From address carry it, and each Atom feed's own id is its path under
# https://AUTHORITY/. Readers tell entries apart by these ids, so a new authority would show
# every entry again as new: it is pinned here, to the host of the site's first address, and
# stays when the site moves (a custom domain, another repository, a fork's preview).
council_feed_authority = "packaging-council.github.io"
council_feed_id_base = f"https://{council_feed_authority}/"
html_baseurl = SITE_URL

# The PEP index the site reads: its own copy in ../peps, which the weekly publishing job
# refreshes (`council peps refresh`) in a pull request, recording each status change it sees.
council_pep_index = "../peps"

# This Week in Packaging: news items and editor's notes live in ../news; issue #1 is the week
# PEP 772 was accepted (the default, council_digest_start = "2026-W16").
council_news_dir = "../news"
council_newsletter = True  # off by default: a foreign project gets no issues or feeds
# The first issue really sent. No issue has been sent before this site's last commit (Monday
# 7 December 2026, in 2026-W50): nothing could send one. The first that can be is 2026-W50's,
# on Monday 14 December 2026; every earlier issue says it was compiled from the record.
council_newsletter_launch = "2026-W50"
# The issues published since, each as it was sent: the weekly job records Monday's issue here
# (council digest WEEK --record), beside the record of what was mailed (newsletter/sent/).
council_newsletter_published = "../newsletter/published.json"
# The packaging tools whose releases `council releases refresh` records from PyPI into
# ../releases/releases.json, the snapshot the weekly job refreshes and the build reads: the
# default list (pip, uv, setuptools, hatchling, flit-core, poetry, pdm, build, twine,
# virtualenv, packaging, wheel, pipx, cibuildwheel, maturin, scikit-build-core, meson-python,
# pip-tools); set council_release_watch = [...] to follow others.
council_release_snapshot = "../releases"
# The e-mail edition, once the council has a mailing list (README, "Delivered by e-mail"):
# council_newsletter_subscribe = "https://mail.python.org/mailman3/lists/this-week.python.org/"
# council_newsletter_list = {
#     "id": "this-week.python.org",
#     "post": "this-week@python.org",
#     "unsubscribe": ["mailto:this-week-leave@python.org"],
#     "archive": "https://mail.python.org/archives/list/this-week@python.org/",
# }

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
# _templates/static/webpack-macros.html: the theme's head and end-of-body links, with the one
# style sheet _ext/light_pages.py writes.
templates_path = ["_templates"]
html_css_files = ["site.css"]
html_favicon = "_static/favicon.svg"
html_theme_options = {
    "logo": {"text": "Packaging Council"},
    "github_url": REPOSITORY,
    "use_edit_page_button": True,
    "article_footer_items": ["edit-this-page"],
    "navbar_align": "left",
    "header_links_before_dropdown": 5,
    "navbar_end": ["theme-switcher", "navbar-icon-links"],
    "secondary_sidebar_items": ["page-toc"],
    "footer_start": ["copyright"],
    "footer_end": ["sphinx-version"],
    "show_prev_next": False,
    "navigation_with_keys": False,
}

# "Edit this page" opens the page's source on GitHub (_ext/site_conventions.py finds it).
_owner, _name = _addresses.slug.split("/")
html_context = {
    "github_url": _addresses.server,
    "github_user": _owner,
    "github_repo": _name,
    "github_version": REPOSITORY_BRANCH,
    "doc_path": "docs",
    # The reader's system setting until they choose; unset, the theme's script logs "Got
    # invalid theme mode" on every first visit.
    "default_mode": "auto",
}

# Link previews (Open Graph, and Twitter's card, which reads og: tags) on the public address.
# No generated card images: they need matplotlib and change with its fonts.
ogp_site_url = html_baseurl
ogp_social_cards = {"enable": False}
ogp_custom_meta_tags = ['<meta name="twitter:card" content="summary" />']

# The sitemap lists every page on the public address; no version in the URLs, and no lastmod
# (it would come from git or the clock, and the build must not depend on either).
sitemap_url_scheme = "{link}"
sitemap_show_lastmod = False
sitemap_excludes = ["search.html", "genindex.html", "404.html"]

# The 404 page's links are absolute from the site's root, wherever the missing page was.
notfound_urls_prefix = urlsplit(html_baseurl).path
notfound_context = {
    "title": "Page not found",
    "body": (
        "<h1>Page not found</h1>"
        "<p>There is no page at this address. It may have moved: decision records keep "
        "their id (PC-0001) in the file name, so search for the id or the title.</p>"
        f'<p><a href="{notfound_urls_prefix}index.html">Home</a> · '
        f'<a href="{notfound_urls_prefix}decisions.html">All decisions</a> · '
        f'<a href="{notfound_urls_prefix}search.html">Search</a> · '
        f'<a href="{REPOSITORY}/issues">Report a broken link</a></p>'
    ),
}
