"""Splitting a fact extraction merged (``warehouse.review.split_fact``): the fact retires, its parts keep its source,
quote and span, the change log names them, and a bad part rolls every part back."""

from __future__ import annotations

import pytest

from warehouse import review
from warehouse.store import Warehouse

QUOTE = "全区城市低保800户、1576人，较上年增加50户"


def _seed(wh: Warehouse, *, state: str = "published") -> None:
    """One source with one merged fact: 低保户数 800 户 whose sentence also gives 1576 人."""
    with wh.writer() as w, w.transaction() as con:
        con.execute("insert into indicator (code, name, unit, measure) values ('hh', '低保户数', '户', 'stock')")
        con.execute("insert into indicator (code, name, unit, measure) values ('pp', '低保人数', '人', 'stock')")
        con.execute("insert into region (code, name, level) values ('990102', '澄湖区', '县')")
        con.execute(
            "insert into source (sha256, kind, path, state, published_at) values "
            "('aa11', 'text', '2023.txt', ?, case when ? = 'published' then current_timestamp end)",
            [state, state],
        )
        con.execute(
            "insert into fact (indicator, region, period, value, unit, base_value, base_unit, source_id, vintage, "
            "quote, span_start, span_end, suspect, suspect_reason) values "
            "('hh', '990102', '2023', 800, '户', 800, '户', 1, 1, ?, 6, 16, true, '一句两数')",
            [QUOTE],
        )
        con.execute("insert into stated_change values (1, '上年', '2022', '+', 50, '户', '较上年增加50户')")


PARTS = [{"value": "800"}, {"indicator": "低保人数", "value": "1576", "unit": "人"}]


def test_a_split_retires_the_fact_and_writes_its_parts(wh: Warehouse) -> None:
    _seed(wh)
    with wh.writer() as w:
        ids = review.split_fact(w, 1, PARTS, via="zhibiao edit --split", user="王五")
    assert len(ids) == 2
    assert wh.reader().rows("select retired_at is not null, replaced_by from fact where id = 1") == [(True, ids[0])]
    got = wh.reader().rows(
        "select fact_id, indicator, value, unit, period, region from series order by indicator",
    )
    assert got == [(ids[0], "hh", 800.0, "户", "2023", "990102"), (ids[1], "pp", 1576.0, "人", "2023", "990102")]
    parts = wh.reader().rows(
        "select source_id, quote, span_start, span_end, suspect from fact where list_contains(?, id) order by id",
        [ids],
    )
    # same source and sentence; the part whose value and unit stayed keeps the doubt, the changed one was checked
    assert parts == [(1, QUOTE, 6, 16, True), (1, QUOTE, 6, 16, False)]
    # the stated 较上年增加50户 follows the part that keeps the unit 户
    assert wh.reader().rows("select fact_id from stated_change order by fact_id") == [(1,), (ids[0],)]
    log = wh.reader().rows("select action, fact_id, new_fact_id, detail, via, user_name from change_log")
    assert log == [
        (
            "split",
            1,
            ids[0],
            f"拆分为事实 {ids[0]}、{ids[1]}：hh 800户（2023）；pp 1576人（2023）",
            "zhibiao edit --split",
            "王五",
        )
    ]
    with wh.writer() as w, pytest.raises(review.ReviewError, match="已被修改或删除"):
        review.split_fact(w, 1, PARTS, via="t")


def test_a_bad_part_rolls_every_part_back(wh: Warehouse) -> None:
    _seed(wh)
    bad = [PARTS[0], {"indicator": "pp", "value": "一千五", "unit": "人"}]
    with wh.writer() as w, pytest.raises(review.ReviewError, match="第 2 部分：事实 1：数值“一千五”不是数字"):
        review.split_fact(w, 1, bad, via="t")
    same_key = [{"value": 800}, {"value": 1576}]
    with wh.writer() as w, pytest.raises(review.ReviewError, match="第 2 部分与第 1 部分"):
        review.split_fact(w, 1, same_key, via="t")
    with wh.writer() as w, pytest.raises(review.ReviewError, match="至少要两部分"):
        review.split_fact(w, 1, PARTS[:1], via="t")
    with wh.writer() as w, pytest.raises(review.ReviewError, match="不能修改"):
        review.split_fact(w, 1, [*PARTS, {"quote": "x"}], via="t")
    assert wh.reader().rows("select count(*), count(retired_at) from fact") == [(1, 0)]
    assert wh.reader().rows("select count(*) from change_log") == [(0,)]
    assert wh.reader().rows("select indicator, value from series") == [("hh", 800.0)]


def test_a_split_draft_fact_stays_out_of_the_views_until_published(wh: Warehouse) -> None:
    _seed(wh, state="draft")
    with wh.writer() as w:
        review.split_fact(w, 1, PARTS, via="导入页面")
    assert wh.reader().rows("select count(*) from series") == [(0,)]
    with wh.writer() as w:
        assert review.publish_source(w, 1, via="导入页面") == 2
    assert wh.reader().rows("select indicator, value from series order by 1") == [("hh", 800.0), ("pp", 1576.0)]


def test_the_part_that_keeps_the_unit_teaches_the_catalogue(wh: Warehouse) -> None:
    _seed(wh)
    with wh.writer() as w, w.transaction() as con:
        con.execute("insert into indicator (code, name, unit, measure) values ('uh', '城市低保户数', '户', 'stock')")
    learned: list[tuple[int, str, str]] = []
    with wh.writer() as w:
        ids = review.split_fact(
            w,
            1,
            [{"indicator": "uh"}, PARTS[1]],
            via="t",
            learn=lambda con, source, wording, code: learned.append((source, wording, code)),
        )
    assert learned == [(1, "低保户数", "uh")]
    assert wh.reader().rows("select new_fact_id from change_log where action = 'indicator_corrected'") == [(ids[0],)]
