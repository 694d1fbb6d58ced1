"""Crash points for the crash tests: ``ZHIBIAO_FAULT=<stage>[:<n>]`` kills the process at the n-th ``reach(stage)``.

The write path calls :func:`reach` at each step where a crash would leave a different state on disk (inside a
transaction, after the commit, during the checkpoint, half-way through the snapshot copy, between the copy and the
pointer rename …). With the variable unset it costs one dictionary lookup. ``tests/concurrency`` and
``bench/crash.py`` set it in a child process and check that the warehouse recovers by itself.

>>> reach("committed")  # no ZHIBIAO_FAULT: nothing happens
"""

from __future__ import annotations

import os
import signal

ENV = "ZHIBIAO_FAULT"

STAGES = (
    "locked",  # write lock taken, master not yet opened
    "opened",  # master opened (WAL replayed), nothing written
    "transaction",  # a load's rows written, not committed
    "committed",  # committed in DuckDB, journal not yet written
    "journaled",  # journal line written
    "checkpoint",  # about to checkpoint the master
    "closed",  # master checkpointed and closed, nothing published
    "copying",  # half of the snapshot copy written to gen-N.duckdb.tmp
    "copied",  # snapshot copy complete, not yet renamed
    "renamed",  # snapshot renamed to gen-N.duckdb, CURRENT not yet moved
    "pointer",  # CURRENT.tmp written, not yet renamed over CURRENT
    "published",  # CURRENT moved, old snapshots not yet pruned
    "swap",  # fresh rebuild complete in <db>.building, not yet renamed over the master
)

_hits: dict[str, int] = {}


def reach(stage: str) -> None:
    """Kill this process with SIGKILL if ``ZHIBIAO_FAULT`` names ``stage`` (on its n-th hit, default the first)."""
    spec = os.environ.get(ENV)
    if not spec:
        return
    name, _, nth = spec.partition(":")
    if name != stage:
        return
    _hits[stage] = _hits.get(stage, 0) + 1
    if _hits[stage] >= int(nth or 1):
        os.kill(os.getpid(), signal.SIGKILL)
