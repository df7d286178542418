"""Search on the built site with Pagefind: facets in each page's head, the search page, and the
index written when a build that changed pages finishes.

Sphinx's own search is turned off for the HTML builders when ``council_search`` is on: its index
is loaded by the theme on every page, does not index generated pages, and does not rank titles
and ids. Pagefind indexes the written HTML, so every page kind is covered the same way, and a
browser downloads only the index chunks a query needs.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from sphinx.util import logging

from ..core.extras import SEARCH
from ..core.problems import WARNING_TYPE, Check
from ..sphinxext.assets import Asset, copy_static, inline_marked, link_asset, link_script
from ..sphinxext.config import council_config, lacks_extra
from .facets import FACET_KEYS, SearchFacets, facet_token, id_shape
from .html import anchor_headings, heading_words, page_facets, without_sphinx_search
from .pages import facets_for, fallback_links

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

SEARCH_PAGE = "search"
INDEX_FOLDER = "pagefind"
# Beside the environment: what the last index was made from, so an unchanged site is not
# indexed again.
STAMP = "council-search.json"
# The words of every indexed heading, fetched by the search page only for a query that found
# nothing, to suggest the word one typo away.
WORDS = "council-words.json"
# The facet values the site has, each with the word its pages carry in the index.
FACETS = "council-facets.json"
TEMPLATES = Path(__file__).parent / "templates"
# The stylesheet is the search page's; the script, on every page, opens search with "/".
SEARCH_ASSET = Asset("council-search.css", "council-search.js")
# The search page's own scripts, in this order: the query's rules, then the page they drive.
SEARCH_PAGE_SCRIPTS = ("council-search-query.js", "council-search-page.js")


def search_on(app: Sphinx) -> bool:
    """Whether this build makes the Pagefind search: asked for, and a web-site builder."""
    return bool(app.config.council_search) and app.builder.name in ("html", "dirhtml")


def add_templates(app: Sphinx, config: Config) -> None:
    if config.council_search and lacks_extra(SEARCH, "council_search = True (the Pagefind search)"):
        config.council_search = False
    if config.council_search and str(TEMPLATES) not in config.templates_path:
        config.templates_path.append(str(TEMPLATES))


def replace_sphinx_search(app: Sphinx) -> None:
    """Turn Sphinx's index off and let templates drop the theme's scripts that load it."""
    if not search_on(app):
        return
    app.builder.search = False  # type: ignore[attr-defined]
    environment = app.builder.templates.environment
    environment.filters["council_without_sphinx_search"] = without_sphinx_search
    # The script on every page: the header's search button, on every page, opens the search
    # page. The stylesheet styles that page alone (page_context links it there).
    copy_static(Path(app.outdir), SEARCH_ASSET.script)
    app.add_js_file(SEARCH_ASSET.script, loading_method="defer")


def page_context(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], doctree: object
) -> None:
    """Give the templates this page's facets, and link its section headings for sub-results."""
    context["council_search"] = search_on(app)
    if not search_on(app):
        return
    if pagename == SEARCH_PAGE:
        link_asset(app, SEARCH_ASSET, script=False)
        for script in SEARCH_PAGE_SCRIPTS:
            link_script(app, script)
    facets = facets_for(app.env, pagename) if pagename != SEARCH_PAGE else SearchFacets()
    context["council_search_facets"] = facets
    if facets.kind and isinstance(context.get("body"), str):
        context["body"] = anchor_headings(context["body"])


def collect_search_page(app: Sphinx) -> Iterator[tuple[str, dict[str, Any], str]]:
    if search_on(app):
        context = {
            "title": "Search",
            "council_search_fallbacks": fallback_links(app),
            "council_search_id": id_shape(council_config(app.config).id_pattern),
        }
        yield SEARCH_PAGE, context, "council-search.html"


