"""The weekly run of the pathway commands as news: the record keeps every failure and the runs
before; a pathway whose commands did not run is not "last checked"; the newsletter tells each
run with its tools, how many commands ran and what broke or was fixed since the run before; the
weekly workflow commits the record from a job that runs no pathway command."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from ruamel.yaml import YAML

from sphinx_council.cli import main
from sphinx_council.newsletter.digest import IsoWeek, Schedule, weekly_digests
from sphinx_council.newsletter.events import pathway_check_events
from sphinx_council.newsletter.outline import IssueAddresses, issue_outline
from sphinx_council.pathways.checked import CheckedRun, RunSummary, read_checked, write_checked
from sphinx_council.pathways.runner import Sandbox

REPO = Path(__file__).parent.parent
PATHWAY = """\
id: {id}
title: A pathway the weekly run tries
persona: newcomer
summary: Its commands {what}.
for_you_if:
  - You test the weekly run.
level: beginner
outcomes:
  - See the run recorded.
reviewed: 2027-06-01
review_every_months: 6
steps:
  - id: first
    title: First
    why: Every pathway starts somewhere.
    minutes: 1
    commands:
      - run: "echo one"
      - run: "{command}"
      - run: "echo three"
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    (tmp_path / "pathways").mkdir()
    for name, what, command in (("good", "pass", "echo two"), ("bad", "fail", "false")):
        text = PATHWAY.format(id=name, what=what, command=command)
        (tmp_path / "pathways" / f"{name}.yaml").write_text(text)
    monkeypatch.chdir(tmp_path)
    monkeypatch.setattr(Sandbox, "install_tools", lambda self: {"uv": "0.9.0", "pip": "26.0"})
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1795219200")
    return tmp_path


def test_a_failing_pathway_is_recorded_and_the_others_still_run(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    record = project / "pathways" / "checked.json"
    argv = ["try-pathway", "--no-sandbox", "--cache", str(project / "cache"), "--record"]
    assert main([*argv, str(record)]) == 1
    err = capsys.readouterr().err
    assert err.endswith("council try-pathway: failed: bad\n")
    data = json.loads(record.read_text())
    assert data["pathways"]["bad"] == {
        "ran": 1,
        "skipped": [],
        "failed": [{"step": "first", "command": "false", "problem": "exited with status 1"}],
    }
    assert data["pathways"]["good"] == {"ran": 3, "skipped": [], "failed": []}
    run = read_checked(record)
    assert run is not None
    assert run.summary() == RunSummary(
        dt.date(2026, 11, 21), {"uv": "0.9.0", "pip": "26.0"}, 4, 0, ("bad / first: false",)
    )


def test_the_record_keeps_the_runs_before(tmp_path: Path) -> None:
    path = tmp_path / "checked.json"
    first = CheckedRun(dt.date(2026, 11, 23), {"uv": "1"}, {"a": {"ran": 2, "skipped": []}})
    write_checked(path, first)
    failed = {"a": {"ran": 1, "skipped": [], "failed": [{"step": "s", "command": "c"}]}}
    write_checked(path, CheckedRun(dt.date(2026, 11, 30), {"uv": "2"}, failed))
    again = CheckedRun(dt.date(2026, 11, 30), {"uv": "2"}, failed)
    write_checked(path, again)  # the same day again replaces that day's run
    run = read_checked(path)
    assert run is not None
    assert [(r.date.day, r.ran, r.failed) for r in run.runs()] == [
        (23, 2, ()),
        (30, 1, ("a / s: c",)),
    ]


def test_a_pathway_whose_commands_did_not_run_is_not_last_checked() -> None:
    run = CheckedRun(
        dt.date(2026, 11, 30),
        {"uv": "0.13.9", "pip": "26.3"},
        {
            "redistributing": {"ran": 0, "skipped": [{"command": "x", "reason": "y"}]},
            "start-here": {"ran": 22, "skipped": []},
        },
    )
    assert run.line("redistributing") == ""
    assert run.line("start-here") == "with uv 0.13.9, pip 26.3 on "
    assert run.line("elsewhere") == ""
    bundled = read_checked(REPO / "pathways" / "checked.json")
    assert bundled is not None and bundled.line("redistributing") == ""


def test_each_weekly_run_is_news_with_what_broke_and_what_was_fixed() -> None:
    tools = {"uv": "0.13.9", "pip": "26.3"}
    runs = [
        RunSummary(dt.date(2026, 11, 16), tools, 160, 29, ()),
        RunSummary(dt.date(2026, 11, 23), tools, 150, 29, ("a / s: uv init", "b / t: pip x")),
        RunSummary(dt.date(2026, 11, 30), {**tools, "uv": "0.14.0"}, 164, 29, ("b / t: pip x",)),
        RunSummary(dt.date(2026, 12, 7), tools, 0, 0, ()),  # nothing ran: nothing to tell
    ]
    events = pathway_check_events(runs)
    assert [(e.date.day, e.title) for e in events] == [
        (16, "Pathway commands checked: all passed"),
        (23, "Pathway commands checked: a step failed"),
        (30, "Pathway commands checked: a step failed"),
    ]
    assert events[1].summary == (
        "150 commands ran on pip 26.3, uv 0.13.9; 29 cannot run on a CI machine and were "
        "skipped; broke since the run before: a / s: uv init; b / t: pip x."
    )
    assert events[2].summary == (
        "164 commands ran on pip 26.3, uv 0.14.0; 29 cannot run on a CI machine and were "
        "skipped; still failing: b / t: pip x; fixed since the run before: a / s: uv init."
    )
    (digest,) = weekly_digests(events[:1], Schedule(IsoWeek(2026, 46)))
    (part,) = issue_outline(digest, IssueAddresses(), closing=False)
    assert part.heading == "Pathway updates"
    (item,) = part.groups[0][1]
    assert item.detail.startswith("160 commands ran on pip 26.3, uv 0.13.9;")


def test_the_weekly_workflow_commits_the_record_from_a_job_that_runs_no_command() -> None:
    workflow = YAML(typ="safe").load(
        (REPO / ".github" / "workflows" / "pathways-weekly.yml").read_text("utf-8")
    )
    assert set(workflow["on"]) == {"schedule", "workflow_dispatch"}
    run, record = workflow["jobs"]["run"], workflow["jobs"]["record"]
    assert "permissions" not in run and workflow["permissions"] == {"contents": "read"}
    steps = [step.get("run", "") for step in run["steps"]]
    assert "python3 noxfile.py -s pathways" in steps
    (upload,) = [s for s in run["steps"] if "upload-artifact" in s.get("uses", "")]
    assert upload["if"] == "always()"  # failures are recorded too
    assert record["permissions"] == {"contents": "write"}
    assert record["needs"] == "run" and record["if"].startswith("always()")
    commands = " ".join(step.get("run", "") for step in record["steps"])
    assert "noxfile" not in commands and "try-pathway" not in commands
    assert "git push origin HEAD:main" in commands
