"""The period table: every valid code, agreeing with warehouse.periods and the period macros; views join it, so a
code that is not canonical gets no prior year and no place in latest (bad_period lists it)."""

from __future__ import annotations

import duckdb
from sqlfix import rows

from warehouse import db, paths, periods, schema, vintages


def test_period_table_is_the_python_calendar(sqlcon: duckdb.DuckDBPyConnection) -> None:
    got = rows(sqlcon, "select * from period order by sort_key, code")
    assert len(got) == 9331 == len(periods.calendar())
    assert sorted(got) == sorted(periods.calendar())
    for code, _year, kind, _idx, start, end, months, sort_key, prior, label in got[::97]:
        p = periods.parse(code)
        assert (kind, start, end, months) == (p.kind, p.start_month, p.end_month, p.months)
        assert prior == periods.prior(code) and label == periods.label_zh(code)
        assert sort_key == periods.sort_int(p)


def test_period_table_agrees_with_the_macros(sqlcon: duckdb.DuckDBPyConnection) -> None:
    disagree = rows(
        sqlcon,
        "select code from period where not period_is_code(code) or period_sort(code) <> sort_key "
        "or prior_period(code) <> prior or period_kind(code) <> kind or period_label(code) <> label "
        "or period_year(code) <> year or period_start_month(code) <> start_month "
        "or period_end_month(code) <> end_month or period_months(code) <> months",
    )
    assert disagree == []


def test_reapplying_the_schema_keeps_one_row_per_code() -> None:
    con = db.connect()
    schema.apply(con)
    schema.apply(con)
    assert rows(con, "select count(*), count(distinct code) from period") == [(9331, 9331)]


def test_a_non_canonical_code_has_no_prior_and_no_latest() -> None:
    con = db.connect()
    schema.apply(con)
    con.execute("insert into indicator (code, name, unit, measure, decimals) values ('pop', '人口', '人', 'stock', 0)")
    con.execute("insert into region (code, name, level) values ('990102', '澄湖区', '县')")
    con.execute(
        "insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, source_id) values "
        "(1, 'pop', '990102', '2022', 100, '人', 100, '人', 1), (2, 'pop', '990102', '2023', 110, '人', 110, '人', 1), "
        "(3, 'pop', '990102', '2024Q01', 120, '人', 120, '人', 1)"
    )
    vintages.rank(con)
    got = rows(con, "select fact_id, prior_period, prior_value, phrase from yoy order by fact_id")
    assert got == [(1, "2021", None, None), (2, "2022", 100.0, "较上年增加10人"), (3, None, None, None)]
    assert rows(con, "select fact_id, period from latest") == [(2, "2023")]
    bad_period = (paths.sql_dir() / "checks" / "bad_period.sql").read_text(encoding="utf-8")
    assert rows(con, f"select fact_id, canonical from ({bad_period})") == [(3, "2024Q1")]
