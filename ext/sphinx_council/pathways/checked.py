"""The record of the pathway runs: the last run in full (tool versions, date, what ran, what was
skipped and why, what failed), and a short history of the weekly runs before it.

``council try-pathway --record`` writes it (``pathways/checked.json``), and the weekly job
commits it, failures included: a pathway page reads it to say "Commands last checked with uv X,
pip Y on DATE" (only when its commands really ran, never the build's clock), and the newsletter
tells each weekly run, with what broke or was fixed since the run before. Pure: no Sphinx.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from ..core.sourcefiles import FileRefused, read_source_bytes

CHECKED_FILE = "checked.json"
# The tools named on a page, in this order, when the run recorded them.
NAMED_ON_PAGES = ("uv", "pip")
HISTORY_KEPT = 52  # a year of weekly runs


@dataclass(frozen=True)
class RunSummary:
    """One weekly run in short: when, on which tools, how many commands, which failed."""

    date: dt.date
    tools: dict[str, str]
    ran: int
    skipped: int
    failed: tuple[str, ...] = ()  # "pathway / step: command", sorted


@dataclass(frozen=True)
class CheckedRun:
    """One recorded run of every pathway, and the runs before it."""

    date: dt.date
    tools: dict[str, str]
    pathways: dict[str, Any] = field(default_factory=dict)
    history: tuple[RunSummary, ...] = ()  # oldest first, without this run

    def line(self, pathway: str) -> str:
        """``with uv 0.13.9, pip 26.3 on``; '' when the run did not run any of its commands."""
        if not self.pathways.get(pathway, {}).get("ran"):
            return ""
        named = [f"{tool} {self.tools[tool]}" for tool in NAMED_ON_PAGES if tool in self.tools]
        return f"with {', '.join(named)} on " if named else "on "

    def summary(self) -> RunSummary:
        results = self.pathways.values()
        failed = sorted(
            f"{pathway} / {failure['step']}: {failure['command']}"
            for pathway, result in self.pathways.items()
            for failure in result.get("failed", [])
        )
        return RunSummary(
            self.date,
            dict(self.tools),
            sum(int(r.get("ran", 0)) for r in results),
            sum(len(r.get("skipped", [])) for r in results),
            tuple(failed),
        )

    def runs(self) -> list[RunSummary]:
        """Every run recorded, oldest first, this one last."""
        return [*(s for s in self.history if s.date < self.date), self.summary()]


def read_checked(path: Path, root: Path | None = None) -> CheckedRun | None:
    """The recorded run, or None when there is none or it cannot be read (or is not a regular
    file inside ``root``, the project: see :mod:`..core.sourcefiles`)."""
    try:
        data = json.loads(read_source_bytes(path, path.parent if root is None else root))
        history = tuple(
            RunSummary(
                dt.date.fromisoformat(run["date"]),
                dict(run["tools"]),
                int(run["ran"]),
                int(run["skipped"]),
                tuple(map(str, run.get("failed", []))),
            )
            for run in data.get("history", [])
        )
        return CheckedRun(
            dt.date.fromisoformat(data["date"]), data["tools"], data["pathways"], history
        )
    except (FileRefused, ValueError, KeyError, TypeError, AttributeError):
        return None


def write_checked(path: Path, run: CheckedRun) -> None:
    """Write the run, keeping the runs recorded before it (a run of the same day replaces
    theirs), sorted, so an unchanged run leaves the file unchanged."""
    before = read_checked(path)
    kept = [s for s in before.runs() if s.date != run.date] if before else []
    history = sorted(kept, key=lambda s: s.date)[-HISTORY_KEPT:]
    data = {
        "date": run.date.isoformat(),
        "tools": run.tools,
        "pathways": run.pathways,
        "history": [
            {
                "date": s.date.isoformat(),
                "tools": s.tools,
                "ran": s.ran,
                "skipped": s.skipped,
                "failed": list(s.failed),
            }
            for s in history
        ],
    }
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")
