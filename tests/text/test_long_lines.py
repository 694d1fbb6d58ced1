"""A copy that lost its punctuation (a PDF page as one line): every fact still quotes a bounded piece of text around
its own number, never the whole run, so extraction work per fact does not grow with the line."""

from __future__ import annotations

from tests.text.conftest import facts_of


def _run_on(n: int) -> str:
    item = "全镇新建农家书屋{k}个 开展文化下乡活动 群众反响良好 走访困难群众{m}户 "
    return "".join(item.format(k=k % 90 + 10, m=k % 400 + 100) for k in range(n))


def test_quotes_of_a_run_on_line_are_bounded_and_hold_their_number() -> None:
    text = _run_on(400)  # about 16,000 characters on one line
    facts = facts_of(text)
    assert len(facts) >= 700
    for f in facts:
        assert f.span is not None and f.span[1] - f.span[0] <= 300
        assert f"{f.value:g}" in f.quote


def test_a_long_sentence_is_cut_between_words_not_inside_a_number() -> None:
    text = "全县" + "开展活动 " * 120 + "共有敬老院 36.5 万平方米"
    fact = facts_of(text)[-1]
    assert (fact.value, fact.unit) == (36.5, "万平方米")
