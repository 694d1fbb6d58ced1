"""Cached readers over the warehouse views: the only module of the dashboards that runs SQL.

Every reader goes through the process-wide ``Warehouse(...).reader()``, which follows newly published snapshots.
``st.cache_data`` is shared by all sessions, so each cached function takes *everything* that shapes its result as
arguments — the snapshot generation first, then the user's selections — and nothing else: a new load changes the
generation (new facts appear without a restart), and one user's filters can never answer another user's question.
"""

from __future__ import annotations

import os
import re
import warnings
from collections.abc import Sequence
from typing import Any

import polars as pl
import streamlit as st

from dashboards import regiontree
from dashboards.regiontree import RegionTree
from warehouse.store import Reader, Warehouse

__all__ = [
    "compare_facts",
    "counts",
    "domains",
    "generation",
    "indicator_kinds",
    "indicators",
    "indicators_with_changes",
    "of_kind",
    "overview",
    "periods_available",
    "reader",
    "region_range",
    "region_tree",
    "regions",
    "trend",
    "view_columns",
    "warehouse",
]

# query() takes a DB-API result as Arrow on purpose (see there): DuckDB's warning about it is silenced for this
# module's calls only. The filter is put back when missing (``warnings.catch_warnings``, as pytest uses around each
# test, drops filters added inside it).
_QUIET = ("ignore", "Arrow output on a DB-API result", UserWarning, r"dashboards\.data\Z")
_QUIET_ENTRY = ("ignore", re.compile(_QUIET[1], re.IGNORECASE), UserWarning, re.compile(_QUIET[3]), 0)

_SHORT = {"ttl": 3600, "max_entries": 512, "show_spinner": False}


def warehouse() -> Warehouse:
    """The warehouse the app serves (``ZHIBIAO_DB``; ``zhibiao serve`` sets it)."""
    return Warehouse(os.environ.get("ZHIBIAO_DB") or None)


def reader() -> Reader:
    return warehouse().reader()


def generation() -> str:
    """The current snapshot's path (``…/warehouse.duckdb.snapshots/gen-00000042.duckdb``): part of every cache key.

    The full path, not just the generation number, so two warehouses served by one process never share entries.
    """
    r = reader()
    r.connection()  # reopens on a moved pointer, so the path below is the snapshot queries will read
    return str(r.snapshot) if r.snapshot is not None else "none"


def query(sql: str, params: dict[str, Any] | None = None) -> pl.DataFrame:
    """Run ``sql`` on the current snapshot (uncached; callers below cache).

    Runs the statement once and takes its rows as Arrow. ``Reader.query`` (``con.sql(...).pl()``) binds the query
    to make a relation and binds it again to run it: for a ``yoy`` query, whose macros make binding slow, the
    second bind is ~10 ms of every new selection. The Arrow copy DuckDB warns about is of the result (tens to a few
    thousand rows), not of what the query reads. (A prepared statement does not help: DuckDB binds and plans it
    again on every EXECUTE, ~30 ms for a ``yoy`` query that reads nothing, as without it.)
    """
    if _QUIET_ENTRY not in warnings.filters:
        warnings.filterwarnings(*_QUIET)
    cur = reader().cursor()
    try:
        cur.execute(sql, params)
        return pl.from_arrow(cur.to_arrow_table())  # type: ignore[return-value]
    finally:
        cur.close()


def in_list(name: str, values: Sequence[str], params: dict[str, Any]) -> str:
    """``($name_0, $name_1, ...)`` with the values bound in ``params``: an IN list of constants.

    DuckDB pushes a constant IN list (unlike ``list_contains($list, col)``) below joins into scans; an empty list
    matches nothing.

    >>> p = {}; in_list("r", ["990102", "990103"], p), p
    ('($r_0, $r_1)', {'r_0': '990102', 'r_1': '990103'})
    """
    if not values:
        return "(select null where false)"
    for k, value in enumerate(values):
        params[f"{name}_{k}"] = value
    return "(" + ", ".join(f"${name}_{k}" for k in range(len(values))) + ")"


