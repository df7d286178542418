"""The records' answer to the PEP concern's hooks: which records cite which PEPs, and the
table a PEP page lists them in. The PEP concern knows no records, so it asks
(:data:`sphinx_council.peps.pages.RECORDS_EVENT`)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from docutils import nodes

from ..peps.domain import CitingRecord
from ..peps.pages import RECORDS_EVENT, RECORDS_TABLE_EVENT
from ..sphinxext.nodes import Links
from .domain import council_domain
from .nodes import decisions_table

if TYPE_CHECKING:
    from sphinx.application import Sphinx


def citing_records(app: Sphinx) -> list[CitingRecord]:
    """Every record with an id, newest first, with the PEPs its ``peps`` field lists."""
    domain = council_domain(app.env)
    return [
        CitingRecord(r.id, r.title, r.source, tuple(r.peps), domain.digest(r))
        for r in domain.catalog.newest_first()
        if r.id
    ]


def records_table(app: Sphinx, records: list[CitingRecord], links: Links) -> nodes.Element:
    domain = council_domain(app.env)
    found = [domain.record_for(r.docname) for r in records]
    return decisions_table([r for r in found if r is not None], links)


def setup_pep_cites(app: Sphinx) -> None:
    app.connect(RECORDS_EVENT, citing_records)
    app.connect(RECORDS_TABLE_EVENT, records_table)
