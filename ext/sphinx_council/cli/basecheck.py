"""``council check --base REF``: ids this branch took that REF has given to another record.

Two branches that each ran ``council new`` get the same next id; each passes its own check and
git merges both files cleanly, so the clash shows only on main. Reading the records at REF (the
pull request's base) finds it before the merge and names the ``council renumber`` to run. Git
is read offline, with ``git ls-tree`` and ``git show``.
"""

from __future__ import annotations

import subprocess
from collections.abc import Mapping
from pathlib import Path

from ..core.problems import Check, Problem
from ..core.project import CouncilProject, UsageError
from ..decisions.editing import RecordFiles
from ..decisions.load import load_decision
from ..decisions.scaffold import next_id


def run_git(
    root: Path, *args: str, needs: str = "--base", env: Mapping[str, str] | None = None
) -> subprocess.CompletedProcess[str]:
    """git's answer, run offline in the project's folder (``env``: instead of this process's
    environment); a usage error saying that ``needs`` needs git when it is not installed."""
    try:
        return subprocess.run(
            ["git", *args], cwd=root, capture_output=True, text=True, check=False, env=env
        )
    except FileNotFoundError as error:
        raise UsageError(f"{needs} needs git, which is not installed here") from error


def _git(project: CouncilProject, ref: str, *args: str, unknown: bool = False) -> str:
    """What git prints; a usage error naming ``ref`` when it fails (``unknown``: because git
    knows nothing by that name, which git itself does not explain)."""
    done = run_git(project.root, *args)
    if done.returncode != 0:
        lines = done.stderr.strip().splitlines()
        reason = "no branch, tag or commit has that name here" if unknown else lines[-1]
        raise UsageError(
            f"--base {ref}: git cannot read it ({reason}); give a branch, tag or commit of "
            "this repository, e.g. main or origin/main (fetch it first in a shallow clone)"
        )
    return done.stdout


def base_ids(project: CouncilProject, ref: str) -> dict[str, str]:
    """Each record id at ``ref``: the file (from the repository's top) that has it."""
    top = Path(_git(project, ref, "rev-parse", "--show-toplevel").strip())
    _git(project, ref, "rev-parse", "--verify", "--quiet", f"{ref}^{{commit}}", unknown=True)
    folder = project.decisions_dir.resolve().relative_to(top.resolve()).as_posix()
    listed = _git(project, ref, "ls-tree", "-r", "--name-only", "--full-name", ref, "--", folder)
    ids: dict[str, str] = {}
    for name in listed.splitlines():
        if not name.endswith(".md"):
            continue
        text = _git(project, ref, "show", f"{ref}:{name}")
        record, _problems = load_decision(name, text, project.settings)
        if record is not None and record.id:
            ids.setdefault(record.id, name)
    return ids


def base_problems(project: CouncilProject, ref: str) -> list[Problem]:
    """A problem on each record whose id another file has at ``ref``, with the command to run."""
    top = Path(_git(project, ref, "rev-parse", "--show-toplevel").strip()).resolve()
    there = base_ids(project, ref)
    stored = RecordFiles.read(project).stored
    taken = {s.record.id for s in stored if s.record.id} | set(there)
    problems = []
    for item in sorted(stored, key=lambda s: s.record.source):
        record = item.record
        other = there.get(record.id or "")
        if other is None or item.path.resolve().relative_to(top).as_posix() == other:
            continue
        free = next_id(taken, project.settings.id_pattern)
        taken.add(free)
        message = (
            f"{record.id!r} is already the id of {other} at {ref}; "
            f"run 'council renumber {record.id} {free}' to give this record the next free id"
        )
        problems.append(
            Problem(record.source, record.line_of("id"), "id", message, Check.DUPLICATE)
        )
    return problems


__all__ = ["base_ids", "base_problems", "run_git"]
