"""Guarded ad-hoc SQL for analysts (docs/sql.md): ``run()`` serves ``zhibiao sql``, :class:`QueryService` the SQL page.

Three layers, each sufficient to stop what the one before it missed:

1. the gate (:mod:`warehouse.query_guard`): sqlglot and DuckDB's own parser, one query, allowlisted tables/functions;
2. the sandbox (:mod:`warehouse.query_worker`): a separate process on the read-only snapshot with external access
   off and the configuration locked, an OS memory cap, a wall-clock timeout and a row cap;
3. here: the worker pool, the current snapshot, results as polars frames, and every failure as one bilingual
   :class:`QueryError` (never a traceback).

Limits come from :class:`QueryLimits` (environment ``ZHIBIAO_SQL_*``). Typical use::

    result = run("select region_name, value from series where indicator = 'dibao_households'")
    result.frame, result.truncated, result.notice
"""

from __future__ import annotations

import atexit
import contextlib
import io
import os
import queue
import re
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, ClassVar, NamedTuple

import polars as pl

from warehouse import paths, publish
from warehouse.query_errors import QueryError, QueryRefused, QueryTimeout, position
from warehouse.query_guard import MAX_SQL_BYTES, check
from warehouse.query_policy import TABLE_FUNCTIONS, builtin_functions
from warehouse.query_worker import Worker, WorkerDied, WorkerHung

__all__ = [
    "QueryError",
    "QueryLimits",
    "QueryRefused",
    "QueryResult",
    "QueryService",
    "QueryTimeout",
    "SavedQuery",
    "SchemaColumn",
    "check",
    "run",
    "saved_queries",
    "schema_info",
    "service",
]

_DUCKDB_KINDS = {
    "Binder": "列名或表名不对", "Catalog": "找不到对象", "Conversion": "类型转换失败", "Parser": "语法错误",
    "Invalid Input": "输入无效", "Out of Range": "数值超出范围", "Permission": "沙箱禁止的操作",
    "Not implemented": "DuckDB 不支持", "Invalid": "无效", "Constraint": "约束错误", "Syntax": "语法错误",
}  # fmt: skip


@dataclass(frozen=True)
class QueryLimits:
    """Guardrails of the SQL path; every one can be set by an environment variable (see :meth:`from_env`)."""

    timeout: float = 10.0  # ZHIBIAO_SQL_TIMEOUT: wall-clock seconds per query
    limit: int = 10_000  # ZHIBIAO_SQL_LIMIT: rows returned by default
    export_limit: int = 1_000_000  # ZHIBIAO_SQL_EXPORT_LIMIT: the most rows any call may ask for (exports)
    workers: int = 2  # ZHIBIAO_SQL_WORKERS: worker processes in the pool (started on demand)
    threads: int = 2  # ZHIBIAO_SQL_THREADS: DuckDB threads per worker
    memory_mb: int = 1024  # ZHIBIAO_SQL_MEMORY_MB: DuckDB memory_limit per worker
    os_memory_mb: int = 0  # ZHIBIAO_SQL_OS_MEMORY_MB: RLIMIT_AS of a worker; 0 = memory_mb + 3072
    max_sql_bytes: int = MAX_SQL_BYTES  # ZHIBIAO_SQL_MAX_BYTES: longest SQL text accepted (UTF-8 bytes)
    result_mb: float = 50.0  # ZHIBIAO_SQL_RESULT_MB: most data (MiB, as Arrow) shown by the page or `zhibiao sql`
    export_mb: float = 500.0  # ZHIBIAO_SQL_EXPORT_MB: most data (MiB) one export may carry
    kill_grace: float = 3.0  # seconds past the timeout before an unresponsive worker is killed

    _ENV: ClassVar[dict[str, str]] = {
        "timeout": "ZHIBIAO_SQL_TIMEOUT", "limit": "ZHIBIAO_SQL_LIMIT", "export_limit": "ZHIBIAO_SQL_EXPORT_LIMIT",
        "workers": "ZHIBIAO_SQL_WORKERS", "threads": "ZHIBIAO_SQL_THREADS", "memory_mb": "ZHIBIAO_SQL_MEMORY_MB",
        "os_memory_mb": "ZHIBIAO_SQL_OS_MEMORY_MB", "max_sql_bytes": "ZHIBIAO_SQL_MAX_BYTES",
        "result_mb": "ZHIBIAO_SQL_RESULT_MB", "export_mb": "ZHIBIAO_SQL_EXPORT_MB",
    }  # fmt: skip

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> QueryLimits:
        """Defaults overridden by ``ZHIBIAO_SQL_*`` variables.

        >>> QueryLimits.from_env({"ZHIBIAO_SQL_TIMEOUT": "2.5", "ZHIBIAO_SQL_WORKERS": "1"}).timeout
        2.5
        """
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for name, var in cls._ENV.items():
            raw = environ.get(var)
            if raw:
                kind = type(getattr(cls, name))
                try:
                    values[name] = kind(raw)
                except ValueError:
                    raise QueryError(f"环境变量 {var}={raw!r} 不是数字 / {var}={raw!r} is not a number") from None
        return cls(**values)

    def worker_settings(self) -> dict[str, Any]:
        return {
            "threads": max(1, self.threads),
            "memory_mb": max(64, self.memory_mb),
            "os_memory_mb": self.os_memory_mb or self.memory_mb + 3072,
        }


