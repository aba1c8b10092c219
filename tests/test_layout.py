"""The layout's rules hold: the library never imports Flask; only the map view imports folium."""

from __future__ import annotations

import ast
from pathlib import Path

LIBRARY = Path(__file__).resolve().parents[1] / "src" / "bordermap"


def _imports(path: Path) -> set[str]:
    names: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name.split(".")[0] for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_the_library_never_imports_flask():
    offenders = [p.relative_to(LIBRARY) for p in LIBRARY.rglob("*.py")
                 if _imports(p) & {"flask", "werkzeug", "flask_wtf", "wtforms"}]
    assert offenders == []


def test_only_the_map_view_imports_folium_and_branca():
    offenders = [p.relative_to(LIBRARY) for p in LIBRARY.rglob("*.py")
                 if _imports(p) & {"folium", "branca"} and "mapview" not in p.parts]
    assert offenders == []
    assert any(_imports(p) & {"folium"} for p in (LIBRARY / "mapview").rglob("*.py"))


def test_no_two_modules_share_a_name():
    roots = [LIBRARY, LIBRARY.parents[1] / "app"]
    names = [p.stem for root in roots for p in root.rglob("*.py") if p.stem != "__init__"]
    assert sorted({n for n in names if names.count(n) > 1}) == []
