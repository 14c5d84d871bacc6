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
