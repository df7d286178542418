"""The rules the package layout keeps, checked on its source with ``ast``.

* Pure modules (all of ``core/``, and each concern's modules its ``__init__`` docstring lists
  after "Pure:") load without Sphinx or docutils, directly or through other package modules.
* ``council`` (the CLI) imports no docutils when it starts.
* No import cycle between the package's modules.
* Each concern imports only the concerns below it (``LAYERS``).
* No module over 400 lines, no function over 60.

The source is read from this checkout (``ext/sphinx_council``), not from wherever Python would
import the package from, so that the rules are checked on the code under review.
"""

from __future__ import annotations

import ast
import itertools
import os
import re
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Literal

import pytest

REPO = Path(__file__).resolve().parents[1]
EXT = REPO / "ext"
PACKAGE = "sphinx_council"

# Distributions that import Sphinx or docutils as soon as they load: naming any of them in a pure
# module is the same as importing Sphinx.
SPHINX_BOUND = {"sphinx", "docutils", "myst_parser", "sphinx_design", "pydata_sphinx_theme"}

# Each concern's __init__ docstring says which of its modules are on which side.
CONCERNS = ("decisions", "pathways", "peps", "newsletter", "guide")
# Whole subpackages on one side, so their __init__ docstrings list nothing.
ALL_PURE = ("core",)
ALL_SPHINX = ("sphinxext", "crosslinks")

# The concerns from the bottom up. A concern imports only those on lower floors (search and the
# guide stand side by side); what ties two concerns together lives above both (crosslinks), and
# a lower concern that shows something of a higher one defines a hook the higher one answers.
LAYERS = (
    ("core",),
    ("sphinxext",),
    ("peps",),
    ("decisions",),
    ("pathways",),
    ("newsletter",),
    ("crosslinks",),
    ("search", "guide"),
    ("cli",),
)

MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60

Where = Literal["module", "function", "type-checking"]


@dataclass(frozen=True)
class Import:
    target: str  # absolute dotted name; a submodule when ``from package import submodule``
    line: int
    where: Where

    def describe(self) -> str:
        return {"module": "", "function": " (in a function)", "type-checking": " (TYPE_CHECKING)"}[
            self.where
        ]


@dataclass
class Module:
    name: str
    path: Path
    is_package: bool
    tree: ast.Module
    imports: list[Import] = field(default_factory=list)

    @property
    def display(self) -> str:
        return self.path.relative_to(EXT).as_posix()

    @property
    def package(self) -> str:
        return self.name if self.is_package else self.name.rpartition(".")[0]


def _is_type_checking(test: ast.expr) -> bool:
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING"
    )


def _import_nodes(
    body: list[ast.stmt], where: Where = "module"
) -> Iterator[tuple[ast.Import | ast.ImportFrom, Where]]:
    """Every import statement, with whether it runs on import, in a function or never."""
    for node in body:
        if isinstance(node, ast.Import | ast.ImportFrom):
            yield node, where
        elif isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
            inner: Where = "type-checking" if where == "type-checking" else "function"
            yield from _import_nodes(node.body, inner)
        elif isinstance(node, ast.If) and _is_type_checking(node.test):
            yield from _import_nodes(node.body, "type-checking")
            yield from _import_nodes(node.orelse, where)
        else:
            for block in _blocks(node):
                yield from _import_nodes(block, where)


def _blocks(node: ast.stmt) -> Iterator[list[ast.stmt]]:
    """The statement lists inside a class, try, with, if, for, while or match statement, which
    run where that statement runs."""
    for name in ("body", "orelse", "finalbody"):
        block = getattr(node, name, None)
        if isinstance(block, list):
            yield block
    for handler in getattr(node, "handlers", []):
        yield handler.body
    for case in getattr(node, "cases", []):
        yield case.body


def _resolve(module: Module, node: ast.Import | ast.ImportFrom, known: set[str]) -> list[str]:
    if isinstance(node, ast.Import):
        return [alias.name for alias in node.names]
    base = node.module or ""
    if node.level:
        parts = module.package.split(".")
        anchor = ".".join(parts[: len(parts) - node.level + 1])
        base = f"{anchor}.{base}" if base else anchor
    # ``from package import name`` imports the submodule when there is one.
    targets = [f"{base}.{alias.name}" for alias in node.names if f"{base}.{alias.name}" in known]
    if len(targets) < len(node.names):
        targets.append(base)
    return targets


