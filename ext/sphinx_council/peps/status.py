"""What a PEP's status means for the site: which citations deserve a warning and where the
index disagrees with itself. Pure Python. Whether a decision agrees with the index is the
records' rule (:mod:`sphinx_council.decisions.pepstatus`)."""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from .index import PepInfo, pep_index

# Every status PEP 1 defines (plus the one-off joke status of PEP 401).
KNOWN_STATUSES: Final = (
    "Draft",
    "Active",
    "Accepted",
    "Provisional",
    "Deferred",
    "Final",
    "Rejected",
    "Withdrawn",
    "Superseded",
    "April Fool!",
)
KNOWN_TYPES: Final = ("Standards Track", "Informational", "Process")

# Statuses that make a citation worth a second look: the PEP is not (or no longer) in force.
CAUTION_STATUSES: Final = frozenset({"Withdrawn", "Rejected", "Superseded"})

# Statuses of a PEP still in force (or still open): a replaced PEP should not have them.
IN_FORCE_STATUSES: Final = frozenset({"Draft", "Active", "Accepted", "Provisional", "Final"})

# The order of status groups on a list of PEPs: in force first, then open, then closed.
STATUS_ORDER: Final = (
    "Accepted",
    "Provisional",
    "Final",
    "Active",
    "Draft",
    "Deferred",
    "Rejected",
    "Withdrawn",
    "Superseded",
    "April Fool!",
)


def describe(info: PepInfo) -> str:
    """``PEP 621 (Storing project metadata in pyproject.toml)``."""
    return f"PEP {info.number} ({info.title})"


def status_concern(info: PepInfo, index: Mapping[int, PepInfo] | None = None) -> str | None:
    """Why citing this PEP deserves a warning (withdrawn, rejected, superseded), or None."""
    if info.status not in CAUTION_STATUSES:
        return None
    index = pep_index() if index is None else index
    message = f"{describe(info)} is {info.status}"
    successors = [index[n] for n in info.superseded_by if n in index]
    if successors:
        names = ", ".join(f"{describe(s)}, {s.status}" for s in successors)
        message += f"; it is superseded by {names}"
    elif info.superseded_by:
        message += f"; it is superseded by PEP {', '.join(map(str, info.superseded_by))}"
    return message


def index_disagreements(index: Mapping[int, PepInfo]) -> dict[int, list[str]]:
    """Notes for PEPs whose ``Replaces``/``Superseded-By`` headers disagree with each other.

    The index is shown as it is; these notes tell the reader where it contradicts itself
    instead of this site picking a side.
    """
    notes: dict[int, list[str]] = {}

    def note(message: str, *numbers: int) -> None:
        for number in numbers:
            notes.setdefault(number, []).append(message)

    for new in sorted(index.values(), key=lambda i: i.number):
        for number in new.replaces:
            old = index.get(number)
            if old is None:
                note(f"PEP {new.number} says it replaces PEP {number}, which is not in the index.")
                continue
            names_it = new.number in old.superseded_by
            if names_it and old.status not in IN_FORCE_STATUSES:
                continue
            said = (
                f"is still {old.status}"
                if names_it
                else f"is {old.status} and does not name PEP {new.number} as its successor"
            )
            note(
                f"The index says PEP {new.number} replaces PEP {old.number}, but "
                f"PEP {old.number} {said}.",
                new.number,
                old.number,
            )
        for number in new.superseded_by:
            newer = index.get(number)
            if newer is not None and new.number not in newer.replaces:
                note(
                    f"The index says PEP {new.number} is superseded by PEP {number}, but "
                    f"PEP {number} does not list PEP {new.number} in its Replaces header.",
                    new.number,
                    number,
                )
    return notes


REQUIRED_FIELDS: Final[dict[str, tuple[type, ...]]] = {
    "number": (int,),
    "title": (str,),
    "authors": (str,),
    "status": (str,),
    "type": (str,),
    "topic": (str,),
    "created": (str,),
    "resolution": (str, type(None)),
    "replaces": (str, type(None)),
    "superseded_by": (str, type(None)),
    "url": (str,),
}


def index_shape_problems(data: Any, previous: Sequence[int] = ()) -> list[str]:
    """Why ``data`` cannot replace the vendored PEP index (empty when it can).

    ``previous`` are the numbers of the index it would replace: PEPs are never deleted, so an
    index that lacks some of them is a partial or broken copy.
    """
    if not isinstance(data, dict) or not data:
        return ["the index is not a JSON object of PEPs keyed by number"]
    problems: list[str] = []
    for key, entry in data.items():
        problems.extend(_entry_problems(key, entry))
    numbers = {int(k) for k in data if isinstance(k, str) and k.isdigit()}
    missing = sorted(set(previous) - numbers)
    if missing:
        shown = ", ".join(map(str, missing[:10])) + (" ..." if len(missing) > 10 else "")
        problems.append(
            f"{len(missing)} PEP(s) in the vendored index are missing ({shown}); "
            "PEPs are never removed, so this looks like a partial index"
        )
    return problems


def _entry_problems(key: object, entry: object) -> Iterator[str]:
    where = f"PEP {key!r}"
    if not isinstance(key, str) or not key.isdigit():
        yield f"{where}: the key is not a PEP number"
        return
    if not isinstance(entry, dict):
        yield f"{where}: expected an object of PEP headers"
        return
    for name, types in REQUIRED_FIELDS.items():
        if name not in entry:
            yield f"{where}: missing field {name!r}"
        elif not isinstance(entry[name], types) or isinstance(entry[name], bool):
            yield f"{where}: field {name!r} has the wrong type ({type(entry[name]).__name__})"
    if isinstance(entry.get("number"), int) and entry["number"] != int(key):
        yield f"{where}: number is {entry['number']}, not {int(key)}"
    if isinstance(entry.get("status"), str) and entry["status"] not in KNOWN_STATUSES:
        yield f"{where}: unknown status {entry['status']!r}"
    if isinstance(entry.get("type"), str) and entry["type"] not in KNOWN_TYPES:
        yield f"{where}: unknown type {entry['type']!r}"
    if isinstance(entry.get("title"), str) and not entry["title"].strip():
        yield f"{where}: empty title"
    url = entry.get("url")
    if isinstance(url, str) and not url.startswith("https://"):
        yield f"{where}: url {url!r} is not an https: link"
