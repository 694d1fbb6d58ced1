"""The warehouse as a whole: one writer under a lock, many readers on published snapshots (docs/operations.md).

>>> import tempfile, pathlib
>>> wh = Warehouse(pathlib.Path(tempfile.mkdtemp()) / "w.duckdb")
>>> with wh.writer() as w:
...     with w.transaction() as con:
...         _ = con.execute("insert into domain values ('edu', '教育', 1)")
>>> wh.reader().query("select name from domain").to_dicts()
[{'name': '教育'}]

Crash safety: a load is one DuckDB transaction; each commit is journalled (``journal.py``); the snapshot is
published after the master is checkpointed and closed (``publish.py``). The next writer — or any reader, when no
writer holds the lock — replays what a dead writer committed and publishes it. A WAL that loses committed work, or a
master that will not open, raises :class:`WarehouseDamaged` with the files put aside; ``recover.py`` restores.
"""

from __future__ import annotations

import contextlib
import os
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any, ClassVar

import duckdb

from warehouse import faults, journal, paths, publish, schema, vintages
from warehouse.errors import WarehouseDamaged, WarehouseNotFound, WriterBusy
from warehouse.master import building_path, discard, open_master, put_aside, read_generation, wal_path
from warehouse.reader import Reader
from warehouse.writelock import WriteLock

__all__ = ["Reader", "Warehouse", "WarehouseDamaged", "WarehouseNotFound", "Writer", "WriterBusy"]

DEFAULT_WRITE_TIMEOUT = 600.0


def _has_table(con: duckdb.DuckDBPyConnection, name: str) -> bool:
    row = con.execute("select count(*) from duckdb_tables() where table_name = ?", [name]).fetchone()
    return bool(row and row[0])


class Writer:
    """The master file opened read-write under the lock. Each ``transaction()`` is one all-or-nothing load.

    Every commit moves ``meta.generation`` above ``floor`` (the highest generation the warehouse ever named), so a
    snapshot name is never reused, and is journalled with the sources it added.
    """

    def __init__(
        self,
        con: duckdb.DuckDBPyConnection,
        *,
        floor: int = 0,
        on_commit: Callable[[int, list[str]], None] | None = None,
    ) -> None:
        self.con = con
        self.floor = floor
        self.committed = 0
        self.sources: list[str] = []
        self._on_commit = on_commit

    @contextlib.contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """Begin; yield the connection; rank new facts, bump the generation and commit — or roll back on any exception.

        Every commit leaves each fact ranked (``fact.is_current``, ``warehouse.vintages``), whoever inserted it.
        """
        con = self.con
        con.begin()
        try:
            before = self._last_source_id()
            yield con
            vintages.rank(con)
            con.execute(
                "insert or replace into meta select 'generation', (greatest(coalesce((select value::bigint from meta "
                "where key = 'generation'), 0), ?) + 1)::varchar",
                [self.floor],
            )
            added = self._sources_since(before)
            faults.reach("transaction")
            con.commit()
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.rollback()
            raise
        faults.reach("committed")
        self.committed += 1
        self.sources.extend(added)
        if self._on_commit is not None:
            with contextlib.suppress(OSError):  # the load is committed; a journal we cannot write only weakens checks
                self._on_commit(self.generation(), added)
        faults.reach("journaled")

    def _last_source_id(self) -> int | None:
        if not _has_table(self.con, "source"):
            return None
        row = self.con.execute("select coalesce(max(id), 0) from source").fetchone()
        return int(row[0]) if row else 0

    def _sources_since(self, before: int | None) -> list[str]:
        if not _has_table(self.con, "source"):
            return []
        rows = self.con.execute("select path, sha256 from source where id > ? order by id", [before or 0]).fetchall()
        return [f"{path} (sha256 {sha[:12]})" for path, sha in rows]

    def generation(self) -> int:
        return read_generation(self.con)


