"""What a query may return: a byte budget beside the row cap, unique column names, every value type readable, and
statement kinds DuckDB's Python API cannot name refused in one line — through the service, ``zhibiao sql`` and the
SQL page."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
import streamlit as st
from apptest import shown
from streamlit.testing.v1 import AppTest
from typer.testing import CliRunner

from dashboards import adhoc
from warehouse import export
from warehouse.query import QueryError, QueryLimits, QueryRefused, QueryService
from zhibiao.cli import app

PAGE = Path(__file__).resolve().parents[2] / "dashboards" / "app_pages" / "sql.py"
WIDE = "select repeat('x', 50000) as text from range(10000)"  # 500 MB of text in 10,000 rows


@pytest.fixture(scope="module")
def small(fx_db: Path) -> QueryService:
    """A service whose results may carry 2 MiB."""
    service = QueryService(fx_db, QueryLimits(timeout=20.0, workers=1, result_mb=2.0))
    yield service
    service.close()


def test_a_wide_result_stops_at_the_byte_budget_with_the_rows_that_fit(small: QueryService) -> None:
    result = small.run(WIDE)
    assert result.truncated and result.truncated_by == "bytes"
    assert 0 < result.row_count < 50 and result.frame.height == result.row_count
    assert result.frame["text"].str.len_bytes().sum() <= 2 * 2**20
    notice = result.notice or ""
    assert notice.startswith(f"结果过大：超过 2 MB 的上限，只显示能容纳的前 {result.row_count:,} 行。")
    assert "where" in notice and " / result too large" in notice


def test_the_row_cap_still_reads_as_before(small: QueryService) -> None:
    result = small.run("select * from range(100)", limit=10)
    assert result.truncated_by == "rows" and result.notice.startswith("结果已截断：只显示前 10 行")


def test_a_single_row_over_the_budget_is_one_message(small: QueryService) -> None:
    with pytest.raises(QueryError, match="结果过大：第一行数据就超过了 2 MB 的上限") as caught:
        small.run("select repeat('x', 3000000) as huge")
    assert "\n" not in caught.value.message
    assert small.run("select 1 as one").frame.item() == 1


def test_the_budget_is_a_setting_with_an_environment_override() -> None:
    limits = QueryLimits.from_env({"ZHIBIAO_SQL_RESULT_MB": "5", "ZHIBIAO_SQL_EXPORT_MB": "100"})
    assert (limits.result_mb, limits.export_mb) == (5.0, 100.0)
    assert QueryLimits().result_mb == 50.0
    with pytest.raises(QueryError, match="ZHIBIAO_SQL_RESULT_MB"):
        QueryLimits.from_env({"ZHIBIAO_SQL_RESULT_MB": "many"})


def test_repeated_column_names_get_a_suffix(svc: QueryService) -> None:
    result = svc.run("select f.region, g.region, f.value as region_2 from fact f join fact g on f.id = g.id limit 2")
    assert result.frame.columns == ["region", "region_3", "region_2"]
    assert result.columns == ["region", "region_3", "region_2"]
    assert result.frame.height == 2


@pytest.mark.parametrize(
    ("sql", "expected"),
    [
        ("select 'infinity'::timestamp as v", "infinity"),
        ("select '-infinity'::date as v", "-infinity"),
        ("select 'infinity'::timestamptz as v", "infinity"),
        ("select '-5000-01-01'::date as v", "-5000-01-01"),
        ("select ['infinity'::timestamp] as v", "[infinity]"),
        ("select 123456789012345678901234567.12345678901::decimal(38,11) as v", None),
        ("select interval 3 day as v", "3 days"),
        ("select {'a': [1, 2], 'b': map([1], ['x'])} as v", None),
        ("select 'ab'::blob as v", None),
        ("select union_value(k := 1) as v", "1"),
        ("select 170141183460469231731687303715884105727::hugeint as v", None),
    ],
)
def test_every_value_type_converts(svc: QueryService, sql: str, expected: str | None) -> None:
    result = svc.run(sql)
    rows = result.frame.rows()  # Python objects: this is where an infinite date used to panic
    assert len(rows) == 1
    if expected is not None:
        assert str(rows[0][0]) == expected


def test_a_normal_date_stays_a_date(svc: QueryService) -> None:
    frame = svc.run("select date '2024-01-02' as d, timestamp '2024-01-02 03:04:05' as t").frame
    assert frame.schema["d"] == pl.Date and frame.schema["t"].is_temporal()


def test_update_extensions_is_refused_in_one_line(svc: QueryService) -> None:
    with pytest.raises(QueryRefused) as caught:
        svc.run("update extensions")
    assert "不允许 UPDATE EXTENSIONS 语句" in caught.value.message and "ValueError" not in caught.value.message


# -- zhibiao sql ----------------------------------------------------------------------------------------------------
def sql(db: Path, *args: str, env: dict[str, str] | None = None):
    return CliRunner().invoke(app, ["--db", str(db), "sql", *args], env=env, catch_exceptions=False)


def test_cli_shows_the_rows_that_fit_and_says_so(fx_db: Path) -> None:
    result = sql(fx_db, WIDE, "--format", "csv", env={"ZHIBIAO_SQL_RESULT_MB": "1"})
    assert result.exit_code == 0, result.output
    rows = result.stdout.splitlines()[1:]
    assert 0 < len(rows) < 30 and all(r == "x" * 50000 for r in rows)
    assert f"只显示能容纳的前 {len(rows)} 行" in result.stderr


def test_cli_prints_repeated_names_and_infinite_dates(fx_db: Path) -> None:
    result = sql(fx_db, "select 'infinity'::timestamp as t, 1 as t, [date '2024-01-01'] as l")
    assert result.exit_code == 0, result.output
    assert "infinity" in result.stdout and "t_2" in result.stdout and "2024-01-01" in result.stdout
    assert "Traceback" not in result.output and "panicked" not in result.output


def test_cli_refuses_update_extensions_in_one_line(fx_db: Path) -> None:
    result = sql(fx_db, "update extensions")
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert result.exit_code != 0 and len(lines) == 1 and "UPDATE EXTENSIONS" in lines[0]


def test_cli_table_shows_control_and_bidi_characters_escaped(fx_db: Path) -> None:
    query = "select chr(27) || '[31m红' || chr(8238) || 'abc' || chr(8203) as \"[bold]名\" , '[link=http://x]y' as l"
    result = sql(fx_db, query)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.stdout and "\u202e" not in result.stdout and "\u200b" not in result.stdout
    assert "\\u001b[31m红\\u202eabc\\u200b" in result.stdout
    assert "[bold]名" in result.stdout and "[link=http://x]y" in result.stdout  # Rich markup shown, not applied


# -- the SQL page ---------------------------------------------------------------------------------------------------
def test_the_page_shows_the_rows_that_fit_in_chinese(fx_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIBIAO_DB", str(fx_db))
    monkeypatch.setenv("ZHIBIAO_SQL_RESULT_MB", "1")
    st.cache_data.clear()
    at = AppTest.from_file(str(PAGE), default_timeout=90)
    at.query_params["q"] = WIDE
    at.run()
    assert not at.exception and not at.error
    shown_rows = len(at.dataframe[1].value)
    assert 0 < shown_rows < 30
    assert shown(at.warning[0].value).startswith(f"结果过大：超过 1 MB 的上限，只显示能容纳的前 {shown_rows} 行")


TYPES = """select 'infinity'::timestamp as t, 'ab'::blob as b, interval 3 day as i, {'a': [1, 2]} as s, [1, 2] as l,
    170141183460469231731687303715884105727::hugeint as h, 12345678901234567890.123::decimal(38, 3) as d,
    f.region, g.region from fact f join fact g on f.id = g.id limit 2"""


def test_the_page_and_its_exports_take_every_type(fx_db: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIBIAO_DB", str(fx_db))
    st.cache_data.clear()
    at = AppTest.from_file(str(PAGE), default_timeout=90)
    at.query_params["q"] = TYPES
    at.run()
    assert not at.exception and not at.error, [e.value for e in at.error]
    frame = at.dataframe[1].value
    assert list(frame.columns)[-2:] == ["region", "region_2"] and len(frame) == 2
    exported = adhoc.export_frame(TYPES, "duckdb", str(fx_db))
    assert exported.columns[0] == "t" and exported["t"].to_list() == ["infinity", "infinity"]
    assert export.to_csv(exported).decode("utf-8-sig").splitlines()[0].endswith("region,region_2")
    assert export.to_xlsx(exported)[:2] == b"PK"
