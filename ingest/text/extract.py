"""The pipeline: normalise → segment → quantities → sentences (names, changes, parts) → kind/period/region →
plausibility → :class:`~ingest.model.FactRecord` with quote and span into the original text.

>>> facts = extract("民政局2023年上半年工作总结\\n有残疾人1830人,特困残疾人212人,分别较上年增加96人和11人。")
>>> [(f.indicator, f.value, f.unit, f.period, f.change.amount) for f in facts]
[('残疾人', 1830, '人', '2023H1', 96), ('特困残疾人', 212, '人', '2023H1', 11)]
"""

from __future__ import annotations

import itertools
import re
from bisect import bisect_right
from collections import Counter, defaultdict

from ingest.model import FactRecord
from ingest.text.classify import may_state_periods, period_marks, resolve_marks, set_kinds
from ingest.text.context import DocContext, document_context, part_period
from ingest.text.draft import Draft
from ingest.text.naming import clean_left
from ingest.text.normalise import blank_boilerplate, normalise
from ingest.text.numerals import as_number
from ingest.text.quantities import find_quantities
from ingest.text.regions import named_region
from ingest.text.segment import Segmented, segment
from ingest.text.sentence import Topic, analyse
from ingest.text.structure import assign_parents
from ingest.text.suspect import check
from ingest.text.timeline import Governing, Timeline

__all__ = ["extract"]


def extract(
    text: str, *, region: str | None = None, period: str | None = None, title: str | None = None
) -> list[FactRecord]:
    """Every quantitative fact stated in ``text``, in text order. Pure and deterministic.

    ``region``/``period`` are the document's (they win over what the title says); ``title`` is used when the text
    does not carry its own title line.
    """
    plain = normalise(text)
    norm = blank_boilerplate(plain)
    ctx = document_context(norm, title=title, region=region, period=period, header=plain[:1500])
    if ctx.title_span is not None and not _HEADLINE.search(norm, *ctx.title_span):
        a, b = ctx.title_span
        norm = norm[:a] + " " * (b - a) + norm[b:]
    seg = segment(norm, plan_document=ctx.plan, plan_from=ctx.title_span[0] if ctx.title_span else 0)
    parts = _part_contexts(seg, ctx)
    by_sentence: dict[int, list] = defaultdict(list)
    starts = seg.starts
    for q in find_quantities(norm):
        by_sentence[max(0, bisect_right(starts, q.num_start) - 1)].append(q)  # seg.sentence_at, inlined
    topic = Topic()
    drafts: list[Draft] = []
    timeline = Timeline(ctx, parts)
    lines = [0, *(m.end() for m in _NEWLINE.finditer(norm))]
    heading_lines = {h.start for h in seg.headings if h.level > 0 or not h.marked}
    dated = may_state_periods(seg)
    for si in sorted(dated.union(by_sentence)):  # the rest is prose with nothing to extract and no period to learn
        s = seg.sentences[si]
        tokens = by_sentence.get(si)
        marks = [m for m in period_marks(norm, s.start, s.end) if not _quoted(norm, s.start, m.start())]
        if not tokens and not marks:
            continue
        line = lines[bisect_right(lines, s.start) - 1]
        gov = timeline.governing(s.part, line)
        heading = line in heading_lines and not norm[line : s.start].strip()
        ds = analyse(seg, si, tokens, topic) if tokens else []
        if ds:
            assign_parents(norm, ds, s.start, s.end)
            resolved = resolve_marks(marks, gov.year, gov.code, gov.anchor)
            place = None
            for d in ds:
                k = _last_before(marks, d.q.start)
                if d.old:
                    d.period, d.period_source = None, None
                elif k >= 0 and not _passing(norm, marks[k], resolved[k][0], gov, d.q.start):
                    d.period, d.period_source = resolved[k][0], "sentence"
                    year = resolved[k][1]
                    if year is not None and gov.year is not None and year > gov.year and d.kind == "actual":
                        d.kind = "target"  # 明年…, 到2027年…: a figure for a later year than the report's is a goal
                else:
                    d.period, d.period_source = gov.code, gov.source if gov.code else None
                here = named_region(norm[d.clause[0] : d.q.start])
                bare = d.name.removeprefix("在")
                if here and bare.startswith(here):
                    d.name = clean_left(bare[len(here) :])[0] or d.name  # 东湖街道有社区8个 → 社区
                if here:
                    place, d.region_source = here, "sentence"
                elif place:
                    d.region_source = "sentence"
                else:
                    d.region_source = ctx.region_source if ctx.region else None
                d.region = place or ctx.region
            drafts.extend(ds)
        if marks:
            timeline.learn(norm, marks, s.start, ds[0].q.start if ds else None, heading=heading)
    if ctx.title_span is not None and timeline.first is not None:
        for d in drafts:  # a headline figure above the body: the body's first year is the one it restates
            if d.q.start < ctx.title_span[1] and d.period is None:
                d.period, d.period_source = timeline.first.code, "paragraph"
    set_kinds(seg, drafts)
    check(drafts, year=ctx.year)
    return _records(text, drafts)


