"""Inside one process: one connection per database, a cursor per thread, cached results keyed by everything.

The server runs every session in its own thread over the process-wide :class:`Reader`; a writer in another process
(here: a thread with its own write connection) publishes new snapshots meanwhile.
"""

from __future__ import annotations

import os
import threading
import time
from pathlib import Path

from warehouse import publish
from warehouse.store import Warehouse

REGIONS = ["r1", "r2", "r3", "r4"]


def _load(wh: Warehouse, batch: int) -> None:
    """One committed load: ``batch + 1`` new rows per region (each reader thread filters on one region)."""
    with wh.writer() as w, w.transaction() as con:
        con.execute("create table if not exists probe (region varchar, batch integer)")
        con.executemany("insert into probe values (?, ?)", [[r, batch] for r in REGIONS for _ in range(batch + 1)])


def _open_fds_to(path: Path) -> int:
    """How many of this process's file descriptors point at ``path`` (deleted or not)."""
    n = 0
    for fd in os.listdir("/proc/self/fd"):
        try:
            target = os.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            continue
        if target.removesuffix(" (deleted)") == str(path):
            n += 1
    return n


def test_threads_share_one_connection_and_see_only_their_own_rows(wh: Warehouse) -> None:
    _load(wh, 0)
    reader = wh.reader()
    assert Warehouse(wh.path).reader() is reader  # one Reader (one connection) per database per process
    errors: list[str] = []
    users = [(r, k) for r in REGIONS for k in range(2)]  # two users (threads) per filter
    seen: dict[tuple[str, int], list[int]] = {u: [] for u in users}  # per thread: in the order it read them
    stop = threading.Event()

    def user(region: str, k: int) -> None:
        while not stop.is_set():
            try:
                rows = reader.rows("select region, count(*) from probe where region = ? group by region", [region])
                assert [r[0] for r in rows] == [region], rows  # this user's filter, never another's rows
                seen[region, k].append(rows[0][1])
                time.sleep(0.005)  # let the writer thread run too (the GIL)
            except Exception as exc:  # any error fails the test below
                errors.append(f"{region}: {type(exc).__name__}: {exc}")
                return

    threads = [threading.Thread(target=user, args=u) for u in users]
    for t in threads:
        t.start()
    for batch in range(1, 4):
        _load(wh, batch)  # the pointer moves three times under the readers' feet
    stop.set()
    for t in threads:
        t.join(30)
    assert errors == []
    total = sum(b + 1 for b in range(4))
    for who, counts in seen.items():
        assert counts and counts == sorted(counts), f"{who} went back in time: {counts}"
        assert counts[-1] <= total
    assert reader.rows("select count(*) from probe where region = 'r1'") == [(total,)]
    con = reader.connection()
    assert all(reader.connection() is con for _ in range(3))  # unchanged pointer: the same connection


def test_cached_readers_key_each_users_selection(wh: Warehouse, monkeypatch) -> None:
    """``dashboards.data`` caches are shared by all sessions: concurrent users with different filters each get theirs."""
    import importlib

    from ingest.files import ingest_paths

    monkeypatch.setenv("ZHIBIAO_DB", str(wh.path))
    csv = wh.path.parent.parent / "t.csv"
    offsets = {"城市低保户数": {"440308": 1, "440304": 5}, "农村低保人数": {"440308": 7, "440305": 9}}
    lines = [
        f"{region},{name},{y},{v + y},{'户' if name == '城市低保户数' else '人'}\n"
        for name, by_region in offsets.items()
        for region, v in by_region.items()
        for y in range(2000, 2010)
    ]
    csv.write_text("region,indicator,period,value,unit\n" + "".join(lines), encoding="utf-8")
    ingest_paths(wh, [csv])
    data = importlib.import_module("dashboards.data")
    data.trend.clear()
    gen = data.generation()
    by_name = {n: c for c, n in data.indicators(gen).select("code", "name").iter_rows()}
    asks = [
        ("城市低保户数", ("440308",)),
        ("城市低保户数", ("440304",)),
        ("城市低保户数", ("440304", "440308")),
        ("农村低保人数", ("440305",)),
        ("农村低保人数", ("440308",)),
    ]
    errors: list[str] = []

    def user(name: str, regions: tuple[str, ...]) -> None:
        expected = sorted(float(offsets[name][r] + y) for r in regions for y in range(2000, 2010))
        for _ in range(15):
            try:
                frame = data.trend(gen, by_name[name], regions, "Y")
                assert set(frame["region"].to_list()) == set(regions), (regions, set(frame["region"]))
                assert sorted(frame["value"].to_list()) == expected  # this user's indicator, not another's
            except Exception as exc:
                errors.append(f"{name} {regions}: {type(exc).__name__}: {exc}")
                return

    threads = [threading.Thread(target=user, args=a) for a in asks for _ in range(3)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert errors == []


def test_old_snapshot_is_removed_and_its_space_freed_once_unused(wh: Warehouse) -> None:
    _load(wh, 0)
    reader = wh.reader()
    held = reader.cursor()  # e.g. a slow page still rendering from the first snapshot
    first = reader.snapshot
    assert first is not None and _open_fds_to(first) >= 1
    for batch in range(1, publish.KEEP + 2):
        _load(wh, batch)
    assert not first.exists()  # pruned from the directory …
    assert held.execute("select count(*) from probe").fetchone() == (len(REGIONS),)  # … still readable by its holder
    assert reader.rows("select count(*) from probe where region = 'r1'")[0][0] > 1  # others read the newest
    assert reader.snapshot != first
    held.close()
    assert _open_fds_to(first) == 0  # the last user gone: DuckDB closed the file and its disk space came back
    assert len(publish.snapshots(wh.path)) == publish.KEEP
