"""The comparison table builder (对比): facts in, a table laid out as on screen and in the XLSX out.

Pure polars; no streamlit. ``build_table(facts, spec)`` takes the year-on-year rows of the chosen indicators for the
chosen regions *and their parent regions* (the parents give the share), and arranges them:

- ``region_period`` — one row per indicator and region, one column per period; the change, rank and share columns
  describe the latest period shown.
- ``indicator_region`` — one row per indicator and period, one column per region; each region's change, rank and
  share follow its value column.

Rank is among the chosen regions that share a parent (同级排名, highest first); share is a region's value over its
parent's value for additive indicators (counts and amounts — never rates or averages).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field

import polars as pl

from dashboards import format as fmt
from warehouse import export, periods

__all__ = ["LAYOUTS", "CompareSpec", "CompareTable", "build_table", "cells"]

LAYOUTS: dict[str, str] = {"region_period": "地区 × 期间", "indicator_region": "指标 × 地区"}
MISSING = "—"
"""What an empty cell shows, on screen and in both exports."""

FACT_COLUMNS = (
    "indicator",
    "indicator_name",
    "unit",
    "measure",
    "decimals",
    "region",
    "region_name",
    "parent_code",
    "period",
    "value",
    "delta",
    "pct",
    "phrase",
    "source_title",
)


@dataclass(frozen=True)
class CompareSpec:
    """What the user picked: indicators, regions and periods (each in display order) and the arrangement."""

    indicators: tuple[str, ...]
    regions: tuple[str, ...]
    periods: tuple[str, ...]
    layout: str = "region_period"
    yoy: bool = True
    rank: bool = True
    share: bool = True


@dataclass
class CompareTable:
    """A built table: the frame as shown, its title, footnote and per-column number formats."""

    frame: pl.DataFrame
    title: str
    footnote: str
    excel_formats: dict[str, str] = field(default_factory=dict)
    screen_formats: dict[str, str] = field(default_factory=dict)
    basis: str | None = None  # the period the change/rank/share columns describe (region_period layout)
    places: dict[str, int] = field(default_factory=dict)  # decimals of each number column, as shown
    row_decimals: list[int] = field(default_factory=list)  # each row's indicator decimals (rows of mixed indicators)
    row_columns: frozenset[str] = frozenset()  # the value and change columns that follow each row's indicator

    def shown(self) -> pl.DataFrame:
        """The table as text, as on screen: numbers to their column's decimals with separators, missing cells "—".
        Where rows hold different indicators, values and changes take their own row's decimals (800户 beside
        1,234.50万元), never a neighbour's; a stated digit is still never dropped."""
        columns = {}
        for name, dtype in self.frame.schema.items():
            values = self.frame[name].to_list()
            if not dtype.is_numeric():
                columns[name] = ["—" if v is None or v == "" else str(v) for v in values]
                continue
            cells = []
            for i, v in enumerate(values):
                p = self.places.get(name, 0)
                if name in self.row_columns and i < len(self.row_decimals):
                    p = max(self.row_decimals[i], min(fmt.stated_places(v), 6))
                cells.append(fmt.number(v, p))
            columns[name] = cells
        return pl.DataFrame(columns, schema=dict.fromkeys(self.frame.columns, pl.String))

    def xlsx(self, subtitle: str | None = None) -> bytes:
        """The XLSX bytes: title, units in headers, frozen header, number formats, source footnote; missing "—"."""
        layout = export.XlsxLayout(
            title=self.title,
            sheet="对比表",
            number_formats=self.excel_formats,
            footnote=self.footnote,
            subtitle=subtitle,
            missing=MISSING,
        )
        return export.to_xlsx(self.frame, layout)

    def csv(self) -> bytes:
        """CSV bytes: UTF-8 with BOM, formula-like text neutralised, numbers to the decimals shown, missing "—"."""
        return export.to_csv(self.frame, self.places, MISSING)


def _is_additive(measure: str | None, additive: bool | None) -> bool:
    if additive is not None:
        return bool(additive)
    return measure in ("stock", "flow")


