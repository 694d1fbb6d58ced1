"""Stage 3 — find every quantity in normalised text: number, magnitude, unit, approximation; drop the non-facts.

One compiled regular expression scans the whole text; each match becomes a :class:`Quantity` unless its context
shows a date, a year, an ordinal, a document number, a duration, an age, a phone number, a book title, a condition
(参保人数30人以上的企业) or a name that contains a numeral (四个载体, 二次创业). Numbers without a unit are kept as
``unit=None`` candidates: the sentence stage decides whether they borrow one (参保率达到70.4 → %).

>>> [(q.value, q.unit, q.approx) for q in find_quantities("新开工保障性住房600余套,接待近1400多人次。")]
[(600, '套', '余'), (1400, '人次', '近…多')]
>>> [(q.value, q.unit) for q in find_quantities("老年人2.16万人,资金1.3亿元,图书万余册,百分之五")]
[(2.16, '万人'), (1.3, '亿元'), (1, '万册'), (5, '%')]
>>> find_quantities("5月28日召开第三届大会,川教外事函[2023]83号,2023年。")
[]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass

from ingest.text.lexicon import APPROX_PREFIX, APPROX_SUFFIX, BAD_AFTER_UNIT, MEASURE_WORDS
from ingest.text.numerals import as_number, parse_arabic, parse_cn, split_magnitude

__all__ = ["Quantity", "find_quantities"]


@dataclass(slots=True)
class Quantity:
    """A number found in the text, with what is known before the sentence stage looks at it."""

    start: int  # first character of the whole match (approximation prefix included)
    end: int  # one past the unit / suffix
    num_start: int  # first character of the number itself
    value: float | int
    unit: str | None  # None: a bare number (参保率到达70.4) the sentence stage may give a unit or drop
    approx: str | None = None
    magnitude: str = ""  # 万 / 亿 when written before the unit
    masked: bool = False  # digits masked in this copy (225*元, 120__份)
    damaged: bool = False  # a comma or 。 used as a decimal point (5,17万元)
    chinese: bool = False  # written in Chinese numerals
    role: str = "fact"  # fact | change | nonfact | distributor


_AR = r"\d+(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?"
_CN = r"[零〇一二两三四五六七八九十百千万亿]+(?:点[零〇一二三四五六七八九]+)?"
_UNITS = "|".join(re.escape(u) for u in sorted(MEASURE_WORDS, key=len, reverse=True))
_PRE = "|".join(APPROX_PREFIX) + "|约有|约为|约达|约计"
_POST = "|".join((*APPROX_SUFFIX, r"\(含\)以上", "及以上", "以下", "以内"))
_PERCENT_CN = r"百分之(?P<pct>" + _AR + "|" + _CN + ")"
_TENTHS = r"(?<![零〇一二两三四五六七八九十百千万])(?P<tenths>[一二三四五六七八九])成(?![不为立功效绩果员本品熟长都型就交年人])"

# Every quantity starts with a digit, a Chinese numeral, 百分之, or the first character of an approximation word;
# the lookahead rejects every other position with one character test, which roughly triples the speed of the scan.
# (A space before a number is left to the number's own position: no field of a quantity uses where the match starts.)
_FIRST = "".join(sorted({w[0] for w in (*APPROX_PREFIX, "约有")} | set("零〇一二两三四五六七八九十百千万亿")))
_QTY = re.compile(
    rf"(?=[\d{_FIRST}])(?P<pre>{_PRE})?\s?(?:{_PERCENT_CN}|{_TENTHS}|"
    rf"(?P<dmg>\d+[,。]\d{{1,2}}(?=\s?[万亿]))|"
    rf"(?P<ar>{_AR})(?P<mask>[*_]+|[xX]{{1,3}}(?=年))?(?:\s?(?P<rsep>[-~至到])\s?(?P<ar2>{_AR}))?|"
    rf"(?P<cn>{_CN})(?:(?P<crsep>[-~至到])(?P<cn2>{_CN}))?(?=\s?(?:余|多)?[万亿]?(?:余|多)?(?:{_UNITS})))"
    rf"\s?(?P<mid>余|多)?(?P<mag>万亿|[万亿])?(?P<mid2>余|多)?\s{{0,3}}(?P<unit>{_UNITS}|/10万)?"
    rf"(?P<per>(?<=元)(?:/?(?:人·年|人\.年|人年|人(?!民)|户|月|年|例|站|亩|平方米))?(?:[/、·.](?:年|月|人|户))?)?"
    rf"(?P<post>{_POST})?"
)

# What may not follow a number for it to be a fact: dates, years, durations, ages, ordinals' tails, doc numbers.
_BAD_NEXT = re.compile(
    r"\s?(?:年(?!均|人均)|月|日|号|时|点(?!\d)|分钟|秒|周岁|岁|届|级|代|世纪|小时|天|周(?!边)|个月|多月|余年|多年|个多月|号文)"
)
_PHONE_CUE = re.compile(r"(?:电话|热线|手机|传真|邮编|QQ|qq|客服|编号|代码|网址)[:：\s]*$")
_ENTITY_AFTER_DE = re.compile(
    r"^(?:\(含\))?(?:以上|以下)?的[^,;。:!?\n]{0,8}?(?:企业|单位|家庭|人员|对象|老人|老年人|群众|学生|儿童|村|社区|农户|职工|患者|妇女|青年|困难户)"
)
_BRACKETS = re.compile(r"《[^》\n]{0,60}》|“[^”\n]{0,14}”|\"[^\"\n]{0,14}\"|\[[^\]\n]{0,12}\]")
_SMALL_CN_OK_BEFORE = set("了等共有建设办成增达计为开展组织完")
_LISTED = re.compile(r"[“\"]?\d")
_BASE_OF_INDEX = re.compile(r"以[^\d,;:。]{1,8}为\s?$")
_CLAUSE_END = re.compile(r"\s*(?:[,;。、:!?)\n]|$)")  # 文化广场四个。: a count that closes its clause


def _spans(norm: str) -> tuple[list[int], list[int]]:
    starts, ends = [], []
    for m in _BRACKETS.finditer(norm):
        starts.append(m.start())
        ends.append(m.end())
    return starts, ends


def _inside(starts: list[int], ends: list[int], a: int, b: int) -> bool:
    i = bisect_right(starts, a) - 1
    return i >= 0 and ends[i] >= b and starts[i] < a


def _approx(pre: str | None, mid: str | None, post: str | None, rng: str | None) -> str | None:
    if rng:
        return rng
    if pre and pre.startswith("约") and len(pre) == 2:
        pre = "约"  # 约有1800人: the approximation word is 约
    words = [w for w in (pre, mid, post) if w]
    if not words:
        return None
    return "…".join(words) if len(words) > 1 else words[0]


def find_quantities(norm: str) -> list[Quantity]:
    """Every quantity candidate in ``norm`` (already normalised and de-boilerplated), in text order."""
    out: list[Quantity] = []
    q_starts, q_ends = _spans(norm)
    for m in _QTY.finditer(norm):
        q = _build(norm, m)
        if q is None:
            continue
        if q_starts and _inside(q_starts, q_ends, q.num_start, q.end) and not _is_distributor_in_quotes(norm, q):
            continue
        out.append(q)
    return out


def _is_distributor_in_quotes(norm: str, q: Quantity) -> bool:
    """“四个100%”: the quoted count of a list and its shared value are both wanted."""
    if q.unit == "个" and q.chinese and norm[q.end : q.end + 1].isdigit():
        return True
    return q.unit == "%" and norm[q.num_start - 1 : q.num_start] == "个"


# Group numbers of _QTY, read by index from ``m.groups()``: one tuple per match instead of a dict of names.
_GI = {name: i - 1 for name, i in _QTY.groupindex.items()}
_G_PRE, _G_PCT, _G_TENTHS, _G_DMG, _G_AR, _G_MASK, _G_AR2, _G_CN, _G_CN2, _G_MID, _G_MAG, _G_MID2, _G_UNIT, _G_PER = (
    _GI[n]
    for n in ("pre", "pct", "tenths", "dmg", "ar", "mask", "ar2", "cn", "cn2", "mid", "mag", "mid2", "unit", "per")
)
_G_POST = _GI["post"]
_BARE_MAGNITUDES = ("十", "百", "千", "万", "亿")
_PHONE_LAST = frozenset(
    ":：" + "".join(w[-1] for w in ("电话", "热线", "手机", "传真", "邮编", "QQ", "qq", "客服", "编号", "代码", "网址"))
)


def _build(norm: str, m: re.Match[str]) -> Quantity | None:
    g = m.groups()
    unit = g[_G_UNIT]
    mag = g[_G_MAG] or ""
    masked = damaged = chinese = False
    rng = None
    pct = g[_G_PCT]
    tenths = g[_G_TENTHS]
    if pct is not None:
        v = _value(pct)
        unit, num_start = "%", m.start(_G_PCT + 1) - 3
        chinese = not pct[0].isdigit()
    elif tenths is not None:
        v = parse_cn(tenths)
        v = v * 10 if v is not None else None
        unit, num_start, chinese = "%", m.start(_G_TENTHS + 1), True
    elif (dmg := g[_G_DMG]) is not None:
        v = as_number(float(dmg.replace(",", ".").replace("。", ".")))
        num_start, damaged = m.start(_G_DMG + 1), True
    elif (ar := g[_G_AR]) is not None:
        num_start = m.start(_G_AR + 1)
        masked = bool(g[_G_MASK])
        if g[_G_AR2] is not None:
            rng = norm[num_start : m.end(_G_AR2 + 1)]
            v = parse_arabic(g[_G_AR2])
        else:
            v = int(ar) if ar.isdecimal() else parse_arabic(ar)
    else:
        num_start, chinese = m.start(_G_CN + 1), True
        cn2 = g[_G_CN2]
        cn = cn2 if cn2 is not None else g[_G_CN]
        if cn2 is not None:
            rng = norm[num_start : m.end(_G_CN2 + 1)]
        body, cmag = split_magnitude(cn)
        if cmag and not mag:
            mag = cmag
            cn = body
        v = parse_cn(cn) if cn else 1
        if v is None:
            return None
    if v is None:
        return None
    end = m.end()
    nxt = norm[end : end + 4]
    if unit is None and not mag:
        if _BAD_NEXT.match(nxt):
            return None  # 2023年, 5月, 28日, 83号, 60周岁, 3个月
        if _BASE_OF_INDEX.search(norm, max(0, num_start - 10), num_start):
            return None  # 以女性为100, 以上年为100: the base of an index or a ratio, not a fact
    elif unit:
        bad = BAD_AFTER_UNIT.get(unit)
        if bad and nxt and nxt[0] in bad and not (mag and unit in ("人", "户")):
            return None  # 台风, 所有, 项目, 部门: the measure word begins another word
        if unit == "个" and nxt.startswith(("多月", "半月")):
            return None
    before = norm[max(0, num_start - 8) : num_start]
    if before:
        if before.rstrip().endswith("第"):
            return None
        last = before[-1]
        if (last in _PHONE_LAST or last.isspace()) and _PHONE_CUE.search(before):
            return None  # (the cue's last character, a colon or a space ends ``before`` whenever the cue matches)
    if unit == "/10万":
        pass  # 3.85/10万: a rate per 100,000, written as such
    elif unit == "元" and not mag and (per := g[_G_PER]) and _PER_TIME.search(per):
        unit = per_unit(norm, num_start, per)
    elif unit and mag:
        unit = mag + ("户" if unit == "住户" else unit)
    elif unit == "个千分点":
        unit = "千分点"  # as 个百分点 is read 百分点 by every consumer
    elif unit == "住户":
        unit = "户"
    elif mag and not unit:
        unit = mag  # 总投资1000万: the sentence stage decides 万元 / 万人 or drops it
    pre, mid, post = g[_G_PRE], g[_G_MID] or g[_G_MID2], g[_G_POST]
    if chinese:
        if g[_G_CN] in _BARE_MAGNITUDES and not (pre or mid or post):
            return None  # 千名医师, 百名干部: a round 千/百 without 近/余/多 names a programme, it does not count
        listed = unit == "个" and _LISTED.match(norm, end)  # “三个100%”: the count of a list
        if pct is None and tenths is None and not mag and not listed:
            if v == 1:
                return None  # 一个, 一次, 一批: an article, not a count
            if v < 10 and before[-1:] not in _SMALL_CN_OK_BEFORE and not _CLAUSE_END.match(norm, end):
                return None  # 两个文明, 三项标兵, 二次创业: names, not counts
    if "的" in norm[end : end + 12] and _ENTITY_AFTER_DE.match(norm[end : end + 20]):
        return None  # 参保人数30人以上的企业: a condition on the subject, not a fact
    start = m.start(_G_PRE + 1) if pre else num_start
    if not chinese and (sign := _sign(norm, num_start)):
        v, start = -v, min(start, num_start - sign)
    return Quantity(
        start,
        end,
        num_start,
        as_number(v),
        unit,
        _approx(pre, mid, post, rng) if (pre or mid or post or rng) else None,
        mag,
        masked,
        damaged,
        chinese,
    )


_PER_TIME = re.compile(r"[月年]")
_EACH_BEFORE = re.compile(r"每[人户个]?(?:每?[年月])?(?:按)?\s*$")


def per_unit(norm: str, num_start: int, per: str) -> str:
    """The unit of an amount per month or year, as written (元/月, 元/人、月), unless 每 before the number says it.

    >>> per_unit("分散供养标准860元/月", 8, "/月"), per_unit("月人均支出410.5元/人、月", 7, "/人、月")
    ('元/月', '元/人、月')
    >>> per_unit("筹资标准每人160元/年", 6, "/年")
    '元'
    """
    if _EACH_BEFORE.search(norm, max(0, num_start - 6), num_start):
        return "元"  # 每人160元/年: the name already says per what
    return "元" + per.strip()


def _sign(norm: str, num_start: int) -> int:
    """How many characters before the number make it negative: 为-1.3‰ (a minus after words), 负37元.

    >>> _sign("增长率为-0.5‰", 5), _sign("财产性收入负64元", 6), _sign("1-5月", 2), _sign("负责64户", 2)
    (1, 1, 0, 0)
    """
    before = norm[num_start - 1 : num_start]
    if before == "负":
        return 1
    if before == "-" and num_start >= 2 and norm[num_start - 2] in _BEFORE_MINUS:
        return 1
    return 0


_BEFORE_MINUS = frozenset("为是:,(达至到")


def _value(s: str) -> float | int | None:
    if s[0].isdigit():
        return parse_arabic(s)
    return parse_cn(s)
