"""Shared fixtures: temporary warehouses, in-memory schema connections, isolated environment."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from warehouse import db, schema
from warehouse.store import Warehouse


@pytest.fixture(autouse=True)
def _isolated_env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """No test touches the user's data/ directory; readers opened by a test are closed after it."""
    monkeypatch.setenv("ZHIBIAO_DB", str(tmp_path / "default" / "warehouse.duckdb"))
    monkeypatch.setenv("ZHIBIAO_CACHE", str(tmp_path / "cache"))
    yield
    Warehouse.close_readers()


@pytest.fixture
def wh(tmp_path: Path) -> Warehouse:
    """An empty warehouse in a temporary directory (created on first write)."""
    return Warehouse(tmp_path / "wh" / "warehouse.duckdb")


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory DuckDB with the full schema, macros and views applied."""
    connection = db.connect()
    schema.apply(connection)
    yield connection
    connection.close()
