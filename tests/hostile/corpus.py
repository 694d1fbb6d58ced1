"""Crafted hostile input files, written at test time (nothing big is kept in the repository).

Each writer takes a directory and returns the path it wrote. ``FILES`` names them all; the worst ones are also used
by the upload tests and ``bench/parse_worker.py``. The files are small on disk and large (or endless, or invisible)
only once parsed.
"""

from __future__ import annotations

import io
import os
import random
import zipfile
from collections.abc import Callable
from pathlib import Path

__all__ = ["FILES", "WORST", "write"]

_CT = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
    '<Default Extension="xml" ContentType="application/xml"/>{overrides}</Types>'
)
_RELS = (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
    '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
    'Target="{target}"/></Relationships>'
)
_SHEET_NS = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_DOC_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
HEADER_ROW = (
    '<row r="1"><c r="A1" t="inlineStr"><is><t>地区</t></is></c><c r="B1" t="inlineStr"><is><t>指标</t></is></c>'
    '<c r="C1" t="inlineStr"><is><t>期间</t></is></c><c r="D1" t="inlineStr"><is><t>数值</t></is></c>'
    '<c r="E1" t="inlineStr"><is><t>单位</t></is></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>盐田区</t></is></c><c r="B2" t="inlineStr"><is><t>学校数</t></is></c>'
    '<c r="C2" t="inlineStr"><is><t>2023</t></is></c><c r="D2"><v>12</v></c>'
    '<c r="E2" t="inlineStr"><is><t>所</t></is></c></row>'
)


def _xlsx(path: Path, sheet_xml: bytes | Callable[[zipfile.ZipFile], None], *, dimension: str = "A1:E2") -> Path:
    """A minimal workbook of one sheet; ``sheet_xml`` is the sheetData's rows (or a writer for a streamed part)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            _CT.format(
                overrides='<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" '
                'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
            ),
        )
        z.writestr("_rels/.rels", _RELS.format(target="xl/workbook.xml"))
        z.writestr(
            "xl/workbook.xml",
            f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_SHEET_NS}" xmlns:r="http://schemas.'
            'openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="表1" sheetId="1" r:id="rId1"/>'
            "</sheets></workbook>",
        )
        z.writestr(
            "xl/_rels/workbook.xml.rels",
            '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/'
            '2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
        )
        if callable(sheet_xml):
            sheet_xml(z)
        else:
            z.writestr(
                "xl/worksheets/sheet1.xml",
                f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_SHEET_NS}"><dimension ref="{dimension}"/>'
                "<sheetData>".encode()
                + sheet_xml
                + b"</sheetData></worksheet>",
            )
    return path


def _docx(path: Path, body: Callable[[io.RawIOBase], None] | bytes) -> Path:
    """A minimal .docx whose document body is ``body`` (bytes, or a writer streaming into the part)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as z:
        z.writestr(
            "[Content_Types].xml",
            _CT.format(
                overrides='<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-'
                'officedocument.wordprocessingml.document.main+xml"/>'
            ),
        )
        z.writestr("_rels/.rels", _RELS.format(target="word/document.xml"))
        with z.open("word/document.xml", "w", force_zip64=True) as part:
            part.write(f'<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="{_DOC_NS}"><w:body>'.encode())
            if callable(body):
                body(part)
            else:
                part.write(body)
            part.write(b"</w:body></w:document>")
    return path


def _para(text: str) -> bytes:
    return f"<w:p><w:r><w:t>{text}</w:t></w:r></w:p>".encode()


# -- the files ------------------------------------------------------------------------------------------------------
def xlsx_far_corner(d: Path) -> Path:
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return _xlsx(d / "far_corner.xlsx", HEADER_ROW.encode() + far, dimension="A1:XFD1048576")


def xlsx_far_corner_no_dimension(d: Path) -> Path:
    far = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    return _xlsx(d / "far_corner_undeclared.xlsx", HEADER_ROW.encode() + far, dimension="A1")


def xlsx_far_formula(d: Path) -> Path:
    far = b'<row r="1048576"><c r="XFD1048576"><f>1+1</f></c></row>'
    return _xlsx(d / "far_formula.xlsx", HEADER_ROW.encode() + far, dimension="A1:E2")


def xlsx_distant_formula(d: Path) -> Path:
    """A formula with no cached value 200,000 rows below the data: within the cell limit, so it is read."""
    far = b'<row r="200000"><c r="A200000" t="inlineStr"><is><t>\xe7\x9b\x90\xe7\x94\xb0\xe5\x8c\xba</t></is></c>'
    far += b'<c r="B200000" t="inlineStr"><is><t>\xe5\x8c\xbb\xe9\x99\xa2\xe6\x95\xb0</t></is></c>'
    far += b'<c r="C200000" t="inlineStr"><is><t>2023</t></is></c><c r="D200000"><f>1+1</f></c>'
    far += b'<c r="E200000" t="inlineStr"><is><t>\xe4\xb8\xaa</t></is></c></row>'
    return _xlsx(d / "distant_formula.xlsx", HEADER_ROW.encode() + far, dimension="A1:E200000")


