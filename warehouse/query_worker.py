"""The sandbox of the guarded SQL path (docs/sql.md): worker processes that run checked queries on a read-only snapshot.

DuckDB's sandbox settings are instance-wide and cannot be undone once ``lock_configuration`` is set, so analysts' SQL
runs in processes of its own (docs/duckdb.md, "The SQL sandbox"): fresh interpreters, never forks of the
multi-threaded server. Each worker:

- caps its own address space (``RLIMIT_AS``), since DuckDB's ``memory_limit`` is not a hard cap;
- opens the snapshot it is told to, ``read_only``, then in this order: no spill files, no external access, no
  extension autoload/autoinstall, no Python replacement scans, JSON errors, bounded threads and memory, and
  ``lock_configuration`` so no statement can loosen any of it; it reopens when it is sent a newer snapshot;
- runs only a single SELECT (checked again with DuckDB's parser), stops it with ``interrupt()`` on the same cursor
  when the time is up, streams at most ``limit + 1`` rows and at most ``max_bytes`` of Arrow data (small batches, so
  a query of huge strings stops early instead of filling memory), and answers with Arrow IPC bytes;
- makes every result readable by polars (:mod:`warehouse.query_results`): unique column names, text for the types
  and values polars cannot carry.

The parent side, :class:`Worker`, kills a worker that does not answer in time; the pool starts a fresh one.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa
import pyarrow.ipc as ipc

from warehouse import db
from warehouse.query_policy import statement_kind
from warehouse.query_results import as_text, needs_text, readable, rows_within, unique_names

__all__ = ["Worker", "WorkerDied", "WorkerHung", "serve"]

START_TIMEOUT = 60.0
"""Seconds a new worker may take to import DuckDB and say it is ready."""

BATCH_ROWS = 1024
"""Rows per Arrow batch pulled from DuckDB: small enough that one batch of very wide rows stays far below the byte
budget and the memory cap, large enough that a million-row export is a thousand batches."""


class WorkerDied(RuntimeError):
    """The worker process exited (e.g. killed by the OS memory limit) before answering."""


class WorkerHung(TimeoutError):
    """The worker did not answer in time; it has been killed."""


# -- inside the worker process ----------------------------------------------------------------------------------
def _lock_down(con: Any, settings: dict[str, Any]) -> None:
    """Apply the sandbox settings in the order that holds on DuckDB 2.0 (measured; docs/duckdb.md).

    ``temp_directory`` first: once external access is off, DuckDB refuses to change it. ``lock_configuration`` last:
    after it no statement can change any setting, so nothing can loosen what came before.

    ``GLOBAL`` so that every cursor sees them (a plain ``SET`` of a session-scoped option such as ``errors_as_json``
    stays on the connection it ran on); once locked, neither global nor session options can be changed.
    """
    for statement in (
        "SET GLOBAL temp_directory = ''",  # no spill files beside the snapshot (must precede the next line)
        "SET GLOBAL enable_external_access = false",
        "SET GLOBAL autoinstall_known_extensions = false",
        "SET GLOBAL autoload_known_extensions = false",
        "SET GLOBAL python_enable_replacements = false",
        "SET GLOBAL errors_as_json = true",  # positions for error messages
        f"SET GLOBAL threads = {int(settings['threads'])}",
        f"SET GLOBAL memory_limit = '{int(settings['memory_mb'])}MiB'",
        "SET GLOBAL lock_configuration = true",
    ):
        con.execute(statement)


def _catalog(con: Any) -> dict[str, Any]:
    """The snapshot's own tables, views, macros and columns (what the gate allows and the schema browser shows)."""
    objects = con.execute(
        "select table_name, 'table' from duckdb_tables() where not internal and not temporary "
        "and schema_name = 'main' union all "
        "select view_name, 'view' from duckdb_views() where not internal and not temporary and schema_name = 'main'"
    ).fetchall()
    macros = con.execute(
        "select distinct lower(function_name), function_type from duckdb_functions() "
        "where not internal and schema_name = 'main' and function_type in ('macro', 'table_macro')"
    ).fetchall()
    columns = con.execute(
        "select table_name, column_name, data_type from duckdb_columns() "
        "where not internal and schema_name = 'main' and database_name = current_database() "
        "order by table_name, column_index"
    ).fetchall()
    return {
        "objects": [(name.lower(), kind) for name, kind in objects],
        "macros": [name for name, kind in macros if kind == "macro"],
        "table_macros": [name for name, kind in macros if kind == "table_macro"],
        "columns": [(t.lower(), c, d) for t, c, d in columns],
    }


