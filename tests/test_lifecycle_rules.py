"""Every rule of a decision's lifecycle, one test each: each status change the council allows
and each it refuses, through the record checks (``council check``, the build) and through
``council status`` (and ``council supersede``, the one way into 'superseded').

The expected lifecycle is written out here, not read from ``decisions/lifecycle.py``: a test
that asked the code what to expect could not fail when the code changed.
"""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from sphinx_council.cli import main
from sphinx_council.decisions.lifecycle import STATUSES
from sphinx_council.decisions.load import load_decision

# The council's lifecycle: from each status, the statuses a record may move to next.
ALLOWED: dict[str, set[str]] = {
    "draft": {"proposed", "withdrawn"},
    "proposed": {"draft", "comment-period", "accepted", "rejected", "deferred", "withdrawn"},
    "comment-period": {"proposed", "accepted", "rejected", "deferred", "withdrawn"},
    "deferred": {"proposed", "comment-period", "withdrawn"},
    # An accepted decision is only ever replaced by a newer one.
    "accepted": {"superseded"},
    # Rejected and withdrawn proposals come back as new records.
    "rejected": set(),
    "withdrawn": set(),
    "superseded": set(),
}
EVERY_STATUS = sorted(ALLOWED)
CHANGES = [(before, after) for before in EVERY_STATUS for after in EVERY_STATUS]
ALLOWED_CHANGES = [(before, after) for before, after in CHANGES if after in ALLOWED[before]]
REFUSED_CHANGES = [(before, after) for before, after in CHANGES if after not in ALLOWED[before]]

# A history that reaches each status by allowed steps (draft and proposed start one).
ROUTE: dict[str, list[str]] = {
    "draft": ["draft"],
    "proposed": ["proposed"],
    "comment-period": ["proposed", "comment-period"],
    "deferred": ["proposed", "deferred"],
    "accepted": ["proposed", "accepted"],
    "rejected": ["proposed", "rejected"],
    "withdrawn": ["proposed", "withdrawn"],
    "superseded": ["proposed", "accepted", "superseded"],
}
SOURCE = "decisions/0301-a-proposal.md"


def history(statuses: list[str]) -> str:
    lines = []
    for day, status in enumerate(statuses, start=1):
        lines.append(f"  - date: 2026-10-{day:02d}\n    status: {status}\n")
        if status == "comment-period":
            lines.append(f"    closes: 2026-10-{day + 10:02d}\n")
    return "".join(lines)


def record_text(statuses: list[str], record_id: str = "PC-0301", supersedes: str = "") -> str:
    """A record whose history goes through ``statuses``; every other field a status may call
    for (who decided, why it did not go ahead) is there, so only the lifecycle can object."""
    return (
        f"---\nid: {record_id}\ntitle: A proposal\nkind: policy\nsummary: A proposal.\n"
        f"status: {statuses[-1]}\nhistory:\n{history(statuses)}"
        "decided_by:\n  body: steering-council\n"
        "reason: The tests need a reason.\n"
        f"{supersedes}areas: [pypi]\n---\n\n## Context\n\nText.\n"
    )


def after_text(before: str) -> str:
    allowed = ", ".join(sorted(ALLOWED[before]))
    return allowed or "nothing (it is final)"


def lifecycle_problems(text: str) -> list[str]:
    _, problems = load_decision(SOURCE, text)
    return [str(problem) for problem in problems if "cannot follow" in problem.message]


def test_the_lifecycle_has_the_councils_statuses() -> None:
    # A status added to the code without a row here would go untested.
    assert sorted(STATUSES) == EVERY_STATUS


@pytest.mark.parametrize("route", ROUTE.values(), ids=list(ROUTE))
def test_each_route_to_a_status_is_itself_valid(route: list[str]) -> None:
    _, problems = load_decision(SOURCE, record_text(route))
    assert [str(p) for p in problems] == []


@pytest.mark.parametrize(("before", "after"), ALLOWED_CHANGES)
def test_the_checks_allow(before: str, after: str) -> None:
    assert lifecycle_problems(record_text([*ROUTE[before], after])) == []


@pytest.mark.parametrize(("before", "after"), REFUSED_CHANGES)
def test_the_checks_refuse(before: str, after: str) -> None:
    route = [*ROUTE[before], after]
    text = record_text(route)
    # The last history entry's status line.
    line = [n for n, row in enumerate(text.splitlines(), 1) if row.startswith("    status:")][-1]
    assert lifecycle_problems(text) == [
        f"{SOURCE}:{line}: history[{len(route) - 1}].status: {after!r} cannot follow "
        f"{before!r}; after {before!r} comes {after_text(before)}"
    ]


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decisions").mkdir()
    return tmp_path


def council(command: str) -> int:
    return main([*shlex.split(command), "--conf", ""])


def write_records(project: Path, before: str) -> Path:
    """PC-0301 in ``before``, and PC-0302, accepted, that may supersede it (and does, when
    PC-0301 is superseded already)."""
    path = project / SOURCE
    path.write_text(record_text(ROUTE[before]), "utf-8")
    supersedes = "supersedes: [PC-0301]\n" if before == "superseded" else ""
    newer = record_text(ROUTE["accepted"], "PC-0302", supersedes)
    (project / "decisions" / "0302-a-newer-one.md").write_text(newer, "utf-8")
    assert council("check") == 0
    return path


def status_command(after: str) -> str:
    closes = " --closes 2026-11-30" if after == "comment-period" else ""
    return f"status PC-0301 {after} --date 2026-11-01{closes}"


@pytest.mark.parametrize(("before", "after"), ALLOWED_CHANGES)
def test_council_status_makes(
    before: str, after: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_records(project, before)
    capsys.readouterr()
    if after == "superseded":
        # Allowed, but only with the record that supersedes it named.
        assert council(status_command(after)) == 1
        assert "hint: a record becomes superseded through 'council supersede" in (
            capsys.readouterr().err
        )
        assert council("supersede PC-0301 PC-0302 --date 2026-11-01") == 0
    else:
        assert council(status_command(after)) == 0
        assert f"PC-0301 is now {after!r}" in capsys.readouterr().err
    assert f"status: {after}\n" in path.read_text("utf-8")
    assert council("check") == 0


@pytest.mark.parametrize(("before", "after"), REFUSED_CHANGES)
def test_council_status_refuses(
    before: str, after: str, project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    path = write_records(project, before)
    unchanged = path.read_bytes()
    capsys.readouterr()
    commands = [status_command(after)]
    if after == "superseded":
        commands.append("supersede PC-0301 PC-0302 --date 2026-11-01")
    allowed = ", ".join(sorted(ALLOWED[before])) or "nothing: it is final"
    for command in commands:
        assert council(command) == 1
        assert (
            f"PC-0301 is {before!r}, which cannot move to {after!r}; "
            f"after {before!r} comes {allowed}"
        ) in capsys.readouterr().err
        assert path.read_bytes() == unchanged
