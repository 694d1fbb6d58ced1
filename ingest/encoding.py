"""Decode the bytes of a CSV or report file: UTF-8 (with or without BOM), GBK or GB18030, detected.

charset-normalizer does the detection; strict UTF-8 is tried first because it is by far the most common and never
decodes GBK text by accident. A file that decodes as nothing sensible (binary) raises :class:`IngestError`.
"""

from __future__ import annotations

import re
from pathlib import Path

from charset_normalizer import from_bytes

from ingest.model import IngestError

__all__ = ["decode", "looks_binary"]

_CJK_FAMILY = ("gb18030", "gbk", "gb2312", "hz")


def looks_binary(data: bytes) -> bool:
    """True when ``data`` has NUL bytes or many control bytes in its first 8 KiB (not a text file).

    >>> looks_binary(b"\\x00\\x01PK"), looks_binary("区,人数\\n".encode())
    (True, False)
    """
    head = data[:8192]
    if b"\x00" in head:
        return True
    controls = sum(1 for b in head if b < 9 or 13 < b < 32)
    return bool(head) and controls / len(head) > 0.05


def decode(data: bytes, path: Path | str) -> tuple[str, str]:
    """Return ``(text, encoding)``; raise :class:`IngestError` naming ``path`` when it is not text.

    >>> decode("学校数".encode("gbk"), "a.csv")
    ('学校数', 'gb18030')
    >>> decode("\\ufeff学校数".encode("utf-8"), "a.csv")
    ('学校数', 'utf-8-sig')
    """
    if not data.strip():
        raise IngestError(f"{path}: 文件为空 / the file is empty")
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "utf-16"
        except UnicodeDecodeError as err:
            raise IngestError(
                f"{path}: UTF-16 文件已损坏 / broken UTF-16 text: {err.reason} at byte {err.start}"
            ) from err
    utf16 = _utf16_without_bom(data)
    if utf16 is not None:
        return utf16
    if looks_binary(data):
        raise IngestError(f"{path}: 不是文本文件（含二进制内容）/ not a text file (binary content)")
    if data.startswith(b"\xef\xbb\xbf"):
        try:
            return data[3:].decode("utf-8"), "utf-8-sig"
        except UnicodeDecodeError as err:
            line = data.count(b"\n", 0, err.start + 3) + 1
            raise IngestError(
                f"{path}: 文件标明是 UTF-8（有 BOM），但第 {line} 行不是 / the file is marked UTF-8 (BOM) but line "
                f"{line} is not UTF-8"
            ) from None
    try:
        return data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    # A UTF-8 file with some lines saved in GBK would decode as GB18030 into plausible-looking nonsense: refuse it.
    mixed = _mixed_utf8_line(data)
    if mixed is not None:
        raise IngestError(
            f"{path}: 第 {mixed} 行不是 UTF-8，文件其余部分是（混用了编码？请统一另存为 UTF-8）/ line {mixed} is not "
            "UTF-8 but the rest of the file is (mixed encodings? save the whole file as UTF-8)"
        )
    # Chinese tables and reports that are not UTF-8 are GBK or GB18030 (a superset of GBK and GB2312). Detectors
    # misjudge short GBK files (6 bytes of 学校数 look like Big5), so prefer GB18030 when it decodes strictly to
    # text that is mostly Chinese; otherwise ask charset-normalizer.
    try:
        text = data.decode("gb18030")
    except UnicodeDecodeError:
        text = None
    if text is not None and _mostly_chinese(text):
        return text, "gb18030"
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        raise IngestError(f"{path}: 无法识别文件编码 / cannot detect the text encoding")
    encoding = "gb18030" if best.encoding.lower() in _CJK_FAMILY else best.encoding
    try:
        return data.decode(encoding), encoding
    except (UnicodeDecodeError, LookupError) as err:
        raise IngestError(f"{path}: 无法按 {encoding} 解码 / cannot decode as {encoding}: {err}") from err


_PRIVATE_USE = re.compile("[\ue000-\uf8ff]")
_CJK = re.compile("[\u4e00-\u9fff\u3000-\u303f\uff00-\uffef]")


def _mostly_chinese(text: str) -> bool:
    """True when at least 80% of the non-ASCII characters are common CJK ideographs or CJK punctuation.

    Counted without a per-character list (a 50 MB GBK file made one of millions of strings).

    >>> _mostly_chinese("低保户800户"), _mostly_chinese("abc"), _mostly_chinese("Ça été là")
    (True, True, False)
    """
    non_ascii = len(text) - len(text.encode("ascii", "ignore"))
    if not non_ascii:
        return True
    if _PRIVATE_USE.search(text):
        return False  # private-use code points: a wrong guess (Big5 read as GB18030)
    cjk = _CJK.subn("", text)[1]
    return cjk / non_ascii >= 0.8


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    r"""UTF-16 text saved without a byte-order mark: NUL in every other byte of ASCII-heavy text.

    >>> _utf16_without_bom("地区,year\n".encode("utf-16-le"))
    ('地区,year\n', 'utf-16-le')
    >>> _utf16_without_bom(b"\x00\x01\x02\x03") is None
    True
    """
    head = data[:4096]
    if len(head) < 4 or len(data) % 2:
        return None
    for encoding, zeros in (("utf-16-le", head[1::2]), ("utf-16-be", head[0::2])):
        if zeros.count(0) * 10 < len(zeros) * 3:
            continue  # fewer than 30% NULs where ASCII characters would have them
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if "\n" in text and not any(c < " " and c not in "\t\r\n" for c in text[:2048]):
            return text, encoding
    return None


def _mixed_utf8_line(data: bytes) -> int | None:
    r"""The first line that is not UTF-8 in a file whose other lines are UTF-8 Chinese text, if that is the case.

    Linear and in C: the lines before the first bad byte, or the rest after its line, must be non-ASCII UTF-8
    (a GBK file almost never has a whole line of valid UTF-8 Chinese).

    >>> _mixed_utf8_line("区,值\n".encode() + "盐田区,1\n".encode("gbk") + "福田区,2\n".encode())
    2
    >>> _mixed_utf8_line("区,值\n".encode("gbk") + "福田区,2\n".encode())
    1
    >>> _mixed_utf8_line("region\n盐田区,1\n".encode("gbk")) is None
    True
    """
    try:
        data.decode("utf-8")
        return None
    except UnicodeDecodeError as err:
        pos = err.start
    line_start = data.rfind(b"\n", 0, pos) + 1
    line = data.count(b"\n", 0, pos) + 1
    if not data[:line_start].isascii():
        return line
    end = data.find(b"\n", pos)
    rest = data[end + 1 :] if end >= 0 else b""
    if rest.isascii():
        return None
    try:
        rest.decode("utf-8")
    except UnicodeDecodeError:
        return None
    return line
