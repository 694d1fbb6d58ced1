"""Suspect values of damaged web copies are flagged with a reason and kept; clean values are not flagged."""

from __future__ import annotations

from tests.text.conftest import facts_of, only

TITLE = "松林区2023年民政工作总结\n"


def reasons(text: str) -> list[str | None]:
    return [f.suspect_reason for f in facts_of(TITLE + text)]


def test_year_run_inside_a_count_among_small_neighbours() -> None:
    fs = facts_of(TITLE + "全区有低保户310户,五保户20234人,特困人员205人,孤儿41人。")
    assert [f.suspect for f in fs] == [False, True, False, False]
    assert "年份2023" in fs[1].suspect_reason


def test_year_run_in_a_large_count_with_large_neighbours_is_not_flagged() -> None:
    fs = facts_of(TITLE + "全区户籍人口120235人,常住人口146800人,城镇人口98100人。")
    assert not any(f.suspect for f in fs)


def test_count_equal_to_the_year() -> None:
    f = only(TITLE + "全区共有志愿者2023名。")
    assert f.suspect and "2023" in f.suspect_reason


def test_increase_larger_than_the_value() -> None:
    f = only(TITLE + "全区有重点优抚对象186人,较上年增加2023人。")
    assert f.suspect and f.value == 186 and f.change.amount == 2023


def test_decrease_larger_than_the_value() -> None:
    f = only(TITLE + "全区有孤儿35人,较上年减少60人。")
    assert f.suspect and "减少" in f.suspect_reason


def test_rate_over_100() -> None:
    f = only(TITLE + "村务公开率到达了20230。")
    assert (f.value, f.unit, f.suspect) == (20230, "%", True)
    assert only(TITLE + "家庭医生签约率达到101.5%。").suspect


def test_growth_rate_over_100_is_not_a_capped_rate() -> None:
    assert not only(TITLE + "慈善捐款345万元,同比增长120%。").suspect


def test_part_larger_than_its_whole() -> None:
    fs = facts_of(TITLE + "全区有养老机构15家,其中民办养老机构20家。")
    assert [f.suspect for f in fs] == [False, True]
    assert fs[1].parent == 0


def test_masked_digits_and_damaged_decimal_point() -> None:
    assert only(TITLE + "发放慰问金225*元。").suspect
    assert only(TITLE + "区级配套资金5,17万元。").suspect


def test_clean_report_has_no_flags() -> None:
    text = "全区有低保户310户、582人,较上年减少12户、25人;特困人员205人,其中集中供养68人;参保率96.5%。"
    assert reasons(text) == [None] * 5


def test_impossible_amount_in_thousands_of_yuan() -> None:
    f = only(TITLE + "全年支出救助资金929000千元。")
    assert (f.value, f.unit, f.suspect) == (929000, "千元", True)