@dataclass
class QueryResult:
    """What a guarded query returned: at most ``limit`` rows and ``max_bytes`` of data, and whether there was more."""

    frame: pl.DataFrame
    columns: list[str]
    types: list[str]  # DuckDB type names, e.g. VARCHAR, DOUBLE, DECIMAL(18,2)
    row_count: int  # rows in ``frame``
    truncated: bool  # the query had more rows than ``limit``
    elapsed_ms: float  # wall-clock time of the whole call: gate, worker round trip, conversion
    sql_executed: str  # the DuckDB SQL that ran (the text as typed, or its transpilation)
    limit: int = 0
    max_bytes: int = 0
    truncated_by: str | None = None  # "rows" or "bytes" when truncated

    @property
    def notice(self) -> str | None:
        """The "truncated" notice to show beside the table, or None.

        >>> QueryResult(None, [], [], 812, True, 0, "", 10_000, 50 * 2**20, "bytes").notice[:40]
        '结果过大：超过 50 MB 的上限，只显示能容纳的前 812 行。请只选需要的列'
        """
        if not self.truncated:
            return None
        if self.truncated_by == "bytes":
            return _too_big(self.max_bytes, self.row_count)
        return f"结果已截断：只显示前 {self.limit:,} 行 / truncated: only the first {self.limit:,} rows are shown"


def _mb(n: int) -> str:
    return f"{n / 2**20:,.0f}"


def _too_big(max_bytes: int, rows: int) -> str:
    """The message for a result over the byte budget: how many rows fit, and how to narrow the query."""
    return (
        f"结果过大：超过 {_mb(max_bytes)} MB 的上限，只显示能容纳的前 {rows:,} 行。请只选需要的列、用 where 缩小范围、"
        f"加 limit 或先聚合 / result too large: over the {_mb(max_bytes)} MB limit, only the first {rows:,} rows fit; "
        "select fewer columns, filter with where, add a limit or aggregate"
    )


@dataclass(frozen=True)
class Catalog:
    """What a snapshot holds: the objects the gate allows, the warehouse macros, and columns for the browser."""

    snapshot: Path
    objects: dict[str, str]  # name → table | view
    macros: frozenset[str]
    table_macros: frozenset[str]
    columns: list[tuple[str, str, str]] = field(default_factory=list)  # (object, column, type)