def of_kind(col: str, kind_param: str = "kind") -> str:
    """SQL: the period code in ``col`` is of the kind (Y/H/Q/M/YTD) bound to ``$kind_param``.

    The kind comes from the ``period`` table (one row per valid code), not from parsing every row's code: a code
    that is not canonical has no kind, as it has no prior year in ``yoy``.
    """
    return f"{col} in (select code from period where kind = ${kind_param})"


@st.cache_data(**_SHORT)
def view_columns(gen: str, name: str) -> tuple[str, ...]:
    """Columns of a table or view (views may carry more than their contract)."""
    rows = reader().rows(
        "select column_name from information_schema.columns where table_name = ? order by ordinal_position", [name]
    )
    return tuple(r[0] for r in rows)


@st.cache_data(**_SHORT)
def domains(gen: str) -> pl.DataFrame:
    """Domains that have indicators with facts, in display order."""
    return query("""
        select d.code, d.name, d.sort from domain d
        where exists (select 1 from indicator i where i.domain = d.code)
        order by d.sort, d.name""")


@st.cache_data(**_SHORT)
def indicators(gen: str) -> pl.DataFrame:
    """Indicators with at least one fact: code, name, domain, domain_name, unit, measure, decimals, aliases, n,
    ``kinds`` (the period kinds Y, H, Q, YTD, M it has actual facts for, in picker order) and ``main_kind`` (the kind
    with the most actual facts: where the trend page opens).

    One pass over ``fact_live`` (published facts, every vintage) per snapshot answers both the counts and every indicator's period kinds, so choosing
    another indicator never scans ``fact`` again (on 10M facts that scan is ~0.1–0.4 s per indicator).
    """
    frame = query("""
        with p as (
            select indicator, period, count(*) as n, count(*) filter (where kind = 'actual') as actual
            from fact_live group by indicator, period
        ),
        k as (
            select p.indicator, pd.kind, sum(p.actual) as actual
            from p join period pd on pd.code = p.period where p.actual > 0 group by p.indicator, pd.kind
        ),
        n as (
            select p.indicator, sum(p.n)::bigint as n,
                   list(distinct pd.kind) filter (where p.actual > 0 and pd.kind is not null) as kinds
            from p left join period pd on pd.code = p.period group by p.indicator
        )
        select i.code, i.name, i.domain, coalesce(d.name, '未分类') as domain_name, coalesce(d.sort, 9999) as dsort,
               coalesce(i.unit, '') as unit, i.measure, i.decimals, i.aliases, i.additive, n.n, n.kinds,
               (select arg_max(k.kind, k.actual) from k where k.indicator = i.code) as main_kind
        from indicator i join n on n.indicator = i.code left join domain d on d.code = i.domain
        order by dsort, i.domain, i.name""")
    order = ["Y", "H", "Q", "YTD", "M"]
    kinds = [[k for k in order if k in set(ks or ())] for ks in frame["kinds"].to_list()]
    return frame.with_columns(pl.Series("kinds", kinds, dtype=pl.List(pl.String)))


def indicator_kinds(gen: str, indicator: str) -> tuple[str, ...]:
    """The period kinds (Y, H, Q, YTD, M) an indicator has actual facts for (from the cached :func:`indicators`)."""
    rows = indicators(gen).filter(pl.col("code") == indicator)
    return tuple(rows["kinds"][0]) if rows.height else ()


@st.cache_data(**_SHORT)
def indicators_with_changes(gen: str) -> frozenset[str]:
    """Indicators whose facts state a change (only those can have values implied by a stated change)."""
    rows = reader().rows(
        "select distinct f.indicator from stated_change c join fact f on f.id = c.fact_id where f.kind <> 'relative'"
    )
    return frozenset(r[0] for r in rows)


