"""Cross-links both ways, derived once: decision <-> pathway steps, decision and PEP -> the
weekly issues that announced them, persona -> pathway, breadcrumbs by section and the section's
tab in the theme's top navigation."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from conftest import ROOTS, sphinx_build


def build(root: str, out: Path, *args: str, prepare: dict[str, str] | None = None) -> Path:
    src = Path(shutil.copytree(ROOTS / root, out / "src"))
    for name, text in (prepare or {}).items():
        (src / name).write_text(text, "utf-8")
    result = sphinx_build(src, out / "html", "-W", *args)
    assert result.returncode == 0, result.stderr
    return out / "html"


@pytest.fixture(scope="module")
def pathways_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build("test-pathways", tmp_path_factory.mktemp("pathways"))


# The PEP that became Final in issue #1 of the test newsletter, cited so that it has a page.
CITES_833 = """\
---
orphan: true
---
# A page citing a standard

{pep}`833`
"""


@pytest.fixture(scope="module")
def newsletter_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return build(
        "test-newsletter",
        tmp_path_factory.mktemp("newsletter"),
        "-D",
        "council_pep_pages=1",
        prepare={"cites.md": CITES_833},
    )


def read(site: Path, name: str) -> str:
    return (site / name).read_text("utf-8")


def test_a_decision_lists_only_the_pathway_steps_that_link_to_it(pathways_site: Path) -> None:
    page = read(pathways_site, "decisions/0101-example.html")
    assert (
        '<a class="reference internal" href="../pathways/first-steps.html#step-add">'
        "First steps with packages, step 2: Add a package</a>"
    ) in page  # the step names the decision ...
    assert 'href="../decisions/0101-example.html' in read(
        pathways_site, "pathways/first-steps.html"
    )  # ... and links to it
    # A step that cites the record's PEP 517 without naming the record would not link back:
    # the record does not claim it, the PEP's page lists it.
    assert "Publish a package, step 1: Build it" not in page
    assert "Publish a package, step 1: Build it" in read(pathways_site, "peps/pep-0517.html")


def test_persona_names_link_to_their_pathway(pathways_site: Path) -> None:
    page = read(pathways_site, "decisions/0101-example.html")
    assert (
        '<strong><a class="reference internal" href="../pathways/publishing.html">Publisher</a></strong>'
        in page
    )


def test_a_decision_and_a_pep_link_to_the_issues_that_announced_them(newsletter_site: Path) -> None:
    page = read(newsletter_site, "decisions/0105-lock-installers.html")
    issues = re.findall(
        r'href="\.\./(this-week/[\w-]+\.html)">This Week in Packaging #(\d+)</a>', page
    )
    assert issues and all(number.isdigit() for _, number in issues)
    for issue, _ in issues:  # each issue links back to the decision
        assert "decisions/0105-lock-installers.html" in read(newsletter_site, issue)
    pep = read(newsletter_site, "peps/pep-0833.html")
    assert re.search(
        r'Announced in.*href="\.\./this-week/2026-W32\.html">This Week in Packaging #1</a>',
        pep,
        re.S,
    )


def test_breadcrumbs_follow_the_section(pathways_site: Path, newsletter_site: Path) -> None:
    def crumbs(html: str) -> list[str]:
        related = html.split('<div class="related"', 1)[1].split("</div>", 1)[0]
        return re.findall(
            r'<li class="nav-item nav-item-\d+"><a href="([^"]+)"[^>]*>([^<]+)</a>', related
        )

    record = read(pathways_site, "decisions/0101-example.html")
    assert crumbs(record)[1:] == [
        ("../decisions-index.html", "All decisions"),
        ("area/standards.html", "Standards"),
    ]
    area = read(pathways_site, "decisions/area/standards.html")
    assert crumbs(area)[1:] == [("../../decisions-index.html", "All decisions")]
    issue = read(newsletter_site, "this-week/2026-W32.html")
    assert crumbs(issue)[1:] == [("../this-week.html", "This Week in Packaging")]


def test_the_sections_tab_is_marked_on_records_and_generated_pages(tmp_path: Path) -> None:
    site = build("test-newsletter", tmp_path, "-D", "html_theme=pydata_sphinx_theme")

    def current_tab(name: str) -> list[str]:
        html = read(site, name)
        return re.findall(
            r'<li class="nav-item current active">\s*<a class="nav-link nav-internal" href="([^"]+)"',
            html,
        )

    assert set(current_tab("decisions/0105-lock-installers.html")) == {"../decisions-index.html"}
    assert set(current_tab("this-week/2026-W32.html")) == {"../this-week.html"}
    assert set(current_tab("decisions/area/standards.html")) == {"../../decisions-index.html"}
    # A page in the toctree is left to the theme, which marks it itself.
    assert set(current_tab("feeds.html")) == {"#"}
