"""``council changes``: on a clone whose branch adds a record, accepts another and supersedes a
third, what the merge publishes, with the issue and feeds computed here from the records' dates."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from conftest import ROSTER, git
from sphinx_council.cli import main

EPOCH = "1795219200"  # 2026-11-21, a Saturday: the week in progress is 2026-W47
BUILD_DATE = dt.date(2026, 11, 21)
FIRST_WEEK = (2026, 36)

CONF = """\
extensions = ["myst_parser", "sphinx_council"]
council_roster = "roster.yaml"
council_decisions_dir = "decisions"
council_newsletter = True
council_digest_start = "2026-W36"
html_baseurl = "https://council.example.org/"
"""

VOTES = "votes:\n  ada: yes\n  bruno: yes\n  chen: no\n  dara: abstain\n  eli: yes\n"
PROSE = "\n## Context\n\nWhy.\n\n## Decision\n\nWhat.\n\n## Consequences\n\nSo.\n"
LOCK_FILES = f"""\
---
id: PC-0101
title: Use lock files
kind: policy
summary: Projects that deploy applications keep a lock file.
status: accepted
history:
  - date: 2026-09-01
    status: proposed
  - date: 2026-09-20
    status: accepted
decided_by:
  body: packaging-council
{VOTES}areas: [tools]
personas:
  - persona: publisher
    what_changes: You keep a lock file.
---
{PROSE}"""
BACKEND = f"""\
---
id: PC-0102
title: Name the build backend
kind: policy
summary: Every project names its build backend.
status: comment-period
history:
  - date: 2026-11-02
    status: proposed
  - date: 2026-11-05
    status: comment-period
    closes: 2026-11-15
    link: https://discuss.python.org/t/example/1
decided_by:
  body: packaging-council
areas: [standards]
personas:
  - persona: maintainer
    what_changes: You name your build backend.
