"""Hostile names and URL parameters reach every page as plain text.

Streamlit renders titles, captions, alerts, metric labels and values, tab and expander labels, widget labels and
help texts as Markdown. These tests open each page over a warehouse whose names are Markdown links, images,
directives, icons, LaTeX and HTML, collect every Markdown string the page sent, and check that none of them still
holds a live construct — while the escaped name *is* there, so a page that stops showing the name fails too.
"""

from __future__ import annotations

import csv
import io
import json
import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import hostile
import pytest
import streamlit as st
from apptest import make_app
from google.protobuf.message import Message

from dashboards import compare, data
from dashboards.text import escape_markdown

NAMES = hostile.Names("http://127.0.0.1:9")
MARKDOWN_FIELDS = {"body", "label", "help", "delta", "delta_description"}
"""Proto fields Streamlit renders as Markdown (options, values and placeholders are plain text)."""
LIVE = [
    (re.compile(r"https?://"), "a bare address (GFM makes it a link)"),
    (re.compile(r"(?<!\\)\]\("), "a Markdown link or image"),
    (re.compile(r"(?<!\\)!\["), "a Markdown image"),
    (re.compile(r":material/home:"), "a planted icon"),
    (re.compile(r"(?<!\\):red\[红"), "a planted colour directive"),
    (re.compile(r"(?<!\\)\$x"), "planted LaTeX"),
    (re.compile(r"(?<!\\)<img"), "planted HTML"),
    (re.compile(r"(?<!\\)\*\*民政"), "planted emphasis"),
    (re.compile("[\u200b\u202e]"), "an invisible or direction-changing character"),
]


@pytest.fixture(scope="module")
def hostile_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("hostile") / "warehouse.duckdb"
    hostile.build(path, NAMES)
    return path


@pytest.fixture
def db(hostile_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.setenv("ZHIBIAO_DB", str(hostile_db))
    st.cache_data.clear()
    data.region_tree.clear()
    yield hostile_db
    st.cache_data.clear()
    data.region_tree.clear()


def markdown_texts(at: object) -> list[str]:
    """Every string the page sent in a field Streamlit renders as Markdown (elements and blocks: tabs, expanders)."""
    found: list[str] = []

    def collect(message: object) -> None:
        for field, value in message.ListFields():  # type: ignore[attr-defined]
            if field.name in MARKDOWN_FIELDS and isinstance(value, str):
                found.append(value)
            elif isinstance(value, Message):
                collect(value)
            elif not isinstance(value, str | bytes) and hasattr(value, "__iter__"):
                for item in value:
                    if isinstance(item, Message):
                        collect(item)

    def walk(node: object) -> None:
        proto = getattr(node, "proto", None)
        if proto is not None:
            collect(proto)
        for child in getattr(node, "children", {}).values():
            walk(child)

    walk(at._tree)  # type: ignore[attr-defined]
    return found


def assert_inert(at: object, *expected: str) -> None:
    """No live Markdown in anything the page rendered, and each ``expected`` name shown in its escaped form."""
    assert not at.exception, [e.value for e in at.exception]  # type: ignore[attr-defined]
    texts = markdown_texts(at)
    for text in texts:
        for pattern, what in LIVE:
            assert not pattern.search(text), f"{what} in {text!r}"
    for name in expected:
        assert any(escape_markdown(name) in t for t in texts), f"{name!r} not shown; texts: {texts}"
    for chart in at.get("plotly_chart"):  # type: ignore[attr-defined]
        spec = json.dumps(json.loads(chart.proto.spec), ensure_ascii=False)
        assert "<a " not in spec and "<img" not in spec, spec


@pytest.mark.parametrize(
    ("page", "params", "shown"),
    [
        ("app_pages/overview.py", {"region": "990100"}, ["indicator", "domain"]),
        ("app_pages/overview.py", {"region": "990103"}, ["region", "indicator"]),
        ("app_pages/trend.py", {"indicator": "urban_dibao_households", "region": "990103"}, ["indicator"]),
        ("app_pages/compare.py", {"indicator": "urban_dibao_households", "region": ["990102", "990103"]}, []),
        ("app_pages/sources.py", {"source": "2"}, ["source"]),
        ("app_pages/quality.py", {"tab": "checks"}, []),
    ],
)
def test_stored_names_are_plain_text(db: Path, page: str, params: dict[str, object], shown: list[str]) -> None:
    at = make_app(page, **params)  # type: ignore[arg-type]
    assert_inert(at, *(getattr(NAMES, n) for n in shown))


def test_chart_hover_text_shows_html_in_names_as_text(db: Path) -> None:
    at = make_app("app_pages/trend.py", indicator="urban_dibao_households", region="990103")
    assert_inert(at)
    spec = json.dumps(json.loads(at.get("plotly_chart")[0].proto.spec), ensure_ascii=False)
    assert "‹a href=" in spec and "民政统计年报表‹/a›" in spec  # the table's title, in the hover text


def test_the_compare_title_and_chart_show_the_indicator_as_text(db: Path) -> None:
    at = make_app("app_pages/compare.py", indicator="urban_dibao_households", region=["990102", "990103"], bars="1")
    assert_inert(at)
    assert any(escape_markdown(NAMES.indicator) in t for t in markdown_texts(at))
    assert at.get("plotly_chart"), "the bar chart was asked for"


def test_a_search_term_from_the_url_is_plain_text(db: Path) -> None:
    at = make_app("app_pages/trend.py", q=NAMES.query)
    assert_inert(at, NAMES.query)
    assert "没有找到与" in at.info[0].value


def test_a_query_from_the_url_is_plain_text_in_the_error(db: Path) -> None:
    at = make_app("app_pages/sql.py", q=NAMES.sql)
    assert len(at.error) == 1
    assert_inert(at)
    assert "点击此处修复" in at.error[0].value and "\\]\\(" in at.error[0].value


def test_a_period_from_the_url_is_plain_text_in_the_error(db: Path) -> None:
    at = make_app("app_pages/upload.py")
    at.text_input(key="up_period").set_value(f"![p]({NAMES.planted}/p.png)").run()
    at.file_uploader[0].set_value(("r.txt", "全区有学校12所。\n".encode(), "text/plain")).run()
    assert len(at.error) == 1
    assert_inert(at)


def test_an_uploaded_file_name_is_plain_text(db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    copy = tmp_path / "w"
    shutil.copytree(db.parent, copy)
    monkeypatch.setenv("ZHIBIAO_DB", str(copy / db.name))
    name = f"![u]({NAMES.planted}/upload.png) :red[表].xlsx"
    at = make_app("app_pages/upload.py")
    at.file_uploader[0].set_value((name, b"not a zip", "application/octet-stream")).run()
    assert len(at.error) == 1
    assert_inert(at)
    assert "upload\\.png" in at.error[0].value


def test_the_comparison_csv_neutralises_a_formula_region_as_header(db: Path) -> None:
    facts = data.compare_facts(data.generation(), ("urban_dibao_households",), ("990102", "990103"), ("2023",))
    spec = compare.CompareSpec(("urban_dibao_households",), ("990102", "990103"), ("2023",), "indicator_region")
    table = compare.build_table(facts, spec)
    assert NAMES.region in table.frame.columns  # on screen the header is the name itself
    rows = list(csv.reader(io.StringIO(table.csv().decode("utf-8-sig"))))
    number = re.compile(r"-?\d+(\.\d+)?(e-?\d+)?")
    formulas = [c for row in rows for c in row if c[:1] in ("=", "+", "-", "@") and not number.fullmatch(c)]
    assert formulas == []
    assert "'" + NAMES.region in rows[0]
