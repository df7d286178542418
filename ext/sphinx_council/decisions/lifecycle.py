"""The lifecycle of a decision: its statuses and the transitions between them."""

from __future__ import annotations

from typing import Final

STATUSES: Final = (
    "draft",
    "proposed",
    "comment-period",
    "accepted",
    "rejected",
    "deferred",
    "withdrawn",
    "superseded",
)

INITIAL_STATUSES: Final = frozenset({"draft", "proposed"})

# Accepted decisions only leave their state by being superseded; rejected and withdrawn
# proposals come back as new records, so their states are final.
TRANSITIONS: Final[dict[str, frozenset[str]]] = {
    "draft": frozenset({"proposed", "withdrawn"}),
    "proposed": frozenset(
        {"draft", "comment-period", "accepted", "rejected", "deferred", "withdrawn"}
    ),
    "comment-period": frozenset({"proposed", "accepted", "rejected", "deferred", "withdrawn"}),
    "deferred": frozenset({"proposed", "comment-period", "withdrawn"}),
    "accepted": frozenset({"superseded"}),
    "rejected": frozenset(),
    "withdrawn": frozenset(),
    "superseded": frozenset(),
}

# Statuses that record an outcome somebody decided, so ``decided_by`` must say who.
DECIDED_STATUSES: Final = frozenset({"accepted", "rejected"})

# The order in which the decisions index lists its status groups.
INDEX_ORDER: Final = (
    "comment-period",
    "proposed",
    "draft",
    "accepted",
    "deferred",
    "rejected",
    "withdrawn",
    "superseded",
)

STATUS_LABELS: Final[dict[str, str]] = {
    "draft": "Draft",
    "proposed": "Proposed",
    "comment-period": "Open for comment",
    "accepted": "Accepted",
    "rejected": "Rejected",
    "deferred": "Deferred",
    "withdrawn": "Withdrawn",
    "superseded": "Superseded",
}


def allowed_next(status: str) -> frozenset[str]:
    """The statuses a record in ``status`` may move to."""
    return TRANSITIONS.get(status, frozenset())


def status_label(status: str) -> str:
    """A record's status as readers see it: "Open for comment" for comment-period."""
    return STATUS_LABELS.get(status, status or "Unknown")
