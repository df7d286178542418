"""Every pathway rule, on bad input: the message, the file and the line (no Sphinx needed)."""

from __future__ import annotations

import datetime as dt
import subprocess
import sys
from pathlib import Path

import pytest

from conftest import ROOTS
from sphinx_council.cli.new_pathway import vendored_guide
from sphinx_council.core.problems import Check
from sphinx_council.decisions.project import check_project
from sphinx_council.pathways.checks import check_pathways, pathway_set_problems
from sphinx_council.pathways.inventory import guide_inventory
from sphinx_council.pathways.load import READERS, load_pathway
from sphinx_council.pathways.model import (
    PATHWAY_FIELDS,
    FieldSpec,
    Pathway,
)
from sphinx_council.pathways.userguide import readable_title

SOURCE = "pathways/first-steps.yaml"
VALID = (ROOTS / "test-pathways" / "pathways" / "first-steps.yaml").read_text("utf-8")
OTHER = (ROOTS / "test-pathways" / "pathways" / "publishing.yaml").read_text("utf-8")
REPO = Path(__file__).parent.parent
GUIDE = guide_inventory()


def edited(old: str, new: str, text: str = VALID) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def problems_of(text: str) -> list[tuple[int, str, Check]]:
    _, problems = load_pathway(SOURCE, text, GUIDE, stem="first-steps")
    return [(p.line, p.text, p.check) for p in problems]


def loaded(text: str, source: str = SOURCE) -> Pathway:
    pathway, problems = load_pathway(source, text, GUIDE)
    assert problems == []
    assert pathway is not None
    return pathway


