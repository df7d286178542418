"""Pathway pages, persona cards and the tool list, as built by Sphinx; their build warnings."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from conftest import ROOTS, sphinx_build
from sphinx_council.pathways.inventory import guide_inventory

pytestmark = pytest.mark.sphinx("html", testroot="pathways")


def page(app: SphinxTestApp, name: str) -> str:
    return (Path(app.outdir) / name).read_text("utf-8")


WARNING = re.compile(r"(pathways/[\w-]+\.yaml:\d+): WARNING: (.*?)(?:\x1b\[[0-9;]*m)*$", re.M)


def text_of(html: str) -> str:
    """The page's text with tags removed and whitespace collapsed, for reading assertions."""
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.fixture
def built(app: SphinxTestApp) -> SphinxTestApp:
    app.build()
    return app


@pytest.mark.sphinx("html", testroot="pathways", freshenv=True)
def test_builds_without_warnings(built: SphinxTestApp) -> None:
    assert built.warning.getvalue() == ""


def test_landing_page_has_a_card_per_pathway_in_persona_order(built: SphinxTestApp) -> None:
    html = page(built, "find-your-path.html")
    cards = re.findall(
        r'class="sd-stretched-link reference internal" href="([^"]+)">([^<]+)<', html
    )
    assert cards == [
        ("pathways/first-steps.html", "First steps with packages"),
        ("pathways/publishing.html", "Publish a package"),
    ]
    text = text_of(html)
    assert "For newcomers First steps with packages Install Python and add a package" in text
    assert "Beginner · 3 steps · about 30 min" in text
    assert "Intermediate · 2 steps · about 40 min" in text
    # the {pathway} role links by id and shows the title
    assert (
        'href="pathways/first-steps.html" title="First steps with packages">'
        "<span>First steps with packages</span></a>"
    ) in html


def test_pathway_page_walks_its_steps(built: SphinxTestApp) -> None:
    html = page(built, "pathways/first-steps.html")
    text = text_of(html)
    assert "For : Newcomers Level : Beginner Time : about 30 min in 3 steps" in text
    assert "Reviewed : 1 June 2027 (next review by 1 December 2027)" in text
    assert "Step 1 of 3 · about 10 min" in text and "Step 3 of 3 · about 5 min" in text
    navigation = re.findall(
        r'class="council-step-(prev|next) reference internal" href="([^"]+)"', html
    )
    assert navigation == [
        ("next", "#step-add"),
        ("prev", "#step-install"),
        ("next", "#step-run"),
        ("prev", "#step-add"),
        ("next", "#decisions-for-you"),
    ]
    assert (
        '<input type="checkbox" id="done-first-steps-install" data-council-pathway="first-steps" '
        'data-council-step="install"><label for="done-first-steps-install">Done'
        '<span class="council-visually-hidden">: Install a tool</span></label>'
    ) in html
    assert "Why: One tool saves learning four." in text
    assert "Run <code" in html and "uv add httpx" in text
    assert "Checkpoint: run uv --version Success looks like: It prints a version." in text
    assert (
        "Start with uv It does everything in one place. Pick pip instead when you already" in text
    )
    assert 'href="../tools.html#tool-uv"' in html
    assert "PEP 723: Inline script metadata PEP status: Final" in text
    assert 'href="https://packaging.python.org/en/latest/tutorials/installing-packages/"' in html
    assert (
        'href="https://packaging.python.org/en/latest/glossary/#term-Virtual-Environment"' in html
    )
    assert "Go elsewhere if: You want to publish a package. Take Publish a package instead." in text
    assert "Council decision PC-0101: Adopt the example standard" in text
    assert "No decision names this persona yet." in text
    assert "1 June 2027 : First written." in text
    assert "council-stale" not in html


def test_decisions_for_the_persona_are_listed_newest_first(built: SphinxTestApp) -> None:
    html = page(built, "pathways/publishing.html")
    panel = text_of(html[html.index('id="decisions-for-you"') :])
    assert panel.index("Adopt the new rule") < panel.index("Adopt the example standard")
    # Decided before the council, by a PEP-Delegate: the panel says by whom.
    assert (
        "Adopt the new rule Accepted 1 May 2027 , decided by PEP-Delegate Someone Fictional "
        "What changes for you: Follow the new rule"
    ) in panel
    assert "Follow these pathways first: First steps with packages ." in text_of(html)
    assert 'href="https://packaging.python.org/en/latest/guides/section-build-and-publish/"' in html


def test_tool_list_shows_every_key_project_and_marks_defaults(built: SphinxTestApp) -> None:
    html = page(built, "tools.html")
    anchors = re.findall(r'<li class="council-tool" id="tool-([^"]+)"', html)
    assert sorted(anchors) == sorted(guide_inventory().tools)
    text = text_of(html)
    assert "uv Pathway default A fast installer" in text
    assert "Default in: First steps with packages" in text
    assert "build Pathway default Builds a project's sdist" in text
    assert "pip Installs packages from PyPI" in text  # an alternative, not a default
    assert text.index("Project and workflow managers") < text.index("Build backends")


def test_yaml_outside_the_pathways_folder_is_not_a_page(built: SphinxTestApp) -> None:
    assert not (Path(built.outdir) / "roster.html").exists()
    assert (Path(built.outdir) / "pathways" / "publishing.html").exists()


