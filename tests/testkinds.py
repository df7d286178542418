"""Which tests build a site, open a browser or install from PyPI, found from what they use, so
nobody has to mark them: the ``unit`` session (``python3 noxfile.py -s unit``) leaves them out,
and fails any test it runs that starts Sphinx, Chromium or ``pip install`` anyway.

A test *builds* when it, one of its fixtures, or a helper either of them calls (followed
through the tests' own modules) uses a way of building: sphinx.testing's fixtures or
``SphinxTestApp``, ``conftest.sphinx_build`` and the helpers made of it, the shared
``bundled_site``, a ``python -m sphinx`` command line, or a server of a built site. It uses a
*browser* when it asks for the ``browser`` fixture, and the *network* when it reaches a
``pip install`` command line or makes a virtual environment.
"""

from __future__ import annotations

import functools
import itertools
import os
import subprocess
import sys
import types
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

TESTS = Path(__file__).parent
# Set by the unit session: a test that starts Sphinx or Chromium then fails.
UNIT_ENV = "COUNCIL_UNIT_TESTS"
NOT_A_UNIT_TEST = (
    "this test starts {what}, so it is not a unit test: build through a fixture or helper of "
    "tests/conftest.py (sphinx_build, bundled_site, sphinx.testing's app) or ask for the "
    "browser fixture (or install with pip), so that it is marked and left out of the unit "
    "session"
)

# Fixtures that build a site or hold one built (sphinx.testing's, and the suite's own).
BUILD_FIXTURES = frozenset({"app", "make_app", "shared_result", "bundled_site"})
BROWSER_FIXTURES = frozenset({"browser"})
# The names through which the tests' code builds a site or serves one (modules it imports
# inside a function are among its names too).
BUILD_NAMES = frozenset(
    {
        "SphinxTestApp",
        "sphinx_build",
        "build_main",
        "serve",
        "sphinx.application",
        "sphinx.cmd.build",
        "sphinx.cmd.make_mode",
    }
)


def _codes(code: types.CodeType) -> Iterator[types.CodeType]:
    """A code object and those nested in it (inner functions, lambdas, comprehensions)."""
    yield code
    for const in code.co_consts:
        if isinstance(const, types.CodeType):
            yield from _codes(const)


def _runs_sphinx_command(code: types.CodeType) -> bool:
    consts = {const for const in code.co_consts if isinstance(const, str)}
    return "sphinx-build" in consts or {"-m", "sphinx"} <= consts


def installs_packages(code: types.CodeType) -> bool:
    """A ``pip install`` command line, pre-commit (``python -m pre_commit``, which makes each
    hook's environment with pip), or a new virtual environment: packages from PyPI."""
    consts = [const for const in code.co_consts if isinstance(const, str)]
    installs = any("pip install" in const or const == "pre_commit" for const in consts)
    return installs or {"venv", "create"} <= set(code.co_names)


def _ours(value: object) -> bool:
    """Whether a function, class or module is defined in the tests folder."""
    source = getattr(value, "__file__", None) or getattr(
        getattr(value, "__code__", None), "co_filename", None
    )
    if source is None and isinstance(value, type):
        source = getattr(sys.modules.get(value.__module__), "__file__", None)
    return source is not None and Path(source).parent == TESTS


def _callees(function: Callable[..., Any]) -> Iterator[object]:
    """What the names in a function's code refer to, in its module (and attributes of the
    tests' own modules it names)."""
    scope = getattr(function, "__globals__", {})
    modules = [v for v in scope.values() if isinstance(v, types.ModuleType) and _ours(v)]
    for code in _codes(function.__code__):
        for name in code.co_names:
            if name in scope:
                yield scope[name]
            yield from (getattr(module, name) for module in modules if hasattr(module, name))


def builds_site(code: types.CodeType) -> bool:
    return _runs_sphinx_command(code) or not BUILD_NAMES.isdisjoint(code.co_names)


Uses = Callable[[types.CodeType], bool]


