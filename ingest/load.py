"""Write one :class:`SourceDoc` to the warehouse in one transaction, idempotent by content hash.

The loader resolves names to catalogue codes (creating indicators and regions it does not know, flagged
``in_catalog = false``), converts stated values to base values, assigns vintages (a changed value for an existing
key is a new vintage; the same value again corroborates the current one), and writes facts, stated changes and
quarantined rows with the source's provenance. Facts go in as one columnar insert, so a million-row table loads in
seconds. A fact of a key new to the warehouse is marked current as it goes in; the writer ranks restated keys before
the commit (``warehouse.vintages``).
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass, field

import duckdb
import polars as pl

from ingest.catalog import Catalog
from ingest.catalog.aliases import document_family
from ingest.model import FactRecord, SourceDoc, facts_frame
from ingest.resolve import UNKNOWN_REGION, Resolver
from ingest.screen import screen
from warehouse import changelog, periods, units
from warehouse.review import retire_source
from warehouse.store import Writer

__all__ = ["LoadResult", "base_period", "load_doc"]


@dataclass
class LoadResult:
    """What loading one source did."""

    path: str
    status: str  # loaded | unchanged | error
    source_id: int | None = None
    facts: int = 0
    quarantined: int = 0
    suspect: int = 0
    new_vintages: int = 0
    stated_changes: int = 0
    new_indicators: int = 0
    new_regions: int = 0
    no_period: int = 0  # facts the text gave no period for (--period fixes it)
    no_region: int = 0  # facts with no region (--region fixes it)
    state: str = "published"  # draft when staged for review
    replaced: int | None = None  # the source this load replaces (removed now, or when the draft is published)
    message: str | None = None
    # names several catalogued places share, loaded as a new place of their own: name → those places' full names
    ambiguous_regions: dict[str, tuple[str, ...]] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.status in ("loaded", "unchanged")


UNCHANGED = "已导入过，内容未变 / already loaded; nothing changed"


def ambiguous_region_note(name: str, places: tuple[str, ...]) -> str:
    """What a load's summary says of a region name several catalogued places share (LoadResult.ambiguous_regions).

    Later loads find the same name in the warehouse and use that local place too, so the advice is a full name or
    a code, which the catalogue resolves.

    >>> print(ambiguous_region_note("河东区", ("天津市河东区", "山东省临沂市河东区")))  # doctest: +NORMALIZE_WHITESPACE
    地区“河东区”有 2 处同名（天津市河东区、山东省临沂市河东区），无法确定是哪一处，已作为本地地区“河东区”导入，不带全国地区代码；请在文件或 --region 中写全称（如“天津市河东区”）或地区代码 / region “河东区” names 2 places in the catalogue; loaded as a local region without a national code: write its full name or code in the file or --region
    """
    return (
        f"地区“{name}”有 {len(places)} 处同名（{'、'.join(places)}），无法确定是哪一处，已作为本地地区“{name}”导入，"
        f"不带全国地区代码；请在文件或 --region 中写全称（如“{places[0]}”）或地区代码 / region “{name}” names "
        f"{len(places)} places in the catalogue; loaded as a local region without a national code: write its full "
        "name or code in the file or --region"
    )


_SAME_PERIOD_BASES = ("同期", "去年同期", "上年同期", "同比")


def base_period(base: str | None, period: str | None) -> str | None:
    """The period code a stated change compares with.

    >>> base_period("上年", "2023"), base_period("去年同期", "2023H1"), base_period("2021年", "2023YTD05")
    ('2022', '2022H1', '2021YTD05')
    >>> base_period("上年末", "2023"), base_period(None, "2023Q2"), base_period("上年", None)
    ('2022', '2022Q2', None)
    """
    if not periods.is_valid(period):
        return None
    p = periods.parse(period)  # type: ignore[arg-type]
    text = (base or "").strip()
    digits = "".join(ch for ch in text if ch.isdigit())
    if len(digits) == 4 and 1900 < int(digits) < 2200:
        return periods.Period(int(digits), p.kind, p.index).code
    if not text or any(word in text for word in (*_SAME_PERIOD_BASES, "上年", "去年", "上一年", "前一年")):
        return p.shift(-1).code
    return None


def already_loaded(con: duckdb.DuckDBPyConnection, sha256: str) -> int | None:
    """The id of the source with this content hash, if it was loaded before."""
    # fetchall, not fetchone: DuckDB 2.0 keeps a partly fetched result open and the next con.sql()/register()
    # on this connection would raise ResourceInUseException.
    # A removed source does not count: its bytes may be loaded again.
    rows = con.execute("select id from source where sha256 = ? and state <> 'removed' order by id", [sha256]).fetchall()
    return int(rows[0][0]) if rows else None


def replaceable(con: duckdb.DuckDBPyConnection, doc: SourceDoc) -> int | None:
    """The live source a ``--replace`` load of ``doc`` takes the place of: the same bytes, else the same path."""
    rows = con.execute(
        "select id from source where state <> 'removed' and (sha256 = ? or path = ?) order by sha256 = ? desc, id desc",
        [doc.sha256, str(doc.path), doc.sha256],
    ).fetchall()
    return int(rows[0][0]) if rows else None


def load_doc(
    writer: Writer,
    doc: SourceDoc,
    catalog: Catalog | None = None,
    *,
    review: bool = False,
    replace: bool = False,
    replaces: int | None = None,
    via: str = "zhibiao ingest",
    user: str | None = None,
) -> LoadResult:
    """Load ``doc`` in one transaction; a source already loaded (same SHA-256) changes nothing.

    ``review`` stages it as a draft (its facts reach no view until published, ``warehouse.review``). ``replace``
    loads it even when the bytes are there already (new options), and it takes the place of the live source with the
    same bytes or path: that one is removed now, or when the draft is published. Both are in the change log.
    ``replaces`` names that source when the caller knows it (the 导入 page: an earlier upload of the same file name,
    whose temporary path differs); it implies ``replace``.
    """
    replace = replace or replaces is not None
    con = writer.con
    doc = screen(doc)  # readers screen already; a SourceDoc built elsewhere must not fail the insert either
    existing = already_loaded(con, doc.sha256)
    if existing is not None and not replace:
        return LoadResult(
            str(doc.path),
            "unchanged",
            source_id=existing,
            message=UNCHANGED,
        )
    catalog = catalog or Catalog.load()
    with writer.transaction() as con:
        old = (replaceable(con, doc) if replaces is None else replaces) if replace else None
        catalog.sync(con)
        resolver = Resolver(con, catalog)
        resolver.define_regions(doc.regions)
        doc_region = resolver.region(doc.region) if doc.region else None
        resolver.set_document(doc_region, document_family(doc.title or doc.path.stem))
        state = "draft" if review else "published"
        source_id = con.execute(
            "insert into source (sha256, kind, path, title, region, period, domain, extractor_version, text, state, "
            "published_at, replaces) values (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
            "case when ? = 'published' then current_timestamp end, ?) returning id",
            [
                doc.sha256,
                doc.kind,
                str(doc.path),
                doc.title,
                doc_region,
                doc.period,
                doc.domain,
                doc.extractor_version,
                doc.text,
                state,
                state,
                old,
            ],
        ).fetchall()[0][0]
        result = LoadResult(str(doc.path), "loaded", source_id=source_id, state=state, replaced=old)
        if doc.facts:
            _insert_facts(con, doc, source_id, resolver, doc_region, result)
        resolver.flush()
        if doc.quarantined:
            _insert_quarantine(con, doc, source_id)
        result.quarantined = len(doc.quarantined)
        result.new_indicators, result.new_regions = resolver.created_indicators, resolver.created_regions
        result.ambiguous_regions = dict(resolver.ambiguous_regions)
        con.execute(
            "update source set n_facts = ?, n_quarantined = ? where id = ?",
            [result.facts, result.quarantined, source_id],
        )
        _count_gaps(con, source_id, UNKNOWN_REGION[0], result)
        _record(con, result, via, user)
    return result


def _count_gaps(con: duckdb.DuckDBPyConnection, source_id: int, unknown: str, result: LoadResult) -> None:
    [(no_period, no_region)] = con.execute(
        "select count(*) filter (where period is null), count(*) filter (where region = ?) "
        "from fact where source_id = ?",
        [unknown, source_id],
    ).fetchall()
    result.no_period, result.no_region = int(no_period), int(no_region)


def _record(con: duckdb.DuckDBPyConnection, result: LoadResult, via: str, user: str | None) -> None:
    """The change log's line for a load; a draft's facts are made undrawable by the writer's ranking."""
    source_id = result.source_id
    if result.state == "draft":
        # new keys were marked current as they went in: a draft's facts must not be (the ranking marks them false)
        con.execute("update fact set is_current = null, vintages = null where source_id = ?", [source_id])
        note = f"暂存 {result.facts} 条事实待审" + (f"，发布后替换来源 {result.replaced}" if result.replaced else "")
        changelog.record(con, "stage", via=via, user=user, source_id=source_id, detail=note)
        return
    changelog.record(
        con, "publish", via=via, user=user, source_id=source_id, detail=f"导入并发布 {result.facts} 条事实"
    )
    if result.replaced is not None:
        retire_source(con, result.replaced, via=via, user=user, replaced_by=source_id)


