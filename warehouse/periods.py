"""Period codes: parse, validate, order, shift and label them (docs/data-model.md).

Codes: ``2023`` (year, or a stock at year end), ``2023H1``/``H2``, ``2023Q1``..``Q4``, ``2023M05`` (a month, or a
point at its end), ``2023YTD05`` (cumulative January–May). The same period last year keeps the suffix and moves
the year, so a YTD series is only ever compared with YTD.

>>> prior("2023H1")
'2022H1'
>>> shift("2023YTD05", -2)
'2021YTD05'
>>> label_zh("2023Q2")
'2023年第二季度'
>>> sorted(["2023", "2022M12", "2023H1", "2023Q1"], key=sort_key)
['2022M12', '2023Q1', '2023H1', '2023']
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

__all__ = [
    "KINDS",
    "YEARS",
    "Period",
    "PeriodError",
    "calendar",
    "from_label",
    "is_valid",
    "label_zh",
    "parse",
    "prior",
    "shift",
    "sort_int",
    "sort_key",
]

KINDS = ("Y", "H", "Q", "M", "YTD")
"""Period kinds. ``Y`` year, ``H`` half, ``Q`` quarter, ``M`` month, ``YTD`` January to month N."""

YEARS = range(1900, 2201)
"""The years a period code may have."""

_CODE = re.compile(r"^(?P<year>\d{4})(?:(?P<kind>H|Q|M|YTD)(?P<index>\d{1,2}))?$")
_MAX_INDEX = {"H": 2, "Q": 4, "M": 12, "YTD": 12}
_CN_DIGIT = "〇一二三四五六七八九十"
_QUARTER_ZH = {1: "一", 2: "二", 3: "三", 4: "四"}


class PeriodError(ValueError):
    """A period code or label that cannot be understood."""


@dataclass(frozen=True, order=False)
class Period:
    """A parsed period code.

    >>> Period.parse("2023YTD05")
    Period(year=2023, kind='YTD', index=5)
    >>> Period.parse("2023M05").end_month
    5
    """

    year: int
    kind: str
    index: int = 0

    @classmethod
    def parse(cls, code: str) -> Period:
        return parse(code)

    @property
    def code(self) -> str:
        """The canonical code, e.g. ``2023H1`` or ``2023M05``."""
        if self.kind == "Y":
            return f"{self.year:04d}"
        width = 2 if self.kind in ("M", "YTD") else 1
        return f"{self.year:04d}{self.kind}{self.index:0{width}d}"

    @property
    def end_month(self) -> int:
        """The last month the period covers (a stock is read at its end)."""
        if self.kind == "Y":
            return 12
        if self.kind == "H":
            return 6 * self.index
        if self.kind == "Q":
            return 3 * self.index
        return self.index

    @property
    def start_month(self) -> int:
        """The first month the period covers."""
        if self.kind in ("Y", "YTD"):
            return 1
        if self.kind == "H":
            return 6 * self.index - 5
        if self.kind == "Q":
            return 3 * self.index - 2
        return self.index

    @property
    def months(self) -> int:
        """How many months the period spans."""
        return self.end_month - self.start_month + 1

    def shift(self, years: int) -> Period:
        """The same period ``years`` later (negative: earlier)."""
        return Period(self.year + years, self.kind, self.index)

    def sort_key(self) -> tuple[int, int, int, int]:
        """Order by end of period, then longer spans last (a year sorts after its December and its YTD12)."""
        return (self.year, self.end_month, self.months, 1 if self.kind == "Y" else 0)

    def __str__(self) -> str:
        return self.code


def parse(code: str) -> Period:
    """Parse a period code; raise :class:`PeriodError` with the offending text if it is not one.

    >>> parse("2023").kind
    'Y'
    >>> parse("2023Q5")
    Traceback (most recent call last):
    ...
    warehouse.periods.PeriodError: 不是有效的期间代码 / not a valid period code: '2023Q5'
    """
    text = str(code).strip()
    m = _CODE.match(text)
    if not m:
        raise PeriodError(f"不是有效的期间代码 / not a valid period code: {code!r}")
    year = int(m["year"])
    kind = m["kind"] or "Y"
    index = int(m["index"] or 0)
    if kind != "Y" and not 1 <= index <= _MAX_INDEX[kind]:
        raise PeriodError(f"不是有效的期间代码 / not a valid period code: {code!r}")
    if kind in ("M", "YTD") and len(m["index"]) != 2:
        raise PeriodError(f"不是有效的期间代码（月份须为两位数）/ not a valid period code (two-digit month): {code!r}")
    if year not in YEARS:
        raise PeriodError(f"不是有效的期间代码（年份超出范围）/ not a valid period code (year out of range): {code!r}")
    return Period(year, kind, index)


def is_valid(code: str | None) -> bool:
    """True when ``code`` is a valid period code.

    >>> is_valid("2023M05"), is_valid("2023M5"), is_valid(None)
    (True, False, False)
    """
    if code is None:
        return False
    try:
        parse(code)
    except PeriodError:
        return False
    return True


def shift(code: str, years: int) -> str:
    """Move a period code by whole years, keeping its kind.

    >>> shift("2023M05", -1)
    '2022M05'
    """
    return parse(code).shift(years).code


def prior(code: str) -> str:
    """The same period one year earlier (the base of a year-on-year change).

    >>> prior("2023")
    '2022'
    """
    return shift(code, -1)


def sort_key(code: str) -> tuple[int, int, int, int]:
    """A key that orders period codes chronologically.

    >>> sort_key("2023H1") < sort_key("2023Q3") < sort_key("2023")
    True
    """
    return parse(code).sort_key()


def label_zh(code: str) -> str:
    """A Chinese label for a period code, as reports write it.

    >>> [label_zh(c) for c in ("2023", "2023H2", "2023M05", "2023YTD05", "2023YTD09", "2023YTD01")]
    ['2023年', '2023年下半年', '2023年5月', '2023年1-5月', '2023年1-9月', '2023年1月']
    """
    return _label(parse(code))


def _label(p: Period) -> str:
    if p.kind == "Y":
        return f"{p.year}年"
    if p.kind == "H":
        return f"{p.year}年{'上' if p.index == 1 else '下'}半年"
    if p.kind == "Q":
        return f"{p.year}年第{_QUARTER_ZH[p.index]}季度"
    if p.kind == "M":
        return f"{p.year}年{p.index}月"
    return f"{p.year}年1月" if p.index == 1 else f"{p.year}年1-{p.index}月"


def sort_int(p: Period) -> int:
    """:meth:`Period.sort_key` as one integer (year·100000 + end_month·1000 + months·10 + is_year), the SQL macro
    ``period_sort``.

    >>> sort_int(parse("2023H1")) < sort_int(parse("2023Q3")) < sort_int(parse("2023"))
    True
    """
    year, end, months, is_year = p.sort_key()
    return year * 100000 + end * 1000 + months * 10 + is_year


@functools.cache
def calendar() -> tuple[tuple[str, int, str, int, int, int, int, int, str, str], ...]:
    """Every valid period code with its parts, in the column order of the ``period`` table (sql/tables/period.sql).

    >>> rows = calendar()
    >>> len(rows), rows[0][:3], rows[1][0], rows[-1][0]
    (9331, ('1900', 1900, 'Y'), '1900H1', '2200YTD12')
    """
    periods = []
    for year in YEARS:
        periods.append(Period(year, "Y"))
        periods.extend(Period(year, kind, i) for kind in ("H", "Q", "M", "YTD") for i in range(1, _MAX_INDEX[kind] + 1))
    return tuple(
        (
            p.code,
            p.year,
            p.kind,
            p.index,
            p.start_month,
            p.end_month,
            p.months,
            sort_int(p),
            p.shift(-1).code,
            _label(p),
        )
        for p in periods
    )


_NUM = r"(?:\d{1,2}|[一二三四五六七八九十]{1,3})"
_DASH = r"\s*(?:-|—|–|－|~|～|至|到)+\s*"
_LABEL_PATTERNS: list[tuple[re.Pattern[str], str]] = [
    (re.compile(rf"^(?:1|一){_DASH}(?P<n>{_NUM})月(?:份)?$"), "range"),
    (re.compile(rf"^前(?P<n>{_NUM})(?:个)?月$"), "range"),
    (re.compile(r"^前三季度$"), "q3ytd"),
    (re.compile(r"^上半年$"), "h1"),
    (re.compile(r"^下半年$"), "h2"),
    (re.compile(rf"^(?:第)?(?P<n>{_NUM})季度$"), "quarter"),
    (re.compile(rf"^(?P<n>{_NUM})月(?:份|末|底)?$"), "month"),
    (re.compile(r"^(?:全年|年度|年末|年底|度|末|底)?$"), "year"),
]


def _cn_small_int(text: str) -> int:
    """Parse 1..99 written in Arabic or Chinese digits (一, 十二, 二十)."""
    if text.isdigit():
        return int(text)
    if text == "十":
        return 10
    if "十" in text:
        tens, _, ones = text.partition("十")
        return (_CN_DIGIT.index(tens) if tens else 1) * 10 + (_CN_DIGIT.index(ones) if ones else 0)
    return _CN_DIGIT.index(text)


def from_label(label: str, *, year: int | None = None) -> str:
    """Turn a period label from a table header or report (``2023年``, ``2023年上半年``, ``1-5月``) into a code.

    ``year`` supplies the year when the label has none.

    >>> [from_label(x) for x in ("2018年", "2018", "2023年上半年", "2023年1-5月", "2023年1—6月", "2023年三季度")]
    ['2018', '2018', '2023H1', '2023YTD05', '2023H1', '2023Q3']
    >>> from_label("前三季度", year=2022), from_label("5月份", year=2024), from_label("2021年末")
    ('2022YTD09', '2024M05', '2021')
    >>> from_label("2023Q2"), from_label("2023-05")
    ('2023Q2', '2023M05')
    >>> from_label("二〇二三年")
    Traceback (most recent call last):
    ...
    warehouse.periods.PeriodError: 无法识别的期间 / unrecognised period: '二〇二三年'
    """
    raw = str(label)
    text = re.sub(r"\s+", "", raw).replace("（", "(").replace("）", ")")
    text = re.sub(r"\((?:[^)]*)\)$", "", text)  # 2023年(预计) -> 2023年
    if is_valid(text):
        return parse(text).code
    m = re.match(r"^(?P<y>\d{4})[-/.](?P<m>\d{1,2})$", text)
    if m and 1 <= int(m["m"]) <= 12:
        return f"{m['y']}M{int(m['m']):02d}"
    m = re.match(r"^(?P<y>\d{4})(?:年)?(?P<rest>.*)$", text)
    if m:
        year, rest = int(m["y"]), m["rest"]
    elif year is not None:
        rest = text
    else:
        raise PeriodError(f"无法识别的期间 / unrecognised period: {raw!r}")
    for pattern, what in _LABEL_PATTERNS:
        mm = pattern.match(rest)
        if not mm:
            continue
        if what == "year":
            return f"{year:04d}"
        if what == "h1":
            return f"{year:04d}H1"
        if what == "h2":
            return f"{year:04d}H2"
        if what == "q3ytd":
            return f"{year:04d}YTD09"
        n = _cn_small_int(mm["n"])
        if what == "quarter" and 1 <= n <= 4:
            return f"{year:04d}Q{n}"
        if what == "month" and 1 <= n <= 12:
            return f"{year:04d}M{n:02d}"
        if what == "range" and 1 <= n <= 12:
            if n == 6:
                return f"{year:04d}H1"
            if n == 3:
                return f"{year:04d}Q1"
            if n == 12:
                return f"{year:04d}"
            return f"{year:04d}YTD{n:02d}"
    raise PeriodError(f"无法识别的期间 / unrecognised period: {raw!r}")
