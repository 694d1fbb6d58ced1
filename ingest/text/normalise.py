"""Stage 1 — normalise report text without moving a single character.

Every rewrite here is one character for one character (full-width digits and punctuation to ASCII, dashes to ``-``,
odd quotes to “”), and web boilerplate is blanked with spaces rather than cut. So the normalised text has exactly the
length of the original and the offset map back to the original is the identity: a span found in the normalised text
is a span of the original, and ``text[span[0]:span[1]]`` is the quote. Keeping the map trivial is what lets the
extractor run at several MB/s.

>>> normalise("在校学生２６，３４１人（其中女生约５０％）")
'在校学生26,341人(其中女生约50%)'
>>> t = "预览加载中,请您耐心等待几秒...\\n全区有学校16所。"
>>> blank_boilerplate(normalise(t)).strip()
'全区有学校16所。'
"""

from __future__ import annotations

import re

__all__ = ["blank_boilerplate", "normalise"]

_FULL = "０１２３４５６７８９，；：（）％～－．！？／＊＿［］｛｝＜＞＋＝"
_HALF = "0123456789,;:()%~-.!?/*_[]{}<>+="
_TABLE = {ord(a): b for a, b in zip(_FULL, _HALF, strict=True)}
_TABLE.update({ord(chr(c)): chr(c - 0xFEE0) for c in range(ord("Ａ"), ord("Ｚ") + 1)})
_TABLE.update({ord(chr(c)): chr(c - 0xFEE0) for c in range(ord("ａ"), ord("ｚ") + 1)})
_TABLE.update(
    {
        ord("\u3000"): " ",
        ord("\u00a0"): " ",
        ord("\u2002"): " ",
        ord("\u2003"): " ",
        ord("\u2009"): " ",
        ord("\t"): " ",
        ord("\r"): "\n",
        ord("—"): "-",
        ord("–"): "-",
        ord("‒"): "-",
        ord("―"): "-",
        ord("─"): "-",
        ord("〝"): "“",
        ord("〞"): "”",
        ord("〔"): "[",
        ord("〕"): "]",
        ord("【"): "[",
        ord("】"): "]",
        ord("〈"): "《",
        ord("〉"): "》",
        ord("‰"): "‰",
        ord("﹪"): "%",
    }
)


def normalise(text: str) -> str:
    """Full-width → half-width, dashes → ``-``, spaces unified; the result has the same length as ``text``.

    >>> normalise("１—５月，增长３．５％")
    '1-5月,增长3.5%'
    >>> len(normalise("〝四个100％〞")) == len("〝四个100％〞")
    True
    """
    return _MAPPED.sub(_map_one, text)


# ``str.translate`` looks every character up in the table; a scan for the few characters that change is an order of
# magnitude faster on Chinese text, where almost none do.
_ONE = {chr(k): v for k, v in _TABLE.items()}
_MAPPED = re.compile("[" + re.escape("".join(_ONE)) + "]")


def _map_one(m: re.Match[str]) -> str:
    return _ONE[m.group()]


# A line of web chrome: short, and about downloading, previewing, paying, sharing or navigating the page. Words a
# report may use too (注册志愿者, 受理投诉, 免费体检) only count on a line that states no quantity.
_STRONG_CHROME = re.compile(
    r"下载|金币|扣费|付费|温馨提示|侵权|版权|上一篇|下一篇|相关文章|相关推荐|推荐阅读|扫一扫|二维码|分享到|阅读全文|"
    r"责任编辑|发布时间|来源[:：]|关闭窗口|PAGE|NUMPAGES|本站|网址"
)
_QUANTITY = re.compile(
    r"\d[\d,.]*\s*(?:万|亿)?\s*(?:余|多)?\s*(?:人|户|名|个|所|家|张|套|台|项|场|期|条|次|元|亩|公顷|平方|公里|%|册|件)"
)
_CHROME = re.compile(
    r"下载|预览|金币|客服|版权|侵权|温馨提示|付费|扣费|解压|上传|投诉|欢迎访问|点击|浏览|阅读全文|上一篇|下一篇|"
    r"相关文章|相关推荐|推荐阅读|范文|文档|登录|注册|会员|扫一扫|二维码|分享到|收藏|举报|本站|网站|网址|转载|"
    r"责任编辑|发布时间|来源[:：]|编辑[:：]|字号|打印|关闭窗口|免费|更多同主题|查看更多|时间[:：]\s*\d{4}-|PAGE|NUMPAGES"
)
_COUNTER = re.compile(r"^\s*(?:\d{1,3}\s*/\s*\d{1,3}|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|[-\s]*\d{1,3}[-\s]*)\s*$")
_INLINE = re.compile(r"第PAGE[^页\n]{0,40}页共NUMPAGES[^页\n]{0,40}页|第\s*\d{1,3}\s*页\s*共\s*\d{1,3}\s*页")
_LINE = re.compile(r"[^\n]+")
# A document-sharing copy wraps pages into long lines and starts each new page with its number (…有持证残疾\n4、人2210人):
# after a long line that stops mid-sentence, a line break and a small 3、 are the page seam, not a list item.
_PAGE_BREAK = re.compile(r"\n(?<=[^\n]{150}\n)(?<![。!?;:\s]\n)\s?\d{1,2}、(?=[^\d\s])")
_MAX_CHROME_LINE = 90


def _blank(m: re.Match[str]) -> str:
    return " " * (m.end() - m.start())


def blank_boilerplate(norm: str) -> str:
    """Replace web chrome (short download/preview/share lines, page counters) by spaces, keeping every offset.

    Long lines are kept even if they mention a chrome word (a whole report pasted on one line), but page
    markers inside them are blanked.

    >>> blank_boilerplate("1/10\\n第PAGE*Arabic页共NUMPAGES*Arabic页全区有学校16所")
    '    \\n                              全区有学校16所'
    """
    out = _PAGE_BREAK.sub(_blank, _INLINE.sub(_blank, norm))

    def line(m: re.Match[str]) -> str:
        s = m.group(0)
        if _COUNTER.match(s):
            return " " * len(s)
        short_chrome = len(s.strip()) <= _MAX_CHROME_LINE and _CHROME.search(s)
        if short_chrome and (_STRONG_CHROME.search(s) or not _QUANTITY.search(s)):
            return " " * len(s)
        return s

    return _LINE.sub(line, out)
