"""Read any supported input file into a :class:`SourceDoc`, by its extension: the part of ingest the parse worker
runs (:mod:`ingest.parse_worker`). It imports no warehouse writer, so a worker starts in a fraction of the time."""

from __future__ import annotations

from pathlib import Path

from ingest.limits import limits
from ingest.model import IngestError, SourceDoc
from ingest.rawfile import check_regular
from ingest.screen import screen

__all__ = ["TABLE_SUFFIXES", "TEXT_SUFFIXES", "kind_of", "read_file"]

TEXT_SUFFIXES = (".txt", ".md", ".docx")
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".parquet")
_CONVERT_FIRST = {
    ".pdf": "PDF 不支持，请先转换为文本或表格 / PDF is not supported, convert it to text or a table first",
    ".doc": "旧版 Word (.doc) 不支持，请另存为 .docx / legacy .doc is not supported, save it as .docx",
    ".wps": "WPS 文档不支持，请另存为 .docx / .wps is not supported, save it as .docx",
    ".et": "WPS 表格不支持，请另存为 .xlsx / .et is not supported, save it as .xlsx",
    ".ods": "ODS 表格不支持，请另存为 .xlsx / .ods is not supported, save it as .xlsx",
    ".numbers": "Numbers 表格不支持，请导出为 .xlsx / .numbers is not supported, export it as .xlsx",
}


def kind_of(path: Path) -> str:
    """``text`` or ``table`` by extension; :class:`IngestError` for anything else."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in TABLE_SUFFIXES:
        return "table"
    if suffix in _CONVERT_FIRST:
        raise IngestError(f"{path}: {_CONVERT_FIRST[suffix]}")
    supported = " ".join(TEXT_SUFFIXES + TABLE_SUFFIXES)
    raise IngestError(
        f"{path}: 不支持的文件类型 {suffix or '(无扩展名)'} / unsupported file type; supported: {supported}"
    )


def read_file(
    path: Path,
    *,
    region: str | None = None,
    period: str | None = None,
    domain: str | None = None,
    mapping: dict[str, str] | None = None,
    unit: str | None = None,
    sheet: str | int | None = None,
) -> SourceDoc:
    """Read a report (.txt .md .docx) or a table (.csv .xlsx .parquet) into a SourceDoc, in this process.

    Untrusted files go through :class:`~ingest.parse_worker.ParseWorker` (which calls this in its worker process).
    Names are normalised and values out of range quarantined (:func:`ingest.screen.screen`).
    """
    path = Path(path)
    check_regular(path, limits().max_file_bytes)
    if kind_of(path) == "text":
        from ingest.text import read_report

        return screen(read_report(path, region=region, period=period, domain=domain))
    from ingest.tables import read_table

    doc = read_table(path, mapping=mapping, region=region, period=period, domain=domain, unit=unit, sheet=sheet)
    return screen(doc)
