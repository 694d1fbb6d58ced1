"""Stage 4 — name what a number measures, from the words around it.

The subject usually precedes the number (全区有在校学生18604人 → 在校学生); after a verb or a preposition the thing
counted follows it (新建2个社区广场 → 新建社区广场; 为58名低保人员购买了养老保险 → 低保人员购买养老保险). Fluff is
stripped at both ends (全区/我镇, 现有/共有/累计, 全年/上半年/1-5月, 达到/为/约...). Names made only of generic
words (每户, 总金额, 省级…) are *weak*: the sentence stage prefixes them with the sentence's topic.

>>> clean_left("全区现有")[0], clean_left("全区有在校学生")[0], clean_left("1-5月累计发放低保金")[0]
('', '在校学生', '发放低保金')
>>> clean_left("公开率到达了")[0], clean_left("省专累计上线")[0], clean_left("已下达")[0]
('公开率', '省专上线', '下达')
>>> clean_left("一是计划新增学位")[0], clean_left("三是全年力争城镇新增就业")[0], clean_left("第一产业增加值")[0]
('新增学位', '城镇新增就业', '第一产业增加值')
>>> clean_left("按可比价格计算")[0], clean_left("按常住人口计算的人均收入")[0], clean_left("扣除价格因素后")[0]
('', '人均收入', '')
>>> clean_right("名低保人员购买了养老保险")
'名低保人员购买养老保险'
>>> is_generic("每户每年"), is_generic("省级"), is_generic("在校学生")
(True, True, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.text.lexicon import GENERIC_NAMES, NAME_LEAD, NAME_TAIL, OBJECT_VERBS, SELF_REGION

__all__ = [
    "clean_left",
    "clean_right",
    "ends_with_verb",
    "is_dependent",
    "is_generic",
    "is_preposition_only",
    "measure_suffix",
    "needs_subject",
    "strip_marks",
]

_MARKS = re.compile(r"[“”\"《》「」『』‘’'\s]")
_MASKS = re.compile(r"[*_]")
_TIME = re.compile(
    r"^(?:(?:(?:19|20)\d{2}|20[xX_*]{1,2}|[xX]{2})\s*年(?:度)?)?"
    r"(?:\d{1,2}\s*(?:月份?)?\s*[-~至到]\s*\d{1,2}\s*月(?:份)?|\d{1,2}\s*月(?:份|底|末|中旬|上旬|下旬)?(?:前|以来|起)?"
    r"|上半年|下半年|前三季度|第?[一二三四]季度|全年|年初|年底|年末|以来"
    r"|近[一二三四五六七八九十两\d]{1,2}年(?:来|以来)?|[一二三四五六七八九十两\d]{1,2}年(?:来|以来))?(?:前|以来|末|底)?"
)
# How a figure was computed, not what it measures: 按现价计算, 按可比价格计算, 按常住人口计算的, 扣除价格因素后.
_BASIS = re.compile(
    r"(?:按|以)[^\d,;:。]{1,8}?(?:计算|核算|口径)(?:的|后)?|(?:扣除|剔除)[^\d,;:。]{0,6}?因素(?:影响)?(?:后)?|同口径"
)
_LEAD = tuple(sorted(set(NAME_LEAD) | set(SELF_REGION), key=len, reverse=True))
_TAIL = tuple(sorted(NAME_TAIL, key=len, reverse=True))
_VERBS = tuple(sorted(OBJECT_VERBS, key=len, reverse=True))
# The same words bucketed by the character they start / end with, longest first: a name is tested only against the
# words that can match it, which keeps naming cheap (it runs for every number).
_LEAD_BY_FIRST: dict[str, tuple[str, ...]] = {}
_TAIL_BY_LAST: dict[str, tuple[str, ...]] = {}
for _w in _LEAD:
    _LEAD_BY_FIRST[_w[0]] = (*_LEAD_BY_FIRST.get(_w[0], ()), _w)
for _w in _TAIL:
    _TAIL_BY_LAST[_w[-1]] = (*_TAIL_BY_LAST.get(_w[-1], ()), _w)
_GENERIC = re.compile("^(?:" + "|".join(sorted(GENERIC_NAMES, key=len, reverse=True)) + ")+$")
_INNER_TOTAL = re.compile(r"(?<=[\u4e00-\u9fff])(?:累计|共计|总计|合计)(?=[\u4e00-\u9fff])")
_KEEP_DA = "下到抵传送通发表直"
_COPULA = ("达到", "占", "达", "相当于", "约占", "为")
_PREP_END = ("为", "对", "给", "向", "帮助", "帮扶", "资助", "为全区", "为辖区")
_PARTICLES = re.compile(r"了|(?<![衣沉执穿])着(?![力重手眼落])")  # 围绕着 → 围绕; 衣着, 着力 keep theirs
# A list item's mark: 1、 一、 (1), and the enumerators of a spoken list (一是…二是…, 第一是…, 第二、…, 其次是…).
_LIST_MARK = re.compile(
    r"^\s*(?:\d{1,2}[、.](?!\d)|第?[一二三四五六七八九十]{1,3}(?:、|是)|(?:首先|其次|再次)是?"
    r"|\(\s*[\d一二三四五六七八九十]{1,3}\s*\))\s*"
)
_RIGHT_STOP = re.compile(r"[,;:。]|等(?=[,;。])")
_MAX_RIGHT = 24
_RIGHT_LEAD = re.compile(r"^(?:不等|左右|以上|以内|以下)?的?")


def strip_marks(s: str) -> str:
    """Drop quotation marks, book-title marks and spaces (“五小”示范街 → 五小示范街).

    >>> strip_marks("“五小”示范街《法律知识手册》")
    '五小示范街法律知识手册'
    """
    return _MARKS.sub("", s)


def _strip_lead(s: str) -> str:
    changed = True
    while changed and s:
        changed = False
        m = _TIME.match(s)
        if not (m and m.end() > 0):
            m = _BASIS.match(s)
        if m and m.end() > 0:
            s, changed = s[m.end() :], True
            continue
        for w in _LEAD_BY_FIRST.get(s[0], ()):
            if s.startswith(w) and not (w == "计划" and s.startswith("计划生育")):
                s, changed = s[len(w) :], True
                break
    return s


_NUMBER_PREFIXES = ("约", "近", "超过", "逾")


def _strip_tail(s: str, *, right: bool = False) -> str:
    changed = True
    while changed and s:
        changed = False
        for w in _TAIL_BY_LAST.get(s[-1], ()):
            if right and w in _NUMBER_PREFIXES:
                continue  # after the number these end a word (签约), the next number took its own prefix
            if s.endswith(w):
                rest = s[: -len(w)]
                if w == "达" and rest[-1:] and rest[-1] in _KEEP_DA:
                    continue  # 下达, 到达: a verb, not the copula 达
                if w == "年" and rest.endswith("每"):
                    continue  # 每户每年
                s, changed = rest, True
                break
    return s


@lru_cache(maxsize=8192)
def clean_left(raw: str) -> tuple[str, str]:
    """Clean the words before a number; return ``(name, how)`` where how is '', 'copula', 'de' or 'attr'.

    'copula': the subject is elided (占全区总数的95% → needs the topic); 'de': a nominalised 的 (备案的有5家).

    >>> clean_left("占全区办园总数的"), clean_left("目前备案的有"), clean_left("抽取的")
    (('占全区办园总数', 'copula'), ('备案', 'de'), ('抽取', 'attr'))
    """
    s = _LIST_MARK.sub("", _PARTICLES.sub("", strip_marks(raw)).lstrip("、,;:)"))
    s = _MASKS.sub("", _strip_lead(s))
    s = _INNER_TOTAL.sub("", s)
    how = ""
    before_tail = s
    s = _strip_tail(s).rstrip("的、,")
    if s.startswith(_COPULA) and not s.startswith(("为全区", "为辖区")):
        how = "copula"
    elif before_tail.endswith(("的有", "的共有", "的为")) and s:
        how = "de"
    elif before_tail.endswith("的") and s:
        how = "attr"
    return s, how


@lru_cache(maxsize=8192)
def clean_right(raw: str) -> str:
    """Clean the words after a number's unit up to the clause end (the thing counted and what was done to it)."""
    s = raw
    m = _RIGHT_STOP.search(s)
    if m:
        s = s[: m.start()]
    s = _MASKS.sub("", _PARTICLES.sub("", strip_marks(s)))
    s = _RIGHT_LEAD.sub("", s)
    s = s[:_MAX_RIGHT]
    s = _strip_tail(s, right=True).rstrip("的、,")
    return s.removesuffix("等")


