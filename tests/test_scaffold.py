"""``council new``: the next id, the file name, a record valid as written but for its summary."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import AS_OF_RECORD, RECORD, ROSTER
from sphinx_council.cli import main
from sphinx_council.core.project import UsageError
from sphinx_council.decisions.checks import FIELDS
from sphinx_council.decisions.scaffold import next_id, record_file_name, slugify


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0101-example.md").write_text(RECORD, "utf-8")
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AS_OF_RECORD)
    return tmp_path


def new(*args: str) -> int:
    return main(["new", *args, "--conf", ""])


@pytest.mark.parametrize(
    ("title", "slug"),
    [
        ("Accept PEP 772, the Packaging Council", "accept-pep-772-the-packaging-council"),
        ("Café: “quotes” & more!", "cafe-quotes-more"),
        ("???", "decision"),
        ("word " * 30, "-".join(["word"] * 12)),
    ],
)
def test_slug_from_title(title: str, slug: str) -> None:
    assert slugify(title) == slug


@pytest.mark.parametrize(
    ("taken", "pattern", "expected"),
    [
        (["PC-0001", "PC-0015", "PC-0003"], r"PC-\d{4}", "PC-0016"),
        ([], r"PC-\d{4}", "PC-0001"),
        (["ADR-9"], r"ADR-\d+", "ADR-10"),
        ([], r"ADR-\d+", "ADR-1"),
    ],
)
def test_next_free_id_follows_the_pattern(taken: list[str], pattern: str, expected: str) -> None:
    assert next_id(taken, pattern) == expected


def test_an_id_pattern_that_cannot_be_counted_asks_for_id() -> None:
    with pytest.raises(UsageError, match=r"cannot work out the next id .* pass --id"):
        next_id([], r"[a-z]+-decision")
    with pytest.raises(UsageError, match="pass --id"):
        next_id(["PC-9999"], r"PC-\d{4}")


def test_file_name_is_the_id_number_and_the_slug() -> None:
    assert record_file_name("PC-0016", "Adopt PEP 999") == "0016-adopt-pep-999.md"


def test_scaffold_is_valid_but_for_the_summary(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new("Adopt the second example", "--area", "tools", "--date", "2026-11-21") == 0
    path = project / "decisions" / "0102-adopt-the-second-example.md"
    assert capsys.readouterr().out == "decisions/0102-adopt-the-second-example.md\n"
    text = path.read_text("utf-8")
    assert text.startswith("---\n# yaml-language-server: $schema=../schemas/decision.schema.json\n")
    assert "id: PC-0102  # Unique id" in text
    assert "  - date: 2026-11-21\n    status: proposed\n" in text
    assert "## Context" in text and "## Decision" in text and "## Consequences" in text
    for rule in FIELDS:  # every field is there, with its description as the comment
        assert re.search(rf"^(# )?{rule.name}:.*# {re.escape(rule.description)}", text, re.M)
    assert main(["check", "--conf", ""]) == 1
    assert capsys.readouterr().out == (
        "decisions/0102-adopt-the-second-example.md:6: summary: is empty; write some text "
        "[council.value]\n"
    )


def test_scaffold_with_every_option_passes_check(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    args = ["Replace: the example", "--kind", "policy", "--area", "standards", "--pep", "517"]
    args += ["--supersedes", "PC-0101", "--persona", "publisher", "--status", "draft"]
    args += ["--discussion", "https://discuss.python.org/t/1", "--summary", "It replaces it."]
    assert new(*args, "--date", "2027-04-01") == 0
    text = (project / "decisions" / "0102-replace-the-example.md").read_text("utf-8")
    assert "title: 'Replace: the example'  #" in text
    assert "supersedes: [PC-0101]  #" in text
    assert "status: draft  #" in text
    assert main(["check", "--conf", ""]) == 0


def test_the_date_comes_from_source_date_epoch(
    project: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")  # 2026-11-21
    assert new("Dated by the environment") == 0
    text = (project / "decisions" / "0102-dated-by-the-environment.md").read_text("utf-8")
    assert "  - date: 2026-11-21\n" in text


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["X", "--kind", "polcy"],
            "decisions/0102-x.md:5: kind: 'polcy' is not one of pronouncement, delegation, "
            "process, election, policy (did you mean 'policy'?) [council.value]",
        ),
        (
            ["X", "--supersedes", "PC-0999"],
            "decisions/0102-x.md:17: supersedes: 'PC-0999' is not the id of any record "
            "[council.supersedes]",
        ),
        (
            ["X", "--pep", "99999"],
            "decisions/0102-x.md:16: peps: PEP 99999 is not in the PEP index",
        ),
        (
            ["X", "--discussion", "javascript:alert(1)"],
            "discussion[0]: 'javascript:alert(1)' is not an https: link",
        ),
    ],
)
def test_values_that_break_a_rule_are_refused_and_nothing_is_written(
    project: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(*args, "--date", "2026-11-21") == 1
    err = capsys.readouterr().err
    assert "council new: the new record would not pass the checks; nothing was written" in err
    assert message in err
    assert not (project / "decisions" / "0102-x.md").exists()


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["Example", "--id", "PC-0101"], "decisions/0101-example.md already exists"),
        (["  "], "the title is empty"),
        (
            ["X", "--date", "21/11/2026"],
            "--date '21/11/2026' is not a date; write it as YYYY-MM-DD",
        ),
    ],
)
def test_usage_errors(
    project: Path, args: list[str], message: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert new(*args) == 2
    assert message in capsys.readouterr().err


def test_vocabulary_and_id_pattern_come_from_conf_py(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (project / "docs").mkdir()
    (project / "docs" / "conf.py").write_text(
        'council_id_pattern = r"ADR-\\d{3}"\ncouncil_areas = ["build", "index"]\n', "utf-8"
    )
    (project / "decisions" / "0101-example.md").unlink()
    assert main(["new", "First record", "--area", "index", "--date", "2026-11-21"]) == 0
    text = (project / "decisions" / "001-first-record.md").read_text("utf-8")
    assert "id: ADR-001  #" in text
    assert "One of: build, index." in text


def test_the_first_record_of_a_new_project(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    args = ["First decision", "--area", "governance", "--summary", "The first one."]
    assert new(*args, "--date", "2026-11-21") == 0
    assert (tmp_path / "decisions" / "0001-first-decision.md").is_file()
    err = capsys.readouterr().err
    assert "write the prose, then run 'council check decisions/0001-first-decision.md'" in err
    assert "editors find the schema the record names once you run 'council schema" in err
    assert main(["schema", "--output", "schemas", "--conf", ""]) == 0
    assert main(["check", "--conf", ""]) == 0
    assert new("Second decision", "--date", "2026-11-22") == 0
    assert "editors find the schema" not in capsys.readouterr().err
