"""Targets with their completion rate, and numbers a web copy damaged by pasting a year into them."""

from __future__ import annotations

from tests.text.conftest import facts_of


def test_a_completion_rate_names_the_target_and_the_fact_it_completes() -> None:
    fs = facts_of("全市新增城镇就业5400人,完成全年目标4500人的120%。")
    assert [(f.indicator, f.value, f.unit, f.kind) for f in fs] == [
        ("新增城镇就业", 5400, "人", "actual"),
        ("新增城镇就业全年目标", 4500, "人", "target"),
        ("新增城镇就业目标完成率", 120, "%", "actual"),
    ]


def test_a_target_in_another_unit_takes_the_nearest_fact() -> None:
    fs = facts_of("全县新建农家书屋36个,为年度任务30家的120%。")
    assert [(f.indicator, f.kind) for f in fs][1:] == [
        ("新建农家书屋年度任务", "target"),
        ("新建农家书屋目标完成率", "actual"),
    ]


def test_a_share_names_the_count_just_before_it() -> None:
    fs = facts_of("全县有残疾人4200人,其中视力残疾860人,占总数的20.5,听力残疾610人,占总数的14.5。")
    shares = [(f.indicator, f.value, f.unit) for f in fs if f.unit == "%"]
    assert shares == [("视力残疾占总数", 20.5, "%"), ("听力残疾占总数", 14.5, "%")]
    assert not any(f.suspect for f in fs)


def test_a_year_pasted_into_numbers_is_flagged_wherever_it_occurs() -> None:
    # The year is not stated, so only the impossible growth shows the damage; the same digits elsewhere follow.
    text = (
        "会议通过的目标是:全县工业总产值达6500万元,增长2019%;农民人均纯收入达920元,增长8%;"
        "招商引资争取完成201900万元。上半年农民人均纯收入达42019.6元,养殖业完成380万元。"
    )
    flagged = {f.value for f in facts_of(text) if f.suspect}
    assert flagged == {6500, 201900, 42019.6}


def test_a_normal_report_has_no_year_flags() -> None:
    text = "全县工业总产值达6500万元,增长12%;招商引资完成20190万元,农民人均纯收入9201.5元。"
    assert not any(f.suspect for f in facts_of(text))


def test_a_part_over_its_whole_does_not_spread_its_digits() -> None:
    # 2020 in a part larger than its whole is a plain error, not a pasted year: other numbers stay unflagged.
    fs = facts_of("全县有养老机构1500张床位,其中护理床位12020张;另建成日间照料中心42020平方米。")
    assert [f.value for f in fs if f.suspect] == [12020]
