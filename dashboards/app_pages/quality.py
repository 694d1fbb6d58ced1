"""质量: what needs a person's judgement — inconsistent stated changes, suspect values, data checks, quarantine."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboards import data, records, ui, widgets
from dashboards import format as fmt

VIEWS = {"inconsistent": "增减说法不一致", "suspect": "存疑数值", "checks": "数据检查", "quarantine": "隔离记录"}
SOURCE = st.column_config.TextColumn("来源", width=130)  # a long title is cut in its cell, not off the table
LINK = st.column_config.LinkColumn("原文", display_text="查看原句", help="打开来源页并定位到该数值所在的句子")


def _links(frame: pl.DataFrame) -> pl.Series:
    return pl.Series(
        "原文",
        [ui.source_url(s, f) for s, f in zip(frame["source_id"], frame["fact_id"], strict=True)],
        dtype=pl.String,
    )


def _stated(r: dict[str, object]) -> str:
    """What the report claims, with the amount as the report wrote it (a quote, not rounded)."""
    return fmt.stated_change(
        str(r["direction"]),
        r["amount"],  # type: ignore[arg-type]
        r["change_unit"],  # type: ignore[arg-type]
        r.get("base"),  # type: ignore[arg-type]
        r.get("quote"),  # type: ignore[arg-type]
    )


def _values(frame: pl.DataFrame, column: str = "value", unit: str = "unit") -> list[str]:
    """A value column in its stated unit, to each row's indicator decimals (as on every other page)."""
    return [
        fmt.value(r[column], r[unit], fmt.places(r["decimals"], r[unit], r["indicator_unit"], r[column]))
        for r in frame.iter_rows(named=True)
    ]


def inconsistent(gen: str) -> None:
    st.caption("报告写明了“较上年增加/减少……”，但按仓库中上年同期的数据计算，结果与所称不符（已考虑所述数字的精度）。")
    frame = records.findings(gen, "inconsistent")
    if frame.is_empty():
        ui.empty("没有发现不一致的增减说法。", hint="报告中的每条增减说法都与仓库数据相符，或缺少上年数据无法核对。")
        return
    shown = pl.DataFrame(
        {
            "指标": frame["indicator_name"],
            "地区": frame["region_name"],
            "期间": [fmt.period_label(p) for p in frame["period"]],
            "本期数值": _values(frame),
            "报告所称": [_stated(r) for r in frame.iter_rows(named=True)],
            "按数据计算": [
                r["phrase"]
                or fmt.change(
                    r["delta"],
                    r["pct"],
                    r["unit"],
                    r["measure"],
                    fmt.places(r["decimals"], r["unit"], r["indicator_unit"], r["delta"]) or 0,
                )
                for r in frame.iter_rows(named=True)
            ],
            "上年数值": _values(frame, "prior_value"),
            "来源": frame["source_title"],
        }
    ).with_columns(_links(frame))
    st.dataframe(shown, hide_index=True, width="stretch", column_config={"原文": LINK, "来源": SOURCE})


def suspect(gen: str) -> None:
    st.caption("抽取时判断可疑的数值，例如数字里混进了年份、比率超过100%、单位不合常理。请对照原句核实。")
    frame = records.suspects(gen)
    if frame.is_empty():
        ui.empty("没有存疑数值。")
        return
    shown = pl.DataFrame(
        {
            "指标": frame["indicator_name"],
            "地区": frame["region_name"],
            "期间": [fmt.period_label(p) for p in frame["period"]],
            "数值": _values(frame),
            "存疑原因": frame["suspect_reason"].fill_null("数值可疑"),
            "来源": frame["source_title"],
        }
    ).with_columns(_links(frame))
    st.dataframe(shown, hide_index=True, width="stretch", column_config={"原文": LINK, "来源": SOURCE})


