"""Every page keeps the digits a figure was stated with: a warehouse of awkward values, every card and table read.

2.16万人 of an indicator counted in 人 to 0 places must not become 2万人; 720234人 must not become 72万人; 929000千元
must not become 9亿元. Each number-with-unit the pages show is read back to its base value: a shown figure that is a
rounding of a stated one (close, but not equal) has lost a digit.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st
from apptest import assert_clean, make_app, shown
from streamlit.testing.v1 import AppTest

from dashboards import data
from warehouse.store import Warehouse

FACTS = [
    # indicator, region, period, value, unit, base value, base unit
    ("elderly", "990102", "2022", 2.05, "万人", 20500.0, "人"),
    ("elderly", "990102", "2023", 2.16, "万人", 21600.0, "人"),
    ("population", "990102", "2022", 716000.0, "人", 716000.0, "人"),
    ("population", "990102", "2023", 720234.0, "人", 720234.0, "人"),
    ("spending", "990102", "2022", 850000.0, "千元", 8.5e8, "元"),
    ("spending", "990102", "2023", 929000.0, "千元", 9.29e8, "元"),
    ("insured", "990102", "2022", 97.53, "%", 97.53, "%"),
    ("insured", "990102", "2023", 97.74, "%", 97.74, "%"),
    ("elderly", "990103", "2023", 1.8, "万人", 18000.0, "人"),
    ("population", "990103", "2023", 500001.0, "人", 500001.0, "人"),
]
STATED = [f[5] for f in FACTS if f[6] in ("人", "元")]
TOKEN = re.compile(r"(-?\d[\d,]*(?:\.\d+)?)(亿|万|千)?(元|人)")
MAGNITUDE = {"亿": 1e8, "万": 1e4, "千": 1e3, None: 1.0}


def _build(path: Path) -> None:
    with Warehouse(path).writer() as w, w.transaction() as con:
        con.execute("insert into domain values ('civil', '民政', 40)")
        for code, name, level, parent in [
            ("990100", "青岚市", "市", None),
            ("990102", "澄湖区", "县", "990100"),
            ("990103", "枫林区", "县", "990100"),
        ]:
            con.execute(
                "insert into region (code, name, level, parent_code) values (?, ?, ?, ?)", [code, name, level, parent]
            )
        for row in [
            ("elderly", "老年人数", "人", "stock", 0, True),
            ("population", "户籍人口", "人", "stock", 0, True),
            ("spending", "民政支出", "万元", "flow", 2, True),
            ("insured", "参保率", "%", "rate", 1, False),
        ]:
            con.execute(
                "insert into indicator (code, name, domain, unit, measure, decimals, aliases, additive) "
                "values (?, ?, 'civil', ?, ?, ?, [], ?)",
                list(row),
            )
        con.execute(
            "insert into source (sha256, kind, path, title, region, period, domain, text, n_facts) "
            "values ('c3', 'table', 'data/民政.csv', '民政统计表', '990100', null, 'civil', null, 0)"
        )
        for ind, region, period, value, unit, base, base_unit in FACTS:
            con.execute(
                "insert into fact (indicator, region, period, value, unit, base_value, base_unit, kind, source_id, "
                "quote) values (?, ?, ?, ?, ?, ?, ?, 'actual', 1, ?)",
                [ind, region, period, value, unit, base, base_unit, f"{region},{period},{value}{unit}"],
            )
        spending = con.execute("select id from fact where indicator = 'spending' and period = '2023'").fetchone()[0]
        # the data say +9.3%: a finding on 质量, with both values shown
        con.execute("insert into stated_change values (?, '上年', '2022', '+', 12, '%', '比上年增长12%')", [spending])
        con.execute("update source set n_facts = (select count(*) from fact where source_id = source.id)")


@pytest.fixture(scope="module")
def awkward_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("digits") / "warehouse.duckdb"
    _build(path)
    return path


@pytest.fixture
def awkward(awkward_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ZHIBIAO_DB", str(awkward_db))
    st.cache_data.clear()
    data.region_tree.clear()
    yield awkward_db
    st.cache_data.clear()
    data.region_tree.clear()


def _cell(value: object, printf: str | None) -> str:
    """A cell as the browser shows it: a number column's printf format ("%,.2f") applied."""
    m = re.fullmatch(r"%,?\.(\d+)f", printf or "")
    if m and isinstance(value, int | float):
        return f"{value:,.{int(m[1])}f}"
    return str(value)


