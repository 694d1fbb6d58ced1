"""Legitimate queries of every allowed form keep working, in DuckDB SQL and in each transpiled dialect; mistakes
in them come back as one bilingual line with the position (the fixture's numbers are in tests/dashboards/fixture.py)."""

from __future__ import annotations

import datetime as dt
import time
from decimal import Decimal

import fixture
import pytest

from warehouse.query import QueryError, QueryRefused, QueryService

FIRST = list(fixture.YEARS).index(2019)
H2019 = sorted((code, float(values[FIRST])) for code, values in fixture.HOUSEHOLDS.items())
"""城市低保户数 in 2019 by region (the city is the sum of its two districts)."""
CITY = [float(v) for v in fixture.HOUSEHOLDS["990100"]]
FACTS = "FACTS"  # the fact count, filled in by the test (read the ordinary way in conftest)
WHERE_2019 = "indicator = 'urban_dibao_households' and period = '2019'"

FORMS = [
    ("select", f"select region, value from fact where {WHERE_2019} order by region", H2019),
    ("with", f"with h as (select * from fact where {WHERE_2019}) select region, value from h order by 1", H2019),
    ("from-first", f"from fact select region, value where {WHERE_2019} order by region", H2019),
    ("from-only", "from region select count(*)", [(5,)]),
    ("values", "values (1, '一'), (2, '二')", [(1, "一"), (2, "二")]),
    ("union", f"select region from fact where {WHERE_2019} union select '990100' order by 1", [(r,) for r, _ in H2019]),
    ("intersect", "select code from region intersect select region from fact where period = '2019Q1' ", []),
    ("except", "select code from region except select region from fact order by 1", []),
    ("subquery", f"select max(value) from (select value from fact where {WHERE_2019})", [(CITY[0],)]),
    ("in-subquery", f"select count(*) from region where code in (select region from fact where {WHERE_2019})", [(5,)]),
    ("exists", "select count(*) from region r where exists (select 1 from fact f where f.region = r.code)", [(5,)]),
    (
        "window",
        "select period, value - lag(value) over (order by period) from fact "
        "where indicator = 'urban_dibao_households' and region = '990100' order by period limit 2",
        [("2019", None), ("2020", CITY[1] - CITY[0])],
    ),
    (
        "qualify",
        "select region, period from fact where indicator = 'urban_dibao_households' "
        "qualify row_number() over (partition by region order by period desc) = 1 order by region limit 2",
        [("990100", "2023"), ("990102", "2023")],
    ),
    (
        "group-by-all",
        f"select indicator, sum(value) from fact where {WHERE_2019} group by all",
        [("urban_dibao_households", sum(v for _, v in H2019))],
    ),
    (
        "pivot",
        "select * from (select region, period, value from fact where indicator = 'urban_dibao_households' "
        "and region = '990100') pivot (sum(value) for period in ('2019', '2020'))",
        [("990100", CITY[0], CITY[1])],
    ),
    ("collate-zh", "select name from region where level = '县' order by name collate zh", [("澄湖区",), ("枫林区",)]),
    ("chinese-alias", f"select value as 数值 from fact where {WHERE_2019} and region = '990100'", [(CITY[0],)]),
    ("lambda", "select list_transform([1, 2, 3], lambda x: x * 10)", [([10, 20, 30],)]),
    ("comprehension", "select [x * 2 for x in [1, 2]]", [([2, 4],)]),
    ("range", "select sum(n) from range(5) t(n)", [(10,)]),
    ("generate-series", "select count(*) from generate_series(1, 12)", [(12,)]),
    ("unnest", "select * from unnest(['a', 'b'])", [("a",), ("b",)]),
    ("json-each", "select key from json_each('{\"x\": 1}')", [("x",)]),
    ("catalogue", "select count(*) > 0 from duckdb_tables() where table_name = 'fact'", [(True,)]),
    ("info-schema", "select count(*) from information_schema.tables where table_name in ('fact', 'yoy')", [(2,)]),
    (
        "info-columns",
        "select data_type from information_schema.columns where table_name = 'fact' and column_name = 'value'",
        [("DOUBLE",)],
    ),
    ("view", "select count(*) > 0 from yoy", [(True,)]),
    ("macro", "select prior_period('2023H1'), prior_period('2023YTD05')", [("2022H1", "2022YTD05")]),
    ("regex-strings", "select regexp_extract('2023年', '\\d+'), upper('a') || lpad('7', 3, '0')", [("2023", "A007")]),
    ("comments", "-- header line\n/* block */ select 1 as one -- trailing", [(1,)]),
    ("semicolon", "select 1;", [(1,)]),
    ("case-mixed", "SeLeCt CoUnT(*) FrOm FaCt", [(FACTS,)]),
    ("quoted-table", 'select count(*) from "fact"', [(FACTS,)]),
    ("string-table", "select count(*) from 'fact'", [(FACTS,)]),
    ("sample", "select count(*) from fact using sample 3 rows", [(3,)]),
    ("types", "select 1.50::decimal(4,2), date '2023-01-31' + 1", [(Decimal("1.50"), dt.date(2023, 2, 1))]),
    ("interval", "select interval 3 day", [("3 days",)]),
    ("struct-map", "select {'a': 1}, map([1], ['x'])", [({"a": 1}, {1: "x"})]),
]


@pytest.mark.parametrize(("sql", "expected"), [f[1:] for f in FORMS], ids=[f[0] for f in FORMS])
def test_allowed_forms(svc: QueryService, facts: int, sql: str, expected: list[tuple]) -> None:
    expected = [tuple(facts if v == FACTS else v for v in row) for row in expected]
    assert svc.run(sql).frame.rows() == expected


