"""Helpers shared by the guarded-SQL tests (imported by name: ``tests/query`` is on ``sys.path``)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from warehouse.query import QueryService


def worker_pid(service: QueryService) -> int:
    """The pid of the (single) idle worker of ``service``."""
    idle = list(service._idle.queue)
    assert len(idle) == 1, idle
    return idle[0].pid


def tree_digest(folder: Path) -> dict[str, tuple[int, int]]:
    """(size, mtime in ns) of every file under ``folder`` (master, WAL, snapshots, pointer): any write shows."""
    return {
        str(p.relative_to(folder)): (p.stat().st_size, p.stat().st_mtime_ns)
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }


def content_digest(folder: Path) -> dict[str, str]:
    """sha256 of every file under ``folder``: the slower, byte-for-byte version of :func:`tree_digest`."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith(".lock")
    }
