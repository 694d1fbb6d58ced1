"""The served app in headless Chromium: every page renders in Chinese without errors, the trend and compare pages
respond to the reader, their state survives a reload from the URL, and the XLSX export opens with the right cells."""

from __future__ import annotations

import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlparse

import openpyxl
import pytest

pytestmark = pytest.mark.browser

PAGES = {"overview": "总览", "trend": "趋势", "compare": "对比", "sources": "来源", "quality": "质量", "upload": "导入"}


def settle(page: object) -> None:
    """Wait until the script run triggered by the last action has finished and its elements are on screen."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached")  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]  # let the last deltas paint


def visit(page: object, url: str) -> None:
    page.goto(url)  # type: ignore[attr-defined]
    page.wait_for_selector("h1")  # type: ignore[attr-defined]
    settle(page)


def params(page: object) -> dict[str, list[str]]:
    return parse_qs(urlparse(page.url).query)  # type: ignore[attr-defined]


def assert_no_error(page: object) -> None:
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "Traceback" not in body and "Page not found" not in body
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]
    assert page.locator('[data-testid="stAlertContentError"]').count() == 0  # type: ignore[attr-defined]


@pytest.mark.parametrize("slug", list(PAGES))
def test_every_page_renders_in_chinese(page: object, server: str, artifacts: Path, slug: str) -> None:
    visit(page, f"{server}/{slug}")  # every page, 总览 included, has its own address that can be bookmarked
    assert page.inner_text("h1").strip() == PAGES[slug]  # type: ignore[attr-defined]
    assert urlparse(page.url).path == f"/{slug}"  # type: ignore[attr-defined]
    assert_no_error(page)
    # The CJK font is installed and used: glyphs render (a missing font draws every character as a box).
    assert page.evaluate("document.fonts.check('16px \"WenQuanYi Micro Hei\"', '指标')")  # type: ignore[attr-defined]
    page.screenshot(path=artifacts / f"browser-{slug}.png", full_page=True)  # type: ignore[attr-defined]


def test_the_root_address_shows_the_overview_at_its_own_address(page: object, server: str) -> None:
    visit(page, f"{server}/?region=990102")
    page.get_by_text("青岚市 › 澄湖区 · 主要指标").wait_for()  # type: ignore[attr-defined]
    assert page.inner_text("h1").strip() == "总览"  # type: ignore[attr-defined]
    assert urlparse(page.url).path == "/overview" and params(page)["region"] == ["990102"]  # type: ignore[attr-defined]
    assert_no_error(page)
    # The sidebar marks 总览 as the current page, and its link is the page's own address.
    link = page.locator('[data-testid="stSidebarNav"] a', has_text="总览")  # type: ignore[attr-defined]
    assert link.count() == 1 and urlparse(link.get_attribute("href")).path == "/overview"
    # A bookmark of /overview with a selection opens that view in a new session, without "Page not found".
    other = page.context.new_page()  # type: ignore[attr-defined]
    visit(other, f"{server}/overview?region=990103")
    other.get_by_text("青岚市 › 枫林区 · 主要指标").wait_for()
    assert_no_error(other)
    other.close()


def test_trend_responds_and_its_url_restores_the_view(page: object, server: str, artifacts: Path) -> None:
    visit(page, f"{server}/trend")
    page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg')  # type: ignore[attr-defined]
    assert page.get_by_text("城市低保户数 · 年度（户）").is_visible()  # type: ignore[attr-defined]
    # Search by an alias, then pick the indicator it finds.
    search = page.get_by_label("搜索指标", exact=True)  # type: ignore[attr-defined]
    search.fill("低保资金")
    search.press("Enter")
    settle(page)
    page.get_by_text("低保金发放 · 年度（万元）").wait_for()  # type: ignore[attr-defined]
    assert params(page)["indicator"] == ["dibao_funds"]
    # Switch to quarters and bars.
    page.get_by_role("radio", name="季度").click()  # type: ignore[attr-defined]
    settle(page)
    page.get_by_role("radio", name="柱状图").click()  # type: ignore[attr-defined]
    settle(page)
    page.get_by_text("低保金发放 · 季度（万元）").wait_for()  # type: ignore[attr-defined]
    assert params(page)["period"] == ["Q"] and params(page)["chart"] == ["bar"]
    page.wait_for_selector('[data-testid="stPlotlyChart"] .barlayer .point')  # type: ignore[attr-defined]
    page.screenshot(path=artifacts / "browser-trend-interacted.png", full_page=True)  # type: ignore[attr-defined]
    # A shared link: a new session opened at this URL shows the same view.
    shared = page.url  # type: ignore[attr-defined]
    other = page.context.new_page()  # type: ignore[attr-defined]
    visit(other, shared)
    other.get_by_text("低保金发放 · 季度（万元）").wait_for()
    other.wait_for_selector('[data-testid="stPlotlyChart"] .barlayer .point')
    assert_no_error(other)
    other.close()


def test_compare_exports_the_table_as_xlsx(page: object, server: str, artifacts: Path, tmp_path: Path) -> None:
    visit(page, f"{server}/compare?indicator=urban_dibao_households&scope=990100&region=990102&region=990103")
    page.get_by_text("城市低保户数对比表（2021年—2023年）").wait_for()  # type: ignore[attr-defined]
    # Turn off the share column, as a reader preparing a table for a report might.
    page.get_by_text("占上级比重", exact=True).click()  # type: ignore[attr-defined]
    settle(page)
    assert params(page)["share"] == ["0"]
    page.screenshot(path=artifacts / "browser-compare-interacted.png", full_page=True)  # type: ignore[attr-defined]
    with page.expect_download() as info:  # type: ignore[attr-defined]
        page.get_by_role("button", name=re.compile("导出 Excel")).click()  # type: ignore[attr-defined]
    download = info.value
    assert download.suggested_filename == "城市低保户数对比表.xlsx"
    target = tmp_path / download.suggested_filename
    download.save_as(target)
    sheet = openpyxl.load_workbook(io.BytesIO(target.read_bytes())).active
    assert sheet["A1"].value == "城市低保户数对比表（2021年—2023年）"
    header = [c.value for c in sheet[3]]
    assert header == [
        "指标",
        "地区",
        "2021年（户）",
        "2022年（户）",
        "2023年（户）",
        "增减（户）",
        "增幅（%）",
        "变化说法",
        "同级排名",
    ]
    rows = {sheet.cell(r, 2).value: [sheet.cell(r, c).value for c in range(3, 7)] for r in (4, 5)}
    assert rows["澄湖区"] == [870, 852, 800, -52]
    assert rows["枫林区"] == [640, 650, 700, 50]
    assert sheet.freeze_panes == "A4"


def test_a_link_to_a_number_opens_its_sentence(page: object, server: str, browser_db: Path, artifacts: Path) -> None:
    from warehouse.store import Warehouse

    fact = Warehouse(browser_db).reader().rows("select id from fact where quote like '全区有城市低保户800户%'")[0][0]
    visit(page, f"{server}/sources?source=2&fact={fact}")
    page.get_by_text("定位到的原句").wait_for()  # type: ignore[attr-defined]
    assert page.get_by_text("澄湖区2023年民政工作总结").first.is_visible()  # type: ignore[attr-defined]
    # Report text is shown literally: the planted markup is text, not a script or formatting.
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "<script>alert(1)</script>" in body and "**注意**" in body
    assert_no_error(page)
    page.wait_for_selector('[data-testid="stDataFrame"] canvas')  # type: ignore[attr-defined]
    page.wait_for_timeout(1500)  # type: ignore[attr-defined]  # the tables paint their canvases after layout
    page.screenshot(path=artifacts / "browser-sources-sentence.png", full_page=True)  # type: ignore[attr-defined]
