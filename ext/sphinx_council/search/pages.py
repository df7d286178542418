"""Each page's facets, read from the domains that own its data (Sphinx side)."""

from __future__ import annotations

from typing import TYPE_CHECKING

from ..decisions.domain import council_domain
from ..decisions.lifecycle import STATUS_LABELS
from ..pathways.domain import pathways_domain
from ..peps.domain import pep_citations
from .facets import (
    DECISION,
    PAGE,
    PATHWAY,
    PEP,
    SearchFacets,
    page_kind,
    pep_aliases,
    pep_token,
    record_aliases,
)

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment


def facets_for(env: BuildEnvironment, pagename: str) -> SearchFacets:
    """The facets of a page: a decision, a pathway, a PEP page, a weekly issue or another page."""
    if "council" in env.domains:
        record = council_domain(env).record_for(pagename)
        if record is not None and record.id:
            return SearchFacets(
                kind=DECISION,
                status=STATUS_LABELS.get(record.status, ""),
                areas=record.areas,
                personas=tuple(impact.persona for impact in record.personas),
                year=str(record.year or ""),
                summary=record.summary,
                aliases=record_aliases(record.id),
                # A record is about the first PEP it lists.
                marks=(pep_token("decides", record.peps[0]),) if record.peps else (),
            )
    if "pathway" in env.domains:
        pathway = pathways_domain(env).pathways.get(pagename)
        if pathway is not None:
            personas = (pathway.persona,) if pathway.persona else ()
            return SearchFacets(
                kind=PATHWAY, personas=personas, summary=pathway.summary, level=pathway.level
            )
    kind, year = page_kind(pagename)
    if kind == PEP:
        return _pep_facets(pagename)
    if kind:
        return SearchFacets(kind=kind, year=year)
    if pagename in env.all_docs or pagename.startswith("decisions/"):
        return SearchFacets(kind=PAGE)
    return SearchFacets()


def _pep_facets(pagename: str) -> SearchFacets:
    # Imported here: PEP data is read only for PEP pages.
    from ..peps.index import pep_index  # noqa: PLC0415

    number = int(pagename.rsplit("-", 1)[1])
    info = pep_index().get(number)
    status = info.status if info is not None else ""
    return SearchFacets(
        kind=PEP, status=status, aliases=pep_aliases(number), marks=(pep_token("page", number),)
    )


def fallback_links(app: Sphinx) -> list[tuple[str, str]]:
    """(title, page) of the listings a reader can browse without JavaScript: the decisions
    index, the PEP list and the pathway cards, where the project has them."""
    env = app.env
    found: list[tuple[str, str]] = []
    if "council" in env.domains:
        found += _first_listing(council_domain(env).listing_docs, "index")
    if "pathway" in env.domains:
        found += _first_listing(pathways_domain(env).listing_docs, "cards")
    if "peps" in env.domains:
        found += [(doc, doc) for doc in sorted(pep_citations(env).lists)][:1]
    titles = env.titles
    return [(titles[doc].astext() if doc in titles else doc, doc) for doc, _ in found]


def _first_listing(listing_docs: dict[str, set[str]], kind: str) -> list[tuple[str, str]]:
    return [(doc, doc) for doc in sorted(listing_docs) if kind in listing_docs[doc]][:1]
