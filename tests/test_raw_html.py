"""Raw HTML in a record's prose: refused by council check and the build (council.html), shown
as code rather than copied into the page, unless the project allows it (council_raw_html)."""

from __future__ import annotations

import re
from pathlib import Path

from conftest import CONF, RECORD, sphinx_build, write_site
from sphinx_council.core.problems import Check
from sphinx_council.core.settings import RuleSettings
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.prose import raw_html_problems

PROSE = """\
## Context

Tests need a decision, <img src=x onerror=alert(1)> and

<script>alert("owned")</script>

## Decision
"""


def message(tag: str) -> str:
    return (
        f"raw HTML ({tag}) in the prose would be copied into the page as it is; write it in "
        "Markdown, or allow raw HTML with council_raw_html = True in conf.py"
    )


def hostile_record() -> str:
    assert "## Context\n\nTests need a decision.\n\n## Decision\n" in RECORD
    return RECORD.replace("## Context\n\nTests need a decision.\n\n## Decision\n", PROSE)


def test_each_piece_of_raw_html_is_found_at_its_line() -> None:
    text = "## Title\n\nA line\nthen <b>bold</b>\n\n<div>\nblock\n</div>\n\n`<code>` is fine\n"
    found = raw_html_problems("r.md", text)
    assert [(p.line, p.message) for p in found] == [
        (4, message("<b>")),
        (4, message("<b>")),
        (6, message("<div>")),
    ]
    assert {p.check for p in found} == {Check.HTML}


def test_a_record_with_raw_html_is_refused_unless_the_project_allows_it() -> None:
    text = hostile_record()
    record, problems = load_decision("decisions/0101-example.md", text)
    assert record is not None
    line = text.split("\n").index('<script>alert("owned")</script>') + 1
    shown = [(p.line, p.message) for p in problems]
    assert (line, message("<script>")) in shown
    assert (line - 2, message("<img>")) in shown
    _, allowed = load_decision("d.md", text, RuleSettings(raw_html=True))
    assert allowed == []


def test_the_build_warns_and_never_copies_the_html(tmp_path: Path) -> None:
    src = write_site(tmp_path / "src", {"0101-example.md": hostile_record()})
    out = tmp_path / "out"
    result = sphinx_build(src, out)
    page = (out / "decisions" / "0101-example.html").read_text("utf-8")
    line = hostile_record().split("\n").index('<script>alert("owned")</script>') + 1
    assert f"0101-example.md:{line}: WARNING: {message('<script>')} [council.html]" in result.stderr
    assert "<script>alert" not in page and "<img src=x" not in page
    text = re.sub(r"<[^>]+>", "", page)  # the page's text, as a reader sees it (still escaped)
    assert '&lt;script&gt;alert("owned")&lt;/script&gt;' in text


def test_a_project_that_allows_raw_html_gets_it(tmp_path: Path) -> None:
    conf = CONF + "council_raw_html = True\n"
    src = write_site(
        tmp_path / "src", {"0101-example.md": hostile_record()}, extra={"conf.py": conf}
    )
    out = tmp_path / "out"
    result = sphinx_build(src, out, "-W")
    assert result.returncode == 0, result.stderr
    assert (
        '<script>alert("owned")</script>' in (out / "decisions" / "0101-example.html").read_text()
    )


def test_a_raw_html_setting_that_is_not_a_boolean_is_a_config_warning(tmp_path: Path) -> None:
    conf = CONF + 'council_raw_html = "yes"\n'
    src = write_site(tmp_path / "src", {"0101-example.md": RECORD}, extra={"conf.py": conf})
    result = sphinx_build(src, tmp_path / "out")
    assert "conf.py: council_raw_html must be True or False; using the default" in result.stderr
