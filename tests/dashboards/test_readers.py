"""data.query runs a statement once and hands back what Reader.query would, without DuckDB's Arrow warning."""

from __future__ import annotations

import warnings
from pathlib import Path

import pytest

from dashboards import data

QUERIES = [
    ("select * from yoy where indicator = $ind order by region, period", {"ind": "dibao_funds"}),
    ("select * from fact where indicator = $ind", {"ind": "no_such_indicator"}),  # no rows: the columns still typed
    ("select [1, 2] as l, null as n, 1.5::decimal(10, 2) as d, {'a': 1} as s, date '2020-01-01' as dt", None),
]


@pytest.mark.parametrize(("sql", "params"), QUERIES)
def test_query_matches_the_reader(db: Path, sql: str, params: dict[str, str] | None) -> None:
    expected = data.reader().query(sql, params)
    with warnings.catch_warnings(record=True) as caught:
        got = data.query(sql, params)
        got_again = data.query(sql, params)
    assert got.schema == expected.schema
    assert got.equals(expected) and got_again.equals(expected)
    assert not [w for w in caught if "Arrow output" in str(w.message)]


def test_period_filters_use_the_period_table(db: Path) -> None:
    gen = data.generation()
    assert data.indicator_kinds(gen, "dibao_funds") == ("Y", "Q")
    quarters = data.trend(gen, "dibao_funds", ("990102",), "Q")
    assert sorted(quarters["period"].to_list()) == ["2022Q1", "2022Q2", "2023Q1", "2023Q2"]
    assert data.periods_available(gen, ("dibao_funds",), ("990102",))[-3:] == ("2023Q1", "2023Q2", "2023")
