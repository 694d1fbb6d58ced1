"""The single-writer / many-reader store: locking, transactions, snapshot publishing, recovery."""

from __future__ import annotations

import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from warehouse import paths, publish
from warehouse.store import Reader, Warehouse, WarehouseDamaged, WarehouseNotFound, WriterBusy


def _add_domain(wh: Warehouse, code: str) -> None:
    with wh.writer() as w, w.transaction() as con:
        con.execute("insert into domain values (?, ?, 0)", [code, f"领域{code}"])


def test_first_write_creates_schema_and_publishes(wh: Warehouse) -> None:
    _add_domain(wh, "edu")
    snap = publish.current(wh.path)
    assert snap is not None and snap.parent == paths.snapshot_dir(wh.path)
    assert wh.reader().rows("select code from domain") == [("edu",)]
    tables = {r[0] for r in wh.reader().rows("select table_name from information_schema.tables")}
    assert {"fact", "source", "region", "indicator", "stated_change", "quarantine", "unit"} <= tables


def test_reader_follows_new_snapshots_without_restart(wh: Warehouse) -> None:
    _add_domain(wh, "a")
    reader = wh.reader()
    first = reader.snapshot or (reader.connection() and reader.snapshot)
    assert reader.rows("select count(*) from domain") == [(1,)]
    _add_domain(wh, "b")
    assert reader.rows("select count(*) from domain") == [(2,)]
    assert reader.snapshot != first


def test_failed_transaction_rolls_back_and_publishes_nothing(wh: Warehouse) -> None:
    _add_domain(wh, "a")
    before = publish.published_generation(wh.path)
    with pytest.raises(RuntimeError, match="boom"), wh.writer() as w, w.transaction() as con:
        con.execute("insert into domain values ('x', 'X', 0)")
        raise RuntimeError("boom")
    assert publish.published_generation(wh.path) == before
    assert wh.reader().rows("select code from domain order by 1") == [("a",)]


def test_committed_work_is_published_even_if_a_later_step_fails(wh: Warehouse) -> None:
    with pytest.raises(RuntimeError), wh.writer() as w:
        with w.transaction() as con:
            con.execute("insert into domain values ('a', 'A', 0)")
        raise RuntimeError("second file failed")
    assert wh.reader().rows("select code from domain") == [("a",)]


def test_second_writer_in_process_waits_then_times_out(wh: Warehouse) -> None:
    _add_domain(wh, "a")
    messages: list[str] = []
    held = threading.Event()
    release = threading.Event()

    def hold() -> None:
        with wh.writer():
            held.set()
            release.wait(5)

    t = threading.Thread(target=hold)
    t.start()
    held.wait(5)
    start = time.monotonic()
    with pytest.raises(WriterBusy, match="timed out"), wh.writer(timeout=0.3, on_wait=messages.append):
        pass
    assert time.monotonic() - start >= 0.3
    assert messages and "waiting for another writer" in messages[0]
    release.set()
    t.join()


def test_second_writer_process_waits_and_then_succeeds(wh: Warehouse, tmp_path: Path) -> None:
    _add_domain(wh, "a")
    script = (
        "import sys, time\n"
        "from warehouse.store import Warehouse\n"
        "wh = Warehouse(sys.argv[1])\n"
        "with wh.writer() as w, w.transaction() as con:\n"
        "    print('holding', flush=True)\n"
        "    con.execute(\"insert into domain values ('p', 'P', 0)\")\n"
        "    time.sleep(1.0)\n"
    )
    proc = subprocess.Popen([sys.executable, "-c", script, str(wh.path)], stdout=subprocess.PIPE, text=True)
    assert proc.stdout is not None and proc.stdout.readline().strip() == "holding"
    waited: list[str] = []
    _ = waited
    with wh.writer(timeout=30, on_wait=waited.append) as w, w.transaction() as con:
        con.execute("insert into domain values ('q', 'Q', 0)")
    assert proc.wait(30) == 0
    assert waited, "the second writer should have reported that it was waiting"
    assert [r[0] for r in wh.reader().rows("select code from domain order by 1")] == ["a", "p", "q"]


def test_reader_on_missing_warehouse_says_what_to_do(wh: Warehouse) -> None:
    with pytest.raises(WarehouseNotFound, match="zhibiao demo"):
        wh.reader().rows("select 1")


def test_fresh_rebuild_keeps_generations_increasing(wh: Warehouse) -> None:
    _add_domain(wh, "a")
    _add_domain(wh, "b")
    gen = publish.published_generation(wh.path)
    with wh.writer(fresh=True) as w, w.transaction() as con:
        con.execute("insert into domain values ('c', 'C', 0)")
    assert publish.published_generation(wh.path) > gen
    assert wh.reader().rows("select code from domain") == [("c",)]


def test_old_snapshots_are_pruned(wh: Warehouse) -> None:
    for i in range(6):
        _add_domain(wh, f"d{i}")
    snaps = [p for p in paths.snapshot_dir(wh.path).iterdir() if publish.generation_of(p.name)]
    assert len(snaps) == publish.KEEP
    assert publish.current(wh.path) in snaps


def test_crash_between_commit_and_publish_recovers_on_next_open(wh: Warehouse, monkeypatch) -> None:
    _add_domain(wh, "a")
    real = publish.publish

    def crash(*args: object, **kwargs: object) -> None:
        raise KeyboardInterrupt("killed during publish")

    monkeypatch.setattr(publish, "publish", crash)
    with pytest.raises(KeyboardInterrupt), wh.writer() as w, w.transaction() as con:
        con.execute("insert into domain values ('b', 'B', 0)")
    monkeypatch.setattr(publish, "publish", real)
    assert Reader(wh, recover=False).rows("select count(*) from domain") == [(1,)]  # old snapshot still served
    assert wh.needs_recovery()
    assert wh.reader().rows("select count(*) from domain") == [(2,)]  # a reader publishes the dead writer's work
    assert not wh.needs_recovery()


def test_damaged_master_is_copied_aside_with_a_clear_message(wh: Warehouse) -> None:
    _add_domain(wh, "a")
    wh.path.write_bytes(b"this is not a duckdb file" * 100)
    with pytest.raises(WarehouseDamaged) as exc, wh.writer():
        pass
    assert "copy was put aside" in str(exc.value)
    aside = list(paths.damaged_dir(wh.path).rglob("warehouse.duckdb"))
    assert aside and aside[0].read_bytes().startswith(b"this is not")
