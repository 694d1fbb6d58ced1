"""Numbers that are not facts: dates, years, document numbers, ordinals, section numbers, plan ages, phone numbers,
names with numerals and page counters of web copies."""

from __future__ import annotations

import pytest

from tests.text.conftest import facts_of, triples


@pytest.mark.parametrize(
    "text",
    [
        "6月12日召开全县民政工作会议。",
        "每月15日为低保金发放日。",
        "2023年是全面落实规划的关键一年。",
        "根据赣民发[2023]41号文件精神开展核查。",
        "依据川教外事函〔2022〕57号通知组织培训。",
        "第四届社区运动会圆满落幕。",
        "举办第3期业务骨干培训班。",
        "“十四五”期间持续推进养老服务体系建设。",
        "咨询电话:0791-8765432。",
        "服务热线12345全天受理群众诉求。",
        "深入实施“八大提升计划”和“365关爱行动”。",
        "60周岁以上老人享受免费体检。",
        "活动持续3个月。",
        "上午9点在文化站集合。",
    ],
)
def test_not_facts(text: str) -> None:
    assert triples(text) == []


def test_section_numbers_are_not_facts() -> None:
    text = "一、基本情况\n(二)社会保障\n3.养老服务\n(4)儿童福利\n全县有儿童之家26个。"
    assert triples(text) == [("儿童之家", 26, "个")]


def test_page_counters_of_web_copies_are_not_facts() -> None:
    text = "全县有敬老院9所。\n2/5\n第PAGE*Arabic页共NUMPAGES*Arabic页\n第 3 页 共 5 页\n全县有福利院1所。"
    assert [f.value for f in facts_of(text)] == [9, 1]


def test_web_chrome_lines_are_dropped_but_report_lines_with_quantities_are_kept() -> None:
    text = "本文档下载需要2金币,点击预览\n全县注册志愿者2.3万人,受理投诉46件。\n"
    assert triples(text) == [("注册志愿者", 2.3, "万人"), ("受理投诉", 46, "件")]


def test_condition_on_a_subject_is_not_a_fact() -> None:
    assert triples("走访慰问参保人数30人以上的企业。") == []


def test_a_fact_next_to_a_date_is_kept() -> None:
    assert triples("截至9月30日,全县有特困人员412人。") == [("特困人员", 412, "人")]
