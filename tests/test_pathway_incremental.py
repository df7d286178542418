"""Pathway pages in parallel and incremental builds: the same bytes as a clean serial build."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from buildoutputs import assert_parallel_equals_serial, assert_same_output, clean_build, rebuild
from conftest import ROOTS, sphinx_build


@pytest.fixture
def source(tmp_path: Path) -> Path:
    return Path(shutil.copytree(ROOTS / "test-pathways", tmp_path / "src"))


def test_parallel_build_equals_serial_build(source: Path, tmp_path: Path) -> None:
    assert_parallel_equals_serial(source, tmp_path)


def _replace(path: Path, old: str, new: str) -> None:
    text = path.read_text("utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), "utf-8")


def _edit_a_step(src: Path) -> None:
    _replace(src / "pathways" / "first-steps.yaml", "One tool saves learning four.", "One tool.")


def _retitle_a_prerequisite(src: Path) -> None:
    # publishing.yaml links to first-steps by id and shows its title; so do the cards.
    _replace(src / "pathways" / "first-steps.yaml", "First steps with packages", "First steps")


def _change_a_default_tool(src: Path) -> None:
    # The tool list marks each pathway's defaults.
    _replace(src / "pathways" / "publishing.yaml", "      default: build", "      default: flit")


def _change_what_a_decision_means_for_a_persona(src: Path) -> None:
    # The publishing pathway lists the decisions that name its persona.
    _replace(
        src / "decisions" / "0103-new-rule.md",
        "Follow the new rule from now on.",
        "Follow the new rule when you next release.",
    )


def _retitle_a_cited_decision(src: Path) -> None:
    # first-steps cites PC-0101 in a step and shows its title.
    _replace(src / "decisions" / "0101-example.md", "Adopt the example standard", "Adopt it")


def _add_a_pathway(src: Path) -> None:
    text = (src / "pathways" / "publishing.yaml").read_text("utf-8")
    text = text.replace("id: publishing", "id: maintaining").replace(
        "persona: publisher", "persona: maintainer"
    )
    (src / "pathways" / "maintaining.yaml").write_text(text, "utf-8")


@pytest.mark.parametrize(
    "edit",
    [
        _edit_a_step,
        _retitle_a_prerequisite,
        _change_a_default_tool,
        _change_what_a_decision_means_for_a_persona,
        _retitle_a_cited_decision,
        _add_a_pathway,
    ],
    ids=["step", "retitle", "default-tool", "persona-decision", "decision-title", "add"],
)
def test_rebuild_after_an_edit_equals_a_clean_build(
    source: Path, tmp_path: Path, edit: Callable[[Path], None]
) -> None:
    incremental = clean_build(source, tmp_path / "incremental")
    edit(source)
    rebuild(source, incremental)
    clean = clean_build(source, tmp_path / "clean")
    assert_same_output(incremental, clean)


def _build_on(src: Path, out: Path, epoch: str, *args: str) -> None:
    # The build date comes from SOURCE_DATE_EPOCH; the review warning (and the reminder about
    # fixtures dated after the build date) is silenced so that -W still guards every other one.
    silenced = "suppress_warnings=council.stale,council.future"
    result = sphinx_build(src, out, "-W", "-D", silenced, *args, epoch=epoch)
    assert result.returncode == 0, result.stderr


def test_a_later_build_date_rewrites_the_pages_whose_review_is_overdue(
    source: Path, tmp_path: Path
) -> None:
    before, after = "1798761600", "1830297600"  # 2027-01-01, 2028-01-01
    incremental = tmp_path / "incremental"
    _build_on(source, incremental, before, "-d", str(tmp_path / "incremental-doctrees"))
    assert "due for review" not in (incremental / "pathways" / "first-steps.html").read_text()
    _build_on(source, incremental, after, "-d", str(tmp_path / "incremental-doctrees"))
    assert "due for review" in (incremental / "pathways" / "first-steps.html").read_text()
    clean = tmp_path / "clean"
    _build_on(source, clean, after, "-E", "-d", str(tmp_path / "clean-doctrees"))
    assert_same_output(incremental, clean)
