"""Grid → one row per value cell: map the header, check each row, melt value columns, parse the values.

Long tables have one value column; wide tables one column per period (``2018年``…); a table may also have one
column per indicator (``学校数(所)``). All three are the same operation here: every value column is melted, and
each cell takes its indicator, period and unit from its column when the header says so, else from its row
(indicator / period / unit columns), else from the file (a ``单位：万元`` line) or the caller's defaults.
Everything is vectorised (polars); Python only touches the unique labels of a column.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.model import IngestError, RegionDef
from ingest.tables.grid import Grid
from ingest.tables.headers import NOTE, TARGET_WORDS, Role, classify, split_unit
from ingest.tables.values import MAGNITUDE, is_missing, parse_values
from warehouse import units
from warehouse.periods import PeriodError, from_label, is_valid

__all__ = ["Defaults", "Layout", "lay_out"]

_CODE = r"^(\d{6}|\d{12})(?:\.0+)?$"
_CODE_NAME = r"^(?<code>\d{12}|\d{6})\s*(?<name>[^\d\s.].*)$"  # 440308 盐田区; not the tail of 440308003000
_YES = ["是", "true", "yes", "y", "1", "√", "✓", "约"]
_NO = ["否", "false", "no", "n", "0", "×"]
_REPEAT_PROBE = 50
_HORIZONTAL = 64
"""Up to this many value columns, row checks are horizontal expressions; beyond it they run on the melted cells."""


@dataclass
class Defaults:
    """What the caller or the file's title says when a row does not: region, period code, domain, units."""

    region: str | None = None
    period: str | None = None
    domain: str | None = None
    unit: str | None = None
    title_unit: str | None = None
    year: int | None = None


@dataclass
class Layout:
    """Good cells (columns of :class:`FactRecord`, plus ``_line``), quarantine rows, regions and counts."""

    cells: pl.DataFrame
    quarantine: pl.DataFrame  # _line, _order, location, reason, raw
    regions: list[RegionDef]
    rows: int
    missing: int


def _label_map(values: list[str], year: int | None) -> dict[str, str | None]:
    out: dict[str, str | None] = {}
    for v in values:
        try:
            code = from_label(v, year=year)
            out[v] = code if is_valid(code) else None
        except PeriodError:
            out[v] = None
    return out


def _roles(grid: Grid, mapping: dict[str, str], d: Defaults, path: Path) -> tuple[list[Role], dict[str, int]]:
    width = grid.body.width - 1
    header = (grid.header + [""] * width)[:width]
    roles = [classify(h, mapping, year=d.year) for h in header]
    first: dict[str, int] = {}
    for j, role in enumerate(roles):
        if role.field and role.field not in ("value", "ignore"):
            first.setdefault(role.field, j)
    values = [j for j, r in enumerate(roles) if r.field == "value"]
    shown = "、".join(h for h in header[:12] if h)
    if not values:
        raise IngestError(
            f"{path}: 找不到数值列或期间列 / no value column and no period columns (表头 / header: {shown})"
        )
    blank_first = width > 0 and roles[0].field is None and not header[0]
    if any(roles[j].indicator is None for j in values) and "indicator" not in first:
        if not blank_first:
            raise IngestError(f"{path}: 找不到指标列 / no indicator column (表头 / header: {shown})")
        first["indicator"] = 0  # a yearbook's blank top-left cell over the indicator names
    elif blank_first and "region" not in first and "region_code" not in first and d.region is None:
        first["region"] = 0  # rows are regions, columns are indicators with units
    if "region" not in first and "region_code" not in first and d.region is None:
        raise IngestError(f"{path}: 找不到地区列，请用 --region 指定 / no region column: pass --region (表头: {shown})")
    if any(roles[j].period is None for j in values) and "period" not in first and d.period is None:
        raise IngestError(f"{path}: 找不到期间列，请用 --period 指定 / no period column: pass --period (表头: {shown})")
    return roles, first


