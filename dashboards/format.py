"""Numbers and text for Chinese readers (docs/display.md): 万/亿, thousands separators, %, 个百分点.

Pure functions over ``warehouse.units`` and ``warehouse.periods``; nothing here imports streamlit, so the rules are
unit-tested and shared by pages, charts and exports.

>>> value(1395700, "元"), value(12345, "人"), value(99.45, "%", 1), value(2.16, "万人", 0)
('139.57万元', '12,345人', '99.45%', '2.16万人')
>>> change(-52, None, "户", "stock"), change(0.3, None, "%", "rate"), change(12.5, 5.2, "万元", "flow")
('-52户', '+0.3个百分点', '+5.2%')
>>> period_label("2023YTD05"), period_kind("2023YTD05"), period_kind("2023")
('2023年1-5月', 'YTD', 'Y')
"""

from __future__ import annotations

import math
import re

from dashboards.text import escape_markdown
from warehouse import periods, units

__all__ = [
    "KIND_LABELS",
    "change",
    "count",
    "escape_markdown",
    "is_missing",
    "number",
    "pct",
    "period_kind",
    "period_label",
    "places",
    "points",
    "share",
    "stated",
    "stated_change",
    "stated_places",
    "value",
]

KIND_LABELS: dict[str, str] = {"Y": "年度", "H": "半年", "Q": "季度", "M": "月度", "YTD": "年内累计"}
"""Period kinds in the order pickers show them."""

_KIND = re.compile(r"^\d{4}(H|Q|M|YTD)?")


def is_missing(x: object) -> bool:
    """True for None and NaN (polars and pandas hand back both)."""
    return x is None or (isinstance(x, float) and math.isnan(x))


def number(x: float | None, decimals: int = 0) -> str:
    """Thousands separators and ``decimals`` places, rounded half up; '—' when missing.

    >>> number(1234567.891, 2), number(None), number(3.0)
    ('1,234,567.89', '—', '3')
    """
    if is_missing(x):
        return "—"
    return units.format_number(float(x), max(int(decimals), 0))  # type: ignore[arg-type]


def count(n: int | float | None) -> str:
    """A count of things (rows, facts, sources) with thousands separators.

    >>> count(1234567)
    '1,234,567'
    """
    return number(n, 0)


def stated_places(x: float | None) -> int:
    """How many decimals ``x`` carries as stated (binary noise below 10⁻⁶ dropped): the digits a screen must keep.

    >>> stated_places(2.16), stated_places(720234.0), stated_places(84.3), stated_places(15.199999999999989)
    (2, 0, 1, 1)
    """
    if is_missing(x):
        return 0
    text = units.format_number(float(x), 6).rstrip("0")  # type: ignore[arg-type]
    return len(text.split(".", 1)[1]) if "." in text else 0


def value(x: float | None, unit: str | None, decimals: int | None = None) -> str:
    """A value in its unit for reading, with every digit it was stated with: the indicator's ``decimals`` are the
    least shown (3.50万人), never a rounding that drops a stated digit (2.16万人 stays 2.16万人 where the indicator
    counts 人 to 0 places). 万/亿 only where no digit is lost (``warehouse.units.humanize``).

    >>> value(216000, "人", 1), value(None, "户"), value(3.5, "万人", 2), value(7, "")
    ('21.6万人', '—', '3.50万人', '7')
    >>> value(2.16, "万人", 0), value(720234, "人", 0), value(929000, "千元", 0), value(99.456, "%", 1)
    ('2.16万人', '72.0234万人', '9.29亿元', '99.456%')
    """
    if is_missing(x):
        return "—"
    unit = unit or ""
    digits = stated_places(x)
    if unit in ("%", "‰", "百分点", "个百分点"):
        return f"{number(x, max(1 if decimals is None else int(decimals), digits))}{unit}"
    default = 2 if units.lookup(unit).factor >= 1e4 else 0
    shown = max(default if decimals is None else int(decimals), digits)
    return units.humanize(float(x), unit, shown)  # type: ignore[arg-type]


def places(decimals: int | None, unit: str | None, indicator_unit: str | None, x: float | None = None) -> int | None:
    """The indicator's decimals for a value ``x`` stated in ``unit`` rather than the indicator's own unit.

    Decimals are set per indicator, for its unit (the catalogue's ``decimals``), and the ``yoy`` view scales them the same way for
    its phrases: 2 places of 万人 are 0 places of 人. In a larger unit the indicator's precision allows more places
    (0 places of 人 are 4 of 万人); those are shown only as far as the value needs them, so 2.16万人 stays 2.16万人
    and 3万人 does not become 3.0000万人. None (no catalogue entry) leaves the unit's default.

    >>> places(2, "人", "万人"), places(1, "%", "%"), places(2, "篮", "人"), places(None, "人", "人")
    (0, 1, 2, None)
    >>> places(0, "万人", "人", 2.16), places(0, "万人", "人", 3.0), places(1, "万元", "元", 1.23456789)
    (2, 0, 5)
    """
    if decimals is None or is_missing(decimals):
        return None
    dec = int(decimals)
    u, ui = units.lookup(unit), units.lookup(indicator_unit)
    if not indicator_unit or u.base != ui.base or u.factor <= 0 or ui.factor <= 0:
        return dec
    shift = round(math.log10(u.factor / ui.factor))
    if shift <= 0:
        return max(0, dec + shift)
    if is_missing(x):
        return dec
    finest = dec + shift
    text = units.format_number(float(x), finest).rstrip("0")  # type: ignore[arg-type]
    return max(dec, len(text.split(".", 1)[1]) if "." in text else 0)


