"""Links into the Packaging User Guide carry the addresses and anchors of the guide's own
inventory (``objects.inv``), on pathway pages and the tool list, in the test root and the
bundled site."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_council.pathways.inventory import (
    KEY_PROJECTS,
    OBJECTS,
    guide_inventory,
    read_guide_inventory,
)

REPO = Path(__file__).parent.parent
GUIDE = "https://packaging.python.org/en/latest/"
HREF = re.compile(r'href="([^"]*)"')


def test_anchors_are_the_guides_own_not_rederived() -> None:
    guide = guide_inventory()
    label = guide.resolve("generating archives")
    assert label is not None
    assert label.url == f"{GUIDE}tutorials/packaging-projects/#generating-archives"
    assert label.title == "Generating distribution archives"
    for name in ("pyproject.toml", "setup.py", "setup.cfg", "pypi.org"):
        term = guide.term(name)
        assert term is not None and term.url == f"{GUIDE}glossary/#term-{name}"
    assert guide.tools["nginx_pypi_cache"].summary_url == f"{GUIDE}key_projects/#nginx-pypi-cache"
    assert guide.tools["readme_renderer"].summary_url == f"{GUIDE}key_projects/#readme-renderer"


def test_every_key_project_has_its_entry_in_the_inventory() -> None:
    guide = guide_inventory()
    entries = {label.url for label in guide.labels.values() if label.doc == "key_projects"}
    assert len(guide.tools) == 54
    unlabelled = [t.id for t in guide.tools.values() if t.summary_url not in entries]
    # The guide gives this one section no label: its id is the one docutils makes of its title.
    assert unlabelled == ["python-packaging-user-guide"]
    assert guide.tools["python-packaging-user-guide"].summary_url == (
        f"{GUIDE}key_projects/#python-packaging-user-guide"
    )
    assert guide.tools["setuptools"].summary_url.endswith("#setuptools")  # not #easy-install


def test_links_are_checked_against_the_real_anchors() -> None:
    guide = guide_inventory()
    page = f"{GUIDE}tutorials/packaging-projects/"
    found, why = guide.check_url(page + "#generating-archives")
    assert found is not None and why == ""
    assert guide.check_url(page + "#generating archives") == (
        None,
        "the guide's page 'tutorials/packaging-projects' has no label #generating archives "
        "(did you mean 'generating-archives'?)",
    )
    assert guide.check_url(f"{GUIDE}key_projects/#nginx_pypi_cache")[1] == (
        "the guide's page 'key_projects' has no label #nginx_pypi_cache "
        "(did you mean 'nginx-pypi-cache'?)"
    )


def test_the_inventory_is_read_again_only_when_a_file_changes(tmp_path: Path) -> None:
    objects, projects = tmp_path / "objects.inv", tmp_path / "projects.json"
    objects.write_bytes(OBJECTS.read_bytes())
    projects.write_text(KEY_PROJECTS.read_text("utf-8"), "utf-8")
    first = guide_inventory(objects, projects)
    assert guide_inventory(objects, projects) is first
    projects.write_text(projects.read_text("utf-8").replace('"name": "uv"', '"name": "UV2"'))
    again = guide_inventory(objects, projects)
    assert "uv2" in again.tools and "uv" not in again.tools


def test_a_broken_inventory_names_the_problem() -> None:
    with pytest.raises(ValueError, match="invalid inventory header: not an inventory"):
        read_guide_inventory(b"not an inventory\n", KEY_PROJECTS.read_text("utf-8"))


def test_council_check_without_pathways_does_not_load_sphinx(tmp_path: Path) -> None:
    (tmp_path / "decisions").mkdir()
    code = (
        "import sys\n"
        "from sphinx_council.cli import main\n"
        f"main(['check', '--root', {str(tmp_path)!r}])\n"
        "print('sphinx.util.inventory' in sys.modules, 'sphinx' in sys.modules)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.stdout.strip().splitlines()[-1] == "False False", result.stderr


@pytest.mark.sphinx("html", testroot="pathways", freshenv=True)
def test_a_pathway_page_links_to_the_guides_anchors(app: SphinxTestApp) -> None:
    app.build()
    html = (Path(app.outdir) / "pathways" / "publishing.html").read_text("utf-8")
    hrefs = HREF.findall(html)
    assert f"{GUIDE}tutorials/packaging-projects/#generating-archives" in hrefs
    assert f"{GUIDE}glossary/#term-pyproject.toml" in hrefs
    assert f"{GUIDE}key_projects/#nginx-pypi-cache" in hrefs
    assert f"{GUIDE}key_projects/#readme-renderer" in hrefs
    tools = HREF.findall((Path(app.outdir) / "tools.html").read_text("utf-8"))
    assert f"{GUIDE}key_projects/#nginx-pypi-cache" in tools
    assert f"{GUIDE}key_projects/#readme-renderer" in tools
    assert f"{GUIDE}key_projects/" in tools  # the Project Summaries page itself
    assert app.warning.getvalue() == ""


@pytest.fixture
def bundled(bundled_site: Path) -> Path:
    return bundled_site


def test_no_link_on_the_bundled_pathway_pages_holds_a_space(bundled: Path) -> None:
    pages = [*sorted((bundled / "pathways").glob("*.html")), bundled / "tools.html"]
    assert len(pages) == 9
    hrefs = {href for page in pages for href in HREF.findall(page.read_text("utf-8"))}
    assert [href for href in hrefs if " " in href] == []
    assert f"{GUIDE}tutorials/packaging-projects/#generating-archives" in hrefs
    assert f"{GUIDE}key_projects/#nginx-pypi-cache" in hrefs