@pytest.mark.sphinx(
    "html", testroot="pathways", confoverrides={"council_build_date": "2028-01-01"}, freshenv=True
)
def test_an_overdue_review_warns_and_shows_a_banner(built: SphinxTestApp) -> None:
    warnings = built.warning.getvalue()
    assert WARNING.findall(warnings) == [
        (
            "pathways/first-steps.yaml:16",
            "reviewed: the last review (2027-06-01) is more than 6 months before the build "
            "date (2028-01-01); check the steps are still right and update 'reviewed' "
            "[council.stale]",
        )
    ]
    stale = text_of(page(built, "pathways/first-steps.html"))
    assert (
        "This pathway is due for review It was last reviewed on 1 June 2027 and should have "
        "been checked again by 1 December 2027." in stale
    )
    assert "due for review" not in page(built, "pathways/publishing.html")


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-pathways", tmp_path / "src"))


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def test_bad_pathways_give_located_warnings_and_fail_with_W(source: Path, tmp_path: Path) -> None:
    first = source / "pathways" / "first-steps.yaml"
    _edit(first, "    why: Dependencies belong in the project.\n", "")
    _edit(first, "      - decision: PC-0101", "      - decision: PC-0999")
    _edit(first, "    pathway: publishing", "    pathway: publish")
    _edit(source / "pathways" / "publishing.yaml", "  - id: upload", "  - id: build")
    result = sphinx_build(source, tmp_path / "out", "-W", "--keep-going")
    assert result.returncode != 0
    found = WARNING.findall(result.stderr)
    assert found == [
        (
            "pathways/first-steps.yaml:40",
            "steps[1].why: missing required field; add 'why:' (Why this step matters; the "
            "reason comes before the instructions.) [council.field]",
        ),
        (
            "pathways/publishing.yaml:28",
            "steps[1].id: 'build' is already the id of the step on line 15; give each step "
            "its own id [council.duplicate]",
        ),
        (
            "pathways/first-steps.yaml:9",
            "go_elsewhere.pathway: 'publish' is not the id of any pathway (did you mean "
            "'publishing'?) [council.pathway]",
        ),
        (
            "pathways/first-steps.yaml:48",
            "steps[1].resources: 'PC-0999' is not the id of any decision record "
            "[council.reference]",
        ),
    ]


def test_pathway_text_is_escaped(source: Path, tmp_path: Path) -> None:
    first = source / "pathways" / "first-steps.yaml"
    _edit(first, "summary: Install Python", "summary: <script>alert(1)</script> & Install Python")
    _edit(first, "    title: Add a package", "    title: Add <b>a</b> package")
    result = sphinx_build(source, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr
    html = (tmp_path / "out" / "pathways" / "first-steps.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Install Python" in html
    assert "<script>alert" not in html
    assert "<b>a</b>" not in html and "Add &lt;b&gt;a&lt;/b&gt; package" in html
    cards = (tmp_path / "out" / "find-your-path.html").read_text("utf-8")
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in cards and "<script>alert" not in cards


def test_an_unknown_pathway_role_target_is_a_located_warning(source: Path, tmp_path: Path) -> None:
    _edit(source / "find-your-path.md", "{pathway}`first-steps`", "{pathway}`first-step`")
    result = sphinx_build(source, tmp_path / "out", "-W", "--keep-going")
    assert result.returncode != 0
    assert re.findall(
        r"(find-your-path\.md:\d+): WARNING: (.*?)(?:\x1b\[[0-9;]*m)*$", result.stderr, re.M
    ) == [
        (
            "find-your-path.md:13",
            "{pathway}: 'first-step' is not the id of any pathway (did you mean "
            "'first-steps'?) [council.pathway]",
        )
    ]


@pytest.mark.parametrize("builder", ["text", "latex", "dirhtml"])
def test_other_builders_write_pathways(source: Path, tmp_path: Path, builder: str) -> None:
    # The decisions index is left out: this is about pathway pages.
    (source / "decisions-index.md").unlink()
    _edit(source / "index.md", "decisions-index\n", "")
    out = tmp_path / builder
    result = sphinx_build(source, out, "-W", "-b", builder)
    assert result.returncode == 0, result.stderr
    written = "\n".join(
        p.read_text("utf-8") for p in out.rglob("*") if p.suffix in {".txt", ".tex", ".html"}
    )
    assert "Step 2 of 3" in written
    if builder == "dirhtml":
        assert ">Done<span" in written  # the ticks a reader's browser shows
    else:
        assert "Done" not in written  # ticks are for the browser only


@pytest.mark.sphinx("html", testroot="pathways", freshenv=True)
def test_the_pep_page_lists_the_steps_that_cite_it(built: SphinxTestApp) -> None:
    html = page(built, "peps/pep-0723.html")
    assert (
        '<a class="reference internal" href="../pathways/first-steps.html#step-add">'
        "First steps with packages, step 2: Add a package</a>"
    ) in html


def test_a_step_citing_a_rejected_pep_warns_at_its_line(tmp_path: Path) -> None:
    src = Path(shutil.copytree(ROOTS / "test-pathways", tmp_path / "src"))
    pathway = src / "pathways" / "first-steps.yaml"
    pathway.write_text(pathway.read_text("utf-8").replace("- pep: 723", "- pep: 582"), "utf-8")
    result = sphinx_build(src, tmp_path / "out")
    assert (
        "pathways/first-steps.yaml:40: WARNING: step 'add' cites a PEP that is no longer "
        "current: PEP 582 (Python local packages directory) is Rejected [council.pep]"
    ) in result.stderr