def stated(x: float | None) -> str:
    """A number as the source wrote it (no rounding to the indicator's decimals), with thousands separators.

    For the columns that quote a source ("原文数值", "报告所称"); every other value follows the indicator's decimals.

    >>> stated(1234567.0), stated(5.2), stated(0.125), stated(None)
    ('1,234,567', '5.2', '0.125', '—')
    """
    if is_missing(x):
        return "—"
    text = units.format_number(float(x), 6)  # type: ignore[arg-type]
    return text.rstrip("0").rstrip(".") if "." in text else text


def pct(x: float | None, decimals: int = 1, signed: bool = True) -> str:
    """A percent change: '+5.2%', '-3.1%'; '—' when missing.

    >>> pct(5.25), pct(-3.14), pct(0.0), pct(12.34, signed=False)
    ('+5.3%', '-3.1%', '0.0%', '12.3%')
    """
    if is_missing(x):
        return "—"
    text = number(x, decimals)
    if signed and float(x) > 0 and text.strip("0.,") != "":  # type: ignore[arg-type]
        text = "+" + text
    return f"{text}%"


def points(x: float | None, decimals: int = 1) -> str:
    """A change of a rate in percentage points: '+0.3个百分点'.

    >>> points(0.25), points(-1.04), points(None)
    ('+0.3个百分点', '-1.0个百分点', '—')
    """
    if is_missing(x):
        return "—"
    text = number(x, decimals)
    if float(x) > 0 and text.strip("0.,") != "":  # type: ignore[arg-type]
        text = "+" + text
    return f"{text}个百分点"


def change(
    delta: float | None, pct_change: float | None, unit: str | None, measure: str | None, decimals: int = 0
) -> str:
    """The short signed change for a table cell: stocks in units, flows/averages in %, rates in 个百分点."""
    if measure == "rate":
        return points(delta)
    if measure in ("flow", "average") and not is_missing(pct_change):
        return pct(pct_change)
    if is_missing(delta):
        return "—"
    text = value(abs(float(delta)), unit, decimals)  # type: ignore[arg-type]
    sign = "+" if float(delta) > 0 else ("-" if float(delta) < 0 else "")  # type: ignore[arg-type]
    return f"{sign}{text}"


_VERBS = "净增加|净增|净减少|净减|增加|减少|增长|下降|提高|降低|上升|回落|增收|减收|提升|下滑|上涨|扩大|缩小|持平"
_STATED_CHANGE = re.compile(
    rf"(?P<cmp>(?:较|比|同比|环比|与)[^,，;；。、\d]{{0,10}}?)?(?P<verb>{_VERBS})了?\s*(?P<num>\d[\d,]*(?:\.\d+)?)?"
    r"(?P<points>个百分点|个千分点)?"
)


def stated_change(
    direction: str | None,
    amount: float | None,
    unit: str | None,
    base: str | None = None,
    quote: str | None = None,
) -> str:
    """A change as the source stated it, with its own comparison and verb (比上年增长4.6%, 提高5个百分点), read back
    from ``quote``; without a quote that names it, the verb the unit calls for (% 增长/下降, 个百分点 提高/降低,
    amounts 增加/减少) after 较 ``base``. The amount is quoted, not rounded.

    >>> stated_change("+", 4.6, "%", "上年", "全年收入比上年增长4.6%。")
    '比上年增长4.6%'
    >>> stated_change("+", 5, "个百分点", "上年", "参保率较上年提高5个百分点")
    '较上年提高5个百分点'
    >>> stated_change("+", 0.3, "百分点", "上年", "小学入学率99.6%，提高0.3个百分点")
    '提高0.3个百分点'
    >>> stated_change("-", 52, "户", "上年"), stated_change("+", 0.3, "个百分点", None), stated_change("=", None, None)
    ('较上年减少52户', '提高0.3个百分点', '持平')
    """
    if not direction:
        return ""
    unit = unit or ""
    for m in _STATED_CHANGE.finditer(quote or ""):
        num = m.group("num")
        if is_missing(amount) and m.group("verb") == "持平":
            return f"{m.group('cmp') or ''}持平"
        if num is not None and not is_missing(amount) and abs(float(num.replace(",", "")) - float(amount)) < 1e-9:
            return f"{m.group('cmp') or ''}{m.group('verb')}{stated(amount)}{m.group('points') or unit}"
    if unit in ("%", "％"):
        verbs = {"+": "增长", "-": "下降"}
    elif unit in ("个百分点", "百分点", "个千分点"):
        verbs = {"+": "提高", "-": "降低"}
    else:
        verbs = {"+": "增加", "-": "减少"}
    verb = verbs.get(direction, "持平" if direction == "=" else "")
    prefix = "" if not base else (base if base.startswith(("较", "比", "同比", "与")) else f"较{base}")
    return f"{prefix}{verb}{'' if is_missing(amount) else stated(amount) + unit}"


def share(x: float | None) -> str:
    """A share of a parent region in percent, one decimal.

    >>> share(23.456), share(None)
    ('23.5%', '—')
    """
    return pct(x, 1, signed=False)


def period_label(code: str | None) -> str:
    """A period code as Chinese readers write it; unparseable codes are shown as they are.

    >>> period_label("2023"), period_label("2023H1"), period_label(None), period_label("20xx")
    ('2023年', '2023年上半年', '未注明期间', '20xx')
    """
    if not code:
        return "未注明期间"
    try:
        return periods.label_zh(code)
    except ValueError:
        return str(code)


def period_kind(code: str | None) -> str | None:
    """``Y``, ``H``, ``Q``, ``M`` or ``YTD`` for a period code; None when it is not one."""
    m = _KIND.match(code or "")
    if not m:
        return None
    return m.group(1) or "Y"
