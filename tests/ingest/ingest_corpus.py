"""Files the ingest tests write: well-formed tables in every format and encoding, and the bad-input corpus.

Every builder takes a directory and returns the path it wrote. ``write_large_csv`` streams a long table of any size
(the 200 MB case of ``bench/ingest_large.py``; the suite uses a few MB).
"""

from __future__ import annotations

import io
import random
import struct
import zipfile
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import polars as pl
import xlsxwriter

HEADER = ["地区", "指标", "年份", "数值", "单位"]
GOOD_ROWS = [
    ["盐田区", "学校数", "2023", "16", "所"],
    ["盐田区", "学校数", "2022", "15", "所"],
    ["盐田区", "在校学生", "2023", "21,600", "人"],
]


def csv_text(rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER, newline: str = "\n") -> str:
    """Rows as CSV text (cells with a comma or quote are quoted)."""

    def cell(v: object) -> str:
        s = "" if v is None else str(v)
        return '"' + s.replace('"', '""') + '"' if any(c in s for c in ',"\n') else s

    return "".join(",".join(cell(v) for v in row) + newline for row in [list(header), *rows])


def write_csv(
    path: Path, rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER, encoding: str = "utf-8"
) -> Path:
    path.write_bytes(csv_text(rows, header).encode(encoding))
    return path


def xlsx_bytes(sheets: dict[str, Sequence[Sequence[object]]], formulas: Iterable[tuple[int, int, str]] = ()) -> bytes:
    """An XLSX written by xlsxwriter; ``formulas`` (row, col, formula) go into the first sheet."""
    buf = io.BytesIO()
    wb = xlsxwriter.Workbook(buf, {"in_memory": True})
    for i, (name, rows) in enumerate(sheets.items()):
        ws = wb.add_worksheet(name)
        for r, row in enumerate(rows):
            for c, v in enumerate(row):
                if v is not None:
                    ws.write(r, c, v)
        if i == 0:
            for r, c, formula in formulas:
                ws.write_formula(r, c, formula)
    wb.close()
    return buf.getvalue()


def write_xlsx(path: Path, rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER, **more: object) -> Path:
    path.write_bytes(xlsx_bytes({"数据": [list(header), *rows], **more}))  # type: ignore[dict-item]
    return path


def _sheet_bomb(inflated: int) -> bytes:
    """An XLSX whose first sheet inflates to ``inflated`` bytes of blanks (written in chunks, never held whole)."""
    good = zipfile.ZipFile(io.BytesIO(xlsx_bytes({"数据": [HEADER, GOOD_ROWS[0]]})))
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as out:
        for info in good.infolist():
            if info.filename != "xl/worksheets/sheet1.xml":
                out.writestr(info.filename, good.read(info.filename))
                continue
            with out.open(info.filename, "w", force_zip64=True) as member:
                member.write(b'<?xml version="1.0"?><worksheet xmlns="http://schemas.openxmlformats.org/'
                             b'spreadsheetml/2006/main"><sheetData>')  # fmt: skip
                chunk = b" " * (1 << 20)
                for _ in range(inflated >> 20):
                    member.write(chunk)
                member.write(b"</sheetData></worksheet>")
    return buf.getvalue()


def _patch_sizes(data: bytes, name: bytes, size: int) -> bytes:
    """Rewrite the uncompressed size a zip declares for member ``name`` (local header and central directory)."""
    out = bytearray(data)
    for sig, name_len_at, size_at, name_at in ((b"PK\x03\x04", 26, 22, 30), (b"PK\x01\x02", 28, 24, 46)):
        i = out.find(sig)
        while i >= 0:
            n = struct.unpack_from("<H", out, i + name_len_at)[0]
            if out[i + name_at : i + name_at + n] == name:
                struct.pack_into("<I", out, i + size_at, size)
            i = out.find(sig, i + 4)
    return bytes(out)


