"""趋势: one indicator over time for chosen regions — chart, table beneath, downloads."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboards import charts, data, reviewdata, reviewpanel, tables, ui, widgets
from dashboards import format as fmt


def body() -> None:
    gen = data.generation()
    ui.page_header("趋势", "选择领域与指标、地区和期间类型，查看历年走势；每个数字都可追溯到原文。")
    indicators = data.indicators(gen)
    tree = data.region_tree(gen)
    if indicators.is_empty() or not len(tree):
        ui.empty("仓库里还没有指标数据。", hint="请在「导入」页上传报告或统计表，或运行 `zhibiao demo` 构建演示数据。")
        return
    with st.container(border=True):
        c1, c2 = st.columns([2, 3])
        indicator = widgets.indicator_picker(indicators, container=c1)
        _, chosen = widgets.region_tree_picker(tree, container=c2)
        if indicator is None:
            return
        meta = indicators.filter(pl.col("code") == indicator).row(0, named=True)
        kinds = data.indicator_kinds(gen, indicator)
        # a row of their own: five period kinds side by side do not fit a third of the page at 1280 px ("月…")
        c3, c4 = st.columns([3, 1])
        kind = widgets.period_kind_picker(kinds, container=c3, default=meta.get("main_kind")) if kinds else None
        chart = widgets.segmented(
            "图表", ["line", "bar"], "chart", container=c4, format_func=lambda c: {"line": "折线图", "bar": "柱状图"}[c]
        )
        as_of = reviewpanel.as_of_picker(
            "trend_as_of", help="按当日结束时已发布的数据显示（那时能知道的数值）；留空为当前数据。", container=c3
        )
    if not chosen:
        ui.empty("请至少选择一个地区。", hint="在“地区”框中勾选要比较的地区；可先在“地区范围”中下钻到区县或街道。")
        return
    if kind is None:
        ui.empty(f"“{fmt.escape_markdown(meta['name'])}”还没有带期间的实际数据。")
        return
    if as_of is None:
        frame = data.trend(gen, indicator, tuple(chosen), kind)
    else:
        frame = reviewdata.trend_as_of(gen, indicator, tuple(chosen), kind, reviewdata.as_of_end(as_of))
        st.caption(f"截至 {as_of:%Y-%m-%d} 已发布的数据（不含推算值；增减按当时已知的上年数计算）。")
    unit, decimals, measure = meta["unit"], int(meta["decimals"] or 0), meta["measure"]
    title = f"{meta['name']} · {fmt.KIND_LABELS.get(kind, kind)}"
    st.subheader(fmt.escape_markdown(title + (f"（{unit}）" if unit else "")), anchor=False)
    if frame.is_empty():
        ui.empty("所选地区没有这个指标的数据。", hint="请换一个期间类型，或在“地区”中选择其他地区。")
        return
    missing = sorted(set(chosen) - set(frame["region"].to_list()))
    if missing:
        names = {c: n.name if (n := tree.node(c)) is not None else c for c in missing}
        st.caption("以下地区没有该指标的数据：" + "、".join(fmt.escape_markdown(names[c]) for c in missing))
    rank = {code: i for i, code in enumerate(chosen)}  # lines and legend in the order the reader chose the regions
    frame = frame.sort(pl.col("region").replace_strict(rank, default=len(rank), return_dtype=pl.Int32), "period")
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
    shown = tables.trend_table(frame, unit, decimals, measure)
    value_col = tables.value_column(unit)
    places = tables.value_places(shown[value_col].to_list(), decimals) if value_col in shown.columns else decimals
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            value_col: st.column_config.NumberColumn(value_col, format=f"%,.{places}f"),
            "原文": st.column_config.LinkColumn(
                "原文", display_text="查看原文", help="打开来源页并定位到该数字所在的句子"
            ),
        },
    )
    downloads(shown, f"{meta['name']}（{fmt.KIND_LABELS.get(kind, kind)}）", meta["name"], unit, decimals, frame)


def downloads(shown: pl.DataFrame, title: str, name: str, unit: str, decimals: int, frame: pl.DataFrame) -> None:
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    titles = frame["source_title"].drop_nulls().to_list()
    ui.export_buttons(
        lambda: tables.trend_xlsx(shown, title, unit, decimals, titles, stamp),
        lambda: tables.trend_csv(shown),
        file_stem=f"{name}_趋势",
        keys=("dl_trend_xlsx", "dl_trend_csv"),
        verb="下载",
    )
    st.caption("图表右上角的相机按钮可把图表保存为 PNG 图片。")


ui.guard(body)
