"""Which fact of each key is current: the one the ``series`` view shows.

A key (indicator, region, period, kind) restated by later sources has several facts. The current one is the first by
(not suspect, latest vintage, latest id): a damaged web copy does not replace a clean figure. Ranking every key on
every query cost the views a window over the whole ``fact`` table (~3 s at 10M facts, and most of a point query), so
the writer ranks once, when facts arrive, into two columns of ``fact``: ``is_current`` and ``vintages`` (how many facts
the key has). Values are never touched.

A row not ranked yet has ``is_current`` null. :func:`rank` re-ranks every key that has such a row, in the caller's
transaction; ``Writer.transaction`` calls it before every commit, so whatever inserted the facts (the loader, a
fixture, a benchmark, the schema upgrade of an older warehouse) commits them ranked. The loader marks the facts of
keys new to the warehouse as it inserts them, so a million new keys need no re-ranking: only restated keys do.

>>> from warehouse import db, schema
>>> con = db.connect(); schema.apply(con)
>>> _ = con.execute("insert into source (id, sha256, kind, path) values (1, 'x', 'table', 'x.csv')")
>>> _ = con.execute(
...     "insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, source_id, vintage, suspect)"
...     " values (1, 'a', 'r', '2023', 5, '人', 5, '人', 1, 1, false), (2, 'a', 'r', '2023', 6, '人', 6, '人', 1, 2, true)"
... )
>>> rank(con)
2
>>> con.execute("select id, is_current, vintages from fact order by id").fetchall()
[(1, True, 2), (2, False, 2)]
"""

from __future__ import annotations

import duckdb

__all__ = ["LIVE", "ORDER", "rank", "unranked"]

ORDER = "suspect, vintage desc, id desc"
"""How a key's facts rank: the first is current (also the order ``series`` documents)."""

LIVE = "k.retired_at is null and k.source_id not in (select id from source where state <> 'published')"
"""The facts that can be current (``k`` is the fact table): not retired, and not of a draft or removed source."""

_RETIRE = f"""
update fact as k set is_current = false, vintages = null
where k.is_current is null and not ({LIVE})
"""

_RANK = f"""
update fact as f
set is_current = r.pick = 1, vintages = r.n
from (
    select
        k.id,
        row_number() over (partition by k.indicator, k.region, k.period, k.kind order by {ORDER}) as pick,
        count(*) over (partition by k.indicator, k.region, k.period, k.kind) as n
    from fact as k
    semi join (select distinct indicator, region, period, kind from fact where is_current is null) as u
      on u.indicator = k.indicator and u.region = k.region and u.period is not distinct from k.period
     and u.kind = k.kind
    where {LIVE}
) as r
where f.id = r.id
"""


def unranked(con: duckdb.DuckDBPyConnection) -> int:
    """How many facts the writer has not ranked yet (0 in a consistent warehouse)."""
    return int(con.execute("select count(*) from fact where is_current is null").fetchall()[0][0])


def rank(con: duckdb.DuckDBPyConnection) -> int:
    """Re-rank every key that has an unranked fact; returns how many facts were updated (0 when none was pending)."""
    if not unranked(con):
        return 0
    retired = int(con.execute(_RETIRE).fetchall()[0][0])
    if not unranked(con):
        return retired
    return retired + int(con.execute(_RANK).fetchall()[0][0])
