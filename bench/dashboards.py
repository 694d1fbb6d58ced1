"""Dashboard speed: server-side rerun time of the 趋势 and 对比 pages (AppTest) and time to first render in Chromium.

    uv run python bench/dashboards.py --facts 10000000   # rerun p95 ≤ 300 ms; first render ≤ 1.2× the floor
    uv run python bench/dashboards.py --facts 1000000 --no-browser
    uv run python bench/dashboards.py --facts 10000000 --keep /tmp/zb10m   # build once, reuse on later runs
    uv run python bench/dashboards.py --facts 10000000 --keep /tmp/zb10m --no-reruns --render-runs 5

A synthetic warehouse of ``--facts`` values (indicators × regions × periods, generated inside DuckDB) is built in a
temporary directory. Each page is timed three ways, with the small test warehouse as the in-process baseline:
``warm`` reruns of an unchanged page (cached readers), ``new`` reruns after the reader picks another indicator
(a cache miss: the view is queried), and ``cold`` (the first run of a session with empty caches).

First render is measured against a floor in the same run: a Streamlit app with just a title (then with a 3-row
table, then with a table and a 3-point chart) served with the same options as ``zhibiao serve``. What the floor
takes is Streamlit's and Chromium's on this machine; what a page takes beyond it is the page's.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
# Run as a script, this file's folder comes first on sys.path and its name would shadow the dashboards package.
sys.path[:] = [p for p in sys.path if Path(p or ".").resolve() != ROOT / "bench"]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "dashboards"))
sys.path.insert(0, str(ROOT / "tests" / "browser"))

import fixture  # noqa: E402  (the small test warehouse: the baseline)

from warehouse import schema  # noqa: E402
from warehouse.store import Warehouse  # noqa: E402

INDICATORS = 100


def build(path: Path, facts: int) -> dict[str, object]:
    """A synthetic warehouse: INDICATORS indicators × regions × (years + quarters), about ``facts`` values."""
    years = list(range(2004, 2024))
    periods = [str(y) for y in years] + [f"{y}Q{q}" for y in years for q in range(1, 5)]
    regions = max(3, facts // (INDICATORS * len(periods)))
    districts = max(2, int(regions**0.5))
    wh = Warehouse(path)
    with wh.writer() as w, w.transaction() as con:
        con.execute("insert into domain values ('civil', '民政', 1), ('edu', '教育', 2)")
        con.execute(
            """insert into region (code, name, level, parent_code)
               select '990100', '合成市', '市', null
               union all select '99' || lpad(d::varchar, 4, '0'), '区' || d, '县', '990100' from range(1, ?) t(d)
               union all select '99' || lpad((1 + r % (? - 1))::varchar, 4, '0') || lpad(r::varchar, 6, '0'),
                                '街道' || r, '乡', '99' || lpad((1 + r % (? - 1))::varchar, 4, '0')
                         from range(?, ?) t(r)""",
            [districts, districts, districts, districts, regions],
        )
        con.execute(
            """insert into indicator (code, name, domain, unit, measure, decimals, additive)
               select 'ind' || i, '指标' || i, case when i % 2 = 0 then 'civil' else 'edu' end,
                      case i % 4 when 0 then '户' when 1 then '万元' when 2 then '%' else '人' end,
                      case i % 4 when 0 then 'stock' when 1 then 'flow' when 2 then 'rate' else 'stock' end,
                      case i % 4 when 1 then 2 when 2 then 1 else 0 end, i % 4 <> 2
               from range(?) t(i)""",
            [INDICATORS],
        )
        con.execute("insert into source (sha256, kind, path, title) values ('bench', 'table', 'bench.csv', '合成数据')")
        con.execute(
            """insert into fact (indicator, region, period, value, unit, base_value, base_unit, source_id, quote)
               with r as (select code, row_number() over (order by code) - 1 as k from region),
                    p as (select unnest(?) as period, generate_subscripts(?, 1) - 1 as k)
               select 'ind' || i.k, r.code, p.period, v, u, v, u, 1, null
               from (select range as k from range(?)) i, r, p,
                    lateral (select 100 + (hash(i.k, r.k, p.k) % 100000) / 10.0 as v,
                                    case i.k % 4 when 0 then '户' when 1 then '万元' when 2 then '%' else '人' end as u)""",
            [periods, periods, INDICATORS],
        )
        n = con.execute("select count(*) from fact").fetchone()[0]
    return {"facts": n, "regions": regions + 0, "districts": districts - 1, "periods": len(periods)}


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def time_page(page: str, params: dict[str, object], vary: str, options: list[str], runs: int) -> dict[str, float]:
    import streamlit as st
    from apptest import make_app

    from dashboards import data

    st.cache_data.clear()
    data.region_tree.clear()
    t0 = time.perf_counter()
    at = make_app(page, **params)
    cold = time.perf_counter() - t0
    assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
    warm = []
    for _ in range(runs):
        t0 = time.perf_counter()
        at.run()
        warm.append(time.perf_counter() - t0)
    new = []
    widget = at.selectbox(key=f"qp_{vary}") if page.endswith("trend.py") else at.multiselect(key=f"qp_{vary}")
    for i in range(runs):
        choice = options[(i + 1) % len(options)]
        t0 = time.perf_counter()
        widget.set_value(choice if page.endswith("trend.py") else [choice]).run()
        new.append(time.perf_counter() - t0)
        assert not at.exception and not at.error, [e.value for e in [*at.exception, *at.error]]
        widget = at.selectbox(key=f"qp_{vary}") if page.endswith("trend.py") else at.multiselect(key=f"qp_{vary}")
    return {
        "cold": cold * 1000,
        "warm_p50": statistics.median(warm) * 1000,
        "warm_p95": percentile(warm, 0.95) * 1000,
        "new_p50": statistics.median(new) * 1000,
        "new_p95": percentile(new, 0.95) * 1000,
    }


FLOOR_APP = """
import plotly.graph_objects as go
import polars as pl
import streamlit as st

