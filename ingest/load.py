"""Write one :class:`SourceDoc` to the warehouse in one transaction, idempotent by content hash.

The loader resolves names to catalogue codes (creating indicators and regions it does not know, flagged
``in_catalog = false``), converts stated values to base values, assigns vintages (a changed value for an existing
key is a new vintage; the same value again corroborates the current one), and writes facts, stated changes and
quarantined rows with the source's provenance. Facts go in as one columnar insert, so a million-row table loads in
seconds.
"""

from __future__ import annotations

from dataclasses import dataclass

import duckdb
import polars as pl

from ingest.catalog import Catalog
from ingest.model import FactRecord, SourceDoc, facts_frame
from ingest.resolve import Resolver
from warehouse import periods, units
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
    message: str | None = None

    @property
    def ok(self) -> bool:
        return self.status in ("loaded", "unchanged")


UNCHANGED = "已导入过，内容未变 / already loaded; nothing changed"

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
    rows = con.execute("select id from source where sha256 = ?", [sha256]).fetchall()
    return int(rows[0][0]) if rows else None


def load_doc(writer: Writer, doc: SourceDoc, catalog: Catalog | None = None) -> LoadResult:
    """Load ``doc`` in one transaction; a source already loaded (same SHA-256) changes nothing."""
    con = writer.con
    existing = already_loaded(con, doc.sha256)
    if existing is not None:
        return LoadResult(
            str(doc.path),
            "unchanged",
            source_id=existing,
            message=UNCHANGED,
        )
    catalog = catalog or Catalog.load()
    with writer.transaction() as con:
        catalog.sync(con)
        resolver = Resolver(con, catalog)
        resolver.define_regions(doc.regions)
        doc_region = resolver.region(doc.region) if doc.region else None
        source_id = con.execute(
            "insert into source (sha256, kind, path, title, region, period, domain, extractor_version, text) "
            "values (?, ?, ?, ?, ?, ?, ?, ?, ?) returning id",
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
            ],
        ).fetchall()[0][0]
        result = LoadResult(str(doc.path), "loaded", source_id=source_id)
        if doc.facts:
            _insert_facts(con, doc, source_id, resolver, doc_region, result)
        resolver.flush()
        if doc.quarantined:
            _insert_quarantine(con, doc, source_id)
        result.quarantined = len(doc.quarantined)
        result.new_indicators, result.new_regions = resolver.created_indicators, resolver.created_regions
        con.execute(
            "update source set n_facts = ?, n_quarantined = ? where id = ?",
            [result.facts, result.quarantined, source_id],
        )
    return result


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
    finally:
        con.unregister("incoming_quarantine")


def _insert_facts(
    con: duckdb.DuckDBPyConnection,
    doc: SourceDoc,
    source_id: int,
    resolver: Resolver,
    doc_region: str | None,
    result: LoadResult,
) -> None:
    """Write the facts as one columnar insert, built from the document's fact frame without a Python object per fact.

    Names are resolved once per unique value (indicator, unit, domain; region; unit) and mapped onto the columns by
    polars; defaults a frame leaves out are filled in by the insert itself.
    """
    facts = facts_frame(doc.facts)
    n = facts.height
    first_id = con.execute("select nextval('fact_id_seq') from range(?)", [n]).fetchall()[0][0]
    # The sequence hands out consecutive ids inside this transaction; ids[i] = first_id + i.
    frame = _resolved(facts, doc, resolver, doc_region, first_id)
    resolver.flush()
    opt = set(facts.columns)

    def column(name: str, default: str = "null") -> str:
        return f"i.{name}" if name in opt else default

    con.register("incoming_fact", frame)
    try:
        # Vintage: the first value of a key is vintage 1; a value equal to the latest vintage's corroborates it;
        # a different value is the next vintage. Compared on base values, so 2.16万人 equals 21600人.
        row = con.execute(
            f"""
            insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, approx, kind,
                              source_id, quote, span_start, span_end, suspect, suspect_reason, parent_id, vintage)
            with latest as (
                select indicator, region, period, kind,
                       max(vintage) as vintage,
                       arg_max(base_value, (vintage, id)) as base_value
                from fact
                where (indicator, region, kind) in (select distinct indicator, region, kind from incoming_fact)
                group by all
            )
            select i.id, i.indicator, i.region, i.period, i.value, i.unit,
                   (i.value::decimal(38, 10) * i.factor::decimal(38, 10))::double, i.base_unit,
                   {column("approx")}, i.kind, $source_id,
                   coalesce({column("quote")}, {column("location")}),
                   {column("span_start")}, {column("span_end")},
                   coalesce({column("suspect")}, false), {column("suspect_reason")},
                   {column("parent")} + $first_id::bigint,
                   case
                       when l.vintage is null then 1
                       when abs(l.base_value - i.value * i.factor) <= 1e-9 * greatest(1, abs(l.base_value))
                           then l.vintage
                       else l.vintage + 1
                   end
            from incoming_fact i
            left join latest l
              on l.indicator = i.indicator and l.region = i.region and l.kind = i.kind
             and l.period is not distinct from i.period
            returning (vintage > 1)::int
            """,
            {"source_id": source_id, "first_id": first_id},
        ).fetchall()
    finally:
        con.unregister("incoming_fact")
    result.facts = n
    result.new_vintages = sum(r[0] for r in row)
    result.suspect = int(facts["suspect"].sum()) if "suspect" in opt else 0
    records = doc.facts if isinstance(doc.facts, list) else []  # a FactTable states no changes
    changes = [(first_id + i, f) for i, f in enumerate(records) if f.change is not None]
    if changes:
        con.executemany(
            "insert into stated_change values (?, ?, ?, ?, ?, ?, ?)",
            [_change_row(fact_id, f, doc.period) for fact_id, f in changes],
        )
    result.stated_changes = len(changes)