class QueryService:
    """Owns the worker pool for one warehouse. Thread-safe; share one per process (``st.cache_resource``)."""

    def __init__(self, db: str | os.PathLike[str] | None = None, limits: QueryLimits | None = None) -> None:
        self.db = paths.db_path(db)
        self.limits = limits or QueryLimits.from_env()
        self._settings = self.limits.worker_settings()
        self._idle: queue.LifoQueue[Worker] = queue.LifoQueue()
        self._started = 0
        self._lock = threading.Lock()
        self._catalogs: dict[Path, Catalog] = {}
        self._closed = False

    def __enter__(self) -> QueryService:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # -- public -------------------------------------------------------------------------------------------------
    def run(
        self,
        sql: str,
        *,
        dialect: str = "duckdb",
        limit: int | None = None,
        timeout: float | None = None,
        max_mb: float | None = None,
    ) -> QueryResult:
        """Check ``sql``, run it on the current snapshot, return at most ``limit`` rows and ``max_mb`` MiB of data
        (default ``result_mb``) within ``timeout`` s."""
        started = time.perf_counter()
        limit, timeout = self._bounds(limit, timeout)
        max_bytes = max(1, int((self.limits.result_mb if max_mb is None else max_mb) * 2**20))
        try:
            for attempt in range(2):
                catalog = self.catalog()
                duck_sql = self._check(sql, dialect, catalog)
                message = {"op": "run", "snapshot": str(catalog.snapshot), "sql": duck_sql}
                request = {**message, "limit": limit, "timeout": timeout, "max_bytes": max_bytes}
                reply = self._request(request, timeout + self.limits.kill_grace)
                if reply.get("kind") == "open" and attempt == 0:
                    self._forget(catalog.snapshot)  # pruned between reading CURRENT and opening it: look again
                    continue
                break
            result = self._result(reply, duck_sql, dialect, limit, timeout, started)
            result.max_bytes = max_bytes
            if result.truncated_by == "bytes" and result.row_count == 0:
                raise QueryError(
                    f"结果过大：第一行数据就超过了 {_mb(max_bytes)} MB 的上限。请只选需要的列，或用 left()/substr() 截短长文本 "
                    f"/ result too large: the first row alone is over the {_mb(max_bytes)} MB limit; select fewer "
                    "columns or shorten long text with left()/substr()"
                )
            return result
        except QueryError:
            raise
        except Exception as err:  # a bug, not the analyst's fault — still one line, never a traceback
            what = f"{type(err).__name__}: {err}".replace("\n", " ")
            raise QueryError(f"内部错误：{what} / internal error: {what}") from err

    def check(self, sql: str, dialect: str = "duckdb") -> str:
        """The gate alone against the current snapshot's catalogue; returns the DuckDB SQL that would run."""
        return self._check(sql, dialect, self.catalog())

    def catalog(self) -> Catalog:
        """The current snapshot's catalogue (asked of a worker once per snapshot)."""
        snapshot = self._snapshot()
        with self._lock:
            known = self._catalogs.get(snapshot)
        if known is not None:
            return known
        reply = self._request({"op": "catalog", "snapshot": str(snapshot)}, 60.0)
        if not reply.get("ok"):
            detail = " ".join(str(reply.get("error", {}).get("message", "")).split())
            raise QueryError(f"无法打开仓库快照 {snapshot.name}：{detail} / cannot open snapshot {snapshot}: {detail}")
        raw = reply["catalog"]
        catalog = Catalog(
            snapshot=snapshot,
            objects=dict(raw["objects"]),
            macros=frozenset(raw["macros"]),
            table_macros=frozenset(raw["table_macros"]),
            columns=[tuple(c) for c in raw["columns"]],
        )
        with self._lock:
            self._catalogs = {s: c for s, c in self._catalogs.items() if s.exists()} | {snapshot: catalog}
        return catalog

    def close(self) -> None:
        """Stop every worker; the service can not be used afterwards."""
        self._closed = True
        while True:
            try:
                self._idle.get_nowait().stop()
            except queue.Empty:
                break

    # -- inside -------------------------------------------------------------------------------------------------
    def _bounds(self, limit: int | None, timeout: float | None) -> tuple[int, float]:
        limit = self.limits.limit if limit is None else limit
        timeout = self.limits.timeout if timeout is None else timeout
        if not isinstance(limit, int) or limit < 1:
            raise QueryError(f"行数上限必须是正整数：{limit!r} / the row limit must be a positive integer: {limit!r}")
        if not 0 < float(timeout) <= 3600:
            raise QueryError(f"超时须在 0–3600 秒之间：{timeout!r} / the timeout must be 0–3600 s: {timeout!r}")
        return min(limit, self.limits.export_limit), float(timeout)

    def _check(self, sql: str, dialect: str, catalog: Catalog) -> str:
        return check(
            sql,
            dialect,
            tables=set(catalog.objects),
            functions=builtin_functions() | catalog.macros,
            table_functions=TABLE_FUNCTIONS | catalog.table_macros,
            max_bytes=self.limits.max_sql_bytes,
        )

    def _snapshot(self) -> Path:
        snapshot = publish.current(self.db)
        if snapshot is None:
            from warehouse.store import Warehouse  # only when nothing was ever published

            try:
                Warehouse(self.db).ensure_published()
            except Exception as err:  # WarehouseNotFound, WriterBusy, WarehouseDamaged: their messages are bilingual
                raise QueryError(str(err).replace("\n", " ")) from None
            snapshot = publish.current(self.db)
        if snapshot is None:
            raise QueryError(f"仓库尚无可读快照 / the warehouse has no published snapshot: {self.db}")
        return snapshot

    def _forget(self, snapshot: Path) -> None:
        with self._lock:
            self._catalogs.pop(snapshot, None)

    def _borrow(self, wait: float) -> Worker:
        if self._closed:
            raise QueryError("查询服务已关闭 / the query service is closed")
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        with self._lock:
            if self._started < max(1, self.limits.workers):
                self._started += 1
                return Worker(self._settings)
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            raise QueryError(
                "查询繁忙：所有查询进程都在运行，请稍后再试 / busy: every query worker is running a query; try again"
            ) from None

    def _give_back(self, worker: Worker, healthy: bool) -> None:
        if healthy and not self._closed and worker.alive():
            self._idle.put(worker)
            return
        worker.kill()
        if self._closed:
            return
        self._idle.put(Worker(self._settings))  # a fresh one starts now, so the next query finds it warm

    def _request(self, message: dict[str, Any], wait: float) -> dict[str, Any]:
        worker = self._borrow(wait + 5)
        healthy = False
        try:
            reply = worker.request(message, wait)
            healthy = not (reply.get("kind") == "memory" and reply.get("error", {}).get("type") == "MemoryError")
            return reply
        except WorkerHung:
            raise QueryTimeout(
                f"查询超时（{message.get('timeout', wait):g} 秒）且未响应中断，已结束并重启查询进程 / the query timed "
                f"out ({message.get('timeout', wait):g} s) and did not respond to the interrupt; the worker was "
                "killed and restarted"
            ) from None
        except WorkerDied:
            raise QueryError(
                "查询进程意外退出（可能超出内存上限），已重启 / the query worker died (probably over its memory "
                "limit) and was restarted"
            ) from None
        finally:
            self._give_back(worker, healthy)

    def _result(
        self, reply: dict[str, Any], sql: str, dialect: str, limit: int, timeout: float, started: float
    ) -> QueryResult:
        if not reply.get("ok"):
            memory_mb = min(self._settings["memory_mb"], self._settings["os_memory_mb"])
            raise _failure(reply, sql, dialect, timeout, memory_mb)
        try:
            frame = pl.read_ipc_stream(io.BytesIO(reply["arrow"]))
        except (Exception, pl.exceptions.PanicException) as err:
            raise QueryError(
                f"结果无法转换为表格（{type(err).__name__}），请把特殊类型的列 CAST 为 VARCHAR / the result cannot be "
                f"converted to a table ({type(err).__name__}: {err}); CAST unusual columns to VARCHAR"
            ) from None
        return QueryResult(
            frame=frame,
            columns=list(reply["columns"]),
            types=list(reply["types"]),
            row_count=int(reply["row_count"]),
            truncated=bool(reply["truncated"]),
            elapsed_ms=(time.perf_counter() - started) * 1000,
            sql_executed=sql,
            limit=limit,
            truncated_by=reply.get("truncated_by"),
        )


