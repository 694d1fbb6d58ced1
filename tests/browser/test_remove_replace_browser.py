"""Remove and replace in headless Chromium: 移除 a source on 来源 after confirming, and see the 来源 list mark it
removed; upload a changed version of a file on 导入 with 替换已导入的同名来源 ticked, and see the new value in the
series. Its own server over its own copy of the test warehouse, since these tests write."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser import test_review_browser
from tests.browser.test_browser import assert_no_error, settle, visit

review_server = test_review_browser.review_server  # a module-scoped server of this file's own

pytestmark = pytest.mark.browser

TABLE = "地区,期间,指标,数值,单位\n枫林区,2023,学校数,12,所\n"


@pytest.fixture
def page(browser: Any) -> Any:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    page = context.new_page()
    page.set_default_timeout(90_000)
    yield page
    context.close()


def _grid_text(page: Any) -> str:
    """The visible cells of the page's data grids (drawn on a canvas; the grid keeps an accessible copy)."""
    return " ".join(page.locator('[data-testid="stDataFrame"] table').all_inner_texts())


def test_remove_a_source_on_the_sources_page(page: Any, review_server: tuple[str, Path], artifacts: Path) -> None:
    from warehouse.store import Warehouse

    url, db = review_server
    source_id, title, n = (
        Warehouse(db)
        .reader()
        .rows(
            "select s.id, s.title, count(*) from series f join source s on s.id = f.source_id "
            "group by all order by 3 desc, 1 limit 1"
        )[0]
    )
    visit(page, f"{url}/sources?source={source_id}")
    page.get_by_role("button", name="移除此来源").click()
    page.get_by_text("确定要移除").first.wait_for()
    settle(page)
    assert Warehouse(db).reader().rows("select state from source where id = ?", [source_id]) == [("published",)]
    page.get_by_role("button", name="确认移除").click()
    page.get_by_text("已移除，").first.wait_for()
    assert f"已移除，{n} 个数值退出当前数据" in page.inner_text("body")
    assert_no_error(page)
    reader = Warehouse(db).reader()
    assert reader.rows("select count(*) from series where source_id = ?", [source_id]) == [(0,)]
    visit(page, f"{url}/sources")
    page.locator('[data-testid="stDataFrame"]').first.wait_for()
    page.wait_for_timeout(1000)  # the grid paints after layout
    page.screenshot(path=artifacts / "browser-sources-removed.png", full_page=True)
    rows = [line for line in _grid_text(page).splitlines() if title in line]
    assert rows and all("已移除" in line for line in rows), _grid_text(page)


def test_replace_an_upload_with_a_changed_version(page: Any, review_server: tuple[str, Path], artifacts: Path) -> None:
    from warehouse.store import Warehouse

    url, db = review_server
    files = 'input[type="file"]'
    visit(page, f"{url}/upload")
    page.set_input_files(files, files=[{"name": "枫林区学校.csv", "mimeType": "text/csv", "buffer": TABLE.encode()}])
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text("已导入 1 个数值").first.wait_for()
    old_id = Warehouse(db).reader().rows("select max(id) from source")[0][0]

    visit(page, f"{url}/upload")
    changed = TABLE.replace(",12,", ",13,").encode()
    page.set_input_files(files, files=[{"name": "枫林区学校.csv", "mimeType": "text/csv", "buffer": changed}])
    page.get_by_text("以前导入过同名或内容相同的来源").first.wait_for()
    page.get_by_text("替换已导入的同名来源").click()
    settle(page)
    page.get_by_role("button", name="确认导入").click()
    page.get_by_text(f"替换了来源 {old_id}").first.wait_for()
    page.screenshot(path=artifacts / "browser-upload-replaced.png", full_page=True)
    assert_no_error(page)
    reader = Warehouse(db).reader()
    new_id = reader.rows("select max(id) from source")[0][0]
    assert reader.rows("select state from source where id = ?", [old_id]) == [("removed",)]
    got = reader.rows(
        "select value, source_id from series where region_name = '枫林区' and indicator_name = '学校数' "
        "and period = '2023' and source_id in (?, ?)",
        [old_id, new_id],
    )
    assert got == [(13.0, new_id)]
