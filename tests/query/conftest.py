"""Fixtures for the guarded-SQL tests: the small hand-made warehouse and one query service per test module."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path

import pytest

from warehouse.query import QueryLimits, QueryService
from warehouse.store import Warehouse

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dashboards"))
sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixture


@pytest.fixture(scope="session")
def fx_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture warehouse, built and published once per session (tests only read it)."""
    path = tmp_path_factory.mktemp("query") / "warehouse.duckdb"
    fixture.build(path)
    return path


@pytest.fixture(scope="session")
def facts(fx_db: Path) -> int:
    """Rows in the fixture's ``fact`` table, read the ordinary way (not through the guard under test)."""
    return int(Warehouse(fx_db).reader().query("select count(*) as n from fact").item())


@pytest.fixture(autouse=True)
def _one_worker(monkeypatch: pytest.MonkeyPatch) -> None:
    """Services created from the environment (the CLI, the SQL page) start one worker, not two: 2 shared cores."""
    monkeypatch.setenv("ZHIBIAO_SQL_WORKERS", "1")


@pytest.fixture(scope="session")
def svc(fx_db: Path) -> Iterator[QueryService]:
    """One query service (one worker) for the session: 2 s timeout, 256 MiB DuckDB memory."""
    service = QueryService(fx_db, QueryLimits(timeout=2.0, workers=1, memory_mb=256, kill_grace=2.0))
    yield service
    service.close()
