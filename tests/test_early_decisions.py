"""A decision taken while its own comment period is still open: a reminder at the deciding
entry's file and line unless the entry says why (``early:``), the same from ``council check``
and the build, and ``council status`` waits for the reason."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from conftest import CONF, RECORD, sphinx_build, write_site
from sphinx_council.cli import main
from sphinx_council.core.problems import Check
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.nodes import history_list

SOURCE = "decisions/0101-example.md"
# RECORD's comment period opens 2027-02-01 (line 10) and closes 2027-02-15; it is accepted on
# 2027-03-01 (line 13).
EARLY = RECORD.replace("date: 2027-03-01", "date: 2027-02-10")
WARNING = (
    f"{SOURCE}:13: history[2]: accepted on 2027-02-10, while the comment period opened on "
    "2027-02-01 (line 10) was still open until 2027-02-15; if the council decided early on "
    "purpose, say why on this entry (early: one line), otherwise correct this date or the "
    "period's closes"
)
AS_OF = "1798761600"  # 2027-01-01: the build's date
WHY = "    early: A security fix could not wait.\n"


def says_why(text: str) -> str:
    return text.replace("    link: https://example.org/decision\n", WHY)


def problems(text: str) -> list[str]:
    return [str(p) for p in load_decision(SOURCE, text)[1]]


def test_a_decision_before_the_period_closes_is_a_reminder_at_the_deciding_entry() -> None:
    [problem] = load_decision(SOURCE, EARLY)[1]
    assert str(problem) == WARNING
    assert problem.check is Check.EARLY and problem.advisory


def test_a_rejection_before_the_period_closes_is_one_too() -> None:
    rejected = EARLY.replace("status: accepted", "status: rejected").replace(
        "summary:", "reason: It did not go ahead.\nsummary:"
    )
    # The reason's line moves every entry down one.
    moved = WARNING.replace(":13:", ":14:").replace("(line 10)", "(line 11)")
    assert moved.replace("accepted on", "rejected on") in problems(rejected)


@pytest.mark.parametrize(
    "text",
    [
        RECORD,  # decided after the period closed
        RECORD.replace("date: 2027-03-01", "date: 2027-02-15"),  # on the day it closes
        says_why(EARLY),
        # Withdrawn by its authors during the period: nobody decided anything.
        EARLY.replace("status: accepted", "status: withdrawn")
        .replace("summary:", "reason: Its authors withdrew it.\nsummary:")
        .replace("decided_by:\n  body: packaging-council\n", "")
        .replace("votes:\n  ada: yes\n  bruno: yes\n  chen: no\n  dara: abstain\n  eli: yes\n", ""),
    ],
    ids=["after", "on-the-closing-day", "says-why", "withdrawn"],
)
def test_no_reminder_when_the_period_had_closed_or_the_record_says_why(text: str) -> None:
    assert problems(text) == []


def test_the_reason_is_kept_and_shown_on_the_page() -> None:
    record, _ = load_decision(SOURCE, says_why(EARLY))
    assert record is not None and record.history[-1].early == "A security fix could not wait."
    shown = history_list(record.history).astext()
    assert "Accepted, decided before comments closed: A security fix could not wait." in shown


def test_the_latest_comment_period_is_the_one_that_counts() -> None:
    reopened = EARLY.replace(
        "    closes: 2027-02-15\n",
        "    closes: 2027-02-15\n  - date: 2027-02-03\n    status: deferred\n"
        "  - date: 2027-02-05\n    status: comment-period\n    closes: 2027-03-05\n",
    ).replace("date: 2027-02-10", "date: 2027-03-01")
    assert problems(reopened) == [
        f"{SOURCE}:18: history[4]: accepted on 2027-03-01, while the comment period opened on "
        "2027-02-05 (line 15) was still open until 2027-03-05; if the council decided early on "
        "purpose, say why on this entry (early: one line), otherwise correct this date or the "
        "period's closes"
    ]


WRONG_PLACES = [
    (
        says_why(RECORD),
        "13: history[2].early: 2027-03-01 is not before a comment period's close (2027-02-15)",
    ),
    (
        says_why(RECORD).replace(
            "  - date: 2027-02-01\n    status: comment-period\n    closes: 2027-02-15\n", ""
        ),
        "10: history[1].early: 2027-03-01 is not before a comment period's close (there is none "
        "before it)",
    ),
    (
        RECORD.replace("    status: proposed\n", "    status: proposed\n" + WHY),
        "8: history[0].early: this proposed entry decides nothing",
    ),
]


@pytest.mark.parametrize(("text", "expected"), WRONG_PLACES, ids=["late", "no-period", "proposal"])
def test_early_where_nothing_was_early_is_an_error(text: str, expected: str) -> None:
    [problem] = load_decision(SOURCE, text)[1]
    assert str(problem) == (
        f"{SOURCE}:{expected}; early says why a record was accepted or rejected before its "
        "comment period closed, so remove it"
    )
    assert problem.check is Check.HISTORY and not problem.advisory


@pytest.mark.parametrize(
    ("silenced", "expected"),
    [("", [f"{WARNING} [council.early]"]), (', "council.early"', [])],
    ids=["reported", "suppressed"],
)
def test_the_check_and_the_build_say_the_same(
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    silenced: str,
    expected: list[str],
) -> None:
    """A reminder: ``council check`` succeeds and a ``-W`` build fails, unless silenced."""
    src = write_site(tmp_path / "src", {"0101-example.md": EARLY})
    conf = CONF.replace('"council.future"', f'"council.future"{silenced}')
    (src / "conf.py").write_text(conf, "utf-8")
    built = sphinx_build(src, tmp_path / "out", "-W", "-d", str(tmp_path / "d"), epoch=AS_OF)
    warnings = [
        line.replace(f"{src}/", "").replace("WARNING: ", "")
        for line in built.stderr.splitlines()
        if "WARNING:" in line
    ]
    monkeypatch.chdir(src)
    monkeypatch.setenv("SOURCE_DATE_EPOCH", AS_OF)
    assert main(["check", "--conf", "conf.py", "--no-cache"]) == 0
    out, err = capsys.readouterr()
    assert out.splitlines() == warnings == expected
    reminded = "1 reminder(s) (overdue reviews, dates after the build date, decisions before"
    assert (reminded in err) == bool(expected)
    assert built.returncode == (1 if expected else 0), built.stderr


OPEN = """\
---
id: PC-0301
title: A proposal
kind: policy
summary: Proposed.
status: comment-period
history:
  - date: 2026-11-01
    status: proposed
  - date: 2026-11-05
    status: comment-period
    closes: 2026-12-20
