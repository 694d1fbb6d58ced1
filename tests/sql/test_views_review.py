"""Data tests for the review step's SQL: fact_live (published, not retired facts) and series_as_of (as it stood).

The fixture writes sources and facts by hand with fixed times, the way the writer leaves them: a published source,
a restating source published later, an edited fact, a draft and a removed source.
"""

from __future__ import annotations

import datetime as dt

import duckdb
import pytest
from sqlfix import rows

from warehouse import db, schema, vintages

COVERS = ("fact_live", "series_as_of")

SETUP = """
insert into indicator (code, name, unit, measure) values ('beds', '养老床位', '张', 'stock');
insert into region (code, name, level) values ('990102', '澄湖区', '县');
insert into source (id, sha256, kind, path, state, loaded_at, published_at, removed_at) values
    (1, 'a1', 'text', '2022.txt', 'published', timestamp '2023-01-10', timestamp '2023-01-10', null),
    (2, 'b2', 'text', '2023.txt', 'published', timestamp '2024-01-05', timestamp '2024-01-20', null),
    (3, 'c3', 'text', 'draft.txt', 'draft', timestamp '2024-02-01', null, null),
    (4, 'd4', 'text', 'wrong.txt', 'removed', timestamp '2024-03-01', timestamp '2024-03-01',
     timestamp '2024-04-01');
insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, source_id, vintage, loaded_at,
                  retired_at, replaced_by) values
    -- 2022 value stated in 2023, restated (vintage 2) by the 2023 report
    (1, 'beds', '990102', '2022', 100, '张', 100, '张', 1, 1, timestamp '2023-01-10', null, null),
    (2, 'beds', '990102', '2022', 105, '张', 105, '张', 2, 2, timestamp '2024-01-05', null, null),
    -- 2023 value: staged 120, edited in review to 125 before publishing (fact 4 replaces 3)
    (3, 'beds', '990102', '2023', 120, '张', 120, '张', 2, 1, timestamp '2024-01-05', timestamp '2024-01-15', 4),
    (4, 'beds', '990102', '2023', 125, '张', 125, '张', 2, 2, timestamp '2024-01-15', null, null),
    -- a draft's value and a removed source's value: neither is live now
    (5, 'beds', '990102', '2024', 130, '张', 130, '张', 3, 1, timestamp '2024-02-01', null, null),
    (6, 'beds', '990102', '2022', 999, '张', 999, '张', 4, 3, timestamp '2024-03-01', null, null),
    -- edited after publishing: 125 → 126 on 2024-05-01
    (7, 'beds', '990102', '2023', 126, '张', 126, '张', 2, 3, timestamp '2024-05-01', null, null);
update fact set retired_at = timestamp '2024-05-01', replaced_by = 7 where id = 4;
"""


@pytest.fixture(scope="module")
def con() -> duckdb.DuckDBPyConnection:
    connection = db.connect()
    schema.apply(connection)
    connection.execute(SETUP)
    vintages.rank(connection)
    return connection


def test_fact_live_leaves_out_drafts_removed_sources_and_retired_facts(con: duckdb.DuckDBPyConnection) -> None:
    assert rows(con, "select id from fact_live order by id") == [(1,), (2,), (7,)]


def test_series_shows_only_live_facts(con: duckdb.DuckDBPyConnection) -> None:
    assert rows(con, "select fact_id, period, value, vintages from series order by period") == [
        (2, "2022", 105.0, 2),
        (7, "2023", 126.0, 1),
    ]


@pytest.mark.parametrize(
    ("ts", "expected"),
    [
        ("2023-01-09", []),  # nothing published yet
        ("2023-06-30", [("2022", 100.0, 1)]),
        # the 2023 report is written but not yet published: still the first statement
        ("2024-01-19", [("2022", 100.0, 1)]),
        # published: its restatement wins, and its 2023 value is the one edited in review (120 was never published)
        ("2024-01-20", [("2022", 105.0, 2), ("2023", 125.0, 2)]),
        # the wrong source is published (its 999 wins as the latest vintage) until it is removed
        ("2024-03-15", [("2022", 999.0, 3), ("2023", 125.0, 2)]),
        ("2024-04-01", [("2022", 105.0, 2), ("2023", 125.0, 2)]),
        # the correction after publishing
        ("2024-05-01", [("2022", 105.0, 2), ("2023", 126.0, 3)]),
    ],
)
def test_series_as_of(con: duckdb.DuckDBPyConnection, ts: str, expected: list[tuple[object, ...]]) -> None:
    got = rows(con, "select period, value, vintage from series_as_of(?::timestamp) order by period", [ts])
    assert got == expected


def test_series_as_of_has_the_columns_of_series(con: duckdb.DuckDBPyConnection) -> None:
    series = [d[0] for d in con.execute("select * from series limit 0").description]
    as_of = [d[0] for d in con.execute("select * from series_as_of(now()) limit 0").description]
    assert as_of == [*series, "published_at"]
    assert rows(con, "select published_at from series_as_of(timestamp '2024-06-01') where period = '2022'") == [
        (dt.datetime(2024, 1, 20),)
    ]
