"""The vendored Packaging User Guide, read into a plain :class:`GuideInventory`.

Pages, labels and glossary terms come from the guide's own ``objects.inv``
(``data/pypug-objects.inv``), read with Sphinx's inventory reader as intersphinx reads it, so
every address and anchor is the one the guide's build wrote (``#generating-archives``,
``#term-pyproject.toml``), never one re-derived here. The inventory has no list of the key
projects and their links; those come from ``data/pypug-inventory.json``, taken at the same
commit. A project's anchor is its label's in the inventory; a section the guide left without a
label has the id docutils gives its title (:func:`docutils.nodes.make_id`).

Sphinx-side: ``sphinx.util.inventory`` imports docutils, so the pure modules (model, load,
checks, userguide, tools) take the result as data. The build imports this module with the
pathways extension; ``council check`` imports it only when there are pathway files to check.
"""

from __future__ import annotations

import json
from pathlib import Path

from docutils.nodes import make_id
from sphinx.util.inventory import InventoryFile

from .userguide import GUIDE_BASE, KEY_PROJECTS_DOC, GuideInventory, GuideTarget, Tool, tool_id

DATA = Path(__file__).parent.parent / "data"
OBJECTS = DATA / "pypug-objects.inv"
KEY_PROJECTS = DATA / "pypug-inventory.json"

# The last inventory read, under the path, size and modification time of both files: a
# process reads the files once, and again only if they change (a long-lived process, tests).
_last: tuple[tuple[tuple[str, int, int], ...], GuideInventory] | None = None


def guide_inventory(objects: Path = OBJECTS, key_projects: Path = KEY_PROJECTS) -> GuideInventory:
    """The guide's inventory, read from the two files (again only when either changes)."""
    global _last  # noqa: PLW0603 - one entry, keyed by what it read
    key = tuple((str(path), *_stamp(path)) for path in (objects, key_projects))
    if _last is None or _last[0] != key:
        _last = (key, read_guide_inventory(objects.read_bytes(), key_projects.read_text("utf-8")))
    return _last[1]


def _stamp(path: Path) -> tuple[int, int]:
    stat = path.stat()
    return stat.st_size, stat.st_mtime_ns


def read_guide_inventory(objects: bytes, key_projects: str) -> GuideInventory:
    """The guide's pages, labels and terms from ``objects.inv``; its key projects from JSON."""
    data = InventoryFile.loads(objects, uri=GUIDE_BASE).data
    docs = {
        name: GuideTarget(name, "", _title(name, item.display_name), item.uri)
        for name, item in data.get("std:doc", {}).items()
    }
    doc_of = {target.url: name for name, target in docs.items()}

    def place(name: str, uri: str, display_name: str) -> GuideTarget:
        page, _, anchor = uri.partition("#")
        return GuideTarget(doc_of.get(page, ""), anchor, _title(name, display_name), uri)

    labels = {n: place(n, i.uri, i.display_name) for n, i in data.get("std:label", {}).items()}
    terms = {n: place(n, i.uri, i.display_name) for n, i in data.get("std:term", {}).items()}
    projects = json.loads(key_projects)
    summaries = docs[KEY_PROJECTS_DOC].url if KEY_PROJECTS_DOC in docs else GUIDE_BASE
    tools: dict[str, Tool] = {}
    for entry in projects["key_projects"].values():
        tool = Tool(
            id=tool_id(entry["name"]),
            name=entry["name"],
            section=entry["section"],
            links=tuple((str(k), str(v)) for k, v in entry["links"].items()),
            summary_url=_project_entry(entry["name"], labels)
            or f"{summaries}#{make_id(entry['name'])}",
        )
        tools[tool.id] = tool
    meta = projects["_meta"]
    return GuideInventory(
        docs=docs,
        labels=labels,
        terms=terms,
        tools=dict(sorted(tools.items())),
        source=f"pypa/packaging.python.org at {meta['commit'][:12]} ({meta['commit_date'][:10]})",
    )


def _title(name: str, display_name: str) -> str:
    """An inventory entry's title: ``-`` stands for the name itself."""
    return name if display_name == "-" else display_name


def _project_entry(name: str, labels: dict[str, GuideTarget]) -> str:
    """The address of a project's section on the Project Summaries page: the label titled
    with its name (of two, the one spelled like its tool id, as ``setuptools`` beside
    ``easy_install``)."""
    candidates = sorted(
        label for label, t in labels.items() if t.doc == KEY_PROJECTS_DOC and t.title == name
    )
    preferred = [label for label in candidates if label == tool_id(name)]
    chosen = (preferred or candidates or [""])[0]
    return labels[chosen].url if chosen else ""
