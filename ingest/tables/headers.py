"""Table headers: which column is the region, the indicator, a period…; where the header row is; ``--map``.

Headers are matched after NFKC normalisation (full-width → half-width), lower-casing and removing spaces, with a
trailing unit in brackets split off (``金额(万元)`` → 金额 + 万元). A header that parses as a period label
(``2018年``, ``2023年上半年``, ``2023Q2``) is a period column of a wide table; a header that is a name with a unit
(``学校数(所)``) is a value column carrying its own indicator.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache

from ingest.model import IngestError
from warehouse import units
from warehouse.periods import PeriodError, from_label, is_valid

__all__ = [
    "FIELDS",
    "NOTE",
    "TARGET_WORDS",
    "MappingError",
    "Role",
    "classify",
    "find_header",
    "is_note",
    "parse_mapping",
    "split_unit",
    "unit_in_text",
]

FIELDS = ("region", "region_code", "indicator", "period", "value", "unit", "domain", "approx", "kind", "ignore")
"""Fields a column can be mapped to (``ignore`` drops the column)."""

_ALIASES: dict[str, tuple[str, ...]] = {
    "region": (
        "地区", "区域", "地区名称", "区域名称", "行政区划", "行政区", "行政区划名称", "区划名称", "地区/区域", "区县",
        "县区", "县(市、区)", "县(市,区)", "区(县)", "省份", "省市", "地市", "城市", "街道", "乡镇", "乡镇(街道)",
        "region", "area", "region_name", "area_name", "district", "city", "province",
    ),
    "region_code": (
        "区划代码", "行政区划代码", "地区代码", "统计用区划代码", "区域代码", "代码", "region_code", "area_code",
        "adcode", "code",
    ),
    "indicator": (
        "指标", "指标名称", "项目", "项目名称", "统计指标", "指标项", "指标项目", "indicator", "indicator_name",
        "item", "metric", "variable",
    ),
    "period": (
        "时间", "期间", "年份", "年度", "年", "统计期", "统计时间", "报告期", "时期", "统计年度",
        "period", "year", "time",
    ),
    "value": (
        "数值", "值", "数据", "数量", "数额", "金额", "指标值", "统计值", "本期", "本期数", "value", "amount", "val",
    ),
    "unit": ("单位", "计量单位", "unit", "units", "uom"),
    "domain": ("领域", "类别", "分类", "门类", "专题", "domain", "category", "sector", "topic"),
    "approx": ("约数", "近似", "概数", "approx", "approximate"),
    "kind": ("口径", "数据类型", "类型", "性质", "kind", "type"),
    "ignore": ("序号", "编号", "行次", "备注", "说明", "no", "no.", "id", "#", "note", "notes", "remark"),
}  # fmt: skip
_FIELD_OF: dict[str, str] = {alias: field for field, names in _ALIASES.items() for alias in names}
_FIELD_OF.update({f: f for f in FIELDS})
_FIELD_OF.update({"忽略": "ignore", "skip": "ignore"})

_BRACKETED = re.compile(r"^(?P<base>.*?)[(\[](?P<inner>[^()\[\]]*)[)\]]$")
_UNIT_LINE = re.compile(r"(?:计量)?单位\s*[:：]\s*(?P<unit>[^\s,，;；)）\]】]+)")
_NOT_UNITS = {"预计", "计划", "目标", "预期", "初步", "快报", "修订", "初步核算", "实际", "注", "续", "合计", "调整后"}
TARGET_WORDS = ("预计", "计划", "目标", "预期", "力争")
NOTE = re.compile(r"^\s*(?:注|附注|备注|说明|资料来源|数据来源|来源)\s*[:：\d①-⑩、.．]")


class MappingError(IngestError):
    """A ``--map`` value that is not ``HEADER=FIELD``."""


@dataclass(frozen=True)
class Role:
    """What a header says about its column: a field, or a value column with its own period/indicator/unit/kind."""

    field: str | None
    unit: str | None = None
    period: str | None = None
    indicator: str | None = None
    kind: str | None = None


def _norm(text: str) -> str:
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text)).lower()


def _as_unit(inner: str) -> str | None:
    """The unit a bracketed header part names, if it names one (``万元``, ``单位:万元``; not ``预计``)."""
    inner = re.sub(r"^(?:计量)?单位[:：]", "", inner.strip())
    if inner in _NOT_UNITS or not inner:
        return None
    if units.is_known(inner) or re.fullmatch(r"[\u4e00-\u9fff%‰a-zA-Z/²³·]{1,4}", inner):
        return inner
    return None


def unit_in_text(text: str) -> str | None:
    """The unit a title or note line states, e.g. ``单位：万元``.

    >>> unit_in_text("表3 各区财政收入（单位：万元）"), unit_in_text("计量单位: 人"), unit_in_text("盐田区")
    ('万元', '人', None)
    """
    m = _UNIT_LINE.search(unicodedata.normalize("NFKC", text))
    return m["unit"] if m else None


def split_unit(text: str) -> tuple[str, str | None]:
    """Split a trailing bracketed unit off a header or indicator name.

    >>> split_unit("年末常住人口（万人）"), split_unit("2023年(预计)"), split_unit("学校数")
    (('年末常住人口', '万人'), ('2023年(预计)', None), ('学校数', None))
    """
    m = _BRACKETED.match(unicodedata.normalize("NFKC", text).strip())
    unit = _as_unit(m["inner"]) if m else None
    if m is None or unit is None:
        return text.strip(), None
    return m["base"].strip(), unit


@lru_cache(maxsize=65536)
def _classify(text: str, mapping: tuple[tuple[str, str], ...], year: int | None) -> Role:
    given = dict(mapping)
    field = given.get(text.strip()) or given.get(_norm(text))
    if field:
        return Role(field)
    m = _BRACKETED.match(unicodedata.normalize("NFKC", text).strip())
    base, inner = (m["base"], m["inner"]) if m else (text, "")
    unit = _as_unit(inner)
    field = _FIELD_OF.get(_norm(text)) or _FIELD_OF.get(_norm(base))
    if field:
        return Role(field, unit=unit if field == "value" else None)
    try:
        period = from_label(text, year=year)
    except PeriodError:
        period = None
    if period and not is_valid(period):
        period = None  # 1234 is not a year a table reports
    if period:
        kind = "target" if any(w in inner for w in TARGET_WORDS) else None
        return Role("value", unit=unit, period=period, kind=kind)
    if unit and _norm(base):
        return Role("value", unit=unit, indicator=base.strip())
    return Role(None)


def classify(text: str | None, mapping: dict[str, str] | None = None, *, year: int | None = None) -> Role:
    """The role of a column from its header text; ``mapping`` (``--map``) wins over the built-in names.

    >>> [classify(h).field for h in ("地区名称", "区划代码", "指标", "年份", "数值", "计量单位", "Region", "序号")]
    ['region', 'region_code', 'indicator', 'period', 'value', 'unit', 'region', 'ignore']
    >>> classify("金额（万元）"), classify("2023年上半年").period, classify("学校数(所)").indicator
    (Role(field='value', unit='万元', period=None, indicator=None, kind=None), '2023H1', '学校数')
    >>> classify("2024年(预计)").kind, classify("上半年", year=2023).period, classify("地名", {"地名": "region"}).field
    ('target', '2023H1', 'region')
    >>> classify("盐田区").field is None, classify("16").field is None
    (True, True)
    """
    if not text or not str(text).strip():
        return Role(None)
    return _classify(str(text), tuple(sorted((mapping or {}).items())), year)


def is_note(text: str | None) -> bool:
    """True for a footnote line below a table (注：…, 资料来源：…).

    >>> is_note("注：本表不含驻区单位。"), is_note("资料来源: 统计局"), is_note("注册人数")
    (True, True, False)
    """
    return bool(text) and bool(NOTE.match(text))


def find_header(
    rows: list[list[str | None]], mapping: dict[str, str] | None = None, *, year: int | None = None
) -> int | None:
    """Index of the header row: the first row with ≥ 2 cells, most of them known field names or period labels —
    counting a row of units below it (学校数 over 所 is the indicator column 学校数(所)).

    >>> find_header([["2023年各区财政收入"], ["单位：万元"], ["地区", "指标", "2021年", "2022年"], ["盐田区", "收入", "1", "2"]])
    2
    >>> find_header([["盐田区", "学校数", "2020", "16", "所"]]) is None
    True
    >>> find_header([["2023年各街道情况"], ["地区", "学校数", "在校学生"], [None, "所", "人"], ["梅沙街道", "3", "2100"]])
    1
    """
    for i, row in enumerate(rows):
        if _is_header(row, mapping, year) or (
            i + 1 < len(rows)
            and _is_units_row(rows[i + 1])
            and _is_header(_with_units(row, rows[i + 1]), mapping, year)
        ):
            return i
    return None


def _is_header(row: list[str | None], mapping: dict[str, str] | None, year: int | None) -> bool:
    cells = [c for c in row[:2000] if c is not None and str(c).strip()]
    if len(cells) < 2:
        return False
    known = sum(classify(c, mapping, year=year).field is not None for c in cells)
    return known >= 2 and 2 * known >= len(cells)


def _is_units_row(row: list[str | None]) -> bool:
    """A row of units under the header (, 所, 人, 张): every filled cell a unit the registry knows."""
    cells = [str(c).strip() for c in row[:2000] if c is not None and str(c).strip()]
    return bool(cells) and all(units.is_known(c) for c in cells)


def _with_units(top: list[str | None], below: list[str | None]) -> list[str]:
    """Header cells with the units row's unit in brackets, as 学校数(所) would be written in one row."""
    width = max(len(top), len(below))
    cells = [(str(c).strip() if c is not None else "") for c in top] + [""] * (width - len(top))
    marks = [(str(c).strip() if c is not None else "") for c in below] + [""] * (width - len(below))
    return [f"{t}({u})" if t and u else t for t, u in zip(cells, marks, strict=True)]


