"""Clauses that used to make junk facts: list enumerators and target verbs inside names, changes stated without a
level, a bare change clause after a list of levels, and a change qualified by how it was computed."""

from __future__ import annotations

import pytest

from tests.text.conftest import facts_of, only


def change_of(f) -> tuple | None:
    c = f.change
    return None if c is None else (c.base, c.direction, c.amount, c.unit)


# 1. Enumerators (一是, 第二是, 其次是…) and target verbs (计划, 力争, 确保…) are not part of an indicator's name.


@pytest.mark.parametrize(
    ("text", "name", "value", "unit"),
    [
        ("一是计划新增停车泊位850个。", "新增停车泊位", 850, "个"),
        ("三是力争培训农村劳动力2400人次以上。", "培训农村劳动力", 2400, "人次"),
        ("第二是确保新增城镇就业岗位560个。", "新增城镇就业岗位", 560, "个"),
        ("其次是全年争取引进企业15家。", "引进企业", 15, "家"),
    ],
)
def test_enumerator_and_target_verb_are_not_in_the_name(text: str, name: str, value: float, unit: str) -> None:
    f = only(text)
    assert (f.indicator, f.value, f.unit) == (name, value, unit)


def test_enumerated_target_keeps_its_kind_and_bound() -> None:
    fs = facts_of("明年重点做好三件事:一是全年力争新增公益性岗位320个以上;二是计划改造老旧小区14个。")
    assert [(f.indicator, f.value, f.kind, f.approx) for f in fs] == [
        ("新增公益性岗位", 320, "target", "以上"),
        ("改造老旧小区", 14, "target", None),
    ]


def test_names_that_only_look_like_enumerators_or_target_verbs_are_kept() -> None:
    fs = facts_of("一是新增城镇就业人员940人。二是第一产业增加值8.6亿元。三是计划生育家庭特别扶助对象310人。")
    assert [f.indicator for f in fs] == ["新增城镇就业人员", "第一产业增加值", "计划生育家庭特别扶助对象"]


# 2. A change with no level states no fact (a stated change needs a fact to belong to).


@pytest.mark.parametrize("text", ["全县卫生室数较上年减少4个。", "全镇敬老院床位比上年增加35张。"])
def test_change_without_a_level_is_not_a_fact(text: str) -> None:
    assert facts_of(text) == []


def test_level_with_its_change_still_extracts() -> None:
    f = only("全县有卫生室52个,较上年减少4个。村卫生室数比上年增加6个。")
    assert (f.indicator, f.value, change_of(f)) == ("卫生室", 52, ("上年", "-", 4, "个"))


def test_revenue_gained_is_still_an_amount_of_its_own() -> None:
    f = only("医疗保险基金比上年增收42.3万元,参保人数比上年减少130人。")
    assert (f.indicator, f.value, f.unit) == ("医疗保险基金增收", 42.3, "万元")


# 3. A bare change clause after a list of levels: its amounts are the levels' changes, in order.


def test_bare_change_list_after_levels_attaches_in_order() -> None:
    fs = facts_of("高中、职高毕业率分别为97.4%、93.8%,分别提高0.6、2.3个百分点。")
    assert [(f.indicator, f.value, change_of(f)) for f in fs] == [
        ("高中毕业率", 97.4, ("上期", "+", 0.6, "个百分点")),
        ("职高毕业率", 93.8, ("上期", "+", 2.3, "个百分点")),
    ]


def test_bare_change_list_joined_by_he_attaches_in_order() -> None:
    fs = facts_of("城区和农村学校达标率分别为99.1%和87.5%,分别下降0.3和0.7个百分点。")
    assert [(f.value, change_of(f)) for f in fs] == [
        (99.1, ("上期", "-", 0.3, "个百分点")),
        (87.5, ("上期", "-", 0.7, "个百分点")),
    ]


def test_change_amounts_with_nothing_to_take_them_are_not_named_by_the_verb() -> None:
    fs = facts_of("全县有村卫生室58个,分别提高0.5、0.9个百分点。")
    assert [(f.indicator, f.value) for f in fs] == [("村卫生室", 58)]


# 4. How a change was computed (按可比价格计算, 扣除价格因素后) is not a subject: the change is the level's before it.


@pytest.mark.parametrize(
    ("text", "name", "change"),
    [
        (
            "全县社会消费品零售总额48.6亿元,按可比价格计算同比增长5.3%。",
            "社会消费品零售总额",
            ("去年同期", "+", 5.3, "%"),
        ),
        ("规模以上工业增加值22.4亿元,按不变价计算比上年增长6.1%。", "规模以上工业增加值", ("上年", "+", 6.1, "%")),
        (
            "城镇居民人均可支配收入41250元,扣除价格因素后比上年增长4.2%。",
            "城镇居民人均可支配收入",
            ("上年", "+", 4.2, "%"),
        ),
    ],
)
def test_computation_basis_does_not_make_a_fact_of_the_change(text: str, name: str, change: tuple) -> None:
    f = only(text)
    assert (f.indicator, change_of(f)) == (name, change)


def test_computation_basis_is_not_part_of_a_level_name() -> None:
    assert only("按常住人口计算的人均生产总值68200元。").indicator == "人均生产总值"
