"""Immutable read-only snapshots of the master warehouse file (docs/operations.md).

DuckDB lets one read-write process or many read-only processes open a file, never both. So the master file is only
ever opened by the writer, and after each committed load the writer publishes a copy: checkpoint and close the
master, copy it to ``<db>.snapshots/gen-<generation>.duckdb.tmp``, fsync, rename, then replace the ``CURRENT``
pointer atomically. Readers open whatever ``CURRENT`` names, read-only. A crash at any instant leaves ``CURRENT``
naming a complete snapshot (the old or the new one); leftover ``.tmp`` files are removed by the next publish.
Generations only grow (a rebuild or a recovery starts above every name ever used), so a snapshot name is never
reused for different contents.
"""

from __future__ import annotations

import contextlib
import os
import re
from pathlib import Path

from warehouse import faults, paths

KEEP = 3
"""Snapshots kept on disk: the current one and the previous ones a slow reader may still be opening."""

_NAME = re.compile(r"^gen-(\d{8,})\.duckdb$")
_CHUNK = 1 << 20


def snapshot_name(generation: int) -> str:
    """``gen-00000042.duckdb`` for generation 42.

    >>> snapshot_name(42)
    'gen-00000042.duckdb'
    """
    return f"gen-{generation:08d}.duckdb"


def generation_of(name: str) -> int | None:
    """The generation a snapshot file name carries, or None.

    >>> generation_of("gen-00000042.duckdb"), generation_of("CURRENT"), generation_of("gen-00000042.duckdb.tmp")
    (42, None, None)
    """
    m = _NAME.match(name)
    return int(m.group(1)) if m else None


def current(db: Path) -> Path | None:
    """The snapshot ``CURRENT`` names, or None when nothing has been published (or it vanished)."""
    pointer = paths.current_pointer(db)
    try:
        name = pointer.read_text(encoding="utf-8").strip()
    except FileNotFoundError:
        return None
    if generation_of(name) is None:
        return None
    snap = paths.snapshot_dir(db) / name
    return snap if snap.exists() else None


def published_generation(db: Path) -> int:
    """The generation of the current snapshot (0 when none)."""
    snap = current(db)
    return (generation_of(snap.name) or 0) if snap else 0


def snapshots(db: Path) -> list[Path]:
    """Every complete snapshot on disk, oldest first."""
    folder = paths.snapshot_dir(db)
    if not folder.is_dir():
        return []
    return sorted(
        (p for p in folder.iterdir() if generation_of(p.name) is not None), key=lambda p: generation_of(p.name) or 0
    )


def highest_generation(db: Path) -> int:
    """The highest generation any snapshot on disk carries (0 when none): new generations must start above it."""
    return max((generation_of(p.name) or 0 for p in snapshots(db)), default=0)


def fsync_file(path: Path) -> None:
    """Flush ``path`` (a file or a directory) to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_dir(path: Path) -> None:
    """Flush a directory entry change (rename, unlink) to disk; ignored where directories cannot be fsynced."""
    with contextlib.suppress(OSError):
        fsync_file(path)


def copy_durably(src: Path, dst: Path) -> None:
    """Copy ``src`` to ``dst`` (overwriting) and fsync it; the ``copying`` crash point sits after the first chunk."""
    with open(src, "rb") as fin, open(dst, "wb") as fout:
        size = os.fstat(fin.fileno()).st_size
        offset = 0
        while offset < size:
            sent = os.sendfile(fout.fileno(), fin.fileno(), offset, min(_CHUNK, size - offset))
            if sent == 0:
                break
            offset += sent
            if offset < size:
                faults.reach("copying")
        fout.flush()
        os.fsync(fout.fileno())


def publish(db: Path, generation: int) -> Path:
    """Copy the (closed, checkpointed) master ``db`` to a snapshot of ``generation`` and point ``CURRENT`` at it.

    The caller holds the write lock and has closed its connection, so the file is consistent without a WAL. The copy
    is always made afresh: a ``gen-N.duckdb`` left by a writer that died before moving ``CURRENT`` is replaced.
    """
    wal = db.with_name(db.name + ".wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise RuntimeError(f"{db}: WAL still present after checkpoint; refusing to publish a partial snapshot")
    folder = paths.snapshot_dir(db)
    folder.mkdir(parents=True, exist_ok=True)
    final = folder / snapshot_name(generation)
    tmp = final.with_name(final.name + ".tmp")
    copy_durably(db, tmp)
    faults.reach("copied")
    os.replace(tmp, final)
    fsync_dir(folder)
    faults.reach("renamed")
    pointer = paths.current_pointer(db)
    tmp_pointer = pointer.with_name("CURRENT.tmp")
    with open(tmp_pointer, "w", encoding="utf-8") as f:
        f.write(final.name)
        f.flush()
        os.fsync(f.fileno())
    faults.reach("pointer")
    os.replace(tmp_pointer, pointer)
    fsync_dir(folder)
    faults.reach("published")
    prune(db)
    return final


def prune(db: Path, keep: int = KEEP) -> list[Path]:
    """Remove leftover ``.tmp`` files and all but the newest ``keep`` snapshots; return what was removed.

    Call it only under the write lock. A reader that still has an old snapshot open keeps reading it: on POSIX an
    unlinked file lives until its last descriptor closes, and readers drop connections to old snapshots as soon as
    they move on (DuckDB closes the file when the last cursor on it is closed).
    """
    folder = paths.snapshot_dir(db)
    if not folder.is_dir():
        return []
    removed = []
    keep_name = current(db)
    snaps = snapshots(db)
    old = snaps[:-keep] if keep else snaps
    leftovers = [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    for p in old + leftovers:
        if keep_name is not None and p == keep_name:
            continue
        with contextlib.suppress(FileNotFoundError):
            p.unlink()
            removed.append(p)
    return removed
