"""``python -m zhibiao.served run APP …``: ``streamlit run`` for ``zhibiao serve``, with the dashboards' imports done
at server start instead of in the first visitor's page run.

Streamlit imports a page's modules on the first run of the first session. On the 2-core machine that run took
~5 s (the first visitor after a restart waited for it; later sessions run the page in ~50 ms): polars, pyarrow,
DuckDB, sqlglot, the warehouse and dashboards modules, and pandas (which ``st.dataframe`` imports on first use).
A background thread imports them once the server is up, while nobody is waiting.
"""

from __future__ import annotations

import importlib
import logging
import sys
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

log = logging.getLogger("zhibiao.served")


def preload(timeout: float = 60.0) -> None:
    """Import ``PRELOAD`` once Streamlit's runtime exists (the dashboards' cached readers are declared at import,
    and Streamlit expects a runtime by then). A failure is logged and left to the page run, which reports it."""
    from streamlit import runtime

    deadline = time.monotonic() + timeout
    while not runtime.exists() and time.monotonic() < deadline:
        time.sleep(0.1)
    for name in PRELOAD:
        try:
            importlib.import_module(name)
        except Exception:  # the page's own import will raise it where the reader sees a message
            log.exception("preloading %s failed", name)


def main() -> None:
    threading.Thread(target=preload, name="zhibiao-preload", daemon=True).start()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
