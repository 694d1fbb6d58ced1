"""Parse untrusted files in a worker process the parent can afford to lose.

A hostile file can make a parser allocate without bound (a sheet cell at XFD1048576 asks the reader library for
512 GB and aborts the process), spin for minutes, or block forever. So ``ingest``, ``extract`` and the 导入 page
never parse in their own process: a :class:`ParseWorker` is a fresh interpreter (``python -m ingest.parse_worker
FD``, not a fork of a multi-threaded server) that

- caps its address space (``RLIMIT_AS``) and its CPU time (``RLIMIT_CPU``, renewed for every file),
- reads and parses one file per request and answers with the parsed :class:`~ingest.model.SourceDoc` (plain
  dataclasses and a polars frame, pickled over a socket) or a one-line error,
- never writes anything: the parent keeps the warehouse writer.

The parent kills a worker that does not answer within the wall-clock limit, turns a dead or killed worker into one
bilingual line naming the file and the cause, and starts a fresh worker for the next file. Limits: :mod:`ingest.limits`.
"""

from __future__ import annotations

import contextlib
import json
import os
import resource
import signal
import socket
import subprocess
import sys
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

from ingest.limits import ParseLimits, limits
from ingest.model import IngestError, SourceDoc

__all__ = ["ParseWorker", "parse_file"]

START_TIMEOUT = 60.0
"""Seconds a new worker may take to import the readers and say it is ready (on top of the parse time limit)."""


# -- inside the worker process ----------------------------------------------------------------------------------
def _read(request: dict[str, Any]) -> SourceDoc:
    path = Path(request["path"])
    options = request.get("options") or {}
    if request.get("mode") == "report":
        from ingest.text import read_report

        return read_report(path, **options)
    from ingest.readers import read_file

    return read_file(path, **options)


