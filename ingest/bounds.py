"""Checks of a report's size before it is parsed or extracted: a .docx's zip and XML, a text's length and lines.

A 170 KB .docx can inflate to 45 MB of XML and a million paragraphs (minutes and gigabytes in the XML parser);
a report with no line breaks makes every sentence quote a megabyte. What the archive declares is checked first,
without inflating anything; then document.xml is streamed once, counting its real bytes and paragraphs, so a part
that lies about its size stops at the cap. Limits: :mod:`ingest.limits`.
"""

from __future__ import annotations

import io
import re
import zipfile
import zlib
from pathlib import Path

from ingest.limits import limits
from ingest.model import IngestError

__all__ = ["check_docx", "check_text"]

_DOCUMENT = "word/document.xml"
_PARAGRAPH = re.compile(rb"<w:(?:p|tr)[\s>/]")


def check_docx(path: Path, data: bytes) -> None:
    """Refuse a .docx that inflates beyond the limits (total, ratio, document XML bytes, paragraphs)."""
    cap = limits()
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            infos = zf.infolist()
            total = sum(i.file_size for i in infos)
            if len(infos) > 10_000 or total > cap.max_inflated_bytes:
                raise IngestError(
                    f"{path}: .docx 解压后过大，疑似压缩炸弹，未读取 / refusing a possible zip bomb ({len(infos)} parts, "
                    f"{total / 2**20:.0f} MiB uncompressed; ZHIBIAO_PARSE_MAX_INFLATED_BYTES)"
                )
            for info in infos:
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > 2**20 and ratio > cap.max_ratio:
                    raise IngestError(
                        f"{path}: .docx 压缩比异常（{ratio:.0f} 倍），疑似压缩炸弹，未读取 / refusing a possible zip "
                        f"bomb ({info.filename} inflates {info.file_size / 2**20:.0f} MiB; ZHIBIAO_PARSE_MAX_RATIO)"
                    )
            if _DOCUMENT in zf.namelist():
                _stream_document(path, zf, cap.max_xml_bytes, cap.max_paragraphs)
    except (zipfile.BadZipFile, zipfile.LargeZipFile, EOFError, zlib.error, OSError, NotImplementedError) as err:
        raise IngestError(f"{path}: .docx 文件已损坏或被截断 / corrupt or truncated .docx: {err}") from err


def _stream_document(path: Path, zf: zipfile.ZipFile, max_bytes: int, max_paragraphs: int) -> None:
    size = paragraphs = 0
    tail = b""
    with zf.open(_DOCUMENT) as member:
        while chunk := member.read(1 << 20):
            size += len(chunk)
            if size > max_bytes:
                raise IngestError(
                    f"{path}: .docx 正文 XML 超过 {max_bytes / 2**20:.0f} MiB，未读取 / the document XML is larger than "
                    f"{max_bytes / 2**20:.0f} MiB (ZHIBIAO_PARSE_MAX_XML_BYTES); not read"
                )
            window = tail + chunk
            paragraphs += len(_PARAGRAPH.findall(window)) - len(_PARAGRAPH.findall(tail))
            if paragraphs > max_paragraphs:
                raise IngestError(
                    f"{path}: .docx 段落或表格行超过 {max_paragraphs:,} 个，未读取 / more than {max_paragraphs:,} "
                    "paragraphs and table rows (ZHIBIAO_PARSE_MAX_PARAGRAPHS); not read"
                )
            tail = window[-16:]


def check_text(path: Path, text: str) -> None:
    """Refuse a report whose longest line is beyond the line limit (a whole book without line breaks).

    >>> check_text(Path("a.txt"), "全区有学校12所。\\n" * 3)
    >>> import os; os.environ["ZHIBIAO_PARSE_MAX_LINE_CHARS"] = "5"
    >>> check_text(Path("a.txt"), "全区有学校12所。")
    Traceback (most recent call last):
    ...
    ingest.model.IngestError: a.txt: 第 1 行有 9 个字符，超过每行上限 5，未读取 / line 1 has 9 characters, beyond the limit of 5 per line (ZHIBIAO_PARSE_MAX_LINE_CHARS); not read
    >>> del os.environ["ZHIBIAO_PARSE_MAX_LINE_CHARS"]
    """
    cap = limits().max_line_chars
    if len(text) <= cap:
        return
    for number, line in enumerate(text.split("\n"), start=1):
        if len(line) > cap:
            raise IngestError(
                f"{path}: 第 {number} 行有 {len(line):,} 个字符，超过每行上限 {cap:,}，未读取 / line {number} has "
                f"{len(line):,} characters, beyond the limit of {cap:,} per line (ZHIBIAO_PARSE_MAX_LINE_CHARS); "
                "not read"
            )
