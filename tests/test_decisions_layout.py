"""The layout rules: pure modules never import Sphinx or docutils, and no module imports itself
back through others."""

from __future__ import annotations

import ast
import os
import subprocess
import sys
from pathlib import Path

import pytest

EXT = Path(__file__).parent.parent / "ext"
PACKAGE = EXT / "sphinx_council"
PURE_DECISIONS = (
    "model",
    "lifecycle",
    "checks",
    "load",
    "corpus",
    "roster",
    "catalog",
    "export",
    "editing",
    "frontmatter_edit",
    "scaffold",
    "project",
    "references",
)
PURE = sorted(
    [f"core.{path.stem}" for path in (PACKAGE / "core").glob("*.py") if path.stem != "__init__"]
    + [f"decisions.{name}" for name in PURE_DECISIONS]
)


def module_path(name: str) -> Path:
    return PACKAGE.joinpath(*name.split(".")).with_suffix(".py")


def imported_modules(tree: ast.AST, module: str) -> list[tuple[int, str]]:
    """Every import in the tree, at any depth, but those under ``if TYPE_CHECKING:``."""
    found: list[tuple[int, str]] = []

    def visit(node: ast.AST) -> None:
        if isinstance(node, ast.If) and ast.unparse(node.test).endswith("TYPE_CHECKING"):
            for child in node.orelse:
                visit(child)
            return
        if isinstance(node, ast.Import):
            found.extend((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            found.append((node.lineno, absolute(node, module)))
        for child in ast.iter_child_nodes(node):
            visit(child)

    visit(tree)
    return found


def absolute(node: ast.ImportFrom, module: str) -> str:
    if not node.level:
        return node.module or ""
    parts = f"sphinx_council.{module}".split(".")[: -node.level]
    return ".".join([*parts, *([node.module] if node.module else [])])


@pytest.mark.parametrize("module", PURE)
def test_pure_module_imports_neither_sphinx_nor_docutils(module: str) -> None:
    tree = ast.parse(module_path(module).read_text("utf-8"))
    foreign = [
        f"line {line}: {name}"
        for line, name in imported_modules(tree, module)
        if name.split(".")[0] in {"sphinx", "docutils"}
    ]
    assert foreign == []


def test_pure_modules_load_without_sphinx() -> None:
    names = ", ".join(repr(f"sphinx_council.{module}") for module in PURE)
    code = (
        "import importlib, sys\n"
        "sys.modules['sphinx'] = None; sys.modules['docutils'] = None\n"
        f"for name in ({names},): importlib.import_module(name)\n"
    )
    env = {**os.environ, "PYTHONPATH": str(EXT)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=False
    )
    assert result.returncode == 0, result.stderr


def test_no_import_cycles_between_modules_at_load_time() -> None:
    """Imports that run when a module loads (not those inside functions) form no cycle."""
    graph: dict[str, set[str]] = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE).with_suffix("").parts
        module = ".".join(parts)
        tree = ast.parse(path.read_text("utf-8"))
        top_level = ast.Module(
            body=[n for n in tree.body if not isinstance(n, ast.FunctionDef | ast.ClassDef)],
            type_ignores=[],
        )
        graph[f"sphinx_council.{module}"] = {
            name for _, name in imported_modules(top_level, module)
        }
    modules = set(graph)
    edges = {m: {n for n in names if n in modules} for m, names in graph.items()}
    cycles = [
        (start, end)
        for start in edges
        for end in edges[start]
        if start != end and start in reachable(edges, end)
    ]
    assert cycles == []


def reachable(edges: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    waiting = [start]
    while waiting:
        for target in edges.get(waiting.pop(), set()):
            if target not in seen:
                seen.add(target)
                waiting.append(target)
    return seen
