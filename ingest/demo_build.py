"""Build the embedded demo warehouse from the sample data bundled in ``ingest/demo`` (``zhibiao demo``).

The demo is rebuilt from scratch each time (deterministic: same bundled data, same facts), under the write lock,
and published like any load, so a running dashboard switches to it without a restart. A warehouse that is not a
demo warehouse is never overwritten unless ``force`` is given.
"""

from __future__ import annotations

from collections.abc import Callable

import duckdb

from ingest import demo
from ingest.catalog import Catalog
from ingest.load import load_doc
from ingest.text import read_report
from warehouse.store import Warehouse


def is_demo(warehouse: Warehouse) -> bool:
    """True when the warehouse at ``warehouse.path`` was built by ``zhibiao demo`` (or does not exist)."""
    if not warehouse.exists():
        return True
    try:
        rows = warehouse.reader().rows("select value from meta where key = 'demo'")
    except (duckdb.Error, FileNotFoundError):
        return False
    return bool(rows)


def build_demo(
    warehouse: Warehouse,
    *,
    force: bool = False,
    on_step: Callable[[int, int, str], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
) -> str:
    """(Re)build the demo warehouse; return a one-line summary."""
    if not force and not is_demo(warehouse):
        raise ValueError(
            f"{warehouse.path} 不是演示仓库，拒绝覆盖（可用 --force）/ is not a demo warehouse; refusing to overwrite "
            "it (use --force)"
        )
    catalog = Catalog.load()
    docs = demo.table_docs()
    reports = [read_report(path, region=region, period=period) for path, region, period in demo.reports()]
    total = len(docs) + len(reports)
    facts = quarantined = 0
    with warehouse.writer(fresh=True, on_wait=on_wait) as writer:
        for i, doc in enumerate([*docs, *reports], 1):
            result = load_doc(writer, doc, catalog)
            facts += result.facts
            quarantined += result.quarantined
            if on_step is not None:
                on_step(i, total, doc.path.name)
        with writer.transaction() as con:
            con.execute("insert or replace into meta values ('demo', ?)", [demo.DEMO_VERSION])
    return f"{total} 个来源 sources, {facts:,} 条事实 facts, {quarantined} 条隔离 quarantined"
