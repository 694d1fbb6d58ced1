"""sql/checks/unit_mismatch on fixtures/units.sql: mixed keys, facts outside their indicator's family, clean cases."""

from __future__ import annotations

import pytest

from warehouse.check import run_checks
from warehouse.units import UNITS

COVERS = ("unit_mismatch",)


@pytest.fixture(scope="module")
def rows(fixture) -> dict[int, dict]:
    con = fixture("units")
    [result] = run_checks(con.cursor(), names=["unit_mismatch"])
    assert (result.title, result.title_en) == ("单位族不一致", "units of different families")
    return {r["fact_id"]: r for r in result.rows.iter_rows(named=True)}


def test_offenders(rows) -> None:
    assert sorted(rows) == [100, 101, 102, 103, 109, 110]


def test_a_mixed_key_names_its_families(rows) -> None:
    assert rows[100]["families"] == ["个", "人"] and rows[101]["families"] == ["个", "人"]
    assert rows[103]["families"] == ["人次", "元"]
    assert "单位族不同" in rows[100]["problem"] and "不属于" not in rows[100]["problem"]
    assert "单位族不同" in rows[101]["problem"] and "不属于" in rows[101]["problem"]


def test_a_lone_fact_outside_its_indicator_family(rows) -> None:
    assert rows[109]["quantity"] == "人" and rows[109]["indicator_unit"] == "户"
    assert rows[109]["problem"].startswith("单位不属于") and rows[110]["quantity"] == "篮"


def test_the_check_folds_units_into_the_same_families_as_python(sqlcon) -> None:
    """Every known unit, filed under an indicator shown in its family's representative unit, offends nothing; filed
    under any other family's unit, it does. Fails when the check and warehouse/units.py disagree on a family."""
    con = sqlcon.cursor()
    families = sorted({u.quantity for u in UNITS.values()})
    assert all(q in UNITS for q in families)  # each family is named by a unit the registry knows
    con.execute("begin")
    try:
        for n, q in enumerate(families):
            con.execute("insert into indicator (code, name, unit, measure) values (?, ?, ?, 'stock')", [f"q{n}", q, q])
        for fact_id, u in enumerate(UNITS.values(), start=1):
            code = f"q{families.index(u.quantity)}"
            con.execute(
                "insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, source_id) "
                "values (?, ?, 'r', ?, 1, ?, ?, ?, 1)",
                [fact_id, code, f"p{fact_id}", u.name, u.factor, u.base],
            )
        [result] = run_checks(con, names=["unit_mismatch"])
        assert result.rows.height == 0, result.rows
        con.execute("update fact set indicator = 'q' || ((indicator[2:]::int + 1) % ?)", [len(families)])
        [moved] = run_checks(con, names=["unit_mismatch"])
        assert moved.rows.height == len(UNITS)
    finally:
        con.execute("rollback")
