"""The SQL page's side of the guarded ad-hoc SQL path: every query goes through ``warehouse.query``.

Nothing here runs SQL itself; the guard (parser gate, sandboxed worker, limits) lives in ``warehouse.query``. Results
come back as plain dicts so the page can keep the last one in session state across reruns.
"""

from __future__ import annotations

import time
from typing import Any

import polars as pl
import streamlit as st

from warehouse import export, query
from warehouse.query_policy import DIALECTS

__all__ = ["DIALECTS", "DIALECT_LABELS", "execute", "export_frame", "limits", "saved", "schema"]

DIALECT_LABELS = {
    "duckdb": "DuckDB（默认）", "mysql": "MySQL", "postgres": "PostgreSQL", "oracle": "Oracle",
    "tsql": "SQL Server (T-SQL)", "sqlite": "SQLite", "hive": "Hive", "spark": "Spark SQL",
    "clickhouse": "ClickHouse", "doris": "Doris", "starrocks": "StarRocks",
}  # fmt: skip


def limits() -> query.QueryLimits:
    """The guard's limits (timeout, rows and megabytes shown, rows and megabytes exported), from ``ZHIBIAO_SQL_*``."""
    return query.QueryLimits.from_env()


@st.cache_data(ttl=3600, max_entries=16, show_spinner=False)
def schema(gen: str, db: str) -> pl.DataFrame:
    """Columns of every table and view of the current snapshot with types and descriptions (per generation)."""
    rows = query.schema_info(db)
    if not rows:
        return pl.DataFrame()
    return pl.DataFrame([r._asdict() for r in rows])


def saved() -> list[query.SavedQuery]:
    """Example queries from ``sql/queries`` (cheap: a few small files)."""
    return query.saved_queries()


def execute(sql: str, dialect: str, db: str) -> dict[str, Any]:
    """Run ``sql`` through the guard; a dict with the frame and figures, or with ``error`` (one plain message)."""
    started = time.perf_counter()
    base = {"sql": sql, "dialect": dialect}
    bounds = limits()
    try:  # the limits are passed each time: the page shows them, and the shared service may predate a change
        result = query.run(
            sql, db=db, dialect=dialect, limit=bounds.limit, timeout=bounds.timeout, max_mb=bounds.result_mb
        )
    except query.QueryError as exc:
        return {**base, "error": exc.message, "ms": (time.perf_counter() - started) * 1000}
    return {
        **base,
        "frame": result.frame,
        "rows": result.row_count,
        "ms": result.elapsed_ms,
        "notice": result.notice,
        "truncated": result.truncated,
    }


def export_frame(sql: str, dialect: str, db: str) -> pl.DataFrame:
    """The query's rows up to the export cap, for a download; a one-cell frame explaining a failure."""
    try:
        bounds = limits()
        return query.run(
            sql,
            db=db,
            dialect=dialect,
            limit=bounds.export_limit,
            timeout=max(bounds.timeout, 60.0),
            max_mb=bounds.export_mb,
        ).frame
    except query.QueryError as exc:
        return pl.DataFrame({"错误": [exc.message]})


def with_domain_names(frame: pl.DataFrame, names: dict[str, str]) -> pl.DataFrame:
    """A result's domain codes (edu, civil) shown with their Chinese names: a text column named domain or 领域 whose
    values are domain codes reads 教育 instead of edu. Other columns (the domain table's own code) are left as they
    are; exports keep the codes.

    >>> with_domain_names(pl.DataFrame({"domain": ["edu", None], "n": [1, 2]}), {"edu": "教育"})["domain"].to_list()
    ['教育', None]
    """
    if not names or frame.is_empty():
        return frame
    out = []
    for name, dtype in frame.schema.items():
        if dtype != pl.String:
            continue
        values = set(frame[name].drop_nulls().unique().to_list())
        if name.lower() in ("domain", "领域") and values and values <= set(names):
            out.append(pl.col(name).replace(names))
    return frame.with_columns(out) if out else frame


def shown(frame: pl.DataFrame) -> pl.DataFrame:
    """A result as the page shows it: decimals without binary noise (15.2, not 15.199999999999989), missing cells
    "—" (never "None"); numbers of a column become text only where that is needed for either.

    >>> shown(pl.DataFrame({"x": [15.199999999999989, None], "s": ["a", None], "n": [1, 2]})).rows()
    [('15.2', 'a', 1), ('—', '—', 2)]
    """
    out = []
    for name, dtype in frame.schema.items():
        if dtype.is_float():
            out.append(pl.col(name).map_elements(export.plain_number, return_dtype=pl.String).fill_null("—"))
        elif dtype == pl.String:
            out.append(pl.col(name).fill_null("—"))
        elif frame[name].null_count() and not isinstance(dtype, pl.List | pl.Struct | pl.Array):
            out.append(pl.col(name).cast(pl.String).fill_null("—"))
    return frame.with_columns(out) if out else frame
