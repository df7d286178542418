"""Decision records as pages: read each record, check it, and give it a title, panel and banner.

A record's Markdown file is a Sphinx document. Its front matter is loaded and checked by
:mod:`.checks` when the source is read, then blanked (keeping line numbers) so MyST only sees
the prose. A transform wraps the prose under the record's title with a placeholder
for the header panel, which is filled in when the page is written, once every record is known.
"""

from __future__ import annotations

import html
from collections.abc import Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.transforms import SphinxTransform
from sphinx.util import logging

from ..core.changes import changed_since
from ..core.problems import WARNING_TYPE, Problem
from ..core.sourcefiles import read_source
from ..core.yamlsource import find_front_matter
from ..peps.domain import pep_citations
from ..sphinxext.assets import Asset, link_where_used
from ..sphinxext.config import council_config, setup_config
from ..sphinxext.nodes import (
    Links,
    depart_unindexed,
    describe_page,
    unindexed,
    visit_unindexed,
)
from ..sphinxext.sources import project_root
from .catalog import Catalog
from .corpus import corpus_problems
from .domain import DecisionRefRole, DecisionsDomain, council_domain, docs_citing
from .load import load_decision
from .model import DecisionRecord
from .nodes import Crosslinks, banner, decision_panel, lead
from .pepcites import setup_pep_cites
from .record_parser import guard_record_parsing
from .roster import Roster, load_roster

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.environment import BuildEnvironment

logger = logging.getLogger(__name__)


class decision_header(nodes.General, nodes.Element):
    """Placeholder for a decision page's banner and panel, filled in at write time."""


def warn(problem: Problem, location: str | None = None) -> None:
    """Report a problem as a Sphinx warning of type ``council``."""
    logger.warning(
        problem.text,
        type=WARNING_TYPE,
        subtype=problem.check.value,
        location=location or (problem.source, problem.line),
    )


def read_record(app: Sphinx, docname: str, source: list[str]) -> None:
    """Load and check a record's front matter, then hide it from MyST."""
    config = council_config(app.config)
    if not config.is_decision(docname):
        return
    record, problems = load_decision(docname, source[0], config.rules)
    for problem in problems:
        warn(problem)
    if record is not None:
        council_domain(app.env).note_record(docname, record)
        pep_citations(app.env).note_subjects(docname, tuple(record.peps))
        roster = config.roster_path
        if record.votes and roster is not None:  # the panel shows members' names
            app.env.note_dependency(str(roster))
    source[0] = blank_front_matter(source[0])


# A fixed heading put where the front matter's closing line was: record prose starts at "##",
# and this keeps MyST's heading levels consistent without injecting any record text.
TITLE_MARKER = "Decision record"


def blank_front_matter(text: str) -> str:
    """The text with its front matter emptied (keeping line numbers) and a title heading."""
    front = find_front_matter(text)
    if front is None:
        return text
    lines = text.split("\n")
    return "\n" * (front.end_line - 1) + f"# {TITLE_MARKER}\n" + "\n".join(lines[front.end_line :])


class DecisionPageTransform(SphinxTransform):
    """Give a record's page its title and a placeholder for the banner and header panel."""

    default_priority = 200

    def apply(self, **kwargs: object) -> None:
        docname = self.env.docname
        config = council_config(self.config)
        if not config.is_decision(docname):
            return
        if not config.raw_html:
            self._show_raw_html_as_text()
        record = council_domain(self.env).record_for(docname)
        section = self._title_section()
        title = (record.title if record else "") or Path(docname).name
        section.children[0] = nodes.title("", title)
        section.children[0].parent = section
        section.insert(1, decision_header(docname=docname))
        marker_id = nodes.make_id(TITLE_MARKER)
        section["ids"] = [i for i in section["ids"] if i != marker_id]
        section["names"] = [n for n in section["names"] if nodes.make_id(n) != marker_id]
        if record is not None and record.id:
            section["ids"].insert(0, nodes.make_id(record.id))
        if record is not None and record.summary:
            describe_page(self.document, self.env.metadata[docname], record.summary)
        if record is not None and record.title:
            # Open Graph extensions read the title back from the page's HTML title, decoding
            # its entities once, so "&amp;" in a record title would reach readers as "&".
            self.env.metadata[docname]["og:title"] = html.escape(record.title, False)
        if not section["ids"]:
            section["ids"].append(nodes.make_id(docname))
        # Records are reached from listings, not the toctree: keeping them out of it keeps the
        # navigation sidebar small however many records there are.
        self.env.metadata[docname]["orphan"] = True

    def _show_raw_html_as_text(self) -> None:
        """Raw HTML the project does not allow (reported when the record was read) is shown as
        code, never copied into the page."""
        for raw in list(self.document.findall(nodes.raw)):
            if "html" in raw.get("format", "").split():
                inline = isinstance(raw.parent, nodes.TextElement)
                shown = nodes.literal if inline else nodes.literal_block
                raw.replace_self(shown(raw.astext(), raw.astext()))

    def _title_section(self) -> nodes.section:
        """The section of the title marker; a record without front matter gets a new one."""
        first = next(iter(self.document.findall(nodes.section)), None)
        if first is not None and first[0].astext() == TITLE_MARKER:
            return first
        section = nodes.section(ids=[nodes.make_id(self.env.docname)])
        section += nodes.title("", "")
        section.extend(self.document.children[:])
        self.document.children = []
        self.document += section
        return section