def _duckdb_error(err: Exception) -> dict[str, Any]:
    """DuckDB's error as {type, message, position} (errors_as_json is on; older text is passed through)."""
    text = str(err)
    start = text.find("{")
    if start >= 0:
        with contextlib.suppress(ValueError):
            info = json.loads(text[start:])
            pos = info.get("position")
            return {
                "type": str(info.get("exception_type") or type(err).__name__),
                "message": str(info.get("exception_message") or text),
                "position": int(pos) if pos not in (None, "") else None,
            }
    return {"type": type(err).__name__, "message": text, "position": None}


class _Session:
    """The worker's one connection to the snapshot it was last told to use."""

    def __init__(self, settings: dict[str, Any]) -> None:
        self.settings = settings
        self.snapshot: str | None = None
        self.con: Any = None
        self.catalog: dict[str, Any] | None = None

    def open(self, snapshot: str) -> None:
        if snapshot == self.snapshot and self.con is not None:
            return
        if self.con is not None:
            with contextlib.suppress(Exception):
                self.con.close()
            self.con, self.snapshot, self.catalog = None, None, None
        con = db.connect(Path(snapshot), read_only=True)
        try:
            _lock_down(con, self.settings)
            self.catalog = _catalog(con)
        except BaseException:
            con.close()
            raise
        self.con, self.snapshot = con, snapshot

    def run(self, sql: str, limit: int, timeout: float, max_bytes: int = 2**62) -> dict[str, Any]:
        statements = self.con.extract_statements(sql)
        if len(statements) != 1 or statement_kind(statements[0]) != "SELECT":
            return {"ok": False, "kind": "refused", "error": {"message": "not a single SELECT statement"}}
        cur = self.con.cursor()
        fired: list[float] = []

        def stop() -> None:
            fired.append(time.perf_counter())
            cur.interrupt()

        timer = threading.Timer(timeout, stop)
        started = time.perf_counter()
        timer.start()
        bound = False
        try:
            rel = cur.sql(sql)  # binds; rows are produced only as the reader pulls them
            bound = True
            if rel is None:
                return {"ok": False, "kind": "refused", "error": {"message": "the statement returned no result"}}
            columns, types = unique_names(list(rel.columns)), [str(t) for t in rel.types]
            if any(needs_text(t) for t in types):
                rel = rel.project(
                    ", ".join(as_text(i, c, t) for i, (c, t) in enumerate(zip(columns, types, strict=True)))
                )
            reader = rel.to_arrow_reader(min(limit + 1, BATCH_ROWS))
            batches, rows, size, over_bytes = [], 0, 0, False
            for batch in reader:
                if size + batch.nbytes > max_bytes:
                    fit = rows_within(batch, max_bytes - size)
                    batches.append(batch.slice(0, fit))
                    rows += fit
                    over_bytes = True
                    break
                batches.append(batch)
                rows += batch.num_rows
                size += batch.nbytes
                if rows > limit:
                    break
            with contextlib.suppress(Exception):
                reader.close()
            table = pa.Table.from_batches(batches, schema=reader.schema)
        except duckdb.InterruptException:
            return {"ok": False, "kind": "timeout", "interrupt_ms": _since(fired), "error": {}}
        except duckdb.OutOfMemoryException as err:
            return {"ok": False, "kind": "memory", "error": _duckdb_error(err)}
        except MemoryError:
            return {"ok": False, "kind": "memory", "error": {"type": "MemoryError", "message": "MemoryError"}}
        except duckdb.Error as err:
            if fired:
                return {"ok": False, "kind": "timeout", "interrupt_ms": _since(fired), "error": {}}
            if not bound and "{" not in str(err):
                err = _bind_error(cur, sql) or err
            return {"ok": False, "kind": "error", "error": _duckdb_error(err)}
        finally:
            timer.cancel()
            with contextlib.suppress(Exception):
                cur.close()
        truncated = table.num_rows > limit or over_bytes
        table = readable(table.slice(0, limit), columns)
        sink = io.BytesIO()
        with ipc.new_stream(sink, table.schema) as writer:
            writer.write_table(table)
        return {
            "ok": True,
            "arrow": sink.getvalue(),
            "columns": columns,
            "types": types,
            "row_count": table.num_rows,
            "truncated": truncated,
            "truncated_by": "bytes" if over_bytes else ("rows" if truncated else None),
            "run_ms": (time.perf_counter() - started) * 1000,
        }


