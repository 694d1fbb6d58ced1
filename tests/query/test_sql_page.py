"""The SQL 查询 page through Streamlit's AppTest: URL-shared queries, schema browser, saved examples, dialects,
results with row count and timing, refusals, history, and the bytes of the CSV/XLSX exports."""

from __future__ import annotations

import io
from collections.abc import Callable
from pathlib import Path

import fixture
import openpyxl
import polars as pl
import pytest
import streamlit as st
from apptest import shown
from streamlit.testing.v1 import AppTest

from dashboards import adhoc
from warehouse import export
from warehouse.query import saved_queries

PAGE = Path(__file__).resolve().parents[2] / "dashboards" / "app_pages" / "sql.py"
QUERY = "select region, value from fact where indicator = 'urban_dibao_households' and period = '2019' order by region"
EXPECTED = sorted((code, float(values[0])) for code, values in fixture.HOUSEHOLDS.items())


@pytest.fixture
def page(fx_db: Path, monkeypatch: pytest.MonkeyPatch) -> Callable[..., AppTest]:
    """``page(q=..., dialect=...)`` → an AppTest that has opened the SQL page with those URL parameters."""
    monkeypatch.setenv("ZHIBIAO_DB", str(fx_db))
    st.cache_data.clear()

    def make(**params: str) -> AppTest:
        at = AppTest.from_file(str(PAGE), default_timeout=90)  # the page alone: the app's other pages cost time
        at.query_params.update(params)
        at.run()
        assert not at.exception, at.exception
        return at

    return make


def caption_with(at: AppTest, text: str) -> str:
    return next(c.value for c in at.caption if text in c.value)


def test_a_shared_url_runs_its_query(page: Callable[..., AppTest]) -> None:
    at = page(q=QUERY)
    assert at.text_area(key="qp_q").value == QUERY
    result = at.dataframe[1].value  # [0] is the schema browser's column list
    shown = [(code, export.plain_number(v)) for code, v in EXPECTED]  # decimals as text, without float noise
    assert list(result.itertuples(index=False, name=None)) == shown
    assert caption_with(at, "行 · 用时").startswith(f"共 {len(EXPECTED)} 行 · 用时 ")
    assert not at.error and not at.warning
    assert at.expander[0].label == "本次会话的查询记录（1）"


def test_schema_browser_and_saved_examples(page: Callable[..., AppTest]) -> None:
    at = page()
    browse = at.selectbox(key="sql_browse")
    assert browse.value == "yoy"
    assert {"表 · fact", "视图 · series", "视图 · yoy", "视图 · stated_vs_computed"} <= set(browse.options)
    browse.set_value("fact").run()
    columns = at.dataframe[0].value
    value = columns[columns["列"] == "value"].iloc[0]
    assert value["类型"] == "DOUBLE" and value["说明"].startswith("数值")
    assert caption_with(at, "事实：").startswith("事实：")  # the table's description, Chinese first
    at.button(key="sql_insert").click().run()
    assert at.text_area(key="qp_q").value == "select *\nfrom fact\nlimit 100"
    assert at.query_params["q"] == "select *\nfrom fact\nlimit 100"  # the query is in the URL, to share

    examples = at.selectbox(key="sql_example")
    saved = {q.name: q for q in saved_queries()}
    assert len(examples.options) == len(saved) >= 8
    examples.set_value("suspect_facts").run()
    at.button(key="sql_load").click().run()
    assert at.text_area(key="qp_q").value == saved["suspect_facts"].sql
    at.button(key="sql_run").click().run()
    result = at.dataframe[1].value
    assert list(result["数值"]) == ["20232"] and list(result["地区"]) == ["湖滨街道"]


def test_dialects_refusals_truncation_and_history(page: Callable[..., AppTest], monkeypatch) -> None:
    monkeypatch.setenv("ZHIBIAO_SQL_LIMIT", "3")
    at = page(q="select `region` from `fact` order by `region`", dialect="mysql")
    assert at.selectbox(key="qp_dialect").value == "mysql"
    assert len(at.dataframe[1].value) == 3
    assert at.warning[0].value == "结果已截断：只显示前 3 行 / truncated: only the first 3 rows are shown"

    at.text_area(key="qp_q").set_value("copy fact to '/tmp/zhibiao-page-leak.csv'")
    at.button(key="sql_run").click().run()
    assert (
        len(at.error) == 1 and "不允许 COPY" in shown(at.error[0].value) and " / Refused:" in shown(at.error[0].value)
    )
    assert not Path("/tmp/zhibiao-page-leak.csv").exists()

    at.selectbox(key="qp_dialect").set_value("duckdb").run()
    at.text_area(key="qp_q").set_value("select 42 as answer")
    at.button(key="sql_run").click().run()
    assert at.dataframe[1].value["answer"].tolist() == [42] and not at.error
    history = at.dataframe[2].value
    assert history["结果"].tolist() == ["1 行 · " + history["结果"][0].split(" · ")[1], "出错", history["结果"][2]]
    assert history["方言"].tolist() == ["duckdb", "mysql", "mysql"]
    assert at.query_params["dialect"] == "duckdb"


def test_export_bytes(fx_db: Path) -> None:
    """The download buttons call these: the query re-run up to the export cap, as CSV and XLSX."""
    frame = adhoc.export_frame(QUERY, "duckdb", str(fx_db))
    assert frame.rows() == EXPECTED
    csv = export.to_csv(frame)
    assert pl.read_csv(io.BytesIO(csv if isinstance(csv, bytes) else csv.encode())).rows() == [
        (int(code), value) for code, value in EXPECTED
    ]
    xlsx = export.to_xlsx(frame, export.XlsxLayout(title="查询结果", footnote="查询：…"))
    sheet = openpyxl.load_workbook(io.BytesIO(xlsx)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row if c is not None]
    assert "查询结果" in cells and EXPECTED[0][0] in cells and EXPECTED[0][1] in cells
    refused = adhoc.export_frame("select * from read_csv('/etc/passwd')", "duckdb", str(fx_db))
    assert refused.columns == ["错误"] and "read_csv" in refused.item()


def test_every_object_is_described_in_chinese_and_domains_read_by_name(page: Callable[..., AppTest]) -> None:
    at = page(q="select domain, count(*) as n from indicator group by domain order by domain")
    result = at.dataframe[1].value  # [0] is the schema browser's column list
    assert set(result.iloc[:, 0]) == {"民政", "教育"}, result  # not civil, edu
    browse = at.selectbox(key="sql_browse")
    for name in browse.options:
        browse.set_value(name.split(" · ")[1]).run()
        chinese = [c.value for c in at.caption if "\u4e00" <= c.value[:1] <= "\u9fff"]
        assert chinese, name


def test_results_show_no_none_and_no_float_noise(page: Callable[..., AppTest]) -> None:
    at = page(q="select 15.2 - 0.000000000000011::double as x, null::varchar as s, null::integer as n")
    result = at.dataframe[1].value
    assert result.iloc[0].tolist() == ["15.2", "—", "—"]
