"""Read-only access to the published snapshot, shared by every thread of a process (docs/duckdb.md).

One DuckDB connection per snapshot; each call takes its own ``cursor()`` (a connection serves one call at a time,
cursors run in parallel). When ``CURRENT`` moves, the next call opens the new snapshot and drops its reference to
the old connection without closing it: a cursor keeps its database open by itself, so a query in flight (or a
cursor a caller still holds) finishes on the old snapshot, and DuckDB closes the file — and the disk space of a
pruned snapshot comes back — when the last cursor on it closes.

A reader also notices a writer that died before publishing (a WAL left behind, or the journal ahead of
``CURRENT``) and, when no writer holds the lock, replays and publishes that work itself.
"""

from __future__ import annotations

import contextlib
import threading
import time
from pathlib import Path
from typing import TYPE_CHECKING, Any

import duckdb
import polars as pl

from warehouse import db, paths, publish
from warehouse.errors import WarehouseDamaged, WarehouseNotFound, WriterBusy

if TYPE_CHECKING:
    from warehouse.store import Warehouse

__all__ = ["Reader"]

RECHECK = 2.0
"""Seconds between checks for a crashed writer's unpublished work."""


class Reader:
    """Read-only access to the current snapshot, shared by all threads of a process."""

    def __init__(self, warehouse: Warehouse, *, recover: bool = True) -> None:
        self.warehouse = warehouse
        self.recover = recover
        self.warning: str | None = None
        """Set when the master could not be recovered (the reader keeps serving the last good snapshot)."""
        self._lock = threading.Lock()
        self._recovering = threading.Lock()
        self._con: duckdb.DuckDBPyConnection | None = None
        self._snapshot: Path | None = None
        self._pointer_stamp: tuple[int, int] | None = None
        self._checked = float("-inf")
        self._gave_up: tuple[Any, ...] | None = None

    @property
    def snapshot(self) -> Path | None:
        """The snapshot file the reader currently reads."""
        return self._snapshot

    def _stamp(self) -> tuple[int, int] | None:
        try:
            st = paths.current_pointer(self.warehouse.path).stat()
        except FileNotFoundError:
            return None
        return (st.st_mtime_ns, st.st_ino)

    def connection(self) -> duckdb.DuckDBPyConnection:
        """The connection to the current snapshot, reopened when the pointer moved. Threads use ``cursor()``."""
        if self.recover:
            self._maybe_recover(first=self._con is None)
        stamp = self._stamp()
        with self._lock:
            if self._con is not None and stamp == self._pointer_stamp:
                return self._con
            error: BaseException | None = None
            for _attempt in range(5):
                snap = publish.current(self.warehouse.path)
                if snap is None:
                    self.warehouse.ensure_published()
                    snap = publish.current(self.warehouse.path)
                if snap is None:
                    raise WarehouseNotFound(f"仓库尚无可读快照 / no published snapshot: {self.warehouse.path}")
                if snap == self._snapshot and self._con is not None:
                    self._pointer_stamp = self._stamp()
                    return self._con
                try:
                    con = db.connect(snap, read_only=True)
                except duckdb.Error as err:
                    error = err  # pruned between reading CURRENT and opening it: read the pointer again
                    time.sleep(0.05)
                    continue
                # The old connection is dropped, not closed: closing it would break cursors other threads hold.
                self._con, self._snapshot, self._pointer_stamp = con, snap, stamp
                return con
            raise WarehouseNotFound(
                f"无法打开当前快照 / cannot open the current snapshot of {self.warehouse.path}: {error}"
            )

    def _maybe_recover(self, *, first: bool) -> None:
        now = time.monotonic()
        if not first and now - self._checked < RECHECK:
            return
        self._checked = now
        if not self.warehouse.needs_recovery():
            return
        if first:
            self._recover()
        elif not self._recovering.locked():
            threading.Thread(target=self._recover, name="zhibiao-recover", daemon=True).start()

    def _recover(self) -> None:
        if not self._recovering.acquire(blocking=False):
            return
        try:
            state = self.warehouse.fingerprint()
            if state == self._gave_up:
                return
            try:
                self.warehouse.recover_if_needed()
            except (WarehouseDamaged, WriterBusy, OSError, duckdb.Error) as err:
                self.warning = str(err)
                self._gave_up = state
        finally:
            self._recovering.release()

    def cursor(self) -> duckdb.DuckDBPyConnection:
        """A new cursor on the current snapshot, for one thread (close it when done)."""
        return self.connection().cursor()

    def query(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> pl.DataFrame:
        """Run a read query on a fresh cursor and return a polars DataFrame."""
        cur = self.cursor()
        try:
            return cur.sql(sql, params=params).pl()
        finally:
            cur.close()

    def rows(self, sql: str, params: list[Any] | dict[str, Any] | None = None) -> list[tuple[Any, ...]]:
        """Run a read query on a fresh cursor and return its rows as tuples."""
        cur = self.cursor()
        try:
            return cur.execute(sql, params).fetchall()
        finally:
            cur.close()

    def close(self) -> None:
        """Close the current connection (tests, shutdown); cursors still open on it stop working."""
        with self._lock:
            if self._con is not None:
                with contextlib.suppress(duckdb.Error):
                    self._con.close()
            self._con, self._snapshot, self._pointer_stamp = None, None, None