def xlsx_zip_bomb(d: Path) -> Path:
    def sheet(z: zipfile.ZipFile) -> None:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<worksheet xmlns="{_SHEET_NS}"><sheetData>'.encode() + HEADER_ROW.encode())
            blank = b" " * (1 << 20)
            for _ in range(300):  # 300 MiB of whitespace: a few hundred KB compressed
                part.write(blank)
            part.write(b"</sheetData></worksheet>")

    return _xlsx(d / "zip_bomb.xlsx", sheet)


def xlsx_deep_nesting(d: Path) -> Path:
    return _xlsx(d / "deep.xlsx", HEADER_ROW.encode() + b"<x>" * 200_000 + b"</x>" * 200_000)


def xlsx_many_cells(d: Path) -> Path:
    """A sheet of many real cells (each with a value): the cell count, not a stray corner, is too large."""

    def sheet(z: zipfile.ZipFile) -> None:
        with z.open("xl/worksheets/sheet1.xml", "w", force_zip64=True) as part:
            part.write(f'<worksheet xmlns="{_SHEET_NS}"><dimension ref="A1:T300000"/><sheetData>'.encode())
            part.write(HEADER_ROW.encode())
            for r in range(3, 300_001):
                part.write(f'<row r="{r}"><c r="T{r}"><v>1</v></c></row>'.encode())
            part.write(b"</sheetData></worksheet>")

    return _xlsx(d / "many_cells.xlsx", sheet)


def docx_bomb(d: Path) -> Path:
    def body(part: io.RawIOBase) -> None:
        blank = b" " * (1 << 20)
        for _ in range(400):
            part.write(blank)
        part.write(_para("全区有学校12所。"))

    return _docx(d / "bomb.docx", body)


def docx_paragraphs(d: Path) -> Path:
    """A million short paragraphs (45 MB of XML) that compress only ~40×: no ratio check catches them."""

    def body(part: io.RawIOBase) -> None:
        for k in range(1000):
            part.write(b"".join(_para(str(k * 1000 + i)) for i in range(1000)))

    return _docx(d / "paragraphs.docx", body)


def docx_deep_nesting(d: Path) -> Path:
    return _docx(d / "deep.docx", b"<w:p>" * 5_000 + b"</w:p>" * 5_000)


