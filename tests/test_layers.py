"""Imports run one way: ``units`` ← ``indicators`` ← ``reports``. Read by walking every
module's syntax tree (imports inside functions too), so a lazy import cannot hide."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# What each app must never import.
FORBIDDEN = {"units": {"indicators", "reports"}, "indicators": {"reports"}}


def imported_apps(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module)
    return {name.split(".")[0] for name in names}


def modules(app: str) -> list[Path]:
    return sorted(p for p in (ROOT / app).rglob("*.py") if "migrations" not in p.parts)


@pytest.mark.parametrize("app", sorted(FORBIDDEN))
def test_lower_layers_never_import_the_higher_ones(app):
    offenders = {
        str(path.relative_to(ROOT)): sorted(imported_apps(path) & FORBIDDEN[app])
        for path in modules(app)
        if imported_apps(path) & FORBIDDEN[app]
    }
    assert offenders == {}


def test_the_walk_sees_imports_inside_functions(tmp_path):
    module = tmp_path / "m.py"
    module.write_text("def f():\n    from reports import views\n", encoding="utf-8")
    assert imported_apps(module) == {"reports"}


def test_no_read_side_module_grows_past_the_house_limit():
    # STYLE.md: split a module that passes ~400 lines (reports/ used to hold 662 and 745).
    too_long = {
        str(p.relative_to(ROOT)): n
        for p in modules("reports")
        if (n := len(p.read_text(encoding="utf-8").splitlines())) > 420
    }
    assert too_long == {}


def test_no_module_shadows_a_builtin_in_its_package():
    """Importing ``pkg.map`` sets ``map`` in ``pkg/__init__.py``'s globals: a module
    named after a builtin breaks every call of that builtin in its package's __init__
    (reports/charts/map.py once broke ``map(...)`` in reports/charts/__init__.py)."""
    import builtins
    from pathlib import Path

    root = Path(__file__).resolve().parent.parent
    shadows = [
        str(path.relative_to(root))
        for package in ("units", "indicators", "reports", "api", "access", "kontum_it")
        for path in (root / package).rglob("*.py")
        if path.stem in vars(builtins) and "migrations" not in path.parts
    ]
    assert shadows == []
