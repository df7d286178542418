"""The tool list: a line on what each tool does, grouped by job, defaults marked, and no link
labels copied from the guide's page."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from sphinx.testing.util import SphinxTestApp

from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.tools import group_tools, tool_descriptions


def test_every_tool_the_guide_lists_has_a_one_line_description() -> None:
    tools = guide_inventory().tools
    assert len(tools) > 50
    descriptions = tool_descriptions()
    assert sorted(descriptions) == sorted(tools)
    for tool_id, text in descriptions.items():
        assert text.endswith("."), tool_id
        assert len(text) <= 130, tool_id
        assert "\n" not in text, tool_id


def test_every_tool_is_in_a_group_by_job() -> None:
    groups = group_tools(guide_inventory().tools.values())
    assert "other" not in [g.id for g in groups]
    assert sum(len(g.tools) for g in groups) == len(guide_inventory().tools)


@pytest.fixture
def tools_page(app: SphinxTestApp) -> str:
    app.build()
    assert app.warning.getvalue() == ""
    html = (Path(app.outdir) / "tools.html").read_text("utf-8")
    return " ".join(re.sub(r"<[^>]+>", " ", html).split())


@pytest.mark.sphinx("html", testroot="pathways", freshenv=True)
def test_the_page_says_what_each_tool_does(tools_page: str) -> None:
    assert "flit Builds and publishes pure-Python packages" in tools_page
    assert "Spack A package manager for supercomputers" in tools_page
    assert "build Pathway default Builds a project's sdist and wheel" in tools_page
    assert "Default in: First steps with packages" in tools_page


@pytest.mark.sphinx("html", testroot="pathways", freshenv=True)
def test_no_link_label_is_scraped_from_the_guide(tools_page: str) -> None:
    assert "flit" in tools_page
    for scraped in ("Matthias Bussonnier", "Paper", "Slides", "PyPA Projects", "tidelift"):
        assert scraped not in tools_page
