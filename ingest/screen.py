"""The last step of every reader: names made plain text, and facts the warehouse cannot hold sent to quarantine.

Names come from files anyone can write. Invisible characters make two names of one place (a byte-order mark at the
start of a later CSV line turns 盐田区 into a second, phantom ``\\ufeff盐田区``), bidi overrides and ANSI escapes
make a terminal or page show something else than what is stored. So every region, indicator and unit name is
NFC-normalised and stripped of byte-order marks, zero-width, bidi-control and control characters (ANSI escape
sequences as a whole). A fact is quarantined, with the reason, when a name is longer than the cap
(``ZHIBIAO_PARSE_MAX_NAME_CHARS``) or only invisible characters, or when its value is not finite or too large for
the warehouse's exact base-value arithmetic (|value × unit factor| ≥ 10¹⁸). The rest of the file still loads.
"""

from __future__ import annotations

import math
import re
import unicodedata

import polars as pl

from ingest.limits import limits
from ingest.model import FactRecord, FactTable, Quarantined, SourceDoc
from warehouse import units

__all__ = ["MAX_BASE_VALUE", "clean_name", "screen"]

MAX_BASE_VALUE = 1e18
"""Largest |value × factor| the loader's decimal(38, 10) product holds (it overflows at about 1.7e18)."""

_ANSI = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|[@-Z\\-_])")
_SPACES = re.compile(r"[\t\n\r\v\f\u2028\u2029]+")
_INVISIBLE = re.compile(
    "[\x00-\x1f\x7f-\x9f\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb]"
)
_NAMES = ("indicator", "region", "unit")


def clean_name(text: str) -> str:
    """``text`` as the warehouse stores a name: NFC, no invisible or control characters, trimmed.

    >>> clean_name("\\ufeff盐田区"), clean_name("盐\\u200b田区"), clean_name("\\u202e南山区\\u202c")
    ('盐田区', '盐田区', '南山区')
    >>> clean_name("\\x1b[31m福田区\\x1b[0m"), clean_name(" 学校数\\t（所）\\n"), clean_name("\\u200b")
    ('福田区', '学校数 （所）', '')
    """
    if text.isascii() and text.isprintable():  # the common case costs one scan
        return text.strip()
    text = _INVISIBLE.sub("", _SPACES.sub(" ", _ANSI.sub("", text)))
    return unicodedata.normalize("NFC", text).strip()


def _why(names: dict[str, str | None], value: float | None, unit: str | None, cap: int) -> str | None:
    """Why a fact cannot be loaded, or None. ``names`` are cleaned; an empty one was only invisible characters.

    >>> _why({"indicator": "学校数", "region": "盐田区"}, 1e19, "所", 200)
    '数值超出可存储范围（绝对值 ≥ 10^18 基本单位）/ value out of range (|value × unit factor| ≥ 1e18)'
    >>> _why({"indicator": "数" * 201}, 1.0, "所", 200)
    '名称过长（indicator 201 个字符，上限 200）/ name too long (indicator: 201 characters, limit 200)'
    """
    for field, name in names.items():
        if name is not None and len(name) > cap:
            return f"名称过长（{field} {len(name)} 个字符，上限 {cap}）/ name too long ({field}: {len(name)} characters, limit {cap})"
        if name is not None and not name:
            return f"名称只有不可见字符（{field}）/ the {field} name is only invisible characters"
    if value is None:
        return None
    if not math.isfinite(value):
        return "数值不是有限数（NaN 或无穷大）/ value is not a finite number (NaN or infinity)"
    if abs(value) * units.lookup(unit).factor >= MAX_BASE_VALUE:
        return "数值超出可存储范围（绝对值 ≥ 10^18 基本单位）/ value out of range (|value × unit factor| ≥ 1e18)"
    return None


def _cleaned(name: str | None) -> str | None:
    """A name cleaned; ``""`` only when it was not empty but all invisible (None and ``""`` stay None)."""
    return clean_name(name) if name else None


def screen(doc: SourceDoc) -> SourceDoc:
    """``doc`` with clean names (document region and defined regions too) and unloadable facts quarantined."""
    cap = limits().max_name_chars
    if doc.region is not None:
        doc.region = clean_name(doc.region) or None
    for r in doc.regions:
        r.name = clean_name(r.name)
    if isinstance(doc.facts, FactTable):
        doc.facts, bad = _screen_table(doc.facts, cap)
    else:
        doc.facts, bad = _screen_records(doc.facts, cap)
    doc.quarantined = [*doc.quarantined, *bad]
    return doc


def _screen_records(facts: list[FactRecord], cap: int) -> tuple[list[FactRecord], list[Quarantined]]:
    kept: dict[int, int] = {}  # old index → new index
    out: list[FactRecord] = []
    bad: list[Quarantined] = []
    for i, f in enumerate(facts):
        names = {"indicator": _cleaned(f.indicator), "region": _cleaned(f.region), "unit": _cleaned(f.unit)}
        f.indicator, f.region, f.unit = names["indicator"] or f.indicator, names["region"], names["unit"] or f.unit
        why = _why(names, f.value, f.unit, cap)
        if why is None:
            kept[i] = len(out)
            out.append(f)
        else:
            where = f.location or (f"字符 {f.span[0]}" if f.span else "正文")
            bad.append(Quarantined(where, why, (f.quote or f"{f.indicator} {f.value} {f.unit}")[:500]))
    for f in out:  # a 其中 part whose whole was quarantined is a part of nothing
        if f.parent is not None:
            f.parent = kept.get(f.parent)
    return out, bad


def _screen_table(facts: FactTable, cap: int) -> tuple[FactTable, list[Quarantined]]:
    frame = facts.frame
    invisible = pl.lit(False)  # a name that was only invisible characters (empty once cleaned, not before)
    for name in (c for c in _NAMES if c in frame.columns):
        seen = frame.get_column(name).drop_nulls().unique().to_list()
        changed = {v: clean_name(v) for v in seen if clean_name(v) != v}
        if changed:
            gone = [v for v, c in changed.items() if v and not c]
            frame = frame.with_columns(pl.col(name).replace(changed), **{f"_gone_{name}": pl.col(name).is_in(gone)})
            invisible = invisible | pl.col(f"_gone_{name}")
    unit_list = frame.get_column("unit").unique().to_list()
    factor = pl.col("unit").replace_strict(
        {u: units.lookup(u).factor for u in unit_list}, default=1.0, return_dtype=pl.Float64
    )
    value = pl.col("value")
    bad = value.is_nan() | value.is_infinite() | ((value.abs() * factor) >= MAX_BASE_VALUE) | invisible
    for name in (c for c in _NAMES if c in frame.columns):
        bad = bad | (pl.col(name).str.len_chars() > cap).fill_null(False)
    mask = frame.select(bad.fill_null(False).alias("bad")).get_column("bad")
    frame = frame.drop(c for c in frame.columns if c.startswith("_gone_"))
    if not mask.any():
        return (FactTable(frame) if frame is not facts.frame else facts), []
    quarantined = []
    for row in frame.filter(mask).iter_rows(named=True):
        names = {c: row[c] for c in _NAMES if c in row and (row[c] is None or row[c] or c != "unit")}
        why = _why(names, row["value"], row["unit"], cap) or "无法导入 / cannot be loaded"
        raw = " | ".join(str(row[c]) for c in ("region", "indicator", "value", "unit") if row.get(c) is not None)
        quarantined.append(Quarantined(row.get("location") or "表格", why, raw[:500]))
    return FactTable(frame.filter(~mask)), quarantined
