"""The catalogue written into DuckDB: upserted with in_catalog = true, and a cheap no-op when already current."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from ingest.catalog import Catalog
from warehouse import db, schema

from .conftest import GOOD_ROWS, write_catalog


@pytest.fixture
def con() -> Iterator[duckdb.DuckDBPyConnection]:
    connection = db.connect()
    schema.apply_tables(connection)
    yield connection
    connection.close()


def _counts(con: duckdb.DuckDBPyConnection) -> tuple[int, int, int]:
    return tuple(con.execute(f"select count(*) from {t}").fetchone()[0] for t in ("domain", "indicator", "region"))


def test_sync_writes_every_entry(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    assert catalog.sync(con) is True
    assert _counts(con) == (len(catalog.domains), len(catalog.indicators), len(catalog.regions))
    row = con.execute(
        "select name, domain, unit, measure, decimals, aliases, additive, yoy_bound, in_catalog, description "
        "from indicator where code = 'urban_dibao_households'"
    ).fetchone()
    ind = catalog.indicators["urban_dibao_households"]
    expected = (ind.name, "civil", "户", "stock", 0, list(ind.aliases), True, 1.5, True, ind.description)
    assert row == expected
    region = con.execute("select name, level, parent_code, aliases, in_catalog from region where code = '440308'")
    assert region.fetchone() == ("盐田区", "县", "440300", ["盐田"], True)
    assert con.execute("select value from meta where key = 'catalog_hash'").fetchone()[0] == catalog.content_hash


def test_resync_is_a_no_op(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    catalog.sync(con)
    con.execute("update domain set sort = -1 where code = 'edu'")  # a change sync would undo if it ran
    assert catalog.sync(con) is False
    assert con.execute("select sort from domain where code = 'edu'").fetchone()[0] == -1
    assert _counts(con) == (len(catalog.domains), len(catalog.indicators), len(catalog.regions))


def test_changed_catalogue_upserts_and_adopts_ingest_entries(con: duckdb.DuckDBPyConnection, tmp_path: Path) -> None:
    first = Catalog.load(write_catalog(tmp_path / "a"))
    first.sync(con)
    # The loader met 公共图书馆 before the catalogue knew it, and a region from a table's code column.
    con.execute("insert into indicator (code, name, in_catalog) values ('libraries', '公共图书馆', false)")
    con.execute("insert into region (code, name, in_catalog) values ('440303', '罗湖区', false)")
    rows = GOOD_ROWS["indicators.csv"]
    second = Catalog.load(
        write_catalog(
            tmp_path / "b",
            indicators=[
                rows[0].replace("低保户数,", "低保家庭户数,"),
                *rows[1:],
                "libraries,公共图书馆,edu,个,stock,0,,true,,",
            ],
            regions=[*GOOD_ROWS["regions.csv"], "440303,罗湖区,县,440300,罗湖,,"],
        )
    )
    assert second.sync(con) is True
    assert con.execute("select name from indicator where code = 'dibao_households'").fetchone()[0] == "低保家庭户数"
    assert con.execute("select in_catalog, domain from indicator where code = 'libraries'").fetchone() == (True, "edu")
    assert con.execute("select in_catalog, parent_code from region where code = '440303'").fetchone() == (
        True,
        "440300",
    )
    assert _counts(con) == (2, 4, 4)


def test_sync_joins_the_callers_transaction(con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
    con.begin()
    assert catalog.sync(con) is True
    con.rollback()
    assert _counts(con) == (0, 0, 0)
    assert con.execute("select count(*) from meta where key = 'catalog_hash'").fetchone()[0] == 0
