"""Runaway queries and oversized input: time, memory, rows, text size and nesting — each stopped with one clear
message, the warehouse untouched, and the worker usable afterwards (the same process when it could be saved)."""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest
from query_helpers import worker_pid

from warehouse.query import QueryError, QueryLimits, QueryRefused, QueryService, QueryTimeout
from warehouse.query_guard import MAX_NESTING, MAX_SQL_BYTES

RUNAWAY_CPU = [
    "select count(*) from range(1000000000000) t(a)",
    "select sum(a * b) from range(100000) t(a), range(100000) u(b)",
    "with recursive r(n) as (select 1 union all select n + 1 from r) select count(*) from r",
]
RUNAWAY_MEMORY = [
    "select repeat('x', 2000000000)",
    "select list(a) from range(300000000) t(a)",
    "select string_agg(repeat('x', 1000), ',') from range(2000000) t(a)",
]


def assert_still_serving(svc: QueryService, pid: int | None = None) -> None:
    assert svc.run("select count(*) from fact").frame.item() > 0
    if pid is not None:
        assert worker_pid(svc) == pid, "the worker was restarted although the query could be stopped in place"


@pytest.mark.parametrize("sql", RUNAWAY_CPU)
def test_runaway_cpu_is_interrupted_in_time(svc: QueryService, sql: str) -> None:
    svc.run("select 1")
    pid = worker_pid(svc)
    started = time.perf_counter()
    with pytest.raises(QueryTimeout) as caught:
        svc.run(sql, timeout=0.5)
    assert time.perf_counter() - started >= 0.5  # not before its time; how soon after is measured by bench/query.py
    assert caught.value.message == "查询超时：超过 0.5 秒已中断 / the query timed out: stopped after 0.5 s"
    assert_still_serving(svc, pid)  # interrupted, not killed: the same process answers


def test_a_worker_that_ignores_the_interrupt_is_killed_and_replaced(fx_db: Path) -> None:
    with QueryService(fx_db, QueryLimits(timeout=0.5, workers=1, kill_grace=0.5)) as svc:
        svc.run("select 1")
        pid = worker_pid(svc)
        os.kill(pid, signal.SIGSTOP)  # a worker wedged beyond interrupt()'s reach
        with pytest.raises(QueryTimeout, match=r"已结束并重启查询进程 / .*killed and restarted"):
            svc.run("select 1")
        assert svc.run("select count(*) from fact").frame.item() > 0
        assert worker_pid(svc) != pid
        with pytest.raises(ProcessLookupError):
            os.kill(pid, 0)  # the wedged process is gone, not leaked


@pytest.mark.parametrize("sql", RUNAWAY_MEMORY)
def test_runaway_memory_is_stopped_by_the_memory_limit(svc: QueryService, sql: str) -> None:
    svc.run("select 1")
    pid = worker_pid(svc)
    with pytest.raises(QueryError) as caught:
        svc.run(sql, timeout=10.0)
    assert caught.value.message.startswith("内存不足：查询超出了 256 MiB 的内存上限")
    assert "out of memory: the query exceeded the 256 MiB limit" in caught.value.message
    assert_still_serving(svc, pid)


def test_the_os_memory_cap_holds_where_duckdb_memory_limit_is_too_high(fx_db: Path) -> None:
    """DuckDB believes it may use 8 GiB; the worker's RLIMIT_AS of 1 GiB stops the query all the same."""
    limits = QueryLimits(timeout=10.0, workers=1, memory_mb=8192, os_memory_mb=1024)
    with QueryService(fx_db, limits) as svc:
        with pytest.raises(QueryError, match="内存不足：查询超出了 1024 MiB") as caught:
            svc.run("select list(a) from range(300000000) t(a)")
        assert "\n" not in caught.value.message
        assert svc.run("select count(*) from fact").frame.item() > 0


