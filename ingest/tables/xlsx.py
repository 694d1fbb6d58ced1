"""XLSX / XLS sheets → :class:`Grid`, laid out as statistical yearbooks lay them out.

fastexcel (calamine) reads the cell values. It drops leading empty rows and columns and knows nothing of merged
cells or of formulas without a cached result, so for .xlsx the sheet's XML is also scanned (bounded, regex over
bytes): the first row/column that holds a value (row numbers as Excel shows them), vertical merges (filled with
their top-left value: 盐田区 merged over three indicator rows), and formulas with no cached value (their text goes
into the cell so the value parser quarantines it). Before any of that, the zip is checked: a zip bomb (huge
uncompressed size or ratio) is refused without being inflated, and so is a sheet whose cells span more than the
cell limit (one cell at XFD1048576 makes the reader allocate the whole 1,048,576 × 16,384 grid): its declared
``<dimension>`` and the cell references themselves are read from the XML, streamed, before any reader runs.
"""

from __future__ import annotations

import html
import io
import re
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import fastexcel
import polars as pl

from ingest.limits import limits
from ingest.model import IngestError
from ingest.tables.grid import HEAD_ROWS, Grid, _first_line
from ingest.tables.headers import find_header, stacked_header

__all__ = [
    "SheetScan",
    "check_sheet",
    "check_zip",
    "load_xlsx",
    "scan_sheet",
    "sheet_names",
    "verify_zip",
]

MAX_MEMBERS = 10_000
_OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # compound file: legacy .xls, or an encrypted .xlsx

_CELL = re.compile(rb"<(?:\w+:)?c\b([^>]*?)(?:/>|>(.*?)</(?:\w+:)?c>)", re.S)
_REF = re.compile(rb'\br="([A-Z]{1,3})(\d+)"')
_VALUE = re.compile(rb"<(?:\w+:)?v>[^<]|<(?:\w+:)?is>")
_FORMULA = re.compile(rb"<(?:\w+:)?f\b[^>]*?(?:/>|>([^<]*)</(?:\w+:)?f>)")
_MERGE = re.compile(rb'<(?:\w+:)?mergeCell\b[^>]*?\bref="([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)"')
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)/?>")
_REL = re.compile(rb"<Relationship\b([^>]*)/?>")
_DIMENSION = re.compile(rb'<(?:\w+:)?dimension\b[^>]*\bref="([A-Z]{1,3})(\d+)(?::([A-Z]{1,3})(\d+))?"')
_CELL_REF = re.compile(rb'<(?:\w+:)?c\b[^>]*?\br="([A-Z]{1,3})(\d+)"')
_FULL_CALC = re.compile(rb'<(?:\w+:)?calcPr\b[^>]*\bfullCalcOnLoad="(?:1|true)"')


@dataclass
class SheetScan:
    """What the sheet XML says beyond cell values (1-based rows/columns as Excel shows them)."""

    first_row: int = 1
    first_col: int = 1
    formulas: list[tuple[int, int, str]] = field(default_factory=list)  # (row, col, formula): no cached value
    merges: list[tuple[int, int, int, int]] = field(default_factory=list)  # (row1, col1, row2, col2)


def _col_number(letters: bytes) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ch - 64
    return n


def check_zip(path: Path, zf: zipfile.ZipFile) -> None:
    """Refuse zip bombs by the sizes the archive declares, before anything is inflated."""
    infos = zf.infolist()
    total = sum(i.file_size for i in infos)
    cap = limits()
    if len(infos) > MAX_MEMBERS or total > cap.max_inflated_bytes:
        raise IngestError(
            f"{path}: XLSX 解压后过大，疑似压缩炸弹 / refusing a possible zip bomb "
            f"({len(infos)} parts, {total / 2**20:.0f} MiB uncompressed)"
        )
    for info in infos:
        if info.file_size > 2**20 and info.file_size > cap.max_ratio * max(info.compress_size, 1):
            raise IngestError(
                f"{path}: XLSX 压缩比异常（{info.file_size // max(info.compress_size, 1)} 倍），疑似压缩炸弹 / "
                f"refusing a possible zip bomb ({info.filename} inflates {info.file_size / 2**20:.0f} MiB)"
            )