def cells(facts: pl.DataFrame, spec: CompareSpec) -> pl.DataFrame:
    """One row per chosen (indicator, region, period) with its value, change, rank and share.

    ``facts`` may hold more rows than chosen (parent regions, other periods); rows of parents not chosen only
    serve as the denominator of ``share``.
    """
    if "additive" not in facts.columns:
        facts = facts.with_columns(pl.lit(None, dtype=pl.Boolean).alias("additive"))
    facts = facts.with_columns(pl.col("parent_code").cast(pl.String), pl.col("value").cast(pl.Float64))
    chosen = facts.filter(
        pl.col("indicator").is_in(list(spec.indicators))
        & pl.col("region").is_in(list(spec.regions))
        & pl.col("period").is_in(list(spec.periods))
    ).unique(subset=["indicator", "region", "period"], keep="first", maintain_order=True)
    group = ["indicator", "period", "parent_code"]
    ranked = chosen.with_columns(
        pl.col("value").rank(method="min", descending=True).over(group).cast(pl.Int64).alias("rank"),
        pl.len().over(group).alias("_peers"),
    ).with_columns(pl.when(pl.col("_peers") > 1).then(pl.col("rank")).otherwise(None).alias("rank"))
    parents = facts.select(
        pl.col("indicator"),
        pl.col("period"),
        pl.col("region").alias("parent_code"),
        pl.col("value").alias("parent_value"),
    ).unique(subset=["indicator", "period", "parent_code"], keep="first")
    joined = ranked.join(parents, on=["indicator", "period", "parent_code"], how="left")
    additive = [_is_additive(m, a) for m, a in zip(joined["measure"], joined["additive"], strict=True)]
    return joined.with_columns(
        pl.when(pl.Series(additive, dtype=pl.Boolean) & (pl.col("parent_value") > 0))
        .then(pl.col("value") / pl.col("parent_value") * 100)
        .otherwise(None)
        .alias("share")
    ).drop("_peers")


def _order(values: Sequence[str], wanted: Sequence[str]) -> list[str]:
    present = set(values)
    return [v for v in wanted if v in present]


def _unique_labels(codes: list[str], names: dict[str, str], parents: dict[str, str]) -> dict[str, str]:
    """Region labels, disambiguated with the parent's name where two chosen regions share a name (城关镇)."""
    labels = {c: names.get(c, c) for c in codes}
    seen: dict[str, int] = {}
    for label in labels.values():
        seen[label] = seen.get(label, 0) + 1
    for c in codes:
        if seen[labels[c]] > 1:
            labels[c] = f"{labels[c]}（{names.get(parents.get(c, ''), parents.get(c, '') or '—')}）"
    return labels


def _num_formats(decimals: int) -> tuple[str, str]:
    excel = "#,##0" if decimals <= 0 else "#,##0." + "0" * decimals
    return excel, f"%,.{max(decimals, 0)}f"


def _places(frame: pl.DataFrame, least: dict[str, int], fixed: set[str], points: set[str]) -> dict[str, int]:
    """Decimals per number column: at least the indicator's, more where a value was stated with more (no stated
    digit dropped); percent columns keep theirs; changes in points take the rates' own decimals, at most two."""
    out: dict[str, int] = {}
    for name in least:
        if name not in frame.columns:
            continue
        stated = max((fmt.stated_places(v) for v in frame[name].to_list()), default=0)
        if name in fixed:
            out[name] = least[name]
        elif name in points:
            out[name] = min(stated, 2)
        else:
            out[name] = max(least[name], min(stated, 6))
    return out


