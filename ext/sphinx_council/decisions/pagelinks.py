"""What every page family shows of a record: a link to its page, to its area and year pages,
and its status badge. Built from :mod:`sphinx_council.sphinxext.nodes`' generic parts."""

from __future__ import annotations

from docutils import nodes

from ..sphinxext.nodes import Links, link
from .lifecycle import status_label
from .model import DecisionRecord

AREA_PAGE = "decisions/area/{}"
YEAR_PAGE = "decisions/year/{}"


def record_uri(links: Links, record: DecisionRecord) -> str | None:
    return links.to_doc(record.source)


def area_uri(links: Links, area: str) -> str | None:
    return links.to_doc(AREA_PAGE.format(area))


def year_uri(links: Links, year: int | str) -> str | None:
    return links.to_doc(YEAR_PAGE.format(year))


def status_badge(status: str) -> nodes.inline:
    return nodes.inline(
        "", status_label(status), classes=["council-badge", f"council-status-{status or 'unknown'}"]
    )


def record_link(
    record: DecisionRecord, links: Links, text: str | None = None
) -> nodes.reference | nodes.inline:
    return link(text or record.title or record.id, record_uri(links, record), title=record.id)


__all__ = [
    "AREA_PAGE",
    "YEAR_PAGE",
    "area_uri",
    "record_link",
    "record_uri",
    "status_badge",
    "year_uri",
]
