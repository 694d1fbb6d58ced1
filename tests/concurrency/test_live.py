"""One writer, many readers, real processes: ``zhibiao ingest`` while ``zhibiao serve`` runs and readers query.

DuckDB alone would refuse here ("Could not set lock on file"): the server, the reader loop and ``zhibiao sql`` read
published snapshots, the ingests take turns on the master under the write lock (docs/operations.md).
"""

from __future__ import annotations

import json
import subprocess
import threading
import time
from pathlib import Path

from bench.load import PageClient, child_env, serve, zhibiao
from ingest.files import ingest_paths
from warehouse import publish
from warehouse.store import Warehouse

INDICATORS = [("城市低保户数", "户"), ("农村低保人数", "人"), ("养老机构床位数", "张")]


def write_table(path: Path, first_year: int, years: int) -> int:
    """A long CSV without a region column (the CLI's ``--region`` supplies it); returns its row count."""
    lines = ["indicator,period,value,unit"]
    for y in range(first_year, first_year + years):
        lines += [f"{name},{y},{(y * 7 + i) % 9973 + 1},{unit}" for i, (name, unit) in enumerate(INDICATORS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return years * len(INDICATORS)


def run_cli(*args: str, db: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    return subprocess.run(zhibiao(*args), env=child_env(db), capture_output=True, text=True, timeout=timeout)


def start_cli(*args: str, db: Path) -> subprocess.Popen[str]:
    return subprocess.Popen(
        zhibiao(*args), env=child_env(db), stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


class ReaderLoop(threading.Thread):
    """Queries the fact count on the process-wide reader until stopped; keeps every count and error."""

    def __init__(self, db: Path) -> None:
        super().__init__(daemon=True)
        self.reader = Warehouse(db).reader()
        self.stop = threading.Event()
        self.counts: list[int] = []
        self.errors: list[str] = []

    def run(self) -> None:
        while not self.stop.is_set():
            try:
                self.counts.append(int(self.reader.rows("select count(*) from fact")[0][0]))
            except Exception as exc:
                self.errors.append(f"{type(exc).__name__}: {exc}")
            time.sleep(0.02)


def test_cli_ingest_while_the_server_and_readers_run(tmp_path: Path) -> None:
    db = tmp_path / "wh" / "warehouse.duckdb"
    base_rows = write_table(tmp_path / "base.csv", 1950, 10)
    ingest_paths(Warehouse(db), [tmp_path / "base.csv"], region="盐田区")
    files = {tmp_path / f"new{i}.csv": write_table(tmp_path / f"new{i}.csv", 1970 + 20 * i, 15) for i in range(2)}
    total = base_rows + sum(files.values())

    with serve(db, tmp_path / "serve.log") as (url, server), PageClient(url) as session:
        first = session.load("")  # the default page: 总览 (overview)
        assert not first.exceptions
        assert first.metric("指标数据") == f"{base_rows:,}"
        loop = ReaderLoop(db)
        loop.start()
        ingests = [start_cli("ingest", str(f), "--region", "盐田区", db=db) for f in files]
        query = start_cli("sql", "select count(*) as n from fact", "--format", "json", db=db)
        outputs = [p.communicate(timeout=120) for p in [*ingests, query]]
        loop.stop.set()
        loop.join(10)

        for proc, (_, err) in zip([*ingests, query], outputs, strict=True):
            assert proc.returncode == 0, err
            assert "Traceback" not in err and "could not set lock" not in err.lower(), err
        for (out, _), (f, rows) in zip(outputs, files.items(), strict=False):
            assert f"✓ {f}: 事实 facts {rows:,}" in out
        assert json.loads(outputs[-1][0])[0]["n"] in range(base_rows, total + 1)

        assert loop.errors == []
        assert loop.counts and loop.counts == sorted(loop.counts), "a reader saw the fact count go down"
        assert set(loop.counts) <= {base_rows, total} | {base_rows + rows for rows in files.values()}

        # Every source whole, in a fresh `zhibiao sql` process and in the running server (same session, no restart).
        done = run_cli(
            "sql",
            "select s.path, s.n_facts, count(f.id) as rows from source s left join fact f on f.source_id = s.id "
            "group by all order by s.path",
            "--format",
            "json",
            db=db,
        )
        assert done.returncode == 0, done.stderr
        by_path = {r["path"]: (r["n_facts"], r["rows"]) for r in json.loads(done.stdout)}
        for f, rows in files.items():
            assert [v for k, v in by_path.items() if k.endswith(f.name)] == [(rows, rows)]
        after = session.load("")  # the default page: 总览 (overview)
        assert not after.exceptions
        assert after.metric("指标数据") == f"{total:,}"
        assert after.metric("来源文件") == "3"
        assert server.poll() is None
        assert Warehouse(db).reader().rows("select count(*) from fact") == [(total,)]
        assert publish.published_generation(db) > 0 and not Warehouse(db).needs_recovery()
    log = (tmp_path / "serve.log").read_text(encoding="utf-8", errors="replace")
    assert "Traceback" not in log and "could not set lock" not in log.lower(), log[-2000:]


def test_second_cli_writer_waits_with_a_message_then_times_out_cleanly(tmp_path: Path) -> None:
    """``zhibiao ingest --wait`` (run in-process) while another writer holds the lock."""
    from typer.testing import CliRunner

    from zhibiao.cli import app

    db = tmp_path / "wh" / "warehouse.duckdb"
    rows = write_table(tmp_path / "a.csv", 1990, 5)
    wh = Warehouse(db)
    ingest_paths(wh, [tmp_path / "a.csv"], region="盐田区")
    write_table(tmp_path / "b.csv", 2000, 5)
    held, release = threading.Event(), threading.Event()

    def hold() -> None:
        with wh.writer(purpose="测试持有写入锁 / test holding the lock"):
            held.set()
            release.wait(60)

    holder = threading.Thread(target=hold)
    holder.start()
    try:
        assert held.wait(30)
        start = time.monotonic()
        res = CliRunner().invoke(
            app, ["--db", str(db), "ingest", str(tmp_path / "b.csv"), "--region", "盐田区", "--wait", "2"]
        )
        waited = time.monotonic() - start
    finally:
        release.set()
        holder.join(30)
    err = res.stderr
    assert res.exit_code == 2, (res.exception, err)
    assert waited >= 2
    assert "正在等待" in err and "waiting for another writer" in err
    assert "测试持有写入锁" in err, err  # says whom it waits for
    assert "等待写入锁超时" in err and "timed out after 2s" in err
    assert "Traceback" not in res.output + err
    # Nothing of b.csv was loaded, and the warehouse is as before.
    assert Warehouse(db).reader().rows("select count(*), count(distinct source_id) from fact") == [(rows, 1)]
