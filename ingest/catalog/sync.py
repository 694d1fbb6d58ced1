"""Write the catalogue into the warehouse's ``domain``, ``indicator`` and ``region`` tables.

Upserts by code, so entries the loader created during ingest (``in_catalog = false``) are taken over when the
catalogue gains them, and facts never lose their indicator or region. Rows the catalogue no longer lists are left
alone: facts may refer to them. Meta key ``catalog_hash`` records what was synced, so a warehouse that already holds
this catalogue costs one query.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import duckdb
    import polars as pl

    from ingest.catalog.catalog import Catalog

__all__ = ["HASH_KEY", "sync_catalog"]

HASH_KEY = "catalog_hash"

_UPSERTS = {
    "domain": """
        insert into domain by name select * from catalog_rows
        on conflict (code) do update set name = excluded.name, sort = excluded.sort
    """,
    "indicator": """
        insert into indicator by name select *, true as in_catalog from catalog_rows
        on conflict (code) do update set
            name = excluded.name, domain = excluded.domain, unit = excluded.unit, measure = excluded.measure,
            decimals = excluded.decimals, aliases = excluded.aliases, additive = excluded.additive,
            yoy_bound = excluded.yoy_bound, description = excluded.description, in_catalog = true
    """,
    "region": """
        insert into region by name select *, true as in_catalog from catalog_rows
        on conflict (code) do update set
            name = excluded.name, level = excluded.level, parent_code = excluded.parent_code,
            aliases = excluded.aliases, valid_from = excluded.valid_from, valid_to = excluded.valid_to,
            in_catalog = true
    """,
}


def _frames(catalog: Catalog) -> dict[str, pl.DataFrame]:
    """One frame per table, typed explicitly so empty lists and all-null columns keep their DuckDB types."""
    import polars as pl  # here, not at the top: looking names up should not pay for importing polars

    text, texts = pl.String, pl.List(pl.String)
    return {
        "domain": pl.DataFrame(
            [(d.code, d.name, d.sort) for d in catalog.domains.values()],
            schema={"code": text, "name": text, "sort": pl.Int32},
            orient="row",
        ),
        "indicator": pl.DataFrame(
            [
                (
                    i.code,
                    i.name,
                    i.domain,
                    i.unit,
                    i.measure,
                    i.decimals,
                    list(i.aliases),
                    i.additive,
                    i.yoy_bound,
                    i.description,
                )
                for i in catalog.indicators.values()
            ],
            schema={
                "code": text,
                "name": text,
                "domain": text,
                "unit": text,
                "measure": text,
                "decimals": pl.Int32,
                "aliases": texts,
                "additive": pl.Boolean,
                "yoy_bound": pl.Float64,
                "description": text,
            },
            orient="row",
        ),
        "region": pl.DataFrame(
            [
                (r.code, r.name, r.level, r.parent_code, list(r.aliases), r.valid_from, r.valid_to)
                for r in catalog.regions.values()
            ],
            schema={
                "code": text,
                "name": text,
                "level": text,
                "parent_code": text,
                "aliases": texts,
                "valid_from": pl.Date,
                "valid_to": pl.Date,
            },
            orient="row",
        ),
    }


def synced_hash(con: duckdb.DuckDBPyConnection) -> str | None:
    """The ``catalog_hash`` recorded in ``meta``, or None."""
    # fetchall, not fetchone: DuckDB 2.0 keeps a half-read result open and refuses the next register()/sql().
    rows = con.execute("select value from meta where key = ?", [HASH_KEY]).fetchall()
    return rows[0][0] if rows else None


def sync_catalog(catalog: Catalog, con: duckdb.DuckDBPyConnection) -> bool:
    """Upsert the catalogue into ``con`` unless ``meta.catalog_hash`` already matches; True when it wrote.

    Call it inside the caller's transaction (``Writer.transaction()``) to make it all-or-nothing. It opens none itself
    (DuckDB cannot nest them, and a failed BEGIN would abort the caller's); outside one, the upserts are idempotent and
    the hash is written last, so a sync interrupted half-way is simply redone next time.
    """
    if synced_hash(con) == catalog.content_hash:
        return False
    for table, frame in _frames(catalog).items():
        con.register("catalog_rows", frame)
        try:
            con.execute(_UPSERTS[table]).fetchall()
        finally:
            con.unregister("catalog_rows")
    con.execute("insert or replace into meta values (?, ?)", [HASH_KEY, catalog.content_hash]).fetchall()
    return True
