"""The review table of a draft: every fact in an editable table beside its highlighted sentence, then 发布.

Keyboard-friendly (``st.data_editor``: arrows, Enter, typing to search a choice list), and only the rows a reviewer
changed are sent to the writer, in one transaction, so a 500-fact report is as quick to publish as a 5-fact one.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
import streamlit as st

from dashboards import data, highlight, records, reviewdata, splitform, ui, widgets
from dashboards import format as fmt
from warehouse.review import ReviewError

__all__ = ["as_of_picker", "review_table", "show"]

EDITOR_KEY = "review_editor"


def review_table(facts: pl.DataFrame, labels: dict[str, str]) -> pl.DataFrame:
    """The editor's rows: Chinese headers, the indicator as its catalogue label, the kind in words."""
    kinds = reviewdata.kind_labels()
    by_code = {code: label for label, code in labels.items()}
    return pl.DataFrame(
        {
            "fact_id": facts["fact_id"],
            "指标": [by_code.get(c, c) for c in facts["indicator"].to_list()],
            "数值": facts["value"],
            "单位": facts["unit"],
            "期间": facts["period"],
            "地区": facts["region_name"].fill_null(facts["region"]),
            "类型": [kinds.get(k, k) for k in facts["kind"].to_list()],
            "删除": [False] * facts.height,
            "存疑": facts["suspect_reason"].fill_null(""),
            "原句": facts["quote"].fill_null(""),
        },
        schema_overrides={"期间": pl.String},
    )


def _catalogue_search(options: pl.DataFrame) -> None:
    needle = st.text_input(
        "在目录中查找指标（名称、代码或别名）",
        key="review_search",
        placeholder="如 低保、城区低保家庭",
        help="找到后，在表格“指标”一栏输入名称的前几个字即可选中。",
    )
    found = reviewdata.search_indicators(options, needle)
    if needle.strip():
        if found.is_empty():
            st.caption("目录中没有匹配的指标。")
        else:
            shown = found.select(
                pl.col("name").alias("名称"),
                pl.col("code").alias("代码"),
                pl.col("unit").alias("单位"),
                pl.col("aliases").list.join("、").alias("别名"),
            )
            st.dataframe(shown, hide_index=True, width="stretch", height=min(38 + 35 * shown.height, 250))


def _sentences(doc: dict[str, Any] | None, facts: pl.DataFrame) -> None:
    text = (doc or {}).get("text")
    if not text:
        st.caption("统计表没有正文；“原句”一栏记录了每个数值所在的行。")
        return
    ids = facts["fact_id"].to_list()
    quotes = dict(zip(ids, facts["quote"].fill_null("").to_list(), strict=True))
    focus_id = st.selectbox(
        "定位事实",
        [None, *ids],
        key="review_focus",
        format_func=lambda i: "（选择一条事实，查看它所在的句子）" if i is None else f"{i} · {quotes[i][:30]}",
    )
    spans = [(int(s), int(e)) for s, e in zip(facts["span_start"], facts["span_end"], strict=True) if s is not None]
    focus = None
    if focus_id is not None:
        row = facts.filter(pl.col("fact_id") == focus_id).row(0, named=True)
        if row["span_start"] is not None:
            focus = (int(row["span_start"]), int(row["span_end"]))
            sentence = highlight.sentence_at(text, focus)
            start = text.find(sentence)
            local = (focus[0] - start, focus[1] - start)
            st.markdown("\n\n".join(highlight.render(sentence, [local], focus=local)))
    with st.container(height=420, border=True):
        st.markdown("\n\n".join(highlight.render(text, spans, focus)))


