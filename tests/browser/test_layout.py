"""Every page at 1280 and 1400 px shows all its controls and columns: no button label cut to "月…" or "导出 …", no
table whose last column hides behind a scroll, no page wider than the window; screenshots of each in the artifacts.
The upload widget's own texts are Chinese."""

from __future__ import annotations

from pathlib import Path

import pytest

pytestmark = pytest.mark.browser

PAGES = ("overview", "trend", "compare", "sources", "quality", "upload")


def settle(page: object) -> None:
    """Wait until the last script run has finished and its elements are on screen."""
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached")  # type: ignore[attr-defined]
    page.wait_for_timeout(300)  # type: ignore[attr-defined]


def assert_no_error(page: object) -> None:
    body = page.inner_text("body")  # type: ignore[attr-defined]
    assert "Traceback" not in body and "Page not found" not in body
    assert page.locator('[data-testid="stException"]').count() == 0  # type: ignore[attr-defined]


WIDTHS = (1280, 1400)
EXTRA = ("sql",)
QUERY = {
    "compare": "?indicator=urban_dibao_households&indicator=dibao_funds&scope=990100&region=990102&region=990103"
    "&period=2021&period=2022&period=2023",
    "sql": "?q=select+region_name,+period,+value,+phrase+from+yoy+limit+20",
}

CUT = """() => {
  const main = document.querySelector('[data-testid="stMain"]') || document.body;
  const cut = [];
  for (const b of main.querySelectorAll('button, [data-testid="stWidgetLabel"]')) {
    for (const el of [b, ...b.querySelectorAll('*')]) {
      const style = getComputedStyle(el);
      if (el.scrollWidth > el.clientWidth + 1 && style.overflow !== 'visible' && el.innerText.trim()) {
        cut.push(b.innerText.trim() || b.getAttribute('aria-label'));
        break;
      }
    }
  }
  return cut;
}"""
HIDDEN_COLUMNS = """() => [...document.querySelectorAll('[data-testid="stDataFrame"] .dvn-scroller')]
  .filter(s => s.scrollWidth > s.clientWidth + 2).length"""


@pytest.mark.parametrize("width", WIDTHS)
@pytest.mark.parametrize("slug", [*PAGES, *EXTRA])
def test_every_control_and_column_fits(browser: object, server: str, artifacts: Path, slug: str, width: int) -> None:
    context = browser.new_context(viewport={"width": width, "height": 1000}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(90_000)
    try:
        page.goto(f"{server}/{slug}{QUERY.get(slug, '')}")
        page.wait_for_selector("h1")
        settle(page)
        page.wait_for_timeout(1200)  # the data grid measures its columns after the first paint
        page.screenshot(path=artifacts / f"layout-{slug}-{width}.png", full_page=True)
        assert_no_error(page)
        assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
        assert page.evaluate(CUT) == []
        assert page.evaluate(HIDDEN_COLUMNS) == 0
    finally:
        context.close()


def test_the_upload_widget_speaks_chinese(page: object, server: str) -> None:
    page.goto(f"{server}/upload")  # type: ignore[attr-defined]
    page.wait_for_selector('[data-testid="stFileUploaderDropzone"]')  # type: ignore[attr-defined]
    settle(page)
    zone = page.locator('[data-testid="stFileUploaderDropzone"]')  # type: ignore[attr-defined]
    shown = zone.inner_text()
    assert "Drag and drop" not in shown and "per file" not in shown and "Upload" not in shown
    words = zone.evaluate(
        """z => [...z.querySelectorAll('*')].flatMap(e => [getComputedStyle(e, '::before').content,
                                                       getComputedStyle(e, '::after').content]).join(' ')"""
    )
    assert "将文件拖放到此处" in words and "单个文件不超过" in words and "选择文件" in words
