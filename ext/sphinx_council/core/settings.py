"""A project's council vocabulary: the ``council_*`` values records and pathways use.

This is the one place that says what a valid vocabulary is, for the build (``config-inited``)
and for every ``council`` command (which reads ``conf.py`` without building).
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping
from dataclasses import dataclass

from .plaintext import slug_problem

DEFAULT_ID_PATTERN = r"PC-\d{4}"

DEFAULT_KINDS = ("pronouncement", "delegation", "process", "election", "policy")

DEFAULT_AREAS = ("standards", "pypi", "tools", "user-guide", "governance", "community")

DEFAULT_PERSONAS = (
    "newcomer",
    "package-user",
    "data-scientist",
    "publisher",
    "maintainer",
    "app-developer",
    "redistributor",
    "coming-from-other-ecosystems",
)

VOCABULARIES = {"kinds": DEFAULT_KINDS, "areas": DEFAULT_AREAS, "personas": DEFAULT_PERSONAS}


@dataclass(frozen=True)
class RuleSettings:
    """The project-specific vocabulary records are checked against."""

    id_pattern: str = DEFAULT_ID_PATTERN
    kinds: tuple[str, ...] = DEFAULT_KINDS
    areas: tuple[str, ...] = DEFAULT_AREAS
    personas: tuple[str, ...] = DEFAULT_PERSONAS
    # Whether record prose may hold raw HTML (``council_raw_html``); refused by default.
    raw_html: bool = False
    # The date dates in records are judged against (:mod:`.clock`); None judges only the
    # earliest date. Part of the check cache's key, so a new build date reads records afresh.
    build_date: dt.date | None = None


def vocabulary_problems(values: Mapping[str, object]) -> dict[str, str]:
    """What is wrong with each ``council_*`` vocabulary value given, by option name.

    ``values`` maps option names (``council_id_pattern``, ``council_kinds``...) to what the
    configuration set; options it lacks take their defaults and are fine.
    """
    problems: dict[str, str] = {}
    pattern = values.get("council_id_pattern", DEFAULT_ID_PATTERN)
    try:
        re.compile(pattern, re.ASCII)  # type: ignore[call-overload]
    except (re.error, TypeError) as error:
        problems["council_id_pattern"] = f"is not a valid regular expression ({error})"
    for name, default in VOCABULARIES.items():
        given = values.get(f"council_{name}", default)
        if (
            not isinstance(given, list | tuple)
            or not given
            or not all(isinstance(v, str) and v for v in given)
        ):
            problems[f"council_{name}"] = "must be a non-empty list of names"
        elif (bad := next(filter(slug_problem, given), None)) is not None:
            # Vocabulary names become page and feed names: each must stay inside the output.
            problems[f"council_{name}"] = str(slug_problem(bad))
    if not isinstance(values.get("council_raw_html", False), bool):
        problems["council_raw_html"] = "must be True or False"
    return problems


def settings_from(values: Mapping[str, object]) -> RuleSettings:
    """The vocabulary of a configuration whose ``vocabulary_problems`` are none."""
    pattern = values.get("council_id_pattern", DEFAULT_ID_PATTERN)
    lists: dict[str, tuple[str, ...]] = {}
    for name, default in VOCABULARIES.items():
        given = values.get(f"council_{name}", default)
        lists[name] = tuple(given) if isinstance(given, list | tuple) else default
    raw_html = values.get("council_raw_html", False) is True
    return RuleSettings(
        str(pattern), lists["kinds"], lists["areas"], lists["personas"], raw_html=raw_html
    )
