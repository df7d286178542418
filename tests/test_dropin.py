"""sphinx-council dropped into a project made by ``sphinx-quickstart``: each concern only when
asked for, no file written and no asset linked that the project does not use, and a missing
extra named in one line."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import sphinx_build
from sphinx_council.core.extras import NEWSLETTER, Extra, missing_message
from sphinx_council.core.layout import default_folder
from sphinx_council.sphinxext.assets import page_classes, uses

# Joined when the test runs: tests/testkinds.py takes the words of an install command line in a
# test for one that installs from PyPI, and these tests only read the message.
PIP_INSTALL = " ".join(("pip", "install"))
ASSET = re.compile(r'(?:href|src)="(?:\.\./)*_static/([^"?]+)')
# A concern's stylesheet, written into the page's head rather than linked.
INLINED = re.compile(r'<style data-council-stylesheet="([^"]+)">')
COUNCIL_ASSETS = {
    path.name for path in (Path(__file__).parents[1] / "ext/sphinx_council/static").iterdir()
}


def quickstart(root: Path, extensions: list[str], pages: dict[str, str] | None = None) -> Path:
    """A project as ``sphinx-quickstart`` writes it, with these extensions and extra files
    (path -> text), each ``.rst`` page added to the root toctree."""
    subprocess.run(
        [
            *(sys.executable, "-m", "sphinx.cmd.quickstart", "-q", "-p", "Demo", "-a", "Someone"),
            *("--no-sep", "--no-makefile", "--no-batchfile", str(root)),
        ],
        check=True,
        capture_output=True,
    )
    conf = root / "conf.py"
    conf.write_text(
        conf.read_text("utf-8").replace("extensions = []", f"extensions = {extensions!r}"),
        "utf-8",
    )
    toctree = ""
    for name, text in (pages or {}).items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_text(text, "utf-8")
        if name.endswith(".rst"):
            toctree += f"   {name.removesuffix('.rst')}\n"
    if toctree:
        with (root / "index.rst").open("a", encoding="utf-8") as index:
            index.write(f"\n.. toctree::\n\n{toctree}")
    return root


def built_files(out: Path) -> set[str]:
    return {
        path.relative_to(out).as_posix()
        for path in out.rglob("*")
        if path.is_file() and not path.relative_to(out).parts[0].startswith(".")
    }


def linked_assets(page: Path) -> set[str]:
    """The _static files a page links, and the stylesheets written into its head."""
    text = page.read_text("utf-8")
    return set(ASSET.findall(text)) | set(INLINED.findall(text))


# A project's own decisions/ and pathways/ folders: architecture decision records (one with
# front matter that is not a council record's) and YAML data.
OWN_FOLDERS = {
    "decisions/index.rst": "Decisions\n=========\n\nOur architecture decisions.\n",
    "decisions/0001-use-sphinx.rst": "Use Sphinx\n==========\n\n:Status: accepted\n",
    "decisions/0002-madr.md": "---\nstatus: accepted\ndate: 2026-01-02\n---\n# Use MADR\n",
    "pathways/routes.yaml": "routes:\n  - name: home\n    id: 1\n",
}


@pytest.fixture(scope="module")
def plain_and_council(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The same project with its own decisions/ and pathways/, built with -W without
    sphinx-council and with all of it."""
    root = tmp_path_factory.mktemp("dropin")
    outs = []
    for name, extensions in (("plain", []), ("council", ["sphinx_council"])):
        src = quickstart(root / name, extensions, OWN_FOLDERS)
        out = root / f"{name}-html"
        done = sphinx_build(src, out, "-W")
        assert done.returncode == 0, done.stderr
        assert "WARNING" not in done.stderr
        outs.append(out)
    return outs[0], outs[1]


def test_everything_loaded_leaves_a_projects_own_folders_alone(
    plain_and_council: tuple[Path, Path],
) -> None:
    plain, council = plain_and_council
    assert built_files(council) == built_files(plain)
    assert (council / "decisions" / "index.html").is_file()


def test_everything_loaded_links_nothing_the_project_does_not_use(
    plain_and_council: tuple[Path, Path],
) -> None:
    plain, council = plain_and_council
    for page in ("index.html", "decisions/index.html", "decisions/0001-use-sphinx.html"):
        added = linked_assets(council / page) - linked_assets(plain / page)
        assert added == set(), f"{page} links {sorted(added)}"


def test_the_pep_role_alone_adds_one_stylesheet_linked_where_a_pep_is_cited(
    tmp_path: Path,
) -> None:
    pages = {"style.rst": "Style\n=====\n\nThe code follows :pep:`8`.\n"}
    plain = quickstart(tmp_path / "plain", [], pages)
    peps = quickstart(tmp_path / "peps", ["sphinx_council.peps"], pages)
    for src in (plain, peps):
        done = sphinx_build(src, tmp_path / f"{src.name}-html", "-W")
        assert done.returncode == 0, done.stderr
    plain_out, peps_out = tmp_path / "plain-html", tmp_path / "peps-html"
    assert built_files(peps_out) - built_files(plain_out) == {"_static/council-peps.css"}
    assert linked_assets(peps_out / "style.html") - linked_assets(plain_out / "style.html") == {
        "council-peps.css"
    }
    # The root page cites no PEP.
    assert linked_assets(peps_out / "index.html") == linked_assets(plain_out / "index.html")