@pytest.mark.parametrize(
    "sql", ["describe fact", "describe select region, value from fact", "summarize fact", "show tables"]
)
def test_describe_summarize_show(svc: QueryService, sql: str) -> None:
    frame = svc.run(sql).frame
    names = frame.to_series(0).to_list()
    assert ("fact" in names) if sql == "show tables" else ("value" in names)


DIALECT_CASES = [
    (
        "mysql",
        "select `region`, `value` from `fact` where `indicator` = 'urban_dibao_households' and `period` = '2019' order by `region` limit 2",
        H2019[:2],
    ),
    ("mysql", f"select ifnull(null, 7), concat('a', 'b'), count(*) from fact where {WHERE_2019}", [(7, "ab", 5)]),
    (
        "mysql",
        f"select region from fact where {WHERE_2019} order by region limit 1, 2",
        [("990102",), ("990102001000",)],
    ),
    (
        "postgres",
        f"select region, value::int as v from fact where {WHERE_2019} order by region limit 2",
        [("990100", 1500), ("990102", 900)],
    ),
    (
        "postgres",
        f"select string_agg(region, ',' order by region) from fact where {WHERE_2019} and region ilike '99010_'",
        [("990100,990102,990103",)],
    ),
    ("postgres", "select count(*) from generate_series(1, 4)", [(4,)]),
    ("oracle", f"select nvl(max(value), 0) from fact where {WHERE_2019}", [(CITY[0],)]),
    ("oracle", "select 1 + 1 as two from dual", [(2,)]),
    (
        "oracle",
        f"select region from fact where {WHERE_2019} order by region fetch first 2 rows only",
        [("990100",), ("990102",)],
    ),
    ("tsql", f"select top 2 [region], [value] from [fact] where {WHERE_2019} order by [region]", H2019[:2]),
    ("tsql", "select isnull(null, 3), len('abcd')", [(3, 4)]),
    (
        "tsql",
        f"select [region] from [fact] where {WHERE_2019} order by [region] offset 3 rows fetch next 1 rows only",
        [("990102002000",)],
    ),
]


@pytest.mark.parametrize(
    ("dialect", "sql", "expected"), DIALECT_CASES, ids=[f"{d}-{i}" for i, (d, _, _) in enumerate(DIALECT_CASES)]
)
def test_dialects_are_transpiled(svc: QueryService, dialect: str, sql: str, expected: list[tuple]) -> None:
    result = svc.run(sql, dialect=dialect)
    assert result.frame.rows() == expected
    assert result.sql_executed != sql  # what ran is the DuckDB transpilation, shown to the analyst


def test_result_figures(svc: QueryService) -> None:
    started = time.perf_counter()
    res = svc.run(f"select region, value from fact where {WHERE_2019}")
    outside_ms = (time.perf_counter() - started) * 1000
    assert (res.row_count, res.truncated, res.notice) == (5, False, None)
    assert res.columns == ["region", "value"] and res.types == ["VARCHAR", "DOUBLE"]
    assert 0 < res.elapsed_ms <= outside_ms  # the time reported is the call's own, not a default or a total
    assert res.sql_executed == f"select region, value from fact where {WHERE_2019}"


def test_syntax_error_has_its_position(svc: QueryService) -> None:
    with pytest.raises(QueryError) as caught:
        svc.run("select region,\n  value\nfrom fact wher value > 1")
    assert (caught.value.line, caught.value.column) == (3, 16)
    assert caught.value.message.startswith("SQL 语法错误（第 3 行第 16 列）：")
    assert "/ syntax error (line 3, column 16)" in caught.value.message


def test_binder_error_has_its_position(svc: QueryService) -> None:
    with pytest.raises(QueryError) as caught:
        svc.run("select region,\n  valu\nfrom fact")
    assert (caught.value.line, caught.value.column) == (2, 3)
    assert "valu" in caught.value.message and "第 2 行第 3 列" in caught.value.message
    assert "\n" not in caught.value.message and " / query failed (line 2, column 3)" in caught.value.message


def test_transpiled_error_positions_say_so(svc: QueryService) -> None:
    with pytest.raises(QueryError, match=r"（转换后的 SQL）.* of the transpiled SQL"):
        svc.run("select `valu` from `fact`", dialect="mysql")


def test_dialect_syntax_errors_and_unknown_dialects(svc: QueryService) -> None:
    with pytest.raises(QueryError, match=r"^SQL 语法错误（第 1 行第 \d+ 列）"):
        svc.run("select from where", dialect="postgres")
    with pytest.raises(QueryError, match=r"不支持的 SQL 方言 'cobol'.* / unsupported dialect 'cobol'"):
        svc.run("select 1", dialect="cobol")


def test_unknown_tables_and_functions_are_named(svc: QueryService) -> None:
    with pytest.raises(QueryRefused, match=r"“facts” 不是仓库中的表或视图.* / Refused: 'facts' is not a table or view"):
        svc.run("select * from facts")
    with pytest.raises(QueryRefused, match=r"未知函数 frobnicate.* / Refused: unknown function frobnicate"):
        svc.run("select frobnicate(1)")


@pytest.mark.parametrize("sql", ["", "   ", "-- only a comment", ";"])
def test_empty_queries(svc: QueryService, sql: str) -> None:
    with pytest.raises(QueryError) as caught:
        svc.run(sql)
    assert " / " in caught.value.message and "\n" not in caught.value.message
