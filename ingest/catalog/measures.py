"""What a name says it measures, per unit family (``warehouse.units.quantity_of``). Pure functions.

A report names a subject (低保户, 困难群众发放临时救助金) and the unit says which measure of it a number is: 620户 is
the 户数, 1180人 the 人数, 5310人次 the 人次, 64万元 the 资金. These helpers find the catalogue's variant for a
family (低保户 + 人 → 低保人数) and name a new indicator so that its name carries its measure.

>>> implied_quantity("农村低保对象"), implied_quantity("发放低保金"), implied_quantity("敬老院")
('人', '元', None)
>>> measured_name("低保户发放低保金", "人次"), measured_name("低保户发放低保金", "元")
('低保户发放低保金人次', '低保户发放低保金')
"""

from __future__ import annotations

from ingest.catalog.names import clean

__all__ = ["implied_quantity", "measured_name", "stem", "variant_names"]

# Endings of names that already say which family they are counted in. Longest match wins (人次 before 人).
_NAME_ENDINGS: dict[str, tuple[str, ...]] = {
    "人": (
        *("人", "人数", "人员", "人口", "对象", "者", "员", "生", "师", "工", "兵", "童", "儿", "众", "属", "老人"),
        *("人员数", "对象数", "幼儿", "青年", "军人", "干部", "职工", "学生", "居民", "群众"),
    ),
    "人次": ("人次", "人次数"),
    "户": ("户", "户数", "家庭", "家庭数", "住户"),
    "户次": ("户次", "户次数"),
    "元": (
        *("金", "费", "款", "资金", "经费", "金额", "额", "收入", "支出", "投资", "投入", "补贴", "补助", "津贴"),
        *("工资", "产值", "总值", "税", "利润", "贷款", "资产", "保费", "救助金", "抚恤金"),
    ),
    "%": ("率", "比重", "占比", "比例"),
}
_ENDINGS = sorted(((e, q) for q, ends in _NAME_ENDINGS.items() for e in ends), key=lambda p: -len(p[0]))

# The word a new indicator's name gets when it does not already say its family.
_SUFFIX = {"人": "人数", "人次": "人次", "户": "户数", "户次": "户次", "元": "资金", "%": "比例"}

# Measure words of one count family a new name drops before taking another's (not a bare 人: 残疾人, 老年人).
_COUNT_WORDS = ("人次", "户次", "人数", "户数", "户")

# Words appended to a stem to find a catalogue variant of another family (低保 + 人数 → 低保人数).
_VARIANT_WORDS: dict[str, tuple[str, ...]] = {
    "人": ("人数", "人员", "对象", "人"),
    "人次": ("人次",),
    "户": ("户数", "户", "家庭"),
    "户次": ("户次",),
    "元": ("资金", "金", "金额", "经费"),
    "%": ("率",),
    "个": ("数", ""),
}
# Measure words stripped from a name to find its subject (低保户数 → 低保, 临时救助资金 → 临时救助).
_STEM_ENDINGS = sorted(
    ("人次", "户次", "人数", "户数", "人员", "对象", "资金", "金额", "经费", "家庭", "人", "户", "金", "数"),
    key=len,
    reverse=True,
)


def implied_quantity(name: str) -> str | None:
    """The unit family a name's own ending implies (人 for 对象/人员/者, 元 for 金/费/资金, % for 率), else None.

    >>> [implied_quantity(n) for n in ("残疾人", "低保人次", "五保户", "临时救助资金", "安置率", "临时救助")]
    ['人', '人次', '户', '元', '%', None]
    """
    text = clean(name)
    for ending, quantity in _ENDINGS:
        if text.endswith(ending):
            return quantity
    return None


def measured_name(name: str, quantity: str | None) -> str:
    """The name of a new indicator for ``name`` counted in ``quantity``: the name itself when it already says its
    family (or the family has no word of its own, like 个), else the name and the family's word.

    >>> measured_name("困难群众发放临时救助金", "人"), measured_name("安置", "人"), measured_name("敬老院", "个")
    ('困难群众发放临时救助金人数', '安置人数', '敬老院')
    >>> measured_name("低保对象", "户"), measured_name("残疾人", "人"), measured_name("优待金", "个")
    ('低保对象户数', '残疾人', '优待金(按个计)')
    >>> measured_name("低保户数", "人次"), measured_name("五保户", "人"), measured_name("残疾人", "户")
    ('低保人次', '五保人数', '残疾人户数')
    """
    text = clean(name)
    implied = implied_quantity(text)
    if quantity is None or implied == quantity:
        return text
    if quantity in _SUFFIX:
        for word in _COUNT_WORDS:  # 低保户数 in 人次 is 低保人次, not 低保户数人次
            if text.endswith(word) and len(text) - len(word) >= 2:
                return text[: -len(word)] + _SUFFIX[quantity]
        return text + _SUFFIX[quantity]
    return text if implied is None else f"{text}(按{quantity}计)"  # "(个)" would be dropped as a unit


def stem(name: str) -> str:
    """The subject of a name without its measure word (低保户数 → 低保); the name itself when nothing is left.

    >>> stem("城市低保户数"), stem("临时救助人次"), stem("城区低保家庭户数"), stem("低保"), stem("户")
    ('城市低保', '临时救助', '城区低保', '低保', '户')
    """
    text, changed = clean(name), True
    while changed:  # 城区低保家庭户数 → 城区低保家庭 → 城区低保
        changed = False
        for ending in _STEM_ENDINGS:
            if text.endswith(ending) and len(text) - len(ending) >= 2:
                text, changed = text[: -len(ending)], True
                break
    return text


def variant_names(name: str, quantity: str | None) -> list[str]:
    """Names the same subject has in ``quantity``, most likely first, for a catalogue lookup.

    >>> variant_names("低保户", "人")
    ['低保人数', '低保人员', '低保对象', '低保人']
    >>> variant_names("临时救助", "元")[:2], variant_names("城市低保户数", "户次")
    (['临时救助资金', '临时救助金'], ['城市低保户次'])
    """
    subject = stem(name)
    return [subject + word for word in _VARIANT_WORDS.get(quantity or "", ())]
