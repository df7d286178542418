"""The bundled site says only what its sources back: every pathway step a decision page claims
links back to that decision, no decision page says nobody is recorded as deciding where the
PEP names a delegate, and every copy button copies one command."""

from __future__ import annotations

import html
import re
from pathlib import Path

from conftest import REPO
from sphinx_council.decisions.load import load_decision

IN_PATHWAYS = re.compile(
    r"In pathways<span class=\"colon\">:</span></dt>\s*<dd[^>]*>(.*?)</dd>", re.S
)
HREF = re.compile(r'href="([^"]+)"')


def step_section(page: str, anchor: str) -> str:
    """The HTML of one step's section on a pathway page."""
    start = page.index(f'id="{anchor}"')
    end = page.find('<section class="council-step"', start)
    return page[start : end if end > 0 else len(page)]


def test_every_step_a_decision_claims_links_back_to_it(bundled_site: Path) -> None:
    claims = 0
    for page_path in sorted((bundled_site / "decisions").glob("0*.html")):
        found = IN_PATHWAYS.search(page_path.read_text("utf-8"))
        if not found:
            continue
        for href in HREF.findall(found.group(1)):
            claims += 1
            target, _, anchor = href.partition("#")
            pathway = (page_path.parent / target).resolve().read_text("utf-8")
            section = step_section(pathway, anchor)
            assert f'href="../decisions/{page_path.name}' in section, (page_path.name, href)
    assert claims > 10


def test_who_decided_is_named_or_where_it_was_announced(bundled_site: Path) -> None:
    for source in sorted((REPO / "decisions").glob("*.md")):
        record = load_decision(source.name, source.read_text("utf-8"))[0]
        assert record is not None
        page = (bundled_site / "decisions" / f"{source.stem}.html").read_text("utf-8")
        assert "does not record who decided" not in page, source.name
        entry = record.outcome_entry
        if record.decided_by and record.decided_by.body == "not-recorded" and entry and entry.link:
            announced = re.search(r"Not named in the PEP; announced in the <a [^>]*>", page)
            assert announced, source.name
            href = HREF.search(announced.group())
            assert href and html.unescape(href.group(1)) == entry.link, source.name


def test_every_copy_block_holds_one_command(bundled_site: Path) -> None:
    blocks = 0
    for page_path in sorted((bundled_site / "pathways").glob("*.html")):
        page = page_path.read_text("utf-8")
        for block in re.findall(r'council-command[^"]*".*?<pre>(.*?)</pre>', page, re.S):
            blocks += 1
            text = html.unescape(re.sub(r"<[^>]+>", "", block)).strip()
            lines = text.splitlines()
            # One command: one line, or one command whose here-document runs to its end marker.
            assert len(lines) == 1 or ("<<'EOF'" in lines[0] and lines[-1] == "EOF"), (
                page_path.name,
                text,
            )
    assert blocks > 30
