"""Fixtures for the ingest tests: a loader bound to a temporary warehouse and row counts to compare."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from ingest.files import ingest_paths
from ingest.load import LoadResult
from warehouse.store import Warehouse

sys.path.insert(0, str(Path(__file__).resolve().parent))  # ingest_corpus

TABLES = ("source", "fact", "quarantine", "indicator", "region", "stated_change")


def counts(wh: Warehouse) -> dict[str, int]:
    """Rows in each warehouse table (all zero before the first load)."""
    if not wh.exists():
        return dict.fromkeys(TABLES, 0)
    sql = " union all ".join(f"select '{t}', count(*) from {t}" for t in TABLES)
    return {t: n for t, n in wh.reader().rows(sql)}


def query(wh: Warehouse, sql: str, params: list[object] | None = None) -> list[tuple[object, ...]]:
    return wh.reader().rows(sql, params)


@pytest.fixture
def load(wh: Warehouse) -> Callable[..., list[LoadResult]]:
    """``load(path, ..., **options)`` → the LoadResults of ``ingest_paths`` on the test's warehouse."""

    def run(*paths: Path, **options: object) -> list[LoadResult]:
        return ingest_paths(wh, list(paths), **options)

    return run
