"""Fixtures for the hostile-file tests: a warehouse with one ordinary file loaded through the CLI."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))  # corpus, clirun

from clirun import GOOD, run_cli


@pytest.fixture(scope="module")
def loaded(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse holding one ordinary table (loaded through the CLI, as the hostile files are)."""
    base = tmp_path_factory.mktemp("hostile")
    good = base / "good.csv"
    good.write_text(GOOD, encoding="utf-8")
    db = base / "wh" / "warehouse.duckdb"
    proc = run_cli(db, "ingest", str(good))
    assert proc.returncode == 0, proc.stderr
    return db


@pytest.fixture
def cli(loaded: Path) -> Callable[..., subprocess.CompletedProcess[str]]:
    def invoke(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
        return run_cli(loaded, *args, env=env)

    return invoke
