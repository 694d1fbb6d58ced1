"""来源 and 质量 show values to the indicator's decimals at least, as 总览, 趋势 and 对比 do, not to a default of the
unit, and never drop a digit the source stated (docs/display.md).

The fixture's catalogue is changed so that the indicator's decimals differ from the units' defaults: 低保金发放 to 0
places (the report says 1,234.5万元) and 小学入学率 to 2 places (the report says 99.6%).
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from apptest import assert_clean, make_app
from apptest import shown as plain

from warehouse.store import Warehouse

FUNDS = "发放低保金1,234.5万元，比上年增长5.2%"


@pytest.fixture
def recatalogued(writable_db: Path) -> Iterator[Path]:
    with Warehouse(writable_db).writer() as w, w.transaction() as con:
        con.execute("update indicator set decimals = 0 where code = 'dibao_funds'")
        con.execute("update indicator set decimals = 2 where code = 'enrolment_rate'")
    yield writable_db


def test_quality_findings_use_the_indicators_decimals(recatalogued: Path) -> None:
    at = make_app("app_pages/quality.py")
    assert_clean(at)
    table = at.dataframe[0].value.set_index("指标")
    assert table.loc["低保金发放", "本期数值"] == "1,234.5万元"  # the stated .5 is kept
    assert table.loc["低保金发放", "上年数值"] == "1,130万元"
    assert table.loc["小学入学率", "本期数值"] == "99.60%"
    assert table.loc["小学入学率", "上年数值"] == "98.80%"
    assert table.loc["低保金发放", "报告所称"] == "比上年增长5.2%"  # what the report says, as it says it


def test_quality_check_rows_use_the_indicators_decimals(recatalogued: Path) -> None:
    at = make_app("app_pages/quality.py", tab="checks")
    assert_clean(at)
    values = [v for df in at.dataframe if "value" in df.value.columns for v in df.value["value"]]
    assert "1,234.5万元" in values and "99.60%" in values
    assert all(isinstance(v, str) for v in values)  # no raw doubles such as 1234.5000000001


def test_sources_list_and_record_use_the_indicators_decimals(recatalogued: Path) -> None:
    fid = Warehouse(recatalogued).reader().rows("select id from fact where quote = ?", [FUNDS])[0][0]
    at = make_app("app_pages/sources.py", source="2", fact=str(fid))
    assert_clean(at)
    facts = at.dataframe[0].value.set_index("指标")
    assert facts.loc["低保金发放", "数值"] == "1,234.5万元"
    assert facts.loc["小学入学率", "数值"] == "99.60%"
    record = dict(zip(at.dataframe[1].value["字段"], at.dataframe[1].value["内容"], strict=True))
    assert record["数值"] == "1,234.5万元"
    assert record["原文数值"] == "1,234.5 万元"  # the number as the report wrote it


def test_sources_and_overview_show_the_same_number(recatalogued: Path) -> None:
    sources = make_app("app_pages/sources.py", source="2")
    shown = sources.dataframe[0].value.set_index("指标")["数值"]
    overview = make_app("app_pages/overview.py", region="990102")
    cards = {plain(m.label): plain(m.value) for m in overview.metric}
    assert cards["低保金发放"] == shown["低保金发放"]
    assert cards["小学入学率"] == shown["小学入学率"]
