"""``council new-pathway`` and the pathways part of ``council check``."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from conftest import RECORD, ROOTS, ROSTER
from sphinx_council.cli import main
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import load_pathway


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "decisions").mkdir()
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    (tmp_path / "decisions" / "0101-example.md").write_text(RECORD, "utf-8")
    shutil.copytree(ROOTS / "test-pathways" / "pathways", tmp_path / "pathways")
    monkeypatch.chdir(tmp_path)
    # 2027-06-01, the pathways' review date: none of the fixtures' dates is after the build date.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1811808000")
    return tmp_path


def test_check_covers_pathways(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["check"]) == 0
    path = project / "pathways" / "publishing.yaml"
    path.write_text(path.read_text().replace("default: build", "default: biuld"), "utf-8")
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "pathways/publishing.yaml:20: steps[0].choice.default: 'biuld' is not a tool of the "
        "tool list (the guide's key projects) (did you mean 'build'?) [council.tool]"
    ]


def test_check_reports_overdue_reviews_on_the_build_date_without_failing(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    # An overdue review is due work, not a mistake: it must not block an unrelated change.
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1830297600")  # 2028-01-01
    assert main(["check"]) == 0
    output = capsys.readouterr()
    assert output.out.splitlines() == [
        "pathways/first-steps.yaml:16: reviewed: the last review (2027-06-01) is more than 6 "
        "months before the build date (2028-01-01); check the steps are still right and "
        "update 'reviewed' [council.stale]"
    ]
    assert (
        "1 reminder(s) (overdue reviews, dates after the build date, decisions before their "
        "comment period closed) that do not fail the check" in output.err
    )


def test_overdue_reviews_are_github_warnings_and_json_severity(
    project: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1830297600")  # 2028-01-01
    assert main(["check", "--format", "github"]) == 0
    assert capsys.readouterr().out.startswith(
        "::warning file=pathways/first-steps.yaml,line=16,title=council.stale%3A reviewed::"
    )
    assert main(["check", "--format", "json"]) == 0
    assert '"severity": "warning"' in capsys.readouterr().out


def test_a_chosen_pathway_file_is_checked_alone(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = project / "pathways" / "publishing.yaml"
    path.write_text(path.read_text().replace("default: build", "default: biuld"), "utf-8")
    assert main(["check", "pathways/first-steps.yaml"]) == 0
    assert main(["check", "pathways/publishing.yaml"]) == 1
    assert "'biuld' is not a tool" in capsys.readouterr().out


def test_check_knows_the_decision_ids(project: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (project / "decisions" / "0101-example.md").unlink()
    assert main(["check"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "pathways/first-steps.yaml:49: steps[1].resources: 'PC-0101' is not the id of any "
        "decision record [council.reference]"
    ]


def test_new_pathway_writes_a_file_that_passes_every_check(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-pathway", "from-conda", "--persona", "data-scientist"]) == 0
    written = project / "pathways" / "from-conda.yaml"
    text = written.read_text("utf-8")
    pathway, problems = load_pathway("from-conda.yaml", text, guide_inventory(), stem="from-conda")
    assert problems == []
    assert pathway is not None and pathway.persona == "data-scientist"
    assert str(pathway.reviewed) == "2027-06-01"
    # every declared top-level field is present or shown commented out, each with a comment
    for field in ("id", "title", "persona", "summary", "for_you_if", "go_elsewhere", "level",
                  "prerequisites", "outcomes", "reviewed", "review_every_months", "changes",
                  "steps", "why", "minutes", "choice", "checkpoint", "resources"):  # fmt: skip
        assert f"{field}:" in text
    assert main(["check"]) == 0
    capsys.readouterr()


def test_new_pathway_refuses_bad_ids_and_existing_files(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["new-pathway", "Not An Id"]) == 2
    assert "'Not An Id' is not a valid id" in capsys.readouterr().err
    assert main(["new-pathway", "publishing"]) == 2
    assert "publishing.yaml exists; pass --force to replace it" in capsys.readouterr().err
    assert main(["new-pathway", "publishing", "--force"]) == 0
