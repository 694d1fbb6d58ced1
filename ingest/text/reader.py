"""Read a report file (.txt/.md in UTF-8, GBK or GB18030; .docx) into a :class:`~ingest.model.SourceDoc`.

One skeleton, as every ingest reader (STYLE habit 5): load the input → extract → return the document; nothing is
written anywhere. Files that are empty, binary or not a report format raise :class:`~ingest.model.IngestError`
with one line naming the file and the cause.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from ingest.encoding import decode
from ingest.model import IngestError, SourceDoc, sha256_of
from ingest.text.context import document_context
from ingest.text.extract import extract
from ingest.text.normalise import blank_boilerplate, normalise

__all__ = ["EXTRACTOR_VERSION", "read_report", "report_text"]

EXTRACTOR_VERSION = "zhibiao-text 1.1"
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
        return _docx_text(path, data)
    text, _ = decode(data, path)
    return text, None


def _docx_text(path: Path, data: bytes) -> tuple[str, str | None]:
    if not data.strip():
        raise IngestError(f"{path}: 文件为空 / the file is empty")
    if not zipfile.is_zipfile(io.BytesIO(data)):
        raise IngestError(f"{path}: 不是有效的 .docx 文件(非 zip 格式)/ not a valid .docx file (not a zip archive)")
    import docx  # python-docx; imported here so plain-text extraction does not pay for it
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    try:
        document = docx.Document(io.BytesIO(data))
    except Exception as err:  # python-docx raises several unrelated types for damaged packages
        raise IngestError(f"{path}: 无法读取 .docx 文件 / cannot read the .docx file: {err}") from err
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(child, document).text)
        elif tag == "tbl":
            for row in Table(child, document).rows:
                cells: list[str] = []
                for cell in row.cells:
                    t = cell.text.strip()
                    if t and (not cells or cells[-1] != t):  # merged cells repeat their text
                        cells.append(t)
                lines.append(" ".join(cells))
    text = "\n".join(lines)
    if not text.strip():
        raise IngestError(f"{path}: 文件为空(没有文字)/ the file is empty (no text)")
    title = (document.core_properties.title or "").strip() or None
    return text, title


def read_report(
    path: Path | str, *, region: str | None = None, period: str | None = None, domain: str | None = None
) -> SourceDoc:
    """Read one report and extract its facts (``region``/``period`` are the document's, when the caller knows)."""
    path = Path(path)
    try:
        data = path.read_bytes()
    except OSError as err:
        raise IngestError(f"{path}: 无法读取文件 / cannot read the file: {err.strerror or err}") from err
    text, meta_title = report_text(path, data)
    ctx = document_context(blank_boilerplate(normalise(text)), title=meta_title, region=region, period=period)
    facts = extract(text, region=region, period=period, title=meta_title)
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
    )
