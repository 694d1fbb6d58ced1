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

from ingest.model import IngestError

__all__ = ["DEFAULT_MAX_BYTES", "HEAD_ROWS", "SUPPORTED", "Grid", "read_bytes", "strings_frame"]

DEFAULT_MAX_BYTES = 512 * 1024 * 1024
"""Largest table file read by default (512 MiB)."""

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
    try:
        size = path.stat().st_size
        if size > max_bytes:
            raise IngestError(
                f"{path}: 文件过大 / file too large ({size / 2**20:.0f} MiB > {max_bytes / 2**20:.0f} MiB)"
            )
        return path.read_bytes()
    except OSError as err:
        raise IngestError(f"{path}: 无法读取文件 / cannot read the file: {err.strerror or err}") from err


def strings_frame(rows: list[list[str | None]], width: int) -> pl.DataFrame:
    """A body frame ``c0..c{width-1}`` from Python rows (ragged rows padded with nulls)."""
    columns: list[list[str | None]] = [[] for _ in range(width)]
    for row in rows:
        for j in range(width):
            columns[j].append(row[j] if j < len(row) and row[j] != "" else None)
    return pl.DataFrame({f"c{j}": columns[j] for j in range(width)}, schema={f"c{j}": pl.String for j in range(width)})


def load_parquet(path: Path, data: bytes) -> Grid:
    """A parquet file: the column names are the header; every column is read as text (nested columns dropped)."""
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


def _first_line(err: BaseException) -> str:
    text = str(err).strip().splitlines()
    return text[0][:200] if text else type(err).__name__