def test_huge_sql_text_is_refused_before_parsing(svc: QueryService) -> None:
    with pytest.raises(
        QueryRefused, match=f"SQL 文本过长.*上限 {MAX_SQL_BYTES:,}.* / Refused: the SQL text is too long"
    ):
        svc.run("select '" + "x" * (MAX_SQL_BYTES + 1))  # an unclosed string: a parser would have refused it
    with pytest.raises(QueryRefused, match="SQL 文本过长"):
        svc.run("select 1 " + "-- padding\n" * 20_000)  # comments count too
    with pytest.raises(QueryRefused, match="SQL 文本过长"):
        svc.run("select " + "中" * (MAX_SQL_BYTES // 3 + 1))  # bytes, not characters
    assert_still_serving(svc)


@pytest.mark.parametrize(
    "sql",
    [
        "select " + "(" * (MAX_NESTING + 1) + "1" + ")" * (MAX_NESTING + 1),
        "select " + "[" * 200 + "1" + "]" * 200,
        "select " + "(" * 60 + "1" + ")" * 60,
        "select " + " + ".join(["1"] * 2_000),
        "select " + "case when true then " * 500 + "1" + " end" * 500,
        "select " + "coalesce(" * 40 + "1" + ")" * 40,
    ],
    ids=["brackets", "lists", "60-brackets", "long-sum", "nested-case", "nested-calls"],
)
def test_deep_nesting_is_refused_with_one_line(svc: QueryService, sql: str) -> None:
    assert len(sql.encode()) <= MAX_SQL_BYTES
    with pytest.raises(QueryError) as caught:
        svc.run(sql)
    assert caught.value.message.startswith("已拒绝：查询嵌套过深"), caught.value.message
    assert "Refused: the query is nested too deeply" in caught.value.message
    assert_still_serving(svc)


def test_shallow_but_wide_queries_still_run(svc: QueryService) -> None:
    """The nesting limit is about depth: long flat queries within the size limit work."""
    assert svc.run("select " + " + ".join(["1"] * 100)).frame.item() == 100
    union = " union all ".join(f"select {i} as n" for i in range(300))
    assert svc.run(f"select sum(n) from ({union})").frame.item() == sum(range(300))
    codes = ", ".join(f"'{i:06d}'" for i in range(1_500))  # a long IN list of region codes
    assert svc.run(f"select count(*) from fact where region in ({codes}, '990100')").frame.item() == 5
    assert svc.run("select " + "(" * 20 + "7" + ")" * 20).frame.item() == 7


def test_rows_are_capped_with_a_truncated_notice(svc: QueryService) -> None:
    res = svc.run("select * from range(25) t(n)", limit=10)
    assert (res.row_count, res.frame.height, res.truncated, res.limit) == (10, 10, True, 10)
    assert res.frame["n"].to_list() == list(range(10))
    assert res.notice == "结果已截断：只显示前 10 行 / truncated: only the first 10 rows are shown"
    exact = svc.run("select * from range(10) t(n)", limit=10)
    assert (exact.row_count, exact.truncated, exact.notice) == (10, False, None)


def test_configured_row_cap_export_cap_and_size_limit(fx_db: Path) -> None:
    limits = QueryLimits(limit=100, export_limit=1_000, workers=1, max_sql_bytes=200)
    with QueryService(fx_db, limits) as svc:
        with pytest.raises(QueryRefused, match="上限 200）"):
            svc.run("select '" + "x" * 200 + "'")
        shown = svc.run("select * from range(5000)")
        assert (shown.row_count, shown.truncated) == (100, True)
        exported = svc.run("select * from range(5000)", limit=1_000_000)  # asks for more than the export cap
        assert (exported.row_count, exported.truncated, exported.limit) == (1_000, True, 1_000)


@pytest.mark.parametrize(("limit", "timeout"), [(0, None), (-5, None), (None, 0), (None, -1), (None, 7200)])
def test_bad_limits_are_one_line_errors(svc: QueryService, limit: int | None, timeout: float | None) -> None:
    with pytest.raises(QueryError) as caught:
        svc.run("select 1", limit=limit, timeout=timeout)
    assert " / " in caught.value.message and "\n" not in caught.value.message


def test_limits_come_from_the_environment() -> None:
    env = {
        "ZHIBIAO_SQL_TIMEOUT": "2.5",
        "ZHIBIAO_SQL_LIMIT": "50",
        "ZHIBIAO_SQL_EXPORT_LIMIT": "500",
        "ZHIBIAO_SQL_WORKERS": "3",
        "ZHIBIAO_SQL_THREADS": "1",
        "ZHIBIAO_SQL_MEMORY_MB": "512",
        "ZHIBIAO_SQL_OS_MEMORY_MB": "2048",
        "ZHIBIAO_SQL_MAX_BYTES": "5000",
    }
    limits = QueryLimits.from_env(env)
    assert (limits.timeout, limits.limit, limits.export_limit, limits.workers) == (2.5, 50, 500, 3)
    assert limits.max_sql_bytes == 5000
    assert limits.worker_settings() == {"threads": 1, "memory_mb": 512, "os_memory_mb": 2048}
    assert QueryLimits.from_env({}).worker_settings()["os_memory_mb"] == 1024 + 3072
    with pytest.raises(QueryError, match=r"ZHIBIAO_SQL_TIMEOUT='soon' 不是数字 / .* is not a number"):
        QueryLimits.from_env({"ZHIBIAO_SQL_TIMEOUT": "soon"})
