"""质量: inconsistent stated changes, suspect values, checks and quarantine — each row linked to its sentence."""

from __future__ import annotations

import re

from apptest import AppFactory, assert_clean, qp

PAGE = "app_pages/quality.py"


def test_inconsistent_changes_are_listed_first(app: AppFactory) -> None:
    at = app(PAGE)
    assert_clean(at)
    table = at.dataframe[0].value
    assert sorted(table["指标"]) == ["低保金发放", "小学入学率"]
    funds = table[table["指标"] == "低保金发放"].iloc[0]
    assert funds["报告所称"] == "比上年增长5.2%"  # the report's own words
    assert funds["本期数值"] == "1,234.50万元" and funds["上年数值"] == "1,130.00万元"
    assert re.fullmatch(r"(比|较)上年增长9\.25?%", funds["按数据计算"])
    assert funds["原文"].startswith("sources?source=2&fact=")


def test_suspect_values_with_reasons(app: AppFactory) -> None:
    at = app(PAGE, tab="suspect")
    assert_clean(at)
    table = at.dataframe[0].value
    assert table["数值"].tolist() == ["20,232户"]
    assert "混入年份" in table["存疑原因"][0]
    assert table["原文"][0].startswith("sources?source=2&fact=")


def test_quarantine_shows_where_and_why(app: AppFactory) -> None:
    at = app(PAGE, tab="quarantine")
    assert_clean(at)
    table = at.dataframe[0].value
    assert table["位置"].tolist() == ["行 12"]
    assert "无法识别的期间" in table["原因"][0]
    assert table["原文"][0] == "sources?source=1"


def test_checks_list_each_rule_with_its_offending_rows(app: AppFactory) -> None:
    at = app(PAGE, tab="checks")
    assert_clean(at)
    labels = [e.label for e in at.expander]
    assert labels, "every check in sql/checks is listed"
    suspect = next(label for label in labels if "存疑" in label)
    assert suspect.startswith(":red[:material/error:]") and suspect.endswith("（1 行）")
    assert any(label.startswith(":green[") for label in labels)  # passing checks are shown as passing


def test_switching_tabs_updates_the_url(app: AppFactory) -> None:
    at = app(PAGE)
    at.segmented_control(key="qp_tab").set_value("quarantine").run()
    assert_clean(at)
    assert qp(at, "tab") == ["quarantine"]