def verify_zip(path: Path, zf: zipfile.ZipFile) -> None:
    """Inflate every part once, discarding the output, to prove the declared sizes true.

    calamine inflates a part to whatever size it really has, whatever the archive declares; Python's ``zipfile``
    stops at the declared size and then fails the CRC check. So an archive that lies about its sizes (a bomb
    that passes :func:`check_zip`) is refused here, having inflated no more than the declared — checked — total.
    """
    for info in zf.infolist():
        try:
            with zf.open(info) as member:
                while member.read(1 << 20):
                    pass
        except (zipfile.BadZipFile, zlib.error, EOFError, OSError, RuntimeError, NotImplementedError) as err:
            raise IngestError(
                f"{path}: XLSX 文件已损坏或大小不实（疑似压缩炸弹）/ corrupt XLSX or false part sizes "
                f"(possible zip bomb): {info.filename}: {_first_line(err)}"
            ) from err


def _area(r1: int, c1: int, r2: int, c2: int) -> int:
    return (abs(r2 - r1) + 1) * (abs(c2 - c1) + 1)


def check_sheet(path: Path, zf: zipfile.ZipFile, part: str) -> None:
    """Refuse a sheet whose declared dimension, or the box its cell references span, exceeds the cell limit.

    The part is streamed a megabyte at a time (regex over bytes, a small overlap between chunks), so the check costs
    no more memory than a chunk whatever the sheet's size.
    """
    cap = limits().max_cells
    lo_r = lo_c = 1 << 30
    hi_r = hi_c = 0
    declared: tuple[int, int, int, int] | None = None
    tail = b""
    with zf.open(part) as member:
        while chunk := member.read(1 << 20):
            window = tail + chunk
            if declared is None and (d := _DIMENSION.search(window)) is not None:
                r1, c1 = int(d[2]), _col_number(d[1])
                declared = (r1, c1, int(d[4] or r1), _col_number(d[3]) if d[3] else c1)
            for m in _CELL_REF.finditer(window):
                r, c = int(m[2]), _col_number(m[1])
                lo_r, hi_r, lo_c, hi_c = min(lo_r, r), max(hi_r, r), min(lo_c, c), max(hi_c, c)
            tail = window[-256:]
    spans = [declared] if declared else []
    if hi_r:
        spans.append((lo_r, lo_c, hi_r, hi_c))
    for r1, c1, r2, c2 in spans:
        if _area(r1, c1, r2, c2) > cap:
            raise IngestError(
                f"{path}: 工作表范围过大（{_ref(r1, c1)}:{_ref(r2, c2)}，{_area(r1, c1, r2, c2):,} 个单元格，上限 "
                f"{cap:,}），未读取 / the sheet spans {_ref(r1, c1)}:{_ref(r2, c2)} ({_area(r1, c1, r2, c2):,} "
                f"cells), beyond the limit of {cap:,} (ZHIBIAO_PARSE_MAX_CELLS); not read"
            )


def _ref(row: int, col: int) -> str:
    """A cell reference as Excel writes it.

    >>> _ref(1048576, 16384), _ref(2, 28)
    ('XFD1048576', 'AB2')
    """
    letters = ""
    while col:
        col, rest = divmod(col - 1, 26)
        letters = chr(65 + rest) + letters
    return f"{letters}{row}"


def _read_member(path: Path, zf: zipfile.ZipFile, name: str) -> bytes:
    """Inflate one part, stopping at the size limit even if the archive lied about it."""
    out = bytearray()
    with zf.open(name) as member:
        while chunk := member.read(1 << 20):
            out += chunk
            if len(out) > limits().max_inflated_bytes:
                raise IngestError(f"{path}: XLSX 解压后过大 / {name} inflates beyond the limit")
    return bytes(out)


def _attrs(raw: bytes) -> dict[str, str]:
    return {k.decode(): v.decode("utf-8", "replace") for k, v in re.findall(rb'([\w:]+)="([^"]*)"', raw)}


def _sheet_part(zf: zipfile.ZipFile, index: int) -> str | None:
    """The zip path of the index-th sheet in workbook order."""
    try:
        sheets = [_attrs(m) for m in _SHEET.findall(zf.read("xl/workbook.xml"))]
        rels = {
            a.get("Id"): a.get("Target", "") for a in map(_attrs, _REL.findall(zf.read("xl/_rels/workbook.xml.rels")))
        }
    except KeyError:
        return None
    if index >= len(sheets):
        return None
    rid = next((v for k, v in sheets[index].items() if k.endswith(":id")), None)
    target = rels.get(rid, "")
    if not target:
        return None
    return target.lstrip("/") if target.startswith("/") else f"xl/{target}"


