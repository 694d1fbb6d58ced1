"""Every page opens on data: the region and period kind with the most facts, not a province's one stray fact, not
年度 when the data is half-yearly; a period in the URL (?period=H1) is honoured as its kind."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from apptest import assert_clean, make_app, qp

from dashboards import data
from warehouse.store import Warehouse

HALVES = ["2022H1", "2022H2", "2023H1"]


def _build(path: Path) -> None:
    with Warehouse(path).writer() as w, w.transaction() as con:
        con.execute("insert into domain values ('civil', '民政', 40)")
        for code, name, level, parent in [
            ("350000", "福建省", "省", None),
            ("350200", "厦门市", "市", "350000"),
            ("350203", "思明区", "县", "350200"),
        ]:
            con.execute(
                "insert into region (code, name, level, parent_code) values (?, ?, ?, ?)", [code, name, level, parent]
            )
        for code, name in [("households", "低保户数"), ("persons", "低保人数")]:
            con.execute(
                "insert into indicator (code, name, domain, unit, measure, decimals, aliases, additive) "
                "values (?, ?, 'civil', '户', 'stock', 0, [], true)",
                [code, name],
            )
        con.execute(
            "insert into source (sha256, kind, path, title, region, period, domain, text, n_facts) "
            "values ('d4', 'table', 'data/x.csv', '半年报', '350203', null, 'civil', null, 0)"
        )

        def fact(indicator: str, region: str, period: str, value: float) -> None:
            con.execute(
                "insert into fact (indicator, region, period, value, unit, base_value, base_unit, kind, source_id, "
                "quote) values (?, ?, ?, ?, '户', ?, '户', 'actual', 1, 'x')",
                [indicator, region, period, value, value],
            )

        fact("households", "350000", "2023", 1.0)  # one stray annual fact of the province
        for i, period in enumerate(HALVES):
            fact("households", "350203", period, 800 + i)
            fact("persons", "350203", period, 1500 + i)


@pytest.fixture(scope="module")
def halves_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("halves") / "warehouse.duckdb"
    _build(path)
    return path


@pytest.fixture
def halves(halves_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ZHIBIAO_DB", str(halves_db))
    st.cache_data.clear()
    data.region_tree.clear()
    yield halves_db
    st.cache_data.clear()
    data.region_tree.clear()


def test_overview_opens_on_the_region_and_kind_with_the_data(halves: Path) -> None:
    at = make_app("app_pages/overview.py")
    assert_clean(at)
    assert qp(at, "region") == ["350203"] and qp(at, "period") == ["H"]
    assert {m.label for m in at.metric} >= {"低保户数", "低保人数"}


def test_trend_opens_on_the_indicators_main_kind(halves: Path) -> None:
    at = make_app("app_pages/trend.py", indicator="persons", scope="350200", region=["350203"])
    assert_clean(at)
    assert at.segmented_control(key="qp_period").value == "H"


@pytest.mark.parametrize("given", ["H1", "2023H1", "H"])
def test_a_period_in_the_url_is_honoured_as_its_kind(halves: Path, given: str) -> None:
    at = make_app("app_pages/overview.py", region="350203", period=given)
    assert_clean(at)
    assert qp(at, "period") == ["H"]