---
{PROSE}"""
NEW_TITLE = "Publish attestations"
# Each record's areas and personas, as written above (and by `council new --area tools`).
TOPICS = {
    "PC-0101": ["area/tools", "persona/publisher"],
    "PC-0102": ["area/standards", "persona/maintainer"],
    "PC-0103": ["area/tools"],
}


def council(*args: str) -> int:
    return main([*args, "--conf", "conf.py"])


def project(root: Path) -> Path:
    (root / "decisions").mkdir(parents=True)
    (root / "conf.py").write_text(CONF, "utf-8")
    (root / "roster.yaml").write_text(ROSTER, "utf-8")
    (root / "decisions" / "0101-use-lock-files.md").write_text(LOCK_FILES, "utf-8")
    (root / "decisions" / "0102-name-the-build-backend.md").write_text(BACKEND, "utf-8")
    return root


def member_branch(root: Path, title: str = NEW_TITLE) -> None:
    """On a branch: accept PC-0102 (it supersedes PC-0101) and add a record, as a member does."""
    git(root, "checkout", "-q", "-b", "record-things")
    backend = root / "decisions" / "0102-name-the-build-backend.md"
    backend.write_text(
        BACKEND.replace("  body: packaging-council\n", f"  body: packaging-council\n{VOTES}"),
        "utf-8",
    )
    assert council("status", "PC-0102", "accepted", "--date", "2026-11-18") == 0
    assert council("supersede", "PC-0101", "PC-0102", "--date", "2026-11-18") == 0
    new = ["new", title, "--kind", "policy", "--area", "tools", "--summary", "Attest uploads."]
    assert council(*new, "--date", "2026-11-19") == 0
    git(root, "add", "-A")
    git(root, "commit", "-qm", "record things")


@pytest.fixture
def repo(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", EPOCH)
    project(tmp_path)
    git(tmp_path, "init", "-q", "-b", "main")
    git(tmp_path, "add", "-A")
    git(tmp_path, "commit", "-qm", "base")
    return tmp_path


def changes(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(["changes", "--conf", "conf.py", *args])
    out, err = capsys.readouterr()
    return code, out, err


def issue_weeks(root: Path) -> list[tuple[int, int]]:
    """The weeks with an issue, from every date in the records' histories: the weeks with
    events from the first week on, in order (issue #1 first)."""
    dates = [
        dt.date.fromisoformat(day)
        for path in sorted((root / "decisions").glob("*.md"))
        for day in re.findall(r"^  - date: (\S+)$", path.read_text("utf-8"), re.MULTILINE)
    ]
    return sorted({d.isocalendar()[:2] for d in dates if d.isocalendar()[:2] >= FIRST_WEEK})


def expected_issue(root: Path, day: dt.date = dt.date(2026, 11, 18)) -> tuple[int, str, dt.date]:
    """The issue an event of ``day`` goes into (the branch's are in the week of 2026-11-18):
    its number, its week, and the Monday after the week, when it is published."""
    year, week = day.isocalendar()[:2]
    monday = dt.date.fromisocalendar(year, week, 7) + dt.timedelta(days=1)
    return issue_weeks(root).index((year, week)) + 1, f"{year}-W{week:02d}", monday


def in_words(day: dt.date) -> str:
    return f"{day.day} {day:%B %Y}"


def table_rows(markdown: str) -> dict[str, list[str]]:
    rows = [line for line in markdown.splitlines() if line.startswith("| PC-")]
    return {row.split(" | ")[0][2:]: row.strip("| ").split(" | ") for row in rows}


def test_the_merge_lists_its_records_their_issue_and_their_feeds(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    member_branch(repo)
    code, out, err = changes(capsys, "main", "--format", "markdown")
    assert (code, err) == (0, "")
    rows = table_rows(out)
    assert sorted(rows) == ["PC-0101", "PC-0102", "PC-0103"]
    number, week, monday = expected_issue(repo)
    assert monday > BUILD_DATE  # the week is in progress: its issue is the next one
    issue = f"#{number}, {week}, {in_words(monday)} (next)"
    assert rows["PC-0103"][1:] == [
        NEW_TITLE,
        "added, proposed (proposed 2026-11-19)",
        issue,
        ", ".join(["decisions", *TOPICS["PC-0103"]]),
    ]
    assert rows["PC-0102"][2] == (
        "comment-period → accepted (accepted 2026-11-18); fields: votes, supersedes"
    )
    assert rows["PC-0101"][2] == "accepted → superseded by PC-0102 (superseded 2026-11-18)"
    for record, topics in TOPICS.items():
        assert rows[record][3] == issue
        assert rows[record][4] == ", ".join(["decisions", *topics])
    feeds = {"newsletter", "decisions", *(t for ts in TOPICS.values() for t in ts)}
    listed = re.findall(r"^- \*\*(\S+)\*\* \(`feeds/", out, re.MULTILINE)
    assert sorted(listed) == sorted(feeds)
    for feed in feeds:
        assert f"`feeds/{feed}.xml`, `feeds/{feed}.atom`, `feeds/{feed}.json`" in out
    long_issue = (
        f"#{number}, {week}, Monday {in_words(monday)} (the next issue, after the build date)"
    )
    details = out.split("### Newsletter items\n\n", 1)[1].split("\n\n", 1)[0].splitlines()
    assert details[0] == f"- Issue {long_issue}:"
    told = re.findall(r"^  - Council decisions: (PC-\d+) ", "\n".join(details), re.MULTILINE)
    assert (sorted(told), len(details)) == (sorted(TOPICS), 1 + len(TOPICS))
    assert "- **`council check`:** no problems" in out


def test_the_default_base_is_the_merge_base_with_main(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    base = git(repo, "rev-parse", "HEAD").strip()
    member_branch(repo)
    # main moves on after the branch was made: what main gained is not the branch's.
    git(repo, "checkout", "-q", "main")
    (repo / "decisions" / "0104-later.md").write_text(
        LOCK_FILES.replace("PC-0101", "PC-0104"), "utf-8"
    )
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "later on main")
    git(repo, "checkout", "-q", "record-things")
    code, out, _ = changes(capsys, "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert document["base"] == {"name": "main", "commit": base, "default": True}
    assert document["records"]["removed"] == []
    assert [r["id"] for r in document["records"]["added"]] == ["PC-0103"]


RECORD_KEYS = ["before", "fields", "id", "status", "superseded_by", "title", "transitions"]
ITEM_KEYS = ["id", "number", "published", "record", "section", "title", "upcoming", "week"]


def test_the_json_document_has_its_documented_keys(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    member_branch(repo)
    code, out, _ = changes(capsys, "main", "--format", "json")
    document = json.loads(out)
    assert code == 0
    assert sorted(document) == [
        "as_of",
        "base",
        "feeds",
        "newsletter",
        "newsletter_items",
        "pathways",
        "problem_count",
        "problems",
        "records",
        "renumbered_issues",
        "version",
        "withdrawn_items",
    ]
    assert (document["version"], document["as_of"], document["newsletter"]) == (
        1,
        BUILD_DATE.isoformat(),
        True,
    )
    assert document["base"]["commit"] == git(repo, "merge-base", "main", "HEAD").strip()
    records = document["records"]
    assert sorted(records) == ["added", "changed", "removed", "superseded"]
    assert [[r["id"] for r in records[kind]] for kind in sorted(records)] == [
        ["PC-0103"],
        ["PC-0102"],
        [],
        ["PC-0101"],
    ]
    (superseded,) = records["superseded"]
    assert sorted(superseded) == RECORD_KEYS
    assert superseded["transitions"] == [{"date": "2026-11-18", "status": "superseded"}]
    assert (superseded["before"], superseded["superseded_by"]) == ("accepted", ["PC-0102"])
    number, week, monday = expected_issue(repo)
    for item in document["newsletter_items"]:
        assert sorted(item) == ITEM_KEYS
        assert (item["week"], item["number"], item["published"], item["upcoming"]) == (
            week,
            number,
            monday.isoformat(),
            True,
        )
    assert sorted(i["record"] for i in document["newsletter_items"]) == sorted(TOPICS)
    decisions = next(f for f in document["feeds"] if f["feed"] == "decisions")
    assert sorted(decisions) == ["added", "feed", "new_feed", "paths", "title", "updated"]
    assert decisions["paths"] == [
        "feeds/decisions.xml",
        "feeds/decisions.atom",
        "feeds/decisions.json",
    ]
    assert sorted(e["record"] for e in decisions["added"]) == sorted(TOPICS)
    assert sorted(decisions["added"][0]) == ["date", "id", "record", "title"]
    assert (document["problem_count"], document["problems"], document["pathways"]) == (0, [], [])


def test_the_text_report_names_each_record_and_issue(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    member_branch(repo)
    code, out, _ = changes(capsys, "main")
    number, week, monday = expected_issue(repo)
    assert code == 0
    lines = out.splitlines()
    assert lines[0].startswith("Compared with main, at their merge base ")
    assert lines[0].endswith(f"; as of {in_words(BUILD_DATE)}.")
    assert [
        line.split()[:2] for line in lines if line.startswith("  ") and " PC-01" in line[:20]
    ] == [
        ["added", "PC-0103"],
        ["changed", "PC-0102"],
        ["superseded", "PC-0101"],
    ]
    header = f"  issue #{number}, {week}, Monday {in_words(monday)} (the next issue, after the build date):"
    assert header in lines
    assert lines[-1] == "council check: no problems"


def test_the_problems_council_check_reports_are_listed(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The report is made whatever the check finds (it is the gate, this is the report)."""
    git(repo, "checkout", "-q", "-b", "broken")
    path = repo / "decisions" / "0102-name-the-build-backend.md"
    path.write_text(BACKEND.replace("kind: policy", "kind: polcy"), "utf-8")
    code, out, _ = changes(capsys, "main", "--format", "markdown")
    assert code == 0
    assert "- **`council check`:** 1 problem(s), 0 reminder(s) that do not fail it" in out
    problem = out.split("### Problems `council check` reports\n\n", 1)[1].strip()
    assert problem == (
        "- decisions/0102-name-the-build-backend.md:4: kind: 'polcy' is not one of pronouncement, "
        "delegation, process, election, policy (did you mean 'policy'?) \\[council.value\\]"
    )
    assert table_rows(out)["PC-0102"][2] == "fields: kind"


def test_without_the_newsletter_only_records_are_compared(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    (repo / "conf.py").write_text(CONF.replace("True", "False"), "utf-8")
    git(repo, "commit", "-qam", "no newsletter")
    member_branch(repo)
    code, out, _ = changes(capsys, "main")
    assert code == 0
    assert "Newsletter: off (council_newsletter), so no issue or feed changes." in out.splitlines()
    assert "Feed entries" not in out


def test_the_guides_example_is_what_the_command_prints(
    repo: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The member's guide shows `council changes` on this very branch: its lines are the
    command's (``...`` stands for lines left out), whatever the merge base's commit."""
    page = (Path(__file__).parent.parent / "docs" / "record-a-decision.md").read_text("utf-8")
    section = page.split("## See what your pull request publishes", 1)[1]
    block = section.split("```console\n", 1)[1].split("```", 1)[0].splitlines()
    (command,) = [line.removeprefix("$ ") for line in block if line.startswith("$ ")]
    shown = [line for line in block if not line.startswith("$ ")]
    member_branch(repo)
    code, out, _ = changes(capsys, *command.split()[2:])
    assert (command.split()[:2], code) == (["council", "changes"], 0)
    printed = re.sub(r"merge base [0-9a-f]{12}", "merge base COMMIT", out).splitlines()
    expected = [re.sub(r"merge base [0-9a-f]{12}", "merge base COMMIT", line) for line in shown]
    at, skipping = 0, False
    for line in expected:
        if line == "...":
            skipping = True
            continue
        found = printed.index(line, at) if skipping else at
        assert printed[found : found + 1] == [line]
        at, skipping = found + 1, False
    assert at == len(printed)
