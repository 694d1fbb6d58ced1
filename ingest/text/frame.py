"""What a clause inherits from the clauses before it: a completion rate names the target it completes and the fact
that completed it (完成全年目标900人的120%), and a growth stated alone is its own change.

>>> from ingest.text.quantities import find_quantities
>>> norm = "实现再就业1080人,完成全年目标900人的120%"
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

__all__ = ["completion", "growth_only"]

# 完成全年目标900人的, 为全年目标任务1200人的, 占年度计划的: the words before a target whose completion follows.
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


def growth_only(drafts: list[Draft]) -> None:
    """增长7.2% with nothing before it to change: the growth is the fact, and its change repeats it."""
    for d in drafts:
        if d.change is not None or d.unit != "%" or d.kind == "relative" or d.old:
            continue
        m = _GROWTH_END.search(d.name)
        if m is None:
            continue
        base = "去年同期" if "同比" in d.name else "上年"
        d.change = Change(base, direction_of(m.group("verb")), d.q.value, "%")
