"""A light first visit on the bundled site: each concern's stylesheet only on its pages, one
stylesheet linked, no script that holds up the first render, no icon font or script for the
theme's icons, and the reader's colour scheme from the start."""

from __future__ import annotations

import re
import sys
from pathlib import Path

from conftest import sphinx_build
from test_dropin import linked_assets

sys.path.insert(0, str(Path(__file__).parent.parent / "bench"))
from firstvisit import PAGES, render_blocking

CONCERN_STYLESHEETS = {
    "council-search.css",
    "guide.css",
    "pathways.css",
    "council-peps.css",
    "council.css",
}


def test_a_weekly_issue_carries_no_stylesheet_of_another_concern(bundled_site: Path) -> None:
    issue = linked_assets(bundled_site / PAGES["weekly issue"]) & CONCERN_STYLESHEETS
    assert issue == {"council.css"}  # its decisions' status badges
    pathway = linked_assets(bundled_site / PAGES["pathway"]) & CONCERN_STYLESHEETS
    assert "pathways.css" in pathway and "council-search.css" not in pathway
    assert linked_assets(bundled_site / "search.html") & CONCERN_STYLESHEETS == {
        "council-search.css"
    }


def test_every_page_kind_waits_for_one_stylesheet_and_nothing_else(bundled_site: Path) -> None:
    for kind, path in {**PAGES, "search": "search.html"}.items():
        blocking = render_blocking((bundled_site / path).read_text("utf-8"))
        assert len(blocking) == 1, (kind, blocking)
        assert re.fullmatch(
            r"style sheet (\.\./)*_static/styles/council-site\.css\?v=\w+", blocking[0]
        )


def test_the_one_stylesheet_holds_the_theme_and_draws_its_icons(bundled_site: Path) -> None:
    sheet = (bundled_site / "_static/styles/council-site.css").read_text("utf-8")
    for part in ("basic.css", "styles/pydata-sphinx-theme.css", "pygments.css", "site.css"):
        assert f"/* {part} */" in sheet
    page = (bundled_site / PAGES["home"]).read_text("utf-8")
    shown = set(re.findall(r'class="[^"]*\bfa-(?:solid|brands) fa-([a-z-]+)', page))
    assert shown, "the home page shows the theme's icons"
    for icon in shown:
        assert f'.fa-{icon}::before{{content:""' in sheet, icon
    assert "fontawesome.js" not in page


def test_no_page_loads_the_scripts_of_sphinxs_own_search(bundled_site: Path) -> None:
    for path in PAGES.values():
        page = (bundled_site / path).read_text("utf-8")
        assert "doctools.js" not in page and "sphinx_highlight.js" not in page, path
        assert "documentation_options.js" in page  # the theme's script reads its settings


def test_the_colour_scheme_is_the_readers_until_they_choose(bundled_site: Path) -> None:
    page = (bundled_site / PAGES["decision"]).read_text("utf-8")
    assert 'data-theme="auto"' in page
    assert 'localStorage.getItem("theme") || "auto"' in page


sys.path.insert(0, str(Path(__file__).parent.parent / "docs" / "_ext"))
from light_pages import icons_named  # noqa: E402


def test_icon_names_are_read_from_the_classes_that_show_an_icon() -> None:
    html = (
        '<i class="fa-solid fa-star fa-lg fa-fw"></i> <span class="fab fa-python fa-2x"></span>'
        '<p class="fa-lg">sized, not an icon</p>'
    )
    assert icons_named(html) == {"star", "python"}


def test_the_sheet_leaves_out_font_awesomes_glyph_names_and_keeps_the_rest(
    bundled_site: Path,
) -> None:
    sheet = (bundled_site / "_static/styles/council-site.css").read_text("utf-8")
    assert '{--fa:"' not in sheet  # .fa-house{--fa:"\f015"} and 2,000 more
    assert ".fa-lg{" in sheet  # sizes and the theme's own rules stay
    assert ".bd-header" in sheet


def test_an_icon_the_sheet_does_not_draw_is_a_warning_that_says_where_to_add_it(
    tmp_path: Path,
) -> None:
    docs = Path(__file__).parent.parent / "docs"
    src = tmp_path / "src"
    src.mkdir()
    (src / "conf.py").write_text(
        "import sys\n"
        f"sys.path.insert(0, {str(docs / '_ext')!r})\n"
        "extensions = ['light_pages']\n"
        "html_theme = 'pydata_sphinx_theme'\n"
        f"templates_path = [{str(docs / '_templates')!r}]\n",
        "utf-8",
    )
    (src / "index.rst").write_text(
        'Home\n====\n\n.. raw:: html\n\n   <i class="fa-solid fa-star fa-lg"></i>\n', "utf-8"
    )
    done = sphinx_build(src, tmp_path / "out")
    assert done.returncode == 0, done.stderr
    assert (
        "src/index.rst: WARNING: the page shows the icon fa-star, which the site's style sheet does not "
        "draw (it leaves out Font Awesome's glyph names): add its shape to ICONS in "
        "docs/_ext/light_pages.py"
    ) in done.stderr
    assert "fa-house" not in done.stderr  # the breadcrumbs' icon is drawn
    assert (tmp_path / "out" / "_static" / "styles" / "council-site.css").is_file()
