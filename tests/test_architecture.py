"""Data flows one way (docs/architecture.md): warehouse → ingest → dashboards → zhibiao. Enforced here, not by review."""

from __future__ import annotations

import ast
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def test_import_contracts_hold() -> None:
    exe = shutil.which("lint-imports") or str(Path(sys.executable).parent / "lint-imports")
    proc = subprocess.run([exe, "--no-cache"], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stdout + proc.stderr


@pytest.mark.parametrize("module", ["warehouse.store", "warehouse.export", "warehouse.views", "ingest.load"])
def test_lower_layers_load_without_ui(module: str) -> None:
    code = (
        f"import sys, {module}\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('streamlit', 'dashboards', 'zhibiao', 'plotly'))\n"
        "assert not bad, bad\n"
    )
    proc = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=120)
    assert proc.returncode == 0, proc.stderr


def test_only_db_py_calls_duckdb_connect() -> None:
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        if any(part in (".venv", "tests", "bench") for part in path.parts) or path.name == "db.py":
            continue
        tree = ast.parse(path.read_text(encoding="utf-8"))
        for node in ast.walk(tree):
            if (
                isinstance(node, ast.Attribute)
                and node.attr == "connect"
                and isinstance(node.value, ast.Name)
                and node.value.id == "duckdb"
            ):
                offenders.append(f"{path.relative_to(ROOT)}:{node.lineno}")
    assert not offenders, f"duckdb.connect outside warehouse/db.py: {offenders}"


def test_pages_never_open_duckdb() -> None:
    pages = list((ROOT / "dashboards").rglob("*.py"))
    offenders = [
        str(p.relative_to(ROOT))
        for p in pages
        if "import duckdb" in p.read_text(encoding="utf-8") or "warehouse.db" in p.read_text(encoding="utf-8")
    ]
    assert not offenders, f"dashboards must read through cached readers, not DuckDB: {offenders}"
