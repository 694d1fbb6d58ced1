"""stated_vs_computed and implied_prior on fixtures/stated.sql: each way a change is stated."""

from __future__ import annotations

import pytest
from sqlfix import rows

COVERS = ("stated_vs_computed", "implied_prior")

STATUS = {
    101: ("consistent", 852.0, -52.0),  # 852 → 800
    102: ("inconsistent", 1140.0, 8.2895),  # stated +5.2%, computed +8.29%
    103: ("inconsistent", 98.8, 0.8),  # stated +0.3 points, computed +0.8
    104: ("consistent", 97.0, 0.5),  # % on a rate read as points
    105: ("unverifiable", None, None),  # no 2022 value
    106: ("consistent", 195500.0, 0.47),  # 19.55万人 → 200200人: +0.47万人
    107: ("consistent", 65.0, 0.0),  # 持平
    108: ("consistent", 100.0, 1.06),  # 增长1.06倍
    109: ("consistent", 500.0, 20.0),  # a direction without an amount: the sign agrees
    110: ("inconsistent", 640.0, -40.0),  # stated +40, computed −40
    111: ("unverifiable", None, None),  # relative to another benchmark
    112: ("unverifiable", 1000.0, None),  # 户 against 人: does not convert
    113: ("consistent", 764.0, 6.4136),  # 764 → 813 is +6.41%; 6.4 stated ± 0.05
}


def test_stated_vs_computed_status(fixture) -> None:
    con = fixture("stated")
    got = rows(con, "select fact_id, status, prior_value, round(computed, 4) from stated_vs_computed order by fact_id")
    assert {r[0]: (r[1], r[2], r[3]) for r in got} == STATUS


def test_tolerance_follows_stated_precision(fixture) -> None:
    con = fixture("stated")
    got = dict(
        rows(con, "select fact_id, round(tolerance, 6) from stated_vs_computed where fact_id in (101, 102, 106)")
    )
    assert got == {101: 0.5, 102: 0.05, 106: 0.005}


IMPLIED = {
    101: ("2022", 852.0, "户"),
    102: ("2022", 1173.4791, "万元"),  # 1234.5 / 1.052
    103: ("2022", 99.3, "%"),
    104: ("2022", 97.0, "%"),
    105: ("2022", 14.0, "所"),
    106: ("2022", 195500.0, "人"),
    107: ("2022", 65.0, "张"),  # base_period missing: one year earlier
    108: ("2022", 100.0, "张"),
    110: ("2022", 560.0, "户"),  # the statement is wrong, but it implies 560
    113: ("2022", 764.0977, "元"),  # 813 / 1.064
}


def test_implied_prior(fixture) -> None:
    con = fixture("stated")
    got = rows(con, "select fact_id, period, round(value, 4), unit, kind from implied_prior order by fact_id")
    assert {r[0]: r[1:4] for r in got} == IMPLIED
    assert {r[4] for r in got} == {"derived"}


@pytest.mark.parametrize("view", ["yoy", "series"])
def test_implied_values_are_not_actuals(fixture, view: str) -> None:
    con = fixture("stated")
    assert rows(con, f"select count(*) from {view} where indicator = 'schools' and period = '2022'")[0][0] == 0
