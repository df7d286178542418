"""What a hostile project makes of the build: nothing written outside the output folder, and
markup in record text carried as text in every output made from it."""

from __future__ import annotations

import email
import email.policy
import json
from pathlib import Path

from conftest import CONF, RECORD, sphinx_build, write_site

MARKUP = "<img src=x onerror=alert(1)>"


def outside_files(root: Path, inside: Path) -> list[Path]:
    return [p for p in root.rglob("*") if p.is_file() and inside not in p.parents]


def test_a_hostile_area_name_writes_nothing_outside_the_output(tmp_path: Path) -> None:
    conf = CONF + 'council_newsletter = True\ncouncil_areas = ["standards", "../../../outside"]\n'
    record = RECORD.replace("areas: [standards]", 'areas: ["../../../outside"]')
    assert record != RECORD
    src = write_site(tmp_path / "src", {"0101-example.md": record}, extra={"conf.py": conf})
    before = set(outside_files(tmp_path, tmp_path / "out"))
    out = tmp_path / "out" / "build" / "html"
    result = sphinx_build(src, out)
    assert (out / "index.html").is_file(), result.stderr
    assert "council_areas '../../../outside' cannot name a page or file" in result.stderr
    assert "'../../../outside' is not one of standards, pypi" in result.stderr
    assert set(outside_files(tmp_path, tmp_path / "out")) == before
    assert not list(tmp_path.rglob("outside*"))


def test_markup_in_a_record_is_text_in_pages_feeds_and_json(tmp_path: Path) -> None:
    note = f"    note: Accepted {MARKUP} today\n"
    record = RECORD.replace("    link: https://example.org/decision\n", note, 1)
    record = record.replace("summary: An example", f"summary: Summary {MARKUP} and an example", 1)
    assert MARKUP in record
    conf = CONF + "council_newsletter = True\n"
    src = write_site(tmp_path / "src", {"0101-example.md": record}, extra={"conf.py": conf})
    out = tmp_path / "out"
    # Built as of June 2027, after the record's history, so its weekly issues and their e-mail
    # editions are published too.
    result = sphinx_build(src, out, epoch="1811808000")
    page = out / "decisions" / "0101-example.html"
    assert page.is_file(), result.stderr
    assert result.stderr == ""
    # Where text is HTML (pages, RSS, Atom, OPML, JSON Feed's content_html, the e-mail's HTML
    # part) the markup is escaped; where it is plain text (JSON Feed's summary and content_text,
    # the e-mail's text part, decisions.json) it stays the characters the record holds.
    written = [page, *sorted((out / "feeds").rglob("*.*")), *_html_of_emails(out)]
    assert len(written) > 6  # feeds and e-mails exist: the loop below has something to check
    unescaped = [name for name, html in _html_texts(written) if "<img" in html]
    assert unescaped == []
    data = json.loads((next(out.rglob("decisions.json"))).read_text("utf-8"))
    assert MARKUP in json.dumps(data, ensure_ascii=False)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.read_text("utf-8")


def _html_of_emails(out: Path) -> list[Path]:
    """The HTML part of each published e-mail edition, written beside it for the check."""
    parts = []
    for path in sorted((out / "this-week").glob("*.eml")):
        message = email.message_from_bytes(path.read_bytes(), policy=email.policy.default)
        html = message.get_body(preferencelist=("html",))
        assert html is not None, f"{path.name} has no HTML part"
        part = path.with_suffix(".eml.html")
        part.write_text(html.get_content(), "utf-8")
        parts.append(part)
    assert parts, "no e-mail edition was published"
    return parts


def _html_texts(paths: list[Path]) -> list[tuple[str, str]]:
    """(name, text meant as HTML) for each file; a JSON feed's HTML is its content_html."""
    found = []
    for path in paths:
        text = path.read_text("utf-8")
        if path.suffix == ".json":
            items = json.loads(text).get("items", [])
            text = "".join(item.get("content_html", "") for item in items)
        found.append((path.name, text))
    return found
