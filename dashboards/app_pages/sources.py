"""来源: every ingested document; open one to read it with its facts highlighted and inspect any fact's record.

``?source=ID&fact=ID`` (the link behind every number elsewhere) opens the document at that fact's sentence.
"""

from __future__ import annotations

from typing import Any

import polars as pl
import streamlit as st

from dashboards import data, highlight, records, reviewdata, reviewpanel, ui, widgets
from dashboards import format as fmt
from warehouse.review import ReviewError

KINDS = {"text": "报告", "table": "统计表", "demo": "演示数据"}
FACT_KINDS = {"actual": "实际数", "target": "目标数", "derived": "推算数", "relative": "相对数"}
STATUS = {"consistent": "一致", "inconsistent": "不一致", "unverifiable": "无法核对（缺上年数据）"}
STATES = {"draft": "待审", "published": "已发布", "removed": "已移除"}


def doc_list(docs: pl.DataFrame) -> None:
    st.subheader("全部来源", anchor=False)
    # The link comes right after the title, so it is visible without scrolling the table sideways.
    shown = docs.select(
        pl.col("title").alias("标题"),
        pl.col("id").map_elements(lambda i: ui.source_url(i), return_dtype=pl.String).alias("打开"),
        pl.col("kind").replace_strict(KINDS, default="其他").alias("类型"),
        pl.col("state").replace_strict(STATES, default="已发布").alias("状态"),
        pl.col("region").fill_null("—").alias("地区"),
        pl.col("period").map_elements(fmt.period_label, return_dtype=pl.String).fill_null("多期").alias("期间"),
        pl.col("n_facts").alias("数值条数"),
        pl.col("n_suspect").alias("存疑"),
        pl.col("n_quarantined").alias("隔离"),
        pl.col("loaded_at").alias("导入时间"),
    )
    st.dataframe(
        shown,
        hide_index=True,
        width="stretch",
        column_config={
            "打开": st.column_config.LinkColumn("打开", display_text="阅读原文"),
            "导入时间": st.column_config.DatetimeColumn("导入时间", format="YYYY-MM-DD HH:mm"),
            "数值条数": st.column_config.NumberColumn("数值条数", format="%,d"),
        },
    )


def record_table(rec: dict[str, Any]) -> pl.DataFrame:
    """A fact's record as 字段/内容 rows, in words a policy reader uses."""
    change = ""
    if rec.get("change_direction"):
        change = fmt.stated_change(
            rec["change_direction"],
            rec.get("change_amount"),
            rec.get("change_unit"),
            rec.get("change_base") or "上年",
            rec.get("quote"),
        )
    items = [
        ("指标", rec.get("indicator_name") or rec.get("indicator")),
        ("数值", fact_value(rec) + (rec.get("approx") or "")),
        ("原文数值", f"{fmt.stated(rec.get('value'))} {rec.get('unit') or ''}".strip()),
        ("期间", fmt.period_label(rec.get("period"))),
        ("地区", rec.get("region_name")),
        ("类型", FACT_KINDS.get(rec.get("kind") or "", rec.get("kind"))),
        ("报告所称变化", change or "—"),
        ("存疑", rec.get("suspect_reason") or ("是" if rec.get("suspect") else "否")),
        ("版本", f"第 {rec.get('vintage')} 版"),
        ("原句", rec.get("quote") or "—"),
        ("位置", f"第 {rec['span_start']}–{rec['span_end']} 字" if rec.get("span_start") is not None else "—"),
        ("来源", rec.get("source_title")),
        ("事实编号", str(rec.get("id"))),
    ]
    return pl.DataFrame({"字段": [k for k, _ in items], "内容": [str(v) if v is not None else "—" for _, v in items]})


def fact_value(r: dict[str, Any]) -> str:
    """A fact's value in its stated unit, to the indicator's decimals (as on every other page)."""
    p = fmt.places(r.get("decimals"), r.get("unit"), r.get("indicator_unit"), r.get("value"))
    return fmt.value(r.get("value"), r.get("unit"), p)


