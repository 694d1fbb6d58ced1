"""The extractor's shortcuts give what the plain scans they replace give.

Each shortcut rests on a fact about a pattern (every period names a 年/月/季/秋/春, every target cue has one of a few
characters, no cue runs into a number…). These tests check those facts against the plain scans on many seeded random
strings made of the characters the patterns care about, so a pattern that grows a new form without its shortcut
growing with it fails here rather than silently losing facts.
"""

from __future__ import annotations

import random
import re

import pytest

from ingest.text import changes, classify, context, normalise, quantities, segment

_PERIOD_PIECES = [
    *"0123456789年月季度秋春上下半全今本当去明前三一二四第个底末份截至止到-~ xX_*较比同日以来,。\n",
    "20",
    "2023",
    "上半年",
    "截至",
    "月底",
    "季度",
]


def _strings(pieces: list[str], n: int, longest: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return ["".join(rng.choice(pieces) for _ in range(rng.randint(0, longest))) for _ in range(n)]


def _plain_period_marks(norm: str, start: int, end: int) -> list[tuple[int, int]]:
    return [
        m.span()
        for m in classify._TIME.finditer(norm, start, end)
        if m.group(0) and (m.group("y") or m.group("rel") or m.group("p") or m.group("y2"))
    ]


@pytest.mark.parametrize("seed", [1, 2])
def test_period_prefilter_never_hides_a_period(seed: int) -> None:
    for s in _strings(_PERIOD_PIECES, 4000, 12, seed):
        a, b = min(1, len(s)), len(s)
        assert [m.span() for m in classify.period_marks(s, a, b)] == _plain_period_marks(s, a, b), s


def test_period_prefilter_skips_a_bare_comparison_year() -> None:
    assert classify.period_marks("全区有学校16所,较上年增加2所", 0, 15) == []
    assert [m.group(0) for m in classify.period_marks("截至6月底,较上年增加2所", 0, 13)] == ["截至6月底"]


_CUE_PIECES = [
    *"力争预计期目标是为:计划规拟所需共年全尚还要求的达到动升展新建投完开实筹招发生育,。 ",
    "1",
    "20",
    "三",
    "约",
    "不少于",
    "补助",
    "资金",
    "安排",
    "要求达到",
    "要求的",
    "目标是",
    "年计划新建",
    "全年需",
    "拟建",
    "规划",
]


@pytest.mark.parametrize("seed", [3, 4])
def test_target_cues_found_once_per_sentence_are_the_cues_before_each_number(seed: int) -> None:
    """set_kinds scans a sentence once; the cues ending before a number are those a scan of the words before it finds."""
    rng = random.Random(seed)
    for s in _strings(_CUE_PIECES, 3000, 14, seed):
        sentence = s + rng.choice(["12人", "约5户", "三个", "不少于8所", "百分之五"]) + s[::-1] + "9家"
        whole = list(classify._TARGET.finditer(sentence))
        assert all(classify._TARGET_CHAR.search(m.group(0)) for m in whole), sentence
        for q in quantities.find_quantities(sentence):
            before = [m.span() for m in classify._TARGET.finditer(sentence[: q.start])]
            assert [m.span() for m in whole if m.end() <= q.start] == before, (sentence, q.start)


@pytest.mark.parametrize("seed", [5])
def test_change_prefilters_keep_every_change_phrase(seed: int) -> None:
    pieces = [*"较比与同环维保持增减下降提高少多了分别均,;。 12%", "上年", "去年同期", "2023年", "增长", "百分之"]
    for s in _strings(pieces, 4000, 12, seed):
        for m in changes._CHANGE.finditer(s):
            assert changes._CHANGE_FIRST.search(m.group(0)), s
        for m in changes._BARE.finditer(s):
            assert changes._BARE_VERB.search(m.group(0)), s


_OPENING_PLAIN = re.compile(r"(?:^|\n)" + context._OPENING_REST)


@pytest.mark.parametrize("seed", [6])
def test_opening_search_is_the_line_start_search(seed: int) -> None:
    pieces = [*"0123456789年度上下半,，\n xX_*文", "20", "2023", "20xx", "上半年", "\n\n"]
    for s in _strings(pieces, 6000, 14, seed):
        a, b = _OPENING_PLAIN.search(s), context._opening_search(s)
        assert (a and (a.span(), a.groupdict())) == (b and (b.span(), b.groupdict())), s


def test_normalise_is_the_translation_table() -> None:
    chars = [chr(k) for k in normalise._TABLE] + list("中文。，１２ａＺabc\u3000\t\r\n") + ["\U0001f600"]
    for s in _strings(chars, 500, 40, 7):
        assert normalise.normalise(s) == s.translate(normalise._TABLE)


@pytest.mark.parametrize("seed", [8])
def test_quantity_scan_without_space_starts_finds_the_same_quantities(seed: int) -> None:
    """The scan no longer starts an attempt at a space before a number; the quantities must not change."""
    with_spaces = re.compile(quantities._QTY.pattern.replace(r"(?=[\d", r"(?=[\d\s", 1))
    assert with_spaces.pattern != quantities._QTY.pattern
    pieces = [
        *"0123456789 \n约近余多万亿人户元个%第年月日,。“”《》()",
        "大约",
        "不少于",
        "三千",
        "两",
        "百分之",
        "万元",
        "人次",
    ]
    for s in _strings(pieces, 3000, 16, seed):
        plain = [quantities._build(s, m) for m in with_spaces.finditer(s)]
        fast = [quantities._build(s, m) for m in quantities._QTY.finditer(s)]
        assert [q for q in fast if q] == [q for q in plain if q], s


def test_sentence_ends_are_the_plain_alternation() -> None:
    plain = re.compile(r"[!?;\n]|。(?!\d{1,2}\s?[万亿])")
    for s in _strings([*"!?;\n。0123456789 万亿文,"], 6000, 12, 9):
        assert [m.span() for m in segment._SENT_END.finditer(s)] == [m.span() for m in plain.finditer(s)], s
