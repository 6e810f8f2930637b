"""No import cycles anywhere in the house: desk_app, drivers, central_server.

import-linter checks layers between packages; this checks every module against
every other, and counts what import-linter's graph may not: imports under
`if TYPE_CHECKING:` and imports inside functions (a lazy import is still a
dependency: it only hides the cycle until the function runs). The graph is read
with `ast` from the source, so nothing is imported to build it.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PACKAGES = ("desk_app", "drivers", "central_server")

Graph = dict[str, set[str]]


def module_files() -> dict[str, Path]:
    """Dotted module name -> source file, for every module of the checked packages."""
    found: dict[str, Path] = {}
    for package in PACKAGES:
        base = ROOT / package
        if not base.is_dir():
            continue  # central_server arrives with stage 2
        for path in base.rglob("*.py"):
            parts = path.relative_to(ROOT).with_suffix("").parts
            if parts[-1] == "__init__":
                parts = parts[:-1]
            found[".".join(parts)] = path
    return found


def _absolute(module: str, is_package: bool, level: int, name: str | None) -> str:
    """Resolve `from ..x import y`'s module part against the importing module."""
    if level == 0:
        return name or ""
    parts = module.split(".")
    if not is_package:
        parts = parts[:-1]
    parts = parts[: len(parts) - (level - 1)]
    return ".".join([*parts, name] if name else parts)


def imported_names(module: str, path: Path, known: set[str] | frozenset[str] = frozenset()) -> Iterator[str]:
    """Every module `module` imports, wherever the import statement stands.

    `from pkg import name` depends on pkg.name when that is a module in `known`, else on pkg itself
    (the same rule as import-linter's graph: a package's own imports of its submodules are no cycle).
    """
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    is_package = path.name == "__init__.py"
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                yield alias.name
        elif isinstance(node, ast.ImportFrom):
            base = _absolute(module, is_package, node.level, node.module)
            for alias in node.names:
                submodule = f"{base}.{alias.name}"
                yield submodule if submodule in known else base


def import_graph() -> Graph:
    files = module_files()
    known = set(files)
    graph: Graph = {}
    for module, path in files.items():
        targets = set()
        for name in imported_names(module, path, known):
            if name in files and name != module:
                targets.add(name)
        graph[module] = targets
    return graph


def find_cycle(graph: Graph) -> list[str] | None:
    """One cycle as [a, b, ..., a], or None (iterative depth-first search, modules in sorted order)."""
    WHITE, GREY, BLACK = 0, 1, 2
    colour = dict.fromkeys(graph, WHITE)
    for start in sorted(graph):
        if colour[start] != WHITE:
            continue
        stack: list[tuple[str, Iterator[str]]] = [(start, iter(sorted(graph[start])))]
        colour[start] = GREY
        while stack:
            node, children = stack[-1]
            child = next(children, None)
            if child is None:
                colour[node] = BLACK
                stack.pop()
            elif colour[child] == GREY:
                path = [n for n, _ in stack]
                return [*path[path.index(child):], child]
            elif colour[child] == WHITE:
                colour[child] = GREY
                stack.append((child, iter(sorted(graph[child]))))
    return None


def test_the_graph_sees_every_kind_of_import(tmp_path: Path) -> None:
    """The checker itself: lazy, TYPE_CHECKING and relative imports all make edges."""
    graph = import_graph()
    assert "desk_app.core.desk" in graph and "drivers.base" in graph
    assert "desk_app.ui.app" in graph and graph["desk_app.ui.app"]
    source = ("from __future__ import annotations\nfrom typing import TYPE_CHECKING\n"
              "if TYPE_CHECKING:\n    from a.b import c\n"
              "def f():\n    import a.d\n    from . import e\n    from ..f import g\n")
    probe = tmp_path / "x.py"
    probe.write_text(source, encoding="utf-8")
    names = set(imported_names("a.x", probe, {"a.b.c", "a.e"}))
    assert names == {"__future__", "typing", "a.b.c", "a.d", "a.e", "f"}
    assert find_cycle({"p": {"q"}, "q": {"r"}, "r": {"p"}}) == ["p", "q", "r", "p"]
    assert find_cycle({"p": {"q"}, "q": set()}) is None


def test_no_import_cycles_in_the_house() -> None:
    cycle = find_cycle(import_graph())
    assert cycle is None, "import cycle: " + " -> ".join(cycle or [])