def _insert_quarantine(con: duckdb.DuckDBPyConnection, doc: SourceDoc, source_id: int) -> None:
    """One columnar insert: ``executemany`` costs ~10 ms a row, and a mis-mapped table can quarantine 100,000."""
    frame = pl.DataFrame(
        {
            "location": [q.location for q in doc.quarantined],
            "reason": [q.reason for q in doc.quarantined],
            "raw": [q.raw for q in doc.quarantined],
        },
        schema={"location": pl.String, "reason": pl.String, "raw": pl.String},
    )
    con.register("incoming_quarantine", frame)
    try:
        con.execute(
            "insert into quarantine (source_id, path, location, reason, raw) "
            "select $source_id, $path, location, reason, raw from incoming_quarantine",
            {"source_id": source_id, "path": str(doc.path)},
        )
    finally:  # after a failed insert the transaction is aborted and unregister fails too: keep the first error
        with contextlib.suppress(duckdb.Error):
            con.unregister("incoming_quarantine")


def _insert_facts(
    con: duckdb.DuckDBPyConnection,
    doc: SourceDoc,
    source_id: int,
    resolver: Resolver,
    doc_region: str | None,
    result: LoadResult,
) -> None:
    """Write the facts in one insert that streams the document's fact frame: no Python object per fact.

    Names are resolved once per unique value — (indicator, unit, domain), region, unit — into three small frames
    the insert joins; columns a frame leaves out get their defaults in the insert. Neither polars nor Python holds
    a second copy of a million-row table.
    """
    facts = _with_scope(facts_frame(doc.facts))
    n = facts.height
    # One row back, not n: the sequence hands out consecutive ids inside this transaction (the writer holds the
    # lock), so fact i gets first_id + i and a 其中 part's parent index maps the same way.
    first_id, last_id = con.execute(
        "select min(id), max(id) from (select nextval('fact_id_seq') as id from range(?))", [n]
    ).fetchall()[0]
    if last_id - first_id + 1 != n:
        raise RuntimeError(f"fact ids {first_id}..{last_id} are not {n} consecutive ids")
    maps = _code_frames(facts, doc, resolver, doc_region)
    resolver.flush()
    has = set(facts.columns)

    def column(name: str, default: str = "null") -> str:
        return f"f.{name}" if name in has else default

    frames = {"incoming_fact": facts.with_row_index("_row"), **maps}
    for name, frame in frames.items():
        con.register(name, frame)
    try:
        # Vintage: the first value of a key is vintage 1; a value equal to the latest vintage's corroborates it;
        # a different value is the next vintage. Compared on base values, so 2.16万人 equals 21600人.
        con.execute(
            f"""
            insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, approx, kind,
                              source_id, quote, span_start, span_end, suspect, suspect_reason, parent_id, vintage,
                              is_current, vintages)
            with latest as (
                select indicator, region, period, kind,
                       max(vintage) as vintage,
                       arg_max(base_value, (vintage, id)) as base_value
                from fact
                where indicator in (select code from indicator_code)
                  and region in (select code from region_code union all select $fallback)
                group by all
            ),
            incoming as (
                select f._row + $first_id as id, ic.code as indicator, coalesce(rc.code, $fallback) as region,
                       coalesce({column("period")}, $period) as period, f.value, f.unit, uc.factor, uc.base_unit,
                       {column("approx")} as approx, coalesce({column("kind")}, 'actual') as kind,
                       coalesce({column("quote")}, {column("location")}) as quote,
                       {column("span_start")} as span_start, {column("span_end")} as span_end,
                       coalesce({column("suspect")}, false) as suspect, {column("suspect_reason")} as suspect_reason,
                       {column("parent")} + $first_id as parent_id
                from incoming_fact f
                join indicator_code ic
                  on ic.indicator = f.indicator and ic.unit is not distinct from f.unit
                 and ic.domain is not distinct from {column("domain")}
                 and ic.scope is not distinct from f._scope and ic.scope_unit is not distinct from f._scope_unit
                left join region_code rc on rc.name = {column("region")}
                join unit_code uc on uc.unit is not distinct from f.unit
            )
            select i.id, i.indicator, i.region, i.period, i.value, i.unit,
                   (i.value::decimal(38, 10) * i.factor::decimal(38, 10))::double, i.base_unit, i.approx, i.kind,
                   $source_id, i.quote, i.span_start, i.span_end, i.suspect, i.suspect_reason, i.parent_id,
                   case
                       when l.vintage is null then 1
                       when abs(l.base_value - i.value * i.factor) <= 1e-9 * greatest(1, abs(l.base_value))
                           then l.vintage
                       else l.vintage + 1
                   end,
                   -- a key new to the warehouse is current with one vintage (unless this file states it twice:
                   -- see below); a restated key is left unranked (null) for the writer to rank before the commit,
                   -- so a million new keys need no re-ranking
                   case when l.vintage is null then true end,
                   case when l.vintage is null then 1 end
            from incoming i
            left join latest l
              on l.indicator = i.indicator and l.region = i.region and l.kind = i.kind
             and l.period is not distinct from i.period
            """,
            {
                "source_id": source_id,
                "first_id": first_id,
                "fallback": doc_region or resolver.unknown_region(),
                # A text's facts carry the period the extractor decided (null when the text does not say);
                # only table facts fall back on the document's period.
                "period": None if doc.kind == "text" else doc.period,
            },
        )
    finally:  # after a failed insert the transaction is aborted and unregister fails too: keep the first error
        for name in frames:
            with contextlib.suppress(duckdb.Error):
                con.unregister(name)
    _flag_clashes(con, source_id)
    # A new key this file states twice (a report repeating a figure) got two current facts: unmark them for the
    # writer's ranking. A separate statement, after the insert has freed its memory: inside the insert, the grouping
    # added ~170 MB to a 50 MB file's load.
    con.execute(
        """
        update fact as f set is_current = null, vintages = null
        from (
            select indicator, region, period, kind from fact
            where source_id = $source_id and is_current group by all having count(*) > 1
        ) as d
        where f.source_id = $source_id and f.indicator = d.indicator and f.region = d.region and f.kind = d.kind
          and f.period is not distinct from d.period
        """,
        {"source_id": source_id},
    )
    # Counted afterwards rather than RETURNING a row per fact: a million Python tuples is what this path avoids.
    [(inserted, new_vintages)] = con.execute(
        "select count(*), count(*) filter (where vintage > 1) from fact where source_id = ?", [source_id]
    ).fetchall()
    if inserted != n:  # a name that found no code would drop its rows in the join: never load part of a file
        raise RuntimeError(f"{inserted} of {n} facts inserted")
    result.facts = n
    result.new_vintages = int(new_vintages)
    [(suspect,)] = con.execute("select count(*) from fact where source_id = ? and suspect", [source_id]).fetchall()
    result.suspect = int(suspect)
    records = doc.facts if isinstance(doc.facts, list) else []  # a FactTable states no changes
    changes = [(first_id + i, f) for i, f in enumerate(records) if f.change is not None]
    if changes:
        con.executemany(
            "insert into stated_change values (?, ?, ?, ?, ?, ?, ?)",
            [_change_row(fact_id, f, None if doc.kind == "text" else doc.period) for fact_id, f in changes],
        )
    result.stated_changes = len(changes)