@st.cache_data(**_SHORT)
def busiest(gen: str) -> tuple[str | None, str | None]:
    """The region and period kind with the most current actual facts (in the latest year, on ties): where a page
    opens, so a first view is never the one stray fact of a province or 年度 when the data is half-yearly."""
    rows = reader().rows("""
        select f.region, pd.kind from fact f join period pd on pd.code = f.period
        where f.is_current and f.kind = 'actual'
        group by f.region, pd.kind order by count(*) desc, max(pd.year) desc, f.region limit 1""")
    return (rows[0][0], rows[0][1]) if rows else (None, None)


@st.cache_data(**_SHORT)
def regions(gen: str) -> pl.DataFrame:
    """Regions with facts and all their ancestors: code, name, level, parent_code, has_data, depth."""
    frame = query("""
        with recursive used as (select distinct region as code from fact_live),
        tree as (
            select r.code, r.parent_code from region r join used u on u.code = r.code
            union
            select p.code, p.parent_code from region p join tree t on p.code = t.parent_code
        )
        select r.code, r.name, r.level, r.parent_code, r.code in (select code from used) as has_data
        from region r where r.code in (select code from tree)""")
    parent = dict(zip(frame["code"], frame["parent_code"], strict=True))
    codes = set(parent)

    def depth(code: str) -> int:
        d, seen = 0, set()
        while parent.get(code) in codes and code not in seen:
            seen.add(code)
            code, d = parent[code], d + 1
        return d

    return frame.with_columns(pl.Series("depth", [depth(c) for c in frame["code"]], dtype=pl.Int32))


@st.cache_resource(ttl=3600, max_entries=8, show_spinner=False)
def region_tree(gen: str) -> RegionTree:
    """The region tree of :func:`regions`, built once per snapshot and shared (read-only) by every session.

    ``cache_resource``, not ``cache_data``: the same object is handed out on every rerun, with no copy (the tree
    is immutable). Keyed by the snapshot like every reader, so a new load builds the tree of the new regions.
    """
    return regiontree.build(regions(gen))


# Values are shown in the indicator's unit: a row stated in 人 for an indicator kept in 万人 is converted through
# the unit table's factors (same base only; otherwise the row keeps its own unit). ``us`` is the row's unit, ``ui``
# the indicator's; both views carry ``indicator_unit``, so no join to ``indicator`` is needed.
_SCALE = "(case when us.base = ui.base and ui.factor <> 0 then us.factor / ui.factor else 1 end)"
_UNIT = "(case when us.base = ui.base then y.indicator_unit else y.unit end)"
_TITLE = "coalesce(src.title, regexp_extract(src.path, '[^/\\\\]+$'))"
_JOINS = """
    left join source src on src.id = y.source_id
    left join unit us on us.name = y.unit
    left join unit ui on ui.name = y.indicator_unit"""


def region_range(col: str, values: Sequence[str], params: dict[str, Any]) -> str:
    """``col between $lo and $hi`` over the chosen region codes, to go with their IN list.

    DuckDB carries a constant equality or range on ``region`` across the ``yoy`` view's join to the prior year's scan,
    but not an IN list: with the IN list alone the prior side reads every region of the indicator. Codes of one
    scope sort together (siblings share the parent's prefix), so the range is narrow; on 10M facts, three regions of
    one indicator take 40 ms with it and 48 ms without (99k facts per indicator).
    """
    if not values:
        return "true"
    params["region_lo"], params["region_hi"] = min(values), max(values)
    return f"{col} between $region_lo and $region_hi"


