"""SQL 查询: guarded ad-hoc SQL for analysts — editor, schema browser, saved examples, results, export, history.

Every query goes through ``warehouse.query`` (parser gate, sandboxed worker process, time and row limits); this page
never runs SQL itself. The query and dialect live in the URL (``?q=...&dialect=mysql``), so a query can be shared.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import streamlit as st

from dashboards import adhoc, data, ui, widgets
from dashboards import format as fmt
from warehouse import export

HISTORY = 20


def browser(db: str) -> None:
    """Tables and views with their columns, types and Chinese descriptions."""
    st.markdown("**数据表与视图**")
    schema = adhoc.schema(data.generation(), db)
    if schema.is_empty():
        st.caption("暂时无法读取表结构。")
        return
    objects = schema.unique(["object", "kind"], keep="first", maintain_order=True).sort(
        ["kind", "object"], descending=[True, False]
    )
    labels = {
        r["object"]: f"{'视图' if r['kind'] == 'view' else '表'} · {r['object']}" for r in objects.iter_rows(named=True)
    }
    chosen = st.selectbox(
        "浏览",
        list(labels),
        format_func=labels.get,
        key="sql_browse",
        index=list(labels).index("yoy") if "yoy" in labels else 0,
    )
    info = objects.filter(pl.col("object") == chosen).row(0, named=True)
    if info["object_description"]:
        st.caption(fmt.escape_markdown(info["object_description"]))
    cols = schema.filter(pl.col("object") == chosen).select(
        pl.col("column").alias("列"), pl.col("type").alias("类型"), pl.col("description").alias("说明")
    )
    narrow = {  # the browser's column is narrow: names and types fixed, the description cut in its cell
        "列": st.column_config.TextColumn("列", width=100),
        "类型": st.column_config.TextColumn("类型", width=56),
        "说明": st.column_config.TextColumn("说明", width="small"),
    }
    st.dataframe(cols, hide_index=True, width="stretch", height=300, column_config=narrow)
    st.button(
        "插入查询语句",
        key="sql_insert",
        on_click=_set_editor,
        args=(f"select *\nfrom {chosen}\nlimit 100",),
        icon=":material/input:",
    )


def _set_editor(sql: str) -> None:
    st.session_state["qp_q"] = sql
    st.session_state.pop("sql_result", None)


def examples() -> None:
    saved = adhoc.saved()
    if not saved:
        return
    by_name = {q.name: q for q in saved}
    c1, c2 = st.columns([4, 1], vertical_alignment="bottom")
    name = c1.selectbox(
        "示例查询",
        list(by_name),
        format_func=lambda n: by_name[n].title,
        key="sql_example",
        index=None,
        placeholder="选择一个示例，载入到编辑器",
    )
    if name:
        c2.button("载入", key="sql_load", on_click=_set_editor, args=(by_name[name].sql,), width="stretch")
        if by_name[name].description:
            st.caption(fmt.escape_markdown(by_name[name].description))


def result_panel(res: dict[str, Any], db: str) -> None:
    if res.get("error"):
        st.error(fmt.escape_markdown(res["error"]), icon=":material/block:")
        return
    frame: pl.DataFrame = res["frame"]
    note = f"共 {fmt.count(res['rows'])} 行 · 用时 {res['ms']:,.0f} 毫秒"
    st.caption(note)
    if res.get("notice"):
        st.warning(res["notice"], icon=":material/content_cut:")
    doms = data.domains(data.generation())
    shown = adhoc.shown(adhoc.with_domain_names(frame, dict(zip(doms["code"], doms["name"], strict=True))))
    right = {c: st.column_config.TextColumn(c, alignment="right") for c, t in frame.schema.items() if t.is_numeric()}
    st.dataframe(
        shown, hide_index=True, width="stretch", height=min(420, 38 + 35 * max(frame.height, 1)), column_config=right
    )
    sql, dialect = res["sql"], res["dialect"]
    layout = export.XlsxLayout(
        title="查询结果", footnote=f"查询：{' '.join(sql.split())[:500]}\n导出时间：{dt.datetime.now():%Y-%m-%d %H:%M}"
    )
    ui.export_buttons(
        lambda: export.to_xlsx(adhoc.export_frame(sql, dialect, db), layout),
        lambda: export.to_csv(adhoc.export_frame(sql, dialect, db)),
        file_stem="查询结果",
        keys=("sql_xlsx", "sql_csv"),
    )
    bounds = adhoc.limits()
    st.caption(f"导出会重新运行查询，最多导出 {fmt.count(bounds.export_limit)} 行（{bounds.export_mb:g} MB）。")


def history() -> None:
    items = st.session_state.get("sql_history", [])
    if not items:
        return
    with st.expander(f"本次会话的查询记录（{len(items)}）"):
        table = pl.DataFrame(
            [
                {"时间": h["at"], "方言": h["dialect"], "结果": h["outcome"], "查询": " ".join(h["sql"].split())[:120]}
                for h in reversed(items)
            ]
        )
        st.dataframe(table, hide_index=True, width="stretch")
        pick = st.selectbox(
            "重新载入",
            range(len(items)),
            index=None,
            key="sql_hist_pick",
            placeholder="选择一条记录",
            format_func=lambda i: f"{items[i]['at']} · {' '.join(items[i]['sql'].split())[:60]}",
        )
        if pick is not None:
            st.button("载入到编辑器", key="sql_hist_load", on_click=_set_editor, args=(items[pick]["sql"],))


def run(sql: str, dialect: str, db: str) -> None:
    res = adhoc.execute(sql, dialect, db)
    st.session_state["sql_result"] = res
    outcome = "出错" if res.get("error") else f"{fmt.count(res['rows'])} 行 · {res['ms']:,.0f} 毫秒"
    items = st.session_state.setdefault("sql_history", [])
    items.append({"sql": sql, "dialect": dialect, "outcome": outcome, "at": f"{dt.datetime.now():%H:%M:%S}"})
    del items[:-HISTORY]


def body() -> None:
    db = str(data.warehouse().path)
    ui.page_header(
        "SQL 查询",
        "直接用 SQL 查询仓库（只读）。可用 MySQL、PostgreSQL 等写法，系统会自动转换；"
        f"单次查询限时 {adhoc.limits().timeout:g} 秒，最多显示 {fmt.count(adhoc.limits().limit)} 行"
        f"（{adhoc.limits().result_mb:g} MB）。",
    )
    left, right = st.columns([1.15, 2.4], gap="large")
    with left:
        browser(db)
    with right:
        examples()
        sql = widgets.text(
            "SQL",
            "q",
            area=True,
            height=220,
            placeholder="select region_name, period, value, phrase\nfrom yoy\nwhere indicator_name = '城市低保户数'",
        )
        c1, c2 = st.columns([2, 1], vertical_alignment="bottom")
        dialect = widgets.select(
            "方言",
            list(adhoc.DIALECTS),
            "dialect",
            default="duckdb",
            format_func=lambda d: adhoc.DIALECT_LABELS.get(d, d),
            container=c1,
        )
        clicked = c2.button("运行", type="primary", icon=":material/play_arrow:", key="sql_run", width="stretch")
        previous = st.session_state.get("sql_result")
        first_visit = previous is None and "sql_seen" not in st.session_state and bool(sql.strip())
        st.session_state["sql_seen"] = True
        if (clicked or first_visit) and sql.strip():
            with st.spinner("正在查询……"):
                run(sql, dialect or "duckdb", db)
        elif clicked:
            st.warning("请先输入一条查询语句。")
        res = st.session_state.get("sql_result")
        if res is not None:
            result_panel(res, db)
        else:
            ui.empty("在上方输入查询后点击“运行”。", hint="左侧列出了可以查询的表和视图；也可以从“示例查询”开始。")
        history()


ui.guard(body)