def _failure(reply: dict[str, Any], sql: str, dialect: str, timeout: float, memory_mb: int) -> QueryError:
    kind, error = reply.get("kind"), reply.get("error") or {}
    if kind == "timeout":
        return QueryTimeout(f"查询超时：超过 {timeout:g} 秒已中断 / the query timed out: stopped after {timeout:g} s")
    if kind == "memory":
        return QueryError(
            f"内存不足：查询超出了 {memory_mb} MiB 的内存上限，请缩小范围或先聚合 / out of memory: the query "
            f"exceeded the {memory_mb} MiB limit; narrow it down or aggregate first"
        )
    if kind == "refused":
        return QueryRefused("已拒绝：查询进程只执行单条查询。 / Refused: the worker runs single queries only.")
    detail = "; ".join(line.strip() for line in str(error.get("message", "")).splitlines() if line.strip())
    detail = re.sub(r"\s+", " ", detail)[:500]
    line = column = None
    where_zh = where_en = ""
    if isinstance(error.get("position"), int):
        line, column = position(sql, error["position"])
        note = "" if dialect == "duckdb" else "（转换后的 SQL）"
        where_zh, where_en = (
            f"（{note}第 {line} 行第 {column} 列）",
            f" (line {line}, column {column}" + (")" if dialect == "duckdb" else " of the transpiled SQL)"),
        )
    label = str(error.get("type", ""))
    zh = _DUCKDB_KINDS.get(label, "执行出错")
    return QueryError(
        f"查询出错{where_zh}：{zh}：{detail} / query failed{where_en}: {label} error: {detail}",
        line=line,
        column=column,
    )