@st.cache_data(**_SHORT)
def trend(gen: str, indicator: str, regions: tuple[str, ...], kind: str) -> pl.DataFrame:
    """Actual and derived points of one indicator for some regions and one period kind, with provenance."""
    if not regions:
        return pl.DataFrame()
    params: dict[str, Any] = {"ind": indicator, "kind": kind}
    wanted = in_list("region", list(regions), params)
    actual = query(
        f"""
        select y.region, y.region_name, y.period, y.value * {_SCALE} as value, {_UNIT} as unit,
               'actual' as kind, y.approx, coalesce(y.suspect, false) as suspect, y.suspect_reason,
               y.delta * {_SCALE} as delta, y.pct, y.phrase, y.source_id, {_TITLE} as source_title,
               y.fact_id
        from yoy y {_JOINS}
        where y.indicator = $ind and y.region in {wanted} and {region_range("y.region", regions, params)}
          and {of_kind("y.period")}
        """,
        params,
    )
    if indicator not in indicators_with_changes(gen):
        return actual  # nothing stated a change of this indicator, so nothing is implied: skip the view
    params = {"ind": indicator, "kind": kind}
    wanted = in_list("region", list(regions), params)
    derived = query(
        f"""
        select y.region, r.name as region_name, y.period, y.value * {_SCALE} as value, {_UNIT} as unit,
               'derived' as kind, null::varchar as approx, false as suspect, null::varchar as suspect_reason,
               null::double as delta, null::double as pct, null::varchar as phrase, y.source_id,
               {_TITLE} as source_title, y.fact_id
        from (select p.*, i.unit as indicator_unit from implied_prior p left join indicator i on i.code = p.indicator) y
        left join region r on r.code = y.region {_JOINS}
        where y.indicator = $ind and y.region in {wanted} and {of_kind("y.period")}
        qualify row_number() over (partition by y.region, y.period order by y.source_id desc) = 1
        """,
        params,
    )
    if derived.height:
        have = actual.select("region", "period")
        derived = derived.join(have, on=["region", "period"], how="anti")
    return pl.concat([actual, derived], how="vertical_relaxed") if derived.height else actual


@st.cache_data(**_SHORT)
def periods_available(gen: str, indicators: tuple[str, ...], regions: tuple[str, ...]) -> tuple[str, ...]:
    """Period codes with actual facts for any of the indicators and regions, oldest first."""
    if not indicators or not regions:
        return ()
    rows = reader().rows(
        """select pd.code from period pd
           where pd.code in (select period from fact_live where list_contains(?, indicator)
                             and list_contains(?, region) and kind = 'actual')
           order by pd.sort_key, pd.code""",
        [list(indicators), list(regions)],
    )
    return tuple(r[0] for r in rows)


@st.cache_data(**_SHORT)
def compare_facts(
    gen: str, indicators: tuple[str, ...], regions: tuple[str, ...], periods: tuple[str, ...]
) -> pl.DataFrame:
    """Year-on-year rows for the chosen indicators, regions and periods, plus the parents' values (for the share).

    The chosen regions come from ``yoy``; their parents only need a value, so they come from ``series`` (no prior
    year to join), in the same round trip.
    """
    if not (indicators and regions and periods):
        return pl.DataFrame()
    tree = region_tree(gen)
    parents = sorted(
        {n.parent_code for r in regions if (n := tree.node(r)) is not None and n.parent_code in tree} - set(regions)
    )
    params: dict[str, Any] = {}
    chosen = in_list("region", list(regions), params)
    period_list = in_list("period", list(periods), params)
    wanted = in_list("ind", list(indicators), params)
    columns = f"""y.indicator, y.indicator_name, {_UNIT} as unit, y.measure, y.decimals, y.additive,
               y.region, y.region_name, y.parent_region as parent_code, y.period, y.value * {_SCALE} as value"""
    sql = f"""
        select {columns}, y.delta * {_SCALE} as delta, y.pct, y.phrase, y.source_id, {_TITLE} as source_title
        from yoy y {_JOINS}
        where y.indicator in {wanted} and y.region in {chosen} and {region_range("y.region", regions, params)}
          and y.period in {period_list}
        """
    if parents:
        sql += f"""
        union all
        select {columns}, null::double as delta, null::double as pct, null::varchar as phrase, y.source_id,
               {_TITLE} as source_title
        from series y {_JOINS}
        where y.kind = 'actual' and y.indicator in {wanted}
          and y.region in {in_list("parent", parents, params)} and y.period in {period_list}
        """
    return query(sql, params)