def _cause(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return f"{type(err).__name__}: {lines[0][:200]}" if lines else type(err).__name__


def serve(conn: Connection, settings: ParseLimits) -> None:
    """Answer ``read`` requests on ``conn`` until it closes."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle; it ends us
    cap = settings.memory_mb * 2**20
    resource.setrlimit(resource.RLIMIT_AS, (cap, cap))
    import ingest.tables
    import ingest.text  # noqa: F401

    conn.send({"ok": True, "ready": True, "pid": os.getpid()})
    while True:
        try:
            request = conn.recv()
        except (EOFError, OSError):
            return
        if request.get("op") != "read":
            return
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = int(used.ru_utime + used.ru_stime + settings.timeout) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, resource.RLIM_INFINITY))  # SIGXCPU ends us past it
        try:
            reply: dict[str, Any] = {"ok": True, "doc": _read(request)}
        except IngestError as err:
            reply = {"ok": False, "message": " ".join(str(err).split())}
        except MemoryError:
            reply = {"ok": False, "kind": "memory"}
        except RecursionError:
            reply = {"ok": False, "message": f"{request['path']}: 结构嵌套过深，无法读取 / nested too deeply to read"}
        except Exception as err:  # a reader bug still ends as one line naming the file
            reply = {"ok": False, "message": f"{request['path']}: 读取失败 / could not be read: {_cause(err)}"}
        try:
            conn.send(reply)
        except MemoryError:
            conn.send({"ok": False, "kind": "memory"})
        except (OSError, ValueError):
            return


# -- in the parent --------------------------------------------------------------------------------------------
class ParseWorker:
    """A parse worker seen from the parent; started on first use, replaced after it dies. A context manager.

    Not thread-safe: one caller at a time. ``read`` raises :class:`IngestError` (one line, naming the file) for a
    file that cannot be parsed, whatever the way it failed.
    """

    def __init__(self, settings: ParseLimits | None = None) -> None:
        self.settings = settings or limits()
        self._process: subprocess.Popen[bytes] | None = None
        self._conn: Connection | None = None
        self._ready = False

    def __enter__(self) -> ParseWorker:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def start(self) -> ParseWorker:
        """Start the worker process now without waiting for it: its imports overlap the caller's own work (opening
        the warehouse, hashing files); the first ``read`` waits until it is ready."""
        if self._process is not None:
            return self
        ours, theirs = socket.socketpair()
        package_root = str(Path(__file__).resolve().parent.parent)
        env = {
            # glibc gives each reader thread its own 64 MiB malloc arena: under RLIMIT_AS that reserved, unused
            # address space alone fails the second file of a 1.5 GiB worker. Two arenas cost nothing measurable.
            "MALLOC_ARENA_MAX": "2",
            **os.environ,
            "PYTHONPATH": os.pathsep.join(p for p in (package_root, os.environ.get("PYTHONPATH")) if p),
        }
        try:
            self._process = subprocess.Popen(
                [
                    sys.executable,
                    "-m",
                    "ingest.parse_worker",
                    str(theirs.fileno()),
                    json.dumps(self.settings.to_json()),
                ],
                pass_fds=(theirs.fileno(),),
                stdin=subprocess.DEVNULL,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,  # a reader library's abort message is not for the user; we say what happened
                env=env,
            )
        finally:
            theirs.close()
        self._conn = Connection(ours.detach())
        self._ready = False
        return self

    def _connection(self) -> Connection:
        """The worker's connection once it has said it is ready (starting it first if need be)."""
        self.start()
        conn = self._conn
        assert conn is not None
        if self._ready:
            return conn
        if not conn.poll(START_TIMEOUT):
            self.close()
            raise IngestError(f"解析进程未能启动 / the parse worker did not start within {START_TIMEOUT:.0f} s")
        try:
            conn.recv()
        except (EOFError, OSError) as err:
            self.close()
            raise IngestError("解析进程未能启动 / the parse worker exited while starting") from err
        self._ready = True
        return conn

    def read(self, path: Path | str, *, mode: str = "file", **options: Any) -> SourceDoc:
        """Parse ``path`` in the worker: ``mode`` ``file`` reads any input (``read_file``), ``report`` a report."""
        conn = self._connection()
        try:
            conn.send({"op": "read", "path": str(path), "mode": mode, "options": options})
        except (OSError, ValueError):  # the worker is gone (killed from outside): a fresh one
            self.close()
            conn = self._connection()
            conn.send({"op": "read", "path": str(path), "mode": mode, "options": options})
        timeout = self.settings.timeout
        if not conn.poll(timeout + 5):
            self.close()
            raise IngestError(
                f"{path}: 解析超时（超过 {timeout:g} 秒），已停止，未导入 / parsing took longer than {timeout:g} s; "
                "stopped, nothing loaded (ZHIBIAO_PARSE_TIMEOUT)"
            )
        try:
            reply = conn.recv()
        except (EOFError, OSError, MemoryError):
            code = self._ended()
            raise IngestError(self._death(path, code)) from None
        if reply.get("ok"):
            return reply["doc"]
        if reply.get("kind") == "memory":
            self.close()  # a worker that ran out of memory may be in a bad state: the next file gets a fresh one
            raise IngestError(self._death(path, None))
        raise IngestError(reply["message"])

    def _ended(self) -> int | None:
        process = self._process
        self.close()
        return None if process is None else process.returncode

    def _death(self, path: Path | str, code: int | None) -> str:
        mb = self.settings.memory_mb
        if code == -signal.SIGXCPU:
            t = self.settings.timeout
            return (
                f"{path}: 解析超过 CPU 时间上限（{t:g} 秒），已停止，未导入 / parsing exceeded the CPU-time limit "
                f"({t:g} s); stopped, nothing loaded (ZHIBIAO_PARSE_TIMEOUT)"
            )
        how = f"signal {signal.Signals(-code).name}" if code is not None and code < 0 else f"exit {code}"
        if code is None:
            how = "MemoryError"
        return (
            f"{path}: 解析时超出内存上限（{mb} MiB）或解析器崩溃，未导入 / the parser ran out of memory ({mb} MiB "
            f"limit) or crashed ({how}); nothing loaded (ZHIBIAO_PARSE_MEMORY_MB)"
        )

    def close(self) -> None:
        """End the worker (if any); the next ``read`` starts a fresh one."""
        self._ready = False
        if self._conn is not None:
            with contextlib.suppress(Exception):
                self._conn.close()
            self._conn = None
        if self._process is not None:
            with contextlib.suppress(Exception):
                self._process.kill()
            with contextlib.suppress(Exception):
                self._process.wait(5)
            self._process = None


def parse_file(path: Path | str, *, mode: str = "file", **options: Any) -> SourceDoc:
    """Parse one file in a fresh bounded worker (:class:`ParseWorker`) and return its SourceDoc."""
    with ParseWorker() as worker:
        return worker.read(path, mode=mode, **options)


def main(argv: list[str] | None = None) -> None:
    """Entry point of a worker process: ``python -m ingest.parse_worker FD LIMITS_JSON``."""
    fd, settings = (argv or sys.argv[1:])[:2]
    serve(Connection(int(fd)), ParseLimits(**json.loads(settings)))


if __name__ == "__main__":
    main()
