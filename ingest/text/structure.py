"""Sentence structure: lists (、/和/与), 分别 distribution, 从…提高到… pairs, and 其中 / parenthesised parts.

>>> split_items("重点、本科与省专上线率")
['重点上线率', '本科上线率', '省专上线率']
>>> split_items("入学率、巩固率、毕业率")
['入学率', '巩固率', '毕业率']
>>> split_items("义务教育入学率、巩固率、毕业率")
['义务教育入学率', '义务教育巩固率', '义务教育毕业率']
"""

from __future__ import annotations

import itertools
import re
from statistics import median

from ingest.model import Change
from ingest.text.changes import RAISE_TO, direction_of
from ingest.text.draft import Draft, in_base, same_base
from ingest.text.naming import clean_left
from ingest.text.numerals import as_number

__all__ = ["assign_parents", "distribute", "from_to", "split_items"]

_ITEM_SEP = re.compile(r"、|和|与|及|以及")
_COMPARE = re.compile(r"较|比|同比|环比|与")
_STOP = re.compile(r"[,;。]")
_SHORT_TAIL = re.compile(r"[^,;。\d]{0,8}")
_MAX_PART_NAME = 12  # parts after the first are short labels (高中, 流动人口); a longer name starts a new statement


def split_items(subject: str) -> list[str]:
    """Split a listed subject and share its head: 重点、本科与省专上线率 → 重点上线率, 本科上线率, 省专上线率."""
    items = [x for x in _ITEM_SEP.split(subject) if x]
    if len(items) < 2:
        return items
    last = items[-1]
    others = items[:-1]
    width = int(median(len(x) for x in others))
    if all(len(x) < len(last) for x in others) and width < len(last):
        head = last[width:]
        return [x if x.endswith(head[-1]) else x + head for x in others] + [last]
    # 义务教育入学率、巩固率、毕业率: the first item's qualifier belongs to the bare words after it.
    first, rest = items[0], items[1:]
    short = min(len(x) for x in rest)
    if len(first) > short + 1 and all(x[-1] == first[-1] for x in rest):
        qualifier = first[:-short]
        return [first] + [qualifier + x if len(x) == short else x for x in rest]
    return items


def distribute(norm: str, drafts: list[Draft], start: int, end: int, clause_of) -> None:
    """X、Y分别达到A和B: name the values after 分别 by the items of the subject before it."""
    if norm.find("分别", start, end) < 0:
        return
    for m in re.finditer("分别", norm[start:end]):
        pos = start + m.end()
        if _COMPARE.match(norm, pos):
            continue  # 分别较上年增加…: changes, attached elsewhere
        c = clause_of(start + m.start())
        values = [d for d in drafts if d.q.start >= pos and clause_of(d.q.start) == c and not d.old]
        if len(values) < 2:
            continue
        subject, _ = clean_left(norm[c[0] : start + m.start()])
        items = split_items(subject)
        if len(items) == len(values):
            names = items
        elif subject:
            names = [subject] * len(values)
        else:
            continue
        for d, name in zip(values, names, strict=True):
            d.name, d.strong, d.weak = name, True, ""


