"""The worst hostile files uploaded on the 导入 page of the served app in headless Chromium: each ends as the page's
error message naming the file, and the server keeps answering (health endpoint, pages still render)."""

from __future__ import annotations

import urllib.request
from pathlib import Path

import pytest

from tests.browser.test_browser import settle, visit
from tests.hostile.corpus import write  # the hostile-file generators

pytestmark = pytest.mark.browser

WORST = {
    "xlsx_far_corner": "A1:XFD1048576",  # aborted the server with a 512 GB allocation
    "xlsx_far_formula": "A1:XFD1048576",
    "docx_paragraphs": "more than 200,000 paragraphs",
    "text_single_line": "line 1 has 3,200,000 characters",
}


def healthy(server: str) -> bool:
    with urllib.request.urlopen(f"{server}/_stcore/health", timeout=10) as response:
        return response.status == 200


@pytest.mark.parametrize("name", list(WORST))
def test_a_hostile_upload_is_an_error_and_the_server_keeps_serving(
    page: object, server: str, artifacts: Path, tmp_path: Path, name: str
) -> None:
    path = write(name, tmp_path)
    visit(page, f"{server}/upload")
    page.locator('[data-testid="stFileUploaderDropzoneInput"]').set_input_files(str(path))  # type: ignore[attr-defined]
    error = page.locator('[data-testid="stAlertContentError"]')  # type: ignore[attr-defined]
    error.first.wait_for()
    settle(page)
    text = error.first.inner_text()
    assert f"无法读取这个文件：{path.name}: " in text and WORST[name] in text, text  # after the icon's name
    assert "/tmp/" not in text
    page.screenshot(path=artifacts / f"browser-hostile-{name}.png", full_page=True)  # type: ignore[attr-defined]
    assert healthy(server)
    visit(page, f"{server}/overview")
    assert page.inner_text("h1").strip() == "总览"  # type: ignore[attr-defined]
