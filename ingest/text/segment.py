"""Stage 2 — split normalised text into sentences and clauses, and remember the section each sentence sits under.

Sentences end at 。!?; and line breaks (a 。 between digits before 万/亿 is a damaged decimal point, not an end).
Clauses end at , and : too, and at the brackets of a parenthesis that holds numbers ((高中3912人,初中5208人)); a
parenthesis without digits is part of a name (社区卫生服务中心(站)). Headings (一、 (一) 1、 篇(2) and short
unmarked lines) give each sentence its part of a multi-report page and tell whether it sits in a plan section
(下半年工作安排, 2024年工作计划, 工作打算), where figures are targets.

>>> doc = segment("一、上半年工作\\n全区有学校16所,教师900人。\\n二、下半年工作计划\\n新建学校2所。")
>>> [(doc.norm[s.start:s.end], s.plan) for s in doc.sentences if s.end > s.start]
[('一、上半年工作', False), ('全区有学校16所,教师900人', False), ('二、下半年工作计划', True), ('新建学校2所', True)]
>>> clause_bounds("有在校学生100人(高中40人,初中60人),教师9人", 0)
[(0, 9), (10, 15), (16, 21), (23, 27)]
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

__all__ = ["Heading", "Segmented", "Sentence", "clause_bounds", "is_plan_heading", "segment"]

# [!?;\n] or a 。 that is not a damaged decimal point; written to open with one character class, which lets the
# engine skip straight to candidate characters.
_SENT_END = re.compile(r"[!?;\n。](?:(?<!。)|(?!\d{1,2}\s?[万亿]))")
_LINE = re.compile(r"[^\n]+")
_MARKERS: tuple[tuple[re.Pattern[str], int], ...] = (
    (re.compile(r"^\s*(?:篇\s*\(\s*\d+\s*\)|第[一二三四五六七八九十\d]+篇)\s*"), 0),
    (re.compile(r"^\s*(?:第[一二三四五六七八九十]+部分|[一二三四五六七八九十]+\s*[、.])\s*"), 1),
    (re.compile(r"^\s*\(\s*[一二三四五六七八九十]+\s*\)\s*"), 2),
    (re.compile(r"^\s*\d{1,2}\s*[、.](?!\d)\s*"), 3),
    (re.compile(r"^\s*\(\s*\d{1,2}\s*\)\s*"), 4),
)
_PLAN_WORD = re.compile(r"计划|打算|安排|思路|要点|设想|工作重点|目标任务|主要任务")
_PLAN_WHEN = re.compile(r"\d{4}\s*年|20[xX_*]+\s*年|下半年|明年|来年|下一步|今后|下阶段|新的一年|工作")
_NOT_PLAN = re.compile(r"进展|情况|完成|总结|成效|成绩|落实|回顾|做法|经验|问题|不足|提升计划|行动计划")


@dataclass
class Heading:
    """A section heading: where it is, its level (0 = a new report on a multi-report page) and its text."""

    start: int
    level: int
    text: str
    marked: bool
    plan: bool


@dataclass(slots=True)
class Sentence:
    """A sentence span with the context it inherits from the headings above it."""

    start: int
    end: int
    part: int = 0
    plan: bool = False


@dataclass
class Segmented:
    """The normalised text cut into sentences, with headings and parts."""

    norm: str
    sentences: list[Sentence]
    headings: list[Heading] = field(default_factory=list)
    starts: list[int] = field(default_factory=list)

    def sentence_at(self, pos: int) -> int:
        """Index of the sentence containing character ``pos``."""
        return max(0, bisect_right(self.starts, pos) - 1)


def is_plan_heading(text: str) -> bool:
    """True for headings of plan sections (下半年工作安排, 2024年工作计划, 民政工作打算).

    >>> is_plan_heading("二、下半年工作安排"), is_plan_heading("(一)社会保障提升计划"), is_plan_heading("一、2023年计划进展情况")
    (True, False, False)
    """
    return bool(_PLAN_WORD.search(text) and _PLAN_WHEN.search(text) and not _NOT_PLAN.search(text))


_MARK_FIRST = frozenset("篇第一二三四五六七八九十(")  # what a heading marker opens with (else a digit)
_CUT = re.compile(r"[。!?;]")


def _headings(norm: str) -> list[Heading]:
    out: list[Heading] = []
    for m in _LINE.finditer(norm):
        line = m.group(0)
        stripped = line.strip()
        if not stripped:
            continue
        level, marked, body_at = 1, False, 0
        first = stripped[0]
        if first in _MARK_FIRST or first.isdecimal():
            for pattern, lvl in _MARKERS:
                mm = pattern.match(line)
                if mm:
                    level, marked, body_at = lvl, True, mm.end()
                    break
        elif len(stripped) > 30 or "," in stripped:
            continue  # an unmarked long line or one with a comma is prose, not a heading
        body = line[body_at:]
        cut = _CUT.search(body)
        title = body[: cut.start()] if cut else body
        if not marked and (cut or len(stripped) > 30 or "," in stripped):
            continue
        if marked and level > 0 and len(title) > 40:
            title = title[:40]
        out.append(Heading(m.start(), level, title.strip(), marked, level > 0 and is_plan_heading(title)))
    return out


def segment(norm: str, *, plan_document: bool = False, plan_from: int = 0) -> Segmented:
    """Cut ``norm`` into sentences; mark each with its part (篇) and whether it sits in a plan section (a plan
    document's sentences from ``plan_from`` on, where its title stands: a cover letter above it is not the plan)."""
    headings = _headings(norm)
    # Walk headings to know, at each heading, the part number and whether a plan section is open.
    state: list[tuple[int, int, bool]] = []  # (position, part, plan)
    part, plan_level, plan_marked = 0, None, False
    for h in headings:
        if h.level == 0:
            part += 1
            plan_level = None
        elif plan_level is not None:
            ends = (h.marked and plan_marked and h.level <= plan_level) or (not h.marked and not h.plan)
            if ends and not h.plan:
                plan_level = None
        if h.plan:
            plan_level, plan_marked = h.level, h.marked
        state.append((h.start, part, plan_level is not None))
    bounds: list[tuple[int, int]] = []
    prev = 0
    for m in _SENT_END.finditer(norm):
        if m.start() - prev > MAX_SENTENCE:
            _add_bounded(bounds, norm, prev, m.start())
        else:
            bounds.append((prev, m.start()))
        prev = m.end()
    _add_bounded(bounds, norm, prev, len(norm))
    sentences: list[Sentence] = []
    starts: list[int] = []
    # Sentence starts never decrease, so the heading each one sits under is found by walking, not by searching.
    k, n_state = -1, len(state)
    part, plan = 0, False
    for a, b in bounds:
        while a < b and norm[a] in " \u3000":
            a += 1
        while b > a and norm[b - 1] in " \u3000":
            b -= 1
        if k + 1 < n_state and state[k + 1][0] <= a:
            while k + 1 < n_state and state[k + 1][0] <= a:
                k += 1
            part, plan = state[k][1], state[k][2]
        sentences.append(Sentence(a, b, part, plan or (plan_document and a >= plan_from)))
        starts.append(a)
    return Segmented(norm, sentences, headings, starts)


MAX_SENTENCE = 500
"""Longest sentence the later stages see: a copy that lost its punctuation (a PDF page as one line) is cut into
pieces, so that every stage's work per figure stays bounded and extraction time grows linearly with the text."""
_SOFT_CUT = re.compile(r"(?<=[^\d\s])\s+(?=[^\d\s])|[,、]")


def _add_bounded(bounds: list[tuple[int, int]], norm: str, a: int, b: int) -> None:
    """Append ``(a, b)`` cut into pieces of at most :data:`MAX_SENTENCE` characters: at the last space between
    words (not inside 36.18 万人) or comma in the second half of each piece, else where no number is cut.

    >>> out = []; _add_bounded(out, "甲" * 400 + " " + "乙" * 400, 0, 801); out
    [(0, 400), (401, 801)]
    """
    while b - a > MAX_SENTENCE:
        lo, hi = a + MAX_SENTENCE // 2, a + MAX_SENTENCE
        cut = None
        for m in _SOFT_CUT.finditer(norm, lo, hi):
            cut = m
        if cut is not None:
            bounds.append((a, cut.start()))
            a = cut.end()
            continue
        c = hi
        while c > lo and (norm[c - 1].isdigit() or norm[c].isdigit()):
            c -= 1
        bounds.append((a, c))
        a = c
    bounds.append((a, b))


_CLAUSE_END = re.compile(r"[,:]")
_PAREN = re.compile(r"\([^()\n]*\d[^()\n]*\)")


def clause_bounds(norm: str, start: int, end: int | None = None) -> list[tuple[int, int]]:
    """Clause spans of the sentence ``norm[start:end]``: split at , and : and at digit-bearing parentheses."""
    end = len(norm) if end is None else end
    if norm.find("(", start, end) < 0:
        # No parenthesis: the cuts are the , and : themselves, already in order.
        spans: list[tuple[int, int]] = []
        a = start
        for m in _CLAUSE_END.finditer(norm, start, end):
            c = m.start()
            if c > a:
                spans.append((a, c))
            a = c + 1
        if a < end:
            spans.append((a, end))
        return spans
    text = norm[start:end]
    cuts: set[int] = {m.start() for m in _CLAUSE_END.finditer(text)}
    opens: set[int] = set()
    for m in _PAREN.finditer(text):
        opens.add(m.start())
        cuts.add(m.end() - 1)
    spans = []
    a = 0
    for c in sorted(cuts | opens):
        if c > a:
            spans.append((start + a, start + c))
        a = c + 1
    if a < len(text):
        spans.append((start + a, start + len(text)))
    return spans