def ends_with_verb(name: str) -> bool:
    """True when ``name`` ends with a verb whose object follows the number (新建, 发放, 为…).

    >>> ends_with_verb("新建"), ends_with_verb("累计接待"), ends_with_verb("在校学生")
    (True, True, False)
    """
    return name.endswith(_VERBS)


def is_preposition_only(name: str) -> bool:
    """True for a left context that is only a preposition or a giving verb (为, 对, 为全区)."""
    return name in _PREP_END or name.endswith(("为", "对", "给", "向"))


@lru_cache(maxsize=4096)
def is_generic(name: str) -> bool:
    """True when ``name`` says nothing by itself (每户, 总金额, 省级, 资金): it needs the sentence topic."""
    return not name or "每" in name or bool(_GENERIC.match(name))


# A verb whose subject was named in an earlier clause (…床位610张,保障230人; …贷款412笔,带动就业960人), alone or
# with a general object or measure noun (受助学生, 贷款总额, 安排资金, 实际增长).
_NEEDS_SUBJECT = re.compile(
    r"^(?:(?:实际|名义|同比|环比)?(?:增长|增加|下降|减少|提高|降低|增|降)(?:幅度|率)?"
    r"|(?:新增|保障|供养|完成|带动|受助|受益|惠及|覆盖|救助|资助|服务|涉及|安排|下达|拨付|投入|发放|需|所需|年需|共需|贷款)"
    r"(?:第?[一二三四]季度|上半年|下半年|全年|年度)?"
    r"(?:就业|学生|人员|对象|群众|家庭|资金|经费|总额|金额|(?:保障|补助|救助|生活|护理|养育)?(?:金|资金|经费|款|补贴))?)$"
)


