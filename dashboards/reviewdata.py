"""Readers and writes for the review step and as-of views: a draft's facts, the indicators to choose from, a
source's state, trends as they stood on a date, and the writer calls the pages make (review, publish, remove).

Readers follow ``data.py``'s rule: cached by the snapshot generation and every argument that shapes the result.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import polars as pl
import streamlit as st

from dashboards.data import in_list, of_kind, query, warehouse
from ingest.catalog.aliases import learn_from_review
from warehouse import review
from warehouse.changelog import log_query
from warehouse.sources import review_query

__all__ = [
    "apply_review",
    "as_of_end",
    "change_log",
    "draft_facts",
    "earlier_loads",
    "indicator_options",
    "remove_source",
    "search_indicators",
    "split_fact",
    "trend_as_of",
]

_CACHE = {"ttl": 3600, "max_entries": 256, "show_spinner": False}
PAGE_VIA = {"upload": "导入页面", "sources": "来源页面"}


def as_of_end(day: dt.date) -> dt.datetime:
    """The last instant of ``day``: 截至 2024-06-30 means everything published on that day too.

    >>> as_of_end(dt.date(2024, 6, 30))
    datetime.datetime(2024, 6, 30, 23, 59, 59, 999999)
    """
    return dt.datetime.combine(day, dt.time.max)


@st.cache_data(**_CACHE)
def draft_facts(gen: str, source_id: int) -> pl.DataFrame:
    """The facts of a source that are not retired, in text order (what the review table shows)."""
    return query(review_query(), {"source": int(source_id)})


@st.cache_data(**_CACHE)
def change_log(gen: str, source_id: int | None = None, limit: int = 200) -> pl.DataFrame:
    """The change log (of one source, or all), newest first, with Chinese headers."""
    return query(*log_query(source_id, limit))


@st.cache_data(**_CACHE)
def earlier_loads(gen: str, file_name: str, sha256: str) -> pl.DataFrame:
    """Live sources an upload could replace: the same bytes first, then files of the same name, newest first."""
    return query(
        r"""
        select id, coalesce(title, regexp_extract(path, '[^/\\]+$')) as title, state, loaded_at
        from source
        where state <> 'removed' and (sha256 = $sha or regexp_extract(path, '[^/\\]+$') = $name)
        order by sha256 = $sha desc, id desc""",
        {"sha": sha256, "name": file_name},
    )


@st.cache_data(**_CACHE)
def indicator_options(gen: str) -> pl.DataFrame:
    """Every indicator the warehouse knows (catalogue and met in reports): code, name, unit, aliases, label."""
    return query("""
        select code, name, unit, aliases, in_catalog, name || ' · ' || code as label
        from indicator order by in_catalog desc, name, code""")


def search_indicators(options: pl.DataFrame, text: str, limit: int = 20) -> pl.DataFrame:
    """Indicators whose code, name or an alias contains ``text`` (the catalogue search of the review table).

    >>> opts = pl.DataFrame({"code": ["u"], "name": ["城市低保户数"], "unit": ["户"], "aliases": [["城区低保家庭"]],
    ...                      "in_catalog": [True], "label": ["城市低保户数 · u"]})
    >>> search_indicators(opts, "低保家庭")["name"].to_list(), search_indicators(opts, "学校").height
    (['城市低保户数'], 0)
    """
    text = text.strip()
    if not text:
        return options.head(0)
    hit = (
        pl.col("code").str.contains(text, literal=True)
        | pl.col("name").str.contains(text, literal=True)
        | pl.col("aliases").list.eval(pl.element().str.contains(text, literal=True)).list.any()
    )
    return options.filter(hit).head(limit)


@st.cache_data(**_CACHE)
def trend_as_of(gen: str, indicator: str, regions: tuple[str, ...], kind: str, at: dt.datetime) -> pl.DataFrame:
    """The points ``data.trend`` shows, as they stood at ``at`` (``series_as_of``): values published by then, with
    the change from the same period a year earlier as known then. No derived points and no phrases."""
    if not regions:
        return pl.DataFrame()
    params: dict[str, Any] = {"ind": indicator, "kind": kind, "at": at}
    wanted = in_list("region", list(regions), params)
    scale = "(case when us.base = ui.base and ui.factor <> 0 then us.factor / ui.factor else 1 end)"
    return query(
        f"""
        with s as (select * from series_as_of($at) where indicator = $ind and kind = 'actual'),
        y as (
            select c.*, p.base_value as prior_base
            from s as c
            left join period as pd on pd.code = c.period
            left join s as p on p.region = c.region and p.period = pd.prior and p.base_unit = c.base_unit
        )
        select y.region, y.region_name, y.period, y.value * {scale} as value,
               (case when us.base = ui.base then y.indicator_unit else y.unit end) as unit, 'actual' as kind,
               y.approx, coalesce(y.suspect, false) as suspect, y.suspect_reason,
               (y.base_value - y.prior_base) / nullif(coalesce(ui.factor, us.factor, 1), 0) as delta,
               case when y.prior_base > 0 then (y.base_value - y.prior_base) / y.prior_base * 100 end as pct,
               null::varchar as phrase, y.source_id,
               coalesce(src.title, regexp_extract(src.path, '[^/\\\\]+$')) as source_title, y.fact_id
        from y
        left join source src on src.id = y.source_id
        left join unit us on us.name = y.unit
        left join unit ui on ui.name = y.indicator_unit
        where y.region in {wanted} and {of_kind("y.period")}
        """,
        params,
    )


def apply_review(
    source_id: int,
    edits: Mapping[int, Mapping[str, Any]],
    drops: Iterable[int],
    *,
    publish: bool,
    user: str | None,
    page: str = "upload",
) -> dict[str, int]:
    """The reviewer's changes to one source in one writer transaction (and its publication, if asked)."""
    with warehouse().writer(timeout=30) as writer:
        return review.review_source(
            writer,
            int(source_id),
            edits=edits,
            drops=list(drops),
            publish=publish,
            via=PAGE_VIA[page],
            user=user,
            learn=learn_from_review,
        )


