"""Whether a decision agrees with the PEP index: a record that accepts or rejects a PEP the
index says otherwise about is reported. Pure Python."""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping
from typing import Final

from ..core.problems import Check, Problem
from ..peps.index import PepInfo, pep_index
from .model import DecisionRecord

# Index statuses a decision's own status can agree with. An accepted PEP may since have been
# superseded; a rejected one may carry Withdrawn when its authors pulled it after the verdict.
AGREEING_STATUSES: Final[dict[str, frozenset[str]]] = {
    "accepted": frozenset({"Accepted", "Provisional", "Final", "Active", "Superseded"}),
    "rejected": frozenset({"Rejected", "Withdrawn"}),
}


def subject_pep(record: DecisionRecord) -> int | None:
    """The PEP a decision is about: the first one its ``peps`` field lists."""
    return record.peps[0] if record.peps else None


def decision_status_problems(
    records: Iterable[DecisionRecord], index: Mapping[int, PepInfo] | None = None
) -> Iterator[Problem]:
    """Decisions that accept or reject a PEP whose status in the index says otherwise."""
    index = pep_index() if index is None else index
    for record in records:
        number = subject_pep(record)
        agreeing = AGREEING_STATUSES.get(record.status)
        info = index.get(number) if number is not None else None
        if agreeing is None or info is None or info.status in agreeing:
            continue
        yield Problem(
            record.source,
            record.line_of("status"),
            "status",
            f"{record.status!r}, but the PEP index has PEP {info.number} as {info.status!r}; "
            "check the record's history (or refresh the index with 'council peps refresh')",
            Check.PEP,
        )


__all__ = ["AGREEING_STATUSES", "decision_status_problems", "subject_pep"]
