"""Numbers as reports write them: separators, full-width digits, Chinese numerals, magnitudes, approximations,
percentages, percentage points and ranges."""

from __future__ import annotations

import pytest

from tests.text.conftest import only


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("全县有在校学生18,452人。", 18452, "人"),
        ("全县有在校学生18，452人。", 18452, "人"),
        ("全县有在校学生１８４５２人。", 18452, "人"),
        ("全年发放救助金1,234,567.5元。", 1234567.5, "元"),
        ("城区公园绿地面积0.75平方公里。", 0.75, "平方公里"),
        ("辖区登记志愿者三千二百人。", 3200, "人"),
        ("辖区登记志愿者一万二千人。", 12000, "人"),
        ("全镇共有卫生室十五个。", 15, "个"),
        ("乡里新建文化广场四个。", 4, "个"),
    ],
)
def test_plain_numbers(text: str, value: float, unit: str) -> None:
    f = only(text)
    assert (f.value, f.unit, f.approx) == (value, unit, None)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("全县常住人口38.6万人。", 38.6, "万人"),
        ("全年投入民生资金2.4亿元。", 2.4, "亿元"),
        ("全区城镇职工养老保险参保9.5万人。", 9.5, "万人"),
        ("社区图书室藏书两万册。", 2, "万册"),
    ],
)
def test_magnitude_joins_the_unit_and_value_stays_as_stated(text: str, value: float, unit: str) -> None:
    f = only(text)
    assert (f.value, f.unit) == (value, unit)


@pytest.mark.parametrize(
    ("text", "value", "unit", "approx"),
    [
        ("街道图书室藏书万余册。", 1, "万册", "余"),
        ("全年组织义诊两千余人次。", 2000, "人次", "余"),
        ("全年开展培训300多场。", 300, "场", "多"),
        ("全区登记流动人口近5万人。", 5, "万人", "近"),
        ("全区约有独居老人860人。", 860, "人", "约"),
        ("全年走访困难群众超过1500户。", 1500, "户", "超过"),
        ("新增城镇就业岗位2000个以上。", 2000, "个", "以上"),
        ("改造老旧小区管网12公里左右。", 12, "公里", "左右"),
        ("全年接待来访群众近900多人次。", 900, "人次", "近…多"),
        ("每个社区配备网格员3-5名。", 5, "名", "3-5"),
        ("每校配备心理教师1~2名。", 2, "名", "1~2"),
    ],
)
def test_approximations_are_kept(text: str, value: float, unit: str, approx: str) -> None:
    f = only(text)
    assert (f.value, f.unit, f.approx) == (value, unit, approx)


@pytest.mark.parametrize(
    ("text", "value", "unit"),
    [
        ("全县高中毛入学率为93.5%。", 93.5, "%"),
        ("全县高中毛入学率为93.5％。", 93.5, "%"),
        ("全县高中毛入学率达到百分之九十。", 90, "%"),
        ("全县高中毛入学率达到百分之92.5。", 92.5, "%"),
        ("全县高中毛入学率高出省均值2.5个百分点。", 2.5, "个百分点"),
        ("全县已有七成村居建成老年食堂。", 70, "%"),
    ],
)
def test_percentages_and_points(text: str, value: float, unit: str) -> None:
    f = only(text)
    assert (f.value, f.unit) == (value, unit)