def split_fact(
    source_id: int, fact_id: int, parts: Sequence[Mapping[str, Any]], *, user: str | None, page: str = "upload"
) -> list[int]:
    """Split one fact of the draft ``source_id`` (the review table's) into ``parts``; returns the new ids."""
    with warehouse().writer(timeout=30) as writer:
        return review.split_fact(writer, int(fact_id), parts, via=PAGE_VIA[page], user=user, learn=learn_from_review)


def remove_source(source_id: int, *, user: str | None, page: str = "sources") -> int:
    """Take a source's facts out of the current data (kept, and in the change log)."""
    with warehouse().writer(timeout=30) as writer:
        return review.remove_source(writer, int(source_id), via=PAGE_VIA[page], user=user)


def kind_labels() -> dict[str, str]:
    return {"actual": "实际数", "target": "目标数", "derived": "推算数", "relative": "相对数"}


def changed_fields(
    original: Sequence[Mapping[str, Any]], edited_rows: Mapping[int, Mapping[str, Any]], labels: Mapping[str, str]
) -> tuple[dict[int, dict[str, Any]], list[int]]:
    """From the data editor's ``edited_rows`` ({row: {column: value}}) to review edits {fact_id: {field: value}}
    and the facts to drop. ``labels`` maps the indicator column's labels back to codes.

    >>> rows = [{"fact_id": 7, "指标": "低保户数 · a", "数值": 5.0, "单位": "户", "期间": "2023", "地区": "澄湖区",
    ...          "类型": "实际数", "删除": False}]
    >>> changed_fields(rows, {0: {"数值": 6.0, "类型": "目标数"}}, {"低保户数 · a": "a"})
    ({7: {'value': 6.0, 'kind': 'target'}}, [])
    >>> changed_fields(rows, {0: {"删除": True, "数值": 9}}, {})
    ({}, [7])
    """
    columns = {"指标": "indicator", "数值": "value", "单位": "unit", "期间": "period", "地区": "region", "类型": "kind"}
    kinds = {v: k for k, v in kind_labels().items()}
    edits: dict[int, dict[str, Any]] = {}
    drops: list[int] = []
    for index, change in edited_rows.items():
        row = original[int(index)]
        fact_id = int(row["fact_id"])
        if change.get("删除"):
            drops.append(fact_id)
            continue
        fields: dict[str, Any] = {}
        for column, value in change.items():
            if column not in columns or value == row.get(column):
                continue
            if column == "指标":
                value = labels.get(value, value)
            elif column == "类型":
                value = kinds.get(value, value)
            fields[columns[column]] = value
        if fields:
            edits[fact_id] = fields
    return edits, drops