# -- module-level conveniences ----------------------------------------------------------------------------------
_services: dict[Path, QueryService] = {}
_services_lock = threading.Lock()


def service(db: str | os.PathLike[str] | None = None) -> QueryService:
    """The process-wide :class:`QueryService` of a warehouse (created on first use, stopped at exit)."""
    path = paths.db_path(db)
    with _services_lock:
        svc = _services.get(path)
        if svc is None or svc._closed:
            svc = _services[path] = QueryService(path)
        return svc


@atexit.register
def _close_services() -> None:
    with _services_lock:
        for svc in _services.values():
            with contextlib.suppress(Exception):
                svc.close()
        _services.clear()


def run(
    sql: str,
    *,
    db: str | os.PathLike[str] | None = None,
    dialect: str = "duckdb",
    limit: int | None = None,
    timeout: float | None = None,
    max_mb: float | None = None,
) -> QueryResult:
    """Run one analyst query through every layer of the guard; raise :class:`QueryError` (or a subclass) on failure.

    ``limit`` defaults to 10,000 rows (at most ``export_limit``), ``timeout`` to 10 s, ``max_mb`` to 50 MiB of
    result data; all follow ``ZHIBIAO_SQL_*``.
    """
    return service(db).run(sql, dialect=dialect, limit=limit, timeout=timeout, max_mb=max_mb)


class SchemaColumn(NamedTuple):
    """One column in the SQL page's schema browser."""

    object: str
    kind: str  # table | view
    column: str
    type: str
    description: str  # from the ``columns:`` line of the object's sql/ file header ("" when not described)
    object_description: str  # the header's first line


class SavedQuery(NamedTuple):
    """An example query from ``sql/queries``."""

    name: str
    title: str
    description: str
    shows: str
    sql: str
    path: Path


