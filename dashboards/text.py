"""Names and other untrusted text shown as plain text: on the pages (Markdown), in charts (Plotly's HTML subset) and
on a terminal. No streamlit, so the CLI and the tests use the very same rules.

Every name zhibiao shows — indicators, regions, units, source titles, file names, URL parameters, SQL error
messages that quote a query — comes from someone else's file or link. The rule is the same everywhere:

- invisible and direction-changing characters (control characters, bidi overrides and isolates, zero-width spaces,
  the BOM) are shown as ``\\uXXXX``, so a name can neither hide text nor reorder it nor drive a terminal;
- on a page every ASCII punctuation mark gets a backslash, and web addresses and e-mail addresses get an invisible
  word joiner (U+2060) after ``:``, ``www`` or ``@``, because Streamlit's Markdown turns bare addresses into links
  even when their punctuation is escaped;
- in a chart ``<`` and ``>`` become ‹ and ›.

>>> escape_markdown("[点此核对数据](https://x.cn/a)")
'\\\\[点此核对数据\\\\]\\\\(https\\\\:\\u2060\\\\/\\\\/x\\\\.cn\\\\/a\\\\)'
>>> visible("澄湖区\\u202e\\x1b[31m")
'澄湖区\\\\u202e\\\\u001b[31m'
"""

from __future__ import annotations

import re
import unicodedata

__all__ = ["escape_markdown", "plain_html", "visible"]

_MD_SPECIAL = re.compile(r"([\\`*_{}\[\]()<>#+\-.!|~:$=^&\"'/@])")
# Where GFM's autolink-literal pass finds an address in already-unescaped text: scheme "://", "www.", and "@".
_AUTOLINK = re.compile(r"(?i)(\\:)(?=\\/\\/)|(www)(?=\\\.)|(\\@)")
_WORD_JOINER = "\u2060"


def _hidden(ch: str) -> bool:
    """Characters that print as nothing, move the cursor or change the reading direction."""
    if ch in "\n\t":  # line breaks and tabs only lay text out
        return False
    return unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") or ch in "\u115f\u1160\u3164\uffa0"


def visible(text: object) -> str:
    """``text`` with every invisible, control or bidi character written as ``\\uXXXX`` (newlines kept).

    For terminals and pages alike: ESC can no longer start an ANSI sequence, U+202E can no longer reverse what
    follows, and a zero-width space inside a name shows where it is.

    >>> visible("盐田区"), visible("\\ufeff在校学生"), visible("a\\u200bb\\tc\\rd")
    ('盐田区', '\\\\ufeff在校学生', 'a\\\\u200bb\\tc\\\\u000dd')
    >>> visible(None), visible(12)
    ('', '12')
    """
    if text is None:
        return ""
    s = str(text)
    if not any(_hidden(ch) for ch in s):
        return s
    return "".join(f"\\u{ord(ch):04x}" if _hidden(ch) else ch for ch in s)


def escape_markdown(text: object) -> str:
    """Untrusted text so that ``st.markdown`` (and every title, caption, alert, label, tab and help text, which are
    Markdown too) shows it literally: no link, image, emphasis, heading, HTML, LaTeX, ``:color[…]`` directive,
    ``:material/…:`` icon or emoji shortcode, and no bare address made into a link.

    Every ASCII punctuation mark gets a backslash (CommonMark allows escaping any of them); addresses get a word
    joiner (see the module docstring); leading spaces, which would start a code block, are dropped; line breaks stay
    line breaks. HTML stays inert also because pages never pass ``unsafe_allow_html``.

    >>> escape_markdown("**粗体** :red[红] <b>x</b> $x$ 1. 列表")
    '\\\\*\\\\*粗体\\\\*\\\\* \\\\:red\\\\[红\\\\] \\\\<b\\\\>x\\\\<\\\\/b\\\\> \\\\$x\\\\$ 1\\\\. 列表'
    >>> escape_markdown(":material/home: www.x.cn a@b.cn") == (
    ...     "\\\\:material\\\\/home\\\\: www\\u2060\\\\.x\\\\.cn a\\\\@\\u2060b\\\\.cn")
    True
    >>> escape_markdown(None), escape_markdown("  缩进\\r\\n第二行\\u202e")
    ('', '缩进  \\n第二行\\\\\\\\u202e')
    """
    if text is None or text == "":
        return ""
    lines = []
    for line in str(text).splitlines():  # first: a Windows line end is a line end, not a hidden character
        escaped = _MD_SPECIAL.sub(r"\\\1", visible(line.lstrip(" \t\u3000")))
        lines.append(_AUTOLINK.sub(lambda m: m.group(0) + _WORD_JOINER, escaped))
    return "  \n".join(lines)


def plain_html(text: object) -> str:
    """Untrusted text for Plotly titles, legends, axis labels and hover text, which render a small HTML subset
    (``<a href>``, ``<b>``, ``<br>``…): angle brackets become ‹ › and hidden characters become visible.

    >>> plain_html("<a href='https://x.cn'>点此</a>"), plain_html(None)
    ("‹a href='https://x.cn'›点此‹/a›", '')
    """
    return visible(text).replace("<", "‹").replace(">", "›")
