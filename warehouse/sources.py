"""Finding a source by what a person types (an id, the file path it was loaded from, or a SHA-256 prefix), and the
rows review shows. Read-only: works on the writer's connection and on a reader's snapshot cursor alike.

>>> from warehouse import db, schema
>>> con = db.connect(); schema.apply(con)
>>> _ = con.execute("insert into source (id, sha256, kind, path) values (7, 'ab12cd', 'text', 'r/2023.txt')")
>>> [s.id for s in find_sources(con, "7")], [s.id for s in find_sources(con, "AB12")], find_sources(con, "zz")
([7], [7], [])
>>> source_row(con, 7).state_zh
'已发布'
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

__all__ = ["STATE_ZH", "SourceRef", "candidates_text", "fact_row", "find_sources", "review_query", "source_row"]

STATE_ZH = {"draft": "待审", "published": "已发布", "removed": "已移除"}

_HEX = re.compile(r"^[0-9a-fA-F]{4,64}$")
_COLUMNS = "id, path, sha256, state, title, loaded_at, published_at, removed_at, replaces, n_facts"


@dataclass(frozen=True)
class SourceRef:
    """One source row, as far as review needs it."""

    id: int
    path: str
    sha256: str
    state: str
    title: str | None
    loaded_at: Any
    published_at: Any
    removed_at: Any
    replaces: int | None
    n_facts: int

    @property
    def state_zh(self) -> str:
        return STATE_ZH.get(self.state, self.state)

    def line(self) -> str:
        """``#3 已发布 reports/a.txt (sha256 ab12cd34ef56)``."""
        return f"#{self.id} {self.state_zh} {self.path} (sha256 {self.sha256[:12]})"


def _refs(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> list[SourceRef]:
    rows = con.execute(f"select {_COLUMNS} from source where {where} order by id", params).fetchall()
    return [SourceRef(*row) for row in rows]


def source_row(con: duckdb.DuckDBPyConnection, source_id: int) -> SourceRef:
    """The source with this id; :class:`LookupError` when there is none."""
    found = _refs(con, "id = ?", [int(source_id)])
    if not found:
        raise LookupError(f"没有编号为 {source_id} 的来源 / no source with id {source_id}")
    return found[0]


def find_sources(con: duckdb.DuckDBPyConnection, ref: str, *, include_removed: bool = True) -> list[SourceRef]:
    """Sources ``ref`` names: an id, a path as loaded (or the same file by absolute path), or a SHA-256 prefix of at
    least 4 hex digits. Several sources can match (a prefix, or a path loaded twice): the caller lists them."""
    ref = ref.strip()
    keep = "" if include_removed else " and state <> 'removed'"
    if ref.isdigit():
        found = _refs(con, "id = ?" + keep, [int(ref)])
        if found:
            return found
    paths = {ref, os.path.abspath(ref)}
    found = [s for s in _refs(con, "true" + keep, []) if s.path in paths or _same_file(s.path, ref)]
    if found:
        return found
    if _HEX.match(ref):
        return _refs(con, "starts_with(sha256, ?)" + keep, [ref.lower()])
    return []


def _same_file(path: str, ref: str) -> bool:
    try:
        return Path(path).resolve() == Path(ref).resolve()
    except OSError:
        return False


def candidates_text(found: list[SourceRef]) -> str:
    """The sources an ambiguous reference matched, one per line, for a message."""
    return "\n".join(f"  {s.line()}" for s in found)


def fact_row(con: duckdb.DuckDBPyConnection, fact_id: int) -> dict[str, Any]:
    """One fact as a dict of its columns; :class:`LookupError` when there is none."""
    cur = con.execute("select * from fact where id = ?", [int(fact_id)])
    names = [d[0] for d in cur.description or []]
    rows = cur.fetchall()
    if not rows:
        raise LookupError(f"没有编号为 {fact_id} 的事实 / no fact with id {fact_id}")
    return dict(zip(names, rows[0], strict=True))


def review_query() -> str:
    """The facts of one source (``$source``) that are not retired, as review shows them, in file order."""
    return """
        select f.id as fact_id, f.indicator, i.name as indicator_name, f.value, f.unit, f.period, f.region,
               r.name as region_name, f.kind, f.suspect, f.suspect_reason, f.quote, f.span_start, f.span_end,
               f.vintage, f.is_current
        from fact as f
        left join indicator as i on i.code = f.indicator
        left join region as r on r.code = f.region
        where f.source_id = $source and f.retired_at is null
        order by coalesce(f.span_start, 0), f.id
    """