def _code_frames(
    facts: pl.DataFrame, doc: SourceDoc, resolver: Resolver, doc_region: str | None
) -> dict[str, pl.DataFrame]:
    """Warehouse codes for the unique names in ``facts``: indicator_code, region_code and unit_code frames.

    Resolved in order of first appearance, regions first (as the loader always has), so new entries are created in
    file order. Region names are looked up under the document's region first (``--region 天津市``: 河东区 is
    天津市河东区, not 临沂市河东区), and a name the catalogue lacks becomes a place under it.
    """
    regions = (
        facts.get_column("region").drop_nulls().unique(maintain_order=True).to_list()
        if "region" in facts.columns
        else []
    )
    region_code = pl.DataFrame(
        {"name": regions, "code": [resolver.region(name, parent=doc_region) for name in regions]},
        schema={"name": pl.String, "code": pl.String},
    )
    domain = pl.col("domain") if "domain" in facts.columns else pl.lit(None, pl.String)
    keys = facts.select("indicator", "unit", domain=domain, scope="_scope", scope_unit="_scope_unit").unique(
        maintain_order=True
    )
    indicator_code = keys.with_columns(
        code=pl.Series(
            [resolver.indicator(i, u, d or doc.domain, s, su) for i, u, d, s, su in keys.iter_rows()], dtype=pl.String
        )
    )
    unit_list = facts.get_column("unit").unique(maintain_order=True).to_list()
    found = [units.lookup(u) for u in unit_list]
    unit_code = pl.DataFrame(
        {"unit": unit_list, "factor": [u.factor for u in found], "base_unit": [u.base for u in found]},
        schema={"unit": pl.String, "factor": pl.Float64, "base_unit": pl.String},
    )
    return {"indicator_code": indicator_code, "region_code": region_code, "unit_code": unit_code}


