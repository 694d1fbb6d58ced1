"""Stage 6 — kind (actual / target / relative) and period of each fact (regions: :mod:`ingest.text.regions`).

>>> find_period("1-5月为6315人次低保户发放低保金", 2023, "2023H1")
'2023YTD05'
>>> find_period("截至6月底,已完成缴费22人", 2020, "2020H1"), find_period("全年发放低保金", 2023, "2023H1")
('2020M06', '2023')
>>> find_period("社区23个,较上年增加3个", 2023, "2023H1"), find_period("上半年出生500人", None, None)
('2023H1', None)
>>> find_period("2012年1~10月,全市参保人数", None, None), find_period("今年6月至9月核查", 2020, "2020H1")
('2012YTD10', '2020')
>>> is_target_cue("力争使参保面达到"), is_target_cue("按计划推进"), is_target_cue("社会建设行动计划")
(True, False, False)
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.text.context import label_period
from ingest.text.draft import Draft
from ingest.text.segment import Segmented
from warehouse.periods import PeriodError, from_label

__all__ = [
    "find_period",
    "is_target_cue",
    "may_state_periods",
    "period_before",
    "period_marks",
    "range_period",
    "resolve_marks",
    "set_kinds",
    "stated_period",
]

_TARGET = re.compile(
    r"力争|预计|预期|目标(?:是|为|:)|"
    r"(?<![动升展设作度年项点按照原])计划(?!生育|单列|外|书|内|经济|的|,|。)|"
    r"(?<=年)计划(?=新|建|投|完|开|实|筹|招|发|举|组|培|改|增|用|安排)|"
    r"(?<![发展体项长五总])规划(?!设计|编制|局|院|内容|布局|范围|的|,|。)|"
    r"(?<!新)拟(?=[新建投完开实筹招])|所需|共需|年需|全年需|尚需|还需|需(?=补助|资金|投入|安排)|要求(?:的|达到)"
)
_TARGET_CHAR = re.compile(r"[争计期标划拟需求]")  # every cue word has one of these
_ACTUAL = re.compile(r"^\s*(?:已|已经|目前|现有|实际|完成了|实现了|月享受|享受|共有)")
_TARGET_AFTER = re.compile(r"^(?:以上|左右)?(?:的(?:目标|任务|要求)|任务数|目标数)")
# A goal or quota named right before its figure: 全年目标任务1200人, 省定任务502人 (its completion rate is actual).
_TARGET_RIGHT_BEFORE = re.compile(r"(?:目标|任务)(?:数|为|是)?\s*$")
# A clause that opens a list of goals or quotas: 主要预期目标是:, 下达的任务包括:, 通过了…预期目标,就是
_LIST_OPEN = re.compile(r"(?:目标|任务|指标)[^,。;:\n]{0,4}?(?:是|为|包括|如下)?\s*(?::|,\s*就是|,\s*即)")
_CLAUSE_SPLIT = re.compile(r"[,;:]")


def is_target_cue(text: str) -> bool:
    """True when ``text`` (the words before a number) states a plan, forecast or requirement."""
    return bool(_TARGET.search(text))


def set_kinds(seg: Segmented, drafts: list[Draft]) -> None:
    """Targets: a plan section, or a cue (力争, 预计, 计划投资, 共需…) earlier in the sentence whose reach is not
    cut by a clause of achievements (已…, 目前…); parts of a target are targets."""
    norm = seg.norm
    listed = goal_lists(seg)
    sent, cues = -1, []
    for d in drafts:
        if d.kind == "relative":
            continue
        s = seg.sentences[d.sent]
        if (
            s.plan
            or _TARGET_AFTER.match(norm[d.q.end : d.q.end + 6])
            or _TARGET_RIGHT_BEFORE.search(norm, max(s.start, d.q.start - 6), d.q.start)
            or (d.sent in listed and d.q.start >= listed[d.sent])
        ):
            d.kind = "target"
            continue
        if d.sent != sent:
            # One scan per sentence: no cue word runs into a number or looks past one, so the cues before a number
            # are the ones a scan of the words before it alone would find.
            sent, cues = d.sent, []
            if _TARGET_CHAR.search(norm, s.start, s.end):
                cues = [m for m in _TARGET.finditer(norm, s.start, s.end) if not _in_name(norm, s.start, m.start())]
        last = None
        for m in cues:
            if m.end() > d.q.start:
                break
            last = m
        if last is None:
            continue
        between = norm[last.end() : d.q.start]
        clauses = _CLAUSE_SPLIT.split(between)
        if "需" in last.group(0) and len(clauses) > 1:
            continue  # 共需资金412.8万元,省级补助251.6万元: a requirement covers its own amount, not the sources
        if not any(_ACTUAL.match(c) for c in clauses[1:]):
            d.kind = "target"
    for d in drafts:
        if d.parent is not None and d.parent.kind == "target" and d.kind == "actual":
            d.kind = "target"


def _in_name(norm: str, start: int, pos: int) -> bool:
    """True inside a title in 《》 opened in the same sentence: 按照《养老服务规划》 states no plan of its own."""
    return norm.rfind("《", start, pos) > norm.rfind("》", start, pos)


def goal_lists(seg: Segmented) -> dict[int, int]:
    """Sentences inside a list of goals, each with where its goals start: the list opens at a clause such as
    主要预期目标是: and runs over items cut by ; or line breaks until a sentence ends with 。 (or a blank line).

    >>> from ingest.text.segment import segment
    >>> seg = segment("预期目标是:\\n◆增长5%;\\n◆粮食1270万吨。\\n全年增长4.8%。")
    >>> [seg.norm[s.start : s.end] for i, s in enumerate(seg.sentences) if i in goal_lists(seg) and s.end > s.start]
    ['预期目标是:', '◆增长5%', '◆粮食1270万吨']
    """
    norm, sentences = seg.norm, seg.sentences
    out: dict[int, int] = {}
    for m in _LIST_OPEN.finditer(norm):
        i = seg.sentence_at(m.start())
        if i in out:
            continue
        out[i] = m.end()
        while i < len(sentences):
            s = sentences[i]
            after = norm[s.end : s.end + 2]
            if not after or after[0] in "。!?" or after == "\n\n":
                break  # the list ends with its sentence's full stop, or at a blank line
            i += 1
            out.setdefault(i, sentences[i].start if i < len(sentences) else len(norm))
    return out


_TIME = re.compile(
    r"(?=[\d今本当去明上下前第全年秋春一截止至到])(?<![较比与持于同])"  # where a period can start (the cheap test first)
    r"(?:(?P<y>(?:19|20)\d{2}|20[xX_*]{1,2})\s*年(?!至今|以来|前|同期|底前)(?:度)?|(?P<rel>今年|本年|当年|去年|明年))?"
    r"(?P<p>上半年|下半年|前三季度|第?[一二三四]季度|全年|年底|年末|今秋|秋季|今春|春季|"
    r"(?:1|一)\s*[-~至到]\s*(?P<m1>\d{1,2})\s*月(?:份)?(?!\d{0,2}日)|"
    r"前(?P<m2>\d{1,2})个月|"
    r"(?:截至|截止|至|到)\s*(?:(?P<y2>(?:19|20)\d{2})\s*年)?(?P<m3>\d{1,2})\s*月(?:底|末|份)?(?!\d{0,2}日)|"
    r"(?P<m4>\d{1,2})\s*月(?:底|末)(?!前)|"
    r"(?P<m5>\d{1,2})\s*(?:月(?:份)?)?\s*[-~至到]\s*(?P<m5e>\d{1,2})\s*月(?:份)?(?!\d{0,2}日)|"
    r"(?P<m6>\d{1,2})\s*月份(?!\s*[-~至到]|\d{0,2}日)|"  # 9月份: one month, a period of its own
    r"(?P<m7>\d{1,2})\s*月(?=\s*[,:])|当月|本月)?"  # 2020年7月,… opens a monthly figure
    r"(?<=[年度月季底末秋春份])"  # every period ends so; without this the all-optional pattern matches everywhere
)
# Every period _TIME accepts holds one of these: a 月, 季, 秋 or 春, a 年 after a year's digits (or 20xx, or a space),
# after 半/全 or 今/本/当/去/明, or a 年 before 底/末. 较上年 alone is not a period.
_PERIOD_CHAR = re.compile(r"[月季秋春]|[半全今本当去明\dxX_*\s]年|年[底末]")


def find_period(before: str, year: int | None, default: str | None) -> str | None:
    """The period of a fact from the words before it in its sentence, else the document's period.

    ``year`` is the document's year (None when anonymised); a clause that names its own year overrides it.
    """
    stated, code = stated_period(before, year, default)
    return code if stated else default


@lru_cache(maxsize=4096)
def stated_period(before: str, year: int | None, default: str | None = None) -> tuple[bool, str | None]:
    """``(True, code)`` when ``before`` states a period itself (code None when its year is anonymised), else
    ``(False, None)``.

    >>> stated_period("2012年1~10月,全市参保人数", None), stated_period("全市参保人数", 2012)
    ((True, '2012YTD10'), (False, None))
    """
    best = None
    for m in _TIME.finditer(before):
        if m.group(0) and (m.group("y") or m.group("rel") or m.group("p") or m.group("y2")):
            best = m
    if best is None:
        return False, None
    return True, _stated_code(best, year, default)


def may_state_periods(seg: Segmented) -> set[int]:
    """The sentences that can state a period (one scan of the text for the characters every period holds)."""
    return {seg.sentence_at(m.start()) for m in _PERIOD_CHAR.finditer(seg.norm)}


def period_marks(norm: str, start: int, end: int) -> list[re.Match[str]]:
    """Every period expression in ``norm[start:end]``, in order (one scan per sentence, shared by its facts)."""
    if not _PERIOD_CHAR.search(norm, start, end):
        return []  # no period can be stated here
    return [
        m
        for m in _TIME.finditer(norm, start, end)
        if m.group(0) and (m.group("y") or m.group("rel") or m.group("p") or m.group("y2"))
    ]


def period_before(marks: list[re.Match[str]], pos: int, year: int | None, default: str | None) -> str | None:
    """The period the last of ``marks`` ending before ``pos`` states, else ``default`` (as :func:`find_period`)."""
    best = None
    for m in marks:
        if m.end() > pos:
            break
        best = m
    return default if best is None else _stated_code(best, year, default)


def resolve_marks(
    marks: list[re.Match[str]], year: int | None, default: str | None, anchor: int | None = None
) -> list[tuple[str | None, int | None]]:
    """``(code, year)`` of each of a sentence's period ``marks``, in order: a year written in the sentence is what
    its later 今年 and 上半年 count from (2020年一季度…今年一季度 → 2020Q1 twice). Without a year, ``anchor`` (the
    year a page is dated) is what 今年/去年/明年 alone count from.

    >>> from ingest.text.classify import period_marks
    >>> s = "2020年一季度落实情况,今年一季度发放"
    >>> resolve_marks(period_marks(s, 0, len(s)), 2021, "2021")
    [('2020Q1', 2020), ('2020Q1', 2020)]
    """
    out: list[tuple[str | None, int | None]] = []
    y = year
    for m in marks:
        written = m.group("y") or m.group("y2")
        code = _stated_code(m, y if y is not None or not m.group("rel") else anchor, default)
        if written is not None:
            y = int(written) if written.isdigit() else None
            own = y
        elif m.group("rel") and (y if y is not None else anchor) is not None:
            base = y if y is not None else anchor
            own = base - 1 if m.group("rel") == "去年" else base + 1 if m.group("rel") == "明年" else base
        else:
            own = y
        out.append((code, own))
    return out


def _stated_code(best: re.Match[str], year: int | None, default: str | None) -> str | None:
    y_text = best.group("y") or best.group("y2")
    if y_text is not None:
        if not y_text.isdigit():
            return None
        y = int(y_text)
    elif best.group("rel"):
        if year is None:
            return None
        y = year - 1 if best.group("rel") == "去年" else year + 1 if best.group("rel") == "明年" else year
    else:
        y = year
    p = best.group("p")
    if y is None:
        return None
    if p is None:
        since = best.string.startswith("以来", best.end())  # 今年以来: the report's own span so far
        if since and best.group("rel") in ("今年", "本年", "当年") and default and default.startswith(str(y)):
            # so far this year: the report's own span, or up to the end of the month a paragraph stands at
            return default.replace("M", "YTD") if default[4:5] == "M" else default
        return f"{y:04d}"
    if p in ("当月", "本月"):
        return default if default and default.startswith(f"{y:04d}M") else None
    return _code(y, best)


@lru_cache(maxsize=1024)
def _from_label(label: str, year: int) -> str:
    return from_label(label, year=year)


def _code(y: int, m: re.Match[str]) -> str | None:
    p = m.group("p")
    if p in ("全年", "年底", "年末"):
        return f"{y:04d}"
    if p in ("今秋", "秋季"):
        return f"{y:04d}H2"
    if p in ("今春", "春季"):
        return f"{y:04d}H1"
    if m.group("m1"):
        label = f"1-{m.group('m1')}月"
    elif m.group("m2"):
        label = f"前{m.group('m2')}个月"
    elif m.group("m3"):
        label = f"{m.group('m3')}月"
    elif m.group("m4"):
        label = f"{m.group('m4')}月"
    elif m.group("m5"):
        return range_period(int(m.group("m5")), int(m.group("m5e")), y)
    elif (m.group("m6") or m.group("m7")) and 1 <= int(m.group("m6") or m.group("m7")) <= 12:
        return f"{y:04d}M{int(m.group('m6') or m.group('m7')):02d}"
    else:
        label = p
    try:
        return _from_label(label, y)
    except PeriodError:
        return label_period(str(y), None)


def range_period(first: int, last: int, year: int) -> str:
    """The period of a range of months: from January it is cumulative, a quarter's months are the quarter, July to
    December the second half; any other range is a span inside the year (3月至5月开展排查), so the year.

    >>> range_period(1, 10, 2023), range_period(7, 9, 2023), range_period(7, 12, 2023), range_period(3, 5, 2023)
    ('2023YTD10', '2023Q3', '2023H2', '2023')
    """
    if first == 1 and 1 < last <= 12:
        return f"{year:04d}YTD{last:02d}"
    if last - first == 2 and first in (4, 7, 10):
        return f"{year:04d}Q{(first + 2) // 3}"
    if (first, last) == (7, 12):
        return f"{year:04d}H2"
    return f"{year:04d}"
