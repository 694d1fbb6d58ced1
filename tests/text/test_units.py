"""Units and measure words as stated; a rate written without its % sign takes % from the 率 in its name."""

from __future__ import annotations

import pytest

from ingest.text.lexicon import MEASURE_WORDS
from tests.text.conftest import only, triples
from warehouse import units

MEASURES = [
    ("全街道有独居老人212人。", "人"),
    ("全街道有困难家庭37户。", "户"),
    ("全街道有社工42名。", "名"),
    ("全年开展上门服务860人次。", "人次"),
    ("全年临时救助95户次。", "户次"),
    ("全县有普通高中6所。", "所"),
    ("全县建成便民服务站21个。", "个"),
    ("全县有养老机构14家。", "家"),
    ("全县养老机构有床位1800张。", "张"),
    ("全年筹集公租房320套。", "套"),
    ("为卫生院配备救护车3台。", "台"),
    ("全年开展送戏下乡45场次。", "场次"),
    ("全年举办技能培训班12期。", "期"),
    ("全年硬化村道18条。", "条"),
    ("全年实施民生实事15项。", "项"),
    ("全年发放高龄津贴350元。", "元"),
    ("全年发放高龄津贴86.4万元。", "万元"),
    ("全年发放高龄津贴1.2亿元。", "亿元"),
    ("全年完成植树造林640亩。", "亩"),
    ("湿地保护面积达到1200公顷。", "公顷"),
    ("新建社区用房2400平方米。", "平方米"),
    ("改造乡村公路32公里。", "公里"),
]


@pytest.mark.parametrize(("text", "unit"), MEASURES)
def test_measure_words_are_units(text: str, unit: str) -> None:
    assert only(text).unit == unit


@pytest.mark.parametrize(
    ("text", "name", "value"),
    [
        ("全县城乡居民医保参保率到达96.4。", "城乡居民医保参保率", 96.4),
        ("政务信息公开率为100。", "政务信息公开率", 100),
        ("全镇家庭医生签约覆盖率达到81.5。", "家庭医生签约覆盖率", 81.5),
    ],
)
def test_rate_without_percent_sign_takes_percent(text: str, name: str, value: float) -> None:
    f = only(text)
    assert (f.indicator, f.value, f.unit) == (name, value, "%")


def test_count_without_unit_borrows_from_its_name() -> None:
    assert triples("全区参保人数12680。") == [("参保人数", 12680, "人")]


def test_number_without_any_unit_is_not_a_fact() -> None:
    assert triples("全区共有项目编码3412,均已核对。") == []


def test_list_shares_a_trailing_unit() -> None:
    assert triples("补助资金共86万元,其中:省级40、市级30、区级16万元。")[1:] == [
        ("省级补助资金", 40, "万元"),
        ("市级补助资金", 30, "万元"),
        ("区级补助资金", 16, "万元"),
    ]


def test_bare_wan_takes_yuan_from_a_money_word() -> None:
    f = only("项目总投资1500万,年底完工。")
    assert (f.value, f.unit) == (1500, "万元")


def test_every_measure_word_is_a_unit_the_registry_knows() -> None:
    # The extractor's measure words come from the unit registry's count words; whatever it reads as a unit must
    # convert and compare there (人/次 is 人次), never fall back to an unknown unit of its own.
    assert [w for w in MEASURE_WORDS if w not in units.UNITS] == []
    assert units.lookup("人/次").base == "人次"
    assert {"天", "小时", "类"} <= set(units.COUNT_WORDS) and not {"天", "小时", "类"} & set(MEASURE_WORDS)
