"""The neutral tool list: every project of the guide's Project Summaries, grouped by what it does.

The projects and their links come from the vendored inventory; the grouping and the one-line
descriptions (``data/tool-descriptions.json``) are ours. A project new to the inventory lands in
"Other projects", without a description, until it is placed and described here, so nothing the
guide lists is ever left out.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from .userguide import Tool

# What each project mainly does; a project belongs to one group, the one a reader looks in first.
GROUPS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    (
        "workflow",
        "Project and workflow managers",
        ("uv", "hatch", "pdm", "poetry", "pipenv", "pyscaffold"),
    ),
    ("installers", "Installers", ("pip", "pipx", "ensurepip", "conda", "spack")),
    ("environments", "Virtual environments", ("venv", "virtualenv")),
    (
        "backends",
        "Build backends",
        (
            "setuptools",
            "flit",
            "maturin",
            "meson-python",
            "scikit-build-core",
            "scikit-build",
            "enscons",
        ),
    ),
    (
        "building",
        "Building, checking and uploading",
        (
            "build",
            "cibuildwheel",
            "multibuild",
            "wheel",
            "twine",
            "readme_renderer",
            "zest.releaser",
        ),
    ),
    ("locking", "Locking and bundling applications", ("pip-tools", "pex", "shiv", "pipfile")),
    (
        "indexes",
        "Package indexes, mirrors and caches",
        (
            "warehouse",
            "bandersnatch",
            "devpi",
            "pypiserver",
            "piwheels",
            "proxpi",
            "simpleindex",
            "dumb-pypi",
            "pypi-cloud",
            "pypiprivate",
            "pywharf",
            "pulp-python",
            "pip2pi",
            "flask-pypi-proxy",
            "nginx_pypi_cache",
            "http.server",
        ),
    ),
    (
        "libraries",
        "Libraries and references",
        ("packaging", "distlib", "trove-classifiers", "python-packaging-user-guide"),
    ),
    ("historical", "Historical and specialised", ("distutils", "buildout", "hashdist")),
)
OTHER = ("other", "Other projects")

DESCRIPTIONS = Path(__file__).parent.parent / "data" / "tool-descriptions.json"


@cache
def tool_descriptions(path: Path = DESCRIPTIONS) -> Mapping[str, str]:
    """What each tool does, in one line, by tool id."""
    data = json.loads(path.read_text("utf-8"))
    return {key: value for key, value in data.items() if not key.startswith("_")}


@dataclass(frozen=True)
class ToolGroup:
    """A heading of the tool list and its tools, in name order."""

    id: str
    title: str
    tools: tuple[Tool, ...]


def group_tools(tools: Iterable[Tool]) -> list[ToolGroup]:
    """Every tool under exactly one group; empty groups are left out."""
    by_id = {tool.id: tool for tool in tools}
    placed: set[str] = set()
    groups: list[ToolGroup] = []
    for group_id, title, members in GROUPS:
        found = [by_id[m] for m in members if m in by_id and m not in placed]
        placed.update(tool.id for tool in found)
        if found:
            groups.append(ToolGroup(group_id, title, tuple(sorted(found, key=_name))))
    rest = sorted((t for t in by_id.values() if t.id not in placed), key=_name)
    if rest:
        groups.append(ToolGroup(*OTHER, tuple(rest)))
    return groups


def _name(tool: Tool) -> str:
    return tool.name.lower()