# The hook the concerns above answer with what links back to a record (pathway steps, weekly
# issues, persona pages): handler(app, record) -> Crosslinks. This concern reads none of them.
RECORD_CROSSLINKS = "council-record-crosslinks"


def fill_headers(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Replace each header placeholder with the record's banner and panel."""
    domain = council_domain(app.env)
    for placeholder in list(doctree.findall(decision_header)):
        record = domain.record_for(placeholder["docname"])
        if record is None:
            placeholder.parent.remove(placeholder)
            continue
        links = Links(app.builder, docname)
        content: list[nodes.Node] = [lead(record)]
        notice = banner(record, domain.catalog, links)
        if notice is not None:
            content.append(notice)
        crosslinks: Crosslinks = app.emit_firstresult(RECORD_CROSSLINKS, record) or Crosslinks()
        content.append(decision_panel(record, domain.catalog, domain.roster, links, crosslinks))
        placeholder.replace_self(content)


def load_council_roster(app: Sphinx) -> None:
    """Read the roster once per build; its problems are reported with the corpus checks."""
    config = council_config(app.config)
    path = config.roster_path
    roster, problems = Roster(), list[Problem]()
    if path is not None:
        text = read_source(path, problems, source=str(path), root=project_root(app.confdir))
        if text is not None:
            roster, problems = load_roster(str(path), text, config.rules.build_date)
    domain = council_domain(app.env)
    domain.data["roster"] = roster
    domain.data["roster_problems"] = problems


def check_corpus(app: Sphinx, env: BuildEnvironment) -> None:
    """Cross-record rules and roster rules, reported on every build."""
    domain = council_domain(env)
    for problem in domain.data["roster_problems"]:
        warn(problem, location=f"{problem.source}:{problem.line}")
    records = list(domain.records.values())
    for problem in corpus_problems(records, domain.roster, domain.catalog):
        warn(problem)


def refresh_catalog(app: Sphinx, env: BuildEnvironment) -> list[str]:
    """Derive cross-record facts once all documents are read, and name the pages they change.

    A record's page shows what supersedes it, and citing pages show its title, so those pages
    are rewritten when these facts change even though their own sources did not.
    """
    domain = council_domain(env)
    catalog = Catalog.build(domain.records.values())
    domain.data["catalog"] = catalog
    facts: dict[str, object] = {
        f"panel:{r.source}": _panel_facts(r, catalog) for r in catalog.records
    }
    facts |= {f"title:{r.id}": (r.title, r.source) for r in catalog.records}
    changed = changed_since(domain.data, "fingerprints", facts)
    outdated = {key.removeprefix("panel:") for key in changed if key.startswith("panel:")}
    outdated |= docs_citing(domain, (k.removeprefix("title:") for k in changed if "title:" in k))
    return sorted(outdated & env.found_docs)


def _panel_facts(record: DecisionRecord, catalog: Catalog) -> Iterable[object]:
    related = [*record.supersedes, *catalog.successors(record.id)]
    return [
        catalog.successors(record.id),
        [(r.id, r.title) for r in map(catalog.get, related) if r],
    ]


def setup_pages(app: Sphinx) -> None:
    setup_config(app)
    app.add_domain(DecisionsDomain)
    app.add_role("decision", DecisionRefRole(innernodeclass=nodes.inline))
    app.add_node(decision_header)
    app.add_node(unindexed, html=(visit_unindexed, depart_unindexed))
    app.add_transform(DecisionPageTransform)
    app.connect("builder-inited", load_council_roster)
    app.connect("builder-inited", guard_record_parsing)
    app.connect("source-read", read_record)
    app.connect("env-updated", refresh_catalog)
    app.connect("env-check-consistency", check_corpus)
    app.connect("doctree-resolved", fill_headers)
    app.add_event(RECORD_CROSSLINKS)
    setup_pep_cites(app)
    # The script is the decision index's filter form.
    link_where_used(app, Asset("council.css", "council.js", ("council-decision-index",)))
