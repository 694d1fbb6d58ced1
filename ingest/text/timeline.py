"""Which period governs each sentence: the document read in text order, as a reader does.

A period written once governs what follows until another is written. The title (or the caller's ``--period``)
sets it first; a heading that names a period (二、2024年工作计划, (一)上半年工作) governs its section; a period
that opens a paragraph's sentence (2018年全县…, 截至2020年7月底,…) or that a sentence without figures states
(…2023年度人口抽样调查结果出炉。) governs the rest of that paragraph, and its year governs later paragraphs too.
Event dates (2003年2月实行…, 2023年11月1日) and comparison bases (比2022年) govern nothing. Each fact learns
where its period came from: ``sentence``, ``paragraph``, ``heading``, ``title``, ``option`` or None.

>>> from ingest.text.context import DocContext
>>> t = Timeline(DocContext(year=2023, period="2023H1", period_source="title"))
>>> t.governing(0, 0).code, t.governing(0, 0).source
('2023H1', 'title')
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text.classify import range_period, resolve_marks
from ingest.text.context import DocContext

__all__ = ["Governing", "Timeline", "governing_marks"]


@dataclass(frozen=True, slots=True)
class Governing:
    """The period in force: its year (what 今年/去年 count from), its code, and where it was written."""

    year: int | None
    code: str | None
    source: str | None
    anchor: int | None = None  # the dateline's year: what 今年 counts from while no year is in force


# After a mark: a month and day (a date), or a month followed by anything but a period ending (an event date).
_DATE_AFTER = re.compile(r"\s*\d{1,2}\s*月(?!\s*[,:份底末])")
_EVENT_BEFORE = re.compile(r"(?:于|从|由|自|比|较|至|到)\s*$")
# 现将我局今年一季度工作情况报告如下: the report says what it covers.
_SCOPE = re.compile(r"现将[^,。;\n]{0,40}?(?:总结|报告|汇报|通报|公布)如下")


def governing_marks(norm: str, marks: list[re.Match[str]], start: int, until: int | None) -> list[re.Match[str]]:
    """The marks that can govern later sentences: those in the opening clause before ``until`` (the sentence's
    first figure; None for a sentence without figures: then any) that are not event dates nor comparison bases.

    >>> from ingest.text.classify import period_marks
    >>> s = "县残联成立于1990年,2003年2月单设,比2004年增加,2005年全县合并"
    >>> [m.group(0) for m in governing_marks(s, period_marks(s, 0, len(s)), 0, None)]
    ['2005年']
    >>> s = "2005年,全县生产总值43.9亿元,2006年增长"
    >>> [m.group(0) for m in governing_marks(s, period_marks(s, 0, len(s)), 0, s.index("43"))]
    ['2005年']
    """
    out = []
    for m in marks:
        if until is not None and (m.end() > until or norm.find(",", start, m.start()) >= 0):
            break
        if (
            m.group("m5") and range_period(int(m.group("m5")), int(m.group("m5e")), 2000) == "2000"
        ) or _DATE_AFTER.match(norm, m.end()):
            continue  # 3月至5月 is when something was done, not the period of a report
        if _EVENT_BEFORE.search(norm, max(0, m.start() - 2), m.start()):
            continue
        out.append(m)
    return out


class Timeline:
    """The governing period, walked sentence by sentence (call :meth:`governing` before, :meth:`learn` after)."""

    def __init__(self, ctx: DocContext, parts: dict[int, tuple[int | None, str | None]] | None = None) -> None:
        source = ctx.period_source if ctx.period or ctx.anonymised else None
        self._anchor = None if ctx.anonymised else ctx.dated
        self._doc = Governing(ctx.year, ctx.period, source, self._anchor)
        self._parts = parts or {}
        self._state = self._doc
        self._local: Governing | None = None  # a period one paragraph's opening set for the rest of it
        self._part = 0
        self._line = -1
        self.first: Governing | None = None  # the first period the body wrote: what a headline above it restates

    def governing(self, part: int, line: int) -> Governing:
        """The period in force for a sentence of ``part`` (篇) starting on the line at offset ``line``."""
        if part != self._part:
            self._part = part
            if part in self._parts:
                year, code = self._parts[part]
                self._state = Governing(year, code, "paragraph" if code else None, self._anchor)
            else:
                self._state = self._doc
            self._local = None
        if line != self._line:
            self._line, self._local = line, None
        return self._local or self._state

    def learn(self, norm: str, marks: list[re.Match[str]], start: int, until: int | None, *, heading: bool) -> None:
        """Let the last governing mark of a sentence (see :func:`governing_marks`) govern what follows; a clause
        that states what the report covers (现将今年一季度工作情况报告如下) governs as a heading does."""
        now = self._local or self._state
        resolved = resolve_marks(marks, now.year, now.code, now.anchor)
        scope = _SCOPE.search(norm, start, marks[-1].end() + 40) if marks else None
        if scope is not None:
            k = max((i for i, m in enumerate(marks) if scope.start() <= m.start() < scope.end()), default=-1)
            if k >= 0:
                code, year = resolved[k]
                self._state, self._local = Governing(year, code, "paragraph", self._anchor), None
                return
        ruling = governing_marks(norm, marks, start, until)
        if not ruling:
            return
        m = ruling[-1]
        code, year = resolved[marks.index(m)]
        if code is not None and code == f"{now.year}" and now.code is not None:
            return  # 今年, or a year named in passing, that is the year in force: its finer period stays
        if heading:
            self._state, self._local = Governing(year, code, "heading", self._anchor), None
            return
        self._local = Governing(year, code, "paragraph", self._anchor)
        if self.first is None and code is not None:
            self.first = Governing(year, f"{year:04d}" if year is not None else None, "paragraph", self._anchor)
        passing = until is None and self._state.source in ("title", "option", "heading")
        if (m.group("y") or m.group("y2") or m.group("rel")) and not passing:
            # Beyond its paragraph a period carries its year; a finer period the title gave for that year stays.
            # Where a title, heading or the caller gave the year, a sentence without figures naming another (2019年被评为…)
            # tells history: it governs its paragraph only.
            keep = year is not None and self._state.code is not None and self._state.year == year
            carried = self._state.code if keep else (f"{year:04d}" if year is not None else None)
            self._state = Governing(year, carried, self._state.source if keep else "paragraph", self._anchor)
