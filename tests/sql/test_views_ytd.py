"""ytd_single on fixtures/ytd.sql: months, quarters and halves from year-to-date flows."""

from __future__ import annotations

from sqlfix import rows

COVERS = ("ytd_single",)

EXPECTED = [
    # region, period, value, unit, from_period, minus_period, suspect, actual_value
    ("990102", "2023H1", 600.0, "人", "2023YTD06", None, False, None),
    ("990102", "2023H2", 700.0, "人", "2023", "2023YTD06", False, None),  # the annual value stands in for YTD12
    ("990102", "2023M01", 100.0, "人", "2023YTD01", None, False, None),
    ("990102", "2023M02", 110.0, "人", "2023YTD02", "2023YTD01", False, 110.0),
    ("990102", "2023M03", 120.0, "人", "2023YTD03", "2023YTD02", False, None),
    ("990102", "2023M04", 90.0, "人", "2023YTD04", "2023YTD03", False, None),
    ("990102", "2023M05", 0.013, "万人", "2023YTD05", "2023YTD04", False, None),  # 0.055万人 − 420人
    ("990102", "2023M06", 50.0, "人", "2023YTD06", "2023YTD05", False, None),  # 600人 − 0.055万人
    ("990102", "2023Q1", 330.0, "人", "2023YTD03", None, False, 330.0),
    ("990102", "2023Q2", 270.0, "人", "2023YTD06", "2023YTD03", False, None),
    ("990102", "2023Q3", 350.0, "人", "2023YTD09", "2023YTD06", False, None),
    ("990102", "2023Q4", 350.0, "人", "2023", "2023YTD09", False, None),
    ("990103", "2023M01", 10.0, "人", "2023YTD01", None, False, None),
    ("990103", "2023M02", 15.0, "人", "2023YTD02", "2023YTD01", True, None),
]


def test_ytd_single(fixture) -> None:
    con = fixture("ytd")
    got = rows(
        con,
        "select region, period, round(value, 6), unit, from_period, minus_period, suspect, actual_value "
        "from ytd_single order by region, period",
    )
    assert got == EXPECTED
    assert rows(con, "select distinct kind from ytd_single") == [("derived",)]
