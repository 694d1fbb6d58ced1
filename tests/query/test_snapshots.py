"""The guarded path follows the published snapshot: new facts appear without a restart, and one worker serves
queries one at a time (a second caller waits for it rather than failing)."""

from __future__ import annotations

import shutil
import threading
import time
from pathlib import Path

import pytest
from query_helpers import worker_pid

from warehouse.query import QueryLimits, QueryService, QueryTimeout
from warehouse.store import Warehouse


def test_a_new_snapshot_is_seen_by_the_same_worker(fx_db: Path, tmp_path: Path) -> None:
    copy = tmp_path / "wh"
    shutil.copytree(fx_db.parent, copy, ignore=shutil.ignore_patterns("*.lock"))
    db = copy / fx_db.name
    with QueryService(db, QueryLimits(workers=1)) as svc:
        before = svc.run("select count(*) from fact").frame.item()
        pid, snapshot = worker_pid(svc), svc.catalog().snapshot
        with Warehouse(db).writer() as w, w.transaction() as con:
            con.execute("create table extra (n integer)")
            con.execute(
                "insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, kind, "
                "source_id, quote) select max(id) + 1, 'schools', '990103', '2023', 9, '所', 9, '所', 'actual', 1, "
                "'行 99' from fact"
            )
        assert svc.run("select count(*) from fact").frame.item() == before + 1
        assert svc.run("select count(*) from extra").frame.item() == 0  # the new table is queryable at once
        assert svc.catalog().snapshot != snapshot and worker_pid(svc) == pid


def test_one_worker_serves_callers_in_turn(svc: QueryService) -> None:
    svc.run("select 1")  # started and warm: what follows measures the wait, not the start-up
    outcome: dict[str, object] = {}

    def runaway() -> None:
        try:
            svc.run("select count(*) from range(1000000000000) t(a)", timeout=0.5)
        except QueryTimeout as err:
            outcome["runaway"] = err

    pid = worker_pid(svc)
    thread = threading.Thread(target=runaway)
    thread.start()
    while svc._idle.qsize() and thread.is_alive():
        time.sleep(0.001)  # until the runaway has borrowed the only worker
    assert svc.run("select 7 as n").frame.item() == 7  # queued for the busy worker, then ran: not refused as busy
    thread.join()
    assert isinstance(outcome["runaway"], QueryTimeout)
    assert worker_pid(svc) == pid  # the same worker served both, the runaway interrupted in place


def test_a_closed_service_says_so(fx_db: Path) -> None:
    svc = QueryService(fx_db, QueryLimits(workers=1))
    svc.close()
    with pytest.raises(Exception, match="查询服务已关闭 / the query service is closed"):
        svc.run("select 1")