def _check_values(frame: pl.DataFrame, catalog: pl.DataFrame) -> pl.DataFrame:
    """A check's offending rows with their values in their units, to each row's indicator decimals."""
    if "unit" not in frame.columns or frame.is_empty():
        return frame
    by_code = {r["code"]: r for r in catalog.iter_rows(named=True)}
    by_name = {r["name"]: r for r in catalog.iter_rows(named=True)}

    def meta(code: object, name: object) -> dict[str, object]:
        return by_code.get(code) or by_name.get(name) or {}  # type: ignore[arg-type]

    def shown(r: dict[str, object], column: str, unit_col: str, ind: dict[str, object]) -> str:
        unit = r.get(unit_col)
        p = fmt.places(ind.get("decimals"), unit, ind.get("unit"), r[column])  # type: ignore[arg-type]
        return fmt.value(r[column], unit, p)  # type: ignore[arg-type]

    rows = list(frame.iter_rows(named=True))
    out = {}
    for column in ("value", "prior_value", "children_sum", "difference"):
        if column in frame.columns and frame[column].dtype.is_numeric():
            out[column] = [shown(r, column, "unit", meta(r.get("indicator"), r.get("indicator_name"))) for r in rows]
    if {"whole_value", "whole_unit"} <= set(frame.columns) and frame["whole_value"].dtype.is_numeric():
        out["whole_value"] = [
            shown(r, "whole_value", "whole_unit", meta(r.get("whole_indicator"), r.get("whole_indicator_name")))
            for r in rows
        ]
    return frame.with_columns(pl.Series(name, values, dtype=pl.String) for name, values in out.items())


def checks(gen: str) -> None:
    st.caption("数据检查是一组查询，每项列出违反规则的数据行；没有行即为通过。命令行可运行 `zhibiao check`。")
    results = records.checks(gen)
    if not results:
        ui.empty("没有配置数据检查。")
        return
    failing = [r for r in results if r["count"]]
    st.markdown(f"共 **{len(results)}** 项检查，**{len(failing)}** 项发现问题。")
    for r in results:
        mark = ":red[:material/error:]" if r["count"] else ":green[:material/check_circle:]"
        label = f"{mark} {fmt.escape_markdown(r['title'])}（{fmt.count(r['count'])} 行）"
        with st.expander(label, expanded=False):
            if r["count"]:
                frame = _check_values(r["rows"], data.indicators(gen))
                config = {}
                if {"source_id", "fact_id"} <= set(frame.columns):
                    frame = frame.with_columns(_links(frame))
                    config["原文"] = LINK
                st.dataframe(frame, hide_index=True, width="stretch", column_config=config)
            else:
                st.caption("通过：没有违反该规则的数据。")


def quarantined(gen: str) -> None:
    st.caption("无法导入的行或段落，连同位置和原因一起保存，没有被悄悄丢弃。修正来源文件后重新导入即可。")
    frame = records.quarantine(gen)
    if frame.is_empty():
        ui.empty("没有隔离记录。")
        return
    shown = pl.DataFrame(
        {
            "来源": frame["source_title"].fill_null(frame["path"]),
            "位置": frame["location"],
            "原因": frame["reason"],
            "原始内容": frame["raw"],
            "原文": [ui.source_url(s) for s in frame["source_id"]],
        },
        schema_overrides={"原文": pl.String},
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={"原文": st.column_config.LinkColumn("原文", display_text="打开来源")},
    )


def body() -> None:
    gen = data.generation()
    ui.page_header("质量", "需要人工核对的问题：与数据不符的增减说法、存疑数值、数据检查结果和无法导入的内容。")
    counts = data.counts(gen)
    labels = {
        "inconsistent": f"{VIEWS['inconsistent']}（{fmt.count(counts['inconsistent'])}）",
        "suspect": f"{VIEWS['suspect']}（{fmt.count(counts['suspect'])}）",
        "checks": VIEWS["checks"],
        "quarantine": f"{VIEWS['quarantine']}（{fmt.count(counts['quarantined'])}）",
    }
    view = widgets.segmented("查看", list(VIEWS), "tab", format_func=labels.get)
    {"inconsistent": inconsistent, "suspect": suspect, "checks": checks, "quarantine": quarantined}[
        view or "inconsistent"
    ](gen)


ui.guard(body)
