"""The Packaging User Guide, offline: which pages, labels, glossary terms and key projects exist.

Plain data only. :mod:`sphinx_council.pathways.inventory` fills a :class:`GuideInventory` from
the guide's own ``objects.inv`` (real addresses and anchors, as intersphinx reads them) and the
key projects list; this module checks pathway links against it without Sphinx or docutils, so
``council check`` and the build apply the same rules.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from urllib.parse import urlsplit

GUIDE_BASE = "https://packaging.python.org/en/latest/"
GUIDE_HOST = "packaging.python.org"
KEY_PROJECTS_DOC = "key_projects"
GLOSSARY_DOC = "glossary"


@dataclass(frozen=True)
class GuideTarget:
    """A place in the guide: a page, an anchor on it (empty for the page), its title and
    address, the last two as the guide's inventory gives them."""

    doc: str
    anchor: str
    title: str
    url: str


@dataclass(frozen=True)
class Tool:
    """One project of the guide's "Project Summaries" list."""

    id: str
    name: str
    section: str
    links: tuple[tuple[str, str], ...]
    summary_url: str  # its entry in the guide's Project Summaries

    @property
    def home(self) -> str:
        """Its documentation, else its first https: link, else its guide entry."""
        links = dict(self.links)
        for name in ("Docs", "Website", "GitHub", "Source", "GitHub and docs"):
            if links.get(name, "").startswith("https://"):
                return links[name]
        secure = [url for _, url in self.links if url.startswith("https://")]
        return secure[0] if secure else self.summary_url


def readable_title(title: str) -> str:
    """A title from the guide's reStructuredText as pathway text: ``:file:`x``` and ````x````
    become `x` (code, in the pathways' backtick convention)."""
    title = re.sub(r":[a-z:]+:`([^`]*)`", r"``\1``", title)
    return title.replace("``", "`")


def tool_id(name: str) -> str:
    """``Setuptools`` -> ``setuptools``, ``PyPI Cloud`` -> ``pypi-cloud``."""
    return "-".join(name.lower().split())


def suggest(value: str, choices: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest choice, or nothing."""
    close = difflib.get_close_matches(value, list(choices), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


@dataclass(frozen=True)
class GuideInventory:
    """The guide's pages, labels and glossary terms by name, and its key projects by tool id."""

    docs: Mapping[str, GuideTarget]
    labels: Mapping[str, GuideTarget]
    terms: Mapping[str, GuideTarget]
    tools: Mapping[str, Tool]
    source: str

    def resolve(self, target: str) -> GuideTarget | None:
        """A page name (``tutorials/packaging-projects``), a label, or ``page#anchor``."""
        doc, _, anchor = target.strip().partition("#")
        if anchor:
            return self._anchored(doc.strip("/") or "index", anchor)
        return self.docs.get(doc) or self.labels.get(doc)

    def term(self, name: str) -> GuideTarget | None:
        """A glossary term, matched case-insensitively (as Sphinx matches terms)."""
        wanted = name.strip().lower()
        return next((t for term, t in self.terms.items() if term.lower() == wanted), None)

    def check_url(self, url: str) -> tuple[GuideTarget | None, str]:
        """Resolve an absolute link into the guide, or say why it points nowhere."""
        parts = urlsplit(url.strip())
        if not parts.path.startswith("/en/latest/"):
            return None, f"{url!r} is not under {GUIDE_BASE}; link to the latest guide"
        page = parts.path.removeprefix("/en/latest/").strip("/")
        by_path = {t.url.removeprefix(GUIDE_BASE).strip("/"): doc for doc, t in self.docs.items()}
        if page.endswith(".html"):
            stem = page.removesuffix(".html")
            doc = by_path.get(stem) or by_path.get(stem.removesuffix("index").strip("/"))
            where = self.docs[doc].url if doc else "the page's address without .html"
            return None, (
                f"{url!r} ends in .html, but the guide is built with dirhtml; write {where}"
            )
        if page not in by_path:
            return None, f"the guide has no page {page!r}{suggest(page, by_path)}"
        doc = by_path[page]
        if not parts.fragment:
            return self.docs[doc], ""
        target = self._anchored(doc, parts.fragment)
        if target is None:
            return None, (
                f"the guide's page {doc!r} has no label #{parts.fragment}"
                f"{suggest(parts.fragment, self.anchors_on(doc))}"
            )
        return target, ""

    def anchors_on(self, doc: str) -> list[str]:
        """The anchors the inventory records on a page: its labels' and its terms'."""
        return sorted({t.anchor for t in self._places() if t.doc == doc})

    def _places(self) -> Iterable[GuideTarget]:
        yield from self.labels.values()
        yield from self.terms.values()

    def _anchored(self, doc: str, anchor: str) -> GuideTarget | None:
        """The labelled place with this anchor on the page; the first label by name wins."""
        found = [t for t in self._places() if t.doc == doc and t.anchor == anchor]
        return found[0] if found else None


def is_guide_url(url: str) -> bool:
    """Whether an absolute link points into the Packaging User Guide."""
    return urlsplit(url.strip()).netloc.lower() == GUIDE_HOST
