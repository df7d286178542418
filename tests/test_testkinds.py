"""The suite marks its own tests: what builds a site, drives a browser or installs from PyPI is
found from what it uses, the unit session leaves all of it out, and a test there that starts
Sphinx anyway fails saying what to do."""

from __future__ import annotations

import ast
import subprocess
import sys
import tomllib
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from sphinx.application import Sphinx

from buildoutputs import clean_build
from sphinx_council.decisions.load import load_decision
from testkinds import (
    NOT_A_UNIT_TEST,
    UNIT_ENV,
    builds_site,
    guard_unit_session,
    installs_packages,
    reaches,
)

REPO = Path(__file__).parent.parent
KINDS = ("build", "browser", "network")


# What tests do, as the marking sees it (never called here).
def builds_through_a_helper(work: Path) -> Path:
    return clean_build(work / "src", work / "out")


def builds_through_a_helper_of_a_helper(work: Path) -> Path:
    return builds_through_a_helper(work)


def runs_sphinx_build_itself(src: Path) -> object:
    return subprocess.run([sys.executable, "-m", "sphinx", src, src / "out"], check=False)


def builds_in_this_process(src: str) -> object:
    from sphinx.cmd.build import build_main  # noqa: PLC0415

    return build_main([src, f"{src}/out"])


def installs_from_pypi(checkout: Path) -> object:
    return subprocess.run("python -m pip install .", shell=True, cwd=checkout, check=False)


def only_reads_a_record(text: str) -> object:
    return load_decision("decisions/0001.md", text)


def runs_the_cli_in_a_process() -> object:
    return subprocess.run([sys.executable, "-m", "sphinx_council.cli", "--version"], check=False)


def builds(function: Callable[..., Any]) -> bool:
    return reaches(function, builds_site)


@pytest.mark.parametrize(
    "function",
    [
        builds_through_a_helper,
        builds_through_a_helper_of_a_helper,
        runs_sphinx_build_itself,
        builds_in_this_process,
    ],
)
def test_a_function_that_reaches_a_build_builds(function: Callable[..., Any]) -> None:
    assert builds(function)


@pytest.mark.parametrize(
    "function", [only_reads_a_record, runs_the_cli_in_a_process, installs_from_pypi]
)
def test_a_function_that_reaches_no_build_does_not(function: Callable[..., Any]) -> None:
    assert not builds(function)


# The samples are parameters, so that these tests do not themselves reach what they look at.
@pytest.mark.parametrize(
    ("function", "installs"), [(installs_from_pypi, True), (runs_the_cli_in_a_process, False)]
)
def test_a_pip_install_is_the_network(function: Callable[..., Any], installs: bool) -> None:
    assert reaches(function, installs_packages) is installs


def unit_session() -> tuple[str, list[str]]:
    """The noxfile's expression of the unit tests, and the names the unit session's env sets."""
    tree = ast.parse((REPO / "noxfile.py").read_text("utf-8"))
    expression = next(
        node.value.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and getattr(node.targets[0], "id", "") == "UNIT_TESTS"
        and isinstance(node.value, ast.Constant)
    )
    session = next(n for n in tree.body if isinstance(n, ast.FunctionDef) and n.name == "unit")
    env = [
        key.value
        for node in ast.walk(session)
        if isinstance(node, ast.Dict)
        for key in node.keys
        if isinstance(key, ast.Constant)
    ]
    return str(expression), env


def test_the_unit_session_leaves_out_every_kind_and_guards_the_rest() -> None:
    expression, env = unit_session()
    assert expression == " and ".join(f"not {kind}" for kind in KINDS)
    assert UNIT_ENV in env
    markers = tomllib.loads((REPO / "pyproject.toml").read_text("utf-8"))["tool"]["pytest"]
    registered = {line.partition(":")[0] for line in markers["ini_options"]["markers"]}
    assert registered >= set(KINDS)


@pytest.mark.parametrize(
    ("argv", "what"),
    [
        ([sys.executable, "-m", "sphinx", "--version"], "a Sphinx build"),
        (["sphinx-build", "--version"], "a Sphinx build"),
        (["/usr/bin/chromium", "--version"], "Chromium"),
        ("python -m pip install .", "an installation from PyPI"),
    ],
)
def test_in_the_unit_session_a_process_that_builds_fails_the_test(
    argv: list[str] | str, what: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    guard_unit_session(monkeypatch)
    with pytest.raises(pytest.fail.Exception) as failure:
        subprocess.run(argv, shell=isinstance(argv, str), check=False, capture_output=True)
    assert str(failure.value) == NOT_A_UNIT_TEST.format(what=what)


def test_in_the_unit_session_sphinx_in_this_process_fails_the_test(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    guard_unit_session(monkeypatch)
    with pytest.raises(pytest.fail.Exception) as failure:
        Sphinx(tmp_path, tmp_path, tmp_path / "out", tmp_path / "doctrees", "html")
    assert str(failure.value) == NOT_A_UNIT_TEST.format(what="Sphinx")
    # Everything else still runs.
    done = subprocess.run(
        [sys.executable, "-c", "print(1)"], capture_output=True, text=True, check=False
    )
    assert done.stdout == "1\n"
