"""The vendored PEP index and status history, read from the package (never the network)."""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Any

from ..core.text import parse_pep_date

PEP_URL = "https://peps.python.org/pep-{number:04d}/"

# Written by ``council peps refresh`` beside peps.json: where and when the index was taken.
REFRESH_RECORD = "peps-refresh.json"


@dataclass(frozen=True)
class PepInfo:
    """The headers of one PEP that the site shows."""

    number: int
    title: str
    status: str
    type: str
    topic: str
    url: str
    authors: str = ""
    created: str = ""
    resolution: str = ""
    replaces: tuple[int, ...] = ()
    superseded_by: tuple[int, ...] = ()

    @property
    def label(self) -> str:
        return f"PEP {self.number}"

    @property
    def topics(self) -> tuple[str, ...]:
        """The topics of ``topic`` ("governance, packaging" has two)."""
        return tuple(t.strip() for t in self.topic.split(",") if t.strip())

    @property
    def created_on(self) -> dt.date | None:
        """``Created:`` as a date (the index writes it as 22-Jun-2020)."""
        return parse_pep_date(self.created)


@dataclass(frozen=True)
class StatusChange:
    """One change of a PEP's ``Status:`` header, dated by the python/peps commit that made it."""

    date: dt.date
    status: str
    commit: str


@dataclass(frozen=True)
class Resolution:
    """A PEP's ``Resolution:`` header: a link, dated when the header carries a date."""

    url: str
    date: dt.date | None = None


@dataclass(frozen=True)
class PepHistory:
    """What the vendored status history knows about one PEP."""

    changes: tuple[StatusChange, ...] = ()
    delegate: str = ""
    resolution: Resolution | None = None


def pep_numbers(text: str | None) -> tuple[int, ...]:
    """The numbers in a ``Replaces:``/``Superseded-By:`` header such as ``"513, 571, 599"``."""
    return tuple(int(n) for n in re.findall(r"\d+", text or ""))


# A dated resolution is written in reST: `21-Oct-2023 <https://...>`__
_DATED_LINK = re.compile(r"`\s*(?P<date>[^<`]+?)\s*<(?P<url>[^>]+)>`_*")


def parse_resolution(text: str | None) -> Resolution | None:
    """The ``Resolution:`` header as a link and, when it has one, a date."""
    text = (text or "").strip()
    if not text:
        return None
    dated = _DATED_LINK.fullmatch(text)
    if dated:
        return Resolution(dated["url"].strip(), parse_pep_date(dated["date"]))
    return Resolution(text)


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
            authors=entry.get("authors") or "",
            created=entry.get("created") or "",
            resolution=entry.get("resolution") or "",
            replaces=pep_numbers(entry.get("replaces")),
            superseded_by=pep_numbers(entry.get("superseded_by")),
        )
        for number, entry in _read_json("peps.json").items()
    }


@cache
def pep_histories() -> dict[int, PepHistory]:
    """Every PEP's dated status changes, delegate and resolution, by number."""
    return {
        int(number): PepHistory(
            changes=tuple(
                StatusChange(dt.date.fromisoformat(c["date"]), c["status"], c.get("commit", ""))
                for c in entry.get("status_history") or ()
            ),
            delegate=entry.get("delegate") or "",
            resolution=parse_resolution(entry.get("resolution")),
        )
        for number, entry in _read_json("pep-status-history.json")["peps"].items()
    }


def pep_history(number: int) -> PepHistory:
    """The status history of one PEP (empty when the vendored history has none)."""
    return pep_histories().get(number, PepHistory())


@cache
def index_provenance() -> str:
    """Where and when the vendored index was taken, for messages and page footers."""
    meta = _read_json("pep-status-history.json")["_meta"]
    history = f"python/peps at {meta['commit'][:12]} ({meta['commit_date'][:10]})"
    refreshed = resources.files("sphinx_council").joinpath("data", REFRESH_RECORD)
    if not refreshed.is_file():
        return history
    source = json.loads(refreshed.read_text("utf-8"))
    return f"{source['url']} as of {source['retrieved']}; status history from {history}"


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
