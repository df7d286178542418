"""What a hostile project makes of the build: nothing written outside the output folder, and
markup in record text carried as text in every output made from it."""

from __future__ import annotations

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
    result = sphinx_build(src, out)
    page = out / "decisions" / "0101-example.html"
    assert page.is_file(), result.stderr
    assert result.stderr == ""
    # decisions.json holds the text as JSON data, which the check below reads back.
    written = [page, *sorted((out / "feeds").rglob("*.*"))]
    assert len(written) > 4  # the feeds exist: the loop below has something to check
    unescaped = [p.name for p in written if "<img" in p.read_text("utf-8")]
    assert unescaped == []
    data = json.loads((next(out.rglob("decisions.json"))).read_text("utf-8"))
    assert MARKUP in json.dumps(data, ensure_ascii=False)
    assert "&lt;img src=x onerror=alert(1)&gt;" in page.read_text("utf-8")
