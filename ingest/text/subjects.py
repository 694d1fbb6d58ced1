"""Where a name's missing words come from: the subject a paragraph or a numbered item carries (:class:`Topic`),
the whole a 其中 list belongs to across ``;``, a colon label, the clause before, and the 累计/新增 a clause opens with.

>>> from ingest.text.quantities import Quantity
>>> stock_or_flow("累计发放9800本", Draft(Quantity(4, 10, 4, 9800, "本"), 0, (0, 10)), "新增发放残疾人证")
('累计发放残疾人证', True)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from ingest.text.draft import Draft, same_base
from ingest.text.lexicon import RATE_UNITS
from ingest.text.naming import clean_left, needs_subject
from ingest.text.structure import part_name

__all__ = [
    "Topic",
    "continue_parts",
    "opener",
    "opening_words",
    "previous_clause_words",
    "segment_subject",
    "share_owner",
    "stock_or_flow",
]

_BOUNDARY = re.compile(r"[,;:。!?\n]")
_DIGIT = re.compile(r"\d")


@dataclass
class Topic:
    """The last strong name seen (a sentence's subject), lent to weak names that follow in the same paragraph."""

    name: str = ""
    line: int = -1
    heading: str = ""  # the title of a numbered item opening the line (3、农村危房改造。…)
    whole: Draft | None = None  # the whole of a 其中 list still open where the last sentence ended with ;
    until: int = -1  # where that sentence ended

    def enter_line(self, norm: str, line: int) -> None:
        """A new paragraph: forget the last subject; a numbered item opening it (3、农村危房改造。) is its title."""
        self.name, self.line, self.whole = "", line, None
        m = _ITEM_TITLE.match(norm, line + 1)
        self.heading = clean_left(m.group("title"))[0] if m else ""


_MAX_LABEL = 12


def continue_parts(norm: str, start: int, end: int, drafts: list[Draft], topic: Topic) -> None:
    """其中务工收入5210元;种植收入2380元;…: the parts after a ; still belong to the whole before 其中."""
    whole = topic.whole if topic.until >= 0 and not norm[topic.until + 1 : start].strip() else None
    topic.whole, topic.until = None, -1
    qi = norm.find("其中", start, end)
    if qi >= 0:
        parts = [d for d in drafts if d.q.start > qi]
        wholes = [d for d in drafts if d.q.end <= qi and parts and same_base(d.unit, parts[0].unit) and not d.old]
        whole = wholes[-1] if wholes else whole if not any(d.q.end <= qi for d in drafts) else None
        if whole is not None and not wholes:
            _adopt(drafts, whole)
    elif whole is not None and drafts and _label_only(norm, start, drafts, whole):
        _adopt(drafts, whole)
    else:
        whole = None
    if whole is not None and norm[end : end + 1] == ";":
        topic.whole, topic.until = whole, end


def _label_only(norm: str, start: int, drafts: list[Draft], whole: Draft) -> bool:
    """A sentence that is only short labelled amounts of the whole's unit (种植收入2380元)."""
    label = norm[start : drafts[0].q.start]
    return (
        len(label.strip()) <= _MAX_LABEL
        and not _BOUNDARY.search(label)
        and all(same_base(d.unit, whole.unit) and d.kind != "relative" for d in drafts)
    )


def _adopt(drafts: list[Draft], whole: Draft) -> None:
    for d in drafts:
        if d.parent is None:
            d.parent = whole
            d.name = part_name(whole.name, d.name)


_ITEM_TITLE = re.compile(
    r"\s*(?:\d{1,2}[、.]|[一二三四五六七八九十]{1,3}、|\(\s*[\d一二三四五六七八九十]{1,3}\s*\))\s*(?P<title>[^\d,;:。]{2,20})[。:]"
)
_OPENER = re.compile(r"[^\d:,;。]{2,20}(?=:)")


def opener(norm: str, start: int, end: int) -> str:
    """进城务工人员子女参加医保:筹资标准…,个人缴费30元: the label before a colon opening a sentence is its subject."""
    m = _OPENER.match(norm, start, end)
    return clean_left(m.group())[0] if m else ""


_STOCK_FLOW = re.compile(r"\s*(?P<lead>累计|新增)")
_OTHER = {"累计": "新增", "新增": "累计"}


def stock_or_flow(norm: str, d: Draft, subject: str) -> tuple[str, bool]:
    """新增发放残疾人证640本,累计发放9800本: a borrowed subject takes the 累计/新增 its own clause opens with.

    Returns the subject and whether the lead word was put into it.
    """
    m = _STOCK_FLOW.match(norm, d.clause[0], d.q.start)
    if m is None or not subject:
        return subject, False
    lead = m.group("lead")
    if subject.startswith(_OTHER[lead]):
        return lead + subject[2:], True
    return (subject, False) if subject.startswith(lead) else (lead + subject, True)


_TREND_TAIL = re.compile(
    r"(?:稳步|持续|明显|不断|显著|进一步|大幅|逐步)?(?:提升|提高|增长|增加|扩大|改善|下降|降低|向好)$"
)


def opening_words(norm: str, d: Draft) -> str:
    """全民健身参与率稳步提高,2023年达到41.5%: the clause before, less its trend words."""
    return _TREND_TAIL.sub("", previous_clause_words(norm, d))


def share_owner(drafts: list[Draft], i: int) -> str:
    """The count a share (占…的58%) is the share of: the nearest named fact before it that is not a rate."""
    return next((x.name for x in reversed(drafts[:i]) if x.name and x.unit not in RATE_UNITS), "")


def segment_subject(norm: str, drafts: list[Draft], i: int) -> str:
    """The subject a verb borrows: the nearest named count or amount of its ;-part of the sentence, else the nearest
    before it, else the words of the clause before (开展老旧小区改造,安排资金620万元); without its measure (户数, 人数)."""
    d = drafts[i]
    before = [
        x
        for x in drafts[:i]
        if x.strong and x.name and not needs_subject(x.name) and x.unit not in RATE_UNITS and "/" not in x.unit
    ]
    cut = norm.rfind(";", 0, d.q.start)
    same = [x for x in before if x.q.start > cut]
    pick = same[-1] if same else before[-1] if before else None
    if pick is None:
        return previous_clause_words(norm, d)
    return _MEASURE_TAIL.sub("", pick.name) or pick.name


_MEASURE_TAIL = re.compile(r"(?:户数|人数|个数|人次|户次)$")


def previous_clause_words(norm: str, d: Draft) -> str:
    """No fact yet: borrow the preceding clause's words (以上几项政策均为…项目,共需资金412.8万元)."""
    prev = norm[max(0, d.clause[0] - 60) : d.clause[0]].rstrip(",;: ")
    cut = max(prev.rfind(x) for x in ",;。:\n")
    words, _ = clean_left(prev[cut + 1 :].rstrip(",:"))
    if _DIGIT.search(words):
        return ""  # a clause with numbers of its own states its own facts; its words name them, not this one
    return words[-24:]
