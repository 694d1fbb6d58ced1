"""Export a table (a view, a query result, a comparison table) as CSV, XLSX or Parquet bytes.

- CSV: UTF-8 with BOM, so Excel opens Chinese correctly; every text cell *and every header* starting with
  = + - @ (or tab/CR/LF) is prefixed with ``'`` so a spreadsheet never evaluates it as a formula (CSV injection);
  enum and category columns count as text.
- XLSX: written by xlsxwriter — an optional title row, bold header with units, frozen header, number formats per
  column, autofilter, column widths fitted to Chinese text, a source footnote. Every string (headers, title,
  footnote, cells) is written with ``write_string`` and the workbook has ``strings_to_formulas`` off, so a cell
  reading ``=HYPERLINK(…)`` is text in Excel, never a formula.
- Parquet: polars' writer, types preserved.
"""

from __future__ import annotations

import io
import json
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path

import polars as pl
import xlsxwriter

from warehouse.query_results import unique_names
from warehouse.units import format_number

__all__ = [
    "FORMATS",
    "XlsxLayout",
    "flatten",
    "neutralise",
    "plain_number",
    "safe_text",
    "to_bytes",
    "to_csv",
    "to_parquet",
    "to_xlsx",
    "write",
]

FORMATS = ("csv", "xlsx", "parquet")


_FORMULA = r"^[=+\-@\t\r\n]"
"""What a spreadsheet may read as the start of a formula (OWASP's CSV injection list, plus a line feed)."""


def safe_text(text: str) -> str:
    """One header or cell as a spreadsheet must see it: formula-like text gets a leading ``'``.

    >>> safe_text("=HYPERLINK(A1)"), safe_text("澄湖区"), safe_text("-52户")
    ("'=HYPERLINK(A1)", '澄湖区', "'-52户")
    """
    return "'" + text if text[:1] in ("=", "+", "-", "@", "\t", "\r", "\n") else text


def plain_number(value: float | None, places: int | None = None) -> str | None:
    """A number as CSV text: ``places`` decimals rounded half up, or without binary noise (at most 6 decimals,
    trailing zeros dropped); None stays None.

    >>> plain_number(476.0), plain_number(-5.274725274725275, 1), plain_number(15.199999999999989), plain_number(None)
    ('476', '-5.3', '15.2', None)
    """
    if value is None or value != value:  # NaN
        return None
    if places is not None:
        return format_number(value, places).replace(",", "")
    text = format_number(value, 6).replace(",", "")
    return text.rstrip("0").rstrip(".") if "." in text else text


