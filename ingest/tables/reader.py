"""``read_table``: one table file → a :class:`SourceDoc` (load → lay out → check duplicates → a fact frame).

The reader never writes to DuckDB; ``ingest/load.py`` does. Whole-file problems raise :class:`IngestError` with one line
naming the file; row and cell problems become :class:`Quarantined` entries with the row number (and column
header) a user sees in Excel or a text editor.
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from pathlib import Path

import polars as pl

from ingest.limits import limits
from ingest.model import FactTable, IngestError, Quarantined, SourceDoc, sha256_of
from ingest.tables.delimited import load_delimited
from ingest.tables.grid import HEAD_ROWS, Grid, load_parquet, read_bytes, strings_frame
from ingest.tables.headers import classify, find_header, stacked_header, unit_in_text
from ingest.tables.layout import Defaults, Layout, lay_out
from ingest.tables.xlsx import load_xlsx
from warehouse.periods import PeriodError, from_label

__all__ = ["EXTRACTOR_VERSION", "TableStats", "read_rows", "read_table", "read_table_with_stats"]

EXTRACTOR_VERSION = "tables/1"
_KEY = ["region", "indicator", "period", "kind"]


@dataclass
class TableStats:
    """Counts for a summary line: data rows, facts, missing cells (blank, -, …), quarantined, exact duplicates."""

    rows: int = 0
    facts: int = 0
    missing: int = 0
    quarantined: int = 0
    duplicates: int = 0
    seconds: float = 0.0
    encoding: str | None = None
    sheet: str | None = None


def read_table(
    path: Path | str,
    *,
    mapping: dict[str, str] | None = None,
    region: str | None = None,
    period: str | None = None,
    domain: str | None = None,
    unit: str | None = None,
    sheet: str | int | None = None,
    max_bytes: int | None = None,
) -> SourceDoc:
    """Read a CSV/TSV/TXT, XLSX/XLS or Parquet table (long or wide) into a :class:`SourceDoc`.

    ``mapping`` maps header text → field (from ``--map``, see :func:`parse_mapping`); ``region``, ``period``,
    ``domain`` and ``unit`` are defaults for tables without such a column; ``sheet`` picks an Excel sheet (name or
    0-based index; default the first); ``max_bytes`` caps the file size (default ``ZHIBIAO_PARSE_MAX_FILE_BYTES``, 512 MiB).
    """
    doc, _ = read_table_with_stats(
        path, mapping=mapping, region=region, period=period, domain=domain, unit=unit, sheet=sheet, max_bytes=max_bytes
    )
    return doc


def read_table_with_stats(
    path: Path | str,
    *,
    mapping: dict[str, str] | None = None,
    region: str | None = None,
    period: str | None = None,
    domain: str | None = None,
    unit: str | None = None,
    sheet: str | int | None = None,
    max_bytes: int | None = None,
) -> tuple[SourceDoc, TableStats]:
    """:func:`read_table`, plus the counts a CLI summary shows (missing cells are not in the model yet)."""
    started = time.perf_counter()
    path = Path(path)
    mapping = dict(mapping or {})
    code = _period_code(path, period)
    data = read_bytes(path, limits().max_file_bytes if max_bytes is None else max_bytes)
    sha256 = sha256_of(data)
    year = int(code[:4]) if code else None
    grid = _load(path, data, sheet, mapping, year)
    if grid.sheet_index:
        # A source is its bytes, and for a workbook also its sheet: once the first sheet is loaded, the same file
        # with --sheet 民政 is another source, not "already loaded". The first sheet keeps the file's own digest.
        sha256 = sha256_of(f"{sha256}\0sheet\0{grid.sheet}".encode())
    del data  # the file's bytes are not needed once they are a grid: a 200 MB file is 200 MB less at the peak
    title, title_unit = _title(grid, mapping, year)
    defaults = Defaults(region=region, period=code, domain=domain, unit=unit, title_unit=title_unit, year=year)
    layout = lay_out(path, grid, mapping, defaults)
    encoding, sheet_name = grid.encoding, grid.sheet
    del grid
    cells, quarantined, duplicates = _settled(layout)
    doc = SourceDoc(
        path=path,
        sha256=sha256,
        kind="table",
        title=title or path.name,
        region=region,
        period=code,
        domain=domain,
        extractor_version=EXTRACTOR_VERSION,
        facts=FactTable(cells.drop("_line", "_raw")),
        quarantined=quarantined,
        regions=layout.regions,
    )
    stats = TableStats(
        rows=layout.rows,
        facts=len(doc.facts),
        missing=layout.missing,
        quarantined=len(doc.quarantined),
        duplicates=duplicates,
        seconds=time.perf_counter() - started,
        encoding=encoding,
        sheet=sheet_name,
    )
    return doc, stats


def read_rows(
    path: Path,
    rows: list[list[str | None]],
    *,
    label: str,
    region: str | None = None,
    period: str | None = None,
    domain: str | None = None,
) -> tuple[pl.DataFrame, list[Quarantined]]:
    """A table given as rows of cells (a table inside a .docx report) laid out as :func:`read_table` lays out a file.

    Returns the good cells (columns of :class:`~ingest.model.FactRecord` plus ``_line``, the row within the table,
    1-based) and the quarantine, locations prefixed with ``label`` (表2 行 3, 列 2023年). Rows with no header row are
    not a data table (a layout grid, a signature block): no cells, no quarantine. A header without what a fact needs
    is one quarantine entry naming the table and the cause. ``region`` and ``period`` (a code) are the report's.
    """
    empty = pl.DataFrame()
    year = int(period[:4]) if period and period[:4].isdigit() else None
    h = find_header(rows[:HEAD_ROWS], {}, year=year)
    if h is None:
        return empty, []
    header, taken = stacked_header(rows, h, {}, year=year)
    body = rows[h + taken :]
    width = max([len(header), *(len(r) for r in body)])
    grid = Grid(
        header=header + [""] * (width - len(header)),
        body=strings_frame(body, width).with_columns(
            _line=pl.int_range(h + taken + 1, h + taken + 1 + len(body), dtype=pl.Int64)
        ),
        preface=[[c for c in row if c] for row in rows[:h]],
        width=width,
    )
    _, title_unit = _title(grid, {}, year)
    defaults = Defaults(region=region, period=period, domain=domain, title_unit=title_unit, year=year)
    try:
        layout = lay_out(path, grid, {}, defaults)
    except IngestError as err:
        cause = str(err).removeprefix(f"{path}: ")
        return empty, [Quarantined(label, f"表格无法读取 / table not read: {cause}", " | ".join(header))]
    cells, quarantined, _ = _settled(layout, prefix=f"{label} ")
    return cells.drop("_raw").with_columns(location=pl.lit(f"{label} ") + pl.col("location")), quarantined


def _settled(layout: Layout, prefix: str = "") -> tuple[pl.DataFrame, list[Quarantined], int]:
    """A layout's cells without repeated keys, its quarantine (bad cells and conflicting keys, in file order, each
    location after ``prefix``) and how many exact repeats were dropped."""
    cells, conflicts, duplicates = _deduplicate(layout.cells)
    quarantine = pl.concat([layout.quarantine, conflicts], how="vertical_relaxed").sort("_line", "_order")
    return (
        cells,
        [
            Quarantined(f"{prefix}{loc}", why, raw)
            for loc, why, raw in quarantine.select("location", "reason", "raw").iter_rows()
        ],
        duplicates,
    )


def _period_code(path: Path, period: str | None) -> str | None:
    if period is None or not str(period).strip():
        return None
    try:
        return from_label(str(period))
    except PeriodError as err:
        raise IngestError(f"{path}: --period {period!r} 无法识别 / unrecognised period") from err


def _load(path: Path, data: bytes, sheet: str | int | None, mapping: dict[str, str], year: int | None) -> Grid:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm", ".xls"):
        return load_xlsx(path, data, sheet, mapping, year)
    if suffix == ".parquet":
        return load_parquet(path, data)
    return load_delimited(path, data, mapping, year)


def _title(grid: Grid, mapping: dict[str, str], year: int | None) -> tuple[str | None, str | None]:
    """The title line above the header and the unit a ``单位：万元`` line (or header cell) states."""
    title = unit = None
    for row in grid.preface:
        for cell in row:
            found = unit_in_text(cell)
            unit = unit or found
            if title is None and not (found and cell.lstrip("（(").startswith(("单位", "计量单位"))):
                title = cell
    for cell in grid.header:
        if cell and classify(cell, mapping, year=year).field is None:
            unit = unit or unit_in_text(cell)
    return title, unit


def _deduplicate(cells: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame, int]:
    """Drop exact repeats of a key; quarantine every cell of a key whose values (or units) disagree."""
    # Most tables repeat no key: one 64-bit hash per row tells (equal keys hash equal; a collision only costs the
    # full check below), where the window and ``unique`` below each copy the whole table.
    if not cells.select(pl.struct(_KEY).hash().is_duplicated().any()).item():
        none = pl.DataFrame(
            schema={"_line": pl.Int64, "_order": pl.Int32, "location": pl.String, "reason": pl.String, "raw": pl.String}
        )
        return cells, none, 0
    clash = pl.struct("value", "unit").n_unique().over(_KEY) > 1
    cells = cells.with_columns(_clash=clash)
    clashing = cells.filter("_clash")
    groups: dict[tuple[object, ...], list[tuple[str, float, str]]] = {}
    for row in clashing.iter_rows(named=True):
        groups.setdefault(tuple(row[k] for k in _KEY), []).append((row["location"], row["value"], row["unit"]))
    reasons = []
    for row in clashing.iter_rows(named=True):
        others = [f"{loc} ({v:g} {u})" for loc, v, u in groups[tuple(row[k] for k in _KEY)] if loc != row["location"]]
        reasons.append(f"同一指标、地区、期间的值冲突 / conflicting values for one key: 另见 / see {'; '.join(others)}")
    conflicts = clashing.select(
        "_line",
        _order=pl.lit(0),
        location="location",
        reason=pl.Series(reasons, dtype=pl.String),
        raw="_raw",
    )
    kept = cells.filter(~pl.col("_clash"))
    unique = kept.unique(subset=_KEY, keep="first", maintain_order=True)
    return unique.drop("_clash"), conflicts, kept.height - unique.height
