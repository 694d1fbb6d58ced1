"""What a document says about itself: its title, year, default period, region, and whether it is a plan.

>>> ctx = document_context("民政局2023年上半年工作总结\\n全区有学校16所。")
>>> ctx.title, ctx.year, ctx.period, ctx.plan
('民政局2023年上半年工作总结', 2023, '2023H1', False)
>>> c = document_context("区民政局工作报告20xx年,区民政局认真贯彻落实…")
>>> c.title, c.year, c.period, c.anonymised
('区民政局工作报告', None, None, True)
>>> document_context("盐田区2024年民政工作要点\\n…", region=None).region
'盐田区'
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text.lexicon import PLACE_LIKE
from warehouse.periods import PeriodError, from_label, is_valid, parse

__all__ = ["DocContext", "document_context", "find_title", "genre_of", "label_period"]

_REPORT_WORD = r"总结|报告|要点|计划|公报|汇报|通报|规划|方案|打算|安排|情况|简报"
_TITLE_LABEL = re.compile(r"(?:文章标题|标题|题目)\s*[:：]\s*(?P<t>[^\n]{4,60})")
_TITLE_WORD = re.compile(rf"(?:{_REPORT_WORD})")
_RUN_ON = re.compile(
    rf"^\s*(?P<t>[^,。;:\n]{{2,40}}?(?:{_REPORT_WORD}))(?=\s*(?:(?:19|20)\d\d|20[xX_*]{{1,2}}|[xX]{{2}})\s*年)"
)
_YEAR_PERIOD = re.compile(
    r"(?P<y>(?:19|20)\d{2}|20[xX_*]{1,2}|[xX]{2})\s*年(?:度)?"
    r"(?P<p>上半年|下半年|前三季度|第?[一二三四]季度|1\s*[-~至]\s*\d{1,2}\s*月(?:份)?|\d{1,2}\s*月(?:份)?(?!\d{0,2}日))?"
)
_OPENING_REST = r"\s*(?P<y>(?:19|20)\d{2}|20[xX_*]{1,2}|[xX]{2})\s*年(?P<p>度|上半年|下半年)?\s*[,，]"
_OPENING_AT_START = re.compile(_OPENING_REST)
_OPENING_AFTER_LINE = re.compile("\n" + _OPENING_REST)  # a literal first character: the engine skips to each line


def _opening_search(text: str) -> re.Match[str] | None:
    """What ``re.search(r"(?:^|\n)" + _OPENING_REST, text)`` finds: a year opening the text or one of its lines."""
    return _OPENING_AT_START.match(text) or _OPENING_AFTER_LINE.search(text)


_LINE = re.compile(r"[^\n]+")
_PLAN_TITLE = re.compile(r"要点|计划|打算|安排|思路|设想|方案|目标任务")
_REGION = re.compile(
    r"^(?P<r>[\u4e00-\u9fffxX*某]{1,8}?(?:自治州|自治县|地区|高新区|开发区|新区|街道|省|市|区|县|镇|乡|旗))"
)
# Endings that name a place but not a region of their own (青山区 and 幸福社区 are regions; 工业园区 is not).
_NOT_REGION_END = ("园区", "小区", "片区", "景区", "校区", "辖区", "库区", "街区", "老区")
_NOT_REGION = (*PLACE_LIKE, "全", "我", "本", "关于", "对于")
_FUNCTION_CHARS = "对向为在从由给按据经"


@dataclass
class DocContext:
    """The document-level defaults the classifier falls back on."""

    title: str | None = None
    title_span: tuple[int, int] | None = None
    year: int | None = None
    period: str | None = None
    region: str | None = None
    plan: bool = False
    anonymised: bool = False
    period_stated: bool = False  # the period came from the caller or the title, not from the body's opening
    period_source: str | None = None  # where ``period`` was written: option, title, heading or paragraph
    region_source: str | None = None  # option or title
    genre: str | None = None  # 总结, 要点 (a plan: its figures are targets), 公报 or 月报
    dated: int | None = None  # the year of the dateline (when the page was published): what 今年 counts from
    # when the text writes no year of its own; never a period by itself


def find_title(norm: str, limit: int = 20) -> tuple[str | None, tuple[int, int] | None]:
    """The report's title among its first lines (web chrome already blanked): a 文章标题 label, else the first
    line that names a report (工作总结, 工作要点…), else the first short line with Chinese text."""
    lines: list[tuple[int, str]] = []
    for m in _LINE.finditer(norm):
        if m.group(0).strip():
            lines.append((m.start(), m.group(0)))
            if len(lines) == limit:
                break  # the first ``limit`` lines with text, without walking the rest of the document
    for pos, line in lines:
        m = _TITLE_LABEL.search(line)
        if m:
            t = m.group("t").strip()
            return t, (pos + m.start("t"), pos + m.start("t") + len(t))
    for pos, line in lines:
        s = line.strip()
        if 6 <= len(s) <= 60 and _TITLE_WORD.search(s) and not re.search(r"[。;,]", s):
            a = pos + line.index(s)
            return s, (a, a + len(s))
        m = _RUN_ON.match(line)
        if m and re.search(r"[。;,]", s):
            return m.group("t").strip(), (pos + m.start("t"), pos + m.end("t"))
    for pos, line in lines:
        s = line.strip()
        if 4 <= len(s) <= 40 and len(re.findall(r"[\u4e00-\u9fff]", s)) >= 4 and not re.search(r"[。,;]", s):
            a = pos + line.index(s)
            return s, (a, a + len(s))
    return None, None


def label_period(year: str, p: str | None) -> str | None:
    """A period code from a year and a period word; None when the year is anonymised (20xx).

    >>> label_period("2023", "上半年"), label_period("2012", "1-10月"), label_period("20xx", None)
    ('2023H1', '2012YTD10', None)
    """
    if not year.isdigit():
        return None
    try:
        return from_label(f"{year}年{p or ''}")
    except PeriodError:
        return None


def document_context(
    norm: str,
    *,
    title: str | None = None,
    region: str | None = None,
    period: str | None = None,
    header: str = "",
) -> DocContext:
    """Title, year, default period, region and plan-ness of a document (``period``/``region`` override).
    ``header`` is the top of the text before web chrome was blanked: its dateline may name the source office."""
    found, span = find_title(norm)
    ctx = DocContext(title=title or found, title_span=span if (title is None or title == found) else None)
    if period and is_valid(period):
        ctx.period, ctx.year, ctx.period_stated, ctx.period_source = period, parse(period).year, True, "option"
    else:
        for k, source in enumerate((ctx.title or "", _head_headings(norm), _opening(norm))):
            m = _YEAR_PERIOD.search(source)
            if m:
                ctx.period_stated = k == 0
                ctx.period_source = ("title", "heading", "paragraph")[k]
                ctx.period = label_period(m.group("y"), m.group("p"))
                ctx.anonymised = ctx.period is None
                ctx.year = int(m.group("y")) if m.group("y").isdigit() else None
                break
    m = _DATELINE.search(header or norm, 0, 1500)
    ctx.dated = int(m.group(1)) if m else None
    if ctx.period_source in ("heading", "paragraph") and ctx.period is not None and len(ctx.period) == 4:
        ctx.period = _body_span(norm, ctx.period) or ctx.period
    ctx.region = region or _title_region(ctx.title or "") or _dateline_region(header or norm)
    ctx.region_source = "option" if region else "title" if ctx.region else None
    t = ctx.title or ""
    ctx.genre = genre_of(t, ctx.period)
    ctx.plan = ctx.genre == "要点"
    return ctx


def genre_of(title: str, period: str | None) -> str | None:
    """The kind of document a title names: 要点 (plans, 方案, 目标任务), 月报 (a month's release), 公报, or 总结.

    >>> genre_of("某县2025年民政工作要点", "2025"), genre_of("某市2020年7月民政统计监测报告", "2020M07")
    ('要点', '月报')
    >>> genre_of("某区2023年国民经济和社会发展统计公报", "2023"), genre_of("2023年上半年工作总结及下半年工作打算", None)
    ('公报', '总结')
    """
    if _PLAN_TITLE.search(title) and not re.search(r"总结|报告|情况|汇报", title):
        return "要点"
    if period is not None and "M" in period and re.search(r"月报|统计|监测|数据", title):
        return "月报"
    if "公报" in title:
        return "公报"
    if re.search(r"总结|报告|情况|汇报", title):
        return "总结"
    return None


def _head_headings(norm: str) -> str:
    """Short lines near the top that carry a year and a report word (2023年上半年工作总结)."""
    for m in re.finditer(r"[^\n]+", norm[:2000]):
        s = m.group(0).strip()
        if len(s) <= 40 and _YEAR_PERIOD.search(s) and _TITLE_WORD.search(s):
            return s
    return ""


def _opening(norm: str) -> str:
    m = _opening_search(norm[:3000])
    if m:
        return m.group(0)
    # A year followed by a comma near the top, unless it dates an event (成立于1998年,) or is a comparison base.
    m = re.search(
        r"(?<![于从由自比较])(?P<y>(?:19|20)\d{2}|20[xX_*]{1,2})\s*年(?P<p>度|上半年|下半年)?\s*[,，]", norm[:600]
    )
    return m.group(0) if m else ""


_SPAN_OPENING = re.compile(r"(?:^|(?<=[\n。;!?]))\s*(上半年|下半年|前三季度|第?[一二三]季度)\s*,")


def _body_span(norm: str, year: str) -> str | None:
    """The part of the year a report without a title covers, when its paragraphs keep opening with the same one
    (上半年,… twice or more, and no other): a half-year news report states its year once and 上半年 throughout.

    >>> _body_span("2014年,我县…。\\n上半年,新增就业300人。\\n上半年,新建学校2所。", "2014")
    '2014H1'
    >>> _body_span("2014年,我县…。\\n上半年,新增就业300人。\\n下半年,新建学校2所。", "2014") is None
    True
    """
    spans = [m.group(1) for m in _SPAN_OPENING.finditer(norm)]
    if len(spans) < 2 or len(set(spans)) > 1:
        return None
    return label_period(year, spans[0])


_DATELINE = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*(?:年\s*\d{1,2}\s*月\s*\d{1,2}\s*日|-\d{1,2}-\d{1,2}(?!\d))")
_DATELINE_SOURCE = re.compile(r"来源\s*:\s*(?P<r>[^\s,:|]{2,20})")


def _dateline_region(norm: str) -> str | None:
    """The region of the office a dateline names as the source (来源: 怀远县退役军人局 → 怀远县), near the top.

    >>> _dateline_region("标题\\n发布时间:2024-03-01 来源: 松溪县民政局 浏览量:"), _dateline_region("来源:人民网")
    ('松溪县', None)
    """
    m = _DATELINE_SOURCE.search(norm, 0, 1500)
    return _title_region(m.group("r")) if m else None


def _title_region(title: str) -> str | None:
    m = _REGION.match(title.strip())
    if not m:
        return None
    r = m.group("r")
    if len(r) < 3 and r[0] in _FUNCTION_CHARS:
        return None  # 对省政府…方案: a preposition before 省, not a place named 对省
    if len(r) < 2 or r.startswith(_NOT_REGION) or r.endswith(_NOT_REGION_END) or r in _NOT_REGION:
        return None
    return r


def part_period(text: str) -> tuple[str | None, int | None, bool]:
    """The reporting period a report on a multi-report page states for itself (2020年上半年, …).

    >>> part_period("…\\n2020年上半年,在上级部门领导下…"), part_period("\\n20__年度,我镇…")
    (('2020H1', 2020, False), (None, None, True))
    """
    m = _opening_search(text)
    if not m:
        return None, None, False
    y = m.group("y")
    code = label_period(y, m.group("p") if m.group("p") != "度" else None)
    return code, (int(y) if y.isdigit() else None), code is None