def _resolved(
    facts: pl.DataFrame, doc: SourceDoc, resolver: Resolver, doc_region: str | None, first_id: int
) -> pl.DataFrame:
    """The insert frame: ``facts`` with id, kind and period defaults, and codes for indicator, region and unit.

    Only the unique values reach Python; a left join (indicator, unit, domain) and ``replace_strict`` (region, unit)
    map the codes onto every row.
    """
    dom = pl.col("domain") if "domain" in facts.columns else pl.lit(None, pl.String)
    keys = facts.select("indicator", "unit", domain=dom).unique(maintain_order=True)
    codes = keys.with_columns(
        code=pl.Series([resolver.indicator(i, u, d or doc.domain) for i, u, d in keys.iter_rows()], dtype=pl.String)
    )
    fallback = doc_region or resolver.unknown_region()
    reg = pl.col("region") if "region" in facts.columns else pl.lit(None, pl.String)
    names = (
        facts.select(reg.drop_nulls().unique(maintain_order=True)).to_series().to_list()
        if "region" in facts.columns
        else []
    )
    region_of = {name: resolver.region(name) for name in names}
    factor_of = {u: units.lookup(u) for u in facts["unit"].unique(maintain_order=True).to_list()}
    per = pl.col("period") if "period" in facts.columns else pl.lit(None, pl.String)
    kind = pl.col("kind") if "kind" in facts.columns else pl.lit(None, pl.String)
    unit = pl.col("unit")
    # Only the columns the insert needs go to DuckDB; the rest of the document's frame is left as it is.
    needed = [
        c
        for c in ("approx", "quote", "span_start", "span_end", "suspect", "suspect_reason", "parent", "location")
        if c in facts.columns
    ]
    return (
        facts.lazy()
        .select(
            pl.int_range(first_id, first_id + pl.len(), dtype=pl.Int64).alias("id"),
            "indicator",
            "unit",
            "value",
            *needed,
            domain=dom,
            region=reg.replace_strict(region_of, default=None, return_dtype=pl.String).fill_null(
                pl.lit(fallback, pl.String)
            ),
            period=per.fill_null(pl.lit(doc.period, pl.String)),
            kind=kind.fill_null(pl.lit("actual")),
            factor=unit.replace_strict({u: f.factor for u, f in factor_of.items()}, return_dtype=pl.Float64),
            base_unit=unit.replace_strict({u: f.base for u, f in factor_of.items()}, return_dtype=pl.String),
        )
        .join(codes.lazy(), on=["indicator", "unit", "domain"], how="left", nulls_equal=True, maintain_order="left")
        .drop("indicator", "domain")
        .rename({"code": "indicator"})
        .collect()
    )


def _change_row(fact_id: int, f: FactRecord, doc_period: str | None) -> tuple[object, ...]:
    ch = f.change
    assert ch is not None
    period = f.period if f.period is not None else doc_period
    return (fact_id, ch.base, base_period(ch.base, period), ch.direction, ch.amount, ch.unit, f.quote)