def scan_sheet(xml: bytes, *, trust_cache: bool = True) -> SheetScan:
    """First valued row/column, formulas without a cached value, and merged ranges of one sheet's XML.

    ``trust_cache=False`` (the workbook asks for a full recalculation on load, as files written by xlsxwriter and
    other libraries do) treats every formula as uncomputed: such files store ``0`` as every formula's result.

    >>> s = scan_sheet(b'<sheetData><row r="3"><c r="B3" t="s"><v>0</v></c><c r="C3"><f>SUM(A1)</f><v></v></c>'
    ...                b'</row></sheetData><mergeCells><mergeCell ref="B4:B6"/></mergeCells>')
    >>> s.first_row, s.first_col, s.formulas, s.merges
    (3, 2, [(3, 3, 'SUM(A1)')], [(4, 2, 6, 2)])
    >>> xml = b'<row r="1"><c r="A1"><f>B1*2</f><v>0</v></c></row>'
    >>> scan_sheet(xml).formulas, scan_sheet(xml, trust_cache=False).formulas
    ([], [(1, 1, 'B1*2')])
    """
    scan = SheetScan(first_row=0, first_col=0)
    for m in _CELL.finditer(xml):
        ref = _REF.search(m[1])
        if ref is None:
            continue
        inner = m[2] or b""
        row, col = int(ref[2]), _col_number(ref[1])
        cached = _VALUE.search(inner) is not None
        if cached:
            scan.first_row = min(scan.first_row or row, row)
            scan.first_col = min(scan.first_col or col, col)
        if (not cached or not trust_cache) and (f := _FORMULA.search(inner)) is not None:
            scan.formulas.append((row, col, (f[1] or b"").decode("utf-8", "replace")))
    for m in _MERGE.finditer(xml):
        scan.merges.append((int(m[2]), _col_number(m[1]), int(m[4]), _col_number(m[3])))
    scan.first_row, scan.first_col = scan.first_row or 1, scan.first_col or 1
    return scan


def sheet_names(data: bytes) -> list[str]:
    """The sheet names of a workbook's bytes, in order; empty when the bytes are not a readable workbook (the read
    itself then says why). Read from ``xl/workbook.xml`` alone (a bounded read), never by a reader library: the
    upload page asks this of untrusted bytes in the server's own process."""
    if not data.startswith(b"PK\x03\x04"):
        return []
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            info = zf.getinfo("xl/workbook.xml")
            if info.file_size > 16 * 2**20:
                return []
            with zf.open(info) as member:
                xml = member.read(16 * 2**20)
    except (KeyError, zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, OSError, zlib.error, NotImplementedError):
        return []
    return [html.unescape(a.get("name", "")) for a in map(_attrs, _SHEET.findall(xml)) if a.get("name")]


def _sheet_index(path: Path, names: list[str], sheet: str | int | None) -> int:
    if sheet is None:
        return 0
    if isinstance(sheet, int) and 0 <= sheet < len(names):
        return sheet
    if isinstance(sheet, str) and sheet in names:
        return names.index(sheet)
    raise IngestError(f"{path}: 找不到工作表 / no sheet {sheet!r}; 有 / sheets: {', '.join(names)}")


