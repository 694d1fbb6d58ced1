"""Stated changes attached to the fact they describe: base, direction, amount and unit, one per fact."""

from __future__ import annotations

import pytest

from tests.text.conftest import facts_of, only


def change_of(text: str) -> tuple:
    c = only(text).change
    assert c is not None
    return (c.base, c.direction, c.amount, c.unit)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("全县有卫生院18所,较上年减少2所。", ("上年", "-", 2, "所")),
        ("全县有卫生院18所,比上年增加1所。", ("上年", "+", 1, "所")),
        ("全年新增就业3200人,同比增长6.5%。", ("去年同期", "+", 6.5, "%")),
        ("全年新增就业3200人,比去年同期下降4.1%。", ("去年同期", "-", 4.1, "%")),
        ("低保金发放456万元,较2022年增长3.5%。", ("2022年", "+", 3.5, "%")),
        ("城镇登记失业率2.9%,比上年降低0.2个百分点。", ("上年", "-", 0.2, "个百分点")),
        ("高中毛入学率95.1%,较上年提高1.3个百分点。", ("上年", "+", 1.3, "个百分点")),
        ("养老机构床位2400张,比上年末增加160张。", ("上年末", "+", 160, "张")),
    ],
)
def test_change_forms(text: str, expected: tuple) -> None:
    assert change_of(text) == expected


def test_no_change_is_equal_without_amount() -> None:
    c = only("全县有敬老院12所,与上年持平。").change
    assert (c.base, c.direction, c.amount) == ("上年", "=", None)


def test_two_changes_in_one_clause_go_to_the_two_facts() -> None:
    fs = facts_of("全县有低保对象620户、1130人,较上年减少41户、96人。")
    assert [(f.indicator, f.change.amount, f.change.unit) for f in fs] == [
        ("低保对象户数", 41, "户"),
        ("低保对象人数", 96, "人"),
    ]
    assert all(f.change.direction == "-" and f.change.base == "上年" for f in fs)


def test_fenbie_changes_one_to_one_in_order() -> None:
    fs = facts_of("有持证残疾人3150人,一级残疾人402人,分别较上年增加88人和12人。")
    assert [(f.value, f.change.amount) for f in fs] == [(3150, 88), (402, 12)]


def test_percent_restating_the_same_change_is_not_a_fact() -> None:
    fs = facts_of("全县有在校学生31200人,较上年增加410人,增长1.3%。")
    assert len(fs) == 1 and fs[0].change.amount == 410


def test_change_with_its_own_subject_is_not_lent_to_the_previous_fact() -> None:
    fs = facts_of("医保参保率达到97.2%,城镇化率比上年提高1.1个百分点。")
    # The change states no level of 城镇化率, and a stated change needs a fact: it is not a fact of its own either.
    assert [(f.indicator, f.change) for f in fs] == [("医保参保率", None)]


def test_change_without_a_level_is_a_fact_of_its_own() -> None:
    f = only("失业保险基金比上年同期增收86.5万元。")
    assert (f.indicator, f.value, f.unit) == ("失业保险基金增收", 86.5, "万元")
    assert (f.change.base, f.change.direction, f.change.amount) == ("上年同期", "+", 86.5)


def test_from_to_gives_both_values_and_the_change() -> None:
    fs = facts_of("农村低保标准从每人每月420元提高到每人每月480元。")
    assert [(f.value, f.unit) for f in fs] == [(420, "元"), (480, "元")]
    c = fs[1].change
    assert (c.direction, c.amount, c.unit) == ("+", 60, "元")


def test_level_without_change_has_none() -> None:
    assert only("全县有社区卫生服务站31个。").change is None


def test_change_unit_mismatch_is_not_attached_to_the_wrong_fact() -> None:
    fs = facts_of("发放救助金38万元,救助困难群众540人次,较上年增加60人次。")
    assert fs[0].change is None
    assert fs[1].change.amount == 60


def test_bare_growth_after_facts_is_their_change_in_order() -> None:
    fs = facts_of("全年接待游客3250万人次,实现旅游收入286亿元,分别增长12.3%和15.6%。")
    assert [(f.indicator, f.change.direction, f.change.amount, f.change.unit) for f in fs] == [
        ("接待游客", "+", 12.3, "%"),
        ("旅游收入", "+", 15.6, "%"),
    ]


def test_bare_verb_with_an_incompatible_amount_stays_a_fact() -> None:
    fs = facts_of("全年新增就业1200人,增加300个就业岗位。")
    assert [(f.value, f.unit, f.change) for f in fs] == [(1200, "人", None), (300, "个", None)]


def test_bare_verb_opening_a_sentence_gives_facts() -> None:
    # The growths are the facts, and each repeats itself as its change (a growth stated alone).
    fs = facts_of("城乡低保标准分别提高30%和20%。")
    assert [(f.value, f.change.amount) for f in fs] == [(30, 30), (20, 20)]


def test_generic_subject_of_a_change_refers_to_the_fact_before() -> None:
    c = only("全区有幼儿园31所,数量较上年增加3所。").change
    assert (c.direction, c.amount, c.unit) == ("+", 3, "所")