@lru_cache(maxsize=4096)
def needs_subject(name: str) -> bool:
    """True for a verb (and general object) that leaves its subject to an earlier clause.

    >>> needs_subject("保障"), needs_subject("受助学生"), needs_subject("实际增长"), needs_subject("贷款总额")
    (True, True, True, True)
    >>> needs_subject("发放保障金"), needs_subject("发放一季度生活补贴"), needs_subject("发放优待金")
    (True, True, False)
    >>> needs_subject("保障房"), needs_subject("低保对象")
    (False, False)
    """
    return bool(_NEEDS_SUBJECT.match(name))


def is_dependent(name: str) -> bool:
    """A short money word (保障金, 慰问金) that belongs to the sentence's subject.

    >>> is_dependent("保障金"), is_dependent("低保户")
    (True, False)
    """
    return len(name) <= 3 and name.endswith(("金", "款", "费"))


_SUFFIX = {"人": "人数", "名": "人数", "位": "人数", "户": "户数", "人次": "人次", "户次": "户次"}


def measure_suffix(base: str, unit: str) -> str:
    """Name a list sibling from a shared subject: 低保户 + 人 → 低保人数, 农村低保对象 + 户 → 农村低保对象户数.

    >>> measure_suffix("低保户", "户"), measure_suffix("低保户", "人"), measure_suffix("农村低保对象", "户")
    ('低保户数', '低保人数', '农村低保对象户数')
    >>> measure_suffix("补助", "万元")
    '补助金额'
    """
    u = unit.removeprefix("万").removeprefix("亿")
    if u in ("元", "千元"):
        return base if base.endswith(("金", "款", "费", "资金", "金额", "经费")) else base + "金额"
    suffix = _SUFFIX.get(u)
    if suffix is None:
        return base if base.endswith("数") else base + "数"
    if base.endswith(suffix):
        return base
    if base.endswith(suffix[0]) and len(suffix) == 2 and suffix[1] == "数":
        return base + "数"
    if base.endswith(("户", "人")):
        return base[:-1] + suffix
    return base + suffix