class Warehouse:
    """A warehouse on disk: the master file, its lock, its journal and its published snapshots."""

    _readers: ClassVar[dict[Path, Reader]] = {}
    _readers_lock = threading.Lock()

    def __init__(self, path: str | os.PathLike[str] | None = None) -> None:
        self.path = paths.db_path(path)

    def __repr__(self) -> str:
        return f"Warehouse({str(self.path)!r})"

    def exists(self) -> bool:
        """True when the master file exists."""
        return self.path.exists()

    # -- writing -----------------------------------------------------------------------------------------------
    @contextlib.contextmanager
    def writer(
        self,
        *,
        timeout: float = DEFAULT_WRITE_TIMEOUT,
        on_wait: Callable[[str], None] | None = None,
        fresh: bool = False,
        purpose: str | None = None,
    ) -> Iterator[Writer]:
        """Take the write lock (waiting up to ``timeout`` s), open the master, yield a :class:`Writer`.

        On leaving, the master is checkpointed and closed, and a snapshot published if anything was committed
        (or if an earlier writer died between its commit and its publish). ``fresh`` builds a new master beside the
        old one (the demo rebuild) and swaps it in only when the whole build succeeded; readers keep the old
        snapshot until the new one is published. ``on_wait`` hears whom the writer is waiting for.
        """
        self.path.parent.mkdir(parents=True, exist_ok=True)
        lock = WriteLock(paths.lock_path(self.path), purpose)
        lock.acquire(timeout, on_wait, str(self.path))
        try:
            faults.reach("locked")
            discard(building_path(self.path))
            session = self._fresh_session() if fresh else self._master_session(timeout)
            with session as writer:
                yield writer
        finally:
            lock.release()

    def _floor(self) -> int:
        return max(journal.last_generation(self.path), publish.highest_generation(self.path))

    @contextlib.contextmanager
    def _master_session(self, timeout: float) -> Iterator[Writer]:
        if not self.exists() and publish.current(self.path) is not None:
            raise WarehouseDamaged(
                f"主仓库文件不见了，但已发布的快照还在 / the master file is missing but published snapshots exist: "
                f"{self.path}. 运行 `zhibiao recover` 从最新快照恢复，或删除整个目录重新开始 / run `zhibiao recover` "
                "to restore it from the newest snapshot, or delete the directory to start over"
            )
        con = open_master(self.path, journal.last_generation(self.path), timeout)
        faults.reach("opened")
        writer = Writer(
            con, floor=self._floor(), on_commit=lambda gen, added: journal.append(self.path, gen, sources=added)
        )
        generation: int | None = None
        try:
            if not schema.is_current(con):
                with writer.transaction():
                    schema.apply(con)
            yield writer
        finally:
            # Publish what was committed even when the caller failed part-way (its open transaction, if any,
            # was rolled back by Writer.transaction).
            with contextlib.suppress(duckdb.Error):
                generation = writer.generation()
                faults.reach("checkpoint")
                con.execute("checkpoint")
            con.close()
            faults.reach("closed")
            if generation is not None and (
                generation > publish.published_generation(self.path) or publish.current(self.path) is None
            ):
                publish.publish(self.path, generation)

    @contextlib.contextmanager
    def _fresh_session(self) -> Iterator[Writer]:
        building = building_path(self.path)
        con = open_master(building, 0, 0.0)
        writer = Writer(con, floor=self._floor())
        try:
            with writer.transaction():
                schema.apply(con)
            yield writer
            generation = writer.generation()
            con.execute("checkpoint")
            con.close()
        except BaseException:
            with contextlib.suppress(duckdb.Error):
                con.close()
            discard(building)
            raise
        publish.fsync_file(building)
        faults.reach("swap")
        # The old master's WAL must not be replayed into the new file: remove it before the rename.
        wal_path(self.path).unlink(missing_ok=True)
        os.replace(building, self.path)
        publish.fsync_dir(self.path.parent)
        journal.append(self.path, generation, sources=writer.sources, note="重建 / rebuilt from scratch")
        publish.publish(self.path, generation)

    def ensure_published(self, timeout: float = DEFAULT_WRITE_TIMEOUT) -> None:
        """Publish a snapshot if the master has none yet (or is ahead of it). Needs the master to exist."""
        if not self.exists():
            raise WarehouseNotFound(
                f"仓库不存在，请先运行 `zhibiao demo` 或 `zhibiao ingest` / no warehouse at {self.path}; "
                "run `zhibiao demo` or `zhibiao ingest` first"
            )
        with self.writer(timeout=timeout):
            pass

    # -- recovery ----------------------------------------------------------------------------------------------
    def needs_recovery(self) -> bool:
        """True when a writer left work unpublished (a WAL on disk, or the journal ahead of ``CURRENT``).

        Also true while a writer is running; :meth:`recover_if_needed` then finds the lock taken and does nothing.
        """
        if not self.exists():
            return False
        return wal_path(self.path).exists() or journal.last_generation(self.path) > publish.published_generation(
            self.path
        )

    def recover_if_needed(self) -> bool:
        """Replay and publish a dead writer's work if no writer holds the lock now; True when it ran."""
        if not self.needs_recovery():
            return False
        try:
            with self.writer(timeout=0, purpose="zhibiao: 恢复未发布的写入 / publishing a crashed writer's work"):
                pass
        except WriterBusy:
            return False
        return True

    def fingerprint(self) -> tuple[Any, ...]:
        """Sizes and times of the master and its WAL: tells whether a failed recovery is worth trying again."""
        out: list[Any] = []
        for f in (self.path, wal_path(self.path)):
            with contextlib.suppress(FileNotFoundError):
                st = f.stat()
                out.append((f.name, st.st_size, st.st_mtime_ns))
        return (*out, journal.last_generation(self.path))

    def put_aside(self, reason: str) -> Path | None:
        """Copy the master and its WAL into ``<db>.damaged/`` (once per distinct state); return the folder."""
        return put_aside(self.path, reason)

    # -- reading -----------------------------------------------------------------------------------------------
    def reader(self) -> Reader:
        """The process-wide :class:`Reader` of this warehouse."""
        with Warehouse._readers_lock:
            reader = Warehouse._readers.get(self.path)
            if reader is None:
                reader = Warehouse._readers[self.path] = Reader(self)
            return reader

    @classmethod
    def close_readers(cls) -> None:
        """Close every process-wide reader (tests use this between temporary warehouses)."""
        with cls._readers_lock:
            for reader in cls._readers.values():
                reader.close()
            cls._readers.clear()
