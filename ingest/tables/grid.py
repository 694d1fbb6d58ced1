"""Load a table file into a :class:`Grid`: the rows above the header, the header, and the body as strings.

Every format ends up the same shape so that header mapping, reshaping and value parsing happen once
(``layout.py``). Whole-file problems (missing file, directory, too large, empty, binary, corrupt) raise
:class:`IngestError` with one line naming the file.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl

from ingest.limits import limits
from ingest.model import IngestError
from ingest.rawfile import read_regular

__all__ = ["HEAD_ROWS", "SUPPORTED", "Grid", "read_bytes", "strings_frame"]

HEAD_ROWS = 64
"""How many rows from the top are searched for the header row."""

SUPPORTED = (".csv", ".tsv", ".txt", ".xlsx", ".xlsm", ".xls", ".parquet")


@dataclass
class Grid:
    """A table as strings. ``body`` has columns ``c0``… (null for empty cells) and ``_line``, the row number a
    user sees in Excel or a text editor (parquet: the 1-based data row). ``width`` is how many cells the header
    row has; a body cell beyond it is a ragged row."""

    header: list[str]
    body: pl.DataFrame
    preface: list[list[str]] = field(default_factory=list)
    width: int = 0
    encoding: str | None = None
    sheet: str | None = None
    sheet_index: int | None = None  # 0 for a workbook's first sheet


def read_bytes(path: Path, max_bytes: int) -> bytes:
    """The file's bytes, after checking it exists, is a file, is within ``max_bytes`` and has a known type."""
    if not path.exists():
        raise IngestError(f"{path}: 文件不存在 / no such file")
    if path.is_dir():
        raise IngestError(f"{path}: 这是一个目录，不是文件 / is a directory, not a file")
    if path.suffix.lower() not in SUPPORTED:
        raise IngestError(
            f"{path}: 不支持的文件类型 {path.suffix or '(无扩展名)'} / unsupported file type; "
            f"支持 / supported: {' '.join(SUPPORTED)}"
        )
    return read_regular(path, max_bytes)  # refuses FIFOs and devices (a link to /dev/zero) before reading


def strings_frame(rows: list[list[str | None]], width: int) -> pl.DataFrame:
    """A body frame ``c0..c{width-1}`` from Python rows (ragged rows padded with nulls)."""
    columns: list[list[str | None]] = [[] for _ in range(width)]
    for row in rows:
        for j in range(width):
            columns[j].append(row[j] if j < len(row) and row[j] != "" else None)
    return pl.DataFrame({f"c{j}": columns[j] for j in range(width)}, schema={f"c{j}": pl.String for j in range(width)})


def load_parquet(path: Path, data: bytes) -> Grid:
    """A parquet file: the column names are the header; every column is read as text (nested columns dropped).

    Rows × columns are checked from the file's metadata first: 20 million constant rows compress to 200 KB.
    """
    check_parquet(path, data)
    try:
        frame = pl.read_parquet(io.BytesIO(data))
    except Exception as err:  # polars raises several error types for corrupt files
        raise IngestError(f"{path}: 无法读取 Parquet 文件 / cannot read the Parquet file: {_first_line(err)}") from err
    if frame.width == 0:
        raise IngestError(f"{path}: 文件没有列 / the file has no columns")
    keep = [c for c, t in frame.schema.items() if not t.is_nested()]
    header = [str(c) for c in keep]
    body = frame.select([pl.col(c).cast(pl.String).alias(f"c{j}") for j, c in enumerate(keep)]).with_row_index(
        "_line", offset=1
    )
    return Grid(header=header, body=body.with_columns(pl.col("_line").cast(pl.Int64)), width=len(header))


def check_parquet(path: Path, data: bytes) -> None:
    """Refuse a parquet file whose metadata declares more cells than the limits allow, before reading any."""
    import pyarrow.parquet as pq

    try:
        meta = pq.ParquetFile(io.BytesIO(data)).metadata
    except Exception as err:  # pyarrow raises several error types for files that are not parquet
        raise IngestError(f"{path}: 无法读取 Parquet 文件 / cannot read the Parquet file: {_first_line(err)}") from err
    cap = limits()
    cells = meta.num_rows * max(meta.num_columns, 1)
    if cells > cap.max_cells or (cells > 1_000_000 and cells > cap.max_cells_per_byte * len(data)):
        raise IngestError(
            f"{path}: Parquet 文件声明了 {meta.num_rows:,} 行 × {meta.num_columns} 列，超出上限，疑似压缩炸弹，未读取 / "
            f"declares {meta.num_rows:,} rows × {meta.num_columns} columns ({cells:,} cells, {len(data):,} bytes), "
            f"beyond the limit (ZHIBIAO_PARSE_MAX_CELLS {cap.max_cells:,}, {cap.max_cells_per_byte} cells per byte); "
            "not read"
        )


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:200] if text else type(err).__name__
