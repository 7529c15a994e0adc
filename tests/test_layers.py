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
