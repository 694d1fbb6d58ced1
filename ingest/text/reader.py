"""Read a report file (.txt/.md in UTF-8, GBK or GB18030; .docx) into a :class:`~ingest.model.SourceDoc`.

One skeleton, as every ingest reader: load the input → extract → return the document; nothing is
written anywhere. Files that are empty, binary or not a report format raise :class:`~ingest.model.IngestError`
with one line naming the file and the cause.
"""

from __future__ import annotations

import io
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from ingest.bounds import check_docx, check_text
from ingest.encoding import decode
from ingest.limits import limits
from ingest.model import FactRecord, FactTable, IngestError, Quarantined, SourceDoc, sha256_of
from ingest.rawfile import read_regular
from ingest.tables.reader import read_rows
from ingest.text.context import document_context
from ingest.text.extract import extract
from ingest.text.normalise import blank_boilerplate, normalise

__all__ = ["EXTRACTOR_VERSION", "read_report", "report_text"]

EXTRACTOR_VERSION = "zhibiao-text 1.2"
"""Stored with every source so facts can be re-extracted when the extractor changes."""

_UNSUPPORTED = {
    ".doc": "旧版 Word (.doc) 不支持,请另存为 .docx / legacy .doc is not supported, save it as .docx",
    ".pdf": "PDF 不支持,请先转换为文本 / PDF is not supported, convert it to text first",
    ".wps": "WPS 文档不支持,请另存为 .docx / .wps is not supported, save it as .docx",
}


def report_text(path: Path, data: bytes) -> tuple[str, str | None]:
    """The text of a report file and the title its metadata gives (``.docx`` core properties), if any."""
    suffix = path.suffix.lower()
    if suffix in _UNSUPPORTED:
        raise IngestError(f"{path}: {_UNSUPPORTED[suffix]}")
    if suffix == ".docx":
        text, title, _ = _docx_parts(path, data)
        return text, title
    text, _ = decode(data, path)
    return text, None


@dataclass
class _DocxTable:
    """A table of a .docx report: its rows as cells (a cell merged across columns is blank after its first column,
    as a spreadsheet's merge; merged down it repeats) and, for each row, its line in the report's text."""

    rows: list[list[str]]
    lines: list[int]


def _docx_parts(path: Path, data: bytes) -> tuple[str, str | None, list[_DocxTable]]:
    if not data.strip():
        raise IngestError(f"{path}: 文件为空 / the file is empty")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise IngestError(f"{path}: 不是有效的 .docx 文件(非 zip 格式)/ not a valid .docx file (not a zip archive)")
    check_docx(path, data)  # sizes, ratio, XML bytes and paragraphs, before python-docx builds the tree
    import docx  # python-docx; imported here so plain-text extraction does not pay for it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several unrelated types for damaged packages
        raise IngestError(f"{path}: 无法读取 .docx 文件 / cannot read the .docx file: {err}") from err
    lines: list[str] = []
    tables: list[_DocxTable] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            table = _DocxTable([], [])
            for row in Table(child, document).rows:
                cells: list[str] = []
                grid: list[str] = []
                previous = None
                for cell in row.cells:
                    t = cell.text.strip()
                    grid.append("" if cell._tc is previous else t)  # python-docx repeats a cell merged across
                    previous = cell._tc
                    if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                        cells.append(t)
                table.rows.append(grid)
                table.lines.append(len(lines))
                lines.append(" ".join(cells))
            tables.append(table)
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(f"{path}: 文件为空(没有文字)/ the file is empty (no text)")
    title = (document.core_properties.title or "").strip() or None
    return text, title, tables


def read_report(
    path: Path | str, *, region: str | None = None, period: str | None = None, domain: str | None = None
) -> SourceDoc:
    """Read one report and extract its facts (``region``/``period`` are the document's, when the caller knows)."""
    path = Path(path)
    cap = limits()
    data = read_regular(path, cap.max_file_bytes if path.suffix.lower() == ".docx" else cap.max_text_bytes)
    if path.suffix.lower() == ".docx":
        text, meta_title, tables = _docx_parts(path, data)
    else:
        (text, meta_title), tables = report_text(path, data), []
    check_text(path, text)
    plain = normalise(text)
    ctx = document_context(
        blank_boilerplate(plain), title=meta_title, region=region, period=period, header=plain[:1500]
    )
    facts = extract(text, region=region, period=period, title=meta_title)
    quarantined: list[Quarantined] = []
    if tables:
        facts, quarantined = _with_table_facts(
            path, text, tables, facts, region=region or ctx.region, period=period or ctx.period, domain=domain
        )
    return SourceDoc(
        path=path,
        sha256=sha256_of(data),
        kind="text",
        title=ctx.title,
        region=region or ctx.region,
        period=period or ctx.period,
        domain=domain,
        text=text,
        extractor_version=EXTRACTOR_VERSION,
        facts=facts,
        quarantined=quarantined,
    )


def _with_table_facts(
    path: Path,
    text: str,
    tables: list[_DocxTable],
    facts: list[FactRecord],
    *,
    region: str | None,
    period: str | None,
    domain: str | None,
) -> tuple[list[FactRecord], list[Quarantined]]:
    """The report's facts with those of its data tables, read as table files are (``read_rows``). A table that is
    data replaces what the sentence extractor made of its rows (a row of cells is not a sentence); each of its facts
    quotes its row's line in the text, so the sources page highlights the row."""
    starts = [0]
    for line in text.split("\n"):
        starts.append(starts[-1] + len(line) + 1)
    quarantined: list[Quarantined] = []
    for k, table in enumerate(tables, start=1):
        cells, bad = read_rows(path, table.rows, label=f"表{k}", region=region, period=period, domain=domain)
        quarantined.extend(bad)
        if cells.is_empty():
            continue
        first, last = starts[table.lines[0]], starts[table.lines[-1] + 1] - 1
        facts = _without(facts, lambda f: f.span is not None and first <= f.span[0] < last)  # noqa: B023 (used here)
        for record, row in zip(FactTable(cells.drop("_line")), cells["_line"], strict=True):
            line = table.lines[row - 1]
            record.quote, record.span = text[starts[line] : starts[line + 1] - 1], (starts[line], starts[line + 1] - 1)
            facts.append(record)
    return facts, quarantined


def _without(facts: list[FactRecord], drop: Callable[[FactRecord], bool]) -> list[FactRecord]:
    """``facts`` less those ``drop`` picks, with every 其中 part's ``parent`` index moved to its whole's new place
    (None when the whole was dropped)."""
    kept = [i for i, f in enumerate(facts) if not drop(f)]
    moved = {old: new for new, old in enumerate(kept)}
    out = [facts[i] for i in kept]
    for f in out:
        if f.parent is not None:
            f.parent = moved.get(f.parent)
    return out