def show(source_id: int) -> None:
    """The review of one draft source: editable facts, the text with each fact's sentence, save and publish."""
    gen = data.generation()
    flash = st.session_state.pop("review_flash", None)
    if flash:
        st.success(flash, icon=":material/check_circle:")
    doc = records.source(gen, int(source_id))
    if doc is None or doc.get("state") != "draft":
        st.session_state.pop("up_review", None)
        state = (
            "不存在" if doc is None else {"published": "已发布", "removed": "已移除"}.get(doc["state"], doc["state"])
        )
        st.info(f"来源 {source_id} {state}，没有待审核的草稿。", icon=":material/info:")
        return
    facts = reviewdata.draft_facts(gen, int(source_id))
    options = reviewdata.indicator_options(gen)
    labels = dict(zip(options["label"].to_list(), options["code"].to_list(), strict=True))
    title = doc["title"] if doc else f"来源 {source_id}"
    st.subheader(f"审核：{fmt.escape_markdown(title)}（{fmt.count(facts.height)} 条事实）", anchor=False)
    st.caption("修改表中的指标、数值、单位、期间、地区或类型，勾选“删除”去掉误抽的数值；修改会写成新版本，原值保留。")
    _catalogue_search(options)
    table = review_table(facts, labels)
    columns = {
        "fact_id": st.column_config.NumberColumn("编号", format="%d", width="small"),
        "指标": st.column_config.SelectboxColumn("指标", options=list(labels), required=True, width="medium"),
        "数值": st.column_config.NumberColumn("数值", required=True, format="%g"),
        "单位": st.column_config.TextColumn("单位", required=True, width="small"),
        "期间": st.column_config.TextColumn("期间", help="期间代码：2023、2023H1、2023Q2、2023M05", width="small"),
        "地区": st.column_config.TextColumn("地区", help="地区名称或代码", width="small"),
        "类型": st.column_config.SelectboxColumn(
            "类型", options=list(reviewdata.kind_labels().values()), required=True, width="small"
        ),
        "删除": st.column_config.CheckboxColumn("删除", width="small"),
    }
    st.data_editor(
        table,
        key=EDITOR_KEY,
        hide_index=True,
        width="stretch",
        height=min(38 + 35 * max(table.height, 1), 560),
        disabled=("fact_id", "存疑", "原句"),
        column_config=columns,
    )
    splitform.show(int(source_id), table, labels, columns)
    with st.expander("原文（蓝色为抽取到的数值所在语句）", expanded=False):
        _sentences(doc, facts)
    user = st.text_input("操作人（可选，记入变更日志）", key="review_user")
    c1, c2, c3 = st.columns(3)
    save = c1.button("保存修改", key="review_save", icon=":material/save:")
    publish = c2.button("发布", key="review_publish", type="primary", icon=":material/publish:")
    discard = c3.button("放弃草稿", key="review_discard", icon=":material/delete:")
    if not (save or publish or discard):
        return
    edited = st.session_state.get(EDITOR_KEY, {}).get("edited_rows", {})
    try:
        if discard:
            reviewdata.remove_source(int(source_id), user=user or None, page="upload")
            st.session_state.pop("up_review", None)
            st.info("草稿已放弃（保留在仓库中，可在变更日志中查到）。", icon=":material/info:")
            return
        edits, drops = reviewdata.changed_fields(table.to_dicts(), edited, labels)
        counts = reviewdata.apply_review(int(source_id), edits, drops, publish=publish, user=user or None)
    except ReviewError as exc:
        st.error(f"未保存：{fmt.escape_markdown(str(exc))}", icon=":material/error:")
        return
    st.session_state.pop(EDITOR_KEY, None)
    done = f"修改 {counts['edited']} 条，删除 {counts['dropped']} 条"
    if publish:
        st.session_state.pop("up_review", None)
        st.success(
            f"已发布 {fmt.count(counts['published'])} 个数值（{done}）。各页面已显示新数据。",
            icon=":material/check_circle:",
        )
        st.page_link(
            ui.PAGES["sources"],
            label="查看该来源",
            icon=":material/description:",
            query_params={"source": str(source_id)},
        )
    else:
        st.session_state["review_flash"] = f"已保存：{done}。草稿尚未发布。"
        st.rerun()


def as_of_picker(key: str, *, help: str, container: Any = None) -> dt.date | None:
    """The 截至 date, kept in ``?as_of=YYYY-MM-DD`` so an as-of view can be shared as a link; None = current data."""
    raw = widgets.param("as_of")
    try:
        from_url = dt.date.fromisoformat(raw) if raw else None
    except ValueError:
        from_url = None
    if key not in st.session_state:
        st.session_state[key] = from_url
    day = (container or st).date_input("截至", key=key, format="YYYY-MM-DD", help=help)
    day = day if isinstance(day, dt.date) else None
    widgets.set_param("as_of", day.isoformat() if day else None)
    return day
