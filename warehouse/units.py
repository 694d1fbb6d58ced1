"""Chinese statistical units: magnitudes, base values, and display (docs/conventions.md).

The warehouse keeps the unit a source stated (万元 stays 万元, 名 stays 名) and also a base value in the unit's base
(万元 → 元 × 10⁴), so series stated in 元 and 万元 compare.

>>> to_base(139.57, "万元")
(1395700.0, '元')
>>> convert(21.6, "万人", "人")
216000.0
>>> humanize(1395700, "元")
'139.57万元'
>>> humanize(216000, "人", decimals=1)
'21.6万人'
>>> humanize(12345, "人")
'12,345人'
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal

__all__ = [
    "COUNT_WORDS",
    "MAX_SCALED_PLACES",
    "UNITS",
    "Unit",
    "base_unit",
    "convert",
    "format_number",
    "humanize",
    "is_known",
    "lookup",
    "quantity_of",
    "to_base",
]

# Bases that count the same kind of thing, so an indicator shown in one accepts facts in the others (a 敬老院 is
# counted in 所, 个 or 家; 百分点 is the difference of two % values). Every other base is a quantity of its own.
QUANTITY_GROUPS: dict[str, str] = {
    **dict.fromkeys(("所", "家", "处", "座"), "个"),
    "床": "张",
    "场次": "场",
    "百分点": "%",
}

MAGNITUDES: dict[str, int] = {
    "十": 10,
    "百": 100,
    "千": 1_000,
    "万": 10_000,
    "十万": 100_000,
    "百万": 1_000_000,
    "千万": 10_000_000,
    "亿": 100_000_000,
}


@dataclass(frozen=True)
class Unit:
    """A unit as stated, with its base unit and the factor to reach it.

    ``family`` is the broad kind (count, money, rate, area …) that decides formatting. ``quantity`` is the unit
    family an indicator is matched by: what the number counts or measures, named by a representative unit (人 for
    人/名/位/万人, 个 for 个/所/家, 元 for 元/万元/亿元, % for % and 百分点). Two units of different quantities
    never measure one indicator, though both may be counts (人 is not 户 or 所).
    """

    name: str
    base: str
    factor: float
    family: str
    quantity: str = ""

    def __post_init__(self) -> None:
        if not self.quantity:
            object.__setattr__(self, "quantity", QUANTITY_GROUPS.get(self.base, self.base))


# Base units, by family. Every count word is its own base (所 and 个 do not convert); QUANTITY_GROUPS says which
# of them count the same kind of thing.
_COUNT_TEXT = (
    "人 户 人次 户次 家次 笔 所 个 家 张 套 台 辆 条 项 场 场次 期 册 份 次 座 间 件 批次 "
    "批 支 队 处 只 本 部 篇 起 宗 对 床 名 栋 幢 口 株 棵 块 类 门 班 节 课时 "
    "小时 天 万册 位 住户 例 副 包 匹 双 头 幅 把 枚 架 根 片 盏 眼 碟 箱 羽 艘 袋 "
    "顶"
)
COUNT_WORDS: tuple[str, ...] = tuple(_COUNT_TEXT.split())
"""Count words (个, 所, 人次 …): each is its own base unit, family ``count``. The extractor reads its measure words
from this list too (ingest/text/lexicon.py), so a unit it finds is always one the registry knows."""
_BASES: dict[str, str] = {w: "count" for w in COUNT_WORDS}
_BASES.update(
    {
        "元": "money",
        "%": "rate",
        "‰": "rate",
        "百分点": "points",
        "千分点": "points",
        "平方米": "area",
        "米": "length",
        "吨": "mass",
        "千克": "mass",
        "立方米": "volume",
        "千瓦": "power",
        "千瓦时": "energy",
        "1/10万": "rate",
        "元/人": "money",
        "元/户": "money",
        "元/月": "money",
        "元/人/月": "money",
        "元/人/年": "money",
        "元/年": "money",
        "倍": "ratio",
        "岁": "age",
    }
)

# Units that are a magnitude times a base (万人 = 10⁴ 人). 名 counts people: base 人.
_DERIVED: dict[str, tuple[str, float]] = {
    "名": ("人", 1),
    "万元": ("元", 1e4),
    "亿元": ("元", 1e8),
    "千元": ("元", 1e3),
    "百万元": ("元", 1e6),
    "万亿元": ("元", 1e12),
    "位": ("人", 1),
    "住户": ("户", 1),
    "元/人·月": ("元/人/月", 1),
    "元/人月": ("元/人/月", 1),
    "元/月·人": ("元/人/月", 1),
    "元/人·年": ("元/人/年", 1),
    "元/人年": ("元/人/年", 1),
    "平方公里": ("平方米", 1e6),
    "公顷": ("平方米", 1e4),
    "亩": ("平方米", 10_000 / 15),
    "万亩": ("平方米", 1e4 * 10_000 / 15),
    "万平方米": ("平方米", 1e4),
    "公里": ("米", 1e3),
    "千米": ("米", 1e3),
    "万吨": ("吨", 1e4),
    "公斤": ("千克", 1),
    "个百分点": ("百分点", 1),
    "个千分点": ("千分点", 1),
    "％": ("%", 1),
    "人/次": ("人次", 1),
    "/10万": ("1/10万", 1),  # 3.85/10万 as reports write it
}


def _build() -> dict[str, Unit]:
    units: dict[str, Unit] = {}
    for name, family in _BASES.items():
        units[name] = Unit(name, name, 1.0, family)
    for name, (base, factor) in _DERIVED.items():
        units[name] = Unit(name, base, float(factor), _BASES[base])
    # 万人, 万户, 万人次, 亿人次 ...: magnitude + count word.
    for word in ("人", "户", "人次", "户次", "册", "套", "个", "家", "件", "份", "次", "张", "台", "辆"):
        for mag in ("万", "亿"):
            units.setdefault(mag + word, Unit(mag + word, word, float(MAGNITUDES[mag]), "count"))
    units["万名"] = Unit("万名", "人", 1e4, "count")
    units["万册"] = Unit("万册", "册", 1e4, "count")
    return units


UNITS: dict[str, Unit] = _build()
"""Every unit zhibiao knows, by the name a source writes."""


def lookup(unit: str | None) -> Unit:
    """The :class:`Unit` for ``unit``; an unknown unit is its own base (factor 1, family ``other``).

    >>> lookup("亿元")
    Unit(name='亿元', base='元', factor=100000000.0, family='money', quantity='元')
    >>> lookup("篮").family
    'other'
    """
    name = (unit or "").strip()
    return UNITS.get(name) or Unit(name, name, 1.0, "other")


def quantity_of(unit: str | None) -> str | None:
    """The unit family ``unit`` belongs to (see :class:`Unit`); None for no unit at all.

    >>> [quantity_of(u) for u in ("万人", "名", "位", "人次", "户", "所", "家", "万元", "个百分点", "篮", "")]
    ['人', '人', '人', '人次', '户', '个', '个', '元', '%', '篮', None]
    """
    name = (unit or "").strip()
    return lookup(name).quantity if name else None


def is_known(unit: str | None) -> bool:
    """True when ``unit`` is in :data:`UNITS`."""
    return (unit or "").strip() in UNITS


def base_unit(unit: str | None) -> str:
    """The base unit of ``unit`` (元 for 万元).

    >>> base_unit("万人次"), base_unit("个百分点")
    ('人次', '百分点')
    """
    return lookup(unit).base


def to_base(value: float | None, unit: str | None) -> tuple[float | None, str]:
    """Convert a stated value to its base unit: ``(base_value, base_unit)``."""
    u = lookup(unit)
    if value is None:
        return None, u.base
    return float(Decimal(str(value)) * Decimal(repr(u.factor))), u.base


def convert(value: float, from_unit: str, to_unit: str) -> float:
    """Convert between two units of the same base.

    >>> convert(1, "亿元", "万元")
    10000.0
    >>> convert(3, "人", "户")
    Traceback (most recent call last):
    ...
    ValueError: 单位不可换算 / units do not convert: 人 → 户
    """
    a, b = lookup(from_unit), lookup(to_unit)
    if a.base != b.base:
        raise ValueError(f"单位不可换算 / units do not convert: {from_unit} → {to_unit}")
    return float(Decimal(str(value)) * Decimal(repr(a.factor)) / Decimal(repr(b.factor)))


def format_number(value: float, decimals: int = 0) -> str:
    """Thousands separators, ``decimals`` places, rounding half up (as NBS does).

    >>> format_number(1234567.891, 2), format_number(0.05, 1), format_number(-2.5)
    ('1,234,567.89', '0.1', '-3')
    """
    q = Decimal(1).scaleb(-decimals) if decimals > 0 else Decimal(1)
    d = Decimal(str(value)).quantize(q, rounding=ROUND_HALF_UP)
    return f"{d:,.{max(decimals, 0)}f}"


MAX_SCALED_PLACES = 4
"""Most decimals a figure may carry after 万/亿 (72.0234万人); a figure that needs more stays in its own unit."""


def humanize(value: float, unit: str, decimals: int | None = None) -> str:
    """Format a value for Chinese readers: 万/亿 where the unit is 元 or a count of people and no digit is lost.

    ``value`` is in ``unit`` and is first rounded, half up, to ``decimals`` places of that unit (default 2 for
    units of 万 and more, else 0). Money then reads in 万元 from 1万元 and counts of people and households in 万
    from 10万, in 亿 from 1亿, but only when the rounded figure fits in :data:`MAX_SCALED_PLACES` decimals after
    万/亿 (trailing zeros dropped) and the unit is smaller than 万/亿; otherwise it stays in its own unit with
    thousands separators, so no stated digit is dropped.

    >>> humanize(1.3e8, "元"), humanize(9999, "元"), humanize(25000, "户"), humanize(2.5, "%", 1)
    ('1.3亿元', '9,999元', '25,000户', '2.5%')
    >>> humanize(720234, "人"), humanize(929000, "千元"), humanize(123456789, "元"), humanize(1234567.5, "元", 1)
    ('72.0234万人', '9.29亿元', '12,345.6789万元', '1,234,567.5元')
    >>> humanize(123456, "万元"), humanize(2.5, "亿元", 2), humanize(216000, "人", 1)
    ('12.3456亿元', '2.50亿元', '21.6万人')
    """
    u = lookup(unit)
    places = max(decimals, 0) if decimals is not None else (2 if u.factor >= 1e4 else 0)
    scalable = u.base in ("元", "人", "户", "人次", "户次") and u.family in ("money", "count")
    if scalable:
        base_value = value * u.factor
        wan_from = 1e4 if u.base == "元" else 1e5  # money reads in 万元 from 1万; people and households from 10万
        rounded = Decimal(str(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
        for scale, word in ((1e8, "亿"), (1e4, "万")):
            if abs(base_value) < (1e8 if scale == 1e8 else wan_from) or u.factor >= scale:
                continue
            shown = (rounded * Decimal(repr(u.factor)) / Decimal(int(scale))).normalize()
            exponent = int(shown.as_tuple().exponent)  # type: ignore[arg-type]
            digits = max(0, -exponent)
            if digits <= MAX_SCALED_PLACES:
                return f"{shown:,.{digits}f}{word}{u.base}"
    return f"{format_number(value, places)}{unit}"
