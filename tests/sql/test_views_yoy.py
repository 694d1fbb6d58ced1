"""series, yoy and latest on fixtures/yoy.sql: vintages, a missing year, unit conversion, each measure's change."""

from __future__ import annotations

import pytest
from sqlfix import rows

COVERS = ("series", "yoy", "latest")


def test_series_keeps_one_row_per_key_preferring_clean_latest_vintage(fixture) -> None:
    con = fixture("yoy")
    got = rows(
        con,
        "select fact_id, value, vintages, indicator_name, region_name from series "
        "where indicator = 'households' and period = '2023' order by region",
    )
    # 990102: the suspect vintage 2 (20232) does not replace the clean 800; 990103: the clean restatement wins
    assert got == [(4, 800.0, 2, "城市低保户数", "澄湖区"), (10, 650.0, 2, "城市低保户数", "枫林区")]
    assert rows(con, "select count(*) from series")[0][0] == 26
    assert rows(con, "select count(*) from (select distinct indicator, region, period, kind from series)")[0][0] == 26


def test_series_carries_the_columns_readers_use(fixture) -> None:
    con = fixture("yoy")
    cols = {r[0] for r in rows(con, "describe series")}
    for c in (
        "fact_id",
        "indicator",
        "indicator_name",
        "domain",
        "region",
        "region_name",
        "period",
        "value",
        "unit",
        "measure",
        "kind",
        "approx",
        "suspect",
        "suspect_reason",
        "source_id",
        "decimals",
        "quote",
    ):
        assert c in cols


YOY = [
    # fact_id, period, prior_period, prior_value, delta, pct (2 places), phrase
    (1, "2019", "2018", None, None, None, None),
    (2, "2020", "2019", 900.0, -20.0, -2.22, "较上年减少20户"),
    (3, "2022", "2021", None, None, None, None),  # 2021 missing: no row offset to 2020
    (4, "2023", "2022", 852.0, -52.0, -6.1, "较上年减少52户"),
    (7, "2025", "2024", None, None, None, None),  # 2024 is only a target
    (8, "2022", "2021", None, None, None, None),
    (10, "2023", "2022", 640.0, 10.0, 1.56, "较上年增加10户"),
    (25, "2023M05", "2022M05", None, None, None, None),
    (26, "2024M05", "2023M05", 630.0, 0.0, 0.0, "与上年同期持平"),
    (11, "2022", "2021", None, None, None, None),
    (12, "2023", "2022", 200000.0, 500.0, 0.25, "较上年增加500人"),  # 20.00万人 → 200000人
    (13, "2022", "2021", None, None, None, None),
    (15, "2022H1", "2021H1", None, None, None, None),
    (14, "2023", "2022", 1140.0, 94.5, 8.29, "较上年增长8.3%"),
    (16, "2023H1", "2022H1", 500.0, 600.0, 120.0, "较上年同期增长1.2倍"),
    (17, "2023Q1", "2022Q1", None, None, None, None),
    (18, "2022", "2021", None, None, None, None),
    (19, "2023", "2022", 98.8, 0.8, None, "较上年提高0.8个百分点"),  # rates: points, no pct
    (20, "2022", "2021", None, None, None, None),
    (21, "2023", "2022", 764.0, 49.0, 6.41, "较上年增长6.4%"),
    (28, "2022", "2021", None, None, None, None),
    (29, "2023", "2022", 710.0, 11.0, 1.55, "较上年增长1.5%"),  # prior: the current 2022 fact, not vintage 1
    (22, "2022", "2021", None, None, None, None),
    (23, "2023", "2022", None, None, None, None),  # 个 vs 张: different bases
    (24, "20__", None, None, None, None, None),
]


def test_yoy_rows(fixture) -> None:
    con = fixture("yoy")
    got = rows(
        con,
        "select fact_id, period, prior_period, prior_value, round(delta, 6), round(pct, 2), phrase from yoy",
    )
    assert sorted(got, key=lambda r: r[0]) == sorted(YOY, key=lambda r: r[0])


def test_yoy_only_actuals(fixture) -> None:
    con = fixture("yoy")
    assert rows(con, "select count(*) from yoy where kind <> 'actual'")[0][0] == 0
    assert rows(con, "select count(*) from yoy where fact_id = 6")[0][0] == 0


@pytest.mark.parametrize(
    ("indicator", "region", "period", "fact_id", "n_periods"),
    [
        ("households", "990102", "2025", 7, 5),
        ("households", "990103", "2024M05", 26, 4),  # a 2024 month ends after the 2023 year
        ("population", "990102", "2023", 12, 2),
        ("funds", "990102", "2023", 14, 5),  # the year sorts after its H1 and Q1
        ("beds", "990103", "2023", 23, 2),  # 20__ does not parse: left out
    ],
)
def test_latest(fixture, indicator: str, region: str, period: str, fact_id: int, n_periods: int) -> None:
    con = fixture("yoy")
    got = rows(
        con,
        "select period, fact_id, n_periods from latest where indicator = ? and region = ?",
        [indicator, region],
    )
    assert got == [(period, fact_id, n_periods)]
    assert rows(con, "select count(*) from latest")[0][0] == 8
