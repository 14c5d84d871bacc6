"""The apps depend one way: networks → grants → allocation → workflow → reporting, and nothing
but URL configuration imports views. Checked on the source, so a wrong import fails the suite."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
ORDER = ["networks", "grants", "allocation", "workflow", "reporting"]


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    names: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return names


def _sources(app: str):
    for path in (ROOT / app).rglob("*.py"):
        if "migrations" not in path.parts:
            yield path


@pytest.mark.parametrize("app", ORDER)
def test_app_imports_only_earlier_apps(app):
    allowed = set(ORDER[: ORDER.index(app) + 1])
    offending = []
    for path in _sources(app):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in ORDER and top not in allowed:
                offending.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offending, "\n".join(offending)


def test_nothing_but_urls_imports_views():
    offending = []
    for app in [*ORDER, "config"]:
        for path in (ROOT / app).rglob("*.py"):
            if path.name.startswith("urls") or "migrations" in path.parts:
                continue
            for name in _imports(path):
                if name.split(".")[-1] == "views" and name.split(".")[0] in [*ORDER, "config"]:
                    offending.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not offending, "\n".join(offending)


@pytest.mark.parametrize(
    "path", [ROOT / "allocation" / "engine.py", *sorted((ROOT / "reporting" / "pdf").glob("*.py"))]
)
def test_pure_modules_are_free_of_django(path):
    assert not any(name.split(".")[0] == "django" for name in _imports(path))


PRODUCT = [*ORDER, "config"]


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _type_checking_only(tree: ast.AST) -> set[ast.AST]:
    """Imports under ``if TYPE_CHECKING:`` never run, so they cannot form a cycle."""
    skipped: set[ast.AST] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            for child in node.body:
                skipped.update(ast.walk(child))
    return skipped


def _import_graph() -> dict[str, set[str]]:
    """Which product module imports which, counting imports inside functions too (a deferred
    import hides a cycle from Python at start-up, not from the reader)."""
    paths = {
        _module_name(path): path
        for app in PRODUCT
        for path in (ROOT / app).rglob("*.py")
        if "migrations" not in path.parts
    }
    graph: dict[str, set[str]] = {}
    for module, path in paths.items():
        tree = ast.parse(path.read_text(encoding="utf-8"))
        skipped = _type_checking_only(tree)
        package = module if path.name == "__init__.py" else module.rpartition(".")[0]
        edges: set[str] = set()
        for node in ast.walk(tree):
            if node in skipped:
                continue
            if isinstance(node, ast.Import):
                edges.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom):
                base = package
                for _ in range(node.level - 1):
                    base = base.rpartition(".")[0]
                target = ".".join(p for p in (base if node.level else "", node.module or "") if p)
                for alias in node.names:
                    submodule = f"{target}.{alias.name}"
                    edges.add(submodule if submodule in paths else target)
        graph[module] = {name for name in edges if name in paths and name != module}
    return graph


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(graph[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return found


def test_product_modules_import_each_other_without_cycles():
    cycles = _cycles(_import_graph())
    assert not cycles, "Import cycles:\n" + "\n".join(" ↔ ".join(c) for c in cycles)