def _bind_error(cur: Any, sql: str) -> Exception | None:
    """The same binder error as JSON with its position: the relation API words binder errors without it, while
    ``execute()`` (which fails at the same bind step, before running anything) honours ``errors_as_json``."""
    try:
        cur.execute(sql)
    except duckdb.Error as err:
        return err
    return None


def _since(fired: list[float]) -> float | None:
    return (time.perf_counter() - fired[0]) * 1000 if fired else None


def serve(conn: Connection, settings: dict[str, Any]) -> None:
    """The worker's main loop: answer requests on ``conn`` until it closes or says ``stop``."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends us
    limit = int(settings["os_memory_mb"]) * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
    session = _Session(settings)
    conn.send({"ok": True, "ready": True, "pid": os.getpid()})
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        op = request.get("op")
        if op == "stop":
            return
        try:
            session.open(request["snapshot"])
            if op == "catalog":
                reply: dict[str, Any] = {"ok": True, "catalog": session.catalog}
            elif op == "run":
                reply = session.run(
                    request["sql"],
                    int(request["limit"]),
                    float(request["timeout"]),
                    int(request.get("max_bytes") or 2**62),
                )
            else:
                reply = {"ok": False, "kind": "error", "error": {"message": f"unknown request {op!r}"}}
        except MemoryError:
            reply = {"ok": False, "kind": "memory", "error": {"type": "MemoryError", "message": "MemoryError"}}
        except Exception as err:  # never let a request take the worker down; the parent turns this into a message
            reply = {"ok": False, "kind": "open" if session.con is None else "error", "error": _duckdb_error(err)}
        try:
            conn.send(reply)
        except (OSError, ValueError):
            return


# -- in the parent --------------------------------------------------------------------------------------------
class Worker:
    """One worker process and its socket, seen from the parent. Not thread-safe: the pool lends it to one thread.

    The worker is a fresh interpreter (``python -m warehouse.query_worker FD``), never a fork of the multi-threaded
    parent. Not ``multiprocessing``'s spawn or forkserver: both re-run the parent's ``__main__`` script in every
    worker, which crashes an unguarded script and makes each worker import the whole CLI or app.
    """

    def __init__(self, settings: dict[str, Any]) -> None:
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {
            **os.environ,
            "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p),
        }
        try:
            self.process = subprocess.Popen(
                [sys.executable, "-m", "warehouse.query_worker", str(theirs.fileno()), json.dumps(settings)],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                env=env,
            )
        finally:
            theirs.close()
        self._conn = Connection(ours.detach())
        self._ready = False
        self.pid = self.process.pid

    def _receive(self, wait: float) -> dict[str, Any]:
        if not self._conn.poll(wait):
            self.kill()
            raise WorkerHung(f"worker {self.pid} gave no answer within {wait:.1f}s")
        try:
            return self._conn.recv()
        except (EOFError, OSError) as err:
            self.kill()
            raise WorkerDied(f"worker {self.pid} exited (code {self.process.returncode})") from err

    def request(self, message: dict[str, Any], wait: float) -> dict[str, Any]:
        """Send ``message`` and wait up to ``wait`` seconds for the answer (after the worker's start-up)."""
        if not self._ready:
            self._receive(START_TIMEOUT)
            self._ready = True
        try:
            self._conn.send(message)
        except (OSError, ValueError) as err:
            self.kill()
            raise WorkerDied(f"worker {self.pid} is gone") from err
        return self._receive(wait)

    def alive(self) -> bool:
        return self.process.poll() is None

    def kill(self) -> None:
        """End the process now (SIGKILL also ends a stopped or wedged one)."""
        with contextlib.suppress(Exception):
            self.process.kill()
        with contextlib.suppress(Exception):
            self.process.wait(5)
        with contextlib.suppress(Exception):
            self._conn.close()

    def stop(self) -> None:
        """Ask the worker to exit, and kill it if it does not."""
        with contextlib.suppress(Exception):
            self._conn.send({"op": "stop"})
        with contextlib.suppress(Exception):
            self.process.wait(2)
        self.kill()


def main(argv: list[str] | None = None) -> None:
    """Entry point of a worker process: ``python -m warehouse.query_worker FD SETTINGS_JSON``."""
    fd, settings = (argv or sys.argv[1:])[:2]
    serve(Connection(int(fd)), json.loads(settings))


if __name__ == "__main__":
    main()