what = st.query_params.get("floor", "title")
st.title("floor")
if what in ("table", "chart"):
    st.dataframe(pl.DataFrame({"地区": ["甲", "乙", "丙"], "数值": [1.0, 2.0, 3.0]}), hide_index=True)
if what == "chart":
    st.plotly_chart(go.Figure(go.Scatter(x=["2021年", "2022年", "2023年"], y=[1, 3, 2])), height=440)
"""
"""The floor: Streamlit alone (a title), then with a table, then with a table and a chart, served like the app."""

CHART = '[data-testid="stPlotlyChart"] .main-svg'
"""A plotly chart on screen: its SVG is drawn."""

FLOOR_PATHS = [("/?floor=title", "h1"), ("/?floor=table", '[data-testid="stDataFrame"]'), ("/?floor=chart", CHART)]
EARLY = '[data-testid="stDataFrame"], [data-testid="stMetric"]'
"""The cards or a table on screen: what a page paints before its chart arrives."""
GOAL = 1.2
"""A page's first render, and its cards/tables, within this ratio of the matching floor."""


def ratios(
    render: dict[str, dict[str, list[float]]], page: str, floor: dict[str, dict[str, list[float]]], chart: bool
) -> str:
    """One line per fresh/returning: the page's chart (``chart``; else its table or cards) and its early paint over
    the floors' medians."""
    lines = []
    for kind in ("fresh", "returning"):
        main = statistics.median(render[page][kind])
        main_floor = statistics.median(floor["/?floor=chart" if chart else "/?floor=table"][kind])
        table_floor = statistics.median(floor["/?floor=table"][kind])
        what = "floor+chart" if chart else "floor+table"
        text = f"{main / main_floor:.2f}× {what} ({'ok' if main / main_floor <= GOAL else 'over'})"
        early = render[page].get(f"{kind}_early")
        if early:
            e = statistics.median(early)
            text += f"; cards/tables {e / table_floor:.2f}× floor+table ({'ok' if e / table_floor <= GOAL else 'over'})"
        lines.append(f"  {page.split('?')[0]:<10}{kind:<10} {text}")
    return "\n".join(lines)


