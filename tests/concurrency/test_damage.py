"""A damaged WAL or master file: a clear message, a copy put aside, nothing discarded, ``recover`` restores.

The WAL here is real: an ingest process is killed with SIGKILL after committing its loads and before the checkpoint,
so the loads live only in the WAL (and in the journal). Then the WAL is cut short or overwritten.
"""

from __future__ import annotations

import multiprocessing
import signal
from pathlib import Path

import pytest

from bench.crash import main_not_reimported, make_table, work
from ingest.files import ingest_paths
from warehouse import journal, publish
from warehouse.master import wal_path
from warehouse.recover import integrity_problems, recover
from warehouse.recover import main as recover_main
from warehouse.store import Reader, Warehouse, WarehouseDamaged


def _killed_before_checkpoint(tmp_path: Path) -> tuple[Warehouse, list[Path]]:
    """A warehouse whose last two loads are committed (and journalled) but only in the WAL."""
    wh = Warehouse(tmp_path / "wh" / "warehouse.duckdb")
    make_table(tmp_path / "base.csv", 1, 20)
    ingest_paths(wh, [tmp_path / "base.csv"])
    files = [tmp_path / "x.csv", tmp_path / "y.csv"]
    for i, f in enumerate(files):
        make_table(f, 10 + i, 200)
    ctx = multiprocessing.get_context("forkserver")
    ctx.set_forkserver_preload(["bench.crash"])
    with main_not_reimported():
        proc = ctx.Process(target=work, args=(str(wh.path), [str(f) for f in files], [], "checkpoint", False))
        proc.start()
    proc.join(120)
    assert proc.exitcode == -signal.SIGKILL
    assert wal_path(wh.path).stat().st_size > 0
    assert journal.last_generation(wh.path) > publish.published_generation(wh.path)
    return wh, files


def _as_found(wh: Warehouse) -> dict[str, bytes]:
    return {f.name: f.read_bytes() for f in (wh.path, wal_path(wh.path)) if f.exists()}


def test_truncated_wal_is_kept_reported_and_recovered(tmp_path: Path) -> None:
    wh, files = _killed_before_checkpoint(tmp_path)
    wal = wal_path(wh.path)
    wal.write_bytes(wal.read_bytes()[: wal.stat().st_size // 2])  # a WAL cut short (a bad copy, a full disk …)
    found = _as_found(wh)

    with pytest.raises(WarehouseDamaged) as exc, wh.writer(timeout=5):
        pass
    message = str(exc.value)
    assert "缺少已提交的导入" in message and "missing committed loads" in message
    # names the loads to redo: the last one is always past the cut (whether x.csv is depends on the WAL's layout)
    assert "zhibiao recover" in message and "y.csv" in message
    assert "Traceback" not in message
    assert _as_found(wh) == found  # nothing discarded: master and WAL exactly as found …
    aside = [p for p in (wh.path.parent / "warehouse.duckdb.damaged").iterdir() if p.is_dir()]
    assert len(aside) == 1 and (aside[0] / wal.name).read_bytes() == found[wal.name]  # … and a copy put aside

    # Readers keep serving the last published snapshot and say why they cannot move on.
    reader = Reader(wh)
    assert reader.rows("select count(*) from source") == [(1,)]
    assert reader.warning and "missing committed loads" in reader.warning
    reader.close()

    result = recover(wh)
    assert result.restored and result.chosen is not None
    assert "x.csv" in result.summary() or "y.csv" in result.summary()  # what to ingest again
    assert not wh.needs_recovery()
    ingest_paths(wh, files)  # the lost loads go in again; the loads the WAL kept are "unchanged"
    fresh = Reader(wh)
    cur = fresh.cursor()
    assert integrity_problems(cur) == []
    assert cur.execute("select count(*), sum(n_facts) from source").fetchone() == (3, 420)
    cur.close()
    fresh.close()


def test_garbage_wal_gives_a_clear_message_and_keeps_a_copy(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    wh, _ = _killed_before_checkpoint(tmp_path)
    wal = wal_path(wh.path)
    wal.write_bytes(b"\x00garbage" * 4096)
    found = _as_found(wh)
    with pytest.raises(WarehouseDamaged) as exc, wh.writer(timeout=5):
        pass
    message = str(exc.value)
    assert "a copy was put aside" in message or "copied to" in message, message
    assert "zhibiao recover" in message
    assert _as_found(wh) == found
    copies = list((wh.path.parent / "warehouse.duckdb.damaged").rglob(wal.name))
    assert copies and copies[0].read_bytes() == found[wal.name]
    assert recover_main(["--db", str(wh.path), "--dry-run"]) == 0
    assert "未改动 / nothing changed" in capsys.readouterr().out and _as_found(wh) == found
    assert recover_main(["--db", str(wh.path)]) == 0  # python -m warehouse.recover
    assert "restored from" in capsys.readouterr().out
    assert not wh.needs_recovery()
    assert Reader(wh).rows("select count(*) from source")[0][0] >= 1
