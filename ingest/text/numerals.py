"""Number words: Arabic with separators, Chinese numerals, magnitudes (pure helpers).

>>> parse_cn("三千二百"), parse_cn("两千"), parse_cn("一万二千"), parse_cn("十二"), parse_cn("千")
(3200, 2000, 12000, 12, 1000)
>>> parse_arabic("26,341"), parse_arabic("3.5")
(26341, 3.5)
"""

from __future__ import annotations

import re

__all__ = ["CN_DIGITS", "CN_NUMERAL_CHARS", "as_number", "parse_arabic", "parse_cn", "split_magnitude"]

CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_SMALL = {"十": 10, "百": 100, "千": 1000}
_BIG = {"万": 10_000, "亿": 100_000_000}
CN_NUMERAL_CHARS = "零〇一二两三四五六七八九十百千万亿"


def as_number(x: float) -> float | int:
    """An int when ``x`` is integral (26341 rather than 26341.0), else the float rounded to 10 places.

    >>> as_number(26341.0), as_number(2.16)
    (26341, 2.16)
    """
    if type(x) is int:
        return x
    if type(x) is float and x.is_integer():
        return int(x)  # what rounding to 10 places would give, without the rounding
    r = round(float(x), 10)
    return int(r) if r.is_integer() else r


def parse_arabic(s: str) -> float | int:
    """Parse Arabic digits with ``,`` thousands separators and an optional decimal point.

    >>> parse_arabic("1,234"), parse_arabic("0.5"), parse_arabic("1234567")
    (1234, 0.5, 1234567)
    """
    s = s.replace(",", "")
    return int(s) if s.isdecimal() else as_number(float(s))


def parse_cn(s: str) -> int | float | None:
    """Parse a Chinese numeral (三千二百, 两万, 十五, 一点五); ``None`` when malformed (百千万, 一二三).

    A leading 十/百/千/万 counts as one of it (十二 = 12, 千 = 1000, 万 = 10000).

    >>> parse_cn("二十"), parse_cn("一百零五"), parse_cn("一点五"), parse_cn("三亿二千万")
    (20, 105, 1.5, 320000000)
    >>> parse_cn("百千万") is None, parse_cn("一二三") is None, parse_cn("") is None
    (True, True, True)
    """
    if not s:
        return None
    if "点" in s:
        whole, _, frac = s.partition("点")
        w = parse_cn(whole) if whole else 0
        if w is None or not frac or any(c not in CN_DIGITS for c in frac):
            return None
        return as_number(float(f"{int(w)}." + "".join(str(CN_DIGITS[c]) for c in frac)))
    total = 0  # value of completed 亿/万 groups
    section = 0  # value of the current group below 万
    digit: int | None = None
    last_small = 10_000  # small units within a group must decrease (千 then 百 then 十)
    last_big = 10**9
    for c in s:
        if c in CN_DIGITS:
            if digit:
                return None  # two non-zero digits in a row (一二三)
            digit = CN_DIGITS[c]
        elif c in _SMALL:
            unit = _SMALL[c]
            if unit >= last_small:
                return None
            section += (1 if digit is None else digit) * unit
            digit, last_small = None, unit
        else:
            unit = _BIG.get(c)
            if unit is None or unit >= last_big:
                return None
            group = section + (digit or 0)
            if group == 0 and total == 0:
                group = 1  # 万余册: one 万
            total = (total + group) * unit if unit == 100_000_000 else total + group * unit
            section, digit, last_small, last_big = 0, None, 10_000, unit
    return total + section + (digit or 0)


_MAG = {"万": "万", "亿": "亿"}


def split_magnitude(cn: str) -> tuple[str, str]:
    """Split a trailing 万/亿 off a Chinese numeral so it can join the unit (两万 + 人 → 2 万人).

    >>> split_magnitude("两万"), split_magnitude("一万二千"), split_magnitude("万")
    (('两', '万'), ('一万二千', ''), ('', '万'))
    """
    if cn and cn[-1] in _MAG and not (len(cn) >= 2 and cn[-2] in _MAG):
        return cn[:-1], cn[-1]
    return cn, ""


_ARABIC = re.compile(r"^\d+(?:,\d{3})*(?:\.\d+)?$")
