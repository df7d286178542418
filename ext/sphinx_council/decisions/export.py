"""``decisions.json``: every record, machine-readable, in a stable, versioned shape."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

from .catalog import Catalog
from .model import DecisionRecord

SCHEMA_VERSION = 1


def record_json(record: DecisionRecord, catalog: Catalog, url: str) -> dict[str, Any]:
    """One record as JSON-ready data: ISO dates, derived "superseded_by" included."""
    decided_by = record.decided_by
    return {
        "id": record.id,
        "title": record.title,
        "kind": record.kind,
        "summary": record.summary,
        "status": record.status,
        "url": url,
        "history": [
            {
                "date": entry.date.isoformat(),
                "status": entry.status,
                "note": entry.note or None,
                "link": entry.link or None,
                "closes": entry.closes.isoformat() if entry.closes else None,
                "early": entry.early or None,
            }
            for entry in record.history
        ],
        "proposed": record.opened_on.isoformat() if record.opened_on else None,
        "decided": record.decided_on.isoformat() if record.decided_on else None,
        "decided_by": (
            {"body": decided_by.body, "name": decided_by.name or None} if decided_by else None
        ),
        "votes": {vote.member: vote.choice for vote in record.votes},
        "peps": list(record.peps),
        "supersedes": list(record.supersedes),
        "superseded_by": list(catalog.successors(record.id)),
        "areas": list(record.areas),
        "personas": [
            {"persona": p.persona, "what_changes": p.what_changes or None} for p in record.personas
        ],
        "discussion": list(record.discussion),
    }


def decisions_json(catalog: Catalog, url_for: Callable[[DecisionRecord], str]) -> str:
    """The whole ``decisions.json`` text; the same records always give the same bytes."""
    document = {
        "schema_version": SCHEMA_VERSION,
        "count": len(catalog.records),
        "decisions": [record_json(r, catalog, url_for(r)) for r in catalog.records],
    }
    return json.dumps(document, indent=2, ensure_ascii=False, sort_keys=False) + "\n"
