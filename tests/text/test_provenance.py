"""Every fact carries its clause as ``quote`` and the character ``span`` of that quote in the original text."""

from __future__ import annotations

from tests.text.conftest import facts_of


def test_quote_is_the_original_text_at_the_span_even_with_fullwidth_digits() -> None:
    text = "松林区２０２３年工作总结\n全区有在校学生２６，３４１人（其中女生１２，９０５人），较上年增加３０４人。"
    fs = facts_of(text)
    assert [f.value for f in fs] == [26341, 12905]
    for f in fs:
        a, b = f.span
        assert text[a:b] == f.quote
    assert "２６，３４１人" in fs[0].quote


def test_quote_is_the_clause_and_reaches_an_attached_change() -> None:
    text = "全区有低保户800户,较上年减少52户;有敬老院9所。"
    fs = facts_of(text)
    assert fs[0].quote == "全区有低保户800户,较上年减少52户"
    assert fs[1].quote == "有敬老院9所"


def test_spans_follow_text_order_and_point_into_the_right_line() -> None:
    text = "第一段无数字。\n全县有敬老院9所。\n\n全县有福利院2所。"
    fs = facts_of(text)
    assert fs[0].span[0] < fs[1].span[0]
    assert text[fs[1].span[0] : fs[1].span[1]] == "全县有福利院2所"


def test_extraction_is_deterministic() -> None:
    text = "全县有低保户800户、1576人,较上年减少52户、138人。" * 3
    assert facts_of(text) == facts_of(text)