def write_large_csv(path: Path, target_bytes: int, *, seed: int = 7, encoding: str = "utf-8") -> int:
    """Stream a long table of about ``target_bytes`` with distinct keys; return its number of facts.

    Keys cycle through 100 years of months × 4 indicators × as many neighbourhoods as the size needs, so they never
    repeat and every period is valid; values are random integers, with a thousands separator now and then. Memory
    stays flat whatever the size.
    """
    rng = random.Random(seed)
    streets = ("海山", "沙头角", "梅沙", "盐田", "东海", "南澳", "葵涌", "大鹏")
    indicators = [("城市低保户数", "户"), ("养老机构床位数", "张"), ("临时救助资金", "万元"), ("在校学生", "人")]
    periods = [f"{year}M{month:02d}" for year in range(1950, 2050) for month in range(1, 13)]
    n = 0
    written = 0
    with path.open("w", encoding=encoding, newline="\n") as out:
        written += out.write("region,indicator,period,value,unit\n")
        lines: list[str] = []
        while written < target_bytes:
            block = n // (len(periods) * len(indicators))
            region = f"{streets[block % len(streets)]}街道第{block // len(streets) + 1}社区"
            name, unit = indicators[(n // len(periods)) % len(indicators)]
            value = rng.randint(1, 2_000_000)
            shown = f'"{value:,}"' if n % 7 == 0 else str(value)
            line = f"{region},{name},{periods[n % len(periods)]},{shown},{unit}\n"
            lines.append(line)
            written += len(line.encode(encoding))
            n += 1
            if len(lines) >= 10_000:
                out.write("".join(lines))
                lines.clear()
        out.write("".join(lines))
    return n


# -- the bad-input corpus --------------------------------------------------------------------------------------
@dataclass(frozen=True)
class Bad:
    """One corpus file and what ingesting it must do.

    ``error``: a fragment of the one-line message (nothing loaded). Otherwise the file loads ``facts`` facts and
    quarantines ``quarantined`` cells/rows, the first at ``location``.
    """

    name: str
    make: Callable[[Path], Path]
    error: str | None = None
    facts: int = 0
    quarantined: int = 0
    location: str | None = None
    reason: str | None = None
    options: dict[str, object] = field(default_factory=dict)
    no_excel_reader: bool = False  # refused before fastexcel sees it (zip bombs)


def _bytes(name: str, data: bytes | Callable[[], bytes]) -> Callable[[Path], Path]:
    """A builder writing ``data`` (or what ``data()`` makes, when the test runs: bombs take time to build)."""

    def make(d: Path) -> Path:
        path = d / name
        path.write_bytes(data() if callable(data) else data)
        return path

    return make


def _text(name: str, text: str, encoding: str = "utf-8") -> Callable[[Path], Path]:
    return _bytes(name, text.encode(encoding))


def _rows(name: str, rows: Sequence[Sequence[object]], header: Sequence[str] = HEADER) -> Callable[[Path], Path]:
    return _text(name, csv_text(rows, header))


def _xlsx(name: str, **kw: object) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        path = d / name
        path.write_bytes(xlsx_bytes(**kw))  # type: ignore[arg-type]
        return path

    return make


def _truncated_xlsx(d: Path) -> Path:
    data = xlsx_bytes({"数据": [HEADER, *GOOD_ROWS]})
    path = d / "truncated.xlsx"
    path.write_bytes(data[: len(data) * 2 // 3])
    return path


def _truncated_parquet(d: Path) -> Path:
    buf = io.BytesIO()
    pl.DataFrame([dict(zip(HEADER, r, strict=True)) for r in GOOD_ROWS]).write_parquet(buf)
    path = d / "truncated.parquet"
    path.write_bytes(buf.getvalue()[:-40])
    return path


def _directory(d: Path) -> Path:
    path = d / "folder.csv"
    path.mkdir()
    return path


def _wide_columns(n: int) -> Callable[[Path], Path]:
    def make(d: Path) -> Path:
        header = ["地区", *(f"指标{i:05d}(人)" for i in range(n))]
        rows = [["盐田区", *range(n)], ["沙头角街道", *("-" if i % 2 else i for i in range(n))]]
        return _rows(f"columns_{n}.csv", rows, header)(d)

    return make


def _large(d: Path) -> Path:
    path = d / "large.csv"
    write_large_csv(path, LARGE_BYTES)
    return path


LARGE_BYTES = 3 * 2**20
LARGE_FACTS = 50_268  # write_large_csv(path, LARGE_BYTES) with the default seed; checked by a test

BOILERPLATE = """首页 | 政务公开 | 政务服务 | 互动交流 | 走进盐田
当前位置：首页 > 政务公开 > 工作报告
【字体：大 中 小】 【打印本页】 【关闭窗口】
分享到：微信 微博 QQ空间
主办单位：某区人民政府办公室  承办单位：某区政务服务数据管理局
网站标识码：4403080001  粤ICP备00000000号  粤公网安备 44030802000000号
版权所有 © 某区人民政府  建议使用1920×1080分辨率浏览本站
"""

_RANDOM = random.Random(2026).randbytes(4096)
_GOOD_XLSX = xlsx_bytes({"数据": [HEADER, *GOOD_ROWS]})
_LONG_BAD_ROWS = [["盐田区", "学校数", "2023", "16", "所"]]

CORPUS: list[Bad] = [
    # whole files that cannot be read: one line naming the file, nothing loaded
    Bad("empty", _bytes("empty.csv", b""), error="文件为空 / the file is empty"),
    Bad("blank lines", _text("blank.csv", "\n  \n\t\r\n"), error="the file is empty"),
    Bad("random binary named .csv", _bytes("random.csv", _RANDOM), error="not a text file"),
    Bad("PNG named .csv", _bytes("image.csv", b"\x89PNG\r\n\x1a\n" + _RANDOM[:500]), error="not a text file"),
    Bad("XLSX named .csv", _bytes("workbook.csv", _GOOD_XLSX), error="not a text file"),
    Bad("CSV named .xlsx", _text("table.xlsx", csv_text(GOOD_ROWS[:2])), error="not a valid XLSX file"),
    Bad("CSV named .parquet", _text("table.parquet", csv_text(GOOD_ROWS[1:])), error="cannot read the Parquet file"),
    Bad("legacy/encrypted workbook named .xlsx", _bytes("old.xlsx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + _RANDOM),
        error="encrypted workbook"),
    Bad("truncated XLSX", _truncated_xlsx, error="corrupt or truncated XLSX"),
    Bad("truncated Parquet", _truncated_parquet, error="cannot read the Parquet file"),
    Bad("zip bomb: 64 MiB sheet in a small file", _bytes("bomb.xlsx", lambda: _sheet_bomb(64 << 20)),
        error="possible zip bomb", no_excel_reader=True),
    Bad("zip bomb: declares 4 GiB", _bytes("bomb-declared.xlsx", lambda: _patch_sizes(
        _sheet_bomb(2 << 20), b"xl/worksheets/sheet1.xml", 0xFFFF_FFF0)),
        error="possible zip bomb", no_excel_reader=True),
    Bad("zip bomb: lies about its size", _bytes("bomb-lying.xlsx", lambda: _patch_sizes(
        _sheet_bomb(32 << 20), b"xl/worksheets/sheet1.xml", 4096)),
        error="possible zip bomb", no_excel_reader=True),
    Bad("unsupported extension .pdf", _text("report.pdf", "%PDF-1.7"), error="PDF is not supported"),
    Bad("unsupported extension .json", _text("data.json", "{}"), error="unsupported file type"),
    Bad("no extension", _text("README", "地区,指标\n"), error="unsupported file type"),
    Bad("a directory named .csv", _directory, error="directory"),
    Bad("header only", _rows("header-only.csv", []), error="no data rows below the header"),
    Bad("no header", _text("numbers.csv", "1,2,3\n4,5,6\n"), error="no recognisable header row"),
    Bad("10k unknown columns", _text("junk-columns.csv", ",".join(f"x{i}" for i in range(10_000)) + "\n"
        + ",".join("1" for _ in range(10_000)) + "\n"), error="no recognisable header row"),
    Bad("only missing values", _rows("missing.csv", [["盐田区", "学校数", str(y), v, "所"] for y, v in
        zip(range(2016, 2023), ["", "-", "…", "—", "/", "..", "－"], strict=True)]), error="no facts found"),
    Bad("every value unreadable", _rows("all-bad.csv", [["盐田区", "学校数", "2023", "n/a", "所"]]),
        error="no loadable facts, 1 quarantined; nothing loaded: 行 2, 列 数值: 无法识别的数值"),
    Bad("no unit anywhere", _rows("no-unit.csv", [["盐田区", "学校数", "2023", "16"]], HEADER[:4]),
        error="no unit"),
    Bad("report of only boilerplate", _text("boilerplate.txt", BOILERPLATE), error="no facts found in the text"),
    Bad("wrong encoding (Big5)", _text("big5.csv", "地區,指標,年份,數值\n鹽田區,學校數,2023,16\n", "big5"),
        error="no recognisable header row"),
    Bad("mixed encodings", _bytes("mixed-encoding.csv", csv_text(GOOD_ROWS[:1]).encode()
        + "福田区,学校数,2023,9,所\n".encode("gbk") + "南山区,学校数,2023,8,所\n".encode()),
        error="line 3 is not UTF-8"),
    Bad("UTF-8 with BOM and a GBK line", _bytes("bom-gbk.csv", csv_text(GOOD_ROWS[:1]).encode("utf-8-sig")
        + "福田区,学校数,2023,9,所\n".encode("gbk")), error="marked UTF-8 (BOM) but line 3 is not UTF-8"),
    Bad("unbalanced quote", _text("quote.csv", csv_text(GOOD_ROWS[:1]) + '盐田区,"学校数,2022,15,所\n'),
        error="malformed CSV at line 3"),
    Bad("missing sheet", _xlsx("sheets.xlsx", sheets={"数据": [HEADER, *GOOD_ROWS]}), error="no sheet '汇总'",
        options={"sheet": "汇总"}),
    # files that load, with the rows that cannot be read quarantined at their location
    Bad("mixed line endings", _text("line-endings.csv", "地区,指标,年份,数值,单位\r\n盐田区,学校数,2023,16,所\n"
        "盐田区,学校数,2022,15,所\r盐田区,学校数,2021,x,所\r\n盐田区,学校数,2020,13,所\n"),
        facts=3, quarantined=1, location="行 4, 列 数值"),
    Bad("ragged rows", _text("ragged.csv", csv_text(GOOD_ROWS[:1]) + "盐田区,学校数,2022,15,所,多余\n"
        "盐田区,学校数,2021\n盐田区,学校数,2020,13,所\n"),
        facts=2, quarantined=1, location="行 3", reason="more cells than the header has"),
    Bad("duplicate keys with conflicting values", _rows("duplicates.csv", [*GOOD_ROWS, ["盐田区", "学校数", "2023",
        "17", "所"], ["盐田区", "在校学生", "2023", "21600", "人"]]),
        facts=2, quarantined=2, location="行 2", reason="conflicting values for one key"),
    Bad("1e309", _rows("overflow.csv", [*GOOD_ROWS, ["盐田区", "学校数", "2021", "1e309", "所"]]),
        facts=3, quarantined=1, location="行 5, 列 数值", reason="number out of range"),
    Bad("NaN and infinities", _rows("nan.csv", [*GOOD_ROWS[:1], ["盐田区", "学校数", "2021", "NaN", "所"],
        ["盐田区", "学校数", "2020", "inf", "所"], ["盐田区", "学校数", "2019", "-Infinity", "所"]]),
        facts=1, quarantined=3, location="行 3, 列 数值", reason="not a finite number"),
    Bad("full-width digits", _rows("fullwidth.csv", [["盐田区", "学校数", "２０２３", "１６", "所"],
        ["盐田区", "在校学生", "2023", "２１，６００", "人"], ["盐田区", "学校数", "2022", "１５．０", "所"]]), facts=3),
    Bad("formula cells without results", _xlsx("formulas.xlsx", sheets={"数据": [HEADER, *GOOD_ROWS,
        ["盐田区", "学校数", "2021", None, "所"]]}, formulas=[(4, 3, "=D3-1")]),
        facts=3, quarantined=1, location="行 5, 列 数值", reason="formula without a computed value"),
    Bad("Excel error values", _xlsx("errors.xlsx", sheets={"数据": [HEADER, *GOOD_ROWS,
        ["盐田区", "学校数", "2021", "#DIV/0!", "所"]]}),
        facts=3, quarantined=1, location="行 5, 列 数值", reason="Excel error value"),
    Bad("unreadable periods and missing regions", _rows("periods.csv", [*GOOD_ROWS[:1],
        ["盐田区", "学校数", "2023年第五季度", "3", "所"], ["", "学校数", "2021", "14", "所"]]),
        facts=1, quarantined=2, location="行 3", reason="unrecognised period"),
    Bad("20,000 unreadable rows", _rows("many-bad.csv", [GOOD_ROWS[0], *(["盐田区", "学校数", str(1950 + i % 100),
        f"n/a{i}", "所"] for i in range(20_000))]), facts=1, quarantined=20_000, location="行 3, 列 数值"),
    Bad("quoted line breaks", _text("newlines.csv", csv_text([["盐田区", "学校数\n(公办)", "2023", "16", "所"],
        ["盐田区", "学校数", "2022", "oops", "所"]])),
        facts=1, quarantined=1, location="行 4, 列 数值"),
    Bad("UTF-16 without a byte-order mark", _text("utf16.csv", csv_text(GOOD_ROWS), "utf-16-le"), facts=3),
    Bad("10k indicator columns", _wide_columns(10_000), facts=15_000, options={"period": "2023"}),
    Bad("large generated file", _large, facts=LARGE_FACTS),
]  # fmt: skip
