"""Chart builders: pure functions from frames to ECharts option dicts (drawn by ``st.echarts_chart``). Never imports
streamlit.

Why ECharts and not plotly: a first visit must load the chart library before the page's main output appears.
Streamlit's plotly chunk is 4.7 MB of JavaScript; its ECharts chunk is 1.2 MB. On the 2-core machine (load 3.5–6) a
Streamlit app with one table and one chart took 3.6–5.0 s to its drawn chart with plotly and 2.5–3.6 s with ECharts
(fresh browser), and 趋势 at 10M facts went from 3.6–5.0 s to 2.6–3.2 s (alternating runs, load 3–4). Everything the
plotly figures did is kept: per-point hover (value with its unit, the change phrase, derived/suspect notes, the
source), derived points hollow, suspect points a red ✕, line or bar, and PNG download (the chart's own save button
with a Chinese file name, and Streamlit's toolbar).

Hover text is prepared here in Python, formatted exactly like the tables, as one HTML snippet per point. ECharts
shows it as HTML, and names and titles come from users, so every piece of text is escaped (``&``, ``<``, ``>``,
quotes, and the braces of ECharts' ``{a}``/``{@x}`` templates); only the tags this module writes stay markup.
"""

from __future__ import annotations

import html
from typing import Any

import polars as pl

from dashboards import format as fmt
from warehouse import periods

__all__ = ["FONT", "PALETTE", "SUSPECT_COLOR", "bars_height", "compare_bar_option", "hover", "text", "trend_option"]

FONT = '"WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif'
PALETTE = ["#1f5fa8", "#d9822b", "#3a8f5c", "#8e5ea2", "#c0392b", "#2c9fb0", "#7f6a3b", "#d4a017", "#5d6d7e", "#a93f73"]
SUSPECT_COLOR = "#c0392b"
ICON_COLOR = "#5d6d7e"  # the save button's outline
DERIVED_LEGEND = "推算值（由增减说法反推）"
SUSPECT_LEGEND = "存疑值"
# A filled ✕ (ECharts fills path symbols, so the cross is drawn as an outline polygon).
CROSS = "path://M2,0L5,3L8,0L10,2L7,5L10,8L8,10L5,7L2,10L0,8L3,5L0,2Z"


def text(s: object) -> str:
    """User text made safe for an ECharts HTML tooltip or label: HTML-escaped, template braces neutralised.

    >>> text("<b>{a}</b> & 'x'")
    '&lt;b&gt;&#123;a&#125;&lt;/b&gt; &amp; &#x27;x&#x27;'
    """
    return html.escape(str(s)).replace("{", "&#123;").replace("}", "&#125;")


def _base(unit: str | None, filename: str) -> dict[str, Any]:
    """What every chart shares: font, no animation (the first paint is the final chart), PNG download, tooltip."""
    return {
        "animation": False,
        "color": PALETTE,
        "textStyle": {"fontFamily": FONT, "fontSize": 13},
        "grid": {"left": 10, "right": 24, "top": 64, "bottom": 10, "containLabel": True},
        "tooltip": {"trigger": "item", "confine": True, "textStyle": {"fontFamily": FONT}},
        "toolbox": {  # top left: Streamlit's own toolbar covers the top right corner while the mouse is on the chart
            "left": 0,
            "top": 0,
            "iconStyle": {"borderColor": ICON_COLOR},
            "feature": {
                "saveAsImage": {
                    "title": "保存为 PNG 图片",
                    "name": filename,
                    "type": "png",
                    "pixelRatio": 2,
                    "backgroundColor": "#ffffff",
                }
            },
        },
        "legend": {"left": 28, "right": 8, "top": 0, "type": "scroll"},
        "yAxis": {
            "type": "value",
            "name": unit or "",
            "nameTextStyle": {"align": "left"},
            "scale": False,
            "splitLine": {"lineStyle": {"color": "#e5e8ec"}},
        },
    }


def hover(row: dict[str, Any], unit: str, decimals: int) -> str:
    """One point's hover text: region and period, value with unit, change phrase, derived/suspect notes, source."""
    lines = [
        f"<b>{text(row['region_name'] or row['region'])}</b> · {text(fmt.period_label(row['period']))}",
        "数值：" + text(f"{fmt.value(row['value'], row.get('unit') or unit, decimals)}{row.get('approx') or ''}"),
    ]
    if row.get("phrase"):
        lines.append("变化：" + text(row["phrase"]))
    if row.get("kind") == "derived":
        lines.append("推算值：由报告中的增减说法反推，非直接公布数")
    if row.get("suspect"):
        reason = text(row.get("suspect_reason") or "数值可疑")
        lines.append(f'<span style="color:{SUSPECT_COLOR}">存疑：{reason}</span>')
    if row.get("source_title"):
        lines.append("来源：" + text(row["source_title"]))
    return "<br>".join(lines)


