"""Hostile names and URL parameters in the real browser: stored and reflected Markdown shows as plain text.

The names (Markdown links and images, HTML, Streamlit directives and icons, LaTeX) all point at a loopback port that
nobody serves. On every page that shows them, no element may carry that address in a linking attribute (no ``<a>``,
no ``<img>``, no SVG link in a chart), and the browser may send no request to it — Playwright records every request.

The browser is the suite's one Chromium (``browser`` in conftest: Playwright's sync API allows one instance per
process); the site is a second ``zhibiao serve`` over the hostile warehouse.
"""

from __future__ import annotations

import sys
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlencode

import pytest

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]

sys.path.insert(0, str(ROOT / "tests" / "dashboards"))

import hostile  # noqa: E402  (the hostile names, shared with the AppTest checks)

from tests.browser.conftest import _require_browser, free_port, serving  # noqa: E402

PLANTED_PORT = free_port()  # nobody listens here: a request to it is the beacon firing
NAMES = hostile.Names(f"http://127.0.0.1:{PLANTED_PORT}")


@pytest.fixture(scope="module")
def site(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``zhibiao serve`` over the hostile warehouse on a free port; yields its base URL."""
    _require_browser()
    folder = tmp_path_factory.mktemp("hostile-browser")
    db = folder / "warehouse.duckdb"
    hostile.build(db, NAMES)
    with serving(db, folder / "serve.log") as url:
        yield url


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
