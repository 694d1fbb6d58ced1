"""What a clause inherits from the clauses before it: a completion rate names the target it completes and the fact
that completed it (完成全年目标900人的120%), and a growth stated alone is its own change.

>>> from ingest.text.quantities import find_quantities
>>> norm = "实现再就业1350人,完成全年目标1125人的120%"
>>> ds = [Draft(q, 0, (0, len(norm)), name=n, strong=True) for q, n in zip(find_quantities(norm), ["实现再就业", "完成全年目标", "完成全年目标"])]
>>> completion(norm, ds); [(d.name, d.kind) for d in ds]
[('实现再就业', 'actual'), ('实现再就业全年目标', 'target'), ('实现再就业目标完成率', 'actual')]
"""

from __future__ import annotations

import itertools
import re

from ingest.model import Change
from ingest.text.changes import direction_of
from ingest.text.draft import Draft, same_base
from ingest.text.naming import clean_left, clean_right, is_preposition_only, measure_suffix
from ingest.text.structure import split_items

__all__ = ["completion", "each", "growth_only", "shared_chain", "shared_predicate"]

# 完成全年目标1125人的, 为年度目标任务800人的, 占年度计划的: the words before a target whose completion follows.
_TARGET_WORDS = re.compile(
    r"(?:完成|为|占|达到|达)?(?P<what>(?:全年|年度|本年|今年|年初)?(?:目标|任务|计划)(?:任务|数)?)\s*$"
)
_OF = re.compile(r"\s*的\s*")


def completion(norm: str, drafts: list[Draft]) -> None:
    """X全年目标900人的120%: 900人 is the target of X, 120% the completion rate of X (an actual fact)."""
    for i, (d, r) in enumerate(itertools.pairwise(drafts)):
        if r.unit != "%" or d.unit == "%" or not _OF.fullmatch(norm, d.q.end, r.q.start):
            continue
        m = _TARGET_WORDS.search(norm, d.clause[0], d.q.start)
        if m is None:
            continue
        subject = _completed(drafts[:i], d)
        if not subject:
            continue
        d.name, d.kind, d.strong, d.weak = subject + m.group("what"), "target", True, ""
        r.name, r.kind, r.strong, r.weak = subject + "目标完成率", "actual", True, ""


def _completed(before: list[Draft], target: Draft) -> str:
    """The fact a target belongs to: the nearest one before it in the same unit, else the nearest one."""
    named = [x for x in before if x.name and x.kind != "target"]
    same = [x for x in named if same_base(x.unit, target.unit)]
    pick = same[-1] if same else named[-1] if named else None
    return pick.name if pick is not None else ""


_GROWTH_END = re.compile(r"(?P<verb>增长|增加|提高|上升|下降|减少|降低|增|降)了?$")


# 补助标准分别提高25%和15%: the verb before the first of the listed percents.
_GROWTH_BEFORE = re.compile(r"(?P<verb>增长|增加|提高|上升|下降|减少|降低)了?\s*(?:\d+(?:\.\d+)?%\s*(?:和|、|及)\s*)*$")


def growth_only(norm: str, drafts: list[Draft]) -> None:
    """增长7.2% with nothing before it to change: the growth is the fact, and its change repeats it."""
    for d in drafts:
        if d.change is not None or d.unit != "%" or d.kind == "relative" or d.old:
            continue
        m = _GROWTH_END.search(d.name) or _GROWTH_BEFORE.search(norm, d.clause[0], d.q.start)
        if m is None:
            continue
        base = "去年同期" if "同比" in d.name else "上年"
        d.change = Change(base, direction_of(m.group("verb")), d.q.value, "%")


_EACH = re.compile(r"各\s*$")


def each(norm: str, drafts: list[Draft]) -> list[Draft]:
    """康复训练和辅具适配各40人: one fact per listed item, each with the value."""
    out: list[Draft] = []
    for d in drafts:
        m = _EACH.search(norm, d.clause[0], d.q.start)
        items = split_items(clean_left(norm[d.clause[0] : m.start()])[0]) if m else []
        if len(items) < 2:
            out.append(d)
            continue
        out.extend(Draft(d.q, d.sent, d.clause, name=item, strong=True, kind=d.kind) for item in items)
    return out


_JOIN = re.compile(r"\s*[、和及与]\s*")
_RIGHT_END = re.compile(r"[,;:。!?\n]")


def shared_chain(norm: str, drafts: list[Draft]) -> None:
    """注销560户、1130人的低保资格 / 对312户、650人提高补助标准: amounts listed together share the verb before them
    and the words after them (注销低保资格户数, 注销低保资格人数)."""
    i = 0
    while i < len(drafts):
        j = i
        while j + 1 < len(drafts) and _JOIN.fullmatch(norm, drafts[j].q.end, drafts[j + 1].q.start):
            j += 1
        if j > i:
            _name_chain(norm, drafts[i : j + 1])
        i = j + 1


def _name_chain(norm: str, chain: list[Draft]) -> None:
    first, last = chain[0], chain[-1]
    if len({d.unit for d in chain}) < len(chain):
        return  # 3所、5所: a list of like amounts, named one by one
    end = _RIGHT_END.search(norm, last.q.end, last.clause[1])
    after = clean_right(norm[last.q.end : end.start() if end else last.clause[1]])
    if not after or not norm.startswith(("的", after[0]), last.q.end):
        return  # nothing said after the list: the sibling rule names it from the words before
    before = clean_left(norm[first.clause[0] : first.q.start])[0]
    base = after if not before or is_preposition_only(before) else before + after
    for d in chain:
        d.name, d.strong, d.weak = measure_suffix(base, d.unit), True, ""


_THEN_EACH = re.compile(r"(?P<words>[\u4e00-\u9fff“”]{1,12})分别(?P<vp>[^,;:。!?\n\d]{2,20})")


def shared_predicate(norm: str, drafts: list[Draft]) -> None:
    """12个街道、86个社区分别建立了志愿服务站: each counted thing with what was done in each."""
    for k, d in enumerate(drafts):
        m = _THEN_EACH.match(norm, d.q.end)
        if m is None or k == 0:
            continue
        vp = clean_right(m.group("vp"))
        group = [d]
        for p in reversed(drafts[:k]):
            gap = norm[p.q.end : group[0].q.start]
            if not re.fullmatch(r"[\u4e00-\u9fff“”]{1,12}、", gap):
                break
            group.insert(0, p)
        if len(group) < 2 or not vp:
            continue
        for x in group:
            own = _OWN_WORDS.match(norm, x.q.end)
            if own is not None:
                x.name, x.strong, x.weak = clean_right(own.group(1)) + vp, True, ""


_OWN_WORDS = re.compile(r"([\u4e00-\u9fff“”]{1,12}?)(?:、|分别)")