def stacked_header(
    rows: list[list[str | None]], h: int, mapping: dict[str, str] | None = None, *, year: int | None = None
) -> tuple[list[str], int]:
    """The header's cells and how many rows it takes: a yearbook's two-row header (年份 over 2021年, 2022年 …; 指标 and
    单位 merged down or left blank below) reads as one row, and so does a header with a row of units below it
    (学校数 over 所 reads 学校数(所)). Row ``h + 1`` joins only when it is a units row, or a header row by itself
    that brings value columns the first row lacks.

    >>> stacked_header([["指标", "单位", "年份", None], [None, None, "2021年", "2022年"], ["学校数", "所", "1", "2"]], 0)
    (['指标', '单位', '2021年', '2022年'], 2)
    >>> stacked_header([["地区", "指标", "2021年"], ["盐田区", "学校数", "16"]], 0)
    (['地区', '指标', '2021年'], 1)
    >>> stacked_header([["地区", "学校数", "在校学生"], [None, "所", "人"], ["盐田区", "16", "9000"]], 0)
    (['地区', '学校数(所)', '在校学生(人)'], 2)
    >>> stacked_header([["地区", "指标", "年份", "数值"], ["盐田区", "学校数(所)", "2023年", "16"]], 0)[1]
    1
    """
    top = [str(c).strip() if c is not None else "" for c in rows[h]]
    if h + 1 < len(rows) and _is_units_row(rows[h + 1]):
        return _with_units(rows[h], rows[h + 1]), 2
    if h + 1 >= len(rows) or find_header([rows[h + 1]], mapping, year=year) != 0:
        return top, 1
    below = [str(c).strip() if c is not None else "" for c in rows[h + 1]]
    width = max(len(top), len(below))
    top, below = top + [""] * (width - len(top)), below + [""] * (width - len(below))
    # Below a header cell the second row may only repeat it (a merge filled down), sit under a blank (the rest of a
    # span), or sit under a group label whose span continues to the right (年份 over 2021年 …). A first data row that
    # happens to read like a header (盐田区, 学校数(所), 2023年, 16) fails this.
    spans = False
    for j, (t, b) in enumerate(zip(top, below, strict=True)):
        if not b or b == t:
            continue
        if not t:
            spans = True
        elif j + 1 >= width or top[j + 1]:
            return top, 1
    if not spans:
        return top, 1
    merged = [b or t for t, b in zip(top, below, strict=True)]

    def value_columns(cells: list[str]) -> int:
        return sum(classify(c, mapping, year=year).field == "value" for c in cells)

    return (merged, 2) if value_columns(merged) > value_columns(top) else (top, 1)