@cache
def modules() -> dict[str, Module]:
    found: dict[str, Module] = {}
    for path in sorted((EXT / PACKAGE).rglob("*.py")):
        parts = list(path.relative_to(EXT).with_suffix("").parts)
        is_package = parts[-1] == "__init__"
        name = ".".join(parts[:-1] if is_package else parts)
        tree = ast.parse(path.read_text("utf-8"), str(path))
        found[name] = Module(name, path, is_package, tree)
    known = set(found)
    for module in found.values():
        for node, where in _import_nodes(module.tree.body):
            for target in _resolve(module, node, known):
                module.imports.append(Import(target, node.lineno, where))
    return found


def _sphinx_bound(name: str) -> bool:
    return name.split(".", 1)[0] in SPHINX_BOUND


def _parents(name: str) -> list[str]:
    parts = name.split(".")
    return [".".join(parts[:i]) for i in range(1, len(parts))]


# -- which side each module is on --------------------------------------------------------------

SIDE_LIST = re.compile(
    r"\b(Pure|Sphinx)\s*:(.*?)(?=\b(?:Pure|Sphinx)\s*:|\.(?:\s|$)|\n\s*\n|$)", re.S
)


def listed_sides(docstring: str) -> dict[str, list[str]]:
    """``Pure: a, b, c. Sphinx: d, e.`` -> {"Pure": [a, b, c], "Sphinx": [d, e]}.

    A list ends at a full stop, a blank line or the next label; names may be separated by
    commas, semicolons, "and" or line breaks; a parenthesised remark is ignored."""
    sides: dict[str, list[str]] = {"Pure": [], "Sphinx": []}
    for label, text in SIDE_LIST.findall(docstring):
        names = re.findall(r"[A-Za-z_][A-Za-z0-9_]*", re.sub(r"\([^)]*\)", " ", text))
        sides[label] += [name for name in names if name not in {"and", "or"}]
    return sides


@cache
def sides() -> tuple[set[str], set[str], list[str]]:
    """Pure modules, Sphinx-side modules, and the problems of the lists they come from."""
    found = modules()

    def under(name: str, subpackages: tuple[str, ...]) -> bool:
        return any(
            name == f"{PACKAGE}.{p}" or name.startswith(f"{PACKAGE}.{p}.") for p in subpackages
        )

    pure = {name for name in found if under(name, ALL_PURE)}
    sphinx = {name for name in found if under(name, ALL_SPHINX)}
    # The package and each concern's __init__: they import Sphinx only inside setup().
    sphinx |= {PACKAGE, *(f"{PACKAGE}.{concern}" for concern in CONCERNS)}
    problems: list[str] = []
    for concern in CONCERNS:
        package = found[f"{PACKAGE}.{concern}"]
        lists = listed_sides(ast.get_docstring(package.tree) or "")
        inside = {name.rpartition(".")[2] for name in found if name.startswith(package.name + ".")}
        for label, names in lists.items():
            if not names:
                problems.append(f'{package.display}: the docstring has no "{label}: ..." list')
            for name in names:
                if name not in inside:
                    problems.append(f"{package.display}: {label} lists {name}, no such module")
            (pure if label == "Pure" else sphinx).update(f"{package.name}.{n}" for n in names)
        both = set(lists["Pure"]) & set(lists["Sphinx"])
        problems += [f"{package.display}: {name} is listed as Pure and Sphinx" for name in both]
        for name in sorted(inside - set(lists["Pure"]) - set(lists["Sphinx"])):
            problems.append(
                f"{package.display}: {concern}/{name}.py is in neither list; add it to "
                '"Pure: ..." (no Sphinx, no docutils) or "Sphinx: ..." in the docstring'
            )
    return pure, sphinx, problems


def test_every_concern_module_is_on_one_side() -> None:
    pure, sphinx, problems = sides()
    assert len(pure) > 20, f"only {len(pure)} pure modules found"
    assert len(sphinx) > 10, f"only {len(sphinx)} Sphinx-side modules found"
    assert not problems, "Each concern's __init__ docstring must list every module:\n" + "\n".join(
        problems
    )


def _sphinx_chain(start: str) -> list[tuple[str, str]] | None:
    """How loading ``start`` loads Sphinx or docutils: [(module, where it imports the next)...,
    (the Sphinx-bound module, "")], or None when it does not.

    Loading a module runs its module-level imports and loads its parent packages; its
    function-level imports run only when called, its TYPE_CHECKING ones never."""
    found = modules()
    paths: dict[str, list[tuple[str, str]]] = {start: []}
    queue = [start]
    while queue:
        name = queue.pop(0)
        module = found[name]
        steps = [(parent, "parent package") for parent in _parents(name)]
        steps += [
            (i.target, f"{module.display}:{i.line}") for i in module.imports if i.where == "module"
        ]
        for target, how in steps:
            path = [*paths[name], (name, how)]
            if _sphinx_bound(target):
                return [*path, (target, "")]
            if target in found and target not in paths:
                paths[target] = path
                queue.append(target)
    return None