@st.cache_data(**_SHORT)
def overview(gen: str, region: str, kind: str) -> pl.DataFrame:
    """Each indicator's latest period of ``kind`` for ``region``, with its change phrase and recent values."""
    return query(
        f"""
        with y as (
            select y.* from yoy y
            where y.region = $region and {of_kind("y.period")}
        ),
        latest as (select * from y qualify row_number() over (partition by indicator order by period desc) = 1),
        history as (
            select indicator, list(value order by period) as history from (
                select indicator, period, value from y
                qualify row_number() over (partition by indicator order by period desc) <= 8
            ) group by indicator
        )
        select l.indicator, i.name as indicator_name, i.domain, coalesce(d.name, '未分类') as domain_name,
               coalesce(d.sort, 9999) as dsort, l.period, l.value, l.unit, i.measure, i.decimals, l.delta, l.pct,
               l.phrase, l.suspect, l.source_id, h.history
        from latest l join indicator i on i.code = l.indicator left join domain d on d.code = i.domain
        left join history h on h.indicator = l.indicator
        order by dsort, i.domain, i.name""",
        {"region": region, "kind": kind},
    )


@st.cache_data(**_SHORT)
def children_sum(gen: str, region: str, kind: str) -> pl.DataFrame:
    """下级合计: for additive indicators ``region`` has no figure of its own for, the sum of its children's current
    actual values in the latest period of ``kind`` (in the indicator's unit), with the number of children summed and
    a change phrase against the same sum a year earlier (only when as many children reported then). Columns as
    :func:`overview`, plus ``children``."""
    return query(
        f"""
        with kids as (select code from region where parent_code = $region),
        own as (select distinct indicator from fact where region = $region and is_current and kind = 'actual'),
        sums as (
            select f.indicator, f.period, sum(f.base_value) as base, count(distinct f.region) as children
            from fact f
            where f.region in (select code from kids) and f.is_current and f.kind = 'actual'
              and f.indicator not in (select indicator from own) and {of_kind("f.period")}
            group by f.indicator, f.period having count(distinct f.base_unit) = 1
        ),
        v as (
            select s.*, s.base / coalesce(ui.factor, 1.0) as value, pd.prior
            from sums s join indicator i on i.code = s.indicator
            left join unit ui on ui.name = i.unit join period pd on pd.code = s.period
            where coalesce(i.additive, i.measure in ('stock', 'flow'))
        ),
        latest as (select * from v qualify row_number() over (partition by indicator order by period desc) = 1)
        select l.indicator, i.name as indicator_name, i.domain, coalesce(d.name, '未分类') as domain_name,
               coalesce(d.sort, 9999) as dsort, l.period, l.value, i.unit, i.measure, i.decimals,
               l.value - p.value as delta,
               case when p.value > 0 then (l.value - p.value) / p.value * 100 end as pct,
               change_phrase(i.measure, l.period, l.value, p.value, i.unit, i.decimals) as phrase,
               false as suspect, null::bigint as source_id,
               (select list(x.value order by x.period) from v x where x.indicator = l.indicator) as history,
               l.children
        from latest l join indicator i on i.code = l.indicator left join domain d on d.code = i.domain
        left join v p on p.indicator = l.indicator and p.period = l.prior and p.children = l.children
        order by dsort, i.domain, i.name""",
        {"region": region, "kind": kind},
    )


@st.cache_data(**_SHORT)
def counts(gen: str) -> dict[str, int]:
    """Headline counts: sources, facts, suspect facts, inconsistent stated changes, quarantined rows."""
    row = reader().rows("""
        select (select count(*) from source), (select count(*) from fact_live),
               (select count(*) from fact_live where suspect),
               (select count(*) from stated_vs_computed where status = 'inconsistent'),
               (select count(*) from quarantine), (select count(*) from stated_change)""")[0]
    keys = ("sources", "facts", "suspect", "inconsistent", "quarantined", "stated")
    return dict(zip(keys, (int(v or 0) for v in row), strict=True))


def as_tuple(values: Sequence[str] | None) -> tuple[str, ...]:
    """Selections as hashable, order-preserving cache keys."""
    return tuple(values or ())
