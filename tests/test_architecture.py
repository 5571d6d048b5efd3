"""The house rules, as tests: layers, no cycles, no private imports, rooms of a sane size.

Every import statement counts, the ones inside functions included: a lazy
import is still a dependency. The layers themselves are import-linter
contracts in ``pyproject.toml``; the rest is read here from the source.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "deterrence"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


MODULES = _modules()


def _resolve(module: str, node: ast.ImportFrom) -> str:
    if not node.level:
        return node.module or ""
    base = module.split(".")
    if not MODULES[module].name == "__init__.py":
        base = base[:-1]
    base = base[: len(base) - (node.level - 1)]
    return ".".join(base + ([node.module] if node.module else []))


def _owner(name: str) -> str | None:
    while name and name not in MODULES:
        name = name.rpartition(".")[0]
    return name or None


def _imports() -> tuple[dict[str, set[str]], list[str]]:
    """Module -> modules it imports (anywhere in it), and the private names imported."""
    edges: dict[str, set[str]] = {m: set() for m in MODULES}
    private = []
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    target = _owner(alias.name) if alias.name.startswith("deterrence") else None
                    if target and target != module:
                        edges[module].add(target)
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(module, node)
                if not source.startswith("deterrence"):
                    continue
                for alias in node.names:
                    target = _owner(f"{source}.{alias.name}")
                    if target and target != module:
                        edges[module].add(target)
                    if alias.name.startswith("_") and not alias.name.startswith("__") \
                            and target != module:
                        private.append(f"{module} imports {source}.{alias.name}")
    return edges, private


EDGES, PRIVATE = _imports()


def _is_face(a: str, b: str) -> bool:
    """A package importing its own submodules is its face, not a cycle."""
    return b.startswith(a + ".") and MODULES[a].name == "__init__.py"


def _cycles() -> list[list[str]]:
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on: set[str] = set()
    found: list[list[str]] = []
    counter = [0]

    def visit(v: str) -> None:  # Tarjan's strongly connected components
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(EDGES[v]):
            if _is_face(v, w) or _is_face(w, v):
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            component = []
            while True:
                w = stack.pop()
                on.discard(w)
                component.append(w)
                if w == v:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for v in sorted(MODULES):
        if v not in index:
            visit(v)
    return found


def test_import_linter_contracts_are_kept():
    """The layers of pyproject.toml: file -> model -> solvers -> views -> command line."""
    pytest.importorskip("importlinter")
    from importlinter.cli import lint_imports

    assert lint_imports(config_filename=str(PACKAGE.parent / "pyproject.toml"),
                        no_cache=True) == 0


def test_no_import_cycles():
    assert _cycles() == []


def test_no_module_imports_a_private_name_of_another():
    assert PRIVATE == []


def test_no_top_level_folder_holds_more_than_30_percent_of_the_lines():
    lines: dict[str, int] = {}
    total = 0
    for module, path in MODULES.items():
        count = len(path.read_text(encoding="utf-8").splitlines())
        total += count
        parts = module.split(".")
        if len(parts) > 2 or (len(parts) == 2 and path.name == "__init__.py"):
            lines[parts[1]] = lines.get(parts[1], 0) + count
    biggest = max(lines, key=lines.get)
    assert lines[biggest] / total <= 0.30, f"deterrence/{biggest}/ holds {lines[biggest] / total:.0%}"


def _closure(start: str) -> set[str]:
    seen, todo = {start}, [start]
    while todo:
        for w in EDGES[todo.pop()]:
            if w not in seen:
                seen.add(w)
                todo.append(w)
    return seen


def _rooms(modules: set[str]) -> set[str]:
    return {m.split(".")[1] if m.count(".") else m for m in modules}


def test_a_tree_solve_stays_in_trees_model_and_nash():
    """From the tree solver down, nothing leaves trees/, model/ and nash/ (and errors)."""
    assert _rooms(_closure("deterrence.trees.solver")) <= {"trees", "model", "nash", "errors"}


def test_normal_form_solvers_stay_in_nash_and_model():
    assert _rooms(_closure("deterrence.nash")) <= {"nash", "model", "errors"}


def test_views_and_the_model_never_reach_a_solver():
    for start in [m for m in MODULES if m.startswith(("deterrence.views", "deterrence.model"))]:
        assert _rooms(_closure(start)) <= {"views", "model", "errors"}, start


GAME_KIND_COMPARISON = re.compile(
    r"\b(game|g|self\.game|result\.game)\.kind\s*(==|!=|in\b)|getattr\([\w.]*game, \"kind\"")


def test_games_are_told_apart_by_type_not_by_comparing_kind_strings():
    hits = [f"{path.relative_to(PACKAGE.parent)}:{k}"
            for path in MODULES.values()
            for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if GAME_KIND_COMPARISON.search(line)]
    assert hits == []


def test_one_json_envelope():
    """Every ``--json`` document starts with the envelope of model/envelope.py."""
    hand_written = [f"{path.relative_to(PACKAGE.parent)}:{k}"
                    for path in MODULES.values() if path.name != "envelope.py"
                    for k, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
                    if '"game": game_json(' in line]
    assert hand_written == []