def test_the_valid_pathway_loads_completely() -> None:
    pathway = loaded(VALID)
    assert pathway.id == "first-steps"
    assert [s.id for s in pathway.steps] == ["install", "add", "run"]
    assert pathway.minutes == 30
    assert pathway.default_tools == ("uv",)
    assert pathway.steps[1].peps == (723,)
    assert pathway.steps[0].tools == ("uv", "pip")
    assert pathway.review_due == dt.date(2027, 12, 1)
    assert pathway.changes[0].summary == "First written."


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        (
            "    why: Dependencies belong in the project.\n",
            "",
            (
                40,
                "steps[1].why: missing required field; add 'why:' "
                "(Why this step matters; the reason comes before the instructions.)",
                Check.FIELD,
            ),
        ),
        (
            "level: beginner\n",
            "",
            (
                1,
                "level: missing required field; add 'level:' "
                "(How much experience the pathway assumes.)",
                Check.FIELD,
            ),
        ),
        (
            "    minutes: 15\n",
            "    minutes: fifteen\n",
            (43, "steps[1].minutes: expected a whole number above 0, got 'fifteen'", Check.TYPE),
        ),
        (
            "level: beginner",
            "level: beginer",
            (
                10,
                "level: 'beginer' is not one of beginner, intermediate, advanced "
                "(did you mean 'beginner'?)",
                Check.VALUE,
            ),
        ),
        (
            "persona: newcomer",
            "persona: newbie",
            (
                3,
                "persona: 'newbie' is not one of newcomer, package-user, data-scientist, "
                "publisher, maintainer, app-developer, redistributor, "
                "coming-from-other-ecosystems",
                Check.VALUE,
            ),
        ),
        (
            "      - pep: 723\n",
            "      - pep: 9999\n",
            (48, "steps[1].resources[0].pep: PEP 9999 is not in the vendored PEP index", Check.PEP),
        ),
        (
            "      default: uv\n",
            "      default: uvv\n",
            (
                27,
                "steps[0].choice.default: 'uvv' is not a tool of the tool list "
                "(the guide's key projects) (did you mean 'uv'?)",
                Check.TOOL,
            ),
        ),
        (
            "        - tool: pip\n",
            "        - tool: pipenvy\n",
            (
                30,
                "steps[0].choice.alternatives[0].tool: 'pipenvy' is not a tool of the tool "
                "list (the guide's key projects) (did you mean 'pipenv'?)",
                Check.TOOL,
            ),
        ),
        (
            "      - guide: tutorials/installing-packages\n",
            "      - guide: tutorials/installing-package\n",
            (
                38,
                "steps[0].resources[0].guide: 'tutorials/installing-package' is not a page or "
                "label of the Packaging User Guide (did you mean 'tutorials/installing-packages'?)",
                Check.GUIDE,
            ),
        ),
        (
            "      - term: Virtual Environment\n",
            "      - term: Virtual Env\n",
            (
                39,
                "steps[0].resources[1].term: 'Virtual Env' is not a term of the guide's "
                "glossary (did you mean 'Virtual Environment'?)",
                Check.GUIDE,
            ),
        ),
        (
            "      - term: Virtual Environment\n",
            "      - url: https://packaging.python.org/en/latest/tutorials/installing-packages.html\n"
            "        title: Installing\n",
            (
                39,
                "steps[0].resources[1].url: 'https://packaging.python.org/en/latest/tutorials/"
                "installing-packages.html' ends in .html, but the guide is built with dirhtml; "
                "write https://packaging.python.org/en/latest/tutorials/installing-packages/",
                Check.GUIDE,
            ),
        ),
        (
            "      - term: Virtual Environment\n",
            "      - url: https://packaging.python.org/en/latest/guides/tool-recommendations/#nope\n"
            "        title: Tools\n",
            (
                39,
                "steps[0].resources[1].url: the guide's page 'guides/tool-recommendations' has "
                "no label #nope",
                Check.GUIDE,
            ),
        ),
        (
            "      - term: Virtual Environment\n",
            "      - url: https://packaging.python.org/en/stable/\n        title: Guide\n",
            (
                39,
                "steps[0].resources[1].url: 'https://packaging.python.org/en/stable/' is not "
                "under https://packaging.python.org/en/latest/; link to the latest guide",
                Check.GUIDE,
            ),
        ),
        (
            "      - term: Virtual Environment\n",
            "      - url: ftp://example.org/x\n        title: FTP\n",
            (
                39,
                "steps[0].resources[1].url: 'ftp://example.org/x' is not an https: link; "
                "only https: (and http:) URLs are accepted",
                Check.LINK,
            ),
        ),
        (
            "      - term: Virtual Environment\n",
            "      - url: https://example.org/x\n",
            (
                39,
                "steps[0].resources[1].title: missing; a url resource needs link text",
                Check.FIELD,
            ),
        ),
        (
            "      - term: Virtual Environment\n",
            "      - term: Virtual Environment\n        pep: 405\n",
            (
                39,
                "steps[0].resources[1]: names term and pep; give one link per resource",
                Check.FIELD,
            ),
        ),
        (
            "  - id: run\n",
            "  - id: add\n",
            (
                50,
                "steps[2].id: 'add' is already the id of the step on line 40; "
                "give each step its own id",
                Check.DUPLICATE,
            ),
        ),
        (
            "id: first-steps",
            "id: first-step",
            (
                1,
                "id: 'first-step' differs from the file name 'first-steps'; rename one so "
                "they match",
                Check.VALUE,
            ),
        ),
        (
            "    do: Run `uv add httpx`.",
            "    do: Run `uv add httpx.",
            (
                44,
                "steps[1].do: has an unpaired backtick; put code between two backticks, "
                "like `uv sync`",
                Check.VALUE,
            ),
        ),
        (
            "reviewed: 2027-06-01",
            "reviewed: 1 June 2027",
            (
                16,
                "reviewed: '1 June 2027' is not a date; write it as YYYY-MM-DD, e.g. 2026-04-16",
                Check.DATE,
            ),
        ),
        (
            "  - You are new to Python packaging.",
            "  - [You are new]",
            (6, "for_you_if[0]: expected text, got a list", Check.TYPE),
        ),
        (
            "    pathway: publishing",
            "    pathway: Publishing Guide",
            (
                9,
                "go_elsewhere[0].pathway: 'Publishing Guide' is not a valid id; use lowercase "
                "words joined by hyphens",
                Check.VALUE,
            ),
        ),
    ],
    ids=lambda value: value[1].split(":")[0] if isinstance(value, tuple) else None,
)
def test_each_field_rule_names_the_line_and_what_to_change(
    old: str, new: str, expected: tuple[int, str, Check]
) -> None:
    assert problems_of(edited(old, new)) == [expected]


