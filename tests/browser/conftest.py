"""Real-browser fixtures: the served app (``zhibiao serve`` on a free port over the small test warehouse) and a
headless Debian Chromium driven by Playwright. Never downloads a browser.

Without ``/usr/bin/chromium`` the tests skip with a message — unless ``ZHIBIAO_REQUIRE_BROWSER=1`` (set by ``.ci/run``),
which turns the skip into a failure so CI always runs them. Screenshots go to ``$ZHIBIAO_ARTIFACTS`` (default
``artifacts/``).
"""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ZHIBIAO_CHROMIUM", "/usr/bin/chromium"))
LAUNCH_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]

sys.path.insert(0, str(ROOT / "tests" / "dashboards"))

import fixture  # noqa: E402  (lives beside the dashboard tests, found through the path above)


def _require_browser() -> None:
    if CHROMIUM.exists():
        return
    message = (
        f"浏览器测试需要 Debian 的 chromium（{CHROMIUM} 不存在）；请运行 `apt-get install chromium fonts-wqy-microhei` "
        f"/ browser tests need Debian's chromium at {CHROMIUM}"
    )
    if os.environ.get("ZHIBIAO_REQUIRE_BROWSER") == "1":
        pytest.fail(message + " (ZHIBIAO_REQUIRE_BROWSER=1)", pytrace=False)
    pytest.skip(message)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def wait_healthy(url: str, proc: subprocess.Popen[bytes], log: Path, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}:\n{log.read_text(errors='replace')[-3000:]}")
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"the server did not answer on {url} within {timeout:.0f} s:\n{log.read_text()[-3000:]}")


@pytest.fixture(scope="session")
def artifacts() -> Path:
    path = Path(os.environ.get("ZHIBIAO_ARTIFACTS") or ROOT / "artifacts")
    path.mkdir(parents=True, exist_ok=True)
    return path


@pytest.fixture(scope="session")
def browser_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("browser") / "warehouse.duckdb"
    fixture.build(path)
    return path


@contextlib.contextmanager
def serving(db: Path, log: Path) -> Iterator[str]:
    """``zhibiao serve`` on a free port over ``db`` (its output in ``log``); yields the base URL, then stops it and
    the Streamlit child it started (their own process group)."""
    port = free_port()
    env = {**os.environ, "ZHIBIAO_DB": str(db)}
    cmd = [sys.executable, "-m", "zhibiao", "serve", "--port", str(port), "--host", "127.0.0.1"]
    with log.open("wb") as out:
        proc = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(url, proc, log)
        yield url
    finally:
        os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()


@pytest.fixture(scope="session")
def server(browser_db: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``zhibiao serve`` on a free port over the test warehouse; yields its base URL."""
    _require_browser()
    with serving(browser_db, tmp_path_factory.mktemp("server") / "serve.log") as url:
        yield url


@pytest.fixture(scope="session")
def browser(server: str) -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=LAUNCH_ARGS)
        try:
            yield browser
        finally:
            browser.close()


@pytest.fixture
def page(browser: object, server: str) -> Iterator[object]:
    """A fresh browser context (its own Streamlit session) at 1400×1000 that accepts downloads."""
    context = browser.new_context(  # type: ignore[attr-defined]
        viewport={"width": 1400, "height": 1000}, accept_downloads=True, locale="zh-CN"
    )
    page = context.new_page()
    page.set_default_timeout(90_000)  # generous: CI machines may be busy; a healthy run takes seconds
    try:
        yield page
    finally:
        context.close()
