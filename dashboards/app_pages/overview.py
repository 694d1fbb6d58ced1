"""总览: the chosen region's latest figures with their change phrases, and what needs checking."""

from __future__ import annotations

import polars as pl
import streamlit as st

from dashboards import data, ui, widgets
from dashboards import format as fmt

PER_ROW = 4


def status_row(counts: dict[str, int]) -> None:
    cols = st.columns(4)
    cells = [
        ("来源文件", counts["sources"], "已导入的报告与统计表", ui.PAGES["sources"], "查看来源"),
        ("指标数据", counts["facts"], "仓库中的全部数值（含各版本）", ui.PAGES["trend"], "查看趋势"),
        ("存疑数值", counts["suspect"], "抽取时发现的可疑数值，需要人工核对", ui.PAGES["quality"], "核查存疑数值"),
        (
            "增减说法不一致",
            counts["inconsistent"],
            "报告所称“较上年增减”与上年数据不符",
            ui.PAGES["quality"],
            "核查不一致",
        ),
    ]
    for col, (label, n, help_, page, link) in zip(cols, cells, strict=True):
        with col:
            st.metric(label, fmt.count(n), help=help_, border=True)
            query = (
                {"tab": "inconsistent"}
                if label.startswith("增减")
                else ({"tab": "suspect"} if label == "存疑数值" else None)
            )
            st.page_link(page, label=link, icon=":material/arrow_forward:", query_params=query)


def cards(frame: pl.DataFrame) -> None:
    rows = list(frame.iter_rows(named=True))
    periods = [r["period"] for r in rows]
    common = max(set(periods), key=periods.count) if periods else None
    if common is not None:
        st.caption(f"数据期：{fmt.escape_markdown(fmt.period_label(common))}（其他期的指标在卡片上注明）")
    for start in range(0, len(rows), PER_ROW):
        cols = st.columns(PER_ROW)
        for col, r in zip(cols, rows[start : start + PER_ROW], strict=False):
            delta = r["delta"]
            arrow = "off" if fmt.is_missing(delta) or delta == 0 else ("up" if delta > 0 else "down")
            history = [v for v in (r["history"] or []) if v is not None]
            parts = [fmt.period_label(r["period"])] if r["period"] != common else []
            if r.get("children"):
                parts.append(f"下级合计（{r['children']}个下级地区）")
            note = "，".join([*parts, *(["数值存疑"] if r["suspect"] else [])])  # the common period is in the caption
            col.metric(
                fmt.escape_markdown(r["indicator_name"]) + ("（下级合计）" if r.get("children") else ""),
                fmt.escape_markdown(fmt.value(r["value"], r["unit"], r["decimals"])),
                delta=fmt.escape_markdown(r["phrase"] or "无上年同期数据"),
                delta_color="off",
                delta_arrow=arrow,
                delta_description=fmt.escape_markdown(note) or None,
                chart_data=history if len(history) > 1 else None,
                chart_type="line",
                border=True,
                help=f"数据期：{fmt.escape_markdown(fmt.period_label(r['period']))}。折线为最近 {len(history)} 期数值。",
            )


def body() -> None:
    gen = data.generation()
    ui.page_header("总览", "所选地区最新一期的主要指标及其变化；下方列出需要核查的问题。")
    status_row(data.counts(gen))
    tree = data.region_tree(gen)
    if not len(tree):
        ui.empty(
            "仓库里还没有任何指标数据。",
            hint="请在「导入」页上传工作总结或统计表，或运行 `zhibiao demo` 构建演示数据。",
        )
        return
    left, right = st.columns([2, 3])
    busiest, busiest_kind = data.busiest(gen)  # open on data, not on a province's one stray fact
    region = widgets.select("地区", tree.codes, "region", format_func=tree.label, default=busiest, container=left)
    kind = widgets.period_kind_picker(list(fmt.KIND_LABELS), container=right, default=busiest_kind)
    frame = data.overview(gen, region or "", kind or "Y")
    rollup = data.children_sum(gen, region or "", kind or "Y")  # 下级合计 where the region has no figure of its own
    if not rollup.is_empty():
        frame = pl.concat(
            [frame.with_columns(pl.lit(None, dtype=pl.Int64).alias("children")), rollup], how="diagonal_relaxed"
        )
    st.subheader(
        f"{fmt.escape_markdown(tree.label(region or ''))} · 主要指标（最新{fmt.KIND_LABELS.get(kind or 'Y')}数据）",
        anchor=False,
    )
    if frame.is_empty():
        ui.empty(f"该地区没有{fmt.KIND_LABELS.get(kind or 'Y')}数据。", hint="请换一个期间类型，或选择上级地区。")
        return
    domains = list(dict.fromkeys(frame["domain_name"].to_list()))
    tabs = st.tabs([f"{fmt.escape_markdown(d)}（{frame.filter(pl.col('domain_name') == d).height}）" for d in domains])
    for tab, name in zip(tabs, domains, strict=True):
        with tab:
            cards(frame.filter(pl.col("domain_name") == name))
    st.caption(
        "变化说法按报告习惯生成：存量“较上年增加/减少”，流量与平均数“增长/下降%”，比率“提高/降低个百分点”。"
        "想看历年走势，请到「趋势」页。"
    )


ui.guard(body)