def docx_huge_run(d: Path) -> Path:
    """One run of 40 MB of text: lxml refuses text nodes above 10 MB without ``huge_tree``."""

    def body(part: io.RawIOBase) -> None:
        part.write(b"<w:p><w:r><w:t>")
        chunk = "全区有学校12所".encode() * 10_000
        for _ in range(40 * 2**20 // len(chunk)):
            part.write(chunk)
        part.write(b"</w:t></w:r></w:p>")

    return _docx(d / "huge_run.docx", body)


def parquet_bomb(d: Path) -> Path:
    import pyarrow as pa
    import pyarrow.parquet as pq

    path = d / "bomb.parquet"
    schema = pa.schema([("地区", pa.string()), ("指标", pa.string()), ("期间", pa.string()), ("数值", pa.int64())])
    n = 1_000_000
    block = pa.table(
        {
            "地区": pa.array(["盐田区"] * n).dictionary_encode(),
            "指标": pa.array(["学校数"] * n).dictionary_encode(),
            "期间": pa.array(["2023"] * n).dictionary_encode(),
            "数值": pa.array([1] * n, pa.int64()),
        }
    ).cast(schema)
    with pq.ParquetWriter(path, schema, compression="zstd") as w:
        for _ in range(20):
            w.write_table(block)
    return path


def _csv(name: str, text: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    def writer(d: Path) -> Path:
        path = d / name
        path.write_bytes(text.encode(encoding))
        return path

    writer.__name__ = name
    return writer


_HEAD = "地区,期间,指标,数值,单位\n"
csv_huge_values = _csv(
    "huge.csv", _HEAD + "盐田区,2023,学校数,1e19,所\n盐田区,2023,医院数,1e400,个\n福田区,2023,学校数,12,所\n"
)
csv_nan_inf = _csv(
    "nan_inf.csv", _HEAD + "盐田区,2023,学校数,NaN,所\n盐田区,2023,医院数,inf,个\n福田区,2023,学校数,12,所\n"
)
csv_bom_mid_file = _csv("bom_mid.csv", _HEAD + "福田区,2023,学校数,12,所\n\ufeff盐田区,2023,学校数,9,所\n")
csv_invisible_names = _csv(
    "invisible.csv",
    _HEAD
    + "盐\u200b田区,2023,学\u200d校数,9,所\n"
    + "\u202e福田区\u202c,2023,学校数,12,所\n"
    + "\x1b[31m罗湖区\x1b[0m,2023,学校数,7,所\n",
)
csv_long_names = _csv(
    "long_names.csv",
    _HEAD + f"{'区' * 201},2023,学校数,9,所\n福田区,2023,{'数' * 201},12,所\n福田区,2023,学校数,12,所\n",
)
csv_only_invisible = _csv("only_invisible.csv", _HEAD + "\u200b\u200b,2023,学校数,9,所\n福田区,2023,学校数,12,所\n")
csv_empty = _csv("empty.csv", "")


def csv_binary_bytes(d: Path) -> Path:
    path = d / "binary.csv"
    path.write_bytes(bytes(random.Random(3).randrange(256) for _ in range(50_000)))
    return path


def csv_mixed(d: Path) -> Path:
    path = d / "mixed.csv"
    path.write_bytes(_HEAD.encode() + "福田区,2023,学校数,12,所\n".encode() + "盐田区,2023,学校数,9,所\n".encode("gbk"))
    return path


def csv_single_line(d: Path) -> Path:
    path = d / "one_line.csv"
    path.write_bytes(("盐田区" * 2_000_000).encode())
    return path


def text_single_line(d: Path) -> Path:
    path = d / "one_line.txt"
    path.write_bytes(("全区有学校12所" * 400_000).encode())  # 7.6 MB, one line, no punctuation
    return path


def text_huge(d: Path) -> Path:
    path = d / "huge.txt"
    line = ("全区有学校12所。" * 20 + "\n").encode()
    with path.open("wb") as f:
        for _ in range(100_000):  # about 50 MB
            f.write(line)
    return path


def symlink_dev_zero(d: Path) -> Path:
    path = d / "zero.csv"
    path.symlink_to("/dev/zero")
    return path


def fifo(d: Path) -> Path:
    path = d / "fifo.csv"
    os.mkfifo(path)
    return path


def directory(d: Path) -> Path:
    path = d / "folder.csv"
    path.mkdir()
    return path


def zip_empty(d: Path) -> Path:
    path = d / "empty_zip.xlsx"
    with zipfile.ZipFile(path, "w"):
        pass
    return path


def zip_truncated(d: Path) -> Path:
    whole = _xlsx(d / "whole.xlsx", HEADER_ROW.encode()).read_bytes()
    path = d / "truncated.xlsx"
    path.write_bytes(whole[: len(whole) // 2])
    whole_path = d / "whole.xlsx"
    whole_path.unlink()
    return path


def docx_truncated(d: Path) -> Path:
    whole = _docx(d / "whole.docx", _para("全区有学校12所。")).read_bytes()
    (d / "whole.docx").unlink()
    path = d / "truncated.docx"
    path.write_bytes(whole[: len(whole) // 2])
    return path


def wrong_extension(d: Path) -> Path:
    path = d / "table.xlsx"
    path.write_text(_HEAD + "福田区,2023,学校数,12,所\n", encoding="utf-8")
    return path


def docx_is_xlsx(d: Path) -> Path:
    return _xlsx(d / "sheet.docx", HEADER_ROW.encode())


def parquet_garbage(d: Path) -> Path:
    path = d / "garbage.parquet"
    path.write_bytes(b"PAR1" + bytes(range(256)) * 20 + b"PAR1")
    return path


def unsupported_pdf(d: Path) -> Path:
    path = d / "report.pdf"
    path.write_bytes(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    return path


FILES: dict[str, Callable[[Path], Path]] = {
    "xlsx_far_corner": xlsx_far_corner,
    "xlsx_far_corner_no_dimension": xlsx_far_corner_no_dimension,
    "xlsx_far_formula": xlsx_far_formula,
    "xlsx_distant_formula": xlsx_distant_formula,
    "xlsx_zip_bomb": xlsx_zip_bomb,
    "xlsx_deep_nesting": xlsx_deep_nesting,
    "xlsx_many_cells": xlsx_many_cells,
    "docx_bomb": docx_bomb,
    "docx_paragraphs": docx_paragraphs,
    "docx_deep_nesting": docx_deep_nesting,
    "docx_huge_run": docx_huge_run,
    "parquet_bomb": parquet_bomb,
    "csv_huge_values": csv_huge_values,
    "csv_nan_inf": csv_nan_inf,
    "csv_bom_mid_file": csv_bom_mid_file,
    "csv_invisible_names": csv_invisible_names,
    "csv_long_names": csv_long_names,
    "csv_only_invisible": csv_only_invisible,
    "csv_binary": csv_binary_bytes,
    "csv_empty": csv_empty,
    "csv_mixed_encodings": csv_mixed,
    "csv_single_line": csv_single_line,
    "text_single_line": text_single_line,
    "text_huge": text_huge,
    "symlink_dev_zero": symlink_dev_zero,
    "fifo": fifo,
    "directory": directory,
    "zip_empty": zip_empty,
    "zip_truncated": zip_truncated,
    "docx_truncated": docx_truncated,
    "wrong_extension": wrong_extension,
    "docx_is_xlsx": docx_is_xlsx,
    "parquet_garbage": parquet_garbage,
    "unsupported_pdf": unsupported_pdf,
}

WORST = ("xlsx_far_corner", "xlsx_far_formula", "docx_paragraphs", "parquet_bomb", "text_single_line")
"""The files that crashed or exhausted a process before parsing moved into a bounded worker."""


def write(name: str, directory: Path) -> Path:
    """Write the hostile file ``name`` into ``directory`` and return its path."""
    directory.mkdir(parents=True, exist_ok=True)
    return FILES[name](directory)
