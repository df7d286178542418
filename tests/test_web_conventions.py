"""The bundled site follows the web's conventions: link previews (Open Graph, Twitter card) and
a canonical address on every page, a sitemap, a 404 page, a favicon, "edit this page" links to
the real files. (That two builds of it are byte-identical is held by
test_bundled_newsletter.py's parallel build, compared with the run's shared one.)"""

from __future__ import annotations

import html
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from sphinx_council.decisions.load import load_decision
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import load_pathway

REPO = Path(__file__).parent.parent
BASE = "https://packaging-council.github.io/"  # docs/conf.py's SITE_URL (no COUNCIL_BASE_URL)
EDIT = "https://github.com/packaging-council/packaging-council.github.io/edit/main/"
SITEMAP = "{http://www.sitemaps.org/schemas/sitemap/0.9}"


@pytest.fixture
def bundled(bundled_site: Path) -> Path:
    return bundled_site


def pages(site: Path) -> list[str]:
    """Every page of the site, as paths from its root (not the search engine's own files)."""
    found = (p.relative_to(site).as_posix() for p in site.rglob("*.html"))
    return sorted(p for p in found if not p.startswith(("_static/", "pagefind/")))


def meta(page: str, key: str) -> list[str]:
    """The content of every ``<meta>`` whose property or name is ``key``."""
    tags = re.findall(r"<meta [^>]*>", page)
    wanted = [t for t in tags if f'property="{key}"' in t or f'name="{key}"' in t]
    return [html.unescape(re.search(r'content="([^"]*)"', t).group(1)) for t in wanted]  # type: ignore[union-attr]


def test_every_page_has_a_link_preview_and_a_canonical_address(bundled: Path) -> None:
    names = pages(bundled)
    assert len(names) > 200
    for name in names:
        if name in ("404.html", "search.html", "genindex.html"):
            continue
        page = (bundled / name).read_text("utf-8")
        assert meta(page, "og:title") != [""], name
        assert meta(page, "og:url") == [BASE + name], name
        assert f'<link rel="canonical" href="{BASE}{name}" />' in page, name
        assert meta(page, "twitter:card") == ["summary"], name
        assert len(meta(page, "og:description")) == 1, name


def test_a_decision_previews_its_summary(bundled: Path) -> None:
    source = REPO / "decisions" / "0001-accept-pep-772-packaging-council.md"
    record = load_decision(str(source), source.read_text("utf-8"))[0]
    assert record is not None
    assert record.summary
    page = (bundled / "decisions" / "0001-accept-pep-772-packaging-council.html").read_text()
    assert meta(page, "og:title") == [record.title]
    assert meta(page, "og:description") == [record.summary]


def test_a_page_with_a_description_previews_it(bundled: Path) -> None:
    page = (bundled / "about.html").read_text("utf-8")
    described = meta(page, "description")
    assert described[0].startswith("What this site is")
    assert meta(page, "og:description") == described[:1]


def test_the_sitemap_lists_every_page_on_the_public_address(bundled: Path) -> None:
    root = ET.parse(bundled / "sitemap.xml").getroot()
    urls = [u.findtext(f"{SITEMAP}loc") for u in root.findall(f"{SITEMAP}url")]
    expected = [n for n in pages(bundled) if n not in ("404.html", "search.html", "genindex.html")]
    assert urls == sorted(BASE + n for n in expected)  # in order, whatever order pages were written
    assert root.findall(f"{SITEMAP}url/{SITEMAP}lastmod") == []  # no date from git or the clock


def test_a_missing_page_gets_the_404_page_with_links_from_the_root(bundled: Path) -> None:
    page = (bundled / "404.html").read_text("utf-8")
    assert "<h1>Page not found</h1>" in page
    assert '<a href="/decisions.html">All decisions</a>' in page
    assert 'href="/_static/favicon.svg"' in page


def test_every_page_names_the_favicon(bundled: Path) -> None:
    assert (bundled / "_static" / "favicon.svg").read_text().startswith("<svg")
    assert '<link rel="icon" href="_static/favicon.svg"/>' in (bundled / "index.html").read_text()
    page = (bundled / "peps" / "pep-0772.html").read_text("utf-8")
    assert '<link rel="icon" href="../_static/favicon.svg"/>' in page


@pytest.mark.parametrize(
    ("page", "source"),
    [
        ("about.html", "docs/about.md"),
        (
            "decisions/0001-accept-pep-772-packaging-council.html",
            "decisions/0001-accept-pep-772-packaging-council.md",
        ),
        ("pathways/start-here.html", "pathways/start-here.yaml"),
    ],
)
def test_edit_links_open_the_real_file(bundled: Path, page: str, source: str) -> None:
    assert (REPO / source).is_file()
    edits = re.findall(r'href="([^"]*/edit/[^"]*)"', (bundled / page).read_text("utf-8"))
    assert edits == [EDIT + source]


def test_generated_pages_have_no_edit_link(bundled: Path) -> None:
    page = (bundled / "peps" / "pep-0772.html").read_text("utf-8")
    assert "PEP 772" in page
    assert "/edit/" not in page


def test_pathways_and_weekly_issues_preview_their_own_summary(bundled: Path) -> None:
    guide = guide_inventory()
    for source in sorted((REPO / "pathways").glob("*.yaml")):
        pathway = load_pathway(source.name, source.read_text("utf-8"), guide)[0]
        assert pathway is not None
        page = (bundled / "pathways" / f"{source.stem}.html").read_text("utf-8")
        assert meta(page, "og:description") == [" ".join(pathway.summary.split())], source.name
        assert meta(page, "description") == meta(page, "og:description"), source.name
    issues = sorted((bundled / "this-week").glob("20*.html"))
    assert issues
    for issue in issues:
        page = issue.read_text("utf-8")
        preview = meta(page, "og:description")
        assert len(preview) == 1, issue.name
        assert not preview[0].startswith("Issue "), issue.name  # not the dateline
        assert "All issues" not in preview[0], issue.name
        assert meta(page, "description") == preview, issue.name


def test_the_home_page_is_titled_once(bundled: Path) -> None:
    page = (bundled / "index.html").read_text("utf-8")
    assert "<title>Home &#8212; Python Packaging Council</title>" in page
    about = (bundled / "about.html").read_text("utf-8")
    assert re.search(r"<title>[^<]+ &#8212; Python Packaging Council</title>", about)
