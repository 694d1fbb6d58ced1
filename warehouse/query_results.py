"""What a query result may hold on its way from DuckDB to polars: every result readable, and bounded in bytes.

Pure functions over Arrow, used inside the SQL worker (and by exports for header names):

- repeated column names get a suffix (``region``, ``region_2``): polars panics on duplicates;
- types polars cannot carry (intervals, unions, bignums, bits; dates inside lists and structs) are cast to text
  in the query itself, and top-level dates or timestamps outside Python's years 1–9999 (``infinity``) become text;
- ``rows_within`` finds how many rows of a batch fit in what is left of the byte budget.
"""

from __future__ import annotations

import array
import re

import pyarrow as pa
import pyarrow.compute as pc

__all__ = ["as_text", "needs_text", "readable", "rows_within", "unique_names"]

_AS_TEXT = re.compile(r"INTERVAL|UNION\(|BIGNUM|VARIANT|\bBIT\b")
"""DuckDB types that Arrow → polars cannot carry (or only as opaque bytes): sent as text instead."""
_NESTED = re.compile(r"\[|STRUCT\(|MAP\(")
_TIME = re.compile(r"TIMESTAMP|\bDATE\b")
"""Dates and timestamps inside lists, structs and maps: text, since an ``infinity`` in there could not be read."""


def needs_text(dtype: str) -> bool:
    """
    >>> needs_text("INTERVAL"), needs_text("TIMESTAMP[]"), needs_text("TIMESTAMP"), needs_text("INTEGER[]")
    (True, True, False, False)
    """
    return bool(_AS_TEXT.search(dtype) or (_NESTED.search(dtype) and _TIME.search(dtype)))


def as_text(index: int, name: str, dtype: str) -> str:
    """One projection item by position (column names may repeat); problem types cast to VARCHAR."""
    quoted = '"' + name.replace('"', '""') + '"'
    return f"CAST(#{index + 1} AS VARCHAR) AS {quoted}" if needs_text(dtype) else f"#{index + 1} AS {quoted}"


def unique_names(names: list[str]) -> list[str]:
    """Column names made unique with a numeric suffix, in order (polars and spreadsheets need unique headers).

    >>> unique_names(["region", "region", "value", "region_2", ""])
    ['region', 'region_3', 'value', 'region_2', '']
    """
    taken = set(names)
    out: list[str] = []
    for name in names:
        candidate, n = name, 2
        while candidate in out:
            while f"{name}_{n}" in taken or f"{name}_{n}" in out:
                n += 1
            candidate = f"{name}_{n}"
        out.append(candidate)
    return out


def rows_within(batch: pa.RecordBatch, budget: int) -> int:
    """How many leading rows of ``batch`` fit in ``budget`` bytes (binary search; slices are zero-copy)."""
    lo, hi = 0, batch.num_rows
    while lo < hi:
        mid = (lo + hi + 1) // 2
        if batch.slice(0, mid).nbytes <= budget:
            lo = mid
        else:
            hi = mid - 1
    return lo


def _far_date(value: int, unit: str) -> str:
    """A date (``unit`` D) or timestamp (s, ms, us, ns since 1970) of any year as ISO text, by integer arithmetic
    (Python's datetime stops at years 1 and 9999).

    >>> _far_date(-2545740, "D"), _far_date(9223371244800000000, "us"), _far_date(90061, "s")
    ('-5000-01-01', '294247-01-01 00:00:00', '1970-01-02 01:01:01')
    """
    per_day = 86_400 * _PER_SECOND.get(unit, 1) if unit != "D" else 1
    days, rest = divmod(value, per_day)
    # Days since 1970-01-01 to a proleptic Gregorian (year, month, day): H. Hinnant's civil_from_days.
    z = days + 719_468
    era = z // 146_097
    doe = z - era * 146_097
    yoe = (doe - doe // 1460 + doe // 36_524 - doe // 146_096) // 365
    doy = doe - (365 * yoe + yoe // 4 - yoe // 100)
    mp = (5 * doy + 2) // 153
    day = doy - (153 * mp + 2) // 5 + 1
    month = mp + 3 if mp < 10 else mp - 9
    year = yoe + era * 400 + (month <= 2)
    text = f"{'-' if year < 0 else ''}{abs(year):04d}-{month:02d}-{day:02d}"
    if unit == "D":
        return text
    seconds, fraction = divmod(rest, _PER_SECOND[unit])
    clock = f"{seconds // 3600:02d}:{seconds % 3600 // 60:02d}:{seconds % 60:02d}"
    return f"{text} {clock}" + (f".{fraction:0{len(str(_PER_SECOND[unit])) - 1}d}" if fraction else "")


_PER_SECOND = {"s": 1, "ms": 10**3, "us": 10**6, "ns": 10**9}
_SECONDS = (-62_135_596_800 + 86_400, 253_402_300_799 - 86_400)  # Python's years 1–9999, a day inside for zones
_DAYS = (-719_162 + 1, 2_932_896 - 1)


def _strings(values: list[str | None]) -> pa.Array:
    """A string array built from its buffers: ``pa.array()`` over Python objects imports pandas (seconds, in a worker
    whose clock is running).

    >>> _strings(["infinity", None, "2024-01-01"]).to_pylist()
    ['infinity', None, '2024-01-01']
    """
    data, offsets, valid = bytearray(), array.array("i", [0]), bytearray((len(values) + 7) // 8)
    for i, value in enumerate(values):
        if value is not None:
            data += value.encode("utf-8")
            valid[i // 8] |= 1 << (i % 8)
        offsets.append(len(data))
    buffers = [pa.py_buffer(bytes(valid)), pa.py_buffer(offsets.tobytes()), pa.py_buffer(bytes(data))]
    return pa.Array.from_buffers(pa.string(), len(values), buffers, null_count=values.count(None))


def readable(table: pa.Table, names: list[str]) -> pa.Table:
    """The table with unique names, and any date or timestamp column holding values outside Python's years 1–9999
    (DuckDB's ``infinity``, far-future dates) as text: polars would panic turning them into Python objects."""
    table = table.rename_columns(names)
    for i, field_ in enumerate(table.schema):
        if pa.types.is_timestamp(field_.type):
            factor = _PER_SECOND[field_.type.unit]
            raw = pc.cast(table.column(i), pa.int64())
            lo, hi = _SECONDS[0] * factor, _SECONDS[1] * factor
            unit, infinity = field_.type.unit, 2**63 - 1
        elif pa.types.is_date32(field_.type):
            raw = pc.cast(table.column(i), pa.int32())
            lo, hi, unit, infinity = _DAYS[0], _DAYS[1], "D", 2**31 - 1
        else:
            continue
        bounds = pc.min_max(raw).as_py()
        if bounds["min"] is None or (bounds["min"] >= lo and bounds["max"] <= hi):
            continue
        zone = "+00" if getattr(field_.type, "tz", None) else ""

        def text(v: int | None, unit: str = unit, infinity: int = infinity, zone: str = zone) -> str | None:
            if v is None:
                return None
            if abs(v) == infinity:
                return "infinity" if v > 0 else "-infinity"
            return _far_date(v, unit) + zone

        column = _strings([text(v) for v in raw.to_pylist()])
        table = table.set_column(i, pa.field(field_.name, pa.string()), column)
    return table
