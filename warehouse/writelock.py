"""The single-writer lock on ``<db>.lock``, which also says who holds it.

It is an OS lock (``flock`` through filelock): the kernel drops it when the holder exits, kill -9 included, so a
crashed writer never leaves the warehouse locked. The holder writes its PID, host, command line and start time
into the lock file (contenders open it without truncating), so a waiting writer can say whom it is waiting for.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shlex
import socket
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from filelock import FileLock, Timeout

from warehouse.errors import WriterBusy

__all__ = ["Holder", "WriteLock", "read_holder"]

ANNOUNCE_EVERY = 30.0
"""Seconds between repeated "still waiting" messages."""


@dataclass(frozen=True)
class Holder:
    """Who holds (or last held) the write lock."""

    pid: int
    host: str
    command: str
    since: float

    def alive(self) -> bool:
        """True when the holder is a live process on this host (or on another host: cannot tell)."""
        if self.host != socket.gethostname():
            return True
        try:
            os.kill(self.pid, 0)
        except ProcessLookupError:
            return False
        except PermissionError:
            return True
        return True

    def describe(self) -> str:
        """``进程 PID 123（zhibiao ingest a.csv），自 10:01:02 起 / PID 123 (zhibiao ingest a.csv) since 10:01:02``."""
        since = dt.datetime.fromtimestamp(self.since).strftime("%H:%M:%S")
        where = "" if self.host == socket.gethostname() else f"@{self.host}"
        return f"进程 PID {self.pid}{where}（{self.command}），自 {since} 起 / since {since}"


def read_holder(lock_path: Path) -> Holder | None:
    """The holder recorded in the lock file, or None (no file, not written yet, or unreadable)."""
    try:
        data = json.loads(lock_path.read_text(encoding="utf-8") or "null")
        return Holder(int(data["pid"]), str(data["host"]), str(data["command"]), float(data["since"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _command() -> str:
    argv = [Path(sys.argv[0]).name if sys.argv and sys.argv[0] else "python", *sys.argv[1:]]
    text = shlex.join(argv)
    return text if len(text) <= 200 else text[:197] + "…"


class WriteLock:
    """An exclusive, process-death-safe lock on ``lock_path`` that records its holder."""

    def __init__(self, lock_path: Path, purpose: str | None = None) -> None:
        self.path = lock_path
        self.purpose = purpose or _command()
        self._lock = FileLock(str(lock_path), on_acquired=self._record)

    def _record(self, fd: int) -> None:
        info = {"pid": os.getpid(), "host": socket.gethostname(), "command": self.purpose, "since": time.time()}
        data = json.dumps(info, ensure_ascii=False).encode("utf-8")
        try:
            os.ftruncate(fd, 0)
            os.pwrite(fd, data, 0)
        except OSError:
            pass  # the record only improves a message; the lock itself is held

    def try_acquire(self) -> bool:
        """Take the lock if it is free right now."""
        try:
            self._lock.acquire(timeout=0)
        except Timeout:
            return False
        return True

    def acquire(self, timeout: float, on_wait: Callable[[str], None] | None = None, target: str = "") -> None:
        """Wait up to ``timeout`` s, telling ``on_wait`` whom we wait for (again when that changes, or every 30 s)."""
        if self.try_acquire():
            return
        start = time.monotonic()
        deadline = start + max(0.0, timeout)
        announced: tuple[Holder | None, float] | None = None
        while True:
            holder = read_holder(self.path)
            now = time.monotonic()
            if on_wait is not None and (
                announced is None or announced[0] != holder or now - announced[1] >= ANNOUNCE_EVERY
            ):
                on_wait(self._waiting_message(holder, now - start, timeout, target))
                announced = (holder, now)
            if now >= deadline:
                raise WriterBusy(self._busy_message(holder, timeout, target))
            try:
                self._lock.acquire(timeout=min(1.0, deadline - now), poll_interval=0.05)
                return
            except Timeout:
                continue

    def release(self) -> None:
        self._lock.release()

    @staticmethod
    def _who(holder: Holder | None) -> str:
        if holder is None or not holder.alive():
            return "另一个写入进程 / another writer"
        return holder.describe()

    def _waiting_message(self, holder: Holder | None, waited: float, timeout: float, target: str) -> str:
        return (
            f"正在等待其他写入完成：{self._who(holder)}；已等待 {waited:.0f} 秒，最多 {timeout:.0f} 秒 / "
            f"waiting for another writer to finish ({self._who(holder)}); waited {waited:.0f}s of up to "
            f"{timeout:.0f}s: {target}"
        )

    def _busy_message(self, holder: Holder | None, timeout: float, target: str) -> str:
        return (
            f"等待写入锁超时（{timeout:.0f} 秒），仍由 {self._who(holder)} 持有 / timed out after {timeout:.0f}s "
            f"waiting for the write lock on {target}, held by {self._who(holder)}; try again later or raise --wait"
        )
