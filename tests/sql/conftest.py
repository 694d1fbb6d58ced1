"""Data tests for sql/views, sql/macros and sql/checks: fixture files of input rows, expected rows in the tests."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import duckdb
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))

from sqlfix import load

from warehouse import db, schema


@pytest.fixture(scope="module")
def sqlcon() -> Iterator[duckdb.DuckDBPyConnection]:
    """An in-memory warehouse with the schema, macros and views, shared by one test module (tests only read)."""
    connection = db.connect()
    schema.apply(connection)
    yield connection
    connection.close()


@pytest.fixture(scope="module")
def fixture() -> Iterator[Callable[..., duckdb.DuckDBPyConnection]]:
    """``fixture("yoy")``: an in-memory warehouse holding ``base`` and the named fixture files, built once per module
    and name (tests only read it)."""
    made: dict[tuple[str, ...], duckdb.DuckDBPyConnection] = {}

    def make(*names: str) -> duckdb.DuckDBPyConnection:
        if names not in made:
            connection = db.connect()
            schema.apply(connection)
            load(connection, *names)
            made[names] = connection
        return made[names]

    yield make
    for connection in made.values():
        connection.close()