def fact_rows(facts: pl.DataFrame) -> pl.DataFrame:
    return facts.select(
        pl.col("indicator_name").alias("指标"),
        pl.struct("value", "unit", "decimals", "indicator_unit", "approx")
        .map_elements(lambda r: fact_value(r) + (r["approx"] or ""), return_dtype=pl.String)
        .alias("数值"),
        pl.col("period").map_elements(fmt.period_label, return_dtype=pl.String).alias("期间"),
        pl.col("region_name").alias("地区"),
        pl.struct("suspect", "status")
        .map_elements(
            lambda r: "、".join(
                x for x in ("存疑" if r["suspect"] else "", "说法不一致" if r["status"] == "inconsistent" else "") if x
            ),
            return_dtype=pl.String,
        )
        .alias("标记"),
    )


def document(gen: str, doc: dict[str, Any], focus_id: int | None) -> None:
    st.subheader(fmt.escape_markdown(doc["title"]), anchor=False)
    meta = [
        KINDS.get(doc["kind"], doc["kind"]),
        doc.get("region") or "地区未注明",
        fmt.period_label(doc.get("period")),
        f"导入于 {doc['loaded_at']:%Y-%m-%d %H:%M}" if doc.get("loaded_at") else "",
    ]
    st.caption(fmt.escape_markdown(" · ".join(m for m in meta if m)))
    state_actions(doc)
    changes = reviewdata.change_log(gen, int(doc["id"]))
    if changes.height:
        with st.expander(f"变更日志（{fmt.count(changes.height)} 条）"):
            st.dataframe(changes.drop("来源"), hide_index=True, width="stretch")
    facts = records.source_facts(gen, int(doc["id"]))
    left, right = st.columns([3, 2], gap="large")
    with right:
        st.markdown(f"**抽取的数值（{fmt.count(facts.height)} 条）** · 点选一行查看记录")
        event = st.dataframe(
            fact_rows(facts),
            hide_index=True,
            width="stretch",
            height=320,
            on_select="rerun",
            selection_mode="single-row",
            key=f"facts_{doc['id']}",
        )
        rows = event.selection.rows if event is not None else []
        if rows:
            focus_id = int(facts["id"][rows[0]])
            widgets.set_param("fact", str(focus_id))
        if focus_id is not None and focus_id in facts["id"].to_list():
            rec = records.fact_record(gen, focus_id)
            if rec is not None:
                st.markdown("**数值记录**")
                st.dataframe(record_table(rec), hide_index=True, width="stretch")
                st.page_link(
                    ui.PAGES["trend"],
                    label="在「趋势」中查看该指标",
                    icon=":material/show_chart:",
                    query_params={"indicator": rec["indicator"], "region": rec["region"]},
                )
        elif focus_id is not None:
            st.warning("链接中的数值不属于这份来源，可能已被新版本替换。", icon=":material/warning:")
    with left:
        focus = None
        if focus_id is not None and focus_id in facts["id"].to_list():
            row = facts.filter(pl.col("id") == focus_id).row(0, named=True)
            if row["span_start"] is not None:
                focus = (int(row["span_start"]), int(row["span_end"]))
        text = doc.get("text")
        if not text:
            ui.empty(
                "这是一份统计表，没有正文。", hint="右侧列出了从表中读取的每个数值；“原句”一栏记录了它在表中的行号。"
            )
            return
        if focus is not None:
            with st.container(border=True):
                st.markdown("**定位到的原句**")
                sentence = highlight.sentence_at(text, focus)
                start = text.find(sentence)
                st.markdown(
                    "\n\n".join(
                        highlight.render(
                            sentence, [(focus[0] - start, focus[1] - start)], focus=(focus[0] - start, focus[1] - start)
                        )
                    )
                )
        st.markdown(
            "**正文**　:blue-background[蓝色] 为抽取到的数值所在语句，:red-background[**红色**] 为当前选中的数值"
        )
        spans = [(s, e) for s, e in zip(facts["span_start"], facts["span_end"], strict=True) if s is not None]
        with st.container(height=560, border=True):
            st.markdown("\n\n".join(highlight.render(text, spans, focus)))


