"""Every page: renders without an exception or an error, explains empty states, and never shows a traceback."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from apptest import ROOT, AppFactory, assert_clean, make_app, texts

from dashboards import data

PAGES = {
    "app_pages/overview.py": "总览",
    "app_pages/trend.py": "趋势",
    "app_pages/compare.py": "对比",
    "app_pages/sources.py": "来源",
    "app_pages/quality.py": "质量",
    "app_pages/upload.py": "导入",
}
MINE = sorted(p for p in (ROOT / "dashboards").rglob("*.py") if p.name not in ("sql.py", "adhoc.py", "style.py"))


@pytest.mark.parametrize("page", list(PAGES))
def test_every_page_renders_with_its_title(app: AppFactory, page: str) -> None:
    at = app(page)
    assert_clean(at)
    assert at.title[0].value == PAGES[page]


def test_default_route_is_the_overview(app: AppFactory) -> None:
    at = app()
    assert_clean(at)
    assert at.title[0].value == "总览"
    assert any("数据版本：第" in c.value for c in at.sidebar.caption)  # the snapshot footer says how fresh data is


def test_the_root_address_forwards_to_the_overview_with_its_parameters(app: AppFactory) -> None:
    at = app(region="990103")  # "/?region=990103": a bookmark made before 总览 had its own address
    assert_clean(at)
    assert at.title[0].value == "总览"
    assert at.subheader[0].value.startswith("青岚市 › 枫林区")


@pytest.mark.parametrize("page", list(PAGES))
def test_empty_warehouse_explains_what_to_do(empty_app: AppFactory, page: str) -> None:
    at = empty_app(page)
    assert_clean(at)
    assert at.info, "an empty page must say what to do next"
    assert re.search(r"导入|zhibiao demo|选择一个文件", texts(at))


@pytest.mark.parametrize("page", ["app_pages/overview.py", "app_pages/trend.py", "app_pages/sources.py"])
def test_missing_warehouse_is_one_plain_message(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, page: str) -> None:
    monkeypatch.setenv("ZHIBIAO_DB", str(tmp_path / "nowhere" / "warehouse.duckdb"))
    at = make_app(page)
    assert not at.exception
    assert len(at.error) == 1
    assert at.error[0].value.startswith("还没有可以浏览的数据")
    assert "Traceback" not in at.error[0].value
    assert any(c.value.startswith("错误编号：") for c in at.caption)


def test_an_unexpected_failure_becomes_a_plain_chinese_message(
    app: AppFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(*_: object, **__: object) -> None:
        raise KeyError("internal detail that must not reach the reader")

    monkeypatch.setattr(data, "trend", broken)
    at = app("app_pages/trend.py")
    assert not at.exception
    assert at.error[0].value.startswith("页面处理时出现意外问题")
    assert "internal detail" not in texts(at) + at.error[0].value


def test_a_missing_view_is_explained(app: AppFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    original = data.query

    def without_yoy(sql: str, params: dict[str, object] | None = None) -> object:
        return original(sql.replace("from yoy y", "from yoy_missing y"), params)

    monkeypatch.setattr(data, "query", without_yoy)
    at = app("app_pages/overview.py")
    assert not at.exception
    assert "缺少看板需要的视图" in at.error[0].value


def test_no_pages_folder_beside_the_entry_script() -> None:
    # Streamlit treats dashboards/pages/ as an old-style multipage folder and bypasses app.py's st.navigation.
    assert not (ROOT / "dashboards" / "pages").exists(), "page scripts belong in dashboards/app_pages/"


@pytest.mark.parametrize("path", MINE, ids=lambda p: str(p.relative_to(ROOT)))
def test_no_raw_html_from_pages(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    assert not re.search(r"unsafe_allow_html\s*=\s*True", source)
    assert "st.html(" not in source


def test_the_one_style_sheet_is_a_constant() -> None:
    """dashboards/style.py is the one module that writes HTML: a constant style sheet, nothing a user typed."""
    source = (ROOT / "dashboards" / "style.py").read_text(encoding="utf-8")
    assert re.findall(r"st\.html\(([^)]*)\)", source) == ["_CSS"]
    assert not re.search(r"unsafe_allow_html\s*=\s*True", source)
    assert "<script" not in source.lower()
