from __future__ import annotations

import random

import pytest

from warehouse import periods
from warehouse.periods import PeriodError


@pytest.mark.parametrize(
    ("code", "year", "kind", "index"),
    [
        ("2023", 2023, "Y", 0),
        ("2023H1", 2023, "H", 1),
        ("2023H2", 2023, "H", 2),
        ("2023Q4", 2023, "Q", 4),
        ("2023M05", 2023, "M", 5),
        ("2023M12", 2023, "M", 12),
        ("2023YTD05", 2023, "YTD", 5),
    ],
)
def test_parse_valid(code: str, year: int, kind: str, index: int) -> None:
    p = periods.parse(code)
    assert (p.year, p.kind, p.index) == (year, kind, index)
    assert p.code == code


@pytest.mark.parametrize(
    "bad",
    [
        "",
        "23",
        "2023H3",
        "2023Q0",
        "2023M13",
        "2023M5",
        "2023YTD5",
        "2023YTD13",
        "2023X1",
        "abcd",
        "2023年",
        "1800",
        None,
    ],
)
def test_parse_invalid(bad: str | None) -> None:
    with pytest.raises(PeriodError) as exc:
        periods.parse(bad)  # type: ignore[arg-type]
    assert "period code" in str(exc.value)
    assert not periods.is_valid(bad)


def test_shift_keeps_kind_and_prior_is_one_year_back() -> None:
    assert periods.prior("2023H1") == "2022H1"
    assert periods.prior("2023YTD05") == "2022YTD05"
    assert periods.shift("2020Q3", 3) == "2023Q3"
    assert periods.prior("2000") == "1999"


def test_order_is_chronological_with_year_after_its_parts() -> None:
    codes = ["2023", "2023Q4", "2023M12", "2023H2", "2023YTD12", "2023M01", "2022", "2023H1", "2023Q1"]
    ordered = sorted(codes, key=periods.sort_key)
    assert ordered[:2] == ["2022", "2023M01"]
    assert ordered.index("2023Q1") < ordered.index("2023H1") < ordered.index("2023")
    assert ordered[-1] == "2023"


def test_sort_key_random_codes_are_consistent_with_year() -> None:
    rng = random.Random(7)
    codes = [f"{rng.randint(2000, 2030)}{rng.choice(['', 'H1', 'Q3', 'M07', 'YTD09'])}" for _ in range(500)]
    ordered = sorted(codes, key=periods.sort_key)
    years = [periods.parse(c).year for c in ordered]
    assert years == sorted(years)


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("2018年", "2018"),
        ("2018", "2018"),
        ("2018年度", "2018"),
        ("2018年末", "2018"),
        ("2023年上半年", "2023H1"),
        ("2023年下半年", "2023H2"),
        ("2023年1-5月", "2023YTD05"),
        ("2023年1—5月", "2023YTD05"),
        ("2023年1至5月", "2023YTD05"),
        ("2023年1-6月", "2023H1"),
        ("2023年1-3月", "2023Q1"),
        ("2023年1-12月", "2023"),
        ("2023年前三季度", "2023YTD09"),
        ("2023年第二季度", "2023Q2"),
        ("2023年二季度", "2023Q2"),
        ("2023年5月", "2023M05"),
        ("2023年5月份", "2023M05"),
        ("2023年12月", "2023M12"),
        ("2023Q2", "2023Q2"),
        ("2023-05", "2023M05"),
        ("2023 年 1-5 月", "2023YTD05"),
        ("2023年(预计)", "2023"),
    ],
)
def test_from_label(label: str, code: str) -> None:
    assert periods.from_label(label) == code


def test_from_label_with_document_year() -> None:
    assert periods.from_label("1-5月", year=2024) == "2024YTD05"
    assert periods.from_label("上半年", year=2024) == "2024H1"
    assert periods.from_label("前5个月", year=2024) == "2024YTD05"


@pytest.mark.parametrize("label", ["上半年", "地区", "2023年13月", "合计", "20xx年"])
def test_from_label_rejects(label: str) -> None:
    with pytest.raises(PeriodError):
        periods.from_label(label)


def test_label_round_trip() -> None:
    for code in ["2023", "2023H1", "2023H2", "2023Q1", "2023Q3", "2023M05", "2023YTD05", "2023YTD09"]:
        assert periods.from_label(periods.label_zh(code)) == code
