"""拆分: one fact of a draft that extraction merged (800户、1576人 read as one) becomes two or more.

The reviewer picks the fact, edits its parts in a small table (each row starts as a copy of the fact, so only what
differs need be typed; rows can be added), and 拆分 writes them in one writer transaction.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
import streamlit as st

from dashboards import format as fmt
from dashboards import reviewdata
from warehouse.review import ReviewError

__all__ = ["show", "split_parts"]

COLUMNS = {"指标": "indicator", "数值": "value", "单位": "unit", "期间": "period", "地区": "region", "类型": "kind"}
START_ROWS = 2


def split_parts(
    original: Mapping[str, Any], state: Mapping[str, Any], labels: Mapping[str, str]
) -> list[dict[str, Any]]:
    """The parts a reviewer entered, as fields that differ from the fact (the writer fills in the rest).

    ``original`` is the fact's row in the table's Chinese headers; ``state`` is the data editor's edits of the
    :data:`START_ROWS` copies (``edited_rows``, ``added_rows``, ``deleted_rows``); ``labels`` maps indicator labels
    to codes.

    >>> row = {"指标": "低保户数 · hh", "数值": 800.0, "单位": "户", "期间": "2023", "地区": "澄湖区", "类型": "实际数"}
    >>> split_parts(row, {"edited_rows": {1: {"指标": "低保人数 · pp", "数值": 1576.0, "单位": "人"}}},
    ...             {"低保人数 · pp": "pp"})
    [{}, {'indicator': 'pp', 'value': 1576.0, 'unit': '人'}]
    >>> split_parts(row, {"deleted_rows": [0], "added_rows": [{"类型": "目标数", "数值": None}]}, {})
    [{}, {'kind': 'target'}]
    """
    rows = [dict(original) for _ in range(START_ROWS)]
    for index, change in (state.get("edited_rows") or {}).items():
        rows[int(index)].update(change)
    deleted = {int(i) for i in state.get("deleted_rows") or []}
    rows = [r for i, r in enumerate(rows) if i not in deleted]
    rows += [
        {**original, **{k: v for k, v in added.items() if v is not None}} for added in state.get("added_rows") or []
    ]
    kinds = {v: k for k, v in reviewdata.kind_labels().items()}
    parts = []
    for row in rows:
        part: dict[str, Any] = {}
        for column, field in COLUMNS.items():
            value = row.get(column)
            if value == original.get(column):
                continue
            if column == "指标":
                value = labels.get(value, value)
            elif column == "类型":
                value = kinds.get(value, value)
            part[field] = value
        parts.append(part)
    return parts


def show(source_id: int, table: pl.DataFrame, labels: Mapping[str, str], column_config: Mapping[str, Any]) -> None:
    """The 拆分 form under the review table; ``table`` is that table's rows, ``column_config`` its columns."""
    with st.expander("拆分一条事实（如“800户、1576人”被读成了一条）", expanded=False):
        rows: Sequence[dict[str, Any]] = table.to_dicts()
        by_id = {int(r["fact_id"]): r for r in rows}
        fact_id = st.selectbox(
            "要拆分的事实",
            [None, *by_id],
            key="split_fact",
            format_func=lambda i: "（选择一条事实）" if i is None else f"{i} · {by_id[i]['指标']} {by_id[i]['数值']:g}",
        )
        if fact_id is None:
            return
        original = {c: by_id[fact_id][c] for c in COLUMNS}
        st.caption(f"原句：{fmt.escape_markdown(by_id[fact_id]['原句'])}")
        st.caption("每行是拆分后的一条事实，起初都与原事实相同：改成各自的指标、数值、单位等；可以添加行。")
        key = f"split_editor_{fact_id}"
        st.data_editor(
            pl.DataFrame([original] * START_ROWS, schema_overrides={"期间": pl.String}),
            key=key,
            hide_index=True,
            num_rows="dynamic",
            width="stretch",
            column_config={c: column_config[c] for c in COLUMNS},
        )
        if not st.button("拆分", key="split_go", icon=":material/call_split:"):
            return
        parts = split_parts(original, st.session_state.get(key) or {}, labels)
        try:
            new_ids = reviewdata.split_fact(
                int(source_id), fact_id, parts, user=st.session_state.get("review_user") or None
            )
        except ReviewError as exc:
            st.error(f"未拆分：{fmt.escape_markdown(str(exc))}", icon=":material/error:")
            return
    for k in (key, "split_fact", "review_editor"):
        st.session_state.pop(k, None)
    st.session_state["review_flash"] = f"已将事实 {fact_id} 拆分为 {'、'.join(map(str, new_ids))}。草稿尚未发布。"
    st.rerun()