def _chain_text(chain: list[tuple[str, str]]) -> str:
    return " -> ".join(f"{name} ({how})" if how else name for name, how in chain)


def test_pure_modules_do_not_import_sphinx() -> None:
    """Every import a pure module writes counts, even in a function or under TYPE_CHECKING: a
    pure module's code never handles a Sphinx or docutils object. Through other package modules,
    what counts is what loading them loads."""
    found = modules()
    pure, _, _ = sides()
    checked = sorted(pure & set(found))
    assert len(checked) > 20, f"only {len(checked)} pure modules found"
    offenders: set[str] = set()
    for name in checked:
        module = found[name]
        for imp in module.imports:
            where = f"{module.display}:{imp.line}{imp.describe()}"
            if _sphinx_bound(imp.target):
                offenders.add(f"{where} imports {imp.target}")
            elif imp.target in found and imp.target not in pure:
                # A pure module it imports is reported on its own.
                chain = _sphinx_chain(imp.target)
                if chain:
                    offenders.add(f"{where} imports {_chain_text(chain)}")
        for parent in _parents(name):
            chain = _sphinx_chain(parent)
            if chain and parent not in pure:
                offenders.add(f"{module.display}: its package loads Sphinx: {_chain_text(chain)}")
    assert not offenders, (
        f"{len(offenders)} import(s) of Sphinx or docutils by pure modules (move that code to a "
        "Sphinx-side module, or list the module after 'Sphinx:' in its package docstring):\n"
        + "\n".join(sorted(offenders))
    )


def test_cli_starts_without_docutils() -> None:
    # A fresh interpreter: the test process has long imported docutils for other tests.
    code = (
        "import sys, sphinx_council.cli; "
        "print(sorted({m.split('.')[0] for m in sys.modules} & {'docutils', 'sphinx'}))"
    )
    env = {**os.environ, "PYTHONPATH": str(EXT)}
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "[]", (
        f"importing sphinx_council.cli loads {done.stdout.strip()}: "
        "every 'council' command pays for it"
    )


# -- import cycles -----------------------------------------------------------------------------


def import_graph() -> dict[str, dict[str, Import]]:
    """Package-internal imports: module -> {imported module: first such import}.

    Function-level imports count: deferring an import hides a cycle from the interpreter, not
    from the reader, and the cycle comes back as soon as someone moves the import to the top.
    The setup() functions of the concerns import their own Sphinx modules, which is a cycle only
    if one of those imports the concern's __init__ back. TYPE_CHECKING imports never run and do
    not count."""
    graph: dict[str, dict[str, Import]] = {}
    for name, module in modules().items():
        edges = graph.setdefault(name, {})
        for imp in module.imports:
            if imp.where != "type-checking" and imp.target in modules() and imp.target != name:
                edges.setdefault(imp.target, imp)
    return graph