_NEWLINE = re.compile("\n")
_HEADLINE = re.compile(r"[\u4e00-\u9fff]\s*\d+(?:\.\d+)?\s*[万亿]?(?:人|元|户|个|所|家|亿|万|%)")
MAX_QUOTE = 300
"""Longest quote: a fact quotes its clause, and a clause that runs on (no punctuation) is cut around its number."""


def _quoted(norm: str, start: int, pos: int) -> bool:
    """True when ``pos`` sits inside a title in 《》 or a quotation opened in the same sentence: the year of
    《2021-2025年养老服务规划》 is part of a name, not a period.

    >>> _quoted("按照《2022年考核办法》,全区", 0, 3), _quoted("《办法》2022年", 0, 5)
    (True, False)
    """
    return norm.rfind("《", start, pos) > norm.rfind("》", start, pos) or norm.rfind("“", start, pos) > norm.rfind(
        "”", start, pos
    )


def _passing(norm: str, mark: re.Match[str], code: str | None, gov: Governing, pos: int) -> bool:
    """A bare 今年 naming the year in force reaches only its clause: 今年投入48万元,截至目前已支出12万元 — the
    second figure is the report's own period."""
    return (
        mark.group("rel") in ("今年", "本年")
        and not mark.group("p")
        and gov.code is not None
        and code == f"{gov.year}"
        and norm.find(",", mark.end(), pos) >= 0
    )


def _last_before(marks: list[re.Match[str]], pos: int) -> int:
    """Index of the last of ``marks`` that ends at or before ``pos``, else -1."""
    k = -1
    for i, m in enumerate(marks):
        if m.end() > pos:
            break
        k = i
    return k


def _part_contexts(seg: Segmented, ctx: DocContext) -> dict[int, tuple[int | None, str | None]]:
    """A multi-report page (篇(1), 篇(2)…): each report's own year and period, when it states them."""
    starts = [h.start for h in seg.headings if h.level == 0]
    out: dict[int, tuple[int | None, str | None]] = {}
    bounds = [*starts, len(seg.norm)]
    for k, (a, b) in enumerate(itertools.pairwise(bounds), start=1):
        code, year, anonymised = part_period(seg.norm[a:b])
        if code or anonymised:
            out[k] = (year, code)
        elif ctx.period is None or (len(starts) > 1 and not ctx.period_stated):
            # One report's opening year says nothing about the others on the page; the year its own dates
            # name (2012年7月起, 2012年11月18日) does, when they agree.
            y = _dominant_year(seg.norm[a:b])
            out[k] = (y, str(y) if y else None)
    return out


_YEAR = re.compile(r"(?<!\d)((?:19|20)\d{2})\s*年")


def _dominant_year(text: str) -> int | None:
    """The year most dates in ``text`` name, when at least two do and they make up most mentions.

    >>> _dominant_year("2012年7月起…2012年11月18日…2011年"), _dominant_year("2012年"), _dominant_year("无")
    (2012, None, None)
    """
    years = Counter(_YEAR.findall(text))
    if not years:
        return None
    y, n = years.most_common(1)[0]
    return int(y) if n >= 2 and n / sum(years.values()) >= 0.6 else None


def _records(text: str, drafts: list[Draft]) -> list[FactRecord]:
    index = {id(d): i for i, d in enumerate(drafts)}
    out: list[FactRecord] = []
    for d in drafts:
        a, b = d.clause
        b = max(b, d.span_end or b, d.q.end)
        a = min(a, d.q.start)
        if b - a > MAX_QUOTE:  # a clause without punctuation: the words around the number, not the whole run
            a = max(a, d.q.start - MAX_QUOTE * 2 // 3)
            b = min(b, max(a + MAX_QUOTE, d.q.end))
        while a < b and text[a] in " \t\u3000\n":
            a += 1
        while b > a and text[b - 1] in " \t\u3000\n":
            b -= 1
        v = d.q.value if d.value is None else d.value
        out.append(
            FactRecord(  # positional, in field order: indicator, value, unit, region, period, approx, kind, quote, …
                d.name,
                as_number(float(v)),  # 2271 as stated, not 2271.0
                d.q.unit or "",
                d.region,
                d.period,
                d.q.approx,
                d.kind,
                text[a:b],
                (a, b),
                d.change,
                bool(d.reasons),
                ";".join(d.reasons) or None,
                index.get(id(d.parent)) if d.parent is not None else None,
                period_source=d.period_source if d.period is not None else None,
                region_source=d.region_source if d.region is not None else None,
            )
        )
    return out
