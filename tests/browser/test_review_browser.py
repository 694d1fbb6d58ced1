"""The review step in headless Chromium: upload a report on 导入, stage it, change a value in the review table with
the keyboard, publish, and find the corrected value in the warehouse. Its own server over its own copy of the test
warehouse, since this test writes."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.browser.conftest import _require_browser, fixture, serving
from tests.browser.test_browser import assert_no_error, settle, visit

pytestmark = pytest.mark.browser

REPORT = "枫林区2023年民政工作总结\n全区有城市低保户700户，较上年增加50户。全区有学校12所。\n"


@pytest.fixture(scope="module")
def review_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Path]]:
    _require_browser()
    db = tmp_path_factory.mktemp("review-browser") / "warehouse.duckdb"
    fixture.build(db)
    with serving(db, db.with_name("serve.log")) as url:
        yield url, db


def test_stage_edit_a_value_and_publish(browser: Any, review_server: tuple[str, Path], artifacts: Path) -> None:
    from warehouse.store import Warehouse

    url, db = review_server
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")
    try:
        page = context.new_page()
        page.set_default_timeout(90_000)
        visit(page, f"{url}/upload")
        page.set_input_files(
            'input[type="file"]',
            files=[{"name": "枫林区2023年工作总结.txt", "mimeType": "text/plain", "buffer": REPORT.encode()}],
        )
        page.get_by_role("button", name="暂存待审").click()
        page.get_by_text("审核：").first.wait_for()
        settle(page)
        assert_no_error(page)
        grid = page.locator('[data-testid="stDataFrame"] canvas').last
        grid.wait_for()
        page.wait_for_timeout(1000)  # the grid paints after layout
        page.screenshot(path=artifacts / "browser-review-table.png", full_page=True)
        # double-click the first row's 数值 cell (the third column: 编号 ~75 px, 指标 ~200 px) to open its
        # editor, type the corrected value, Enter commits it
        box = grid.bounding_box()
        assert box is not None
        page.mouse.dblclick(box["x"] + 312, box["y"] + 35 + 17)
        editor = page.locator("#portal input, #portal textarea").first
        editor.wait_for()
        editor.fill("705")
        page.keyboard.press("Enter")
        settle(page)
        page.wait_for_timeout(500)
        page.screenshot(path=artifacts / "browser-review-edited.png", full_page=True)
        page.get_by_role("button", name="发布", exact=True).click()
        page.get_by_text("已发布").first.wait_for()
        page.screenshot(path=artifacts / "browser-review-published.png", full_page=True)
        assert "已发布 2 个数值（修改 1 条，删除 0 条）" in page.inner_text("body")
        assert_no_error(page)
    finally:
        context.close()
    reader = Warehouse(db).reader()
    source_id = reader.rows("select max(id) from source")[0][0]
    assert reader.rows("select state from source where id = ?", [source_id]) == [("published",)]
    values = sorted(v for (v,) in reader.rows("select value from series where source_id = ?", [source_id]))
    assert values == [12.0, 705.0]
    assert reader.rows("select detail, via from change_log where action = 'edit'") == [("数值 700 → 705", "导入页面")]