# fmt: off
_COLUMN_ZH = {
    "id": "编号", "fact_id": "事实编号", "code": "代码", "name": "名称", "sort": "排序", "key": "键",
    "indicator": "指标代码", "indicator_name": "指标名称", "domain": "领域", "region": "地区代码",
    "region_name": "地区名称", "region_level": "地区层级", "parent_region": "上级地区", "parent_code": "上级地区代码",
    "level": "层级", "period": "期间代码", "value": "数值", "unit": "单位", "base_value": "基本单位数值",
    "base_unit": "基本单位", "base": "比较基期", "factor": "换算系数", "family": "单位类别", "measure": "指标类型",
    "decimals": "小数位数", "additive": "可加总", "aliases": "别名", "kind": "类别", "approx": "约数", "suspect": "可疑",
    "suspect_reason": "可疑原因", "source_id": "来源编号", "quote": "原文引述", "span_start": "原文起点",
    "span_end": "原文终点", "parent_id": "所属总数", "vintage": "版本", "vintages": "版本数", "is_current": "当前版本", "loaded_at": "入库时间",
    "prior_period": "上年同期", "prior_fact_id": "上年事实编号", "prior_value": "上年数值", "delta": "增减量",
    "pct": "增幅(%)", "phrase": "变化表述", "status": "核对结果", "direction": "方向", "amount": "表述变化量",
    "stated_unit": "表述单位", "change_unit": "变化单位", "computed_delta": "计算增减量", "computed_pct": "计算增幅(%)",
    "computed": "计算变化", "stated": "表述变化", "tolerance": "容差", "base_period": "基期代码",
    "stated_period": "表述期间", "stated_value": "表述数值", "stated_kind": "表述类别", "period_kind": "期间类型",
    "n_periods": "期数", "from_period": "累计期", "minus_period": "减去的累计期", "minus_fact_id": "减去的事实编号",
    "actual_value": "直接报告的数值", "sha256": "文件摘要", "path": "路径", "title": "标题", "text": "全文",
    "extractor_version": "抽取器版本", "n_facts": "事实数", "n_quarantined": "隔离数", "location": "位置",
    "reason": "原因", "raw": "原始内容", "created_at": "创建时间", "valid_from": "启用日期", "valid_to": "停用日期",
    "in_catalog": "在目录中", "yoy_bound": "同比检查界限", "description": "说明",
}
"""Chinese names of the warehouse's usual columns, shown first in the schema browser."""
# fmt: on


# fmt: off
_OBJECT_ZH = {
    "domain": "领域：指标所属的政策领域（教育、民政、卫生健康……）。",
    "fact": "事实：某一来源所称的某指标、某地区、某期间的一个数值；数值从不改写，更正以新版本记入。",
    "indicator": "指标：一个数字衡量的是什么（名称、单位、类型、小数位数、别名）。",
    "meta": "仓库信息：仓库文件本身的版本、所用 SQL 文件摘要、发布代数。",
    "period": "期间：所有有效的期间代码（年、半年、季度、月、年内累计）及其起止月份。",
    "quarantine": "隔离区：无法导入的内容，连同位置和原因一并保留，不会悄悄丢弃。",
    "region": "地区：数值所属的地方及其上级地区。",
    "source": "来源：导入的每个文件（报告或表格），以文件内容的 SHA-256 识别。",
    "stated_change": "报告所称变化：报告为某个数值写明的增减（如“较上年减少52户”），按原文保留。",
    "unit": "单位：已知的计量单位及其换算到基本单位的系数（万元 → 元 × 10⁴）。",
    "implied_prior": "推算上年数：由报告所称变化反推的上年同期数（800户，较上年减少52户 → 上年852户）。",
    "latest": "最新一期：每个指标和地区的最新期间数值及其同比变化。",
    "series": "序列：每个指标、地区、期间的当前数值，附名称；同一键后来的更正取代之前的版本。",
    "stated_vs_computed": "所称与计算：报告所称的每一处变化与按仓库数据计算的变化并列，并给出核对结果。",
    "yoy": "同比：每个实际数值与上年同期相比的增减、增幅和按报告习惯写出的变化说法。",
    "ytd_single": "单月单季：由年内累计数推出的单月、单季和半年数值（2023年5月 = 1-5月 − 1-4月）。",
}
"""Chinese descriptions of the tables and views, shown before the English header line on the SQL page."""
# fmt: on