def load_xlsx(path: Path, data: bytes, sheet: str | int | None, mapping: dict[str, str], year: int | None) -> Grid:
    """Read one sheet (the first unless ``sheet``); the header is found below any title and 单位 lines."""
    scan = SheetScan()
    zf = None
    if path.suffix.lower() != ".xls":
        if data.startswith(_OLE):
            raise IngestError(
                f"{path}: 这是加密的工作簿或改了扩展名的旧版 .xls，请在 Excel 中另存为 .xlsx / an encrypted workbook or "
                "a legacy .xls renamed .xlsx: save it as .xlsx in Excel"
            )
        if not data.startswith(b"PK\x03\x04"):
            raise IngestError(f"{path}: 不是有效的 XLSX 文件（不是 zip）/ not a valid XLSX file (not a zip archive)")
        try:
            zf = zipfile.ZipFile(io.BytesIO(data))
            check_zip(path, zf)
            verify_zip(path, zf)
            names = sheet_names(data)
            part = _sheet_part(zf, _sheet_index(path, names, sheet)) if names else None
            if part is not None:
                check_sheet(path, zf, part)
        except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, KeyError) as err:
            raise IngestError(f"{path}: XLSX 文件已损坏或被截断 / corrupt or truncated XLSX: {err}") from err
    try:
        reader = fastexcel.read_excel(data)
        index = _sheet_index(path, list(reader.sheet_names), sheet)
        frame = reader.load_sheet(index, header_row=None, dtypes="string").to_polars()
    except IngestError:
        raise
    except Exception as err:  # calamine/fastexcel raise their own error types for damaged files
        raise IngestError(f"{path}: 无法读取 Excel 文件 / cannot read the Excel file: {_first_line(err)}") from err
    if zf is not None:
        part = _sheet_part(zf, index)
        try:
            trust = _FULL_CALC.search(_read_member(path, zf, "xl/workbook.xml")) is None
            scan = scan_sheet(_read_member(path, zf, part), trust_cache=trust) if part else scan
        except (KeyError, zipfile.BadZipFile, EOFError, OSError) as err:
            raise IngestError(f"{path}: XLSX 文件已损坏或被截断 / corrupt or truncated XLSX: {err}") from err
    frame = frame.rename({c: f"c{j}" for j, c in enumerate(frame.columns)})
    frame = _apply_scan(frame, scan)
    head = frame.head(HEAD_ROWS).rows()
    h = find_header([list(r) for r in head], mapping, year=year)
    if h is None:
        raise IngestError(
            f"{path}: 找不到表头 / no recognisable header row (需要 地区、指标、年份、数值 等列或 2023年 这样的期间列 / "
            f"expected columns such as region, indicator, period, value or period labels like 2023年)"
        )
    preface = [[str(c).strip() for c in row if c is not None and str(c).strip()] for row in head[:h]]
    header, header_rows = stacked_header([list(r) for r in head], h, mapping, year=year)
    body = frame.with_row_index("_line", offset=scan.first_row).slice(h + header_rows)
    body = body.with_columns(pl.col("_line").cast(pl.Int64))
    return Grid(
        header=header, body=body, preface=preface, width=frame.width, sheet=reader.sheet_names[index], sheet_index=index
    )


def _apply_scan(frame: pl.DataFrame, scan: SheetScan) -> pl.DataFrame:
    """Put formula text into cells that have no cached value and fill vertical merges with their top-left value.

    Only the cells that change are written (``scatter``): a formula far below the data adds null rows to the
    frame, never a Python list per cell.
    """
    r0, c0 = scan.first_row, scan.first_col
    cells = [(r - r0, c - c0, "=" + f) for r, c, f in scan.formulas if r >= r0 and c >= c0]
    merges = [(a - r0, b - c0, c - r0, d - c0) for a, b, c, d in scan.merges if c > a and a >= r0 and b >= c0]
    if not cells and not merges:
        return frame
    height = max([frame.height] + [r + 1 for r, _, _ in cells])
    width = max([frame.width] + [c + 1 for _, c, _ in cells])
    frame = frame.with_columns(pl.col(c).cast(pl.String) for c in frame.columns)
    if height > frame.height:
        frame = pl.concat([frame, frame.clear(height - frame.height)])
    frame = frame.with_columns(pl.lit(None, pl.String).alias(f"c{j}") for j in range(frame.width, width))
    columns = {f"c{j}": frame.get_column(f"c{j}").clone() for j in range(width)}
    by_column: dict[int, tuple[list[int], list[str]]] = {}
    for r, c, text in cells:
        rows, texts = by_column.setdefault(c, ([], []))
        rows.append(r)
        texts.append(text)
    for c, (rows, texts) in by_column.items():
        columns[f"c{c}"].scatter(rows, texts)
    for r1, c1, r2, c2 in merges:
        if r1 >= height or c1 >= width:
            continue
        top = columns[f"c{c1}"][r1]
        if top is None:
            continue
        last = min(r2, height - 1)
        for c in range(c1, min(c2, width - 1) + 1):
            gaps = columns[f"c{c}"].slice(r1, last - r1 + 1).is_null().arg_true() + r1
            if gaps.len():
                columns[f"c{c}"].scatter(gaps, top)
    return pl.DataFrame(list(columns.values()))
