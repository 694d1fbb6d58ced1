"""对比: build a comparison table (indicators × regions × periods) and export it as laid out on screen."""

from __future__ import annotations

import datetime as dt

import polars as pl
import streamlit as st

from dashboards import charts, compare, data, ui, widgets
from dashboards import format as fmt


def pickers(gen: str) -> compare.CompareSpec | None:
    indicators = data.indicators(gen)
    tree = data.region_tree(gen)
    if indicators.is_empty() or not len(tree):
        ui.empty("仓库里还没有指标数据。", hint="请在「导入」页上传报告或统计表，或运行 `zhibiao demo` 构建演示数据。")
        return None
    info = {r["code"]: r for r in indicators.iter_rows(named=True)}
    with st.container(border=True):
        c1, c2 = st.columns([3, 3])
        chosen_ind = widgets.multiselect(
            "指标",
            list(info),
            "indicator",
            default=[max(info, key=lambda c: info[c]["n"] or 0)],  # a first visit should show a full table
            container=c1,
            format_func=lambda c: (
                f"{info[c]['domain_name']} · {info[c]['name']}" + (f"（{info[c]['unit']}）" if info[c]["unit"] else "")
            ),
            help="可多选；输入关键字筛选",
        )
        _, chosen_reg = widgets.region_tree_picker(tree, container=c2)
        available = data.periods_available(gen, tuple(chosen_ind), tuple(chosen_reg))
        annual = [p for p in available if fmt.period_kind(p) == "Y"]
        c3, c4 = st.columns([3, 3])
        chosen_per = widgets.multiselect(
            "期间",
            list(reversed(available)),
            "period",
            default=(annual or available)[-3:],
            format_func=fmt.period_label,
            container=c3,
            help="可多选；同比按上年同期计算（1-5月对比上年1-5月）",
        )
        layout = widgets.segmented(
            "排列方式", list(compare.LAYOUTS), "layout", format_func=compare.LAYOUTS.get, container=c4
        )
        t1, t2, t3 = c4.columns(3)
        yoy = widgets.toggle("同比增减", "yoy", default=True, container=t1)
        rank = widgets.toggle("同级排名", "rank", default=True, container=t2)
        share = widgets.toggle("占上级比重", "share", default=True, container=t3)
    if not (chosen_ind and chosen_reg and chosen_per):
        missing = [n for n, v in (("指标", chosen_ind), ("地区", chosen_reg), ("期间", chosen_per)) if not v]
        ui.empty(f"请选择{'、'.join(missing)}。", hint="对比表需要至少一个指标、一个地区和一个期间。")
        return None
    return compare.CompareSpec(
        tuple(chosen_ind), tuple(chosen_reg), tuple(chosen_per), layout or "region_period", yoy, rank, share
    )


def column_config(table: compare.CompareTable) -> dict[str, object]:
    """Number columns arrive as text (to their decimals, "—" when missing): aligned right as numbers are."""
    return {name: st.column_config.TextColumn(name, alignment="right") for name in table.screen_formats}


def body() -> None:
    gen = data.generation()
    ui.page_header("对比", "挑选指标、地区和期间，生成可直接放进报告的对比表；导出的 Excel 与屏幕上的排列一致。")
    spec = pickers(gen)
    if spec is None:
        return
    facts = data.compare_facts(gen, spec.indicators, spec.regions, spec.periods)
    if facts.is_empty():
        ui.empty("所选组合没有数据。", hint="请换一些地区或期间；期间列表只列出所选指标和地区有数据的期间。")
        return
    stamp = dt.datetime.now().strftime("%Y-%m-%d %H:%M")
    table = compare.build_table(facts, spec, generated=stamp)
    if table.frame.is_empty():
        ui.empty("所选组合没有数据。", hint="请换一些地区或期间。")
        return
    st.subheader(fmt.escape_markdown(table.title), anchor=False)
    st.dataframe(
        table.shown(), hide_index=True, width="stretch", column_config=column_config(table), key="compare_table"
    )
    for line in table.footnote.splitlines():
        st.caption(fmt.escape_markdown(line))
    name = table.title.split("（")[0]
    ui.export_buttons(
        table.xlsx,
        table.csv,
        file_stem=name,
        keys=("dl_compare_xlsx", "dl_compare_csv"),
        primary=True,
    )
    if len(spec.regions) >= 2 and widgets.toggle(
        "显示柱状图",
        "bars",
        default=False,
        help="按所选最新一期，为第一个指标画出各地区的柱状图，便于直观核对表格",
    ):
        chart(facts, spec)


def chart(facts: pl.DataFrame, spec: compare.CompareSpec) -> None:
    """A bar per region for the first indicator in the latest chosen period: a quick visual check of the table.

    Drawn only when asked for (``?bars=1``): the table is what the page is for, and a chart makes the browser load
    and compile the 4.7 MB plotly bundle before the table appears (first render ~3 s later on the 2-core machine).
    """
    cells = compare.cells(facts, spec)
    if cells.is_empty() or len(spec.regions) < 2:
        return
    first = spec.indicators[0]
    rows = cells.filter(pl.col("indicator") == first)
    if rows.is_empty():
        return
    latest = max(rows["period"].to_list(), key=lambda p: (fmt.period_kind(p) == "Y", p))
    rows = rows.filter(pl.col("period") == latest)
    meta = rows.row(0, named=True)
    with st.expander(
        "图示：" + fmt.escape_markdown(f"{meta['indicator_name']}（{fmt.period_label(latest)}）"), expanded=True
    ):
        fig = charts.compare_bar_figure(
            rows["region_name"].to_list(),
            rows["value"].to_list(),
            unit=meta["unit"],
            title=f"{meta['indicator_name']} · {fmt.period_label(latest)}",
            decimals=int(meta["decimals"] or 0),
        )
        st.plotly_chart(fig, config=charts.chart_config(f"{meta['indicator_name']}_对比"), key="compare_chart")


ui.guard(body)
