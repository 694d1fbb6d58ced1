"""导入 → 审核 → 发布 in AppTest: a report is staged as a draft, corrected in the review table and published; the
来源 page removes a source after confirmation and reads as of a date; 趋势 reads as of a date."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from apptest import assert_clean, make_app, texts

from warehouse.store import Warehouse

UPLOAD = "app_pages/upload.py"
SOURCES = "app_pages/sources.py"
REPORT = "枫林区2023年民政工作总结\n全区有城市低保户700户，较上年增加50户。全区有学校12所。\n"


def _stage(db: Path):
    at = make_app(UPLOAD)
    at.file_uploader[0].set_value(("枫林区2023年工作总结.txt", REPORT.encode(), "text/plain")).run()
    assert at.button(key="up_confirm").label == "暂存待审"
    at.button(key="up_confirm").click().run()
    assert_clean(at)
    return at


def _edit(at, row: int, column: str, value: object) -> None:
    state = at.session_state["review_editor"] if "review_editor" in at.session_state else None  # noqa: SIM401
    edited = dict(state or {"edited_rows": {}, "added_rows": [], "deleted_rows": []})
    rows = dict(edited.get("edited_rows", {}))
    rows[row] = {**rows.get(row, {}), column: value}
    edited["edited_rows"] = rows
    at.session_state["review_editor"] = edited


def test_stage_edit_and_publish(writable_db: Path) -> None:
    wh = Warehouse(writable_db)
    before = wh.reader().rows("select count(*) from series")[0][0]
    at = _stage(writable_db)
    source_id = wh.reader().rows("select max(id) from source where state = 'draft'")[0][0]
    assert source_id is not None
    assert "审核：" in texts(at) and "（2 条事实）" in texts(at)
    assert wh.reader().rows("select count(*) from series")[0][0] == before  # the draft reaches no view
    # the catalogue search finds an indicator by an alias
    at.text_input(key="review_search").set_value("低保").run()
    assert any("低保" in n for n in at.dataframe[0].value["名称"].tolist())
    _edit(at, 0, "数值", 705.0)
    _edit(at, 1, "删除", True)
    at.text_input(key="review_user").set_value("王五")
    at.button(key="review_publish").click().run()
    assert_clean(at)
    assert at.success[0].value.startswith("已发布 1 个数值（修改 1 条，删除 1 条）")
    got = wh.reader().rows("select value from series where source_id = ?", [source_id])
    assert got == [(705.0,)]
    log = wh.reader().rows("select action, via, user_name from change_log where source_id = ? order by id", [source_id])
    assert log == [
        ("stage", "导入页面", None),
        ("edit", "导入页面", "王五"),
        ("drop", "导入页面", "王五"),
        ("publish", "导入页面", "王五"),
    ]


def test_a_bad_edit_is_refused_and_nothing_changes(writable_db: Path) -> None:
    wh = Warehouse(writable_db)
    at = _stage(writable_db)
    _edit(at, 0, "期间", "二〇二三")
    at.button(key="review_publish").click().run()
    assert "未保存" in at.error[0].value and "不是有效的期间代码" in at.error[0].value
    assert wh.reader().rows("select count(*) from source where state = 'draft'") == [(1,)]


def test_tables_skip_review_by_default(writable_db: Path) -> None:
    at = make_app(UPLOAD)
    at.file_uploader[0].set_value(
        ("表.csv", "地区,期间,指标,数值,单位\n枫林区,2023,学校数,12,所\n".encode(), "text/csv")
    )
    at.run()
    assert not at.toggle(key="up_review_first").value
    assert at.button(key="up_confirm").label == "确认导入"


def test_remove_a_source_after_confirmation(writable_db: Path) -> None:
    wh = Warehouse(writable_db)
    source_id, n = wh.reader().rows("select source_id, count(*) from series group by 1 order by 2 desc limit 1")[0]
    at = make_app(SOURCES, source=str(source_id))
    at.button(key="src_remove").click().run()
    assert "确定要移除" in texts(at)
    assert wh.reader().rows("select count(*) from series where source_id = ?", [source_id]) == [(n,)]
    at.button(key="src_remove_confirm").click().run()
    assert_clean(at)
    assert wh.reader().rows("select count(*) from series where source_id = ?", [source_id]) == [(0,)]
    assert wh.reader().rows("select state from source where id = ?", [source_id]) == [("removed",)]
    assert wh.reader().rows("select via from change_log where action = 'remove'") == [("来源页面",)]
    again = make_app(SOURCES, source=str(source_id))
    assert "这份来源已被移除" in texts(again)
    assert [e.label for e in again.expander] == ["变更日志（1 条）"]


def test_sources_as_of_a_date(writable_db: Path) -> None:
    n_all = make_app(SOURCES).dataframe[0].value.shape[0]
    before = make_app(SOURCES, as_of="2000-01-01")
    assert_clean(before)
    assert "截至 2000-01-01 尚无已发布的来源" in texts(before)
    at = make_app(SOURCES, as_of=dt.date.today().isoformat())
    assert at.dataframe[0].value.shape[0] == n_all
    assert at.date_input(key="src_as_of").value == dt.date.today()


def test_trend_as_of_a_date(writable_db: Path) -> None:
    wh = Warehouse(writable_db)
    indicator, region = wh.reader().rows(
        "select indicator, region from series where kind = 'actual' and period ~ '^[0-9]{4}$' "
        "group by all order by count(*) desc limit 1"
    )[0]
    now = make_app("app_pages/trend.py", indicator=indicator, region=region)
    assert_clean(now)
    n_now = now.dataframe[0].value.shape[0]
    assert n_now > 0
    today = make_app("app_pages/trend.py", indicator=indicator, region=region, as_of=dt.date.today().isoformat())
    assert_clean(today)
    assert "已发布的数据" in texts(today)
    assert today.dataframe[0].value.shape[0] == len(
        [r for r in now.dataframe[0].value.to_dict("records") if "推算" not in r["标记"]]
    )
    past = make_app("app_pages/trend.py", indicator=indicator, region=region, as_of="2000-01-01")
    assert_clean(past)
    assert "没有这个指标的数据" in texts(past)


def test_split_a_fact_of_the_draft(writable_db: Path) -> None:
    wh = Warehouse(writable_db)
    at = _stage(writable_db)
    source_id = wh.reader().rows("select max(id) from source where state = 'draft'")[0][0]
    [(fact_id, indicator)] = wh.reader().rows(
        "select id, indicator from fact where source_id = ? and unit = '户'", [source_id]
    )
    at.selectbox(key="split_fact").set_value(fact_id).run()
    assert "原句：全区有城市低保户700户" in texts(at)
    rural = "农村低保户数 · rural_dibao_households"
    at.session_state[f"split_editor_{fact_id}"] = {
        "edited_rows": {0: {"数值": 600.0}, 1: {"指标": rural, "数值": 100.0}},
        "added_rows": [],
        "deleted_rows": [],
    }
    at.text_input(key="review_user").set_value("王五")
    at.button(key="split_go").click().run()
    assert_clean(at)
    assert at.success[0].value.startswith(f"已将事实 {fact_id} 拆分为")
    assert "（3 条事实）" in texts(at)  # the review table now lists the two parts instead of the fact
    parts = wh.reader().rows(
        "select indicator, value, quote from fact where source_id = ? and retired_at is null and unit = '户' "
        "order by value",
        [source_id],
    )
    assert [(i, v) for i, v, _ in parts] == [("rural_dibao_households", 100.0), (indicator, 600.0)]
    assert {q for *_, q in parts} == {"全区有城市低保户700户，较上年增加50户"}
    log = wh.reader().rows("select action, via, user_name from change_log where action = 'split'")
    assert log == [("split", "导入页面", "王五")]


def test_a_bad_split_is_refused_on_the_page(writable_db: Path) -> None:
    wh = Warehouse(writable_db)
    at = _stage(writable_db)
    fact_id = wh.reader().rows(
        "select min(f.id) from fact f join source s on s.id = f.source_id where s.state = 'draft' and f.unit = '户'"
    )[0][0]
    at.selectbox(key="split_fact").set_value(fact_id).run()
    at.session_state[f"split_editor_{fact_id}"] = {"edited_rows": {1: {"期间": "去年"}}, "added_rows": []}
    at.button(key="split_go").click().run()
    assert "未拆分" in at.error[0].value and "第 2 部分" in at.error[0].value
    assert wh.reader().rows("select count(*) from change_log where action = 'split'") == [(0,)]
