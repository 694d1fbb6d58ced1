"""Plotly figure builders: pure functions from frames to figures. Never imports streamlit.

Hover text is prepared here in Python (value with its unit, the change phrase, the source), so what a reader sees on
hover is formatted exactly like the tables. Derived points (a prior value implied by a stated change) are hollow
markers on a dotted line; suspect values carry a red ✕ and their reason.
"""

from __future__ import annotations

from typing import Any

import plotly.graph_objects as go
import polars as pl

from dashboards import format as fmt
from dashboards.text import plain_html
from warehouse import periods

__all__ = ["FONT", "PALETTE", "chart_config", "compare_bar_figure", "full_range", "trend_figure"]

FONT = '"WenQuanYi Micro Hei", "Microsoft YaHei", "PingFang SC", "Noto Sans CJK SC", sans-serif'
PALETTE = ["#1f5fa8", "#d9822b", "#3a8f5c", "#8e5ea2", "#c0392b", "#2c9fb0", "#7f6a3b", "#d4a017", "#5d6d7e", "#a93f73"]
SUSPECT_COLOR = "#c0392b"


def chart_config(filename: str) -> dict[str, Any]:
    """Plotly config: PNG download from the modebar with a Chinese file name, no logo, no lasso tools."""
    return {
        "displaylogo": False,
        "toImageButtonOptions": {"format": "png", "filename": filename, "scale": 2},
        "modeBarButtonsToRemove": ["lasso2d", "select2d", "autoScale2d"],
    }


def _layout(unit: str | None, height: int) -> dict[str, Any]:
    """The shared layout, as a dict for the ``go.Figure`` constructor.

    Passing the layout to the constructor costs ~2 ms; ``update_layout`` on a built figure costs 15–60 ms (plotly's
    relayout machinery), which on the trend page was a third of a rerun.
    """
    return {
        "font": {"family": FONT, "size": 13},
        "separators": ".,",
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 30, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.02, "xanchor": "left", "x": 0, "title": None},
        "hoverlabel": {"font": {"family": FONT}, "align": "left"},
        "plot_bgcolor": "white",
        "yaxis": {"title": {"text": plain_html(unit)}, "tickformat": ",~r", "gridcolor": "#e5e8ec", "zeroline": False},
        "xaxis": {"title": None, "type": "category", "showgrid": False},
    }


def _hover_rows(frame: pl.DataFrame, unit: str, decimals: int) -> list[list[str]]:
    # Plotly renders a small HTML subset in hover text; every piece that comes from data goes through plain_html,
    # so only the tags written here are tags.
    h = plain_html
    out = []
    for r in frame.iter_rows(named=True):
        lines = [
            f"<b>{h(r['region_name'] or r['region'])}</b> · {h(fmt.period_label(r['period']))}",
            f"数值：{h(fmt.value(r['value'], r.get('unit') or unit, decimals))}{h(r.get('approx'))}",
        ]
        if r.get("phrase"):
            lines.append(f"变化：{h(r['phrase'])}")
        if r.get("kind") == "derived":
            lines.append("推算值：由报告中的增减说法反推，非直接公布数")
        if r.get("suspect"):
            reason = h(r.get("suspect_reason") or "数值可疑")
            lines.append(f"<span style='color:{SUSPECT_COLOR}'>存疑：{reason}</span>")
        if r.get("source_title"):
            lines.append(f"来源：{h(r['source_title'])}")
        out.append(["<br>".join(lines)])
    return out


_STEPS: dict[str, int] = {"H": 2, "Q": 4, "M": 12}