decided_by:
  body: steering-council
areas: [pypi]
---

## Context

Text.
"""


@pytest.fixture
def project(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions" / "0301-a-proposal.md").write_text(OPEN, "utf-8")
    return tmp_path


def run(command: str) -> int:
    return main([*shlex.split(command), "--conf", ""])


def record_text(project: Path) -> str:
    return (project / "decisions" / "0301-a-proposal.md").read_text("utf-8")


def test_status_waits_for_the_reason_while_the_period_is_open(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("status PC-0301 accepted --date 2026-12-10") == 1
    err = capsys.readouterr().err
    assert "council status: PC-0301 cannot become 'accepted'; nothing was written:" in err
    assert (
        "decisions/0301-a-proposal.md:13: history[2]: accepted on 2026-12-10, while the comment "
        "period opened on 2026-11-05 (line 10) was still open until 2026-12-20;" in err
    )
    assert "hint: if the council decided before the period closed on purpose, say why with " in err
    assert record_text(project) == OPEN


def test_status_with_the_reason_writes_it_on_the_entry(
    project: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run("status PC-0301 accepted --date 2026-12-10 --early 'A security fix.'") == 0
    assert record_text(project).endswith(
        "    closes: 2026-12-20\n  - date: 2026-12-10\n    status: accepted\n"
        "    early: A security fix.\n" + OPEN.split("    closes: 2026-12-20\n", 1)[1]
    )
    assert main(["check", "--conf", ""]) == 0
    assert "early" not in capsys.readouterr().out


def test_status_once_the_period_has_closed_needs_no_reason(project: Path) -> None:
    assert run("status PC-0301 accepted --date 2026-12-20") == 0
    assert "status: accepted\n" in record_text(project)


@pytest.mark.parametrize(
    ("command", "code", "message"),
    [
        (
            "status PC-0301 withdrawn --early 'Urgent.'",
            2,
            "council status: --early says why a record was accepted or rejected before its "
            "comment period closed; 'withdrawn' decides nothing, so leave it out",
        ),
        (
            "status PC-0301 accepted --date 2026-12-21 --early 'Urgent.'",
            1,
            "history[2].early: 2026-12-21 is not before a comment period's close (2026-12-20)",
        ),
        ("status PC-0301 accepted --early 'two\nlines'", 2, "council status: --early "),
    ],
    ids=["not-a-decision", "not-early", "two-lines"],
)
def test_a_reason_where_nothing_is_early_is_refused(
    project: Path, capsys: pytest.CaptureFixture[str], command: str, code: int, message: str
) -> None:
    assert run(command) == code
    assert message in capsys.readouterr().err
    assert record_text(project) == OPEN