def neutralise(frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with nested columns flattened, enums and categories as text, and every text cell and header that a
    spreadsheet would take for a formula prefixed with ``'`` (numbers are left as numbers).

    >>> neutralise(pl.DataFrame({"=地区": ["@x", "澄湖区"]})).to_dicts()
    [{"'=地区": "'@x"}, {"'=地区": '澄湖区'}]
    """
    frame = flatten(frame)
    text_cols = [c for c, t in frame.schema.items() if t == pl.String]  # numbers as text (-52) are not formulas
    safe = frame.with_columns(
        pl.when(pl.col(c).str.contains(_FORMULA)).then(pl.lit("'") + pl.col(c)).otherwise(pl.col(c)).alias(c)
        for c in text_cols
    )
    names = unique_names([safe_text(c) for c in safe.columns])  # a neutralised name may meet an existing one
    return safe.rename(dict(zip(safe.columns, names, strict=True))) if names != safe.columns else safe


def to_csv(frame: pl.DataFrame, places: Mapping[str, int] | None = None, missing: str = "") -> bytes:
    """CSV bytes: UTF-8 with BOM, formula-like text and headers neutralised, numbers as numbers without binary noise
    (to ``places[column]`` decimals where given), missing cells as ``missing``.

    >>> to_csv(pl.DataFrame({"指标": ["=1+1", "低保户数", "@x"], "值": [-3, 5, 1]})).decode("utf-8-sig")
    "指标,值\\n'=1+1,-3\\n低保户数,5\\n'@x,1\\n"
    >>> to_csv(pl.DataFrame({"值": [476.0, None, 2.5]}), {"值": 2}, "—").decode("utf-8-sig")
    '值\\n476.00\\n—\\n2.50\\n'
    """
    safe = neutralise(frame)
    wanted = dict(zip(safe.columns, [(places or {}).get(c) for c in frame.columns], strict=True))  # same order
    safe = safe.with_columns(
        pl.col(c).map_elements(partial(plain_number, places=wanted[c]), return_dtype=pl.String).alias(c)
        for c, t in safe.schema.items()
        if t.is_float()
    )
    return b"\xef\xbb\xbf" + safe.write_csv(null_value=missing).encode("utf-8")


def flatten(frame: pl.DataFrame) -> pl.DataFrame:
    """Nested columns as text a spreadsheet cell can hold: lists joined with 、, structs as JSON, bytes as hex.

    >>> flatten(pl.DataFrame({"别名": [["东城", "东城区"], []]}))["别名"].to_list()
    ['东城、东城区', '']
    """
    out = []
    for name, dtype in frame.schema.items():
        if isinstance(dtype, pl.Enum | pl.Categorical):
            out.append(pl.col(name).cast(pl.String).alias(name))
        elif dtype == pl.Binary:  # bytes as hex text: CSV has no binary cells, and a spreadsheet none either
            out.append(pl.col(name).bin.encode("hex").alias(name))
        elif isinstance(dtype, pl.List | pl.Array) and dtype.inner.is_nested():  # type: ignore[union-attr]
            # lists of lists or structs: JSON, like structs (a list cannot be cast to text element by element)
            out.append(pl.col(name).map_elements(_json, return_dtype=pl.String, skip_nulls=True).alias(name))
        elif isinstance(dtype, pl.List | pl.Array):
            out.append(pl.col(name).cast(pl.List(pl.String)).list.join("、").alias(name))
        elif isinstance(dtype, pl.Struct):
            out.append(pl.col(name).struct.json_encode().alias(name))
    return frame.with_columns(out) if out else frame


def _json(value: object) -> str:
    """A nested value as JSON text.

    >>> _json([[1, 2], [3]]), _json([{"地区": "澄湖区"}])
    ('[[1, 2], [3]]', '[{"地区": "澄湖区"}]')
    """
    plain = value.to_list() if isinstance(value, pl.Series) else value
    return json.dumps(plain, ensure_ascii=False, default=str)


def to_parquet(frame: pl.DataFrame) -> bytes:
    buf = io.BytesIO()
    frame.write_parquet(buf)
    return buf.getvalue()


@dataclass
class XlsxLayout:
    """How an XLSX export looks: title above, header names (units in them), number formats, footnote below."""

    title: str | None = None
    sheet: str = "数据"
    number_formats: Mapping[str, str] = field(default_factory=dict)  # column → Excel format, e.g. '#,##0.00'
    footnote: str | None = None
    default_float_format: str = "#,##0.00"
    default_int_format: str = "#,##0"
    subtitle: str | None = None  # one line under the title (units, basis of comparison); needs a title
    missing: str | None = None  # what an empty cell shows ("—" in a comparison table, as on screen); None: blank


def _width(values: list[str]) -> int:
    """Display width in Excel columns: CJK characters are two wide."""
    widest = max((sum(2 if ord(ch) > 0x2E80 else 1 for ch in v) for v in values), default=8)
    return min(max(widest + 2, 8), 60)


def to_xlsx(frame: pl.DataFrame, layout: XlsxLayout | None = None) -> bytes:
    """XLSX bytes of ``frame`` laid out per ``layout``."""
    layout = layout or XlsxLayout()
    frame = flatten(frame)
    buf = io.BytesIO()
    book = xlsxwriter.Workbook(
        buf, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False, "nan_inf_to_errors": True}
    )
    sheet = book.add_worksheet(layout.sheet[:31])
    title_fmt = book.add_format({"bold": True, "font_size": 14})
    head_fmt = book.add_format(
        {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "vcenter"}
    )
    note_fmt = book.add_format({"italic": True, "font_color": "#595959"})
    row = 0
    if layout.title:
        sheet.write_string(row, 0, layout.title, title_fmt)
        if layout.subtitle:
            sheet.write_string(row + 1, 0, layout.subtitle, note_fmt)
        row += 2
    header_row = row
    for col, name in enumerate(frame.columns):
        sheet.write_string(row, col, name, head_fmt)
    formats = {}
    for col, (name, dtype) in enumerate(frame.schema.items()):
        fmt = layout.number_formats.get(name)
        if fmt is None and dtype.is_float():
            fmt = layout.default_float_format
        elif fmt is None and dtype.is_integer():
            fmt = layout.default_int_format
        formats[col] = book.add_format({"num_format": fmt}) if fmt else None
    for values in frame.iter_rows():
        row += 1
        for col, value in enumerate(values):
            if value is None or (isinstance(value, float) and value != value):
                if layout.missing:
                    sheet.write_string(row, col, layout.missing)
                continue
            if isinstance(value, bool):
                sheet.write_boolean(row, col, value)
            elif isinstance(value, (int, float)):
                sheet.write_number(row, col, value, formats[col])
            else:
                sheet.write_string(row, col, str(value))
    for col, name in enumerate(frame.columns):
        sample = [name, *[str(v) for v in frame.get_column(name).head(200).to_list() if v is not None]]
        sheet.set_column(col, col, _width(sample))
    sheet.freeze_panes(header_row + 1, 0)
    if frame.width:
        sheet.autofilter(header_row, 0, max(row, header_row), frame.width - 1)
    if layout.footnote:
        # One line per row, so a long footnote (sources, then notes) stays readable without wrapping a cell.
        for offset, line in enumerate(layout.footnote.splitlines()):
            sheet.write_string(row + 2 + offset, 0, line, note_fmt)
    book.close()
    return buf.getvalue()


def to_bytes(frame: pl.DataFrame, fmt: str, layout: XlsxLayout | None = None) -> bytes:
    """Bytes of ``frame`` in ``fmt`` (csv, xlsx or parquet)."""
    if fmt == "csv":
        return to_csv(frame)
    if fmt == "xlsx":
        return to_xlsx(frame, layout)
    if fmt == "parquet":
        return to_parquet(frame)
    raise ValueError(f"不支持的导出格式 / unsupported export format: {fmt!r} (csv, xlsx, parquet)")


def write(frame: pl.DataFrame, path: Path, fmt: str | None = None, layout: XlsxLayout | None = None) -> Path:
    """Write ``frame`` to ``path``; the format defaults to the file's extension."""
    fmt = (fmt or path.suffix.lstrip(".")).lower()
    data = to_bytes(frame, fmt, layout)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".part")
    tmp.write_bytes(data)
    tmp.replace(path)
    return path
