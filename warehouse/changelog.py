"""The change log: one row per change made to the data after extraction (``sql/tables/change_log.sql``).

Written only by the writer, in the transaction of the change it records, so a change and its record commit together
or not at all. ``describe`` turns a field-by-field difference into the Chinese ``detail`` a reader sees.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import duckdb

__all__ = ["ACTIONS", "LOG_COLUMNS", "describe", "log_query", "record"]

ACTIONS = {
    "stage": "暂存待审",
    "publish": "发布",
    "edit": "修改",
    "drop": "删除事实",
    "split": "拆分事实",
    "remove": "移除来源",
    "replace": "替换来源",
    "indicator_corrected": "更正指标",
}
"""Each action and its Chinese name (shown by ``zhibiao log``)."""

FIELD_NAMES = {
    "indicator": "指标",
    "value": "数值",
    "unit": "单位",
    "period": "期间",
    "region": "地区",
    "kind": "类型",
}

LOG_COLUMNS = ("编号", "时间", "操作", "来源", "事实", "新事实", "内容", "途径", "用户")


def describe(before: Mapping[str, Any], after: Mapping[str, Any]) -> str:
    """What an edit changed, field by field, in Chinese (``（无）`` for an empty value).

    >>> describe({"value": 12.0, "period": None, "unit": "所"}, {"value": 15.0, "period": "2012", "unit": "所"})
    '数值 12 → 15；期间 （无） → 2012'
    """

    def show(value: Any) -> str:
        if value is None or value == "":
            return "（无）"
        if isinstance(value, float):
            return f"{value:g}"
        return str(value)

    parts = [
        f"{FIELD_NAMES.get(k, k)} {show(before.get(k))} → {show(after.get(k))}"
        for k in after
        if before.get(k) != after.get(k)
    ]
    return "；".join(parts)


def record(
    con: duckdb.DuckDBPyConnection,
    action: str,
    *,
    via: str,
    user: str | None = None,
    source_id: int | None = None,
    fact_id: int | None = None,
    new_fact_id: int | None = None,
    detail: str | None = None,
) -> None:
    """Add one row to the change log, in the caller's (the writer's) transaction."""
    if action not in ACTIONS:
        raise ValueError(f"unknown change-log action {action!r}")
    con.execute(
        "insert into change_log (action, source_id, fact_id, new_fact_id, detail, via, user_name) "
        "values (?, ?, ?, ?, ?, ?, ?)",
        [action, source_id, fact_id, new_fact_id, detail, via, (user or "").strip() or None],
    )


def log_query(source_id: int | None = None, limit: int = 200) -> tuple[str, dict[str, Any]]:
    """The change log, newest first, with Chinese headers and action names: a query and its parameters.

    >>> sql, params = log_query(3, 10)
    >>> params
    {'source': 3, 'limit': 10}
    """
    names = " ".join(f"when '{k}' then '{v}'" for k, v in ACTIONS.items())
    sql = f"""
        select l.id as 编号, l.changed_at as 时间, case l.action {names} else l.action end as 操作,
               l.source_id as 来源, l.fact_id as 事实, l.new_fact_id as 新事实, l.detail as 内容, l.via as 途径,
               l.user_name as 用户
        from change_log as l
        where $source::integer is null or l.source_id = $source::integer
        order by l.id desc
        limit $limit
    """
    return sql, {"source": source_id, "limit": limit}
