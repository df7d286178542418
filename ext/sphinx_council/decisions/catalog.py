"""Facts derived from all records together, computed once after every record is read."""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from .model import DecisionRecord

K = TypeVar("K", str, int)


def fingerprint(value: object) -> str:
    """A stable hash of plain data (records are frozen dataclasses with a stable repr)."""
    return hashlib.sha256(repr(value).encode()).hexdigest()


def _newest_first(record: DecisionRecord) -> tuple[str, str]:
    return (str(record.listing_date or ""), record.id)


@dataclass(frozen=True)
class Catalog:
    """Every record with an id, and the relations between them, in a stable order."""

    records: tuple[DecisionRecord, ...] = ()
    superseded_by: dict[str, tuple[str, ...]] = field(default_factory=dict)
    index: dict[str, DecisionRecord] = field(default_factory=dict)
    # Sorted once here: listings, area and year pages, PEP pages and pathways all ask for it.
    by_date: tuple[DecisionRecord, ...] = ()

    @classmethod
    def build(cls, records: Iterable[DecisionRecord]) -> Catalog:
        """Index records by id; of records sharing an id, the first by source path wins."""
        by_id: dict[str, DecisionRecord] = {}
        for record in sorted(records, key=lambda r: r.source):
            if record.id:
                by_id.setdefault(record.id, record)
        ordered = tuple(sorted(by_id.values(), key=lambda r: r.id))
        superseded_by: dict[str, list[str]] = {}
        for record in ordered:
            for old in record.supersedes:
                superseded_by.setdefault(old, []).append(record.id)
        successors = {old: tuple(sorted(new)) for old, new in superseded_by.items()}
        newest = tuple(sorted(ordered, key=_newest_first, reverse=True))
        return cls(ordered, successors, by_id, newest)

    def get(self, record_id: str) -> DecisionRecord | None:
        return self.index.get(record_id)

    def successors(self, record_id: str) -> tuple[str, ...]:
        """Ids of the records that supersede this one."""
        return self.superseded_by.get(record_id, ())

    def newest_first(self) -> list[DecisionRecord]:
        """Records by the date of their outcome or latest change, newest first."""
        return list(self.by_date)

    def areas(self) -> dict[str, list[DecisionRecord]]:
        """Records of each area, newest first."""
        return _group(self.newest_first(), lambda r: r.areas)

    def years(self) -> dict[str, list[DecisionRecord]]:
        """Records of each year, newest first."""
        return _group(self.newest_first(), lambda r: (str(r.year),) if r.year else ())

    def peps(self) -> dict[int, list[DecisionRecord]]:
        """Records citing each PEP, by PEP number."""
        cited: dict[int, list[DecisionRecord]] = {}
        for record in self.newest_first():
            for number in record.peps:
                cited.setdefault(number, []).append(record)
        return dict(sorted(cited.items()))


def _group(
    records: Iterable[DecisionRecord], keys: Callable[[DecisionRecord], Iterable[K]]
) -> dict[K, list[DecisionRecord]]:
    groups: dict[K, list[DecisionRecord]] = {}
    for record in records:
        for key in keys(record):
            groups.setdefault(key, []).append(record)
    return dict(sorted(groups.items()))
