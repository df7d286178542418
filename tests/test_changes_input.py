"""``council changes`` on what it cannot compare (a BASE git cannot read, a folder outside git, a
clone without main, unrelated histories), on hostile record text, and on pathways."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
import shutil
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from sphinx_council.newsletter.merge import compare
from sphinx_council.newsletter.publication import Publication
from sphinx_council.pathways.model import Pathway, PathwayChange, Step
from test_changes import changes, git, member_branch, project, repo  # noqa: F401

HOSTILE = (
    "<img src=x onerror=alert(1)> [x](javascript:alert(1)) | @octocat `code` *b* &amp; ~~s~~ $m$"
)
BAD_BASE = (
    "council changes: BASE {!r}: no branch, tag or commit has that name here; give one of this "
    "repository, e.g. main or origin/main (fetch it first in a shallow clone)\n"
)


@pytest.mark.parametrize("base", ["no-such-branch", "-x", "main~5"])
def test_a_base_git_cannot_read_is_named(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
    base: str,
) -> None:
    assert changes(capsys, "--", base) == (2, "", BAD_BASE.format(base))


def test_a_folder_outside_git_has_no_base(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path / "plain")
    monkeypatch.chdir(root)
    monkeypatch.setenv("GIT_CEILING_DIRECTORIES", str(tmp_path))
    assert changes(capsys) == (
        2,
        "",
        f"council changes: {root.resolve()} is not in a git repository, so there is no base to "
        "compare with; run it in a clone of the project\n",
    )


def test_a_clone_without_main_asks_for_the_base(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    git(repo, "branch", "-m", "main", "trunk")
    assert changes(capsys) == (
        2,
        "",
        "council changes: no branch 'main' here (nor 'origin/main') to compare with; name the "
        "branch the pull request goes into, e.g. 'council changes origin/trunk'\n",
    )
    code, out, _ = changes(capsys, "trunk")
    assert (code, "Records:\n  none\n" in out) == (0, True)


def test_without_main_the_remote_main_is_the_base(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    git(repo, "update-ref", "refs/remotes/origin/main", "main")
    member_branch(repo)
    git(repo, "branch", "-D", "main")
    code, out, _ = changes(capsys, "--format", "json")
    assert (code, json.loads(out)["base"]["name"]) == (0, "origin/main")


def test_histories_with_nothing_in_common_cannot_be_compared(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    git(repo, "checkout", "-q", "--orphan", "elsewhere")
    git(repo, "commit", "-qm", "unrelated")
    assert changes(capsys, "main") == (
        2,
        "",
        "council changes: BASE 'main' shares no commit with HEAD here (a shallow clone has too "
        "little history: fetch it whole (git fetch --unshallow, or fetch-depth: 0 in GitHub "
        "Actions))\n",
    )


def test_the_project_may_sit_in_a_folder_of_the_repository(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path / "site")
    monkeypatch.chdir(root)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    member_branch(root)
    code, out, _ = changes(capsys, "--format", "json")
    added = json.loads(out)["records"]["added"]
    assert (code, [r["id"] for r in added]) == (0, ["PC-0103"])


def test_record_text_is_inert_in_markdown_and_exact_in_json(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    member_branch(repo, HOSTILE)
    _, out, _ = changes(capsys, "main", "--format", "markdown")
    page = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(out)
    assert [tag in page for tag in ("<img", "<a ", "<em>", "<s>")] == [False] * 4
    row = next(r for r in re.findall(r"<tr>(.*?)</tr>", page, re.S) if "PC-0103" in r)
    assert "<code>" not in row
    cells = [html.unescape(c) for c in re.findall(r"<td>(.*?)</td>", row, re.S)]
    assert len(cells) == 5
    assert cells[1] == HOSTILE.replace("@", "@\u2060")
    _, out, _ = changes(capsys, "main", "--format", "json")
    assert json.loads(out)["records"]["added"][0]["title"] == HOSTILE
    _, out, _ = changes(capsys, "main")
    assert f"  added      PC-0103  {HOSTILE}: added, proposed (proposed 2026-11-19)" in out


def pathway(**changes: object) -> Pathway:
    steps = (Step("install", "Install", "You need it.", line=4), Step("build", "Build", "So."))
    fields: dict[str, object] = {
        "source": "pathways/first.yaml",
        "id": "first",
        "title": "First steps",
        "persona": "publisher",
        "steps": steps,
        **changes,
    }
    return Pathway(**fields)  # type: ignore[arg-type]


def pathways(*items: Pathway) -> Publication:
    return Publication({}, {}, {item.id: item for item in items})


def test_pathways_are_compared_by_what_they_say() -> None:
    old = pathway(reviewed=dt.date(2026, 9, 1))
    moved = pathway(source="elsewhere.yaml", reviewed=dt.date(2026, 9, 1), lines=(("id", 9),))
    assert compare(pathways(old), pathways(moved)).pathways == ()
    steps = (Step("install", "Install", "You need it now."), Step("test", "Test", "So."))
    log = (PathwayChange(dt.date(2026, 11, 19), "A testing step."),)
    new = pathway(steps=steps, changes=log, reviewed=dt.date(2026, 11, 19), title="First")
    other = Pathway("pathways/next.yaml", "next", "Next", persona="maintainer")
    (changed, added) = compare(pathways(old), pathways(new, other)).pathways
    assert (changed.id, changed.change, changed.what) == (
        "first",
        "changed",
        (
            "step test added",
            "step build removed",
            "step install changed",
            "change logged on 2026-11-19",
            "title",
            "reviewed",
        ),
    )
    assert (added.id, added.change, added.what) == (
        "next",
        "added",
        ("for maintainer", "0 step(s)"),
    )
    (removed,) = compare(pathways(old, other), pathways(old)).pathways
    assert (removed.id, removed.change) == ("next", "removed")


def test_the_base_is_read_from_git_not_from_the_folder(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Uncommitted edits count as the branch's; the base is what main's commit holds."""
    git(repo, "checkout", "-q", "-b", "work")
    shutil.copy(repo / "decisions" / "0101-use-lock-files.md", repo / "decisions" / "0105-copy.md")
    text = (repo / "decisions" / "0105-copy.md").read_text("utf-8")
    (repo / "decisions" / "0105-copy.md").write_text(text.replace("PC-0101", "PC-0105"), "utf-8")
    code, out, _ = changes(capsys, "--format", "json")
    assert (code, [r["id"] for r in json.loads(out)["records"]["added"]]) == (0, ["PC-0105"])
    assert git(repo, "status", "--porcelain") == "?? decisions/0105-copy.md\n"


def test_a_branch_without_a_commit_says_so(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    root = project(tmp_path)
    monkeypatch.chdir(root)
    git(root, "init", "-q", "-b", "main")
    assert changes(capsys) == (
        2,
        "",
        "council changes: this branch has no commit yet; commit your work, then run it again\n",
    )


def test_an_unreadable_record_of_published_issues_is_left_out_with_a_warning(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """As the build leaves it out with a warning: the report is still made."""
    member_branch(repo)
    with (repo / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('council_newsletter_published = "published.json"\n')
    (repo / "published.json").write_text("{", "utf-8")
    code, out, err = changes(capsys, "main", "--format", "json")
    assert (code, json.loads(out)["records"]["added"][0]["id"]) == (0, "PC-0103")
    assert err == (
        "council changes: published.json: cannot be read as the record of published issues "
        "(Expecting property name enclosed in double quotes: line 1 column 2 (char 1)); restore "
        "it from the repository's history\n"
    )
