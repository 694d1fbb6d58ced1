"""CSV / TSV / TXT tables → :class:`Grid`, with the row numbers a text editor shows.

The bytes are decoded with :func:`ingest.encoding.decode` (UTF-8, BOM, GBK, GB18030), line endings normalised
(CRLF, CR and mixed → LF), the header row found in the first lines, and the body read by polars as strings —
fast, and streaming-friendly for files of hundreds of MB. When polars cannot keep one record per line (ragged rows,
quoted line breaks, stray quotes), Python's ``csv`` module reads the file instead, tracking each record's line.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import polars as pl

from ingest.encoding import decode
from ingest.model import IngestError
from ingest.tables.grid import HEAD_ROWS, Grid, strings_frame
from ingest.tables.headers import find_header, stacked_header

__all__ = ["load_delimited", "sniff_separator"]

csv.field_size_limit(1 << 28)  # one cell of a damaged file may hold the rest of it; fail on quotes, not on size


def sniff_separator(lines: list[str], suffix: str) -> str:
    r"""The separator the first lines use: tab for .tsv; else the most used of , \t ; | (ties: comma).

    >>> sniff_separator(["地区,指标", "盐田区,学校数"], ".csv"), sniff_separator(["a\tb", "1\t2"], ".txt")
    (',', '\t')
    >>> sniff_separator(["a;b;c", "1;2;3"], ".csv")
    ';'
    """
    if suffix == ".tsv":
        return "\t"
    candidates = [",", "\t", ";", "|"]
    scores = {sep: (sum(sep in line for line in lines), sum(line.count(sep) for line in lines)) for sep in candidates}
    best = max(candidates, key=lambda sep: scores[sep])
    return best if scores[best][0] else ","


def _head_rows(lines: list[str], sep: str) -> list[list[str | None]]:
    """Each of the first lines parsed on its own, so index i is line i + 1."""
    rows: list[list[str | None]] = []
    for line in lines:
        try:
            rows.append(next(csv.reader([line], delimiter=sep), []))
        except csv.Error:
            rows.append(line.split(sep))
    return rows


def load_delimited(path: Path, data: bytes, mapping: dict[str, str], year: int | None) -> Grid:
    """Read a delimited text table; the header is the first row that looks like one (title lines above it)."""
    text, encoding = decode(data, path)
    if "\r" in text:
        text = text.replace("\r\n", "\n").replace("\r", "\n")
    head = text.split("\n", HEAD_ROWS)[:HEAD_ROWS]
    sep = sniff_separator([line for line in head if line.strip()][:HEAD_ROWS], path.suffix.lower())
    head_rows = _head_rows(head, sep)
    h = find_header(head_rows, mapping, year=year)
    if h is None:
        decoded = "" if encoding in ("utf-8", "utf-8-sig") else f"；按 {encoding} 解码 / decoded as {encoding}"
        raise IngestError(
            f"{path}: 找不到表头 / no recognisable header row (需要 地区、指标、年份、数值 等列或 2023年 这样的期间列 / "
            f"expected columns such as region, indicator, period, value or period labels like 2023年{decoded})"
        )
    preface = [[c for c in row if c] for row in head_rows[:h]]
    stacked, header_rows = stacked_header(head_rows, h, mapping, year=year)
    h += header_rows - 1  # a two-row header: the body starts below its second row, which is read as the header
    lines = text.count("\n") + (0 if text.endswith("\n") else 1)
    frame = _fast(text, data, encoding, sep, h, lines - h)
    if frame is None:
        grid = _slow(path, text, sep, h, preface, encoding)
    else:
        header = [c or "" for c in frame.row(0)]
        body = frame.slice(1).rename({c: f"c{j}" for j, c in enumerate(frame.columns)})
        body = body.with_columns(_line=pl.int_range(h + 2, h + 2 + body.height, dtype=pl.Int64))
        grid = Grid(header=header, body=body, preface=preface, width=len(header), encoding=encoding)
    if header_rows > 1:
        grid.header = stacked + [""] * (len(grid.header) - len(stacked))
        grid.width = len(grid.header)
    return grid


def _fast(text: str, data: bytes, encoding: str, sep: str, skip: int, expected: int) -> pl.DataFrame | None:
    """polars read of the header and body; None when its records do not map one-to-one onto lines."""
    if encoding == "utf-8" and b"\r" not in data:
        source = data  # already what polars wants: no second copy of a large file
    elif encoding == "utf-8-sig" and b"\r" not in data:
        source = data[3:]
    else:
        source = text.encode("utf-8")
    try:
        frame = pl.read_csv(
            source,
            has_header=False,
            infer_schema=False,
            separator=sep,
            skip_lines=skip,
            quote_char='"',
            truncate_ragged_lines=False,
            raise_if_empty=False,
        )
    except Exception:  # ragged rows, stray quotes: the csv module reads those and says where
        return None
    if frame.height != expected or frame.height == 0:
        return None
    return frame


def _slow(path: Path, text: str, sep: str, h: int, preface: list[list[str]], encoding: str) -> Grid:
    """Python's csv reader: handles ragged rows and quoted line breaks, and knows each record's first line."""
    reader = csv.reader(io.StringIO(text), delimiter=sep, strict=True)
    rows: list[list[str]] = []
    starts: list[int] = []
    start = 1
    try:
        for row in reader:
            if start > h:
                rows.append(row)
                starts.append(start)
            start = reader.line_num + 1
    except csv.Error as err:
        raise IngestError(
            f"{path}: 第 {reader.line_num} 行 CSV 格式错误（引号不配对？）/ malformed CSV at line {reader.line_num} "
            f"(unbalanced quotes?): {err}"
        ) from err
    if not rows:
        raise IngestError(f"{path}: 表头下没有数据行 / no data rows below the header")
    header = rows[0]
    width = max(len(r) for r in rows)
    body = strings_frame(rows[1:], width).with_columns(_line=pl.Series(starts[1:], dtype=pl.Int64))
    return Grid(header=header, body=body, preface=preface, width=len(header), encoding=encoding)
