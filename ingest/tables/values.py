"""Cell values → numbers, vectorised with polars (a 200 MB table never loops in Python per cell).

Accepted: ``1234``, ``1,234`` / ``1，234`` (thousands separators), full-width digits ``１２３``, spaces, a trailing
``%``, a trailing 万 or 亿 (``1.2万``: ``_mag``, which the layout puts before the unit), approximation words
(``约500``, ``500余``, ``3万余``). Missing (skipped, never zero): blank, ``-``, ``—``, ``––``, ``…``,
``...``, ``/``, ``——``. Everything else is a reason to quarantine the cell: text, ``NaN``, ``1e309`` (not finite),
formula text (``=SUM(A1:A3)``), Excel error values (``#DIV/0!``).
"""

from __future__ import annotations

import polars as pl

__all__ = ["MAGNITUDE", "MISSING_PATTERN", "is_missing", "parse_value", "parse_values"]

_HALF = {chr(0xFF10 + i): str(i) for i in range(10)} | {
    "．": ".",
    "，": ",",
    "－": "-",
    "＋": "+",
    "％": "%",
    "ｅ": "e",
    "Ｅ": "E",
}
MAGNITUDE = {"万": 1e4, "亿": 1e8}
"""What a trailing 万 or 亿 in a cell multiplies the number by."""
MISSING_PATTERN = r"^(?:[-—–－/／…·]+|\.{2,})?$"
"""A stripped cell matching this is a missing value (blank, ``-``, ``—``, ``…``, ``...``, ``/``…)."""

_APPROX_BEFORE = r"^(?P<before>约|大约|近|将近|接近|超过|逾)?"
_APPROX_AFTER = r"(?P<after>余|多|以上|左右|上下)?$"
_PLAIN = r"[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?"
_GROUPED = r"[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?"
_NUMBER = rf"{_APPROX_BEFORE}(?P<number>{_GROUPED}|{_PLAIN})(?P<mag>万|亿)?(?P<pct>%)?{_APPROX_AFTER}"


def _stripped(col: str | list[str]) -> pl.Expr:
    return pl.col(col).str.replace_all(r"[\s\u3000\xa0]+", "").str.replace_many(_HALF)


def is_missing(col: str | list[str]) -> pl.Expr:
    """Expression: the cell is a missing value (null, blank or a dash-like placeholder).

    ``col`` may be a list of columns: one expression over all of them (a wide table's 10,000 period columns cost
    one expression, not 10,000).
    """
    return pl.col(col).is_null() | _stripped(col).str.contains(MISSING_PATTERN)


def parse_values(frame: pl.DataFrame, col: str) -> pl.DataFrame:
    """Add ``_value`` (Float64, as written: 1.2 for ``1.2万``), ``_mag`` (万, 亿 or null), ``_approx``, ``_pct`` (bool)
    and ``_bad`` (reason, or null) for column ``col``.

    Rows whose cell is missing must be removed before (see :func:`is_missing`); here they would be ``_bad``.
    """
    text = _stripped(col)
    parts = text.str.extract_groups(_NUMBER)
    number = parts.struct.field("number")
    value = number.str.replace_all(",", "", literal=True).cast(pl.Float64, strict=False)
    raw = pl.col(col).str.strip_chars()
    bad = (
        pl.when(number.is_null() & raw.str.starts_with("="))
        .then(pl.lit("公式没有计算结果 / formula without a computed value"))
        .when(number.is_null() & raw.str.starts_with("#"))
        .then(pl.lit("Excel 错误值 / Excel error value"))
        .when(number.is_null() & text.str.to_lowercase().str.contains(r"^[+-]?(?:nan|inf|infinity)$"))
        .then(pl.lit("不是有限数值 / not a finite number"))
        .when(number.is_null())
        .then(pl.lit("无法识别的数值 / not a number"))
        .when(value.is_null() | ~value.is_finite())
        .then(pl.lit("数值超出范围 / number out of range"))
    )
    approx = pl.coalesce(parts.struct.field("before"), parts.struct.field("after"))
    return frame.with_columns(
        _value=value,
        _approx=approx,
        _mag=parts.struct.field("mag"),
        _pct=parts.struct.field("pct").is_not_null(),
        _bad=bad,
    )


def parse_value(text: str | None) -> tuple[float | None, str | None]:
    """Parse one cell the way :func:`parse_values` does: ``(value, approx)`` (万 and 亿 multiplied out), or
    ``(None, reason)``.

    >>> parse_value("1，234"), parse_value(" １２３ "), parse_value("约500"), parse_value("12.5%")
    ((1234.0, None), (123.0, None), (500.0, '约'), (12.5, None))
    >>> parse_value("1.2万"), parse_value("约3亿"), parse_value("1.5万亿")[1]
    ((12000.0, None), (300000000.0, '约'), '无法识别的数值 / not a number')
    >>> parse_value("—"), parse_value("..."), parse_value("")
    ((None, None), (None, None), (None, None))
    >>> parse_value("1e309"), parse_value("NaN")
    ((None, '数值超出范围 / number out of range'), (None, '不是有限数值 / not a finite number'))
    >>> parse_value("=SUM(A1:A3)")[1], parse_value("abc")[1], parse_value("5,17")[1]
    ('公式没有计算结果 / formula without a computed value', '无法识别的数值 / not a number', '无法识别的数值 / not a number')
    """
    frame = pl.DataFrame({"c": [text]}, schema={"c": pl.String})
    if frame.select(is_missing("c")).item():
        return None, None
    row = parse_values(frame, "c").row(0, named=True)
    if row["_bad"] is not None:
        return None, row["_bad"]
    return row["_value"] * MAGNITUDE.get(row["_mag"], 1), row["_approx"]