def test_a_misspelt_field_is_unknown_and_the_real_one_missing() -> None:
    assert problems_of(edited("outcomes:", "outcome:")) == [
        (
            1,
            "outcomes: missing required field; add 'outcomes:' (What you can do at the end.)",
            Check.FIELD,
        ),
        (14, "outcome: unknown field 'outcome' (did you mean 'outcomes'?)", Check.FIELD),
    ]


def test_every_problem_is_reported_at_once() -> None:
    text = edited(
        "level: beginner", "level: expert", edited("      - pep: 723\n", "      - pep: 9999\n")
    )
    text = edited("    why: One tool saves learning four.\n", "", text)
    found = problems_of(text)
    assert [(line, check) for line, _, check in found] == [
        (10, Check.VALUE),
        (22, Check.FIELD),
        (47, Check.PEP),
    ]


def test_yaml_syntax_errors_are_located() -> None:
    assert problems_of(edited("title: First steps with packages", "title: [unclosed")) == [
        (
            3,
            "YAML syntax error: while parsing a flow sequence (started on line 2) "
            "did not find expected ',' or ']'",
            Check.YAML,
        )
    ]


def test_an_empty_file_says_how_to_start() -> None:
    assert problems_of("") == [
        (1, "the file is empty; run 'council new-pathway' for a start", Check.YAML)
    ]


def test_guide_links_resolve_like_intersphinx_for_a_dirhtml_site() -> None:
    guide = guide_inventory()
    label = guide.resolve("trusted-publishing")
    assert label is not None
    assert label.url == (
        "https://packaging.python.org/en/latest/guides/publishing-package-distribution-"
        "releases-using-github-actions-ci-cd-workflows/#trusted-publishing"
    )
    assert guide.docs["index"].url == "https://packaging.python.org/en/latest/"
    assert guide.docs["guides/index"].url == "https://packaging.python.org/en/latest/guides/"
    term = guide.term("wheel")
    assert term is not None and term.url.endswith("/glossary/#term-Wheel")
    assert guide.tools["setuptools"].name == "Setuptools"
    assert guide.tools["setuptools"].summary_url.endswith("/key_projects/#setuptools")
    assert readable_title("``license`` and :file:`LICENSE`") == "`license` and `LICENSE`"


def test_every_field_is_declared_with_a_type_for_schemas() -> None:
    def walk(specs: tuple[FieldSpec, ...]) -> list[FieldSpec]:
        found = list(specs)
        for spec in specs:
            nested = spec.items.fields if spec.items else spec.fields
            found += walk(nested)
        return found

    kinds = {spec.type for spec in walk(PATHWAY_FIELDS)}
    assert kinds <= {"text", "integer", "date", "link", "choice", "persona", "id", "list",
                     "mapping", "pep", "tool", "guide", "term"}  # fmt: skip
    step = next(s for s in PATHWAY_FIELDS if s.name == "steps").items
    assert step is not None
    assert [f.name for f in step.fields if f.required] == ["id", "title", "why", "minutes"]


def test_the_bundled_pathways_pass_every_check() -> None:
    ids = [record.id for record in check_project(REPO / "decisions", None).records]
    assert "PC-0001" in ids
    pathways, problems = check_pathways(
        REPO / "pathways", ids, dt.date(2026, 11, 21), guide=vendored_guide
    )
    assert problems == []
    assert sorted(p.persona for p in pathways) == sorted(
        [
            "newcomer",
            "package-user",
            "data-scientist",
            "publisher",
            "maintainer",
            "app-developer",
            "redistributor",
            "coming-from-other-ecosystems",
        ]
    )
    assert all(step.why for pathway in pathways for step in pathway.steps)