def shown_texts(at: AppTest) -> list[str]:
    """Every card value and every table cell of a page, as displayed (units added from the column header)."""
    out = [shown(str(m.value)) for m in at.metric]
    for df in at.dataframe:
        config = json.loads(df.proto.columns or "{}")
        for name in df.value.columns:
            printf = (config.get(name, {}).get("type_config") or {}).get("format")
            header_unit = re.search(r"（(.+?)）$", str(name))
            for v in df.value[name].tolist():
                text = _cell(v, printf)
                out.append(text + (header_unit[1] if header_unit and isinstance(v, int | float) else ""))
    return out


def lost_digits(texts: list[str]) -> list[str]:
    """Shown figures that are a rounding of a stated figure: within half a last digit of it, but not equal."""
    lost = []
    for text in texts:
        for number, mag, _ in TOKEN.findall(text):
            places = len(number.split(".")[1]) if "." in number else 0
            value = float(number.replace(",", "")) * MAGNITUDE[mag or None]
            half = 0.5 * 10 ** (-places) * MAGNITUDE[mag or None]
            if any(0 < abs(value - b) <= half + 1e-6 and abs(value - b) > 1e-6 for b in STATED):
                lost.append(text)
    return lost


PAGES = [
    ("app_pages/overview.py", {"region": "990102"}),
    ("app_pages/trend.py", {"indicator": "elderly", "scope": "990100", "region": ["990102", "990103"]}),
    ("app_pages/trend.py", {"indicator": "population", "scope": "990100", "region": ["990102", "990103"]}),
    ("app_pages/trend.py", {"indicator": "spending", "scope": "990100", "region": ["990102"]}),
    (
        "app_pages/compare.py",
        {"indicator": "elderly", "scope": "990100", "region": ["990102", "990103"], "period": ["2022", "2023"]},
    ),
    (
        "app_pages/compare.py",
        {"indicator": "population", "scope": "990100", "region": ["990102", "990103"], "period": ["2022", "2023"]},
    ),
    ("app_pages/compare.py", {"indicator": "spending", "scope": "990100", "region": ["990102"], "period": "2023"}),
    ("app_pages/sources.py", {"source": "1"}),
    ("app_pages/quality.py", {}),
]


@pytest.mark.parametrize(("page", "params"), PAGES, ids=[f"{p.split('/')[-1]}-{i}" for i, (p, _) in enumerate(PAGES)])
def test_no_page_drops_a_stated_digit(awkward: Path, page: str, params: dict[str, object]) -> None:
    at = make_app(page, **params)  # type: ignore[arg-type]
    assert_clean(at)
    texts = shown_texts(at)
    assert texts, "the page shows no card or table"
    assert lost_digits(texts) == []


def test_the_awkward_figures_are_shown_whole(awkward: Path) -> None:
    cards = {shown(m.label): shown(m.value) for m in make_app("app_pages/overview.py", region="990102").metric}
    assert cards["老年人数"] == "2.16万人"  # not 2万人
    assert cards["户籍人口"] == "72.0234万人"  # not 72万人
    assert cards["民政支出"] == "9.29亿元"  # not 9亿元
    assert cards["参保率"] == "97.74%"
    sources = make_app("app_pages/sources.py", source="1").dataframe[0].value
    assert "720,234人" in sources["数值"].tolist() or "72.0234万人" in sources["数值"].tolist()


def test_the_checker_sees_a_lost_digit() -> None:
    """The assertion above can fail: a rounded figure is caught, a whole one is not."""
    assert lost_digits(["2万人", "72万人", "9亿元"]) == ["2万人", "72万人", "9亿元"]
    assert lost_digits(["2.16万人", "720,234人", "9.29亿元", "929,000千元"]) == []
