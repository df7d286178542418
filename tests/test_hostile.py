"""Hostile and malformed input: every case found by trying the readers the way an attacker or a
careless contributor would, each with the message it now gets instead of a traceback."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

import pytest

from conftest import AS_OF_RECORD, RECORD, ROOTS, ROSTER
from sphinx_council.cli import main
from sphinx_council.core import files
from sphinx_council.core.fields import link_problem
from sphinx_council.core.plaintext import shown
from sphinx_council.core.settings import RuleSettings, vocabulary_problems
from sphinx_council.core.yamlsource import load_yaml
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.project import check_project
from sphinx_council.decisions.roster import load_roster
from sphinx_council.newsletter.news import load_news_item, load_note
from sphinx_council.pathways.checks import pathway_set_problems
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import load_pathway
from sphinx_council.pathways.model import add_months
from sphinx_council.peps.sync import RefreshError, parse_index

SOURCE = "decisions/0101-example.md"
PATHWAY = (ROOTS / "test-pathways" / "pathways" / "first-steps.yaml").read_text("utf-8")


def record_problems(text: str) -> list[str]:
    return [str(p) for p in load_decision(SOURCE, text)[1]]


def with_field(old: str, new: str) -> str:
    assert old in RECORD, old  # the edit must find what it replaces
    return RECORD.replace(old, new, 1)


# Links that raised ValueError in urlsplit, and links that should never have passed.
@pytest.mark.parametrize(
    ("link", "message"),
    [
        ("https://[oops/", "'https://[oops/' is not a valid web address (Invalid IPv6 URL)"),
        ("https://[discuss.python.org]/t/1", "is not a valid web address"),
        ("https://exa\uff4dple.org/", "contains U+FF4D (FULLWIDTH LATIN SMALL LETTER M)"),
        ("https://example.org/a b", "contains a space"),
        ("https://example.org/a\nb", "contains U+000A"),
        ("https://@/", "'https://@/' names no site"),
        ("https://127.0.0.1/admin", "names its site by a numeric address (127.0.0.1)"),
        ("http://localhost:8000/", "leads to this computer or a private network"),
        ("javascript:alert(1)", "is not an https: link"),
    ],
)
def test_bad_links_are_refused_with_a_message(link: str, message: str) -> None:
    problem = link_problem(link)
    assert problem is not None and message in problem
    assert link_problem("https://discuss.python.org/t/1") is None


def test_a_bad_link_in_a_record_history_is_a_problem_not_a_crash() -> None:
    text = with_field("link: https://example.org/decision", "link: https://[oops/")
    assert record_problems(text) == [
        f"{SOURCE}:15: history[2].link: 'https://[oops/' is not a valid web address "
        "(Invalid IPv6 URL); check the part after https://"
    ]


def test_a_title_nested_a_thousand_lists_deep_is_refused() -> None:
    text = with_field("title: Adopt the example standard", "title: " + "[" * 1000 + "]" * 1000)
    assert record_problems(text) == [
        f"{SOURCE}:3: the data is nested more than 50 levels deep; council data is never that deep"
    ]


def test_the_alias_bomb_is_refused_quickly() -> None:
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 10):
        lines.append(f"a{level}: &a{level} [" + ", ".join([f"*a{level - 1}"] * 10) + "]")
    started = time.perf_counter()
    data, problems = load_yaml("\n".join(lines) + "\n", "bomb.yaml")
    assert time.perf_counter() - started < 2
    assert data is None
    assert [str(p) for p in problems] == [
        "bomb.yaml:2: YAML aliases (*a0) are not allowed; write the value out"
    ]


def test_nesting_two_hundred_thousand_deep_is_refused_quickly() -> None:
    started = time.perf_counter()
    _, problems = load_yaml("t: " + "[" * 200_000 + "]" * 200_000, "deep.yaml")
    assert time.perf_counter() - started < 2
    assert [p.message for p in problems] == [
        "the data is nested more than 50 levels deep; council data is never that deep"
    ]


def test_a_file_over_a_mebibyte_is_not_read(tmp_path: Path) -> None:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0101-big.md").write_text(RECORD + "x" * (1 << 20), "utf-8")
    result = check_project(tmp_path / "decisions", None)
    assert [p.message for p in result.problems] == [
        f"the file is {len(RECORD) + (1 << 20)} bytes; files over 1048576 bytes (1 MiB) are not "
        "read; split it or shorten it"
    ]


def test_an_empty_roster_file_is_refused_as_a_cut_short_edit() -> None:
    roster, problems = load_roster("council/roster.yaml", "")
    assert roster.members == () and [str(p) for p in problems] == [
        "council/roster.yaml:1: the file is empty, as a cut-short edit leaves it; a council "
        "with no members yet is written 'members: []'"
    ]
    assert load_roster("council/roster.yaml", "members: []\n")[1] == []


def test_a_pathway_reviewed_in_9999_or_every_million_months_does_not_crash() -> None:
    assert add_months(dt.date(9999, 12, 1), 6) == dt.date.max
    text = PATHWAY.replace("review_every_months: 6", "review_every_months: 1000000")
    assert "review_every_months: 1000000" in text
    pathway, problems = load_pathway("p.yaml", text, guide_inventory(), stem="first-steps")
    assert pathway is not None and pathway.review_due == dt.date.max
    assert [p.message for p in problems] == [
        "1000000 is more than 120 months; a pathway is reviewed at least every ten years"
    ]


def test_a_pathway_reviewed_in_2099_is_refused() -> None:
    text = PATHWAY.replace("reviewed: ", "reviewed: 2099-01-01\n#", 1)
    build = dt.date(2027, 1, 1)
    pathway, problems = load_pathway(
        "p.yaml", text, guide_inventory(), stem="first-steps", today=build
    )
    assert pathway is not None and pathway.reviewed is None
    assert [p.message for p in problems if p.field == "reviewed"] == [
        "2099-01-01 is more than a year after the build date (2027-01-01); write the date "
        "of the last review"
    ]
    assert not [p for p in pathway_set_problems([pathway], None, build) if p.field == "reviewed"]


def test_a_deep_json_download_is_a_refresh_error() -> None:
    with pytest.raises(RefreshError, match="nested too deeply to be the PEP index"):
        parse_index(b"[" * 200_000 + b"]" * 200_000, "https://example.org/peps.json", {})


@pytest.mark.parametrize(
    ("title", "message"),
    [
        ('"Adopt\\0 it"', "contains U+0000 (NULL), a control character; remove it"),
        ('"Adopt\\e[2J it"', "contains U+001B (ESCAPE), a control character; remove it"),
        ('"Adopt\\a it"', "contains U+0007 (BELL), a control character; remove it"),
        (
            '"Adopt \\u202e it"',
            "contains U+202E (RIGHT-TO-LEFT OVERRIDE), which reorders the text around it; "
            "remove it",
        ),
        ('"\\u200b\\u200b"', "has only invisible characters; write some text"),
    ],
)
def test_titles_with_control_bidi_or_only_invisible_characters_are_refused(
    title: str, message: str
) -> None:
    text = with_field("title: Adopt the example standard", f"title: {title}")
    assert record_problems(text) == [f"{SOURCE}:3: title: {message}"]


def test_ids_with_non_ascii_digits_do_not_match_backslash_d() -> None:
    for digits in ("\uff10\uff11\uff10\uff11", "\u0660\u0661\u0660\u0661"):
        text = with_field("id: PC-0101", f"id: PC-{digits}")
        assert record_problems(text) == [
            f"{SOURCE}:2: id: 'PC-{digits}' does not match the id pattern PC-\\d{{4}}"
        ]


def test_an_empty_history_and_empty_areas_are_refused() -> None:
    text = with_field("peps: [517]\nareas: [standards]", "peps: [517]\nareas: []")
    assert record_problems(text) == [
        f"{SOURCE}:25: areas: is empty; name at least one area the decision belongs to"
    ]
    start, end = RECORD.index("history:"), RECORD.index("decided_by:")
    text = RECORD[:start] + "history: []\n" + RECORD[end:]
    assert f"{SOURCE}:7: history: is empty; a record's history starts with its draft or " in (
        "\n".join(record_problems(text))
    )


def test_ids_that_differ_only_by_case_are_duplicates(tmp_path: Path) -> None:
    (tmp_path / "0101-a.md").write_text(RECORD, "utf-8")
    (tmp_path / "0102-b.md").write_text(RECORD.replace("id: PC-0101", "id: pc-0101"), "utf-8")
    settings = RuleSettings(id_pattern=r"(?i)PC-\d{4}")
    messages = [p.message for p in check_project(tmp_path, None, settings).problems]
    assert [m for m in messages if "differs only by case" in m] == [
        f"'pc-0101' differs only by case from 'PC-0101', the id of {tmp_path}/0101-a.md; give "
        "this record the next free id"
    ]


def test_a_byte_order_mark_is_read_past_as_the_build_reads_it() -> None:
    record, problems = load_decision(SOURCE, "\ufeff" + RECORD)
    assert record is not None and record.id == "PC-0101" and problems == []


def test_a_form_feed_or_line_separator_does_not_shift_later_lines() -> None:
    text = with_field("kind: policy", "kind: policy # \x0c")
    assert record_problems(text) == [
        f"{SOURCE}:4: contains U+000C (a control character), a control character; remove it"
    ]
    text = with_field("title: Adopt the example standard", "title: Adopt\u2028the standard")
    assert record_problems(text) == [
        f"{SOURCE}:3: contains U+2028 (LINE SEPARATOR), which YAML reads as a line break; remove it"
    ]
    text = with_field("summary: An example", "summary: \x0c An example")
    assert "summary" not in "".join(record_problems(with_field("kind: policy", "kind: poli")))
    assert record_problems(text)[0].startswith(f"{SOURCE}:5: ")


def test_the_cli_escapes_what_it_prints_from_a_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    (tmp_path / "decisions").mkdir()
    forged = '"x\\e[2K\\rdecisions/0101-example.md:1: all fine\\nmore": 1\n'
    (tmp_path / "decisions" / "0101-example.md").write_text(
        with_field("kind: policy\n", "kind: policy\n" + forged), "utf-8"
    )
    monkeypatch.chdir(tmp_path)
    assert main(["check", "--conf", ""]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\r" not in out
    assert len([line for line in out.splitlines() if "unknown field" in line]) == 1
    assert "x\\x1b[2K\\x0ddecisions/0101-example.md:1: all fine\\x0amore" in out
    assert shown("a\x1b[2Jb\u202e") == "a\\x1b[2Jb\\u202e"


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "council").mkdir()
    (tmp_path / "docs").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    (tmp_path / "decisions" / "0101-example.md").write_text(RECORD, "utf-8")
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AS_OF_RECORD)
    return tmp_path


def test_a_conf_py_that_raises_is_reported_with_its_line(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs" / "conf.py").write_text("project = 'x'\n\nvalue = undefined_name\n")
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        "council check: docs/conf.py:3: raises NameError: name 'undefined_name' is not defined\n"
    )


def test_news_and_digest_start_are_checked(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs" / "conf.py").write_text(
        'council_news_dir = "../news"\ncouncil_digest_start = "2026-W99"\n'
        'council_roster = "../council/roster.yaml"\n'
    )
    (project / "news" / "notes").mkdir(parents=True)
    (project / "news" / "2026-06-01-meets.yaml").write_text(
        "title: The council meets\ndate: next tuesday\nsummary: A meeting.\n"
        "link: javascript:alert(1)\n"
    )
    (project / "news" / "notes" / "2026-W54.yaml").write_text("text: Hello.\n")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "docs/conf.py:2: council_digest_start: '2026-W99' is not an ISO week; write it as "
        "YYYY-Www, e.g. 2026-W16 [council.config]",
        "news/2026-06-01-meets.yaml:2: date: 'next tuesday' is not a date; write it as "
        "YYYY-MM-DD, e.g. 2026-04-16 [council.date]",
        "news/2026-06-01-meets.yaml:4: link: 'javascript:alert(1)' is not an https: link; only "
        "https: (and http:) URLs are accepted [council.link]",
        "news/notes/2026-W54.yaml:1: the file name '2026-W54' is not an ISO week; name the note "
        "after its week, e.g. 2026-W16.yaml [council.value]",
    ]


@pytest.mark.parametrize("name", ["../../../outside", "Outside", "a/b", ""])
def test_a_vocabulary_name_that_is_not_a_slug_is_refused(name: str) -> None:
    problems = vocabulary_problems({"council_areas": ["standards", name]})
    assert list(problems) == ["council_areas"]
    assert "cannot name a page or file" in problems["council_areas"] or not name


def test_check_refuses_a_hostile_area_in_conf_py(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs" / "conf.py").write_text(
        'project = "x"\ncouncil_areas = ["standards", "../../../outside"]\n'
    )
    assert main(["check"]) == 2
    assert capsys.readouterr().err == (
        "council check: docs/conf.py:2: council_areas '../../../outside' cannot name a page or "
        "file; use lowercase letters, digits and hyphens, starting with a letter or digit "
        "(e.g. 'user-guide')\n"
    )


def test_news_items_and_notes_refuse_control_characters() -> None:
    item, problems = load_news_item(
        "news/x.yaml", "x", 'title: "a\\e[2J"\ndate: 2026-06-01\nsummary: s\n', RuleSettings()
    )
    assert item is None
    assert [str(p) for p in problems] == [
        "news/x.yaml:1: title: contains U+001B (ESCAPE), a control character; remove it"
    ]
    note, problems = load_note("news/notes/2026-W16.yaml", "2026-W16", 'text: "\\u202e"\n')
    assert note is None and "U+202E" in str(problems[0])


def test_supersede_with_an_unwritable_file_changes_nothing(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    new = RECORD.replace("id: PC-0101", "id: PC-0102")
    (project / "decisions" / "0102-new.md").write_text(new, "utf-8")
    old_path = project / "decisions" / "0101-example.md"
    before = {p: p.read_bytes() for p in (project / "decisions").iterdir()}
    real = Path.replace

    def refuse_old(self: Path, target: Path) -> Path:  # as if OLD were on a read-only mount
        if Path(target).resolve() == old_path:
            raise PermissionError(13, "Permission denied")
        return real(self, target)

    monkeypatch.setattr(Path, "replace", refuse_old)
    assert main(["supersede", "PC-0101", "PC-0102", "--date", "2027-04-01", "--conf", ""]) == 2
    err = capsys.readouterr().err
    assert (
        "decisions/0101-example.md cannot be written: Permission denied; nothing was changed" in err
    )
    assert {p: p.read_bytes() for p in (project / "decisions").iterdir()} == before
    monkeypatch.setattr(files.os, "access", lambda p, mode: Path(p).resolve() != old_path)
    assert main(["supersede", "PC-0101", "PC-0102", "--date", "2027-04-01", "--conf", ""]) == 2
    assert (
        "decisions/0101-example.md cannot be written: permission denied; nothing was written"
        in capsys.readouterr().err
    )
    assert {p: p.read_bytes() for p in (project / "decisions").iterdir()} == before


def test_status_on_an_unwritable_file_is_a_message(
    project: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "decisions" / "0101-example.md"
    draft = RECORD.replace(
        "status: accepted\nhistory", "status: proposed\nreason: Its authors withdrew it.\nhistory"
    )
    start, end = draft.index("  - date: 2027-02-01"), draft.index("decided_by:")
    path.write_text(draft[:start] + draft[end:], "utf-8")
    before = path.read_bytes()
    monkeypatch.setattr(files.os, "access", lambda p, mode: Path(p).resolve() != path)
    assert main(["status", "PC-0101", "withdrawn", "--date", "2027-04-01", "--conf", ""]) == 2
    assert capsys.readouterr().err == (
        "council status: decisions/0101-example.md cannot be written: permission denied; "
        "nothing was written\n"
    )
    assert path.read_bytes() == before
