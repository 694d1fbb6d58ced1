"""The dashboards' imports, done at server start instead of in the first visitor's page run (``zhibiao serve``).

Streamlit imports a page's modules on the first run of the first session. On the 2-core machine that run took ~5 s
(the first visitor after a restart waited for it; later sessions run the page in ~50 ms): polars, pyarrow, DuckDB,
sqlglot, the warehouse and dashboards modules, and pandas (which ``st.dataframe`` imports on first use).
``zhibiao.served`` calls :func:`start` when the server starts: a background thread imports them while nobody is
waiting. A page run that begins before it is done waits for it (:func:`wait`, first thing in ``dashboards/app.py``)
rather than importing the same modules at the same time: two threads importing modules with circular imports between
them can make Python raise its import deadlock error in one of them.
"""

from __future__ import annotations

import importlib
import logging
import threading
import time

PRELOAD = (
    "pandas",
    "polars",
    "pyarrow",
    "duckdb",
    "dashboards.data",
    "dashboards.charts",
    "dashboards.compare",
    "dashboards.tables",
    "dashboards.widgets",
    "dashboards.ui",
)

log = logging.getLogger(__name__)

_started = threading.Event()
_done = threading.Event()


def preload(modules: tuple[str, ...] = PRELOAD, timeout: float = 60.0) -> None:
    """Import ``modules`` once Streamlit's runtime exists (the dashboards' cached readers are declared at import,
    and Streamlit expects a runtime by then). A failure is logged and left to the page run, which reports it."""
    from streamlit import runtime

    deadline = time.monotonic() + timeout
    while not runtime.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    for name in modules:
        try:
            importlib.import_module(name)
        except Exception:  # the page's own import will raise it where the reader sees a message
            log.exception("preloading %s failed", name)


def start(modules: tuple[str, ...] = PRELOAD, timeout: float = 60.0) -> threading.Thread:
    """Import ``modules`` (see :func:`preload`) in a background thread; :func:`wait` returns when it is done."""

    def run() -> None:
        try:
            preload(modules, timeout)
        finally:
            _done.set()

    _started.set()
    thread = threading.Thread(target=run, name="zhibiao-preload", daemon=True)
    thread.start()
    return thread


def wait(timeout: float = 60.0) -> bool:
    """Block until a started preload is done. True at once when none was started (AppTest, plain ``streamlit run``);
    False when it is still running after ``timeout`` seconds (the page then imports on its own)."""
    if not _started.is_set():
        return True
    return _done.wait(timeout)
