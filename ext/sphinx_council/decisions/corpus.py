"""Rules that need every record at once: unique ids, supersession, votes, PEP numbers."""

from __future__ import annotations

from collections.abc import Iterator, Sequence

from ..core.problems import Check, Problem
from ..peps.index import index_provenance, pep_index
from .catalog import Catalog
from .model import DecisionRecord
from .pepstatus import decision_status_problems
from .roster import Roster, vote_problems


def corpus_problems(
    records: Sequence[DecisionRecord], roster: Roster | None = None, catalog: Catalog | None = None
) -> list[Problem]:
    """Every cross-record problem, in source order; ``catalog`` saves indexing the records again."""
    catalog = catalog or Catalog.build(records)
    problems = [
        *_duplicate_ids(records),
        *_supersession_problems(catalog),
        *_pep_problems(records),
        *decision_status_problems(records),
    ]
    if roster is not None:
        for record in records:
            decided_by = record.decided_by
            if decided_by is None or decided_by.body == "packaging-council":
                # Votes without decided_by still name members; the rules of PEP 772 wait for it.
                problems.extend(vote_problems(record, roster))
    return sorted(problems)


def _duplicate_ids(records: Sequence[DecisionRecord]) -> Iterator[Problem]:
    first: dict[str, DecisionRecord] = {}
    for record in sorted(records, key=lambda r: r.source):
        if not record.id:
            continue
        # Ids that differ only by case name the same page on a case-insensitive file system.
        key = record.id.casefold()
        if key in first:
            other = first[key]
            same = (
                "is already"
                if other.id == record.id
                else f"differs only by case from {other.id!r},"
            )
            yield Problem(
                record.source,
                record.line_of("id"),
                "id",
                f"{record.id!r} {same} the id of {other.source}; give this record the next free id",
                Check.DUPLICATE,
            )
        else:
            first[key] = record


def _supersession_problems(catalog: Catalog) -> Iterator[Problem]:
    for record in catalog.records:
        successors = catalog.successors(record.id)
        if not (record.supersedes or successors or record.status == "superseded"):
            continue  # most records: no link either way, and nothing that needs one
        line = record.line_of("supersedes")
        for old in record.supersedes:
            if catalog.get(old) is None and old != record.id:
                yield Problem(
                    record.source,
                    line,
                    "supersedes",
                    f"{old!r} is not the id of any record",
                    Check.SUPERSEDES,
                )
        # Only a record that both supersedes and is superseded can be on a cycle.
        cycle = _cycle_from(record.id, catalog) if successors else []
        if cycle and min(cycle) == record.id:  # report each cycle once
            yield Problem(
                record.source,
                line,
                "supersedes",
                f"{' -> '.join([*cycle, cycle[0]])} is a cycle; a record cannot be "
                "superseded by one it supersedes",
                Check.SUPERSEDES,
            )
        yield from _superseded_status_problems(record, catalog)


def _cycle_from(start: str, catalog: Catalog) -> list[str]:
    """The chain of supersedes links leading from ``start`` back to it, if any."""
    path: list[str] = []

    def visit(record_id: str) -> bool:
        if record_id == start and path:
            return True
        record = catalog.get(record_id)
        if record is None or record_id in path:
            return False
        path.append(record_id)
        if any(visit(old) for old in record.supersedes if old != record_id):
            return True
        path.pop()
        return False

    return path if visit(start) else []


def _superseded_status_problems(record: DecisionRecord, catalog: Catalog) -> Iterator[Problem]:
    """ "Superseded" and "supersedes" must agree, so neither is typed twice out of step.

    A successor that was accepted and has since been superseded itself still replaced the
    record: a chain (A superseded by B, B by C) is the history of one rule.
    """
    accepted_successors = [
        new
        for new in catalog.successors(record.id)
        if (successor := catalog.get(new)) is not None
        and successor.status in ("accepted", "superseded")
    ]
    line = record.line_of("status")
    if record.status == "superseded" and not accepted_successors:
        pending = catalog.successors(record.id)
        fix = (
            f"{', '.join(pending)}, which supersedes it, is not accepted yet; keep the earlier "
            "status until it is"
            if pending
            else f"no record lists {record.id!r} in its supersedes; add it to the newer "
            "record's supersedes"
        )
        yield Problem(record.source, line, "status", f"'superseded', but {fix}", Check.SUPERSEDES)
    elif accepted_successors and record.status not in ("superseded", ""):
        yield Problem(
            record.source,
            line,
            "status",
            f"{record.status!r}, but accepted record {', '.join(accepted_successors)} "
            f"supersedes it; add a history entry with status: superseded",
            Check.SUPERSEDES,
        )


def _pep_problems(records: Sequence[DecisionRecord]) -> Iterator[Problem]:
    known = pep_index()
    for record in records:
        for number in record.peps:
            if number not in known:
                yield Problem(
                    record.source,
                    record.line_of("peps"),
                    "peps",
                    f"PEP {number} is not in the PEP index ({index_provenance()})",
                    Check.PEP,
                )