def first_render(
    command: Callable[[int], list[str]], env: dict[str, str], paths: list[tuple[str, str]], runs: int
) -> dict[str, dict[str, list[float]]]:
    """Seconds from navigation to the page's main output (a drawn chart, or the table) in a new Streamlit session
    of the server that ``command(port)`` starts.

    ``paths`` pairs a URL path with the CSS selector to wait for (``CHART``: plotly's drawn SVG).

    ``fresh``: a new browser context each time (empty HTTP cache: the browser fetches and compiles every script
    bundle, 4.7 MB for plotly). ``returning``: one context for all visits, as a user who has opened the dashboards
    before (bundles in the browser cache). Both start a new server session, so the page runs server-side each time.
    """
    import signal
    import subprocess

    import conftest as browser_conftest  # tests/browser/conftest.py: free_port, wait_healthy, launch args
    from playwright.sync_api import sync_playwright

    port = browser_conftest.free_port()
    log = Path(tempfile.mkdtemp()) / "serve.log"
    cmd = command(port)
    with log.open("wb") as out:
        proc = subprocess.Popen(
            cmd,
            cwd=ROOT,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    url = f"http://127.0.0.1:{port}"
    result: dict[str, dict[str, list[float]]] = {}

    early: list[float] = []

    def visit(context: object, path: str, selector: str) -> float:
        """Seconds to ``selector``; for an app page, also to its first cards or table (into ``early``)."""
        tab = context.new_page()  # type: ignore[attr-defined]
        t0 = time.perf_counter()
        tab.goto(url + path)
        if "floor=" not in path:
            tab.wait_for_selector(EARLY, timeout=120_000)
            early.append(time.perf_counter() - t0)
        tab.wait_for_selector(selector, timeout=120_000)
        seconds = time.perf_counter() - t0
        tab.close()
        return seconds

    try:
        browser_conftest.wait_healthy(url, proc, log, timeout=300)
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path=str(browser_conftest.CHROMIUM), headless=True, args=browser_conftest.LAUNCH_ARGS
            )
            for path, selector in paths:
                fresh = []
                for _ in range(runs + 1):  # the first visit warms the server's imports and caches; not counted
                    context = browser.new_context(viewport={"width": 1400, "height": 1000})
                    fresh.append(visit(context, path, selector))
                    context.close()
                fresh_early = early[1:]
                early.clear()
                context = browser.new_context(viewport={"width": 1400, "height": 1000})
                visit(context, path, selector)  # fills this context's cache
                returning = [visit(context, path, selector) for _ in range(runs)]
                returning_early = early[1:]
                early.clear()
                context.close()
                result[path] = {"fresh": fresh[1:], "returning": returning}
                if fresh_early:
                    result[path].update({"fresh_early": fresh_early, "returning_early": returning_early})
            browser.close()
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout=30)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=20, help="reruns per measurement")
    parser.add_argument("--browser", action=argparse.BooleanOptionalAction, default=True)
    parser.add_argument("--render-runs", type=int, default=3, help="first-render visits per page and kind")
    parser.add_argument(
        "--reruns", action=argparse.BooleanOptionalAction, default=True, help="time server-side reruns (AppTest)"
    )
    parser.add_argument(
        "--keep",
        type=Path,
        metavar="DIR",
        help="build the synthetic warehouse in DIR and keep it; a later run with the same DIR and --facts reuses it "
        "(its views and macros brought up to the current sql/ tree)",
    )
    args = parser.parse_args()

    tmp = Path(tempfile.mkdtemp(prefix="zhibiao-bench-"))
    small = tmp / "small" / "warehouse.duckdb"
    fixture.build(small)
    t0 = time.perf_counter()
    big_dir = (args.keep / f"facts-{args.facts}") if args.keep else tmp / "big"
    big = big_dir / "warehouse.duckdb"
    marker = big_dir / "shape.json"
    if args.keep and marker.exists() and big.exists():
        shape = json.loads(marker.read_text())
        # Views and macros are baked into the snapshot: a warehouse kept from an older checkout gets the current
        # sql/ tree (a writer session applies it when its hash differs, and publishes a new snapshot).
        before = Warehouse(big).reader().connection()
        stale = not schema.is_current(before)
        Warehouse.close_readers()
        if stale:
            with Warehouse(big).writer(purpose="bench/dashboards.py: refresh views"):
                pass
        print(f"synthetic warehouse: {shape} reused ({big_dir}){'; views refreshed' if stale else ''}")
    else:
        if big_dir.exists():
            shutil.rmtree(big_dir)  # a half-built warehouse from an interrupted run
        shape = build(big, args.facts)
        if args.keep:
            marker.write_text(json.dumps(shape))
        print(f"synthetic warehouse: {shape} built in {time.perf_counter() - t0:.1f} s ({big_dir})")

    trend_params = {"indicator": "ind0", "scope": "990100", "region": ["990001", "990002", "990003"]}
    compare_params = {**trend_params, "indicator": ["ind0"], "period": ["2021", "2022", "2023"]}
    cases: list[tuple[str, str, dict[str, object], str, list[str], dict[str, object], list[str]]] = [
        (
            "趋势 trend",
            "app_pages/trend.py",
            {"indicator": "urban_dibao_households"},
            "indicator",
            ["dibao_funds", "enrolment_rate", "urban_dibao_households"],
            trend_params,
            [f"ind{i}" for i in range(1, 40)],
        ),
        (
            "对比 compare",
            "app_pages/compare.py",
            {"indicator": ["urban_dibao_households"], "period": ["2022", "2023"]},
            "indicator",
            ["dibao_funds", "enrolment_rate", "urban_dibao_households"],
            compare_params,
            [f"ind{i}" for i in range(1, 40)],
        ),
    ]
    print("load average at start: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    if args.reruns:
        print(
            f"\n{'page':<14}{'warehouse':<12}{'cold ms':>9}{'warm p50':>10}{'warm p95':>10}{'new p50':>9}{'new p95':>9}"
        )
    for label, page, small_params, vary, small_opts, big_params, big_opts in cases if args.reruns else []:
        rows = {}
        for name, db, params, opts in (
            ("baseline", small, small_params, small_opts),
            ("synthetic", big, big_params, big_opts),
        ):
            os.environ["ZHIBIAO_DB"] = str(db)
            Warehouse.close_readers()
            rows[name] = time_page(page, params, vary, opts, args.runs)
            r = rows[name]
            print(
                f"{label:<14}{name:<12}{r['cold']:>9.0f}{r['warm_p50']:>10.0f}{r['warm_p95']:>10.0f}"
                f"{r['new_p50']:>9.0f}{r['new_p95']:>9.0f}"
            )
        ratio = rows["synthetic"]["new_p95"] / rows["baseline"]["new_p95"]
        verdict = "ok" if rows["synthetic"]["new_p95"] <= 300 else "over"
        print(f"{'':<14}{'ratio':<12}new p95 synthetic/baseline = {ratio:.2f}× — goal ≤ 300 ms: {verdict}")

    if args.browser:
        selectors = {"/trend": CHART, "/compare": '[data-testid="stDataFrame"]', "/": '[data-testid="stMetric"]'}
        pages = {
            "baseline": (
                small,
                [
                    "/?region=990102",
                    "/trend?indicator=urban_dibao_households&region=990102&region=990103",
                    "/compare?indicator=urban_dibao_households&region=990102&region=990103&period=2023",
                ],
            ),
            "synthetic": (
                big,
                [
                    "/?region=990001",
                    "/trend?indicator=ind0&region=990001&region=990002",
                    "/compare?indicator=ind0&region=990001&region=990002&period=2023",
                ],
            ),
        }
        from zhibiao.cli import STREAMLIT_OPTIONS

        def floor(port: int) -> list[str]:  # plain `streamlit run` (no preloading of the dashboards' imports)
            host = ["--server.port", str(port), "--server.address", "127.0.0.1"]
            return [sys.executable, "-m", "streamlit", "run", str(floor_app), *host, *STREAMLIT_OPTIONS]

        floor_app = tmp / "floor.py"
        floor_app.write_text(FLOOR_APP)

        def serve(port: int) -> list[str]:
            return [sys.executable, "-m", "zhibiao", "serve", "--port", str(port), "--host", "127.0.0.1"]

        print(
            "\nfirst render in Chromium, s; fresh = empty browser cache, returning = cached bundles; *_early = cards or"
        )
        print("table painted (before the chart);")
        print("floor = a one-title Streamlit app (+ a 3-row table, + a 3-point chart) served with the same options:")
        runs: list[tuple[str, Callable[[int], list[str]], dict[str, str], list[tuple[str, str]]]] = [
            ("floor", floor, dict(os.environ), FLOOR_PATHS)
        ]
        for name, (db, urls) in pages.items():
            env = {**os.environ, "ZHIBIAO_DB": str(db)}
            runs.append((name, serve, env, [(u, selectors[u.split("?")[0]]) for u in urls]))
        renders = {}
        for name, command, env, paths in runs:
            render = renders[name] = first_render(command, env, paths, runs=args.render_runs)
            for path, kinds in render.items():
                label = path.split("=")[-1] if name == "floor" else path.split("?")[0]
                for kind, secs in kinds.items():
                    print(
                        f"  {label:<10}{name:<11}{kind:<16} median {statistics.median(secs):.2f}"
                        f"  max {max(secs):.2f}  runs {[round(x, 2) for x in secs]}"
                    )
        print(f"\nfirst render as a ratio of the floor measured above (goal ≤ {GOAL}×):")
        for name in pages:
            print(f" {name}:")
            for path in renders[name]:
                print(ratios(renders[name], path, renders["floor"], chart=selectors[path.split("?")[0]] == CHART))
    print("load average at end: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))


if __name__ == "__main__":
    main()
