"""Ids that collide on merge: ``council check --base REF`` finds them, ``council renumber`` fixes them."""

from __future__ import annotations

from pathlib import Path

import pytest

from conftest import AS_OF_RECORD, RECORD, ROSTER, git
from sphinx_council.cli import main
from sphinx_council.decisions.renumber import renumbered_name, renumbered_texts

PATHWAY_MENTION = "steps:\n  - resources:\n      - decision: PC-0102\n"


def council(*args: str) -> int:
    return main([*args, "--conf", ""])


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AS_OF_RECORD)
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0101-example.md").write_text(RECORD, "utf-8")
    (tmp_path / "council").mkdir()
    (tmp_path / "council" / "roster.yaml").write_text(ROSTER, "utf-8")
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "start")
    return tmp_path


def new_on_branch(root: Path, branch: str, title: str) -> None:
    git(root, "checkout", "-q", "-b", branch, "main")
    args = ["new", title, "--area", "standards", "--summary", f"{title}.", "--date", "2027-03-01"]
    assert council(*args) == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", title)


def test_two_branches_with_one_id_are_found_and_renumbered(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_on_branch(repo, "alpha", "Alpha")
    new_on_branch(repo, "beta", "Beta")
    # Beta's record is named by another record's prose too.
    example = repo / "decisions" / "0101-example.md"
    example.write_text(RECORD.replace("None outside", "See {decision}`PC-0102`; none outside"))
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "mentions")
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "alpha")
    git(repo, "checkout", "-q", "beta")
    capsys.readouterr()

    assert council("check", "--base", "main") == 1
    out = capsys.readouterr().out
    assert (
        "decisions/0102-beta.md:3: id: 'PC-0102' is already the id of decisions/0102-alpha.md "
        "at main; run 'council renumber PC-0102 PC-0103' to give this record the next free id"
    ) in out

    assert council("renumber", "PC-0102", "PC-0103") == 0
    assert not (repo / "decisions" / "0102-beta.md").exists()
    assert "id: PC-0103" in (repo / "decisions" / "0103-beta.md").read_text("utf-8")
    assert "{decision}`PC-0103`" in example.read_text("utf-8")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "renumbered")
    assert council("check", "--base", "main") == 0
    git(repo, "checkout", "-q", "main")
    git(repo, "merge", "-q", "beta")
    capsys.readouterr()
    assert council("check") == 0, capsys.readouterr().out
    assert sorted(p.name for p in (repo / "decisions").iterdir()) == [
        "0101-example.md",
        "0102-alpha.md",
        "0103-beta.md",
    ]


def test_an_unknown_id_or_a_taken_one_is_refused(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    new_on_branch(repo, "alpha", "Alpha")
    capsys.readouterr()
    assert council("renumber", "PC-0109", "PC-0110") == 2
    assert "no record has the id 'PC-0109' (did you mean 'PC-0102'?)" in capsys.readouterr().err
    assert council("renumber", "PC-0102", "PC-0101") == 1
    err = capsys.readouterr().err
    assert "council renumber: PC-0102 cannot become PC-0101; nothing was written" in err
    assert "PC-0101 is already the id of decisions/0101-example.md; choose a free id" in err
    assert (repo / "decisions" / "0102-alpha.md").is_file()


def test_pathways_that_name_the_record_follow_it(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "pathways").mkdir()
    (repo / "pathways" / "start.yaml").write_text(PATHWAY_MENTION, "utf-8")
    new_on_branch(repo, "alpha", "Alpha")
    assert council("renumber", "PC-0102", "PC-0140") == 0
    assert (repo / "pathways" / "start.yaml").read_text("utf-8") == PATHWAY_MENTION.replace(
        "PC-0102", "PC-0140"
    )
    err = capsys.readouterr().err
    assert "council renumber: PC-0102 is now PC-0140; decisions/0102-alpha.md is now " in err
    assert "council renumber: pathways/start.yaml: PC-0102 -> PC-0140" in err


def test_a_base_git_cannot_read_is_a_usage_error(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert council("check", "--base", "no-such-branch") == 2
    err = capsys.readouterr().err
    assert (
        "council check: --base no-such-branch: git cannot read it (no branch, tag or commit "
        "has that name here); give a branch, tag or commit of this repository"
    ) in err


def test_a_project_outside_git_cannot_be_compared(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path.parent))
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0101-example.md").write_text(RECORD, "utf-8")
    assert council("check", "--base", "main") == 2
    err = capsys.readouterr().err
    assert "council check: --base main: git cannot read it (fatal: not a git repository" in err


def test_a_mention_is_a_whole_id() -> None:
    texts = {Path("a.md"): "PC-0008, PC-00081 and XPC-0008; {decision}`PC-0008`"}
    assert renumbered_texts(texts, "PC-0008", "PC-0009") == {
        Path("a.md"): "PC-0009, PC-00081 and XPC-0008; {decision}`PC-0009`"
    }
    assert renumbered_texts(texts, "PC-0007", "PC-0009") == {}
    assert renumbered_name("0008-some-title.md", "PC-0008", "PC-0012") == "0012-some-title.md"
    assert renumbered_name("my-title.md", "PC-0008", "PC-0012") == "my-title.md"
