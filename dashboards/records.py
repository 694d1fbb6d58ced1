"""Cached readers for provenance and quality: source documents, their facts, findings to check.

Same rule as ``data.py``: every cached function takes the snapshot generation first and then everything else that
shapes its result, so results are correct for whoever asks and new loads show without a restart.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboards.data import query, reader, view_columns
from warehouse.check import run_checks

__all__ = ["checks", "fact_record", "findings", "quarantine", "source", "source_facts", "sources", "suspects"]

_CACHE = {"ttl": 3600, "max_entries": 256, "show_spinner": False}
_TITLE = "coalesce(s.title, regexp_extract(s.path, '[^/\\\\]+$'))"


@st.cache_data(**_CACHE)
def sources(gen: str) -> pl.DataFrame:
    """Every ingested document, newest first, with counts of its facts, suspect values and quarantined rows."""
    return query(f"""
        with f as (select source_id, count(*) as n, count(*) filter (where suspect) as suspect
                   from fact group by 1)
        select s.id, {_TITLE} as title, s.kind, s.path, coalesce(r.name, s.region) as region, s.period,
               coalesce(d.name, s.domain) as domain, s.loaded_at, coalesce(f.n, 0) as n_facts,
               coalesce(f.suspect, 0) as n_suspect, s.n_quarantined, s.text is not null as has_text,
               s.state, s.published_at, s.removed_at
        from source s left join f on f.source_id = s.id left join region r on r.code = s.region
        left join domain d on d.code = s.domain
        order by s.loaded_at desc, s.id desc""")


@st.cache_data(**_CACHE)
def source(gen: str, source_id: int) -> dict[str, Any] | None:
    """One document with its full text (None when there is no such source)."""
    frame = query(
        f"""select s.id, {_TITLE} as title, s.kind, s.path, s.text, s.period, s.loaded_at,
                             s.extractor_version, coalesce(r.name, s.region) as region, s.state
                      from source s left join region r on r.code = s.region where s.id = $id""",
        {"id": int(source_id)},
    )
    return frame.row(0, named=True) if frame.height else None


@st.cache_data(**_CACHE)
def source_facts(gen: str, source_id: int) -> pl.DataFrame:
    """A document's facts in text order, with what each states about its change and whether that holds."""
    status = _status_join(gen)
    return query(
        f"""
        select f.id, i.name as indicator_name, f.value, f.unit, i.decimals, i.unit as indicator_unit, f.approx,
               f.period, coalesce(r.name, f.region)
               as region_name, f.kind, f.suspect, f.suspect_reason, f.quote, f.span_start, f.span_end, f.vintage,
               c.direction, c.amount, c.unit as change_unit, c.base, {status[0]} as status
        from fact f left join indicator i on i.code = f.indicator left join region r on r.code = f.region
        left join stated_change c on c.fact_id = f.id {status[1]}
        where f.source_id = $id
        order by f.span_start nulls last, f.id""",
        {"id": int(source_id)},
    )


def _status_join(gen: str) -> tuple[str, str]:
    """The stated-vs-computed status of a fact: joined on ``fact_id`` when the view carries it."""
    cols = view_columns(gen, "stated_vs_computed")
    if "fact_id" in cols and "status" in cols:
        return "v.status", "left join stated_vs_computed v on v.fact_id = f.id"
    return "null::varchar", ""


@st.cache_data(**_CACHE)
def fact_record(gen: str, fact_id: int) -> dict[str, Any] | None:
    """Everything the warehouse knows about one fact (its row, names, stated change, source)."""
    frame = query(
        f"""
        select f.*, i.name as indicator_name, i.measure, i.decimals, i.unit as indicator_unit,
               coalesce(r.name, f.region) as region_name,
               {_TITLE} as source_title, c.base as change_base, c.direction as change_direction,
               c.amount as change_amount, c.unit as change_unit
        from fact f left join indicator i on i.code = f.indicator left join region r on r.code = f.region
        left join source s on s.id = f.source_id left join stated_change c on c.fact_id = f.id
        where f.id = $id""",
        {"id": int(fact_id)},
    )
    return frame.row(0, named=True) if frame.height else None


@st.cache_data(**_CACHE)
def findings(gen: str, status: str = "inconsistent") -> pl.DataFrame:
    """Stated changes with the given status, next to what the warehouse computes for the same key."""
    cols = view_columns(gen, "stated_vs_computed")
    if "fact_id" not in cols:
        return pl.DataFrame()
    return query(
        f"""
        select f.id as fact_id, f.source_id, i.name as indicator_name, coalesce(r.name, f.region) as region_name,
               f.period, f.value, f.unit, i.measure, i.decimals, i.unit as indicator_unit, c.direction, c.amount,
               c.unit as change_unit, f.quote,
               y.prior_value, y.delta, y.pct, y.phrase, {_TITLE} as source_title
        from stated_vs_computed v join fact f on f.id = v.fact_id
        left join stated_change c on c.fact_id = f.id
        left join indicator i on i.code = f.indicator left join region r on r.code = f.region
        left join source s on s.id = f.source_id
        left join yoy y on y.indicator = f.indicator and y.region = f.region and y.period = f.period
        where v.status = $status
        qualify row_number() over (partition by f.id order by y.source_id desc nulls last) = 1
        order by f.source_id, f.span_start nulls last, f.id""",
        {"status": status},
    )


@st.cache_data(**_CACHE)
def suspects(gen: str, limit: int = 5000) -> pl.DataFrame:
    """Suspect facts with their reasons, newest sources first."""
    return query(
        f"""
        select f.id as fact_id, f.source_id, i.name as indicator_name, coalesce(r.name, f.region) as region_name,
               f.period, f.value, f.unit, i.decimals, i.unit as indicator_unit, f.suspect_reason, f.quote,
               {_TITLE} as source_title
        from fact f left join indicator i on i.code = f.indicator left join region r on r.code = f.region
        left join source s on s.id = f.source_id
        where f.suspect order by f.source_id desc, f.span_start nulls last, f.id limit $limit""",
        {"limit": limit},
    )


@st.cache_data(**_CACHE)
def quarantine(gen: str, limit: int = 5000) -> pl.DataFrame:
    """Input that could not be loaded, with where and why."""
    return query(
        f"""
        select q.id, q.source_id, {_TITLE} as source_title, q.path, q.location, q.reason, q.raw, q.created_at
        from quarantine q left join source s on s.id = q.source_id
        order by q.created_at desc, q.id desc limit $limit""",
        {"limit": limit},
    )


@st.cache_data(**_CACHE)
def checks(gen: str, show: int = 200) -> list[dict[str, Any]]:
    """The data checks (``sql/checks``): name, title, offending-row count and the first rows."""
    cur = reader().cursor()
    try:
        results = run_checks(cur)
    finally:
        cur.close()
    return [{"name": r.name, "title": r.title, "count": r.rows.height, "rows": r.rows.head(show)} for r in results]
