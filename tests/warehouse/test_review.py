"""Review operations through ``warehouse.review``: publish, edit (a new vintage), drop, remove, replace, the change
log, and a warehouse made before review upgraded on its next write."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import review
from warehouse.store import Warehouse


def _seed(wh: Warehouse) -> None:
    """Source 1 published (2023: 100 张); source 2 a draft restating 2023 as 110 and stating 2024 with a change."""
    with wh.writer() as w, w.transaction() as con:
        con.execute("insert into indicator (code, name, unit, measure) values ('beds', '养老床位', '张', 'stock')")
        con.execute(
            "insert into indicator (code, name, unit, measure, aliases) values "
            "('nurses', '护理员数', '人', 'stock', ['护理人员'])"
        )
        con.execute("insert into region (code, name, level) values ('990102', '澄湖区', '县')")
        con.execute("insert into source (sha256, kind, path) values ('aa11', 'text', '2023.txt')")
        con.execute(
            "insert into source (sha256, kind, path, state, published_at) values "
            "('bb22', 'text', '2024.txt', 'draft', null)"
        )
        con.execute(
            "insert into fact (indicator, region, period, value, unit, base_value, base_unit, source_id, vintage, "
            "quote) values ('beds', '990102', '2023', 100, '张', 100, '张', 1, 1, '床位100张'), "
            "('beds', '990102', '2023', 110, '张', 110, '张', 2, 2, '床位110张'), "
            "('beds', '990102', '2024', 130, '张', 130, '张', 2, 1, '床位130张，较上年增加20张')"
        )
        con.execute("insert into stated_change values (3, '上年', '2023', '+', 20, '张', '较上年增加20张')")


def _series(wh: Warehouse) -> list[tuple[object, ...]]:
    return wh.reader().rows("select period, value, vintage from series order by period")


def test_a_draft_reaches_no_view_until_published(wh: Warehouse) -> None:
    _seed(wh)
    assert _series(wh) == [("2023", 100.0, 1)]
    assert wh.reader().rows("select count(*) from stated_vs_computed") == [(0,)]
    with wh.writer() as w:
        assert review.publish_source(w, 2, via="zhibiao publish", user="李四") == 2
    assert _series(wh) == [("2023", 110.0, 2), ("2024", 130.0, 1)]
    assert wh.reader().rows("select status from stated_vs_computed") == [("consistent",)]
    assert wh.reader().rows("select action, source_id, via, user_name from change_log") == [
        ("publish", 2, "zhibiao publish", "李四")
    ]
    with wh.writer() as w, pytest.raises(review.ReviewError, match="只有待审的来源可以发布"):
        review.publish_source(w, 2, via="t")


def test_an_edit_writes_a_new_vintage_and_keeps_the_old_fact(wh: Warehouse) -> None:
    _seed(wh)
    with wh.writer() as w:
        new_id = review.edit_fact(w, 3, {"value": "125", "period": "2024"}, via="导入页面", user="王五")
        review.publish_source(w, 2, via="导入页面")
    assert _series(wh) == [("2023", 110.0, 2), ("2024", 125.0, 2)]
    old, new = wh.reader().rows(
        "select id, value, retired_at is not null, replaced_by from fact where id in (3, ?) order by id", [new_id]
    )
    assert old == (3, 130.0, True, new_id) and new == (new_id, 125.0, False, None)
    assert wh.reader().rows("select fact_id, amount from stated_change order by fact_id") == [
        (3, 20.0),
        (new_id, 20.0),
    ]
    assert wh.reader().rows("select action, detail, user_name from change_log where action = 'edit'") == [
        ("edit", "数值 130 → 125", "王五")
    ]
    with wh.writer() as w, pytest.raises(review.ReviewError, match="已被修改或删除"):
        review.edit_fact(w, 3, {"value": 1}, via="t")


def test_changing_the_indicator_is_recorded_for_the_catalogue(wh: Warehouse) -> None:
    _seed(wh)
    with wh.writer() as w:
        new_id = review.edit_fact(w, 3, {"indicator": "护理人员", "unit": "人"}, via="zhibiao edit")
    assert wh.reader().rows("select indicator, unit, base_unit from fact where id = ?", [new_id]) == [
        ("nurses", "人", "人")
    ]
    assert wh.reader().rows("select detail from change_log where action = 'indicator_corrected'") == [
        ("“床位130张，较上年增加20张”：beds → nurses",)
    ]


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"period": "2024年"}, "不是有效的期间代码"),
        ({"value": "十二"}, "不是数字"),
        ({"indicator": "没有的指标"}, "不在仓库中"),
        ({"kind": "guess"}, "类型"),
        ({"quote": "x"}, "不能修改"),
    ],
)
def test_a_bad_edit_rolls_back_the_whole_review(wh: Warehouse, changes: dict[str, str], message: str) -> None:
    _seed(wh)
    with wh.writer() as w, pytest.raises(review.ReviewError, match=message):
        review.review_source(w, 2, edits={2: {"value": 111}, 3: changes}, publish=True, via="t")
    assert wh.reader().rows("select state from source where id = 2") == [("draft",)]
    assert wh.reader().rows("select count(*) from fact where retired_at is not null") == [(0,)]
    assert wh.reader().rows("select count(*) from change_log") == [(0,)]


def test_a_review_cannot_touch_another_sources_facts(wh: Warehouse) -> None:
    _seed(wh)
    with wh.writer() as w, pytest.raises(review.ReviewError, match="不属于来源"):
        review.review_source(w, 2, drops=[1], via="t")


def test_dropping_a_fact_brings_back_the_previous_vintage(wh: Warehouse) -> None:
    _seed(wh)
    with wh.writer() as w:
        review.publish_source(w, 2, via="t")
        review.drop_fact(w, 2, via="t")
    assert _series(wh) == [("2023", 100.0, 1), ("2024", 130.0, 1)]
    assert wh.reader().rows("select count(*) from fact") == [(3,)]  # nothing deleted


def test_removing_a_source_takes_its_facts_out_and_keeps_them(wh: Warehouse) -> None:
    _seed(wh)
    with wh.writer() as w:
        review.publish_source(w, 2, via="t")
        assert review.remove_source(w, 2, via="zhibiao remove", user="赵六") == 2
    assert _series(wh) == [("2023", 100.0, 1)]
    assert wh.reader().rows("select state, removed_at is not null from source where id = 2") == [("removed", True)]
    assert wh.reader().rows("select count(*) from fact where source_id = 2") == [(2,)]
    assert wh.reader().rows("select action, detail from change_log where action = 'remove'") == [
        ("remove", "移除 2024.txt，2 条事实退出当前数据")
    ]
    with wh.writer() as w, pytest.raises(review.ReviewError, match="已被移除"):
        review.remove_source(w, 2, via="t")


def test_publishing_a_replacement_removes_what_it_replaces(wh: Warehouse) -> None:
    _seed(wh)
    with wh.writer() as w, w.transaction() as con:
        con.execute("update source set replaces = 1 where id = 2")
    with wh.writer() as w:
        review.publish_source(w, 2, via="t")
    assert wh.reader().rows("select id, state from source order by id") == [(1, "removed"), (2, "published")]
    assert wh.reader().rows("select action, source_id from change_log order by id") == [
        ("publish", 2),
        ("replace", 1),
    ]


def test_a_warehouse_made_before_review_is_upgraded(wh: Warehouse) -> None:
    _seed(wh)
    with wh.writer() as w:
        review.publish_source(w, 2, via="t")
    con = duckdb.connect(str(wh.path))
    con.execute("drop view if exists series cascade")
    con.execute("drop table change_log")
    con.execute("create table old_source as select * exclude (state, published_at, removed_at, replaces) from source")
    con.execute("drop table source")
    con.execute(
        "create table source (id integer primary key, sha256 varchar not null unique, kind varchar not null, "
        "path varchar not null, title varchar, region varchar, period varchar, domain varchar, loaded_at timestamp "
        "not null default current_timestamp, extractor_version varchar, text varchar, n_facts integer not null "
        "default 0, n_quarantined integer not null default 0)"
    )
    con.execute("insert into source select * from old_source")
    con.execute("drop table old_source")
    con.execute("alter table fact drop column retired_at")
    con.execute("alter table fact drop column replaced_by")
    con.execute("update meta set value = 'old' where key = 'sql_hash'")
    con.close()
    with wh.writer() as w, w.transaction() as con:  # opening the writer upgrades the schema
        # every source is published now, at the time it was loaded; and the same bytes may be loaded again
        assert con.execute(
            "select count(*) from source where state = 'published' and published_at = loaded_at"
        ).fetchall() == [(2,)]
        con.execute("insert into source (sha256, kind, path) values ('aa11', 'text', 'again.txt')")
    assert _series(wh) == [("2023", 110.0, 2), ("2024", 130.0, 1)]
    assert wh.reader().rows("select count(*) from change_log") == [(0,)]
