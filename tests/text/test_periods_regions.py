"""Periods from the text and the title as period codes (docs/data-model.md); anonymised years give null; regions from
the title, the caller, and named sub-regions."""

from __future__ import annotations

import pytest

from tests.text.conftest import facts_of, only

TITLE = "临川区民政局2023年上半年工作总结\n"


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("全区有低保户900户。", "2023H1"),
        ("1-5月,全区发放低保金220万元。", "2023YTD05"),
        ("1—4月,全区发放低保金180万元。", "2023YTD04"),
        ("截至6月底,全区有特困人员310人。", "2023M06"),
        ("全年发放高龄津贴410万元。", "2023"),
        ("年末全区户籍人口41.2万人。", "2023"),
        ("第一季度新增就业600人。", "2023Q1"),
        ("2022年全区新增就业2100人。", "2022"),
        ("2022年1-10月全区新增就业1900人。", "2022YTD10"),
        ("去年全区新增就业2100人。", "2022"),
        ("5月份全区发放低保金40万元。", "2023M05"),
        ("3月份至5月份全区开展排查。新增就业600人。", "2023H1"),
    ],
)
def test_period_from_text_over_title(sentence: str, period: str) -> None:
    assert only(TITLE + sentence).period == period


def test_a_month_inside_a_cumulative_clause_is_its_own_period() -> None:
    facts = facts_of(TITLE + "1-5月,全区新增就业2066人,其中5月份新增就业271人。")
    assert [(f.value, f.period) for f in facts] == [(2066, "2023YTD05"), (271, "2023M05")]


def test_title_gives_the_default_period() -> None:
    assert only("开源县2024年民政工作总结\n全县有敬老院9所。").period == "2024"


def test_anonymised_year_gives_null() -> None:
    assert only("区社会事务局20xx年工作总结\n20xx年,全区有敬老院9所。").period is None
    assert only("区社会事务局20__年度工作总结\n全区有敬老院9所。").period is None
    assert only("区社会事务局20xx年上半年工作总结\n1-5月,全区发放低保金220万元。").period is None


def test_caller_period_wins_over_an_anonymised_title() -> None:
    assert only("区社会事务局20xx年工作总结\n全区有敬老院9所。", period="2021").period == "2021"


def test_opening_period_carries_through_its_paragraph_and_its_year_beyond() -> None:
    text = "2022年1-9月,全市参保人数86.5万人。其中缴费人数61.2万人。\n全市有社区310个。"
    assert [f.period for f in facts_of(text)] == ["2022YTD09", "2022YTD09", "2022"]


def test_no_year_anywhere_gives_null() -> None:
    assert only("全区有敬老院9所。").period is None


def test_region_from_the_title_and_from_the_caller() -> None:
    assert only("临川区2023年民政工作总结\n全区有敬老院9所。").region == "临川区"
    assert only("全区有敬老院9所。", region="410102").region == "410102"
    assert only("幸福社区2023年工作总结\n我社区有志愿者86人。").region == "幸福社区"


def test_named_subregion_is_the_facts_region() -> None:
    fs = facts_of("临川区2023年民政工作总结\n城东街道有社区12个。全区有社区40个。")
    assert [(f.indicator, f.region) for f in fs] == [("社区", "城东街道"), ("社区", "临川区")]


def test_each_report_on_a_page_keeps_its_own_year() -> None:
    text = (
        "社区工作总结两篇\n篇(1)\n2021年上半年,本社区做了以下工作。\n走访困难户32户。\n"
        "篇(2)\n20__年度,我镇做了以下工作。\n走访困难户45户。\n"
    )
    assert [f.period for f in facts_of(text)] == ["2021H1", None]


def test_the_documents_own_area_after_a_time_word_is_not_a_named_region() -> None:
    fact = only("松川区2024年民政工作总结\n年末全区有城市低保对象589户。", region="990104")
    assert fact.region == "990104" and fact.period == "2024"


def test_a_verb_before_a_place_is_not_part_of_its_name() -> None:
    first, second = facts_of("某区工作总结\n有线电视平移3200户,覆盖开发区有效用户的62%。")
    assert (first.region, first.region_source) == ("某区", "title")
    assert (second.region, second.region_source) == ("开发区", "sentence")


def test_a_list_of_places_is_not_one_region() -> None:
    fact = only("临川区2023年民政工作总结\n在东湖、西山和南岭街道新建社区食堂3个。")
    assert (fact.region, fact.region_source) == ("临川区", "title")


def test_a_kind_of_place_is_not_a_region() -> None:
    fact = only("临川区2023年人口抽样调查结果\n居住在城镇的人口为31.2万人。")
    assert fact.region == "临川区"


def test_a_preposition_before_the_province_is_not_a_region() -> None:
    assert only("对省政府2019年目标任务的分解方案\n城镇新增就业90万人。").region is None


def test_the_dateline_names_the_office_and_its_county() -> None:
    text = "县民政局2023年工作总结\n发布时间:2024-01-10 来源: 松溪县民政局 浏览量:12\n全县有敬老院9所。"
    fact = only(text)
    assert (fact.region, fact.region_source, fact.period) == ("松溪县", "title", "2023")
