"""Create the warehouse tables (``sql/tables``), seed the unit and period tables, and apply views and macros.

``ensure`` is cheap when nothing changed: it compares a hash of the ``sql/`` tree with the one recorded in ``meta``.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

import duckdb
import polars as pl

from warehouse import paths, periods, units, views, vintages

SCHEMA_VERSION = "3"  # 2: fact.is_current and fact.vintages (warehouse/vintages.py); 3: review (source.state …)


def sql_hash(root: Path | None = None) -> str:
    """SHA-256 over the tables, macros and views files (name and content), plus the unit registry."""
    root = root or paths.sql_dir()
    digest = hashlib.sha256(SCHEMA_VERSION.encode())
    for sub in ("tables", "macros", "views"):
        for path in sorted((root / sub).glob("*.sql")):
            digest.update(f"{sub}/{path.name}\0".encode())
            digest.update(path.read_bytes())
    digest.update(repr(sorted(units.UNITS.items())).encode())
    digest.update(repr(periods.calendar()).encode())
    return digest.hexdigest()


def apply_tables(con: duckdb.DuckDBPyConnection, root: Path | None = None) -> None:
    """Create every table in ``sql/tables`` (idempotent) and (re)seed ``unit`` and ``period``."""
    root = root or paths.sql_dir()
    for path in sorted((root / "tables").glob("*.sql")):
        con.execute(path.read_text(encoding="utf-8"))
    _upgrade(con, root)
    con.execute("delete from unit")
    con.executemany(
        "insert into unit values (?, ?, ?, ?)",
        [(u.name, u.base, u.factor, u.family) for u in units.UNITS.values()],
    )
    columns = [row[0] for row in con.execute("select name from pragma_table_info('period') order by cid").fetchall()]
    con.register("period_calendar", pl.DataFrame(periods.calendar(), schema=columns, orient="row"))
    try:
        con.execute("delete from period")
        con.execute("insert into period select * from period_calendar")
    finally:
        con.unregister("period_calendar")


# Columns added to a table after warehouses were made with it: ``create table if not exists`` leaves an existing
# table as it is, so an older warehouse gets them here (and their values computed) the first time a writer opens it.
_ADDED_COLUMNS = {
    "fact": (
        ("is_current", "boolean"),
        ("vintages", "integer"),
        ("retired_at", "timestamp"),
        ("replaced_by", "bigint"),
    )
}


def _upgrade(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Add the columns an older warehouse lacks, then rank any fact not ranked yet (``warehouse.vintages``)."""
    _rebuild_source(con, root)
    for table, added in _ADDED_COLUMNS.items():
        have = {row[0] for row in con.execute(f"select name from pragma_table_info('{table}')").fetchall()}
        for name, sql_type in added:
            if name not in have:
                con.execute(f"alter table {table} add column {name} {sql_type}")
    vintages.rank(con)


def _rebuild_source(con: duckdb.DuckDBPyConnection, root: Path) -> None:
    """Give a warehouse made before review its ``source`` columns (every existing source is published, at the time
    it was loaded) and drop the old uniqueness of ``sha256``, which a removed source's bytes loaded again would break.

    DuckDB cannot drop a constraint, so the table is made anew and the rows copied (ids kept; facts refer to them).
    """
    have = [row[0] for row in con.execute("select name from pragma_table_info('source') order by cid").fetchall()]
    if {"state", "published_at", "removed_at", "replaces"} <= set(have):
        return
    con.execute("alter table source rename to source_before_review")
    con.execute((root / "tables" / "source.sql").read_text(encoding="utf-8"))
    columns = ", ".join(have)
    con.execute(f"insert into source ({columns}) select {columns} from source_before_review")
    if "published_at" not in have:
        con.execute("update source set published_at = loaded_at")
    con.execute("drop table source_before_review")


def apply(con: duckdb.DuckDBPyConnection, root: Path | None = None) -> None:
    """Tables, units, macros and views on ``con``; records the ``sql/`` hash in ``meta``."""
    apply_tables(con, root)
    views.apply(con, root)
    con.execute(
        "insert or replace into meta values ('sql_hash', ?), ('schema_version', ?)",
        [sql_hash(root), SCHEMA_VERSION],
    )


def is_current(con: duckdb.DuckDBPyConnection, root: Path | None = None) -> bool:
    """True when ``con`` already holds the tables and views of the current ``sql/`` tree."""
    try:
        rows = con.execute("select value from meta where key = 'sql_hash'").fetchall()
    except duckdb.CatalogException:
        return False
    return bool(rows) and rows[0][0] == sql_hash(root)


def ensure(con: duckdb.DuckDBPyConnection, root: Path | None = None) -> bool:
    """Apply the schema when it is missing or stale; True when something was applied."""
    if is_current(con, root):
        return False
    apply(con, root)
    return True
