"""Guarded SQL figures: the guard's overhead on a small query, interrupt latency, and the gate's worst case.

    uv run python bench/query.py [--db PATH] [--runs 200]

Without ``--db`` the demo warehouse is built in a temporary directory first (``zhibiao demo``, ~10 s). Figures:

- overhead: the same small query run (a) directly on a DuckDB connection to the same snapshot in this process and
  (b) through ``QueryService.run`` (the gate's two parsers + the worker round trip + Arrow → polars); medians, p95
  and the ratio; the gate alone (``QueryService.check``) is reported separately;
- interrupt latency: a runaway query with a 0.5 s timeout — the time from the timeout to the QueryTimeout reaching
  the caller, the worker's own interrupt-to-exception time, and until the same worker answers the next query;
- kill latency: a worker that ignores interrupt() (SIGSTOP) — until the caller gets QueryTimeout and until a fresh
  worker answers;
- the gate's time on a pathological query at the size limit (20 KB of nested function calls).
"""

from __future__ import annotations

import argparse
import os
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import contextlib

from warehouse import db as wdb
from warehouse import publish
from warehouse.query import QueryLimits, QueryService, QueryTimeout
from warehouse.query_guard import MAX_SQL_BYTES
from warehouse.query_worker import Worker

SMALL = (
    "select region, period, value from fact "
    "where indicator = 'urban_dibao_households' and period = '2023' order by region"
)
RUNAWAY = "select count(*) from range(1000000000000) t(a)"


def _ms(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered) * 1000, ordered[int(0.95 * (len(ordered) - 1))] * 1000


def _time(fn: Callable[[], object], runs: int) -> list[float]:
    fn()  # warm
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()
        out.append(time.perf_counter() - started)
    return out


def overhead(svc: QueryService, snapshot: Path, runs: int) -> None:
    con = wdb.connect(snapshot, read_only=True)
    try:
        direct = _time(lambda: con.sql(SMALL).pl(), runs)
    finally:
        con.close()
    guarded = _time(lambda: svc.run(SMALL), runs)
    gate = _time(lambda: svc.check(SMALL), runs)
    (d50, d95), (g50, g95), (c50, c95) = _ms(direct), _ms(guarded), _ms(gate)
    rows = svc.run(SMALL).row_count
    print(f"small query ({rows} rows), {runs} runs each, median / p95:")
    print(f"  direct DuckDB in process : {d50:7.2f} / {d95:7.2f} ms")
    print(f"  guarded (QueryService)   : {g50:7.2f} / {g95:7.2f} ms   ratio {g50 / d50:.1f}x, +{g50 - d50:.2f} ms")
    print(f"    of which the gate      : {c50:7.2f} / {c95:7.2f} ms")
    print(f"    worker round trip etc. : {g50 - c50:7.2f} ms (median difference)")


def interrupt_latency(svc: QueryService, snapshot: Path, repeats: int = 8) -> None:
    late, usable = [], []
    for _ in range(repeats):
        started = time.perf_counter()
        with contextlib.suppress(QueryTimeout):
            svc.run(RUNAWAY, timeout=0.5)
        stopped = time.perf_counter()
        svc.run("select 1")
        late.append(stopped - started - 0.5)
        usable.append(time.perf_counter() - started - 0.5)
    worker = Worker(svc.limits.worker_settings())
    inside = []
    try:
        for _ in range(repeats):
            reply = worker.request(
                {"op": "run", "snapshot": str(snapshot), "sql": RUNAWAY, "limit": 10, "timeout": 0.5}, 10
            )
            inside.append((reply.get("interrupt_ms") or float("nan")) / 1000)
    finally:
        worker.stop()
    (l50, l95), (u50, u95), (i50, i95) = _ms(late), _ms(usable), _ms(inside)
    print(f"interrupt (timeout 0.5 s, {repeats} runs), median / p95 after the timeout:")
    print(f"  worker: interrupt() → query stopped     : {i50:7.2f} / {i95:7.2f} ms")
    print(f"  caller gets QueryTimeout               : {l50:7.2f} / {l95:7.2f} ms")
    print(f"  same worker has answered the next query: {u50:7.2f} / {u95:7.2f} ms")


def kill_latency(path: Path, repeats: int = 3) -> None:
    caught, ready = [], []
    with QueryService(path, QueryLimits(timeout=0.5, kill_grace=0.5, workers=1)) as svc:
        for _ in range(repeats):
            svc.run("select 1")
            os.kill(svc._idle.queue[0].pid, signal.SIGSTOP)
            started = time.perf_counter()
            with contextlib.suppress(QueryTimeout):
                svc.run("select 1")
            caught.append(time.perf_counter() - started - 1.0)
            svc.run("select 1")
            ready.append(time.perf_counter() - started - 1.0)
    print(f"wedged worker (timeout 0.5 s + 0.5 s grace, {repeats} runs), median after timeout + grace:")
    print(f"  caller gets QueryTimeout (worker killed): {_ms(caught)[0]:7.1f} ms")
    print(f"  a fresh worker has answered            : {_ms(ready)[0]:7.1f} ms")


def gate_worst_case(svc: QueryService) -> None:
    items, n = [], 0
    while len(", ".join(items)) < MAX_SQL_BYTES - 60:
        items.append(f"coalesce(abs(round(value, {n % 5})), 0)")
        n += 1
    sql = "select " + ", ".join(items[:-1]) + " from fact"
    samples = _time(lambda: svc.check(sql), 3)
    print(
        f"gate on {len(sql.encode()):,} bytes of {n - 1} nested calls (limit {MAX_SQL_BYTES:,}): {_ms(samples)[0]:.0f} ms"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, help="warehouse file (default: build the demo in a temporary directory)")
    parser.add_argument("--runs", type=int, default=200)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        path = args.db
        if path is None:
            path = Path(tmp) / "warehouse.duckdb"
            print("building the demo warehouse …", flush=True)
            subprocess.run(
                [sys.executable, "-m", "zhibiao", "--db", str(path), "demo"], check=True, capture_output=True
            )
        with QueryService(path, QueryLimits(workers=1)) as svc:
            svc.run("select 1")
            snapshot = publish.current(svc.db)
            assert snapshot is not None
            overhead(svc, snapshot, args.runs)
            interrupt_latency(svc, snapshot)
            gate_worst_case(svc)
        kill_latency(path)


if __name__ == "__main__":
    main()
