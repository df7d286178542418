"""Fuzzing every reader: mutated records, pathways, news items and rosters never raise, and
every problem they get names a file and a line inside it."""

from __future__ import annotations

import re
from collections.abc import Callable

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import RECORD, ROOTS, ROSTER
from sphinx_council.core.problems import Problem
from sphinx_council.core.settings import RuleSettings
from sphinx_council.decisions.load import load_decision
from sphinx_council.decisions.roster import load_roster
from sphinx_council.newsletter.news import load_news_item, load_note
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import load_pathway

PATHWAY = (ROOTS / "test-pathways" / "pathways" / "first-steps.yaml").read_text("utf-8")
NEWS = (
    "title: The council meets\ndate: 2026-06-01\nsummary: A meeting.\nlink: https://example.org/m\n"
)
NOTE = "text: |\n  Hello.\n\n  Second paragraph.\nauthor: The editors\nwritten: 2026-04-20\n"
GUIDE = guide_inventory()

# Pieces an attacker or a careless contributor would put into a file.
HOSTILE = st.sampled_from(
    [
        "\x00",
        "\x1b[2J",
        "\x07",
        "\u202e",
        "\u200b",
        "\u2028",
        "\x0c",
        "\ufeff",
        "\r",
        "&a ",
        "*a",
        "[",
        "]",
        "{",
        "}",
        ": ",
        "- ",
        "\n",
        "\n  ",
        "---\n",
        "https://[x/",
        "https://@/",
        "! ",
        "!!python/object:os.system ",
        "%YAML 1.1\n",
        "'",
        '"',
        "#",
        "9999-12-31",
        "2026-W99",
        "\uff11",
        "../",
        "&a [*a]",
        "?",
        "|",
        ">",
    ]
)


def mutation() -> st.SearchStrategy[tuple[float, str, int]]:
    """Where to cut (a fraction of the text), what to insert, how much to delete."""
    return st.tuples(st.floats(0, 1), st.one_of(HOSTILE, st.text(max_size=8)), st.integers(0, 12))


def mutate(text: str, edits: list[tuple[float, str, int]]) -> str:
    for where, insert, delete in edits:
        at = int(where * len(text))
        text = text[:at] + insert + text[at + delete :]
    return text


def assert_located(text: str, source: str, problems: list[Problem]) -> None:
    # Records are read as Sphinx reads documents, where a lone CR is a line break too.
    last = len(re.split(r"\r\n|\r|\n", text))
    for problem in problems:
        assert problem.source == source
        assert 1 <= problem.line <= last, (str(problem), last)
        assert problem.message


FUZZ = settings(max_examples=700, deadline=None, suppress_health_check=[HealthCheck.too_slow])
EDITS = st.lists(mutation(), min_size=1, max_size=4)


def fuzz(base: str, load: Callable[[str], list[Problem]], source: str) -> Callable[..., None]:
    @FUZZ
    @given(EDITS)
    def run(edits: list[tuple[float, str, int]]) -> None:
        text = mutate(base, edits)
        assert_located(text, source, load(text))

    return run


def test_fuzzed_records() -> None:
    fuzz(RECORD, lambda t: load_decision("r.md", t, RuleSettings())[1], "r.md")()


def test_fuzzed_pathways() -> None:
    fuzz(PATHWAY, lambda t: load_pathway("p.yaml", t, GUIDE, stem="first-steps")[1], "p.yaml")()


def test_fuzzed_news_items_and_notes() -> None:
    fuzz(NEWS, lambda t: load_news_item("n.yaml", "n", t, RuleSettings())[1], "n.yaml")()
    fuzz(NOTE, lambda t: load_note("n.yaml", "2026-W16", t)[1], "n.yaml")()


def test_fuzzed_rosters() -> None:
    fuzz(ROSTER, lambda t: load_roster("roster.yaml", t)[1], "roster.yaml")()
