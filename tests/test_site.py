"""The built site: decision pages, listings, cross-references, decisions.json, escaping."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import html5lib
import pytest
from sphinx.testing.util import SphinxTestApp
from sphinx.util.inventory import InventoryFile

from conftest import RECORD, sphinx_build

pytestmark = pytest.mark.sphinx("html", testroot="site")


def page(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / name).read_text("utf-8")


@pytest.fixture
def built(app: SphinxTestApp) -> SphinxTestApp:
    app.build()
    return app


@pytest.mark.sphinx("html", testroot="site", freshenv=True)
def test_builds_without_warnings(built: SphinxTestApp) -> None:
    assert built.warning.getvalue() == ""


def test_decision_page_header_panel(built: SphinxTestApp) -> None:
    html = page(built, "decisions/0101-example.html")
    assert "<h1>Adopt the example standard" in html
    assert '<span class="council-badge council-status-accepted">Accepted</span> since' in html
    assert "3 yes, 1 no, 1 abstain (passed). Ada Fictional: yes; Bruno Fictional: yes" in html
    assert "The Packaging Council" in html
    # the panel's PEPs link to their pages on this site, with title and status
    assert 'href="../peps/pep-0517.html"' in html
    assert "PEP 517: A build-system independent format for source trees</a>" in html
    assert 'href="area/standards.html">Standards</a>' in html
    assert "comments close 15 February 2027" in html
    assert "<strong>Publisher</strong>: Nothing changes for you yet." in html
    assert "council-banner" not in html
    # the prose follows the panel, its headings one level below the title
    assert html.index("council-panel") < html.index("<h2>Context")


def test_superseded_record_has_banner_and_derived_link(built: SphinxTestApp) -> None:
    html = page(built, "decisions/0102-old-rule.html")
    assert "council-banner-superseded" in html
    assert "This decision was superseded on 1 May 2027 by" in html
    assert (
        '<a class="reference internal" href="0103-new-rule.html" title="PC-0103">'
        "PC-0103: Adopt the new rule</a>"
    ) in html
    newer = page(built, "decisions/0103-new-rule.html")
    assert "Supersedes" in newer and 'href="0102-old-rule.html"' in newer


def test_rejected_record_has_banner(built: SphinxTestApp) -> None:
    html = page(built, "decisions/0104-rejected.html")
    assert "This proposal was rejected on 1 December 2026." in html


def test_decision_role_links_by_id_and_shows_the_title(built: SphinxTestApp) -> None:
    html = page(built, "about.html")
    assert re.search(
        r'href="decisions/0102-old-rule.html"[^>]*><span[^>]*>Adopt the old rule<', html
    )
    assert re.search(r'href="decisions/0103-new-rule.html"[^>]*><span[^>]*>the new rule<', html)
    inner = page(built, "decisions/0103-new-rule.html")
    assert 'href="0101-example.html"' in inner


def test_index_groups_by_status_with_filterable_rows(built: SphinxTestApp) -> None:
    html = page(built, "decisions-index.html")
    groups = re.findall(r'<section class="council-status-group" id="status-([a-z-]+)"', html)
    assert groups == ["accepted", "rejected", "superseded"]
    assert 'Accepted (<span class="council-group-count">2</span>)' in html
    row = re.search(r'<tr class="([^"]*council-f-status-superseded[^"]*)"', html)
    assert row is not None
    assert [c for c in row.group(1).split() if c.startswith("council-")] == [
        "council-row",
        "council-f-status-superseded",
        "council-f-area-tools",
        "council-f-year-2016",
        "council-f-pep-518",
    ]
    assert 'href="decisions.json"' in html
    assert 'src="_static/council.js' in html


def test_home_lists_the_newest_decisions(built: SphinxTestApp) -> None:
    html = page(built, "index.html")
    items = re.findall(r'<li><p><a class="reference internal" href="decisions/([^"]+)"', html)
    assert items == ["0103-new-rule.html", "0101-example.html", "0104-rejected.html"]


def test_area_and_year_pages(built: SphinxTestApp) -> None:
    tools = page(built, "decisions/area/tools.html")
    assert "Decisions in the area “Tools”" in tools
    assert 'href="../0102-old-rule.html"' in tools
    assert 'href="../../decisions-index.html">All decisions</a>' in tools
    year = page(built, "decisions/year/2027.html")
    assert "0101-example.html" in year and "0103-new-rule.html" in year
    assert "0102-old-rule.html" not in year


def test_peps_page_lists_cited_peps_with_their_decisions(built: SphinxTestApp) -> None:
    html = page(built, "peps.html")
    assert "Specifying Minimum Build System Requirements for Python Projects (Final" in html
    assert html.count("PC-0103: Adopt the new rule") == 2  # cites 517 and 518


def test_decisions_json(built: SphinxTestApp) -> None:
    data = json.loads(page(built, "decisions.json"))
    assert data["schema_version"] == 1
    assert [d["id"] for d in data["decisions"]] == ["PC-0101", "PC-0102", "PC-0103", "PC-0104"]
    old = data["decisions"][1]
    assert old["superseded_by"] == ["PC-0103"]
    assert old["status"] == "superseded"
    assert old["history"][-1] == {
        "date": "2027-05-01",
        "status": "superseded",
        "note": None,
        "link": None,
        "closes": None,
        "early": None,
    }
    assert old["url"] == "https://council.example.org/decisions/0102-old-rule.html"
    first = data["decisions"][0]
    assert first["votes"] == {
        "ada": "yes",
        "bruno": "yes",
        "chen": "no",
        "dara": "abstain",
        "eli": "yes",
    }
    assert first["decided"] == "2027-03-01"
    assert data["decisions"][3]["title"] == 'Reject <script>alert("x")</script> & co'


def test_record_text_is_escaped_everywhere(built: SphinxTestApp) -> None:
    for path in Path(built.outdir).rglob("*.html"):
        html = path.read_text("utf-8")
        assert "<script>alert" not in html, path
        assert "<b>markup</b>" not in html, path
    listing = page(built, "decisions-index.html")
    assert "Reject &lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; co" in listing
    assert "A summary with &lt;b&gt;markup&lt;/b&gt; &amp; an ampersand" in listing


def test_objects_inventory_lists_decisions(built: SphinxTestApp) -> None:
    inventory = InventoryFile.loads((Path(built.outdir) / "objects.inv").read_bytes(), uri="")
    entries = inventory.data["council:decision"]
    assert sorted(entries) == ["PC-0101", "PC-0102", "PC-0103", "PC-0104"]


def test_unknown_decision_reference_warns(tmp_path: Path, site: object) -> None:
    src = site(  # type: ignore[operator]
        {"0101-example.md": RECORD},
        extra={"about.md": "# About\n\nSee {decision}`PC-9999`.\n"},
    )
    result = sphinx_build(src, tmp_path / "out")
    assert (
        "about.md:3: WARNING: {decision}: 'PC-9999' is not the id of any decision record "
        "[council.reference]"
    ) in result.stderr


def test_every_page_is_well_formed_html5(built: SphinxTestApp) -> None:
    problems = {}
    for path in sorted(Path(built.outdir).rglob("*.html")):
        if "_static" in path.parts:
            continue
        parser = html5lib.HTMLParser()
        parser.parse(path.read_bytes())
        if parser.errors:
            problems[path.name] = parser.errors[:3]
    assert problems == {}


def test_council_page_renders_the_roster(built: SphinxTestApp) -> None:
    html = page(built, "council.html")
    rows = re.findall(r"<tr class=\"row-(?:odd|even)\"><td><p>([^<]+)</p></td>", html)
    assert rows == [
        "Ada Fictional",
        "Bruno Fictional",
        "Eli Fictional",
        "Chen Fictional",
        "Dara Fictional",
    ]
    assert "Sample University" in html and "31 May 2027" in html


def test_decision_list_filters_by_status_and_area(built: SphinxTestApp) -> None:
    html = page(built, "about.html")
    listed = re.findall(r'<li><p><a class="reference internal" href="decisions/([^"]+)"', html)
    assert listed == ["0102-old-rule.html"]


def test_rule_modules_do_not_import_sphinx() -> None:
    code = (
        "import sys; sys.modules['sphinx'] = None; sys.modules['docutils'] = None\n"
        "import sphinx_council.cli, sphinx_council.decisions.corpus, sphinx_council.decisions.export\n"
        "print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.stdout.strip() == "ok", result.stderr