def full_range(codes: list[str], most: int = 400) -> list[str]:
    """Every period of the codes' one kind from the first to the last, in order, so a chart shows a missing period
    as a gap; codes of mixed kinds (or not codes) are returned as they are.

    >>> full_range(["2020", "2022"]), full_range(["2023H1", "2024H1"]), full_range(["2022YTD05", "2024YTD05"])
    (['2020', '2021', '2022'], ['2023H1', '2023H2', '2024H1'], ['2022YTD05', '2023YTD05', '2024YTD05'])
    >>> full_range(["2023", "2023H1"])
    ['2023', '2023H1']
    """
    try:
        parsed = [periods.parse(c) for c in codes]
    except ValueError:
        return codes
    kinds = {p.kind for p in parsed}
    if len(parsed) < 2 or len(kinds) != 1:
        return codes
    kind = kinds.pop()
    first, last = parsed[0], parsed[-1]
    if kind == "Y" or (kind == "YTD" and len({p.index for p in parsed}) == 1):
        out = [periods.Period(y, kind, first.index).code for y in range(first.year, last.year + 1)]
    elif kind in _STEPS:
        n = _STEPS[kind]
        start, end = first.year * n + first.index - 1, last.year * n + last.index - 1
        out = [periods.Period(k // n, kind, k % n + 1).code for k in range(start, end + 1)]
    else:
        return codes
    return out if len(out) <= most else codes


def _trace(kind: str, **props: Any) -> dict[str, Any]:
    return {"type": kind, **props}


def trend_figure(
    frame: pl.DataFrame, *, unit: str | None, decimals: int = 0, chart: str = "line", height: int = 440
) -> go.Figure:
    """One trace per region over periods; derived points hollow and dotted, suspect points marked with ✕.

    ``frame`` columns: region, region_name, period, value, kind (actual | derived), suspect, suspect_reason,
    phrase, source_title (extra columns are ignored).
    """
    layout = _layout(unit, height)
    layout["barmode"] = "group"
    if frame.is_empty():
        return go.Figure(layout=layout)
    order = full_range(sorted(set(frame["period"].to_list()), key=periods.sort_key))
    labels = {p: plain_html(fmt.period_label(p)) for p in order}
    layout["xaxis"] = {**layout["xaxis"], "categoryorder": "array", "categoryarray": [labels[p] for p in order]}
    # Traces as dicts, validated once by the one Figure call (add_bar/add_scatter per trace copy the figure's
    # data each time: ~2x the time for a few regions).
    traces: list[dict[str, Any]] = []

    def points(kind: str, rows: pl.DataFrame, **style: Any) -> dict[str, Any]:
        """A trace of ``rows`` over the period labels, hover text from the rows."""
        return _trace(
            kind,
            x=[labels[p] for p in rows["period"]],
            y=rows["value"].to_list(),
            customdata=_hover_rows(rows, unit or "", decimals),
            **style,
        )

    def gapped(rows: pl.DataFrame, **style: Any) -> dict[str, Any]:
        """A line over every period of the range: a missing period is a gap (None), so the line breaks there
        instead of drawing one straight segment across it."""
        hover = dict(zip(rows["period"].to_list(), _hover_rows(rows, unit or "", decimals), strict=True))
        values = dict(zip(rows["period"].to_list(), rows["value"].to_list(), strict=True))
        first, last = (order.index(rows["period"][0]), order.index(rows["period"][-1])) if rows.height else (0, -1)
        span = order[first : last + 1]
        return _trace(
            "scatter",
            x=[labels[p] for p in span],
            y=[values.get(p) for p in span],
            customdata=[hover.get(p, [""]) for p in span],
            connectgaps=False,
            **style,
        )

    region_order = list(dict.fromkeys(frame["region"].to_list()))
    for i, region in enumerate(region_order):
        color = PALETTE[i % len(PALETTE)]
        rows = frame.filter(pl.col("region") == region)
        rank = {p: k for k, p in enumerate(order)}
        rows = rows.with_columns(pl.Series("_o", [rank[p] for p in rows["period"]])).sort("_o").drop("_o")
        name = plain_html(rows["region_name"][0] or region)
        actual = rows.filter(pl.col("kind") != "derived")
        derived = rows.filter(pl.col("kind") == "derived")
        common = {"name": name, "legendgroup": region, "hovertemplate": "%{customdata[0]}<extra></extra>"}
        derived_common = {**common, "name": f"{name}（推算）", "showlegend": False}
        if chart == "bar":
            traces.append(points("bar", actual, marker={"color": color}, **common))
            if derived.height:
                marker = {
                    "color": "white",
                    "line": {"color": color, "width": 2},
                    "pattern": {"shape": "/", "fgcolor": color},
                }
                traces.append(points("bar", derived, marker=marker, **derived_common))
        else:
            line = {"color": color, "width": 2.5}
            traces.append(gapped(actual, mode="lines+markers", line=line, marker={"size": 7, "color": color}, **common))
            if derived.height:
                marker = {"size": 10, "symbol": "circle-open", "color": color, "line": {"width": 2}}
                traces.append(points("scatter", derived, mode="markers", marker=marker, **derived_common))
    suspect = frame.filter(pl.col("suspect").fill_null(False))
    if suspect.height:
        marker = {
            "symbol": "x-thin-open",
            "size": 16,
            "color": SUSPECT_COLOR,
            "line": {"width": 3, "color": SUSPECT_COLOR},
        }
        traces.append(
            points(
                "scatter",
                suspect,
                mode="markers",
                name="存疑值",
                marker=marker,
                hovertemplate="%{customdata[0]}<extra></extra>",
            )
        )
    if (frame["kind"] == "derived").any():
        traces.append(
            _trace(
                "scatter",
                x=[None],
                y=[None],
                mode="markers",
                name="推算值（由增减说法反推）",
                marker={"symbol": "circle-open", "size": 10, "color": "#5d6d7e", "line": {"width": 2}},
                hoverinfo="skip",
            )
        )
    return go.Figure(data=traces, layout=layout)


def compare_bar_figure(
    labels: list[str], values: list[float | None], *, unit: str | None, title: str, decimals: int = 0, height: int = 320
) -> go.Figure:
    """A horizontal bar per region for one indicator and period, largest on top."""
    pairs = sorted(((lab, v) for lab, v in zip(labels, values, strict=True) if v is not None), key=lambda t: t[1])
    layout = _layout(None, max(height, 60 + 28 * len(pairs)))
    layout.update(
        title={"text": plain_html(title), "font": {"size": 14}},
        margin={"l": 10, "r": 10, "t": 40, "b": 10},
        yaxis={**layout["yaxis"], "title": None, "type": "category", "tickformat": None},
        xaxis={
            "title": {"text": plain_html(unit)},
            "type": "linear",
            "tickformat": ",~r",
            "gridcolor": "#e5e8ec",
            "showgrid": True,
        },
    )
    fig = go.Figure(layout=layout)
    fig.add_bar(
        x=[v for _, v in pairs],
        y=[plain_html(lab) for lab, _ in pairs],
        orientation="h",
        marker={"color": PALETTE[0]},
        text=[fmt.value(v, unit, decimals) for _, v in pairs],
        textposition="auto",
        hovertemplate="%{y}：%{text}<extra></extra>",
    )
    return fig
