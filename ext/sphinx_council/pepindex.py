"""The vendored PEP index and status history, read from the package (never the network)."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

PEP_URL = "https://peps.python.org/pep-{number:04d}/"


@dataclass(frozen=True)
class PepInfo:
    """The headers of one PEP that the site shows."""

    number: int
    title: str
    status: str
    type: str
    topic: str
    url: str

    @property
    def label(self) -> str:
        return f"PEP {self.number}"


def _read_json(name: str) -> Any:
    return json.loads(resources.files("sphinx_council").joinpath("data", name).read_text("utf-8"))


@cache
def pep_index() -> dict[int, PepInfo]:
    """Every PEP in the vendored index, by number (read once per process; it never changes)."""
    return {
        int(number): PepInfo(
            number=int(number),
            title=entry["title"],
            status=entry["status"],
            type=entry["type"],
            topic=entry.get("topic") or "",
            url=entry.get("url") or PEP_URL.format(number=int(number)),
        )
        for number, entry in _read_json("peps.json").items()
    }


@cache
def index_provenance() -> str:
    """Where and when the vendored index was taken, for messages and page footers."""
    meta = _read_json("pep-status-history.json")["_meta"]
    return f"python/peps at {meta['commit'][:12]} ({meta['commit_date'][:10]})"


def pep_url(number: int) -> str:
    """The PEP's page on peps.python.org."""
    info = pep_index().get(number)
    return info.url if info else PEP_URL.format(number=number)


@dataclass(frozen=True)
class PepStatusChange:
    """One change of a PEP's ``Status:`` header, dated by the commit that made it."""

    number: int
    date: str  # ISO date of the commit, which can lag the decision itself
    status: str
    commit: str


@cache
def pep_status_history() -> dict[int, tuple[PepStatusChange, ...]]:
    """Every PEP's status changes, oldest first, from the vendored history."""
    peps = _read_json("pep-status-history.json")["peps"]
    return {
        int(number): tuple(
            PepStatusChange(int(number), change["date"], change["status"], change["commit"])
            for change in sorted(entry.get("status_history") or (), key=lambda c: c["date"])
        )
        for number, entry in peps.items()
    }


def packaging_peps() -> list[PepInfo]:
    """The PEPs of the index's ``packaging`` topic, by number."""
    return [
        info
        for number, info in sorted(pep_index().items())
        if "packaging" in (topic.strip() for topic in info.topic.split(","))
    ]
