"""What each optional piece needs beyond the base install, and the one message that says which
extra of ``sphinx-council`` brings it.

The base install is what the ``{pep}`` role, decision records and the ``council`` command need.
Pathways, search and the newsletter use libraries a project that only cites PEPs should not have
to install; they come with the extras of ``pyproject.toml``, and a piece turned on without them
stops with this message rather than a traceback.
"""

from __future__ import annotations

import importlib.util
from dataclasses import dataclass


@dataclass(frozen=True)
class Extra:
    """An extra of ``sphinx-council``: its name, and each module it brings with the
    distribution that installs it."""

    name: str
    modules: tuple[tuple[str, str], ...]


PATHWAYS = Extra("pathways", (("sphinx_design", "sphinx-design"),))
SEARCH = Extra("search", (("pagefind", "pagefind[bin]"), ("pagefind_bin", "pagefind[bin]")))
NEWSLETTER = Extra(
    "newsletter",
    (("feedgen", "feedgen"), ("css_inline", "css-inline"), ("icalendar", "icalendar")),
)


def installed(module: str) -> bool:
    """Whether ``module`` can be imported (found, not loaded)."""
    try:
        return importlib.util.find_spec(module) is not None
    except (ImportError, ValueError):
        return False


def missing_message(extra: Extra, what: str) -> str | None:
    """None when everything ``extra`` brings is installed; else the one line that says what
    ``what`` needs and how to install it."""
    missing = dict.fromkeys(dist for module, dist in extra.modules if not installed(module))
    if not missing:
        return None
    names = ", ".join(missing)
    return (
        f"{what} needs {names}, which {'is' if len(missing) == 1 else 'are'} not installed: "
        f"pip install 'sphinx-council[{extra.name}]' (or sphinx-council[site] for everything "
        "the Packaging Council's site uses)"
    )
