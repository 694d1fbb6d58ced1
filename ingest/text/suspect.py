"""Stage 7 — plausibility: flag values a damaged web copy has corrupted. Suspect facts are kept, with a reason.

Rules, each with a reason in Chinese:
- digits masked (225*元, 120__份) or a comma/。 used as a decimal point (区级5,17万元);
- a rate over 100% where the rate cannot exceed it (参保率, 公开率), or any rate over 1000%;
- a count equal to the document's year (2023名 in a 2023 report), or containing the year as a digit run while the
  neighbouring counts are an order of magnitude smaller (五保户20232人 among figures in the hundreds);
- an increase larger than the value itself (164人, 较上年增加2023人: last year would be negative), or a decrease
  larger than the value (more than halved);
- a 其中 part larger than its whole; an amount in 千元 beyond ten million yuan (929000千元).

>>> from ingest.text.quantities import Quantity
>>> from ingest.text.draft import Draft
>>> d = Draft(Quantity(0, 0, 0, 20230, "%"), 0, (0, 0), name="公开率")
>>> check([d], year=2023); d.reasons
['比率超过100%']
"""

from __future__ import annotations

import re
from functools import lru_cache
from statistics import median

from ingest.text.draft import Draft, in_base, same_base
from ingest.text.lexicon import RATE_UNITS
from ingest.text.structure import part_exceeds_whole
from warehouse.units import lookup

__all__ = ["check"]

_CAPPED_RATE = (
    "参保率",
    "覆盖率",
    "公开率",
    "入学率",
    "巩固率",
    "合格率",
    "达标率",
    "通过率",
    "普及率",
    "签约率",
    "火化率",
    "安置率",
    "上线率",
    "毕业率",
    "升学率",
    "就业率",
    "治理率",
    "征缴率",
    "标准化率",
    "规范化率",
    "年检率",
    "占比",
    "比例",
    "比重",
)
_WINDOW = 8


def _family(d: Draft) -> str:
    return _unit_family(d.unit)


@lru_cache(maxsize=512)
def _factor(unit: str) -> float:
    return lookup(unit).factor


@lru_cache(maxsize=512)
def _unit_family(unit: str) -> str:
    u = lookup(unit)
    if u.family in ("count", "other") and unit not in (*RATE_UNITS, "‰"):
        return "count"
    return u.family


def check(drafts: list[Draft], *, year: int | None) -> None:
    """Add reasons to implausible drafts (in place); ``year`` is the document's year if known."""
    for i, d in enumerate(drafts):
        v = d.val
        if d.q.masked:
            d.reasons.append("数字被遮挡(如“225*”“120__”),原值不明")
        if d.q.damaged:
            d.reasons.append("小数点疑被替换为逗号或句号")
        if d.unit in ("%",) and (v > 1000 or (v > 100 and d.name.endswith(_CAPPED_RATE))):
            d.reasons.append("比率超过100%")
        if d.unit == "千元" and v >= 10_000:
            d.reasons.append("以千元计的数额异常大,单位疑误")
        if year is not None and _unit_family(d.unit) == "count" and v.is_integer():
            digits = str(int(v))
            if int(v) == year and not d.q.approx:
                d.reasons.append(f"数值恰为文档年份{year},疑为网页复制损坏")
            elif str(year) in digits and v >= 10_000 and _dwarfs(drafts, i):
                d.reasons.append(f"数字中含年份{year}且远大于相邻数字,疑为网页复制损坏")
        c = d.change
        if c is not None and c.amount is not None and c.unit and same_base(c.unit, d.unit) and not d.old:
            amount = float(c.amount) * _factor(c.unit) / max(_factor(d.unit), 1e-12)
            if c.direction == "+" and amount > v:
                d.reasons.append("增加量大于现值(上年值为负)")
            elif c.direction == "-" and amount > v:
                d.reasons.append("减少量大于现值")
        if d.parent is not None and part_exceeds_whole(d):
            d.reasons.append("其中分项大于总数")
        if c is not None and c.unit == "%" and c.amount is not None and float(c.amount) > 1000:
            d.reasons.append("增幅超过1000%")
    _same_damage(drafts, year)


_YEAR_EVIDENCE = ("比率超过", "增幅超过", "数值恰为文档年份", "数字中含年份")
_YEAR_RUN = re.compile(r"(?:19[5-9]\d|20[0-4]\d)")


def _digits(x: float | int | None) -> str:
    """The digits of a value as stated (42019.6 → 420196), to look for a year pasted into them."""
    return "" if x is None else str(x).replace(".", "").lstrip("-")


def _same_damage(drafts: list[Draft], year: int | None) -> None:
    """A copy that pasted a year into some numbers did it everywhere: once a flagged value shows the year's digits,
    every value or change amount with the same digits is flagged too (201900万元, 42019.6元, 增0.20195万亩)."""
    seen: set[str] = set()
    for d in drafts:
        if not any(r.startswith(_YEAR_EVIDENCE) for r in d.reasons):
            continue  # a masked digit or a part over its whole says nothing about a pasted year
        runs = _YEAR_RUN.findall(_digits(d.q.value) + " " + _digits(d.change.amount if d.change else None))
        seen.update(r for r in runs if year is None or r == str(year))
    if not seen:
        return
    for d in drafts:
        if d.reasons or (d.q.value < 1000 and d.change is None):
            continue  # a year's four digits need a number of four digits, or a change amount to hide in
        text = _digits(d.q.value) + " " + _digits(d.change.amount if d.change else None)
        hit = next((y for y in seen if y in text), None)
        if hit is not None:
            d.reasons.append(f"数字中含年份{hit},与本文其他损坏数字同类")


def _dwarfs(drafts: list[Draft], i: int) -> bool:
    """True when the neighbours of the same family are at least ten times smaller than drafts[i]."""
    d = drafts[i]
    fam = _family(d)
    lo, hi = max(0, i - _WINDOW), min(len(drafts), i + _WINDOW + 1)
    near = [in_base(x) for x in drafts[lo:hi] if x is not d and _family(x) == fam and not x.reasons]
    if d.change is not None and d.change.amount is not None and d.change.unit not in RATE_UNITS:
        near.append(float(d.change.amount))
    if not near:
        return False
    return median(near) * 10 <= in_base(d)