def test_pathway_rule_modules_do_not_import_sphinx_or_docutils() -> None:
    code = (
        "import sys; sys.modules['sphinx'] = None; sys.modules['docutils'] = None\n"
        "import sphinx_council.pathways.checks, sphinx_council.cli.new_pathway\n"
        "import sphinx_council.pathways.userguide, sphinx_council.pathways.tools\n"
        "import sphinx_council.pathways.load, sphinx_council.pathways.model\n"
        "print('ok')"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], check=False, capture_output=True, text=True
    )
    assert result.stdout.strip() == "ok", result.stderr


def declared_types(specs: tuple[FieldSpec, ...]) -> set[str]:
    """Every field type the declarations name, nested lists and mappings included."""
    found: set[str] = set()
    for spec in specs:
        found.add(spec.type)
        found |= declared_types(spec.fields)
        if spec.items is not None:
            found |= declared_types((spec.items,))
    return found


def test_every_declared_field_type_has_a_reader_and_every_reader_a_type() -> None:
    assert declared_types(PATHWAY_FIELDS) == set(READERS)


LICENCE_STEP = """\
  - id: licence
    title: State the licence
    why: Readers need to know what they may do with it.
    minutes: 5
    do: Write `license = "MIT"` in [project].
"""


@pytest.mark.parametrize(
    ("requires", "message"),
    [
        (
            '["hatchling"]',
            "'hatchling' has no lower bound, but hatchling reads a licence expression (PEP 639, "
            "taught at line 30, steps[1].do) only from 1.26: require 'hatchling>=1.26'",
        ),
        (
            '["setuptools>=61", "wheel"]',
            "'setuptools>=61' admits 61, but setuptools reads a licence expression (PEP 639, "
            "taught at line 30, steps[1].do) only from 77.0.3: require 'setuptools>=77.0.3'",
        ),
        (
            "['flit_core >=3.2,<4']",
            "'flit_core >=3.2,<4' admits 3.2, but flit_core reads a licence expression (PEP 639, "
            "taught at line 30, steps[1].do) only from 3.12: require 'flit_core>=3.12'",
        ),
    ],
)
def test_a_licence_expression_needs_a_backend_that_reads_it(requires: str, message: str) -> None:
    text = edited(
        "      - pep: 517\n",
        f"      - pep: 517\n    commands:\n      - run: echo 'requires = {requires}'\n"
        f"{LICENCE_STEP}",
        OTHER,
    )
    pathway = loaded(text, "pathways/publishing.yaml")
    problems = pathway_set_problems([pathway, loaded(VALID)], None, None)
    assert [(p.line, p.field, p.message, p.check) for p in problems] == [
        (29, "steps[0].commands[0].run", message, Check.PATHWAY)
    ]


@pytest.mark.parametrize(
    "requires",
    ['["hatchling>=1.26"]', '["setuptools>=77.0.3"]', '["flit_core>=3.12,<4"]', '["pdm-backend"]'],
)
def test_a_backend_new_enough_or_no_licence_expression_is_fine(requires: str) -> None:
    with_licence = edited(
        "      - pep: 517\n",
        f"      - pep: 517\n    commands:\n      - run: echo 'requires = {requires}'\n"
        f"{LICENCE_STEP}",
        OTHER,
    )
    without = edited(
        "      - pep: 517\n", "      - pep: 517\n    do: 'requires = [\"hatchling\"]'\n", OTHER
    )
    for text in (with_licence, without):
        pathway = loaded(text, "pathways/publishing.yaml")
        assert list(pathway_set_problems([pathway, loaded(VALID)], None, None)) == []
