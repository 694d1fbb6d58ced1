from __future__ import annotations

import pytest

from warehouse import units


@pytest.mark.parametrize(
    ("value", "unit", "base_value", "base"),
    [
        (139.57, "万元", 1_395_700, "元"),
        (1.3, "亿元", 130_000_000, "元"),
        (2.16, "万人", 21_600, "人"),
        (5, "名", 5, "人"),
        (3, "个百分点", 3, "百分点"),
        (12.5, "％", 12.5, "%"),
        (929000, "千元", 929_000_000, "元"),
        (2, "公顷", 20_000, "平方米"),
        (7, "所", 7, "所"),
        (4, "篮", 4, "篮"),
    ],
)
def test_to_base(value: float, unit: str, base_value: float, base: str) -> None:
    assert units.to_base(value, unit) == (pytest.approx(base_value), base)


def test_to_base_keeps_decimal_precision() -> None:
    assert units.to_base(0.1, "万元")[0] == 1000.0
    assert units.to_base(139.57, "万元")[0] == 1395700.0


def test_convert_between_units_of_one_base() -> None:
    assert units.convert(1, "亿元", "万元") == 10_000
    assert units.convert(21_600, "人", "万人") == 2.16
    with pytest.raises(ValueError, match="units do not convert"):
        units.convert(1, "人", "户")


def test_count_words_are_distinct_bases() -> None:
    assert units.base_unit("所") != units.base_unit("个")
    assert units.lookup("人次").family == "count"
    assert units.lookup("%").family == "rate"
    assert units.lookup("元/人").family == "money"


@pytest.mark.parametrize(
    ("value", "unit", "decimals", "text"),
    [
        (1_395_700, "元", None, "139.57万元"),
        (216_000, "人", 1, "21.6万人"),
        (12_345, "人", None, "12,345人"),
        (9_999, "元", None, "9,999元"),
        (1.3e8, "元", None, "1.3亿元"),
        (123_456, "万元", None, "12.3456亿元"),  # 亿 keeps every digit
        (720_234, "人", None, "72.0234万人"),
        (929_000, "千元", None, "9.29亿元"),
        (123_456_789, "元", None, "12,345.6789万元"),  # 亿 would need 8 decimals: 万 keeps them in 4
        (1_234_567.5, "元", 1, "1,234,567.5元"),  # neither 万 nor 亿 keeps the .5 in 4 decimals
        (2.5, "亿元", 2, "2.50亿元"),
        (2.16, "万人", 2, "2.16万人"),
        (3.05, "%", 1, "3.1%"),
        (0.25, "个百分点", 1, "0.3个百分点"),
        (800, "户", None, "800户"),
        (-52, "户", None, "-52户"),
        (150_000, "户", None, "15万户"),
        (45.678, "万元", 2, "45.68万元"),
    ],
)
def test_humanize(value: float, unit: str, decimals: int | None, text: str) -> None:
    assert units.humanize(value, unit, decimals) == text


def test_format_number_rounds_half_up() -> None:
    assert units.format_number(2.5) == "3"
    assert units.format_number(0.125, 2) == "0.13"
    assert units.format_number(1234.5, 0) == "1,235"