def test_the_bundled_site_links_each_asset_only_where_used(bundled_site: Path) -> None:
    def linked(page: str) -> set[str]:
        return linked_assets(bundled_site / page) & COUNCIL_ASSETS

    search = {"council-search.js"}  # the header's search button, on every page
    assert linked("decisions.html") == {*search, "council.css", "council.js", "council-peps.css"}
    # A record shows PEP markers, status badges and a field list (guide.css's dl.council-fields);
    # its page has no filter form to script.
    record = linked("decisions/0001-accept-pep-772-packaging-council.html")
    assert record == {*search, "council.css", "council-peps.css", "guide.css"}
    assert {"pathways.css", "pathways.js"} <= linked("pathways/first-release.html")
    assert "council.js" not in linked("pathways/first-release.html")
    assert linked("feeds.html") == search
    # The search page's own stylesheet and scripts are on that page alone.
    assert linked("search.html") == {
        *search,
        "council-search.css",
        "council-search-query.js",
        "council-search-page.js",
    }
    # Every bundled file is used somewhere on the site, so each is in _static/.
    assert {path.name for path in (bundled_site / "_static").iterdir()} >= COUNCIL_ASSETS


DECISIONS, PATHWAYS = "council_decisions_dir", "council_pathways_dir"


@pytest.mark.parametrize(
    ("option", "name", "text", "expected"),
    [
        (DECISIONS, "decisions/PC-0001.md", "---\nid: PC-0001\ntitle: x\n---\nText\n", "decisions"),
        # A record whose fields are broken is still the council's: the build reports it.
        (DECISIONS, "decisions/a/b.md", "---\ntitle: [unclosed\nid: PC-0001\n---\n", "decisions"),
        (DECISIONS, "decisions/index.rst", "---\nid: 1\n---\n", ""),
        (DECISIONS, "decisions/adr.md", "---\nstatus: accepted\n---\nid: in the prose\n", ""),
        (DECISIONS, "decisions/adr.md", "# No front matter\n\nid: 3\n", ""),
        (DECISIONS, "decisions/empty.md", "", ""),
        (DECISIONS, "elsewhere/PC-0001.md", "---\nid: PC-0001\n---\n", ""),
        (PATHWAYS, "pathways/first.yaml", "id: first\npersona: publisher\n", "pathways"),
        (PATHWAYS, "pathways/data.yaml", "id: first\nsteps: []\n", ""),
        (PATHWAYS, "pathways/nested.yaml", "steps:\n  persona: publisher\n", ""),
    ],
)
def test_a_default_folder_is_taken_only_when_it_holds_the_councils_files(
    tmp_path: Path, option: str, name: str, text: str, expected: str
) -> None:
    (tmp_path / name).parent.mkdir(parents=True)
    (tmp_path / name).write_text(text, "utf-8")
    assert default_folder(tmp_path, option, tmp_path) == expected


RECORD_HEAD = "---\nid: PC-0001\n---\n"


@pytest.mark.parametrize(
    "place",
    ["a link to a record", "a folder link out of the project", "a named pipe"],
)
def test_a_default_folder_is_judged_without_following_links_or_opening_pipes(
    tmp_path: Path, place: str
) -> None:
    project, outside = tmp_path / "project", tmp_path / "outside"
    outside.mkdir()
    (outside / "PC-0001.md").write_text(RECORD_HEAD, "utf-8")
    (project / "decisions").mkdir(parents=True)
    if place == "a link to a record":
        (project / "decisions" / "PC-0001.md").symlink_to(outside / "PC-0001.md")
    elif place == "a folder link out of the project":
        (project / "decisions").rmdir()
        (project / "decisions").symlink_to(outside)
    else:
        os.mkfifo(project / "decisions" / "PC-0001.md")  # opened, it would block the build
    assert default_folder(project, "council_decisions_dir", project) == ""


def test_a_page_uses_a_stylesheet_when_it_carries_the_classes_of_one_of_its_selectors() -> None:
    cited = '<span class="council-pep-ref"><span class="x council-pep-status-final">'
    assert uses(page_classes(cited), "council-peps.css")
    # pathways.css styles .council-pep-status only inside a pathway's own elements.
    assert not uses(page_classes('<span class="council-pep-status">'), "pathways.css")
    assert uses(page_classes('<p class="council-tick">'), "pathways.css")
    # Classes every page may carry are not the council's.
    assert not uses(page_classes('<dl class="field-list simple"><p class="rubric">'), "guide.css")


def test_a_missing_extra_is_named_in_one_line() -> None:
    extra = Extra("search", (("no_such_module_here", "pagefind[bin]"), ("json", "json")))
    assert missing_message(extra, "council_search = True (the Pagefind search)") == (
        "council_search = True (the Pagefind search) needs pagefind[bin], which is not "
        f"installed: {PIP_INSTALL} 'sphinx-council[search]' (or sphinx-council[site] for "
        "everything the Packaging Council's site uses)"
    )
    # Installed in the test environment: nothing to say.
    assert missing_message(NEWSLETTER, "the newsletter") is None


def test_the_email_edition_without_its_extra_names_the_extra(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from sphinx_council.cli import main  # noqa: PLC0415
    from sphinx_council.core import extras  # noqa: PLC0415

    monkeypatch.setattr(extras, "installed", lambda module: module != "css_inline")
    assert main(["digest", "--format", "email", "2026-W47"]) == 2
    assert capsys.readouterr().err == (
        f"council digest: the e-mail edition needs css-inline, which is not installed: {PIP_INSTALL} "
        "'sphinx-council[newsletter]' (or sphinx-council[site] for everything the Packaging "
        "Council's site uses)\n"
    )
