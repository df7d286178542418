"""``council import-peps``: records for resolved PEPs, free ids, no overwrites, idempotent."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from conftest import RECORD
from sphinx_council.cli import main
from sphinx_council.decisions.importer import OUTCOMES, outcome_date, plan_import
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.project import check_project
from sphinx_council.peps.index import pep_history, pep_index

RESOLVED_PACKAGING = sorted(
    i.number
    for i in pep_index().values()
    if "packaging" in i.topics
    and i.status in OUTCOMES
    and (i.status != "Active" or i.type == "Process")
)
# Superseded PEPs whose successor is accepted and imported in the same run. (241 and 314 are
# superseded by PEPs that are superseded themselves: the lifecycle needs an accepted successor.)
SUPERSEDED_WITH_SUCCESSOR = [345, 386, 438, 513, 571, 599, 631]


@pytest.fixture
def decisions(tmp_path: Path) -> Path:
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "0101-example.md").write_text(RECORD, "utf-8")  # PC-0101, about PEP 517
    return folder


def run_import(folder: Path, *args: str) -> int:
    return main(["import-peps", "--root", str(folder.parent), "--decisions", folder.name, *args])


def test_imports_every_resolved_pep_once_and_a_second_run_writes_nothing(
    decisions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_import(decisions) == 0
    written = sorted(p for p in decisions.iterdir() if p.name != "0101-example.md")
    records = [load_decision(p.name, p.read_text("utf-8"))[0] for p in written]
    subjects = sorted(r.peps[0] for r in records if r)
    expected = sorted({*RESOLVED_PACKAGING, *SUPERSEDED_WITH_SUCCESSOR} - {517})  # 517 has one
    assert subjects == expected
    ids = [r.id for r in records if r]
    assert ids[0] == "PC-0102" and len(set(ids)) == len(ids)
    # Every imported record passes every check the site makes.
    # (The fictional example record's votes need a roster this test does not have.)
    problems = check_project(decisions, None).problems
    assert [p for p in problems if not p.source.endswith("0101-example.md")] == []
    first = {p.name: p.read_bytes() for p in decisions.iterdir()}
    capsys.readouterr()

    assert run_import(decisions) == 0
    assert {p.name: p.read_bytes() for p in decisions.iterdir()} == first
    assert "0 record(s) written" in capsys.readouterr().err


def test_never_overwrites_a_file_and_picks_the_next_free_id(decisions: Path) -> None:
    existing = [load_decision("0101-example.md", RECORD)[0]]
    plan = plan_import([r for r in existing if r], ["0102-withdraw-pep-243.md"])
    assert plan.records[0].number == 243
    assert plan.records[0].filename == "0103-withdraw-pep-243.md"
    assert plan.records[0].record_id == "PC-0103"


def test_dry_run_writes_nothing(decisions: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run_import(decisions, "--dry-run") == 0
    assert [p.name for p in decisions.iterdir()] == ["0101-example.md"]
    out = capsys.readouterr().out
    assert "would write " in out and "(PC-0102, PEP 243)" in out


def test_superseded_peps_come_with_their_successors_record(decisions: Path) -> None:
    assert run_import(decisions) == 0
    loaded = [load_decision(p.name, p.read_text("utf-8"))[0] for p in decisions.iterdir()]
    by_pep = {r.peps[0]: r for r in loaded if r}
    manylinux = [by_pep[n] for n in (513, 571, 599)]
    assert [r.status for r in manylinux] == ["superseded"] * 3
    assert [h.status for h in manylinux[0].history] == ["proposed", "accepted", "superseded"]
    assert by_pep[600].supersedes == tuple(r.id for r in manylinux)
    assert by_pep[600].peps == (600, 513, 571, 599)


def test_superseded_peps_without_an_importable_successor_are_explained(
    decisions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # PEP 621 already has a record here, so PEP 631 cannot be attached to it.
    about_621 = RECORD.replace("PC-0101", "PC-0102").replace("peps: [517]", "peps: [621]")
    (decisions / "0102-about-621.md").write_text(about_621, "utf-8")
    assert run_import(decisions, "--dry-run") == 0
    err = capsys.readouterr().err
    assert (
        "skipped PEP 631: Superseded by PEP 621, whose record exists: write this record by hand "
        "and add it to that record's supersedes"
    ) in err
    assert (
        "skipped PEP 241: Superseded by PEP 314, which is Superseded; a superseded record "
        "needs an accepted successor"
    ) in err
    assert "skipped PEP 694: not resolved (Draft)" in err


def test_imported_record_carries_dates_delegate_and_resolution(decisions: Path) -> None:
    assert run_import(decisions) == 0
    text = next(decisions.glob("*-accept-pep-668.md")).read_text("utf-8")
    record, problems = load_decision("r.md", text)
    assert problems == [] and record is not None
    assert (
        record.title == "Accept PEP 668: Marking Python base environments as “externally managed”"
    )
    assert record.decided_by is not None and record.decided_by.label == "PEP-Delegate Paul Moore"
    assert record.decided_on == outcome_date(pep_history(668), "accepted")
    assert record.history[-1].link == "https://discuss.python.org/t/10302/44"
    assert "{pep}`668`" in text
    rejected = next(decisions.glob("*-reject-pep-665.md")).read_text("utf-8")
    assert re.search(r"^peps: \[665, 751\]$", rejected, re.M)  # its successor is cited too


def test_outcome_date_uses_the_last_run_of_outcome_statuses() -> None:
    # PEP 517 was Accepted, went back to Draft, then was Accepted again (2017-09-29).
    history = pep_history(517)
    history = type(history)(history.changes, history.delegate, None)
    assert str(outcome_date(history, "accepted")) == "2017-09-29"


def test_unknown_topic_is_a_usage_error(
    decisions: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_import(decisions, "--topic", "cooking") == 2
    assert "no PEP has the topic 'cooking'" in capsys.readouterr().err