def reaches(function: Callable[..., Any], uses: Uses, seen: set[object] | None = None) -> bool:
    """Whether calling ``function`` may do what ``uses`` finds in code: it, or a test helper
    it reaches, does."""
    seen = set() if seen is None else seen
    # This module names the ways of building only to refuse them.
    if function in seen or not hasattr(function, "__code__") or function.__module__ == __name__:
        return False
    seen.add(function)
    if any(uses(code) for code in _codes(function.__code__)):
        return True
    for value in _callees(function):
        candidates = vars(value).values() if isinstance(value, type) and _ours(value) else [value]
        for candidate in candidates:
            ours = isinstance(candidate, types.FunctionType) and _ours(candidate)
            if ours and reaches(candidate, uses, seen):
                return True
    return False


@functools.cache
def _reaches_once(function: Callable[..., Any], uses: Uses) -> bool:
    """``reaches``, once per function however many tests its parameters make."""
    return reaches(function, uses)


def _fixture_functions(item: pytest.Item) -> Iterator[tuple[str, Callable[..., Any]]]:
    info = getattr(item, "_fixtureinfo", None)
    for name, definitions in (info.name2fixturedefs if info else {}).items():
        for definition in definitions:
            yield name, definition.func


def kinds_of(item: pytest.Item) -> set[str]:
    """``build``, ``browser`` and ``network``, as far as the test needs them."""
    names = set(getattr(item, "fixturenames", ()))
    kinds = set()
    if names & BROWSER_FIXTURES:
        kinds |= {"browser", "build"}  # a browser test looks at a site it built
    # Not the ``sphinx`` marker: a module may set it for all its tests, and only those that ask
    # for ``app`` build.
    if names & BUILD_FIXTURES:
        kinds.add("build")
    functions = [getattr(item, "function", None)]
    functions += [f for name, f in _fixture_functions(item) if _ours(f)]
    for function in filter(None, functions):
        if _reaches_once(function, builds_site):
            kinds.add("build")
        if _reaches_once(function, installs_packages):
            kinds.add("network")
    return kinds


def mark_kinds(items: list[pytest.Item]) -> None:
    for item in items:
        for kind in sorted(kinds_of(item)):
            item.add_marker(kind)


def _refuse(what: str) -> None:
    pytest.fail(NOT_A_UNIT_TEST.format(what=what), pytrace=False)


def guard_unit_session(monkeypatch: pytest.MonkeyPatch) -> None:
    """In the unit session, starting Sphinx (in this process or another) or Chromium fails
    the test, with what to do about it."""
    from sphinx.application import Sphinx  # noqa: PLC0415

    def no_sphinx(*args: object, **kwargs: object) -> None:
        _refuse("Sphinx")

    monkeypatch.setattr(Sphinx, "__init__", no_sphinx)
    real_popen_init = subprocess.Popen.__init__

    def checked_popen(self: subprocess.Popen[Any], args: Any, *rest: Any, **kwargs: Any) -> None:
        words = [str(word) for word in args] if isinstance(args, list | tuple) else [str(args)]
        names = {Path(word).name for word in words}
        modules = {after for before, after in itertools.pairwise(words) if before == "-m"}
        if names & {"sphinx-build", "sphinx-autobuild"} or modules & {"sphinx", "sphinx.cmd.build"}:
            _refuse("a Sphinx build")
        if names & {"chromium", "chromium-browser", "chrome"}:
            _refuse("Chromium")
        if "pip install" in " ".join(words) or "pre_commit" in modules:
            _refuse("an installation from PyPI")
        real_popen_init(self, args, *rest, **kwargs)

    monkeypatch.setattr(subprocess.Popen, "__init__", checked_popen)
    try:
        from playwright.sync_api import BrowserType  # noqa: PLC0415
    except ImportError:
        return
    for method in ("launch", "launch_persistent_context"):
        monkeypatch.setattr(BrowserType, method, lambda *a, **k: _refuse("Chromium"))


def in_unit_session() -> bool:
    return os.environ.get(UNIT_ENV) == "1"
