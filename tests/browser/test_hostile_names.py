"""Hostile names and URL parameters in the real browser: stored and reflected Markdown shows as plain text.

The names (Markdown links and images, HTML, Streamlit directives and icons, LaTeX) all point at a loopback port that
nobody serves. On every page that shows them, no element may carry that address in a linking attribute (no ``<a>``,
no ``<img>``, no SVG link in a chart), and the browser may send no request to it — Playwright records every request.

The browser is the suite's one Chromium (``browser`` in conftest: Playwright's sync API allows one instance per
process); the site is a second ``zhibiao serve`` over the hostile warehouse.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ZHIBIAO_CHROMIUM", "/usr/bin/chromium"))

sys.path.insert(0, str(ROOT / "tests" / "dashboards"))

import hostile  # noqa: E402  (the hostile names, shared with the AppTest checks)


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


PLANTED_PORT = _free_port()  # nobody listens here: a request to it is the beacon firing
NAMES = hostile.Names(f"http://127.0.0.1:{PLANTED_PORT}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``zhibiao serve`` over the hostile warehouse on a free port; yields its base URL."""
    if not CHROMIUM.exists():
        message = f"浏览器测试需要 Debian 的 chromium / browser tests need Debian's chromium at {CHROMIUM}"
        if os.environ.get("ZHIBIAO_REQUIRE_BROWSER") == "1":
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    folder = tmp_path_factory.mktemp("hostile-browser")
    db = folder / "warehouse.duckdb"
    hostile.build(db, NAMES)
    port = _free_port()
    log = folder / "serve.log"
    cmd = [sys.executable, "-m", "zhibiao", "--db", str(db), "serve", "--port", str(port), "--host", "127.0.0.1"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert proc.poll() is None, log.read_text(errors="replace")[-3000:]
            try:
                with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
            time.sleep(0.3)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


LINKING = ["href", "xlink:href", "src", "srcset", "action", "formaction", "poster", "background", "style", "data"]
"""Attributes through which an element links to or loads an address (input values and aria labels only show text)."""
PLANTED_ATTRIBUTES = """([host, names]) => [...document.querySelectorAll('*')].flatMap(el =>
    [...el.attributes].filter(a => names.includes(a.name) && a.value.includes(host))
        .map(a => `<${el.tagName} ${a.name}="${a.value}">`))"""


def open_page(browser: object, url: str) -> tuple[object, list[str], object]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000}, locale="zh-CN")  # type: ignore[attr-defined]
    page = context.new_page()
    page.set_default_timeout(90_000)
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(url)
    page.wait_for_selector("h1")
    page.wait_for_selector('[data-testid="stApp"][data-test-script-state="notRunning"]', state="attached")
    page.wait_for_timeout(1500)  # images and fonts the page might fetch
    return page, requests, context


CASES = {
    "trend-stored": ("trend", {"indicator": "urban_dibao_households", "region": "990103"}, "点此核对数据"),
    "overview-city": ("overview", {"region": "990100"}, "点此核对数据"),
    "overview-region": ("overview", {"region": "990103"}, ":material/home:"),
    "compare": (
        "compare",
        {"indicator": "urban_dibao_households", "region": ["990102", "990103"], "bars": "1"},
        "枫林区",
    ),
    "sources": ("sources", {"source": "2"}, "澄湖区工作总结"),
    "trend-reflected": ("trend", {"q": NAMES.query}, "没有找到与"),
    "sql-reflected": ("sql", {"q": NAMES.sql}, "点击此处修复"),
}


@pytest.mark.parametrize("case", list(CASES))
def test_names_and_url_parameters_render_as_plain_text(browser: object, site: str, case: str) -> None:
    slug, params, visible = CASES[case]
    page, requests, context = open_page(browser, f"{site}/{slug}?{urlencode(params, doseq=True)}")
    try:
        host = f"127.0.0.1:{PLANTED_PORT}"
        assert page.evaluate(PLANTED_ATTRIBUTES, [host, LINKING]) == []  # type: ignore[attr-defined]
        assert [u for u in requests if host in u] == []
        assert page.locator("img").count() == 0  # type: ignore[attr-defined]
        assert page.locator(".katex").count() == 0  # type: ignore[attr-defined]
        body = page.inner_text("body")  # type: ignore[attr-defined]
        assert visible in body, body[:2000]
        assert f"{host}/" in body.replace("\u2060", "") or case == "compare"  # the address is shown, as text
    finally:
        context.close()  # type: ignore[attr-defined]
