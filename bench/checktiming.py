"""``council check`` timed as a member meets it: cold (a fresh clone, no ``.council_cache/``)
and after one record changed (a pre-commit hook, with the cache the previous check left).

Each figure is the fastest of several runs, each a fresh process: a run can only be slowed by
other processes, never sped up, so the minimum is the figure a busy machine does not decide.
"""

from __future__ import annotations

import shutil
from typing import TYPE_CHECKING, Any

from corpus import edit_record

from sphinx_council.decisions.checkcache import CACHE_DIR

if TYPE_CHECKING:
    from measure import Run, SizeBench
    from projects import Projects

CHECK_REPEAT = 5  # runs per figure; run.py's --check-repeat
# Edits numbered apart from the build edits' (1, 2, ...), so each one changes the record.
FIRST_EDIT = 1000


def fastest(runs: list[Run]) -> dict[str, Any]:
    """The fastest run's wall and CPU time, and every run's wall time."""
    best = min(runs, key=lambda run: run.seconds)
    return {
        "seconds": best.seconds,
        "cpu_seconds": best.cpu_seconds,
        "seconds_all": [run.seconds for run in runs],
    }


def cold_check(bench: SizeBench, projects: Projects, repeat: int) -> None:
    """``council check`` with no cache, ``repeat`` times."""
    runs = []
    for attempt in range(repeat):
        shutil.rmtree(projects.council / CACHE_DIR, ignore_errors=True)
        runs.append(bench.run_check(projects, f"check-cold-{attempt}.log"))
    lines = runs[-1].stderr.splitlines()
    bench.result["check"] = {
        **fastest(runs),
        "repeat": repeat,
        "maxrss_mib": max(run.maxrss_kib for run in runs) / 1024,
        "exit_code": runs[-1].returncode,
        "problems": [line for line in lines if "[council." in line][:10]
        + [line for line in lines if "problem(s)" in line],
    }
    bench.say(
        f"council check, cold: {bench.result['check']['seconds']:.2f} s "
        f"(fastest of {repeat}), exit {runs[-1].returncode}"
    )


def changed_check(bench: SizeBench, projects: Projects, repeat: int) -> None:
    """``council check`` with its cache after one record's prose changed, ``repeat`` times,
    each after its own edit; the record's text is put back afterwards."""
    path = projects.decisions / projects.records[len(projects.records) // 3].filename
    original = path.read_text("utf-8")
    bench.run_check(projects, "check-before-changes.log")  # the cache matches the files
    runs = []
    for attempt in range(repeat):
        edit_record(path, FIRST_EDIT + attempt)
        runs.append(bench.run_check(projects, f"check-changed-{attempt}.log"))
    path.write_text(original, "utf-8")
    found = fastest(runs)
    bench.result["check"] |= {
        "changed_seconds": found["seconds"],
        "changed_cpu_seconds": found["cpu_seconds"],
        "changed_seconds_all": found["seconds_all"],
    }
    bench.say(f"council check, one record changed: {found['seconds']:.2f} s (fastest of {repeat})")
