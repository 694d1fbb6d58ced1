"""Review, publish, correct and remove: the writer's operations after a report's facts are extracted.

A report loaded for review is a source in state ``draft``: its facts are written like any others, but they are never
current (``warehouse.vintages`` ranks only live facts), so ``series`` and everything above it do not see them until
:func:`publish_source`. An edit never updates a fact in place: it writes a new fact (a new vintage) and retires the
old one; a split retires a fact and writes two or more in its place; a drop retires a fact; :func:`remove_source` takes a source's facts out of the current data and keeps them.
Every operation runs in one writer transaction (under the write lock) and is recorded in the change log
(``warehouse.changelog``) in that same transaction. Keys an operation touches are unmarked (``is_current`` null), and
the writer ranks them again before the commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

import duckdb

from warehouse import changelog, periods, units
from warehouse.sources import SourceRef, fact_row, source_row
from warehouse.store import Writer

__all__ = [
    "EDITABLE",
    "KINDS",
    "ReviewError",
    "drop_fact",
    "edit_fact",
    "on_indicator_corrected",
    "publish_source",
    "remove_source",
    "retire_source",
    "review_source",
    "split_fact",
]

EDITABLE = ("indicator", "value", "unit", "period", "region", "kind")
"""The fields of a fact a reviewer can change."""
KINDS = ("actual", "target", "derived", "relative")


class ReviewError(ValueError):
    """A review operation that cannot be done (a fact already retired, a source in the wrong state, a bad value)."""


Learner = Callable[[duckdb.DuckDBPyConnection, int, str, str], None]
"""Called inside the writer's transaction when a reviewer gives a fact another indicator:
``(con, source_id, wording, indicator_code)``, where wording is the name the fact had. The catalogue layer passes
one that remembers the wording as a local alias, so the next report of that family maps by itself."""


def _unmark_keys(con: duckdb.DuckDBPyConnection, where: str, params: list[Any]) -> None:
    """Unmark every fact of the keys that the facts ``where`` selects have, for the writer to rank again."""
    con.execute(
        f"""
        update fact as f set is_current = null
        from (select distinct indicator, region, period, kind from fact where {where}) as d
        where f.indicator = d.indicator and f.region = d.region and f.kind = d.kind
          and f.period is not distinct from d.period
        """,
        params,
    )


def _count_live(con: duckdb.DuckDBPyConnection, source_id: int) -> int:
    rows = con.execute("select count(*) from fact where source_id = ? and retired_at is null", [source_id]).fetchall()
    return int(rows[0][0])


# -- sources -------------------------------------------------------------------------------------------------------
def _publish(con: duckdb.DuckDBPyConnection, source_id: int, via: str, user: str | None) -> int:
    src = source_row(con, source_id)
    if src.state != "draft":
        raise ReviewError(
            f"来源 {source_id} 的状态是“{src.state_zh}”，只有待审的来源可以发布 / source {source_id} is {src.state}; "
            "only a draft can be published"
        )
    con.execute("update source set state = 'published', published_at = current_timestamp where id = ?", [source_id])
    _unmark_keys(con, "source_id = ? and retired_at is null", [source_id])
    n = _count_live(con, source_id)
    changelog.record(con, "publish", via=via, user=user, source_id=source_id, detail=f"发布 {n} 条事实")
    if src.replaces is not None:
        old = source_row(con, src.replaces)
        if old.state != "removed":
            retire_source(con, src.replaces, via=via, user=user, replaced_by=source_id)
    return n


def retire_source(
    con: duckdb.DuckDBPyConnection,
    source_id: int,
    *,
    via: str,
    user: str | None = None,
    replaced_by: int | None = None,
) -> int:
    """Take a source's facts out of the current data, in the caller's transaction; returns how many were live.

    The facts and the source row stay (state ``removed``, ``removed_at``), so as-of reads and the change log still
    show them; the other facts of their keys rank again (a restated value's previous vintage comes back).
    """
    src = source_row(con, source_id)
    if src.state == "removed":
        raise ReviewError(f"来源 {source_id} 已被移除 / source {source_id} was already removed")
    con.execute("update source set state = 'removed', removed_at = current_timestamp where id = ?", [source_id])
    _unmark_keys(con, "source_id = ?", [source_id])
    n = _count_live(con, source_id)
    if replaced_by is None:
        detail = f"移除 {src.path}，{n} 条事实退出当前数据"
        changelog.record(con, "remove", via=via, user=user, source_id=source_id, detail=detail)
    else:
        detail = f"来源 {replaced_by} 替换了 {src.path}（{n} 条事实退出当前数据）"
        changelog.record(con, "replace", via=via, user=user, source_id=source_id, detail=detail)
    return n


def publish_source(writer: Writer, source_id: int, *, via: str, user: str | None = None) -> int:
    """Publish a draft: its facts become current where they win their key. Returns how many facts it has."""
    with writer.transaction() as con:
        return _publish(con, source_id, via, user)


def remove_source(writer: Writer, source_id: int, *, via: str, user: str | None = None) -> int:
    """Remove a source (draft or published): see :func:`retire_source`. Returns how many facts left the data."""
    with writer.transaction() as con:
        return retire_source(con, source_id, via=via, user=user)


# -- facts ---------------------------------------------------------------------------------------------------------
def _resolve_code(con: duckdb.DuckDBPyConnection, table: str, given: str, what: str) -> str:
    """The code of an indicator or region given by code, name or alias; :class:`ReviewError` when none or several."""
    rows = con.execute(
        f"select code from {table} where code = $v union select code from {table} where name = $v "
        f"union select code from {table} where list_contains(aliases, $v)",
        {"v": given},
    ).fetchall()
    codes = sorted({r[0] for r in rows})
    if given in codes:
        return given
    if len(codes) == 1:
        return str(codes[0])
    if not codes:
        raise ReviewError(f"{what}“{given}”不在仓库中 / unknown {table} {given!r}")
    raise ReviewError(f"{what}“{given}”对应多个代码：{'、'.join(codes)} / {given!r} names several codes; use a code")


def _normalise(
    con: duckdb.DuckDBPyConnection, fact_id: int, before: dict[str, Any], changes: Mapping[str, Any]
) -> dict[str, Any]:
    after = dict(before)
    for key, value in changes.items():
        if key not in EDITABLE:
            raise ReviewError(f"字段 {key!r} 不能修改，可改：{'、'.join(EDITABLE)} / field cannot be edited")
        after[key] = value.strip() if isinstance(value, str) else value
    where = f"事实 {fact_id}"
    try:
        after["value"] = float(after["value"])
    except (TypeError, ValueError):
        raise ReviewError(f"{where}：数值“{after['value']}”不是数字 / value is not a number") from None
    if not after["unit"]:
        raise ReviewError(f"{where}：单位不能为空 / the unit cannot be empty")
    after["period"] = after["period"] or None
    if after["period"] is not None and not periods.is_valid(after["period"]):
        raise ReviewError(f"{where}：期间“{after['period']}”不是有效的期间代码 / not a period code (2023, 2023H1 …)")
    if after["kind"] not in KINDS:
        raise ReviewError(f"{where}：类型“{after['kind']}”应为 {'、'.join(KINDS)} / kind must be one of these")
    if after["indicator"] != before["indicator"]:
        after["indicator"] = _resolve_code(con, "indicator", str(after["indicator"]), "指标")
    if after["region"] != before["region"]:
        after["region"] = _resolve_code(con, "region", str(after["region"]), "地区")
    return after


def _live_fact(con: duckdb.DuckDBPyConnection, fact_id: int) -> dict[str, Any]:
    fact = fact_row(con, fact_id)
    if fact["retired_at"] is not None:
        raise ReviewError(f"事实 {fact_id} 已被修改或删除 / fact {fact_id} was already edited or dropped")
    if source_row(con, fact["source_id"]).state == "removed":
        raise ReviewError(f"事实 {fact_id} 的来源已被移除 / the source of fact {fact_id} was removed")
    return fact


def _new_version(
    con: duckdb.DuckDBPyConnection, fact_id: int, before: Mapping[str, Any], after: Mapping[str, Any]
) -> int:
    """Write ``after`` as a new fact (the next vintage of its key) with ``fact_id``'s source, quote and span."""
    base_value, base_unit = units.to_base(after["value"], after["unit"])
    # A person checked it: a changed value or unit is no longer suspect for the reason extraction gave.
    keep_suspect = after["value"] == before["value"] and after["unit"] == before["unit"]
    [(new_id,)] = con.execute(
        """
        insert into fact (indicator, region, period, value, unit, base_value, base_unit, approx, kind, source_id,
                          quote, span_start, span_end, suspect, suspect_reason, parent_id, vintage)
        select $indicator, $region, $period, $value, $unit, $base_value, $base_unit, f.approx, $kind, f.source_id,
               f.quote, f.span_start, f.span_end, f.suspect and $keep, case when $keep then f.suspect_reason end,
               f.parent_id,
               (select coalesce(max(k.vintage), 0) + 1 from fact as k
                where k.indicator = $indicator and k.region = $region and k.kind = $kind
                  and k.period is not distinct from $period)
        from fact as f where f.id = $id
        returning id
        """,
        {**after, "base_value": base_value, "base_unit": base_unit, "keep": keep_suspect, "id": fact_id},
    ).fetchall()
    return int(new_id)


def _edit(
    con: duckdb.DuckDBPyConnection,
    fact_id: int,
    changes: Mapping[str, Any],
    via: str,
    user: str | None,
    learn: Learner | None = None,
) -> int | None:
    fact = _live_fact(con, fact_id)
    before = {k: fact[k] for k in EDITABLE}
    after = _normalise(con, fact_id, before, changes)
    if after == before:
        return None
    new_id = _new_version(con, fact_id, before, after)
    con.execute(
        "update fact set retired_at = current_timestamp, replaced_by = ?, is_current = null where id = ?",
        [new_id, fact_id],
    )
    _copy_stated_change(con, fact_id, new_id, before["period"], after["period"])
    _unmark_keys(con, "id in (?, ?)", [fact_id, new_id])
    detail = changelog.describe(before, after)
    changelog.record(
        con, "edit", via=via, user=user, source_id=fact["source_id"], fact_id=fact_id, new_fact_id=new_id, detail=detail
    )
    if after["indicator"] != before["indicator"]:
        on_indicator_corrected(con, fact, str(after["indicator"]), new_fact_id=new_id, via=via, user=user)
        if learn is not None:
            [(wording,)] = con.execute("select name from indicator where code = ?", [before["indicator"]]).fetchall()
            learn(con, int(fact["source_id"]), str(wording), str(after["indicator"]))
    return int(new_id)


def _copy_stated_change(
    con: duckdb.DuckDBPyConnection, old_id: int, new_id: int, old_period: str | None, new_period: str | None
) -> None:
    """The edited fact keeps the change its sentence states; a base period that followed the period follows it."""
    shifted = None
    if old_period != new_period and periods.is_valid(old_period) and periods.is_valid(new_period):
        shifted = (periods.prior(old_period), periods.prior(new_period))  # type: ignore[arg-type]
    con.execute(
        """
        insert into stated_change
        select $new, base, case when base_period = $old_prior then $new_prior else base_period end,
               direction, amount, unit, quote
        from stated_change where fact_id = $old
        """,
        {
            "new": new_id,
            "old": old_id,
            "old_prior": shifted[0] if shifted else None,
            "new_prior": shifted[1] if shifted else None,
        },
    )


def on_indicator_corrected(
    con: duckdb.DuckDBPyConnection,
    fact: Mapping[str, Any],
    indicator: str,
    *,
    new_fact_id: int,
    via: str,
    user: str | None = None,
) -> None:
    """A reviewer chose another indicator for a fact: recorded as ``indicator_corrected`` with the wording it came
    from, so a catalogue step can learn the wording as an alias of that indicator for the source's region."""
    detail = f"“{fact['quote'] or ''}”：{fact['indicator']} → {indicator}"
    changelog.record(
        con,
        "indicator_corrected",
        via=via,
        user=user,
        source_id=fact["source_id"],
        fact_id=fact["id"],
        new_fact_id=new_fact_id,
        detail=detail,
    )


def _drop(con: duckdb.DuckDBPyConnection, fact_id: int, via: str, user: str | None) -> None:
    fact = _live_fact(con, fact_id)
    con.execute("update fact set retired_at = current_timestamp, is_current = null where id = ?", [fact_id])
    _unmark_keys(con, "id = ?", [fact_id])
    detail = f"删除 {fact['indicator']} {fact['value']:g}{fact['unit']}（{fact['period'] or '无期间'}）"
    changelog.record(con, "drop", via=via, user=user, source_id=fact["source_id"], fact_id=fact_id, detail=detail)


def _split(
    con: duckdb.DuckDBPyConnection,
    fact_id: int,
    parts: Sequence[Mapping[str, Any]],
    via: str,
    user: str | None,
    learn: Learner | None = None,
) -> list[int]:
    if len(parts) < 2:
        raise ReviewError(f"事实 {fact_id}：拆分至少要两部分 / a split needs at least two parts")
    fact = _live_fact(con, fact_id)
    before = {k: fact[k] for k in EDITABLE}
    afters = []
    for n, part in enumerate(parts, start=1):
        try:
            afters.append(_normalise(con, fact_id, before, part))
        except ReviewError as exc:
            raise ReviewError(f"第 {n} 部分：{exc}") from None
    keys = [(a["indicator"], a["region"], a["period"], a["kind"]) for a in afters]
    for n, key in enumerate(keys):
        if key in keys[:n]:
            raise ReviewError(
                f"事实 {fact_id}：第 {n + 1} 部分与第 {keys.index(key) + 1} 部分的指标、地区、期间、类型都相同，"
                "后者会被遮住 / two parts share indicator, region, period and kind"
            )
    new_ids = [_new_version(con, fact_id, before, after) for after in afters]
    con.execute(
        "update fact set retired_at = current_timestamp, replaced_by = ?, is_current = null where id = ?",
        [new_ids[0], fact_id],
    )
    # The sentence's stated change (较上年增加50户) belongs to the part that keeps the merged fact's unit.
    heirs = [(i, a) for i, a in zip(new_ids, afters, strict=True) if a["unit"] == before["unit"]]
    if len(heirs) == 1:
        _copy_stated_change(con, fact_id, heirs[0][0], before["period"], heirs[0][1]["period"])
    _unmark_keys(con, "list_contains(?, id)", [[fact_id, *new_ids]])
    shown = "；".join(f"{a['indicator']} {a['value']:g}{a['unit']}（{a['period'] or '无期间'}）" for a in afters)
    detail = f"拆分为事实 {'、'.join(map(str, new_ids))}：{shown}"
    changelog.record(
        con,
        "split",
        via=via,
        user=user,
        source_id=fact["source_id"],
        fact_id=fact_id,
        new_fact_id=new_ids[0],
        detail=detail,
    )
    # Only the part that keeps the unit teaches the catalogue: the wording named that quantity, not the others.
    renamed = [(i, a) for i, a in zip(new_ids, afters, strict=True) if a["unit"] == before["unit"]]
    if len(renamed) == 1 and renamed[0][1]["indicator"] != before["indicator"]:
        new_id, after = renamed[0]
        on_indicator_corrected(con, fact, str(after["indicator"]), new_fact_id=new_id, via=via, user=user)
        if learn is not None:
            [(wording,)] = con.execute("select name from indicator where code = ?", [before["indicator"]]).fetchall()
            learn(con, int(fact["source_id"]), str(wording), str(after["indicator"]))
    return new_ids


def edit_fact(
    writer: Writer,
    fact_id: int,
    changes: Mapping[str, Any],
    *,
    via: str,
    user: str | None = None,
    learn: Learner | None = None,
) -> int | None:
    """Correct a fact: a new fact (a new vintage) with ``changes`` replaces it. Returns the new id (None: no change)."""
    with writer.transaction() as con:
        return _edit(con, fact_id, changes, via, user, learn)


def drop_fact(writer: Writer, fact_id: int, *, via: str, user: str | None = None) -> None:
    """Take one fact out (it stays in ``fact``, retired, and the change log says who dropped it)."""
    with writer.transaction() as con:
        _drop(con, fact_id, via, user)


def split_fact(
    writer: Writer,
    fact_id: int,
    parts: Sequence[Mapping[str, Any]],
    *,
    via: str,
    user: str | None = None,
    learn: Learner | None = None,
) -> list[int]:
    """Split a fact extraction merged (800户、1576人 read as one) into two or more: each part's fields default to the
    fact's, every new fact keeps its source, quote and span, and the fact is retired. All parts or none; returns the
    new ids in the order of ``parts``."""
    with writer.transaction() as con:
        return _split(con, fact_id, parts, via, user, learn)


def review_source(
    writer: Writer,
    source: SourceRef | int,
    *,
    edits: Mapping[int, Mapping[str, Any]] | None = None,
    drops: Iterable[int] = (),
    publish: bool = False,
    via: str,
    user: str | None = None,
    learn: Learner | None = None,
) -> dict[str, int]:
    """A reviewer's whole pass over one source in one transaction: edits, drops, then (optionally) publish.

    Every fact must belong to the source; anything invalid rolls the whole pass back.
    """
    source_id = source if isinstance(source, int) else source.id
    counts = {"edited": 0, "dropped": 0, "published": 0}
    with writer.transaction() as con:
        wanted = {int(i) for i in (*(edits or {}), *drops)}
        if wanted:
            owners = dict(
                con.execute("select id, source_id from fact where list_contains(?, id)", [sorted(wanted)]).fetchall()
            )
            strays = sorted(i for i in wanted if owners.get(i) != source_id)
            if strays:
                raise ReviewError(f"事实 {strays} 不属于来源 {source_id} / facts not of source {source_id}")
        for fact_id, changes in (edits or {}).items():
            counts["edited"] += _edit(con, int(fact_id), changes, via, user, learn) is not None
        for fact_id in drops:
            _drop(con, int(fact_id), via, user)
            counts["dropped"] += 1
        if publish:
            counts["published"] = _publish(con, source_id, via, user)
    return counts
