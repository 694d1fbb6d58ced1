"""The second layer alone: the worker's locked DuckDB, sent queries the gate would never pass.

A parser is not a security boundary; these tests talk to a worker process directly (``warehouse.query_worker``)
and show that file and network access, settings and statements other than one SELECT fail inside DuckDB itself.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import polars as pl
import pytest

from warehouse import publish
from warehouse.query_worker import Worker

SETTINGS = {"threads": 1, "memory_mb": 256, "os_memory_mb": 2048}


@pytest.fixture(scope="module")
def ask(fx_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    snapshot = str(publish.current(fx_db))
    worker = Worker(SETTINGS)

    def request(sql: str) -> dict[str, Any]:
        return worker.request({"op": "run", "snapshot": snapshot, "sql": sql, "limit": 100, "timeout": 5.0}, 20.0)

    yield request
    worker.stop()


@pytest.fixture(scope="module")
def secret(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("sandbox") / "secret.csv"
    path.write_text("a\nsandbox-secret\n", encoding="utf-8")
    return path


@pytest.mark.parametrize(
    "sql",
    [
        "select * from read_text('{secret}')",
        "select * from read_csv('{secret}')",
        "select * from read_blob('{secret}')",
        "select * from glob('{folder}/*')",
        "select * from parquet_metadata('{secret}')",
        "select * from sniff_csv('{secret}')",
        "select * from read_csv('https://example.com/x.csv')",
        "select * from duckdb_extensions() where loaded",
    ],
)
def test_files_and_network_are_off_in_duckdb(ask: Any, secret: Path, sql: str) -> None:
    reply = ask(sql.format(secret=secret, folder=secret.parent))
    assert reply["ok"] is False and reply["error"]["type"] == "Permission", reply
    assert "sandbox-secret" not in str(reply)


def test_a_path_as_a_table_is_not_read(ask: Any, secret: Path) -> None:
    reply = ask(f"select * from '{secret}'")
    assert reply["ok"] is False and "sandbox-secret" not in str(reply)


def test_the_configuration_is_locked_down(ask: Any) -> None:
    reply = ask(
        "select current_setting('enable_external_access'), current_setting('lock_configuration'), "
        "current_setting('autoload_known_extensions'), current_setting('autoinstall_known_extensions'), "
        "current_setting('threads'), current_setting('memory_limit')"
    )
    assert reply["ok"], reply
    row = pl.read_ipc_stream(reply["arrow"]).row(0)
    assert row[:5] == (False, True, False, False, 1)
    assert row[5] in ("256.0 MiB", "256 MiB", "268.4 MB"), row[5]


@pytest.mark.parametrize(
    "sql",
    [
        "copy fact to '{out}'",
        "set threads = 4",
        "set global enable_external_access = true",
        "attach ':memory:' as m",
        "checkpoint",
        "create temp table t as select 1",
        "select 1; copy fact to '{out}'",
    ],
)
def test_only_a_single_select_is_executed(ask: Any, secret: Path, sql: str) -> None:
    out = secret.parent / "out.csv"
    reply = ask(sql.format(out=out))
    assert reply["ok"] is False and reply["kind"] == "refused", reply
    assert not out.exists()


@pytest.mark.parametrize("inner", ["copy fact to ''{out}''", "set threads = 4", "attach '':memory:'' as m"])
def test_sql_strings_cannot_smuggle_statements(ask: Any, secret: Path, inner: str) -> None:
    out = secret.parent / "out.csv"
    reply = ask(f"select * from query('{inner.format(out=out)}')")
    assert reply["ok"] is False, reply
    assert not out.exists()
    again = ask("select current_setting('threads') as t")
    assert again["ok"] and again["row_count"] == 1
