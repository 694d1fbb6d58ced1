"""Every path zhibiao uses, with its environment override. Imports nothing of the project.

``ZHIBIAO_DB`` (or the CLI's ``--db``) names the master warehouse file; snapshots, the write lock and damaged-file
copies live beside it, so one directory holds one warehouse.
"""

from __future__ import annotations

import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
"""The project checkout (or the site-packages directory holding the installed packages)."""

DEFAULT_DB = Path("data") / "warehouse.duckdb"


def sql_dir() -> Path:
    """The ``sql/`` tree: the checkout's, else the copy bundled into the wheel (``warehouse/_sql``)."""
    env = os.environ.get("ZHIBIAO_SQL_DIR")
    if env:
        return Path(env)
    checkout = ROOT / "sql"
    return checkout if checkout.is_dir() else Path(__file__).resolve().parent / "_sql"


def db_path(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The master warehouse file: ``explicit``, else ``$ZHIBIAO_DB``, else ``data/warehouse.duckdb``."""
    chosen = explicit or os.environ.get("ZHIBIAO_DB") or DEFAULT_DB
    return Path(chosen).expanduser().resolve()


def snapshot_dir(db: Path) -> Path:
    """Where read-only snapshots of ``db`` are published (``warehouse.duckdb.snapshots/``)."""
    return db.with_name(db.name + ".snapshots")


def current_pointer(db: Path) -> Path:
    """The file naming the current snapshot; replaced atomically on each publish."""
    return snapshot_dir(db) / "CURRENT"


def lock_path(db: Path) -> Path:
    """The single-writer lock file of ``db``."""
    return db.with_name(db.name + ".lock")


def damaged_dir(db: Path) -> Path:
    """Where a damaged warehouse file or WAL is copied aside before anything else touches it."""
    return db.with_name(db.name + ".damaged")


def cache_dir() -> Path:
    """Scratch space for caches (``$ZHIBIAO_CACHE``, else ``data/cache``)."""
    return Path(os.environ.get("ZHIBIAO_CACHE") or Path("data") / "cache").resolve()


def catalog_dir() -> Path:
    """The bundled catalogue data files (domains, indicators, regions)."""
    return ROOT / "ingest" / "catalog"


def is_warehouse_file(db: Path, path: str | os.PathLike[str]) -> bool:
    """True when ``path`` is the warehouse ``db`` itself or one of the files kept beside it (WAL, journal, lock,
    snapshots, damaged copies, files of a rebuild or recovery): what an export must never overwrite.

    Symbolic links and ``..`` are resolved first, and a hard link to the master counts as the master.

    >>> db = Path("/srv/w/warehouse.duckdb")
    >>> [is_warehouse_file(db, p) for p in ("/srv/w/warehouse.duckdb", "/srv/w/x/../warehouse.duckdb.journal",
    ...     "/srv/w/warehouse.duckdb.snapshots/gen-000042.duckdb", "/srv/w/低保.csv", "/srv/w/warehouse.csv")]
    [True, True, True, False, False]
    """
    db = Path(db).resolve()
    target = Path(path).expanduser().resolve()
    if target == db or (target.name.startswith(db.name + ".") and target.parent == db.parent):
        return True
    for folder in (snapshot_dir(db), damaged_dir(db)):
        if target.is_relative_to(folder):
            return True
    try:
        return target.exists() and db.exists() and os.path.samefile(target, db)
    except OSError:
        return False