def _describe(column: str, header: str) -> str:
    """The browser's description: the Chinese name, then the header's note (English or Chinese) when there is one.

    >>> _describe("value", "as stated: 139.57 万元"), _describe("region_name", ""), _describe("x", "")
    ('数值 · as stated: 139.57 万元', '地区名称', '')
    """
    zh = _COLUMN_ZH.get(column.lower(), "")
    return " · ".join(part for part in (zh, header) if part)


def schema_info(db: str | os.PathLike[str] | None = None) -> list[SchemaColumn]:
    """Tables and views of the current snapshot with their columns, types and descriptions (Chinese name first)."""
    catalog = service(db).catalog()
    docs = _object_docs()
    rows = []
    for obj, column, dtype in catalog.columns:
        kind = catalog.objects.get(obj)
        if kind is None:
            continue
        summary, columns = docs.get(obj, ("", {}))
        rows.append(SchemaColumn(obj, kind, column, dtype, _describe(column, columns.get(column.lower(), "")), summary))
    return rows


def _header_fields(text: str) -> dict[str, str]:
    """``-- key: value`` header lines, with indented continuation lines folded in.

    >>> _header_fields("-- fact: one value\\n-- columns: a (x,\\n--   y), b\\nselect 1")
    {'': 'fact: one value', 'columns': 'a (x, y), b'}
    """
    fields: dict[str, str] = {}
    key = None
    for raw in text.splitlines():
        if not raw.startswith("--"):
            break
        body = raw[2:]
        stripped = body.strip()
        match = re.match(r"([a-z_ ]+):\s*(.*)", stripped)
        if key is not None and body.startswith("   "):
            fields[key] = f"{fields[key]} {stripped}".strip()
        elif match and match.group(1) in ("columns", "grain", "purpose", "title", "description", "shows", "needs"):
            key = match.group(1)
            fields[key] = match.group(2)
        elif not fields:
            key = ""
            fields[key] = stripped
    return fields


def _column_docs(text: str) -> dict[str, str]:
    """Column → description from a ``columns:`` text: ``a (desc), b and c (desc), d/e (desc)``.

    >>> _column_docs("id, value and unit (as stated: 139.57 万元), span_start/span_end (offsets)")["unit"]
    'as stated: 139.57 万元'
    """
    items, depth, current = [], 0, ""
    for ch in text:
        depth += ch == "("
        depth -= ch == ")"
        if ch == "," and depth == 0:
            items.append(current)
            current = ""
        else:
            current += ch
    items.append(current)
    docs = {}
    for item in items:
        names, _, rest = item.partition("(")
        desc = rest.rsplit(")", 1)[0].strip() if rest else ""
        for name in re.split(r"\s+and\s+|/|\s+", names.strip()):
            if re.fullmatch(r"[a-z_][a-z0-9_]*", name):
                docs[name] = desc
    return docs


def _object_docs(root: Path | None = None) -> dict[str, tuple[str, dict[str, str]]]:
    root = root or paths.sql_dir()
    docs = {}
    for sub in ("tables", "views"):
        for path in sorted((root / sub).glob("*.sql")):
            fields = _header_fields(path.read_text(encoding="utf-8"))
            summary = fields.get("purpose") or fields.get("", "")
            summary = re.sub(rf"^{re.escape(path.stem)}\s*:\s*", "", summary)
            zh = _OBJECT_ZH.get(path.stem.lower())
            summary = f"{zh} / {summary}" if zh and summary else (zh or summary)
            docs[path.stem.lower()] = (summary, _column_docs(fields.get("columns", "")))
    return docs


def saved_queries(root: Path | None = None) -> list[SavedQuery]:
    """The example queries in ``sql/queries/*.sql`` (header: ``title:``, ``description:``, ``shows:``)."""
    root = root or paths.sql_dir()
    found = []
    for path in sorted((root / "queries").glob("*.sql")):
        text = path.read_text(encoding="utf-8")
        fields = _header_fields(text)
        found.append(
            SavedQuery(
                name=path.stem,
                title=fields.get("title", path.stem),
                description=fields.get("description", ""),
                shows=fields.get("shows", ""),
                sql=text,
                path=path,
            )
        )
    return found
