"""Every bundled pathway printed to PDF in Chromium is the whole checklist: its last step's
title, that step's last command and "Where next" are in the PDF's text, and no page chrome
("Edit on GitHub") is printed over it. The theme's scrolling article once cut the print off
after a few pages."""

from __future__ import annotations

import io
import re
import unicodedata
from collections.abc import Iterator
from pathlib import Path

import pytest

from browsing import _required
from conftest import REPO
from feedserver import serve
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import load_pathway
from sphinx_council.pathways.model import Step

pypdf = _required("pypdf")

PATHWAYS = sorted(p.stem for p in (REPO / "pathways").glob("*.yaml"))
SCREENS = {"phone": {"width": 390, "height": 844}, "laptop": {"width": 1280, "height": 800}}


@pytest.fixture(scope="module")
def site_url(bundled_site: Path) -> Iterator[str]:
    with serve(bundled_site) as url:
        yield url


def words(text: str) -> str:
    """Text as a PDF reader extracts it, compared without ligatures or line breaks."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip()


def last_command(step: Step) -> str:
    """The last line of the last command the step shows (its checkpoint is shown last)."""
    shown = [c.run for c in step.commands]
    if step.choice:
        shown += [c.run for a in step.choice.alternatives for c in a.commands]
    if step.checkpoint:
        shown.append(step.checkpoint.run)
    assert shown, f"{step.id} shows no command"
    return shown[-1].strip().splitlines()[-1]


def printed_ending(pathway_id: str) -> tuple[str, str, bool]:
    """The last step's title, the last command shown, and whether it says where next."""
    path = REPO / "pathways" / f"{pathway_id}.yaml"
    pathway, _ = load_pathway(path.name, path.read_text("utf-8"), guide_inventory())
    assert pathway is not None
    last = pathway.steps[-1]
    commanded = [s for s in pathway.steps if s.commands or s.checkpoint or s.choice]
    return last.title, last_command(commanded[-1]), bool(pathway.next)


@pytest.mark.parametrize("screen", sorted(SCREENS))
@pytest.mark.parametrize("pathway_id", PATHWAYS)
def test_the_printed_pathway_holds_every_step_and_where_next(
    browser: object, site_url: str, pathway_id: str, screen: str
) -> None:
    page = browser.new_page(viewport=SCREENS[screen])  # type: ignore[attr-defined]
    page.goto(f"{site_url}pathways/{pathway_id}.html")
    pdf = pypdf.PdfReader(io.BytesIO(page.pdf()))
    text = words("\n".join(sheet.extract_text() for sheet in pdf.pages))
    page.close()
    title, command, where_next = printed_ending(pathway_id)
    assert words(title) in text
    assert words(command) in text
    assert ("Where next" in text) == where_next
    assert "Edit on GitHub" not in text