def _with_scope(facts: pl.DataFrame) -> pl.DataFrame:
    """``facts`` with the name and unit of each 其中 part's whole (``_scope``, ``_scope_unit``; null for the rest).

    >>> f = pl.DataFrame({"indicator": ["在校学生", "小学"], "unit": ["人", "人"], "parent": [None, 0]})
    >>> _with_scope(f).select("_scope", "_scope_unit").rows()
    [(None, None), ('在校学生', '人')]
    """
    if "parent" not in facts.columns or facts.get_column("parent").null_count() == facts.height:
        return facts.with_columns(_scope=pl.lit(None, pl.String), _scope_unit=pl.lit(None, pl.String))
    inside = pl.col("parent").is_between(0, facts.height - 1)
    parent = pl.when(inside).then(pl.col("parent"))
    return facts.with_columns(
        _scope=pl.when(inside).then(pl.col("indicator").gather(parent)),
        _scope_unit=pl.when(inside).then(pl.col("unit").gather(parent)),
    )


_CLASH = "同一报告对同一指标、地区、期间给出不同数值，需核对各指哪一项 / one report gives different values for one key"


def _flag_clashes(con: duckdb.DuckDBPyConnection, source_id: int) -> None:
    """Mark suspect every fact of a key this source states with different values (集中供养率分别达到88.5%和100% read as
    one name): neither may silently hide the other, and the suspect_fact check lists both for review."""
    con.execute(
        """
        update fact as f set suspect = true, suspect_reason = coalesce(f.suspect_reason || '；', '') || $reason
        from (
            select indicator, region, period, kind from fact where source_id = $source_id
            group by all having count(distinct base_value) > 1
        ) as d
        where f.source_id = $source_id and f.indicator = d.indicator and f.region = d.region and f.kind = d.kind
          and f.period is not distinct from d.period
        """,
        {"source_id": source_id, "reason": _CLASH},
    )


def _change_row(fact_id: int, f: FactRecord, doc_period: str | None) -> tuple[object, ...]:
    ch = f.change
    assert ch is not None
    period = f.period if f.period is not None else doc_period
    return (fact_id, ch.base, base_period(ch.base, period), ch.direction, ch.amount, ch.unit, f.quote)
