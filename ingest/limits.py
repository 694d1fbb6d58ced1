"""How much of a machine one input file may use while it is parsed: one place, every limit overridable.

Files come from anyone (the 导入 page takes uploads), so parsing runs in a worker process
(:mod:`ingest.parse_worker`) bounded by the address space, CPU and wall time below, and every reader checks what a
file *declares* (sheet dimensions, inflated sizes, row counts) against the caps before it allocates anything. Each
field can be set by an environment variable ``ZHIBIAO_PARSE_<FIELD>`` (upper case); ``docs/limits.md`` lists them.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, fields
from typing import Any

__all__ = ["ParseLimits", "limits"]


@dataclass(frozen=True)
class ParseLimits:
    """Caps for parsing one file. Sizes in bytes unless the name says MiB."""

    max_file_bytes: int = 512 * 2**20  # a file larger than this is not read at all
    memory_mb: int = 4096  # the worker's address space (RLIMIT_AS), MiB
    timeout: float = 300.0  # wall-clock seconds for one file; also its CPU-time limit
    max_cells: int = 50_000_000  # rows × columns a table (sheet, parquet) may declare
    max_cells_per_byte: int = 200  # parquet rows × columns per byte of file above a million cells (a bomb compresses)
    max_inflated_bytes: int = 1024**3  # all parts of an .xlsx/.docx once inflated
    max_ratio: int = 200  # a zip part above 1 MiB that inflates more than this many times is a bomb
    max_xml_bytes: int = 64 * 2**20  # a .docx's document.xml once inflated
    max_paragraphs: int = 200_000  # paragraphs and table rows of a .docx
    max_text_bytes: int = 16 * 2**20  # a .txt/.md report
    max_line_chars: int = 200_000  # the longest line of a report (its text, after decoding)
    max_name_chars: int = 200  # a region, indicator or unit name longer than this is quarantined

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> ParseLimits:
        """Defaults overridden by ``ZHIBIAO_PARSE_*`` variables; a value that is not a positive number is refused.

        >>> ParseLimits.from_env({"ZHIBIAO_PARSE_MEMORY_MB": "2048", "ZHIBIAO_PARSE_TIMEOUT": "30"}).memory_mb
        2048
        >>> ParseLimits.from_env({"ZHIBIAO_PARSE_TIMEOUT": "半分钟"})
        Traceback (most recent call last):
        ...
        ValueError: 环境变量 ZHIBIAO_PARSE_TIMEOUT='半分钟' 不是正数 / ZHIBIAO_PARSE_TIMEOUT='半分钟' is not a positive number
        """
        environ = os.environ if environ is None else environ
        values: dict[str, Any] = {}
        for f in fields(cls):
            var = f"ZHIBIAO_PARSE_{f.name.upper()}"
            raw = environ.get(var)
            if not raw:
                continue
            kind = float if f.type in ("float", float) else int
            try:
                value = kind(raw)
            except ValueError:
                value = 0
            if value <= 0:
                raise ValueError(f"环境变量 {var}={raw!r} 不是正数 / {var}={raw!r} is not a positive number")
            values[f.name] = value
        return cls(**values)

    def to_json(self) -> dict[str, Any]:
        return {f.name: getattr(self, f.name) for f in fields(self)}


def limits() -> ParseLimits:
    """The limits in force: defaults, then the environment (read on every call, so a test or a server can set them)."""
    return ParseLimits.from_env()
