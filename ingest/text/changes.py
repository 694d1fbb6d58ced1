"""Stage 5 — stated changes: 较上年/比上年/同比/较2023年 增加/减少/增长/下降/提高/降低/持平, from–to, benchmarks.

The finders only read the sentence; :mod:`ingest.text.sentence` attaches what they find to facts.

>>> [(p.base, p.direction, p.end - p.start) for p in find_change_phrases("幼儿园31所,较上年减少3所", 0, 15)]
[('上年', '-', 5)]
>>> [(p.base, p.direction) for p in find_change_phrases("产值14.6亿元,同比增长38.27%;与上年持平", 0, 26)]
[('去年同期', '+'), ('上年', '=')]
>>> [(p.base, p.direction, p.bare) for p in find_change_phrases("游客3250万人次,增长12.3%", 0, 18)]
[('上期', '+', True)]
>>> bool(BENCHMARK.search("上线率分别高出市均值")), bool(BENCHMARK.search("新增学位超过"))
(True, False)
>>> bool(BENCHMARK.search("补助标准比省定标准提高了")), bool(BENCHMARK.search("比上年提高"))
(True, False)
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "AMOUNT_VERBS",
    "BENCHMARK",
    "CHANGE_VERB",
    "FOLLOW_UP",
    "RAISE_TO",
    "ChangePhrase",
    "direction_of",
    "find_change_phrases",
]

# 增/减 alone only right before the amount (比去年同期增575亩, 同比增8.7%), where no longer word can be meant.
_UP = r"净增加|净增|增加|增长|提高|上升|增收|提升|增多|多|扩大|上涨|增(?=\s?\d)"
_DOWN = r"净减少|净减|减少|下降|降低|减收|回落|下滑|缩小|少|减(?=\s?\d)"
_BASE = r"上年同期|去年同期|上年末|上年底|上一年|上年度|上年|去年|前年|同期|上月|上季度|(?:(?:19|20)\d{2}|20[xX_*]{1,2})年(?:同期|底|末)?|原来"
_DOWN_RE = re.compile(_DOWN.replace(r"减(?=\s?\d)", "减"))
CHANGE_VERB = re.compile(rf"(?:分别|均)?(?:{_UP}|{_DOWN}|持平)了?")
"""A change verb alone (fullmatch): the words of a change, never the name of what changed."""
AMOUNT_VERBS = ("增收", "减收")
"""Verbs whose amount is a quantity of its own (医疗保险基金比上年增收42万元: the revenue gained), so a change
phrase with one of them and no level before it is still a fact. Any other change without a level (学校数较上年
减少3所) states no level, and a stated change needs a fact to belong to (table ``stated_change``): it is dropped."""
_CHANGE = re.compile(
    rf"(?P<cmp>较|比|与|同比|环比)(?P<base>{_BASE})?(?:相比)?[,]?(?P<verb>{_UP}|{_DOWN}|持平)(?:了)?"
    rf"|(?P<keep>维持|保持)(?:在)?(?P<kbase>上年|去年|上年同期|去年同期)"
)
# A clause that opens with the verb and the amount (…286亿元,分别增长12.3%和15.6%; …,增长5.8%): the change of the
# facts before it, against the previous period, as statistical communiqués write it.
_BARE = re.compile(r"(?<=[,;、])\s*(?P<dist>分别|均)?(?P<verb>增长|下降|提高|降低|增加|减少)了?(?=\s?\d|百分之)")
# Every comparison opens with one of these characters and every bare change has one of these verbs: a sentence
# without them needs no scan.
_CHANGE_FIRST = re.compile(r"[较比与同环维保]")
_BARE_VERB = re.compile(r"[增下提降减]")
BENCHMARK = re.compile(
    r"(?:(?:高出|高于|低于|超出|超过|超|多于|少于|领先)了?"
    r"[^,;。\d]{0,8}?(?:均值|平均水平|平均值|平均数|平均|核定数目|核定数|核定|标准|水平|要求|指标)(?:的)?了?"
    r"|比[^,;。\d]{1,8}?(?:均值|平均水平|平均值|平均数|平均|核定数|标准|水平)(?:提高|增加|高出|高|多|降低|减少|低|少)了?)$"
)
FOLLOW_UP = re.compile(rf"\s*[,、]?\s*(?:{_UP}|{_DOWN})(?:了)?(?=\s?\d|百分之)")
"""A second amount of the same change (较上年增加304人,增长1.2%)."""
RAISE_TO = re.compile(r"(?P<verb>提高|增加|调整|上调|提升|增长|降低|下调|减少|下降|调高|调低)(?:了)?(?:到|至|为)")


@dataclass
class ChangePhrase:
    """A comparison phrase in a sentence: where it is, against what, which way (amounts follow it)."""

    start: int
    end: int
    base: str
    direction: str  # + - =
    distributive: bool = False  # 分别较上年增加96人和11人
    verb: str = ""  # 增加, 增收, 持平…
    bare: bool = False  # ,分别增长12.3%和15.6%: no comparison word; a change only if a fact before it can take it


def direction_of(verb: str) -> str:
    """'+' for 增加/增长/提高…, '-' for 减少/下降/降低…, '=' for 持平.

    >>> direction_of("减少"), direction_of("增收"), direction_of("持平"), direction_of("减"), direction_of("增")
    ('-', '+', '=', '-', '+')
    """
    if verb.startswith("持平"):
        return "="
    return "-" if _DOWN_RE.match(verb) else "+"


def find_change_phrases(norm: str, start: int, end: int) -> list[ChangePhrase]:
    """Change phrases inside ``norm[start:end]`` (absolute offsets)."""
    out: list[ChangePhrase] = []
    if not _CHANGE_FIRST.search(norm, start, end):
        return _bare_phrases(norm, start, end, out)
    for m in _CHANGE.finditer(norm, start, end):
        if m.group("keep"):
            out.append(ChangePhrase(m.start(), m.end(), m.group("kbase"), "=", verb="持平"))
            continue
        cmp, base = m.group("cmp"), m.group("base")
        if cmp in ("比", "较", "与") and not base:
            continue  # 比例, 较大, 与会: no base, not a comparison
        if cmp == "与" and m.group("verb") != "持平":
            continue
        if base is None:
            base = "去年同期" if cmp == "同比" else "上期"
        distributive = norm[max(start, m.start() - 3) : m.start()].endswith(("分别", "分别是", "均"))
        verb = m.group("verb")
        out.append(ChangePhrase(m.start(), m.end(), base, direction_of(verb), distributive, verb))
    return _bare_phrases(norm, start, end, out)


def _bare_phrases(norm: str, start: int, end: int, out: list[ChangePhrase]) -> list[ChangePhrase]:
    """Add the bare phrases (,增长5.8%) not inside a phrase already found; return all of them in text order."""
    if not _BARE_VERB.search(norm, start, end):
        return out
    taken = [(p.start, p.end) for p in out]
    for m in _BARE.finditer(norm, start, end):
        if any(a <= m.start() < b for a, b in taken):
            continue
        verb = m.group("verb")
        out.append(ChangePhrase(m.start(), m.end(), "上期", direction_of(verb), bool(m.group("dist")), verb, True))
    out.sort(key=lambda p: p.start)
    return out