def write_index(app: Sphinx, exception: BaseException | None) -> None:
    """Index the written pages with Pagefind, unless nothing they show changed since the last
    index; the folder is replaced whole, so no chunk of an older index is left behind."""
    if exception is not None or not search_on(app):
        return
    outdir = Path(app.outdir)
    target = outdir / INDEX_FOLDER
    stamp_file = Path(app.doctreedir) / STAMP
    pages = _site_pages(outdir)
    stamp = _site_digest(outdir, pages)
    if target.is_dir() and _read_stamp(stamp_file) == stamp:
        return
    try:
        with tempfile.TemporaryDirectory(dir=outdir, prefix=".pagefind-") as scratch:
            indexed = _index(outdir, Path(scratch) / INDEX_FOLDER)
            _write_vocabulary(pages, Path(scratch) / INDEX_FOLDER)
            if target.exists():
                shutil.rmtree(target)
            (Path(scratch) / INDEX_FOLDER).rename(target)
    except Exception as error:
        logger.warning(
            "search: Pagefind could not index the site (%s); the search page will find nothing",
            error,
            type=WARNING_TYPE,
            subtype=Check.CONFIG.value,
        )
        return
    stamp_file.write_text(json.dumps({"pages": indexed, "stamp": stamp}), "utf-8")
    logger.info("search: Pagefind indexed %d pages", indexed)


def _index(site: Path, output: Path) -> int:
    """Run Pagefind over the written site, writing its bundle into ``output``; the number of
    pages indexed. Run as its own process, as a user would run it: it must finish writing
    before the bundle is moved into place."""
    command = pagefind_command(site, output)
    done = subprocess.run(command, capture_output=True, text=True, check=False, timeout=600)
    if done.returncode != 0 or not (output / "pagefind-entry.json").is_file():
        raise RuntimeError(done.stderr.strip() or f"exit status {done.returncode}")
    return indexed_pages(output)


def pagefind_command(site: Path, output: Path) -> list[str]:
    """The indexer's command line (the benchmark runs it again to measure its memory)."""
    command = [sys.executable, "-m", "pagefind", "--site", str(site), "--output-path", str(output)]
    # Heading permalinks ("#") are not words of the page.
    command += ["--exclude-selectors", ".headerlink", "--force-language", "en", "--silent"]
    return command


def indexed_pages(bundle: Path) -> int:
    """How many pages a Pagefind bundle indexes."""
    languages = json.loads((bundle / "pagefind-entry.json").read_text("utf-8"))["languages"]
    return sum(int(language["page_count"]) for language in languages.values())


def _write_vocabulary(pages: list[Path], bundle: Path) -> None:
    """Beside Pagefind's bundle: the facet values with their words, and the heading words."""
    words: set[str] = set()
    found: set[tuple[str, str]] = set()
    for path in pages:
        page = path.read_bytes().decode("utf-8", errors="replace")
        words |= heading_words(page)
        found |= page_facets(page)
    facets = {
        key: {value: facet_token(key, value) for k, value in sorted(found) if k == key}
        for key in FACET_KEYS
    }
    (bundle / WORDS).write_text(json.dumps(sorted(words)), "utf-8")
    (bundle / FACETS).write_text(json.dumps(facets, ensure_ascii=False), "utf-8")


def _site_pages(outdir: Path) -> list[Path]:
    """Every written HTML page outside the index, in a stable order."""
    return [
        page
        for page in sorted(outdir.rglob("*.html"))
        if INDEX_FOLDER not in page.relative_to(outdir).parts
    ]


def _site_digest(outdir: Path, pages: list[Path]) -> str:
    """What the pages hold, read one at a time: a site's HTML is never all in memory."""
    digest = hashlib.sha256()
    for path in pages:
        digest.update(path.relative_to(outdir).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def _read_stamp(path: Path) -> str:
    try:
        return str(json.loads(path.read_text("utf-8"))["stamp"])
    except (OSError, ValueError, KeyError, TypeError):
        return ""


def setup_search(app: Sphinx) -> None:
    app.add_config_value("council_search", False, "html", types=(bool,))
    app.connect("config-inited", add_templates)
    app.connect("builder-inited", replace_sphinx_search)
    app.connect("html-page-context", page_context)
    app.connect("html-page-context", inline_marked)
    app.connect("html-collect-pages", collect_search_page)
    app.connect("build-finished", write_index)
