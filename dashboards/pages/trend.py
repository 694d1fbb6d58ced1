"""趋势: one indicator over time for chosen regions — chart, table beneath, downloads."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboards import charts, data, ui, widgets
from dashboards import format as fmt
from warehouse import export, periods


def table(frame: pl.DataFrame, unit: str, decimals: int, measure: str) -> pl.DataFrame:
    """The table beneath the chart: one row per point, newest first, formatted like the chart's hover."""
    order = {p: periods.sort_key(p) for p in frame["period"].unique().to_list()}
    rows = sorted(frame.iter_rows(named=True), key=lambda r: (order[r["period"]], r["region_name"] or ""), reverse=True)
    out = []
    for r in rows:
        flags = [t for t, on in (("推算", r["kind"] == "derived"), ("存疑", r["suspect"])) if on]
        out.append(
            {
                "地区": r["region_name"] or r["region"],
                "期间": fmt.period_label(r["period"]),
                f"数值（{unit}）" if unit else "数值": r["value"],
                "近似": r["approx"] or "",
                "增减": fmt.change(r["delta"], r["pct"], unit, measure, decimals),
                "变化说法": r["phrase"] or "",
                "标记": "、".join(flags),
                "存疑原因": r["suspect_reason"] or "",
                "来源": r["source_title"] or "",
                "原文": ui.source_url(r["source_id"], r["fact_id"]),
            }
        )
    return pl.DataFrame(out, schema_overrides={"原文": pl.String}) if out else pl.DataFrame()


def body() -> None:
    gen = data.generation()
    ui.page_header("趋势", "选择领域与指标、地区和期间类型，查看历年走势；每个数字都可追溯到原文。")
    indicators = data.indicators(gen)
    regions = data.regions(gen)
    if indicators.is_empty() or regions.is_empty():
        ui.empty("仓库里还没有指标数据。", hint="请在「导入」页上传报告或统计表，或运行 `zhibiao demo` 构建演示数据。")
        return
    with st.container(border=True):
        c1, c2, c3 = st.columns([2, 3, 2])
        indicator = widgets.indicator_picker(indicators, container=c1)
        _, chosen = widgets.region_tree_picker(regions, container=c2)
        if indicator is None:
            return
        meta = indicators.filter(pl.col("code") == indicator).row(0, named=True)
        kinds = data.indicator_kinds(gen, indicator)
        kind = widgets.period_kind_picker(kinds, container=c3) if kinds else None
        chart = widgets.segmented(
            "图表", ["line", "bar"], "chart", container=c3, format_func=lambda c: {"line": "折线图", "bar": "柱状图"}[c]
        )
    if not chosen:
        ui.empty("请至少选择一个地区。", hint="在“地区”框中勾选要比较的地区；可先在“地区范围”中下钻到区县或街道。")
        return
    if kind is None:
        ui.empty(f"“{meta['name']}”还没有带期间的实际数据。")
        return
    frame = data.trend(gen, indicator, tuple(chosen), kind)
    unit, decimals, measure = meta["unit"], int(meta["decimals"] or 0), meta["measure"]
    title = f"{meta['name']} · {fmt.KIND_LABELS.get(kind, kind)}"
    st.subheader(title + (f"（{unit}）" if unit else ""), anchor=False)
    if frame.is_empty():
        ui.empty("所选地区没有这个指标的数据。", hint="请换一个期间类型，或在“地区”中选择其他地区。")
        return
    missing = sorted(set(chosen) - set(frame["region"].to_list()))
    if missing:
        names = dict(zip(regions["code"], regions["name"], strict=True))
        st.caption("以下地区没有该指标的数据：" + "、".join(fmt.escape_markdown(names.get(c, c)) for c in missing))
    fig = charts.trend_figure(frame, unit=unit, decimals=decimals, chart=chart or "line")
    st.plotly_chart(
        fig, config=charts.chart_config(f"{meta['name']}_{fmt.KIND_LABELS.get(kind, kind)}趋势"), key="trend_chart"
    )
    notes = []
    if (frame["kind"] == "derived").any():
        notes.append("空心圆点为推算值：由报告中“较上年增减”的说法反推的上年数，并非直接公布。")
    if frame["suspect"].fill_null(False).any():
        notes.append("红色✕为存疑数值，请到「质量」页核对。")
    if notes:
        st.caption(" ".join(notes))
    shown = table(frame, unit, decimals, measure)
    value_col = f"数值（{unit}）" if unit else "数值"
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            value_col: st.column_config.NumberColumn(value_col, format=f"%,.{decimals}f"),
            "原文": st.column_config.LinkColumn(
                "原文", display_text="查看原文", help="打开来源页并定位到该数字所在的句子"
            ),
        },
    )
    downloads(shown, meta["name"], kind, value_col, decimals, frame)


def downloads(shown: pl.DataFrame, name: str, kind: str, value_col: str, decimals: int, frame: pl.DataFrame) -> None:
    # Bytes are made only when a button is clicked, so a rerun of the page never pays for an export.
    export_frame = shown.drop("原文")
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    titles = sorted({t for t in frame["source_title"].to_list() if t})
    layout = export.XlsxLayout(
        title=f"{name}（{fmt.KIND_LABELS.get(kind, kind)}）",
        sheet="趋势",
        number_formats={value_col: "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals},
        footnote=f"资料来源：{'；'.join(titles[:8]) or '指标仓库'}\n导出时间：{stamp}",
    )
    c1, c2, _ = st.columns([1, 1, 4])
    c1.download_button(
        "下载 Excel",
        lambda: export.to_xlsx(export_frame, layout),
        file_name=f"{name}_趋势.xlsx",
        mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        icon=":material/download:",
        on_click="ignore",
        key="dl_trend_xlsx",
    )
    c2.download_button(
        "下载 CSV",
        lambda: export.to_csv(export_frame),
        file_name=f"{name}_趋势.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key="dl_trend_csv",
    )
    st.caption("图表右上角的相机按钮可把图表保存为 PNG 图片。")


ui.guard(body)