def build_table(facts: pl.DataFrame, spec: CompareSpec, generated: str | None = None) -> CompareTable:
    """Arrange ``facts`` per ``spec``; see the module docstring for the two layouts."""
    table = cells(facts, spec)
    ind_meta = {r["indicator"]: r for r in table.unique("indicator", keep="first").iter_rows(named=True)}
    indicators = _order(list(ind_meta), spec.indicators)
    regions = _order(table["region"].to_list(), spec.regions)
    period_list = sorted(set(table["period"].to_list()), key=periods.sort_key)
    names = dict(zip(facts["region"], facts["region_name"], strict=True))
    parents = dict(zip(facts["region"], facts["parent_code"].cast(pl.String), strict=True))
    labels = _unique_labels(regions, names, parents)
    units_used = {ind_meta[i]["unit"] or "" for i in indicators}
    one_unit = next(iter(units_used)) if len(units_used) == 1 else None
    by_key = {(r["indicator"], r["region"], r["period"]): r for r in table.iter_rows(named=True)}
    excel: dict[str, str] = {}
    screen: dict[str, str] = {}
    least: dict[str, int] = {}
    fixed: set[str] = set()
    points: set[str] = set()

    def unit_suffix(unit: str | None) -> str:
        return f"（{unit}）" if unit else ""

    def value_column(name: str, decimals: int) -> None:
        least[name] = decimals

    def extras(
        row: dict[str, object],
        prefix: str,
        cell: dict[str, object] | None,
        unit: str | None,
        measure: str | None,
        decimals: int,
    ) -> None:
        if spec.yoy:
            delta_unit = "个百分点" if measure == "rate" else unit
            name = f"{prefix}增减{unit_suffix(delta_unit)}" if delta_unit else f"{prefix}增减"
            row[name] = None if cell is None else cell["delta"]
            value_column(name, decimals)
            if measure == "rate":
                points.add(name)
            name = f"{prefix}增幅（%）"
            row[name] = None if cell is None or measure == "rate" else cell["pct"]
            value_column(name, 1)
            fixed.add(name)
            row[f"{prefix}变化说法"] = None if cell is None else cell["phrase"]
        if spec.rank:
            row[f"{prefix}同级排名"] = None if cell is None else cell["rank"]
            excel[f"{prefix}同级排名"], screen[f"{prefix}同级排名"] = "0", "%d"
        if spec.share:
            name = f"{prefix}占上级比重（%）"
            row[name] = None if cell is None else cell["share"]
            value_column(name, 1)
            fixed.add(name)

    rows: list[dict[str, object]] = []
    row_decimals: list[int] = []
    basis = period_list[-1] if period_list else None
    if spec.layout == "indicator_region":
        for ind in indicators:
            meta = ind_meta[ind]
            for p in period_list:
                row: dict[str, object] = {
                    "指标": meta["indicator_name"],
                    "单位": meta["unit"] or "",
                    "期间": fmt.period_label(p),
                }
                if not any((ind, r, p) in by_key for r in regions):
                    continue
                for r in regions:
                    cell = by_key.get((ind, r, p))
                    row[labels[r]] = None if cell is None else cell["value"]
                    value_column(labels[r], max(int(ind_meta[i]["decimals"] or 0) for i in indicators))
                    # The 单位 column names each row's unit, so shared change columns carry none in their header.
                    extras(row, f"{labels[r]}·", cell, None, None, int(meta["decimals"] or 0))
                rows.append(row)
                row_decimals.append(int(meta["decimals"] or 0))
        basis = None
    else:
        max_dec = max((int(ind_meta[i]["decimals"] or 0) for i in indicators), default=0)
        for ind in indicators:
            meta = ind_meta[ind]
            for r in regions:
                if not any((ind, r, p) in by_key for p in period_list):
                    continue
                row = {"指标": meta["indicator_name"]}
                if one_unit is None:
                    row["单位"] = meta["unit"] or ""
                row["地区"] = labels[r]
                for p in period_list:
                    cell = by_key.get((ind, r, p))
                    name = f"{fmt.period_label(p)}{unit_suffix(one_unit)}"
                    row[name] = None if cell is None else cell["value"]
                    value_column(name, max_dec)
                cell = by_key.get((ind, r, basis)) if basis else None
                extras(row, "", cell, one_unit, meta["measure"] if len(indicators) == 1 else None, max_dec)
                rows.append(row)
                row_decimals.append(int(meta["decimals"] or 0))
    numeric: dict[str, pl.DataType] = {name: pl.Int64() for name in excel}
    numeric.update({name: pl.Float64() for name in least})
    frame = _frame(rows, numeric)
    # a column with nothing in it (growth of rates; shares where no parent has a total) says nothing: dropped
    empty = [
        c
        for c in frame.columns
        if c.endswith(("增幅（%）", "占上级比重（%）")) and frame[c].null_count() == frame.height
    ]
    frame = frame.drop(empty)
    places = _places(frame, least, fixed, points)
    for name, p in places.items():
        excel[name], screen[name] = _num_formats(p)
    ind_names = "、".join(ind_meta[i]["indicator_name"] for i in indicators) or "指标"
    span = ""
    if period_list:
        first, last = fmt.period_label(period_list[0]), fmt.period_label(period_list[-1])
        span = first if first == last else f"{first}—{last}"
    title = f"{ind_names}对比表（{span}）" if span else f"{ind_names}对比表"
    return CompareTable(
        frame=frame,
        title=title,
        footnote=_footnote(table, spec, basis, generated),
        excel_formats={k: v for k, v in excel.items() if k in frame.columns},
        screen_formats={k: v for k, v in screen.items() if k in frame.columns},
        basis=basis,
        places=places,
        row_decimals=row_decimals if len(indicators) > 1 else [],
        row_columns=frozenset(c for c in places if c not in fixed and c not in points),
    )


def _frame(rows: list[dict[str, object]], numeric: dict[str, pl.DataType]) -> pl.DataFrame:
    """A frame from row dicts: columns in order of first appearance, numbers typed even when all are missing."""
    columns: list[str] = []
    for row in rows:
        for name in row:
            if name not in columns:
                columns.append(name)
    schema = {c: numeric.get(c, pl.String) for c in columns}
    return pl.DataFrame([[row.get(c) for c in columns] for row in rows], schema=schema, orient="row")


def _footnote(table: pl.DataFrame, spec: CompareSpec, basis: str | None, generated: str | None) -> str:
    titles = sorted({t for t in table["source_title"].to_list() if t}) if "source_title" in table.columns else []
    parts = []
    if titles:
        shown = "；".join(titles[:5])
        parts.append(f"资料来源：{shown}" + (f" 等 {len(titles)} 份资料" if len(titles) > 5 else "") + "。")
    else:
        parts.append("资料来源：指标仓库。")
    notes = []
    if spec.yoy:
        notes.append("增减、增幅与上年同期相比（比率类为个百分点）")
    if spec.rank:
        notes.append("同级排名为所选同一上级地区内按数值从高到低")
    if spec.share:
        notes.append("占上级比重仅对可加总的数量与金额指标计算")
    if basis and notes:
        notes.append(f"以上各项均按{fmt.period_label(basis)}计算")
    if notes:
        parts.append("说明：" + "；".join(notes) + "。")
    if generated:
        parts.append(f"导出时间：{generated}。")
    return "\n".join(parts)
