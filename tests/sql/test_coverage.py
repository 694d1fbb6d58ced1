"""Every file in sql/views, sql/macros and sql/checks has a data test: a module here lists it in ``COVERS``."""

from __future__ import annotations

import ast
from pathlib import Path

from warehouse import paths, views

HERE = Path(__file__).resolve().parent


def _covered() -> dict[str, str]:
    covered: dict[str, str] = {}
    for path in sorted(HERE.glob("test_*.py")):
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(getattr(t, "id", None) == "COVERS" for t in node.targets):
                for name in ast.literal_eval(node.value):
                    covered[name] = path.name
    return covered


def test_every_sql_object_has_a_data_test() -> None:
    objects = {o.name for o in views.load()} | {c.name for c in views.load_checks()}
    missing = sorted(objects - set(_covered()))
    assert not missing, f"SQL objects without a data test (add them to a COVERS tuple): {missing}"


def test_covers_names_only_existing_objects() -> None:
    objects = {o.name for o in views.load()} | {c.name for c in views.load_checks()}
    stale = sorted(set(_covered()) - objects)
    assert not stale, f"COVERS names objects that no longer exist: {stale}"


def test_every_sql_file_has_a_header() -> None:
    root = paths.sql_dir()
    for folder in ("views", "macros", "checks"):
        for path in sorted((root / folder).glob("*.sql")):
            head = views.header(path.read_text(encoding="utf-8"))
            assert head.startswith(f"{path.stem}:"), f"{path}: the header starts with '{path.stem}: <purpose>'"
            assert "grain:" in head and "columns:" in head, f"{path}: the header names the grain and the columns"