def parse_mapping(spec: list[str] | tuple[str, ...] | None) -> dict[str, str]:
    """Parse ``--map`` values ``HEADER=FIELD`` into a mapping; FIELD may be a field or any known header name.

    >>> parse_mapping(["地区名称=region", "年份=period", "Amount = 数值", "序号=ignore"])
    {'地区名称': 'region', '年份': 'period', 'Amount': 'value', '序号': 'ignore'}
    >>> parse_mapping(["地区名称"])
    Traceback (most recent call last):
    ...
    ingest.tables.headers.MappingError: --map 写法有误 / bad --map value '地区名称': 应为 表头=字段 / expected HEADER=FIELD
    """
    out: dict[str, str] = {}
    for item in spec or []:
        header, eq, target = str(item).rpartition("=")
        header, target = header.strip(), target.strip()
        if not eq or not header or not target:
            raise MappingError(f"--map 写法有误 / bad --map value {item!r}: 应为 表头=字段 / expected HEADER=FIELD")
        field = _FIELD_OF.get(_norm(target))
        if field is None:
            raise MappingError(f"--map 字段未知 / unknown field in {item!r}: 可用 / use one of {', '.join(FIELDS)}")
        if out.get(header, field) != field:
            raise MappingError(f"--map 重复映射 / {header!r} is mapped twice ({out[header]}, {field})")
        out[header] = field
    return out