def state_actions(doc: dict[str, Any]) -> None:
    """A draft links to its review; a draft or published source can be removed, after a confirmation."""
    state = doc.get("state") or "published"
    if state == "removed":
        st.warning("这份来源已被移除：它的数值不再出现在各页面，但保留在仓库和变更日志中。", icon=":material/block:")
        return
    if state == "draft":
        st.info("这份来源是待审草稿，发布前不会出现在各页面。", icon=":material/rate_review:")
        st.page_link(ui.PAGES["upload"], label="去审核并发布", query_params={"review": str(doc["id"])})
    key = f"src_confirm_{doc['id']}"
    if st.button("移除此来源", key="src_remove", icon=":material/delete:"):
        st.session_state[key] = True
    if not st.session_state.get(key):
        return
    with st.container(border=True):
        st.markdown(
            f"确定要移除“{fmt.escape_markdown(doc['title'])}”吗？它的数值将退出当前数据（保留在仓库中，可在变更日志中查到），"
            "同一指标先前的数值会重新显示。"
        )
        user = st.text_input("操作人（可选）", key="src_remove_user")
        c1, c2 = st.columns(2)
        if c2.button("取消", key="src_remove_cancel"):
            st.session_state.pop(key, None)
            st.rerun()
        if c1.button("确认移除", key="src_remove_confirm", type="primary"):
            st.session_state.pop(key, None)
            try:
                n = reviewdata.remove_source(int(doc["id"]), user=user or None)
            except ReviewError as exc:
                st.error(f"未移除：{fmt.escape_markdown(str(exc))}", icon=":material/error:")
                return
            st.success(f"已移除，{fmt.count(n)} 个数值退出当前数据。", icon=":material/check_circle:")


def as_of(docs: pl.DataFrame) -> pl.DataFrame:
    """The sources as they stood on the 截至 date: published by its end and not removed by then."""
    day = reviewpanel.as_of_picker(
        "src_as_of", help="只列出当日结束时已发布、尚未移除的来源；留空列出全部（含待审与已移除）。"
    )
    if day is None:
        return docs
    end = reviewdata.as_of_end(day)
    return docs.filter(
        pl.col("published_at").is_not_null()
        & (pl.col("published_at") <= end)
        & (pl.col("removed_at").is_null() | (pl.col("removed_at") > end))
    )


def body() -> None:
    gen = data.generation()
    ui.page_header("来源", "已导入的报告和统计表。打开一份，阅读原文并查看从中抽取的每个数值。")
    docs = records.sources(gen)
    if docs.is_empty():
        ui.empty("还没有导入任何来源。", hint="请在「导入」页上传报告（.txt/.docx）或统计表（.csv/.xlsx）。")
        return
    ids = [str(i) for i in docs["id"].to_list()]
    titles = dict(zip(ids, docs["title"].to_list(), strict=True))
    wanted = widgets.param("source")
    if wanted is not None and wanted not in titles:
        st.warning(
            f"没有编号为 {fmt.escape_markdown(wanted)} 的来源，可能已被删除。请从下方列表中选择。",
            icon=":material/warning:",
        )
    choice = widgets.select(
        "打开来源",
        ["", *ids],
        "source",
        format_func=lambda i: titles.get(i, "（请选择一份来源）"),
        default="",
        on_change=lambda: widgets.set_param("fact", None),
    )
    if choice:
        document(gen, records.source(gen, int(choice)), widgets.param_int("fact"))
        st.divider()
    else:
        widgets.set_param("fact", None)
    listed = as_of(docs)
    if listed.is_empty():
        ui.empty(f"截至 {widgets.param('as_of')} 尚无已发布的来源。")
        return
    doc_list(listed)


ui.guard(body)
