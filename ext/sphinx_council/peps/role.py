"""The ``{pep}`` role: a link to the PEP with its title and status, and ``council.pep``
warnings when the index has no such PEP or the PEP is Withdrawn, Rejected or Superseded.

:func:`pep_reference` builds the role's node for other extensions (pathway steps): a link with
the PEP's title and status on hover and a status marker with text.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from docutils import nodes
from sphinx.util import logging
from sphinx.util.docutils import SphinxRole
from sphinx.util.nodes import split_explicit_title

from ..core.problems import WARNING_TYPE, Check
from ..core.text import plain_title
from ..sphinxext.nodes import html_text, link, title_nodes
from .domain import pep_citations
from .index import PepInfo, index_provenance, pep_index, pep_url
from .source import note_index_dependency
from .status import status_concern

if TYPE_CHECKING:
    from sphinx.application import Sphinx
    from sphinx.config import Config

logger = logging.getLogger(__name__)

SEVERITIES = ("warn", "info", "ignore")
PEP_CLASS = "council-pep-ref"


def pep_reference(
    number: int, *, text: str = "", anchor: str = "", refuri: str = "", with_title: bool = True
) -> nodes.inline:
    """A link to a PEP showing its title, with title and status on hover and a status marker.

    ``refuri`` overrides the target (peps.python.org, plus ``#anchor``); ``text`` replaces the
    shown "PEP 621: title".
    """
    info = pep_index().get(number)
    shown: list[nodes.Node] = [nodes.Text(text or f"PEP {number}")]
    if info and with_title and not text:
        shown = [nodes.Text(f"PEP {number}: "), *title_nodes(info.title)]
    target = refuri or pep_url(number) + (f"#{anchor}" if anchor else "")
    hover = pep_hover(number)
    internal = not target.startswith(("https:", "http:"))
    reference = nodes.reference("", "", *shown, refuri=target, reftitle=hover, internal=internal)
    wrapper = nodes.inline("", "", classes=[PEP_CLASS], pep=number)
    wrapper += reference
    wrapper += nodes.Text(" ")
    wrapper += status_marker(info.status if info else "")
    return wrapper


def pep_reference_html(number: int, refuri: str, extra_class: str) -> str:
    """``pep_reference(number, refuri=refuri, with_title=False)`` as HTML, with
    ``extra_class`` on its wrapper: for tables too long to build node by node."""
    info = pep_index().get(number)
    target = refuri or pep_url(number)
    hover = pep_hover(number)
    kind = "external" if target.startswith(("https:", "http:")) else "internal"
    status = info.status if info else ""
    slug = status_slug(status)
    return (
        f'<span class="{PEP_CLASS} {extra_class}"><a class="reference {kind}" '
        f'href="{html_text(target)}" title="{html_text(hover)}">PEP {number}</a> '
        f'<span class="council-pep-status council-pep-status-{slug}">'
        f'<span class="visually-hidden">PEP status: </span>'
        f"{html_text(status or 'not in the index')}</span></span>"
    )


def status_marker(status: str) -> nodes.inline:
    """The PEP's status as a small labelled marker: words, not colour alone."""
    slug = status_slug(status)
    marker = nodes.inline("", "", classes=["council-pep-status", f"council-pep-status-{slug}"])
    marker += nodes.inline("", "PEP status: ", classes=["visually-hidden"])
    marker += nodes.Text(status or "not in the index")
    return marker


def status_slug(status: str) -> str:
    """A PEP status as a class name part: "Final" -> "final", "" -> "unknown"."""
    return re.sub(r"[^a-z]+", "-", status.lower()).strip("-") or "unknown"


def pep_hover(number: int) -> str:
    """What a PEP link says on hover: number, title and status, or why it leads nowhere."""
    info = pep_index().get(number)
    if info is None:
        return unknown_pep(number)
    return f"PEP {number}: {plain_title(info.title)} ({info.status})"


def unknown_pep(number: int) -> str:
    return f"PEP {number} is not in the PEP index ({index_provenance()})"


def pep_link_title(number: int) -> str:
    """A plain PEP link's hover text: title and status ("" for a PEP not in the index)."""
    info = pep_index().get(number)
    return f"{plain_title(info.title)} ({info.status})" if info else ""


def pep_link(number: int) -> nodes.reference:
    """A plain link to the PEP on peps.python.org (PEP pages upgrade it where they exist)."""
    return link(f"PEP {number}", pep_url(number), "council-pep", title=pep_link_title(number))


class PepRole(SphinxRole):
    """``{pep}`621```, ``{pep}`621#specification```, ``{pep}`the metadata PEP <621>```."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        explicit, title, target = split_explicit_title(self.text)
        number_text, _, anchor = target.strip().partition("#")
        if not number_text.strip().isdigit():
            self._warn(f"{{pep}}: {target!r} is not a PEP number; write e.g. 621 or 621#anchor")
            return [nodes.Text(self.text)], []
        number = int(number_text)
        note_index_dependency(self.env)
        info = pep_index().get(number)
        if info is None:
            self._warn(f"{{pep}}: {unknown_pep(number)}")
        elif not self._is_subject(number):
            self._status_warning(info)
        node = pep_reference(number, text=title if explicit else "", anchor=anchor.strip())
        node["from_role"] = True  # noted as a citation once the doctree is read
        self.set_source_info(node)
        return [node], []

    def _is_subject(self, number: int) -> bool:
        """A record that is about this PEP (its ``peps`` field) cites it knowingly."""
        return pep_citations(self.env).is_subject(self.env.docname, number)

    def _status_warning(self, info: PepInfo) -> None:
        concern = status_concern(info)
        severity = self.config.council_pep_status_warnings
        if concern is None or severity == "ignore":
            return
        message = f"{{pep}}: {concern}"
        if severity == "info":
            logger.info("%s: %s", self.get_location(), message)
        else:
            self._warn(message)

    def _warn(self, message: str) -> None:
        logger.warning(
            message, type=WARNING_TYPE, subtype=Check.PEP.value, location=self.get_location()
        )


def check_pep_config(app: Sphinx, config: Config) -> None:
    value = config.council_pep_status_warnings
    if value not in SEVERITIES:
        logger.warning(
            "conf.py: council_pep_status_warnings must be one of %s, not %r; using 'warn'",
            ", ".join(SEVERITIES),
            value,
            type=WARNING_TYPE,
            subtype=Check.CONFIG.value,
        )
        config.council_pep_status_warnings = "warn"


def setup_role(app: Sphinx) -> None:
    app.add_role("pep", PepRole(), override=True)
    app.connect("config-inited", check_pep_config)


__all__ = ["pep_reference", "status_marker"]
