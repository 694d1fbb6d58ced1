"""Helpers for the SQL data tests: load fixture files of input rows into a warehouse connection, fetch rows.

Fixture files (``fixtures/*.sql``) insert catalogue rows directly and facts into ``fact_in`` — the fact columns a
test cares about; ``load`` fills in base values from the unit table, as ingest does, and the defaults, and ranks
each key's facts as the writer does before a commit (``warehouse.vintages``).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import duckdb

from warehouse import vintages

FIXTURES = Path(__file__).resolve().parent / "fixtures"

_FACT_IN = """
create or replace temp table fact_in (
    id bigint, indicator varchar, region varchar, period varchar, value double, unit varchar,
    kind varchar default 'actual', source_id integer default 1, vintage integer default 1,
    suspect boolean default false, suspect_reason varchar, parent_id bigint, quote varchar
)"""

_MOVE = """
insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, kind, source_id, vintage,
                  suspect, suspect_reason, parent_id, quote)
select f.id, f.indicator, f.region, f.period, f.value, f.unit, f.value * coalesce(u.factor, 1.0),
       coalesce(u.base, f.unit), f.kind, f.source_id, f.vintage, f.suspect, f.suspect_reason, f.parent_id,
       coalesce(f.quote, '行 ' || f.id)
from fact_in f left join unit u on u.name = f.unit;
delete from fact_in;"""


def load(con: duckdb.DuckDBPyConnection, *names: str) -> None:
    """Run ``fixtures/<name>.sql`` for each name (``base`` first, always) and move ``fact_in`` into ``fact``."""
    con.execute(_FACT_IN)
    for name in ("base", *[n for n in names if n != "base"]):
        con.execute((FIXTURES / f"{name}.sql").read_text(encoding="utf-8"))
        con.execute(_MOVE)
    vintages.rank(con)


def rows(con: duckdb.DuckDBPyConnection, query: str, params: list[Any] | None = None) -> list[tuple[Any, ...]]:
    """All rows of ``query`` as tuples."""
    return con.execute(query, params or []).fetchall()
