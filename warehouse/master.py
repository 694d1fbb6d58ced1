"""Opening the master file safely: WAL replay checked against the journal, damaged files put aside, never lost.

DuckDB replays a WAL when it opens the file and then deletes it, keeping whatever prefix it could read. So when a
WAL is on disk (a writer died) the master and WAL are copied aside *before* opening; if the replayed generation is
behind the journal, or the file will not open, the copy becomes the evidence in ``<db>.damaged/`` and the files are
put back exactly as found, so nothing is discarded until someone runs ``zhibiao recover``.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import shutil
import time
from pathlib import Path

import duckdb

from warehouse import db, journal, paths
from warehouse.errors import WarehouseDamaged, WriterBusy

__all__ = ["building_path", "discard", "open_master", "put_aside", "read_generation", "wal_path"]

RECOVER_HINT = (
    "运行 `zhibiao recover`（或 `python -m warehouse.recover`）恢复 / run `zhibiao recover` "
    "(or `python -m warehouse.recover`) to restore the warehouse"
)


def wal_path(path: Path) -> Path:
    """The write-ahead log DuckDB keeps beside ``path``."""
    return path.with_name(path.name + ".wal")


def building_path(db_file: Path) -> Path:
    """Where a fresh rebuild is written before it replaces the master."""
    return db_file.with_name(db_file.name + ".building")


def discard(path: Path) -> None:
    """Remove a scratch database file and its WAL."""
    for f in (path, wal_path(path)):
        f.unlink(missing_ok=True)


def read_generation(con: duckdb.DuckDBPyConnection) -> int:
    """``meta.generation`` of an open warehouse file (0 when it has none)."""
    row = con.execute("select count(*) from duckdb_tables() where table_name = 'meta'").fetchone()
    if not row or not row[0]:
        return 0
    row = con.execute("select value from meta where key = 'generation'").fetchone()
    return int(row[0]) if row else 0


def _fingerprint(db_file: Path) -> str:
    parts = []
    for f in (db_file, wal_path(db_file)):
        with contextlib.suppress(FileNotFoundError):
            st = f.stat()
            parts.append(f"{f.name} {st.st_size} {st.st_mtime_ns}")
    return "\n".join(parts)


def put_aside(db_file: Path, reason: str, *, reuse: bool = True) -> Path | None:
    """Copy ``db_file`` and its WAL to ``<db>.damaged/<time>-<reason>/``; None when neither exists.

    With ``reuse`` an earlier copy of exactly the same files (same sizes and times) is returned instead of copying
    again, so a reader retrying a damaged master does not fill the disk.
    """
    files = [f for f in (db_file, wal_path(db_file)) if f.exists()]
    if not files:
        return None
    root = paths.damaged_dir(db_file)
    fingerprint = _fingerprint(db_file)
    if reuse and root.is_dir():
        for old in root.iterdir():
            with contextlib.suppress(OSError):
                if (old / "FINGERPRINT").read_text(encoding="utf-8") == fingerprint:
                    return old
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    aside = root / f"{stamp}-{reason}"
    aside.mkdir(parents=True, exist_ok=True)
    for f in files:
        shutil.copy2(f, aside / f.name)
    (aside / "FINGERPRINT").write_text(fingerprint, encoding="utf-8")
    return aside


def _restore(aside: Path, db_file: Path) -> None:
    """Put the files copied aside back in place (the master exactly as it was found)."""
    for f in (db_file, wal_path(db_file)):
        copy = aside / f.name
        if copy.exists():
            shutil.copy2(copy, f)
        else:
            f.unlink(missing_ok=True)


def _mark_damaged(aside: Path, reason: str) -> Path:
    target = aside.with_name(aside.name.replace("-pending", f"-{reason}"))
    aside.rename(target)
    return target


def _damaged(db_file: Path, err: BaseException, stash: Path | None) -> Exception:
    if stash is not None:
        _restore(stash, db_file)
        aside = _mark_damaged(stash, "unopenable")
    else:
        aside = put_aside(db_file, "unopenable")
    return WarehouseDamaged(
        f"仓库文件无法打开，已将副本保存到 {aside} / the warehouse file cannot be opened; a copy was put aside in "
        f"{aside}: {db_file}: {err}\n{RECOVER_HINT}"
    )


def _connect(db_file: Path, timeout: float, stash: Path | None) -> duckdb.DuckDBPyConnection:
    deadline = time.monotonic() + timeout
    while True:
        try:
            return db.connect(db_file)
        except duckdb.IOException as err:
            if "could not set lock" not in str(err).lower():
                raise _damaged(db_file, err, stash) from err
            if time.monotonic() >= deadline:
                if stash is not None:
                    shutil.rmtree(stash, ignore_errors=True)
                raise WriterBusy(
                    f"主仓库文件正被其他程序打开（不是 zhibiao 的写入者），请关闭它 / the master file is open in "
                    f"another program (not a zhibiao writer); close it: {err}"
                ) from err
            time.sleep(0.2)
        except duckdb.Error as err:
            raise _damaged(db_file, err, stash) from err


def open_master(db_file: Path, expected: int, timeout: float) -> duckdb.DuckDBPyConnection:
    """Open ``db_file`` read-write (the caller holds the write lock); check it reached generation ``expected``."""
    wal = wal_path(db_file)
    if db_file.exists() and db_file.stat().st_size == 0 and not wal.exists():
        db_file.unlink()  # created but never written (a crash inside the first connect): it holds no data
    stash = put_aside(db_file, "pending", reuse=False) if wal.exists() else None
    con = _connect(db_file, timeout, stash)
    try:
        generation = read_generation(con)
    except duckdb.Error as err:
        with contextlib.suppress(duckdb.Error):
            con.close()
        raise _damaged(db_file, err, stash) from err
    if generation < expected:
        con.close()
        lost = journal.entries_after(db_file, generation)
        if stash is not None:
            _restore(stash, db_file)
            aside: Path | None = _mark_damaged(stash, "wal-lost")
        else:
            aside = put_aside(db_file, "behind-journal")
        raise WarehouseDamaged(
            f"仓库文件缺少已提交的导入：打开后为第 {generation} 代，日志记录到第 {expected} 代。"
            f"原文件已保存到 {aside}，未做任何改动 / the warehouse file is missing committed loads: it opens at "
            f"generation {generation} but the journal records generation {expected} (a damaged or truncated WAL, or "
            f"an older copy of the file). "
            f"The files are kept as found and copied to {aside}.\n{RECOVER_HINT}\n"
            f"受影响的导入 / loads affected:\n{journal.describe(lost)}"
        )
    if stash is not None:
        shutil.rmtree(stash, ignore_errors=True)
    return con
