"""The table beneath the trend chart, and its export bytes. Pure polars; no streamlit.

The table is what the reader sees (one row per point, newest first, formatted like the chart's hover); the exports
drop the link column and keep numbers as numbers, with the unit in the value column's header.
"""

from __future__ import annotations

from collections.abc import Sequence

import polars as pl

from dashboards import format as fmt
from dashboards.links import source_url
from warehouse import export, periods

__all__ = ["trend_csv", "trend_table", "trend_xlsx", "value_column", "value_places"]


def value_column(unit: str | None) -> str:
    """The value column's header, with the unit: '数值（万元）'.

    >>> value_column("万元"), value_column("")
    ('数值（万元）', '数值')
    """
    return f"数值（{unit}）" if unit else "数值"


def value_places(values: Sequence[float | None], decimals: int) -> int:
    """Decimals of the value column: the indicator's, or more where a value was stated with more (no stated digit
    is dropped on screen or in an export).

    >>> value_places([2.16, 3.0, None], 0), value_places([800.0], 0), value_places([1.5], 2)
    (2, 0, 2)
    """
    return max([decimals, *(min(fmt.stated_places(v), 6) for v in values if not fmt.is_missing(v))])


def trend_table(frame: pl.DataFrame, unit: str, decimals: int, measure: str | None) -> pl.DataFrame:
    """One row per point, newest first: region, period, value, change, phrase, flags, source and a link to it."""
    if frame.is_empty():
        return pl.DataFrame()
    order = {p: periods.sort_key(p) for p in frame["period"].unique().to_list()}
    rows = sorted(frame.iter_rows(named=True), key=lambda r: (order[r["period"]], r["region_name"] or ""), reverse=True)
    out = []
    for r in rows:
        flags = [t for t, on in (("推算", r["kind"] == "derived"), ("存疑", r["suspect"])) if on]
        out.append(
            {
                "地区": r["region_name"] or r["region"],
                "期间": fmt.period_label(r["period"]),
                value_column(unit): r["value"],
                "近似": r["approx"] or "",
                "增减": fmt.change(r["delta"], r["pct"], unit, measure, decimals),
                "变化说法": r["phrase"] or "",
                "标记": "、".join(flags),
                "存疑原因": r["suspect_reason"] or "",
                "来源": r["source_title"] or "",
                "原文": source_url(r["source_id"], r["fact_id"]),
            }
        )
    return pl.DataFrame(out, schema_overrides={value_column(unit): pl.Float64, "原文": pl.String})


def _layout(title: str, value_col: str, decimals: int, titles: Sequence[str], stamp: str | None) -> export.XlsxLayout:
    sources = "；".join(sorted({t for t in titles if t})[:8]) or "指标仓库"
    footnote = f"资料来源：{sources}" + (f"\n导出时间：{stamp}" if stamp else "")
    return export.XlsxLayout(
        title=title,
        sheet="趋势",
        number_formats={value_col: "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals},
        footnote=footnote,
    )


def trend_xlsx(
    shown: pl.DataFrame, title: str, unit: str, decimals: int, titles: Sequence[str], stamp: str | None = None
) -> bytes:
    """XLSX bytes of the table as shown (without the link column): title, unit in the header, number format."""
    frame = shown.drop("原文", strict=False)
    places = value_places(frame[value_column(unit)].to_list(), decimals) if value_column(unit) in frame.columns else 0
    return export.to_xlsx(frame, _layout(title, value_column(unit), places, titles, stamp))


def trend_csv(shown: pl.DataFrame) -> bytes:
    """CSV bytes of the table as shown (UTF-8 with BOM, formula-like text neutralised)."""
    frame = shown.drop("原文", strict=False)
    places = {c: value_places(frame[c].to_list(), 0) for c, t in frame.schema.items() if t.is_float()}
    return export.to_csv(frame, places)