def trend_option(
    frame: pl.DataFrame, *, unit: str | None, decimals: int = 0, chart: str = "line", filename: str = "趋势"
) -> dict[str, Any]:
    """One series per region over the periods (in the order the regions first appear in ``frame``).

    Derived points are hollow circles (line) or outlined dashed bars (bar) inside their region's series, so the
    legend shows and hides them with it; suspect values get a red ✕ in an extra series 存疑值. Each point carries
    its own hover text. ``frame`` columns: region, region_name, period, value, kind (actual | derived), suspect,
    suspect_reason, phrase, source_title (extra columns are ignored).
    """
    option = _base(unit, filename)
    order = sorted(set(frame["period"].to_list()), key=periods.sort_key)
    slot = {p: i for i, p in enumerate(order)}
    option["xAxis"] = {"type": "category", "data": [fmt.period_label(p) for p in order], "axisTick": {"show": False}}
    series: list[dict[str, Any]] = []
    suspect: list[Any] = [None] * len(order)
    has_suspect = has_derived = False
    for i, region in enumerate(dict.fromkeys(frame["region"].to_list())):
        color = PALETTE[i % len(PALETTE)]
        data: list[Any] = [None] * len(order)
        name = region
        for row in frame.filter(pl.col("region") == region).iter_rows(named=True):
            name = row["region_name"] or region
            tip = hover(row, unit or "", decimals)
            value = None if fmt.is_missing(row["value"]) else row["value"]  # JSON has no NaN
            item: dict[str, Any] = {"value": value, "tooltip": {"formatter": tip}}
            if row["kind"] == "derived":
                has_derived = True
                if chart == "bar":
                    item["itemStyle"] = {
                        "color": "#ffffff",
                        "borderColor": color,
                        "borderWidth": 2,
                        "borderType": "dashed",
                    }
                else:
                    item.update(symbol="emptyCircle", symbolSize=11, itemStyle={"borderWidth": 2})
            data[slot[row["period"]]] = item
            if row["suspect"]:
                has_suspect = True
                suspect[slot[row["period"]]] = {"value": value, "tooltip": {"formatter": tip}}
        if chart == "bar":
            series.append({"type": "bar", "id": region, "name": name, "data": data, "itemStyle": {"color": color}})
        else:
            series.append(
                {
                    "type": "line",
                    "id": region,
                    "name": name,
                    "data": data,
                    "connectNulls": True,
                    "symbol": "circle",
                    "symbolSize": 7,
                    "showAllSymbol": True,
                    "lineStyle": {"width": 2.5, "color": color},
                    "itemStyle": {"color": color},
                }
            )
    if has_suspect:
        series.append(
            {
                "type": "scatter",
                "id": "suspect",
                "name": SUSPECT_LEGEND,
                "data": suspect,
                "symbol": CROSS,
                "symbolSize": 15,
                "z": 10,
                "itemStyle": {"color": SUSPECT_COLOR},
            }
        )
    if has_derived:  # a legend entry that explains the hollow marks; no points of its own
        series.append(
            {
                "type": "scatter",
                "id": "derived-legend",
                "name": DERIVED_LEGEND,
                "data": [],
                "symbol": "emptyCircle",
                "symbolSize": 10,
                "itemStyle": {"color": "#5d6d7e", "borderWidth": 2},
            }
        )
    option["series"] = series
    return option


def compare_bar_option(
    labels: list[str],
    values: list[float | None],
    *,
    unit: str | None,
    title: str,
    decimals: int = 0,
    filename: str = "对比",
) -> dict[str, Any]:
    """A horizontal bar per region for one indicator and period, largest on top, each labelled with its value."""
    pairs = sorted(((lab, v) for lab, v in zip(labels, values, strict=True) if v is not None), key=lambda t: t[1])
    option = _base(None, filename)
    del option["legend"]
    option["title"] = {"text": title, "left": 28, "top": 0, "textStyle": {"fontSize": 14, "fontFamily": FONT}}
    option["xAxis"] = {"type": "value", "name": unit or "", "splitLine": {"lineStyle": {"color": "#e5e8ec"}}}
    option["yAxis"] = {"type": "category", "data": [lab for lab, _ in pairs], "axisTick": {"show": False}}
    shown = [fmt.value(v, unit, decimals) for _, v in pairs]
    option["series"] = [
        {
            "type": "bar",
            "id": "bars",
            "data": [
                # Labels are canvas text (not HTML): the formatted number as is, it holds no braces.
                {"value": v, "label": {"formatter": s}, "tooltip": {"formatter": f"{text(lab)}：{text(s)}"}}
                for (lab, v), s in zip(pairs, shown, strict=True)
            ],
            "label": {"show": True, "position": "right"},
            "itemStyle": {"color": PALETTE[0]},
        }
    ]
    return option


def bars_height(n: int) -> int:
    """Room for ``n`` horizontal bars (at least 320 px)."""
    return max(320, 60 + 28 * n)
