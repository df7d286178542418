"""The Packaging User Guide, offline: which pages, labels, glossary terms and key projects exist.

The vendored inventory (``data/pypug-inventory.json``) plays the part of an intersphinx
inventory: links into the guide are resolved and checked against it, never against the network.
The guide is built with Sphinx's ``dirhtml`` builder, so ``guides/tool-recommendations`` is
served at ``.../guides/tool-recommendations/`` and ``guides/index`` at ``.../guides/``.
"""

from __future__ import annotations

import difflib
import json
import re
import unicodedata
from dataclasses import dataclass
from functools import cache
from importlib import resources
from urllib.parse import urlsplit

GUIDE_BASE = "https://packaging.python.org/en/latest/"
GUIDE_HOST = "packaging.python.org"
KEY_PROJECTS_DOC = "key_projects"


@dataclass(frozen=True)
class GuideTarget:
    """A resolved place in the guide: a page, optionally an anchor on it, and its title."""

    doc: str
    anchor: str
    title: str

    @property
    def url(self) -> str:
        return doc_url(self.doc) + (f"#{self.anchor}" if self.anchor else "")


@dataclass(frozen=True)
class Tool:
    """One project of the guide's "Project Summaries" list."""

    id: str
    name: str
    section: str
    links: tuple[tuple[str, str], ...]
    anchor: str

    @property
    def summary_url(self) -> str:
        """Its entry in the guide's Project Summaries."""
        return doc_url(KEY_PROJECTS_DOC) + (f"#{self.anchor}" if self.anchor else "")

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


def doc_url(doc: str) -> str:
    """The dirhtml URL of a guide page."""
    if doc == "index":
        return GUIDE_BASE
    return GUIDE_BASE + doc.removesuffix("/index").removesuffix("index") + "/"


def tool_id(name: str) -> str:
    """``Setuptools`` -> ``setuptools``, ``PyPI Cloud`` -> ``pypi-cloud``."""
    return "-".join(name.lower().split())


@dataclass(frozen=True)
class GuideInventory:
    """The guide's pages (name to title), labels, glossary terms and key projects."""

    docs: dict[str, str]
    labels: dict[str, tuple[str, str]]
    terms: tuple[str, ...]
    tools: dict[str, Tool]
    source: str

    def resolve(self, target: str) -> GuideTarget | None:
        """A page name (``tutorials/packaging-projects``), a label, or ``page#label``."""
        doc, _, anchor = target.strip().partition("#")
        if anchor:
            return self._anchored(doc.strip("/") or "index", anchor)
        if doc in self.docs:
            return GuideTarget(doc, "", self.docs[doc])
        if doc in self.labels:
            label_doc, title = self.labels[doc]
            return GuideTarget(label_doc, doc, title or self.docs.get(label_doc, doc))
        return None

    def term(self, name: str) -> GuideTarget | None:
        """A glossary term, matched case-insensitively."""
        for term in self.terms:
            if term.lower() == name.strip().lower():
                return GuideTarget("glossary", make_term_id(term), term)
        return None

    def check_url(self, url: str) -> tuple[GuideTarget | None, str]:
        """Resolve an absolute link into the guide, or say why it points nowhere."""
        parts = urlsplit(url.strip())
        path = parts.path
        if not path.startswith("/en/latest/"):
            return None, f"{url!r} is not under {GUIDE_BASE}; link to the latest guide"
        page = path.removeprefix("/en/latest/").strip("/")
        if page.endswith(".html"):
            return None, (
                f"{url!r} ends in .html, but the guide is built with dirhtml; "
                f"write {doc_url(page.removesuffix('.html'))}"
            )
        doc = page or "index"
        if doc not in self.docs and f"{doc}/index" in self.docs:
            doc = f"{doc}/index"
        if doc not in self.docs:
            return None, f"the guide has no page {page!r}{self.suggest(page, self.docs)}"
        if not parts.fragment:
            return GuideTarget(doc, "", self.docs[doc]), ""
        target = self._anchored(doc, parts.fragment)
        if target is None:
            return None, (
                f"the guide's page {doc!r} has no label #{parts.fragment}"
                f"{self.suggest(parts.fragment, self.anchors_on(doc))}"
            )
        return target, ""

    def anchors_on(self, doc: str) -> list[str]:
        """Anchors the inventory knows on a page: labels, titles of labelled sections, terms."""
        anchors = [label for label, (page, _) in self.labels.items() if page == doc]
        anchors += [make_id(title) for page, title in self.labels.values() if page == doc and title]
        if doc == "glossary":
            anchors += [make_term_id(term) for term in self.terms]
        return sorted(set(anchors))

    def _anchored(self, doc: str, anchor: str) -> GuideTarget | None:
        if doc not in self.docs or anchor not in self.anchors_on(doc):
            return None
        title = self.labels[anchor][1] if anchor in self.labels else self.docs[doc]
        return GuideTarget(doc, anchor, title or self.docs[doc])

    @staticmethod
    def suggest(value: str, choices: object) -> str:
        close = difflib.get_close_matches(value, list(choices), n=1)  # type: ignore[call-overload]
        return f" (did you mean {close[0]!r}?)" if close else ""


def make_id(title: str) -> str:
    """The id docutils gives a section titled ``title`` (kept here: this module is pure)."""
    text = unicodedata.normalize("NFKD", title.lower()).encode("ascii", "ignore").decode()
    return re.sub(r"^[-0-9]+|-+$", "", re.sub(r"[^a-z0-9]+", "-", text))


def make_term_id(term: str) -> str:
    """The anchor Sphinx gives a glossary term: ``term-`` and the term, case kept."""
    words = "".join(c if c.isalnum() else " " for c in term).split()
    return "term-" + "-".join(words)


@cache
def guide_inventory() -> GuideInventory:
    """The vendored inventory, read once per process (it never changes during a build)."""
    text = resources.files("sphinx_council").joinpath("data", "pypug-inventory.json")
    data = json.loads(text.read_text("utf-8"))
    labels = {
        name: (entry["doc"], entry.get("title") or "") for name, entry in data["labels"].items()
    }
    tools: dict[str, Tool] = {}
    for entry in data["key_projects"].values():
        tool = Tool(
            id=tool_id(entry["name"]),
            name=entry["name"],
            section=entry["section"],
            links=tuple((str(k), str(v)) for k, v in entry["links"].items()),
            anchor=_project_anchor(entry["name"], labels),
        )
        tools[tool.id] = tool
    meta = data["_meta"]
    return GuideInventory(
        docs=dict(data["docs"]),
        labels=labels,
        terms=tuple(data["terms"]),
        tools=dict(sorted(tools.items())),
        source=f"pypa/packaging.python.org at {meta['commit'][:12]} ({meta['commit_date'][:10]})",
    )


def _project_anchor(name: str, labels: dict[str, tuple[str, str]]) -> str:
    """The label of a project's entry on the Project Summaries page."""
    candidates = sorted(
        label for label, (doc, title) in labels.items() if doc == KEY_PROJECTS_DOC and title == name
    )
    preferred = [label for label in candidates if label == tool_id(name)]
    return (preferred or candidates or [""])[0]


def is_guide_url(url: str) -> bool:
    """Whether an absolute link points into the Packaging User Guide."""
    return urlsplit(url.strip()).netloc.lower() == GUIDE_HOST