def from_to(norm: str, drafts: list[Draft], clause_of) -> None:
    """从原来的人均40元提高到人均75元: two values, the second with its change; 提高到120元: a change of unknown size."""
    if not drafts:
        return
    lo = min(min(d.clause[0], d.q.start) for d in drafts)
    hi = max(d.q.end for d in drafts)
    if not RAISE_TO.search(norm, lo, hi):
        return  # every text tested below lies in norm[lo:hi], and a match in a part is a match in the whole
    for a, b in itertools.pairwise(drafts):
        gap = norm[a.q.end : b.q.start]
        m = RAISE_TO.search(gap)
        if not m or len(gap) > 14 or _STOP.search(gap) or a.unit != b.unit:
            continue
        c = clause_of(a.q.start)
        head = norm[c[0] : a.q.start]
        k = max(head.rfind("从"), head.rfind("由"))
        if k < 0:
            continue
        subject, _ = clean_left(head[:k])
        if not subject:
            subject = a.name
        a.old, a.name, a.strong, a.weak = True, subject + "(原)", True, ""
        b.name, b.strong, b.weak = subject, True, ""
        direction = direction_of(m.group("verb"))
        if m.group("verb") == "调整":
            direction = "+" if b.val >= a.val else "-"
        b.change = Change("原标准", direction, as_number(abs(b.val - a.val)), b.unit)
    for d in drafts:
        if d.change is not None or d.old:
            continue
        left = norm[d.clause[0] : d.q.start]
        m = RAISE_TO.search(left)
        if m and _SHORT_TAIL.fullmatch(left, m.end()) and m.group("verb") != "调整":
            subject, _ = clean_left(left[: m.start()])
            if subject:
                d.name, d.strong, d.weak = subject, True, ""
            d.change = Change("原标准", direction_of(m.group("verb")), None, d.unit)


def assign_parents(norm: str, drafts: list[Draft], start: int, end: int) -> None:
    """其中 parts and parenthesised parts get the whole they belong to as ``parent``."""
    qi = norm.find("其中", start, end)
    for i, d in enumerate(drafts):
        # (高中3912人,初中5208人) right after a fact: parts of that fact.
        at = d.q.start
        for w in reversed(drafts[:i]):
            we = w.q.end  # the gap norm[we:at] opens a bracket it does not close
            if we < at and norm[we] == "(" and norm.find(")", we, at) < 0 and same_base(w.unit, d.unit) and not w.old:
                d.parent = w
                break
        if d.parent is not None or qi < 0 or d.q.start < qi:
            continue
        wholes = [w for w in drafts if w.q.end <= qi and same_base(w.unit, d.unit) and not w.old and w.unit != "%"]
        if not wholes:
            qi = norm.find("其中", d.q.end, end)
            continue
        first = not any(qi <= x.q.start < d.q.start for x in drafts)
        if not first and len(d.name) > _MAX_PART_NAME:
            qi = norm.find("其中", d.q.end, end)  # a long new subject after the parts: the 其中 list has ended
            continue
        d.parent = wholes[-1]
    labels = {id(d): d.name for d in drafts}  # a part of a part is named by its own whole's label, not its path
    for d in drafts:
        if d.parent is not None:
            d.name = part_name(labels.get(id(d.parent), d.parent.name), d.name)


def part_name(whole: str, part: str) -> str:
    """A 其中 part named by its whole: a short qualifier goes in front, a named part after 中.

    >>> part_name("招收新生", "高中"), part_name("城镇居民人均可支配收入", "工资性收入")
    ('高中招收新生', '城镇居民人均可支配收入中工资性收入')
    >>> part_name("低保户", "城市低保户"), part_name("参保人数", ""), part_name("中小学", "初中")
    ('城市低保户', '参保人数', '初中')
    >>> part_name("新增城乡低保对象", "农村")
    '新增农村低保对象'
    >>> part_name("低保户数", "城市低保户")  # the whole named with its measure (户数) still names the part's kind
    '城市低保户'
    """
    if not part or not whole:
        return part or whole
    core = whole[:-1] if whole.endswith("数") and len(whole) > 2 else whole
    if core in part or part in whole or part[:2] == whole[:2]:
        return part  # 低保户 → 城市低保户; 中小学 → 小学; a part named from the same subject: it names itself
    if len(part) <= 2:
        if "城乡" in whole and part in ("城镇", "城市", "农村"):
            return whole.replace("城乡", part, 1)
        if set(part) & set(whole):
            return part  # 中小学 → 初中: a kind of the whole, not a qualifier of it
        return part + whole
    return whole + "中" + part


def part_exceeds_whole(d: Draft) -> bool:
    """A 其中 part larger than its whole (a damaged copy)."""
    return d.parent is not None and in_base(d) > in_base(d.parent) * 1.0001
