"""A light first visit on the bundled site: each concern's stylesheet only on its pages, one
stylesheet linked, no script that holds up the first render, no icon font or script for the
theme's icons, and the reader's colour scheme from the start."""

from __future__ import annotations

import re
import sys
from pathlib import Path

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


def test_the_colour_scheme_is_the_readers_until_they_choose(bundled_site: Path) -> None:
    page = (bundled_site / PAGES["decision"]).read_text("utf-8")
    assert 'data-theme="auto"' in page
    assert 'localStorage.getItem("theme") || "auto"' in page