def find_cycles(graph: dict[str, dict[str, Import]]) -> list[list[str]]:
    """One cycle per strongly connected component (Tarjan), as a path back to its start."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    components: list[set[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        for nxt in graph[node]:
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = set()
            while True:
                member = stack.pop()
                component.add(member)
                if member == node:
                    break
            if len(component) > 1:
                components.append(component)

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return [_cycle_in(graph, component) for component in components]


def _cycle_in(graph: dict[str, dict[str, Import]], component: set[str]) -> list[str]:
    start = min(component)
    paths = {start: [start]}
    queue = [start]
    while queue:  # breadth first: the shortest way back to ``start``
        node = queue.pop(0)
        for nxt in sorted(graph[node]):
            if nxt == start:
                return [*paths[node], start]
            if nxt in component and nxt not in paths:
                paths[nxt] = [*paths[node], nxt]
                queue.append(nxt)
    raise AssertionError(f"no cycle in {component}")


def test_no_import_cycles() -> None:
    graph = import_graph()
    edges = sum(len(targets) for targets in graph.values())
    assert edges > 100, f"only {edges} package-internal imports found"
    found = modules()
    reports = []
    for cycle in find_cycles(graph):
        steps = [
            f"  {a} -> {b}  ({found[a].display}:{graph[a][b].line}{graph[a][b].describe()})"
            for a, b in itertools.pairwise(cycle)
        ]
        reports.append("cycle:\n" + "\n".join(steps))
    assert not reports, f"{len(reports)} import cycle(s):\n" + "\n".join(reports)


# -- the order of concerns ----------------------------------------------------------------------


def floor(name: str) -> int | None:
    """The floor of the concern a module belongs to (None for the package's own __init__)."""
    parts = name.split(".")
    if len(parts) < 2 or parts[0] != PACKAGE:
        return None
    return next((i for i, names in enumerate(LAYERS) if parts[1] in names), None)


def upward_imports(found: dict[str, Module]) -> list[str]:
    """Every import of a concern on the same floor or higher, naming both files. TYPE_CHECKING
    imports count too: a type from a higher concern is knowledge of it."""
    reports = []
    for name, module in sorted(found.items()):
        here = floor(name)
        for imp in module.imports:
            there = floor(imp.target)
            same_concern = imp.target.split(".")[:2] == name.split(".")[:2]
            if here is None or there is None or same_concern or there < here:
                continue
            target = found[imp.target].display if imp.target in found else imp.target
            reports.append(f"  {module.display}:{imp.line}{imp.describe()} imports {target}")
    return reports


def test_concerns_import_only_downward() -> None:
    found = modules()
    unplaced = sorted({n.split(".")[1] for n in found if "." in n and floor(n) is None})
    assert not unplaced, f"concerns on no floor of LAYERS: {unplaced}"
    reports = upward_imports(found)
    assert not reports, (
        f"{len(reports)} import(s) of a concern on the same floor or above (move the code down, "
        "or define a hook the higher concern answers):\n" + "\n".join(reports)
    )


def test_an_upward_import_is_reported_with_both_files() -> None:
    """The order test sees an import the moment someone adds one."""
    found = dict(modules())
    role = found[f"{PACKAGE}.peps.role"]
    added = Import(f"{PACKAGE}.decisions.model", 7, "function")
    found[role.name] = Module(role.name, role.path, False, role.tree, [*role.imports, added])
    assert upward_imports(found) == [
        "  sphinx_council/peps/role.py:7 (in a function) imports sphinx_council/decisions/model.py"
    ]


# -- sizes -------------------------------------------------------------------------------------


def test_modules_and_functions_are_small() -> None:
    found = modules()
    assert len(found) > 50, f"only {len(found)} modules found under {EXT / PACKAGE}"
    long_modules, long_functions = [], []
    for module in found.values():
        lines = len(module.path.read_text("utf-8").splitlines())
        if lines > MAX_MODULE_LINES:
            long_modules.append(f"  {module.display}:1  {lines} lines")
        for node in ast.walk(module.tree):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = (node.end_lineno or node.lineno) - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long_functions.append(
                        f"  {module.display}:{node.lineno}  {node.name}()  {length} lines"
                    )
    problems = []
    if long_modules:
        problems += [f"{len(long_modules)} module(s) over {MAX_MODULE_LINES} lines:"]
        problems += sorted(long_modules)
    if long_functions:
        problems += [f"{len(long_functions)} function(s) over {MAX_FUNCTION_LINES} lines:"]
        problems += sorted(long_functions)
    assert not problems, "\n".join(problems)


def test_scripts_style_sheets_and_tools_are_small() -> None:
    """The same limit for what the browser runs, the bench and the site's own extensions."""
    folders = [EXT / PACKAGE / "static", EXT.parent / "bench", EXT.parent / "docs" / "_ext"]
    files = [path for folder in folders for path in sorted(folder.iterdir()) if path.is_file()]
    assert len(files) > 15, f"only {len(files)} files found in {folders}"
    long_files = [
        f"  {path.relative_to(EXT.parent)}:1  {lines} lines"
        for path in files
        if path.suffix in (".py", ".js", ".css")
        and (lines := len(path.read_text("utf-8").splitlines())) > MAX_MODULE_LINES
    ]
    assert not long_files, f"over {MAX_MODULE_LINES} lines:\n" + "\n".join(long_files)


@pytest.mark.parametrize(
    ("docstring", "pure", "sphinx"),
    [
        ("Pure: a, b, c. Sphinx: d, e.", ["a", "b", "c"], ["d", "e"]),
        ("Text.\n\nPure: a, b,\n  c.  Sphinx: d\n", ["a", "b", "c"], ["d"]),
        ("Pure: a; b and c (the x)\nSphinx: d, e\n\nMore text: f.", ["a", "b", "c"], ["d", "e"]),
        ("Rendered by Sphinx.\n\nPure: a.\nSphinx: b.\nThe rest.", ["a"], ["b"]),
    ],
)
def test_side_lists_are_read_whatever_the_wrapping(
    docstring: str, pure: list[str], sphinx: list[str]
) -> None:
    assert listed_sides(docstring) == {"Pure": pure, "Sphinx": sphinx}


def test_cycle_finder_reports_the_way_round() -> None:
    edge = Import("x", 1, "module")
    graph = {"a": {"b": edge}, "b": {"c": edge}, "c": {"a": edge}, "d": {"a": edge}}
    assert find_cycles(graph) == [["a", "b", "c", "a"]]
    assert find_cycles({"a": {"b": edge}, "b": {}}) == []
