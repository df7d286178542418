"""``council changes`` and the issues: a backdated record's issue is already out and renumbers
the later ones; an event dated in a week already sent goes into the next issue. Each issue is
computed here from the records' dates."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest

from sphinx_council.cli import main
from test_changes import (  # noqa: F401
    BUILD_DATE,
    changes,
    council,
    expected_issue,
    git,
    issue_weeks,
    repo,
)


def test_a_backdated_record_adds_an_issue_and_renumbers_the_later_ones(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """An event in a past week without an issue makes one, already out as of the build date,
    and every later issue not yet sent moves up by one."""
    git(repo, "checkout", "-q", "-b", "late")
    weeks_before = issue_weeks(repo)
    late = ["new", "Record the summit", "--kind", "policy", "--area", "tools", "--summary", "S."]
    assert council(*late, "--date", "2026-10-14") == 0
    weeks_after = issue_weeks(repo)
    code, out, _ = changes(capsys, "--format", "json")
    document = json.loads(out)
    (item,) = document["newsletter_items"]
    number, week, monday = expected_issue(repo, dt.date(2026, 10, 14))
    assert monday < BUILD_DATE  # that issue is out already
    assert (item["week"], item["number"], item["published"], item["upcoming"]) == (
        week,
        number,
        monday.isoformat(),
        False,
    )
    moved = [
        {"week": f"{y}-W{w:02d}", "before": weeks_before.index((y, w)) + 1, "after": n + 1}
        for n, (y, w) in enumerate(weeks_after)
        if (y, w) in weeks_before and weeks_before.index((y, w)) != n
    ]
    assert (code, document["renumbered_issues"]) == (0, moved)
    assert moved != []


def test_an_event_of_a_week_already_sent_goes_into_the_next_issue(
    repo: Path,  # noqa: F811
    capsys: pytest.CaptureFixture[str],
) -> None:
    """Once an issue is recorded as sent, what is dated in its week later is told in the issue
    of the week after (published.py), and the sent issue keeps its number."""
    with (repo / "conf.py").open("a", encoding="utf-8") as conf:
        conf.write('council_newsletter_published = "published.json"\n')
    record = ["digest", "2026-W45", "--record", "--conf", "conf.py", "--first-week", "2026-W36"]
    assert main(record) == 0
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "2026-W45 sent")
    git(repo, "checkout", "-q", "-b", "late")
    late = ["new", "Record the summit", "--kind", "policy", "--area", "tools", "--summary", "S."]
    assert council(*late, "--date", "2026-11-03") == 0
    code, out, _ = changes(capsys, "--format", "json")
    (item,) = json.loads(out)["newsletter_items"]
    sent = dt.date(2026, 11, 3).isocalendar()[:2]
    after = (dt.date.fromisocalendar(*sent, 1) + dt.timedelta(days=7)).isocalendar()[:2]
    weeks = sorted({*issue_weeks(repo), after})  # the sent week keeps its issue and number
    monday = dt.date.fromisocalendar(*after, 7) + dt.timedelta(days=1)
    assert (code, item["week"], item["number"], item["published"]) == (
        0,
        f"{after[0]}-W{after[1]:02d}",
        weeks.index(after) + 1,
        monday.isoformat(),
    )
