"""Report text with every extracted fact highlighted, as safe Markdown (no HTML anywhere).

The text is user content, so every piece of it goes through ``format.escape_markdown``; highlighting uses
Streamlit's own ``:color-background[...]`` directive around already-escaped text. Spans that overlap (two facts
read from one clause) are merged; the span holding the focused fact is drawn in red and bold.

>>> text = "全区有低保户800户。发放资金12万元。"
>>> render(text, [(0, 10), (11, 19)], focus=(11, 19))
[':blue-background[全区有低保户800户]。:red-background[**发放资金12万元**]。']
>>> sentence_at(text, (12, 14))
'发放资金12万元。'
"""

from __future__ import annotations

from collections.abc import Iterable

from dashboards.format import escape_markdown

__all__ = ["merge", "render", "sentence_at"]

_ENDS = "。！？!?；;\n"


def merge(spans: Iterable[tuple[int, int]]) -> list[tuple[int, int]]:
    """Sorted, non-overlapping spans (touching spans stay separate so neighbouring facts remain distinct).

    >>> merge([(5, 9), (0, 3), (2, 4), (9, 12)])
    [(0, 4), (5, 9), (9, 12)]
    """
    out: list[tuple[int, int]] = []
    for start, end in sorted((int(s), int(e)) for s, e in spans if s is not None and e is not None and e > s):
        if out and start < out[-1][1]:
            out[-1] = (out[-1][0], max(out[-1][1], end))
        else:
            out.append((start, end))
    return out


def _mark(piece: str, focused: bool) -> str:
    inner = escape_markdown(piece)
    if not inner.strip():
        return inner
    return f":red-background[**{inner}**]" if focused else f":blue-background[{inner}]"


def render(text: str, spans: Iterable[tuple[int, int]], focus: tuple[int, int] | None = None) -> list[str]:
    """One Markdown paragraph per non-empty line of ``text``, fact spans highlighted."""
    merged = merge(spans)
    paragraphs: list[str] = []
    offset = 0
    for line in text.split("\n"):
        start, end = offset, offset + len(line)
        offset = end + 1
        if not line.strip():
            continue
        parts: list[str] = []
        cursor = start
        for s, e in merged:
            if e <= start or s >= end:
                continue
            s, e = max(s, start), min(e, end)
            if s > cursor:
                parts.append(escape_markdown(text[cursor:s]))
            focused = focus is not None and s < focus[1] and focus[0] < e
            parts.append(_mark(text[s:e], focused))
            cursor = e
        if cursor < end:
            parts.append(escape_markdown(text[cursor:end]))
        paragraphs.append("".join(parts))
    return paragraphs


def sentence_at(text: str, span: tuple[int, int]) -> str:
    """The whole sentence around ``span`` (from the previous 。！？； or line break to the next, inclusive)."""
    start, end = max(0, span[0]), min(len(text), span[1])
    while start > 0 and text[start - 1] not in _ENDS:
        start -= 1
    while end < len(text) and text[end - 1] not in _ENDS:
        end += 1
    return text[start:end].strip()
