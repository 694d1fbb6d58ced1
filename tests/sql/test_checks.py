"""sql/checks on fixtures/checks.sql (each check's offenders), run_checks, and `zhibiao check` exit codes."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from typer.testing import CliRunner

from warehouse.check import run_checks
from warehouse.store import Warehouse
from zhibiao.cli import app

COVERS = (
    "bad_period",
    "children_sum",
    "negative_count",
    "part_above_whole",
    "rate_above_100",
    "stated_change_mismatch",
    "suspect_fact",
    "unknown_catalog",
    "unit_mismatch",
    "yoy_outlier",
)

OFFENDERS = {
    "bad_period": [60, 61],
    "children_sum": [6],
    "negative_count": [30],
    "part_above_whole": [51],
    "rate_above_100": [40],
    "stated_change_mismatch": [8],  # 400 against 400 is no increase of 20; 6 (+50) is right
    "suspect_fact": [12, 40],
    "unknown_catalog": [70, 71, 72, 73],
    "unit_mismatch": [],  # 20.02万人 beside 100117人 is one family
    "yoy_outlier": [9, 21, 22],  # 9: 910 after the suspect 20202
}


@pytest.fixture(scope="module")
def results(fixture) -> dict:
    con = fixture("checks")
    return {r.name: r for r in run_checks(con.cursor())}


def test_every_check_ran(results) -> None:
    assert sorted(results) == sorted(OFFENDERS)
    assert all(r.title and r.title_en and r.title != r.name for r in results.values())


@pytest.mark.parametrize("name", sorted(OFFENDERS))
def test_check_offenders(results, name: str) -> None:
    assert sorted(results[name].rows["fact_id"].to_list()) == OFFENDERS[name]


def test_check_details(results) -> None:
    row = results["children_sum"].rows.row(0, named=True)
    assert (row["value"], row["children_sum"], row["difference"], row["n_reported"]) == (950.0, 900.0, 50.0, 2)
    bad = {r["fact_id"]: r for r in results["bad_period"].rows.iter_rows(named=True)}
    assert bad[61]["canonical"] == "2023Q1" and bad[60]["canonical"] is None
    out = results["yoy_outlier"].rows.filter(pl.col("indicator") == "beds").sort("fact_id")
    assert out["ratio"].to_list() == [3.25, 0.35] and out["bound"].to_list() == [1.5, 1.5]


def _warehouse(path: Path, *, clean: bool) -> Warehouse:
    wh = Warehouse(path)
    with wh.writer() as w, w.transaction() as con:
        con.execute("insert into indicator (code, name, unit, measure) values ('beds', '养老床位', '张', 'stock')")
        con.execute("insert into region (code, name, level) values ('990102', '澄湖区', '县')")
        con.execute("insert into source (id, sha256, kind, path) values (1, 'x', 'table', 't.csv')")
        values = [("2022", 100.0), ("2023", 110.0 if clean else 400.0)]
        for i, (period, value) in enumerate(values, start=1):
            con.execute(
                "insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, source_id) "
                "values (?, 'beds', '990102', ?, ?, '张', ?, '张', 1)",
                [i, period, value, value],
            )
    return wh


@pytest.mark.parametrize(("clean", "code"), [(False, 1), (True, 0)])
def test_cli_check_exit_code(tmp_path: Path, clean: bool, code: int) -> None:
    wh = _warehouse(tmp_path / "wh.duckdb", clean=clean)
    result = CliRunner().invoke(app, ["--db", str(wh.path), "check"])
    assert result.exit_code == code, result.output
    assert "yoy_outlier" in result.output
    assert ("✗ yoy_outlier" in result.output) is not clean