def lay_out(path: Path, grid: Grid, mapping: dict[str, str], d: Defaults) -> Layout:
    """Map, check and melt a grid; raise :class:`IngestError` when the header lacks what a fact needs."""
    roles, first = _roles(grid, mapping, d, path)
    width = grid.body.width - 1
    header = (grid.header + [""] * width)[:width]
    cols = [f"c{j}" for j in range(width)]
    values = [f"c{j}" for j, r in enumerate(roles) if r.field == "value"]
    col = {f: f"c{j}" for f, j in first.items()}
    # Multi-column expressions throughout, and per-cell work on value columns only after melting when there are
    # many: a table with 10,000 columns must not cost 10,000 expressions per step.
    value_set = set(values)
    labels = cols if len(values) <= _HORIZONTAL else [c for c in cols if c not in value_set]
    # Only columns with a blank or padded cell are rewritten: a clean column is shared, not copied.
    padded = grid.body.select(pl.col(labels).str.contains(r"^\s|\s$|^$").any()).row(0, named=True)
    strip = [c for c in labels if padded[c]]
    body = grid.body.with_columns(pl.when(pl.col(strip).str.strip_chars() != "").then(pl.col(strip).str.strip_chars()))
    first_cell = pl.coalesce(cols[:50]) if len(cols) > 1 else pl.col(cols[0])
    note_at = body.select(first_cell.str.contains(NOTE.pattern).fill_null(False).arg_true().first()).item()
    if note_at is not None:
        body = body.slice(0, note_at)  # footnotes and everything after them are not data
    body = _keep(body, pl.any_horizontal(pl.col(cols).is_not_null()))
    if body.height == 0:
        raise IngestError(f"{path}: 表头下没有数据行 / no data rows below the header")
    # A header repeated below a page break: its first cells (the label columns) equal the header's.
    probe = [(c, h) for c, h in zip(cols, header, strict=True) if h][:_REPEAT_PROBE]
    repeat = (
        pl.all_horizontal([pl.col(c).is_null() | (pl.col(c) == h) for c, h in probe])
        & pl.any_horizontal([pl.col(c).is_not_null() for c, _ in probe])
        if probe
        else pl.lit(False)
    )
    some_value = pl.any_horizontal(pl.col(values).is_not_null())
    blank_rows = body.select((~some_value & ~repeat).sum()).item()  # labels but no value at all: missing cells
    body = _keep(body, some_value & ~repeat)
    if len(values) <= _HORIZONTAL:
        has_value = pl.any_horizontal(~is_missing(values))
    else:
        present = (
            body.select("_line", *values)
            .unpivot(on=values, index="_line", value_name="_cell")
            .filter(~is_missing("_cell"))
            .get_column("_line")
            .unique()
        )
        has_value = pl.col("_line").is_in(present.implode())

    derived: list[pl.Expr] = []
    if "indicator" in col:
        names = body[col["indicator"]].drop_nulls().unique().to_list()
        split = {n: split_unit(n) for n in names}
        ind = pl.col(col["indicator"])
        derived += [
            _replaced(ind, {n: s[0] for n, s in split.items()}).alias("_ind"),
            _replaced(ind, {n: s[1] for n, s in split.items()}).alias("_iu"),
        ]
    else:
        derived += [pl.lit(None, pl.String).alias("_ind"), pl.lit(None, pl.String).alias("_iu")]
    if "period" in col:
        labels = _label_map(body[col["period"]].drop_nulls().unique().to_list(), d.year)
        derived.append(_replaced(pl.col(col["period"]), labels).alias("_per"))
    else:
        derived.append(pl.lit(d.period, pl.String).alias("_per"))
    derived += _region_exprs(col, d, body)
    derived.append(pl.col(col["unit"]).alias("_unit") if "unit" in col else pl.lit(None, pl.String).alias("_unit"))
    dom = pl.col(col["domain"]) if "domain" in col else pl.lit(None, pl.String)
    derived.append(dom.fill_null(pl.lit(d.domain, pl.String)).alias("_dom"))
    derived.append(_approx_expr(col.get("approx")).alias("_apx"))
    derived.append(_kind_expr(col.get("kind")).alias("_kind"))
    body = body.with_columns(derived)

    reason = pl.when(pl.lit(False)).then(pl.lit(None, pl.String))
    if width > grid.width:
        extra = pl.any_horizontal(pl.col(cols[grid.width :]).is_not_null())
        reason = reason.when(extra).then(pl.lit("多出表头以外的单元格 / more cells than the header has"))
    if "indicator" in col:
        reason = reason.when(pl.col("_ind").is_null()).then(pl.lit("缺少指标 / missing indicator"))
    if "region" in col or "region_code" in col:
        reason = reason.when(pl.col("_reg").is_null()).then(pl.lit("缺少地区 / missing region"))
    if "period" in col:
        per = pl.col(col["period"])
        reason = reason.when(per.is_null()).then(pl.lit("缺少期间 / missing period"))
        reason = reason.when(pl.col("_per").is_null()).then(pl.format("无法识别的期间 / unrecognised period: {}", per))
    body = body.with_columns(_why=pl.when(has_value).then(reason))
    bad_rows = body.filter(pl.col("_why").is_not_null()).select(
        "_line",
        _order=pl.lit(-1),
        location=pl.format("行 {}", "_line"),
        reason="_why",
        raw=pl.concat_str(cols[:20], separator=" | ", ignore_nulls=True).str.slice(0, 200),
    )
    rows = body.height
    body = _keep(body, pl.col("_why").is_null())
    regions = _regions(body)
    cells, bad_cells, missing = _melt(body, values, roles, header, d)
    missing += blank_rows * len(values)
    return Layout(cells, pl.concat([bad_rows, bad_cells], how="vertical_relaxed"), regions, rows, missing)


