"""Name handling shared by the catalogue's lookups and its guesses for entries met during ingest. Pure functions.

>>> normalise_indicator_name("全区共有低保户数")
'低保户'
>>> guess_measure("城镇登记失业率", "%"), guess_measure("月人均补差", "元"), guess_measure("发放低保金", "万元")
('rate', 'average', 'flow')
"""

from __future__ import annotations

import re
import unicodedata

from warehouse import units

__all__ = ["clean", "guess_decimals", "guess_measure", "normalise_indicator_name"]

# Words web copies swap in (伪原创 rewriting): unambiguous enough to undo everywhere.
WEB_SWAPS = {"方案生育": "计划生育", "效劳": "服务", "根底": "基础"}

# Prefixes that name the document's own region or frame the quantity, never the indicator. Longest first.
_PREFIXES = sorted(
    (
        *("全区", "全县", "全市", "全镇", "全乡", "全省", "全旗", "全街道", "辖区内", "辖区", "区内"),
        *("我区", "我县", "我市", "我镇", "我乡", "我省", "我旗", "我街道", "本区", "本县", "本市", "本镇", "本乡"),
        *("共有", "现有", "拥有", "累计", "全年", "年末", "年底", "当年", "目前", "共计", "合计", "总计", "其中"),
        *("有", "共"),
    ),
    key=len,
    reverse=True,
)
# A bare 有/共 starts real words too (有线电视, 共青团): keep it before these characters.
_PROTECTED_AFTER = {"有": set("线效机关序色声形偿限价害益毒"), "共": set("青享建同产识治商富")}
_SUFFIXES = ("总数", "数量", "数目", "个数", "数")
_NUMBER_WORDS = ("指数", "系数", "倍数", "分数", "基数", "参数")  # end in 数 but are not counts
_EDGE_PUNCT = ":;,.、。!?\"'“”‘’·-—_"
_TRAILING_PAREN = re.compile(r"\(([^()]*)\)$")


def clean(text: str) -> str:
    """Full-width to half-width (NFKC) and no whitespace at all: the form every comparison uses.

    >>> clean(" 盐田区　 "), clean("ＧＤＰ（亿元）")
    ('盐田区', 'GDP(亿元)')
    """
    return re.sub(r"\s+", "", unicodedata.normalize("NFKC", text))


def normalise_indicator_name(name: str) -> str:
    """The form two spellings of one indicator share; both sides of a lookup go through it.

    Strips the document's own region (全区, 我县, 辖区 …) and framing words (共有, 累计, 全年, 年末, 其中 …) at
    the front, a trailing unit in brackets, and a trailing 数/总数/数量; undoes web-copy word swaps; full-width →
    half-width; removes spaces. 新增 is kept: 新增就业 and 新增养老床位 are flows of their own, not the stock
    without the word.

    >>> normalise_indicator_name("全区共有低保户数")
    '低保户'
    >>> normalise_indicator_name("我区累计发放低保金")
    '发放低保金'
    >>> normalise_indicator_name("城镇新增就业"), normalise_indicator_name("新增就业人数")
    ('城镇新增就业', '新增就业人')
    >>> normalise_indicator_name("床位数（张）"), normalise_indicator_name("社区卫生服务中心（站）")
    ('床位', '社区卫生服务中心(站)')
    >>> normalise_indicator_name("社区卫生效劳中心"), normalise_indicator_name("方案生育率")
    ('社区卫生服务中心', '计划生育率')
    >>> normalise_indicator_name("其中：农村 低保户"), normalise_indicator_name("年末户籍人口总数")
    ('农村低保户', '户籍人口')
    >>> normalise_indicator_name("有线电视用户数"), normalise_indicator_name("共青团员")
    ('有线电视用户', '共青团员')
    >>> normalise_indicator_name("居民消费价格指数")
    '居民消费价格指数'
    """
    text = clean(name)
    for wrong, right in WEB_SWAPS.items():
        text = text.replace(wrong, right)
    text = text.strip(_EDGE_PUNCT)
    paren = _TRAILING_PAREN.search(text)
    if paren and (units.is_known(paren.group(1)) or paren.group(1).startswith("单位")):
        text = text[: paren.start()]
    changed = True
    while changed:
        changed = False
        for prefix in _PREFIXES:
            rest = text[len(prefix) :]
            if text.startswith(prefix) and len(rest) >= 2 and rest[0] not in _PROTECTED_AFTER.get(prefix, ()):
                text, changed = rest.lstrip(_EDGE_PUNCT), True
                break
    if not text.endswith(_NUMBER_WORDS):
        for suffix in _SUFFIXES:
            if text.endswith(suffix) and len(text) - len(suffix) >= 2:
                text = text[: -len(suffix)]
                break
    return text


_RATE_UNITS = {"%", "‰", "1/10万", "百分点", "个百分点"}
_RATE_WORDS = ("率", "比重", "占比", "比例")
_AVERAGE_WORDS = ("人均", "户均", "平均", "每千", "每万", "每百", "月均", "年均")
_FLOW_WORDS = (
    *("发放", "新增", "接待", "举办", "开展", "完成", "实现", "投入", "支出", "收入", "救助", "培训", "受理"),
    *("办理", "出生", "死亡", "安置", "改造", "新建", "建成", "资助", "慰问", "招聘", "筹集", "下拨", "拨付"),
    *("征收", "引进", "组织", "放映", "演出", "查处", "调解"),
)
_FLOW_UNITS = {"人次", "户次", "场次", "次", "万人次"}


def guess_measure(name: str, unit: str | None) -> str:
    """The measure of an indicator the catalogue does not know, from its unit and name (measures: docs/conventions.md).

    % or 率 → rate; 元/人 or 人均 → average; 发放/新增/接待/举办 … or a 人次 unit → flow; anything else → stock.

    >>> guess_measure("参合率", None), guess_measure("义务兵家庭优待金", "元/户"), guess_measure("慰问困难群众", "人次")
    ('rate', 'average', 'flow')
    >>> guess_measure("敬老院", "个")
    'stock'
    """
    text, unit_text = clean(name), clean(unit or "")
    if unit_text in _RATE_UNITS or unit_text == "％" or any(w in text for w in _RATE_WORDS):
        return "rate"
    if "/" in unit_text or any(w in text for w in _AVERAGE_WORDS):
        return "average"
    if unit_text in _FLOW_UNITS or any(w in text for w in _FLOW_WORDS):
        return "flow"
    return "stock"


def guess_decimals(measure: str, unit: str | None) -> int:
    """Decimals to show: 1 for rates, 2 for 万/亿 magnitudes (万元, 亿元, 万人), else 0.

    >>> guess_decimals("rate", "%"), guess_decimals("flow", "万元"), guess_decimals("stock", "万人")
    (1, 2, 2)
    >>> guess_decimals("stock", "户"), guess_decimals("average", "元/人")
    (0, 0)
    """
    if measure == "rate":
        return 1
    return 2 if units.lookup(unit).factor >= 1e4 else 0
