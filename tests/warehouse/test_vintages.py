"""fact.is_current / fact.vintages: ranked by the writer at every commit, added to a warehouse made before them."""

from __future__ import annotations

import duckdb

from warehouse import db, schema, vintages
from warehouse.store import Warehouse

FACT = (
    "insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, source_id, vintage) "
    "values (?, 'beds', '990102', ?, ?, '张', ?, '张', 1, ?)"
)


def _seed(con: duckdb.DuckDBPyConnection) -> None:
    con.execute("insert into indicator (code, name, unit, measure) values ('beds', '养老床位', '张', 'stock')")
    con.execute("insert into region (code, name, level) values ('990102', '澄湖区', '县')")
    con.execute("insert into source (id, sha256, kind, path) values (1, 'x', 'table', 't.csv')")


def test_facts_inserted_by_hand_are_ranked_at_commit(wh: Warehouse) -> None:
    with wh.writer() as w, w.transaction() as con:
        _seed(con)
        for row in [(1, "2022", 100.0, 100.0, 1), (2, "2023", 110.0, 110.0, 1), (3, "2023", 120.0, 120.0, 2)]:
            con.execute(FACT, list(row))
        assert vintages.unranked(con) == 3  # inside the transaction: not ranked yet
    got = wh.reader().rows("select id, is_current, vintages from fact order by id")
    assert got == [(1, True, 1), (2, False, 2), (3, True, 2)]
    assert wh.reader().rows("select fact_id, value from series order by period") == [(1, 100.0), (3, 120.0)]


def test_rank_touches_only_keys_with_an_unranked_fact() -> None:
    con = db.connect()
    schema.apply(con)
    _seed(con)
    con.execute(FACT, [1, "2022", 100.0, 100.0, 1])
    assert vintages.rank(con) == 1
    assert vintages.rank(con) == 0  # nothing pending: no update at all
    con.execute(FACT, [2, "2023", 110.0, 110.0, 1])
    assert vintages.rank(con) == 1  # the 2023 key only; the 2022 fact is not rewritten


def test_a_warehouse_made_before_the_columns_gets_them_on_the_next_write(wh: Warehouse) -> None:
    with wh.writer() as w, w.transaction() as con:
        _seed(con)
        for row in [(1, "2022", 100.0, 100.0, 1), (2, "2023", 110.0, 110.0, 1), (3, "2023", 125.0, 125.0, 2)]:
            con.execute(FACT, list(row))
    # What a warehouse of schema version 1 looks like: no columns, and the old hash in meta.
    con = duckdb.connect(str(wh.path))
    con.execute("drop view if exists series cascade")
    con.execute("alter table fact drop column is_current")
    con.execute("alter table fact drop column vintages")
    con.execute("update meta set value = 'old' where key = 'sql_hash'")
    con.close()
    with wh.writer() as w, w.transaction() as con:  # opening the writer upgrades the schema
        assert {"is_current", "vintages"} <= {
            r[0] for r in con.execute("select name from pragma_table_info('fact')").fetchall()
        }
    got = wh.reader().rows("select id, is_current, vintages from fact order by id")
    assert got == [(1, True, 1), (2, False, 2), (3, True, 2)]
    assert wh.reader().rows("select fact_id, prior_value, phrase from yoy order by period") == [
        (1, None, None),
        (3, 100.0, "较上年增加25张"),
    ]