def _keep(frame: pl.DataFrame, keep: pl.Expr) -> pl.DataFrame:
    """``frame.filter(keep)``, but ``frame`` itself when every row stays: a filter copies every column, and in a
    clean file most filters keep every row."""
    mask = frame.select(keep.fill_null(False)).to_series()
    return frame if mask.all() else frame.filter(mask)


def _replaced(column: pl.Expr, mapping: dict[str, str | None]) -> pl.Expr:
    """``column`` with each value replaced by ``mapping`` (unmapped → null); the column itself when ``mapping`` is
    the identity (codes already canonical, names without a unit), a null literal when it maps everything to null:
    neither copies a column of millions of cells."""
    if all(k == v for k, v in mapping.items()):
        return column
    if all(v is None for v in mapping.values()):
        return pl.lit(None, pl.String)
    return column.replace_strict(mapping, default=None, return_dtype=pl.String)


def _region_exprs(col: dict[str, str], d: Defaults, body: pl.DataFrame) -> list[pl.Expr]:
    """``_reg`` (a code where one is given, else the name) and ``_rname`` (the name beside a code)."""
    if (
        "region" in col
        and "region_code" not in col
        and not body.select(pl.col(col["region"]).str.contains(r"^\d").any()).item()
    ):
        return [pl.col(col["region"]).alias("_reg"), pl.lit(None, pl.String).alias("_rname")]  # names only: no copy
    reg = pl.col(col["region"]) if "region" in col else pl.lit(None, pl.String)
    code = pl.col(col["region_code"]) if "region_code" in col else pl.lit(None, pl.String)
    valid = code.str.extract(_CODE, 1)
    inline = reg.str.extract_groups(_CODE_NAME)
    bare = reg.str.extract(_CODE, 1)
    name = pl.coalesce(inline.struct.field("name"), pl.when(bare.is_null()).then(reg))
    fallback = pl.lit(d.region, pl.String) if "region" not in col and "region_code" not in col else None
    parts = [valid, inline.struct.field("code"), bare, reg, code] + ([fallback] if fallback is not None else [])
    return [pl.coalesce(parts).alias("_reg"), name.alias("_rname")]


def _approx_expr(c: str | None) -> pl.Expr:
    if c is None:
        return pl.lit(None, pl.String)
    low = pl.col(c).str.to_lowercase()
    return pl.when(low.is_in(_YES)).then(pl.lit("约")).when(low.is_in(_NO)).then(None).otherwise(pl.col(c))


def _kind_expr(c: str | None) -> pl.Expr:
    if c is None:
        return pl.lit(None, pl.String)
    target = pl.col(c).str.to_lowercase().str.contains("|".join([*TARGET_WORDS, "target", "plan"]))
    return pl.when(pl.col(c).is_null()).then(None).when(target).then(pl.lit("target")).otherwise(pl.lit("actual"))


def _regions(body: pl.DataFrame) -> list[RegionDef]:
    pairs = (
        body.filter(pl.col("_reg").str.contains(_CODE) & pl.col("_rname").is_not_null())
        .select("_reg", "_rname")
        .unique(maintain_order=True)
    )
    return [RegionDef(code=c, name=n, authoritative=False) for c, n in pairs.iter_rows()]


