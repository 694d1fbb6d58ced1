"""Signs, per-unit amounts, per-mille points, rates per 100,000, 万亿 and counts written with a space."""

from __future__ import annotations

import pytest

from tests.text.conftest import facts_of, only, triples


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("全市人口自然增长率为-1.3‰。", -1.3, "‰"),
        ("全镇户籍人口增长率:-0.8%。", -0.8, "%"),
        ("农户财产性净收入负37元。", -37, "元"),
        ("全县出生率达到8.2‰。", 8.2, "‰"),
    ],
)
def test_negative_values_keep_their_sign(text: str, value: float, unit: str) -> None:
    f = only(text)
    assert (f.value, f.unit) == (value, unit)
    assert f.quote.endswith(f"{abs(value)}{unit}".replace(".0", "")) and "-" not in f.indicator


def test_a_dash_between_numbers_is_a_range_not_a_sign() -> None:
    fs = facts_of("全县计划新建公厕3-5座,1-6月建成2座。")
    assert [(f.value, f.approx) for f in fs] == [(5, "3-5"), (2, None)]


def test_per_mille_points_are_the_unit_of_a_change() -> None:
    f = only("全区死亡率为7.35‰,比上年下降0.42个千分点。")
    assert (f.value, f.unit) == (7.35, "‰")
    assert (f.change.direction, f.change.amount, f.change.unit) == ("-", 0.42, "千分点")


def test_rate_per_hundred_thousand() -> None:
    f = only("全市婴儿死亡率为4.12/10万。")
    assert (f.indicator, f.value, f.unit) == ("婴儿死亡率", 4.12, "/10万")


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        ("城市特困人员供养标准为860元/月。", "元/月"),
        ("农村分散供养标准为4800元/年。", "元/年"),
        ("城市低保月人均补助水平410.5元/人、月。", "元/人、月"),
        ("城市低保月人均补助水平410.5元/人/月。", "元/人/月"),
        ("孤儿养育标准为1200 元/月。", "元/月"),
    ],
)
def test_amounts_per_month_or_year_keep_the_period_in_the_unit(text: str, unit: str) -> None:
    assert only(text).unit == unit


def test_a_per_unit_amount_after_each_keeps_plain_yuan() -> None:
    # 每人…元/年: the name already says per whom and per what.
    assert only("参保居民筹资标准每人180元/年。").unit == "元"
    assert only("一次性补助4000元/人。").unit == "元"


def test_trillions_and_a_bare_hundred_million_of_output() -> None:
    assert triples("全省地区生产总值达到8.21万亿元。") == [("地区生产总值", 8.21, "万亿元")]
    assert triples("全县实现地区生产总值56.2亿。") == [("地区生产总值", 56.2, "亿元")]


def test_new_count_words() -> None:
    assert only("全年发放助学贷款312笔。").unit == "笔"
    assert only("全年检查餐饮单位86家次。").unit == "家次"


def test_a_growth_stated_alone_repeats_itself_as_the_change() -> None:
    f = only("全县规模以上工业增加值增长6.1%。")
    assert (f.value, f.unit) == (6.1, "%")
    assert (f.change.direction, f.change.amount, f.change.unit) == ("+", 6.1, "%")


def test_a_ratio_has_no_unit_and_changes_by_a_bare_number() -> None:
    f = only("全市城乡居民收入之比为2.15,比上年缩小0.04。")
    assert (f.indicator, f.value, f.unit) == ("城乡居民收入之比", 2.15, "")
    assert (f.change.direction, f.change.amount, f.change.unit) == ("-", 0.04, "")
    assert only("全县常住人口性别比为103.8。").unit == ""


def test_listed_growths_after_one_verb_are_their_own_changes() -> None:
    fs = facts_of("甲类、乙类救助对象补助标准分别提高25%和15%。")
    assert [(f.indicator, f.value, f.change.amount) for f in fs] == [
        ("甲类救助对象补助标准", 25, 25),
        ("乙类救助对象补助标准", 15, 15),
    ]


def test_a_growth_after_an_enumeration_comma_is_the_change_of_the_level() -> None:
    f = only("全市社会消费品零售总额达1.2万亿元、增长6.3%。")
    assert (f.value, f.unit, f.change.amount, f.change.unit) == (1.2, "万亿元", 6.3, "%")


def test_the_base_of_an_index_is_not_a_fact() -> None:
    fs = facts_of("全市常住人口性别比(以女性为100)为103.8,居民消费价格指数(以上年为100)为102.1。")
    assert [f.value for f in fs] == [103.8, 102.1]


def test_a_page_seam_inside_a_clause_of_a_shared_copy_is_read_through() -> None:
    # Document-sharing copies wrap pages into long lines and start each page with its number (3、).
    text = "全县" + "认真落实各项残疾人保障政策," * 12 + "东山镇有持证残疾\n4、人2210人,占总数的28。\n1、加强低保管理。"
    fs = facts_of(text)
    assert [(f.value, f.unit) for f in fs] == [(2210, "人"), (28, "%")]
    assert "持证残疾人" in fs[0].indicator and "1、" not in fs[0].quote


def test_a_population_rate_without_its_sign_is_per_mille() -> None:
    f = only("全县人口自然增长率控制在6以内。")
    assert (f.value, f.unit, f.approx) == (6, "‰", "以内")
    assert only("全县参保率为98。").unit == "%"
