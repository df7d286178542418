"""The record of the last pathway run: tool versions, date, what ran and what was skipped.

``council try-pathway --record`` writes it (``pathways/checked.json``, committed); a pathway page
reads it to say "Commands last checked with uv X, pip Y on DATE", never the build's clock.
Pure: no Sphinx.
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


@dataclass(frozen=True)
class CheckedRun:
    """One recorded run of every pathway."""

    date: dt.date
    tools: dict[str, str]
    pathways: dict[str, Any] = field(default_factory=dict)

    def line(self, pathway: str) -> str:
        """``with uv 0.13.9, pip 26.3 on 2026-11-30``; '' when the run did not cover it."""
        if pathway not in self.pathways:
            return ""
        named = [f"{tool} {self.tools[tool]}" for tool in NAMED_ON_PAGES if tool in self.tools]
        return f"with {', '.join(named)} on " if named else "on "


def read_checked(path: Path, root: Path | None = None) -> CheckedRun | None:
    """The recorded run, or None when there is none or it cannot be read (or is not a regular
    file inside ``root``, the project: see :mod:`..core.sourcefiles`)."""
    try:
        data = json.loads(read_source_bytes(path, path.parent if root is None else root))
        return CheckedRun(dt.date.fromisoformat(data["date"]), data["tools"], data["pathways"])
    except (FileRefused, ValueError, KeyError, TypeError):
        return None


def write_checked(path: Path, run: CheckedRun) -> None:
    """Write the record, sorted, so an unchanged run leaves the file unchanged."""
    data = {"date": run.date.isoformat(), "tools": run.tools, "pathways": run.pathways}
    path.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n", "utf-8")