def _melt(
    body: pl.DataFrame, values: list[str], roles: list[Role], header: list[str], d: Defaults
) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    index = ["_line", "_ind", "_iu", "_per", "_reg", "_unit", "_dom", "_apx", "_kind"]
    long = body.select(index + values).unpivot(on=values, index=index, variable_name="_col", value_name="_raw")
    gone = is_missing("_raw")
    missing = long.select(gone.sum()).item()
    long = _keep(long, ~gone)
    by_col = {f"c{j}": (j, r, header[j]) for j, r in enumerate(roles) if r.field == "value"}

    def attr(pick: object, dtype: pl.DataType = pl.String) -> pl.Expr:
        mapping = {c: pick(j, r, h) for c, (j, r, h) in by_col.items()}  # type: ignore[operator]
        if len(set(mapping.values())) == 1:  # one value column (a long table): a constant, not a column
            return pl.lit(next(iter(mapping.values())), dtype)
        return pl.col("_col").replace_strict(mapping, default=None, return_dtype=dtype)

    long = parse_values(long, "_raw").with_columns(
        _order=attr(lambda j, r, h: j, pl.Int64),
        _head=attr(lambda j, r, h: h),
        _cper=attr(lambda j, r, h: r.period),
        _cind=attr(lambda j, r, h: r.indicator),
        _cunit=attr(lambda j, r, h: r.unit),
        _ckind=attr(lambda j, r, h: r.kind),
    )
    if len(values) > 1:
        long = long.sort("_line", "_order", maintain_order=True)
    per_cell = len(values) > 1 or roles[int(values[0][1:])].period is not None
    unit = _coalesce(
        long, "_unit", "_iu", "_cunit", pl.when("_pct").then(pl.lit("%")), pl.lit(d.title_unit, pl.String),
        pl.lit(d.unit, pl.String),
    )  # fmt: skip
    # A cell's 万/亿 (1.2万 in a column of 人) goes before the unit when that makes a unit the registry knows (1.2
    # 万人, as written); otherwise it multiplies the number (1.2万 个百分点 is not a unit: 12000).
    mag_unit = pl.concat_str("_mag", unit)
    as_written = mag_unit.is_in(list(units.UNITS))
    value = (
        pl.when(pl.col("_mag").is_null() | as_written)
        .then("_value")
        .otherwise(pl.col("_value") * pl.col("_mag").replace_strict(MAGNITUDE, default=1.0, return_dtype=pl.Float64))
    )
    unit = pl.when(pl.col("_mag").is_not_null() & as_written).then(mag_unit).otherwise(unit)
    long = long.with_columns(
        indicator=_coalesce(long, "_cind", "_ind"),
        region="_reg",
        period=_coalesce(long, "_cper", "_per"),
        value=value,
        unit=unit,
        approx=_coalesce(long, "_apx", "_approx"),
        kind=_coalesce(long, "_kind", "_ckind", pl.lit("actual")),
        domain="_dom",
        location=pl.format("行 {}, 列 {}", "_line", "_head") if per_cell else pl.format("行 {}", "_line"),
        _why=pl.coalesce(
            "_bad", pl.when(unit.is_null()).then(pl.lit("缺少单位 / no unit (单位列、单位：… 行或 --unit)"))
        ),
    )
    bad = long.filter(pl.col("_why").is_not_null()).select(
        "_line", "_order", location=pl.format("行 {}, 列 {}", "_line", "_head"), reason="_why", raw="_raw"
    )
    fields = ["indicator", "region", "period", "value", "unit", "approx", "kind", "domain", "location", "_line", "_raw"]
    return _keep(long, pl.col("_why").is_null()).select(fields), bad, missing


def _coalesce(frame: pl.DataFrame, *parts: str | pl.Expr) -> pl.Expr:
    """``pl.coalesce(parts)`` without the columns of ``frame`` that are all null and without what follows a column
    that has no null: usually one column is left, and the result is that column, shared rather than copied."""
    kept: list[str | pl.Expr] = []
    for part in parts:
        if isinstance(part, str):
            nulls = frame.get_column(part).null_count()
            if nulls == frame.height and frame.height:
                continue
            kept.append(part)
            if nulls == 0:
                break
        else:
            kept.append(part)
    if len(kept) == 1 and isinstance(kept[0], str):
        return pl.col(kept[0])
    return pl.coalesce(kept) if kept else pl.lit(None, pl.String)
