"""A named sub-region that opens a clause (三明市全市参保人数…, 白云街道的7个新社区…): the fact's own region.

A verb before a place is not part of its name (覆盖开发区 → 开发区); a list of places (东湖、西山和南岭街道) is
several regions, not one; kinds of places (城镇, 工业园区) and the document's own area (全区, 我县) are no name.
"""

from __future__ import annotations

import re
from functools import lru_cache

from ingest.text.lexicon import PLACE_LIKE

__all__ = ["named_region"]

_PLACE = re.compile(
    r"^(?:在|由|经|据统计,)?(?P<r>(?:[\u4e00-\u9fff]{2,4}[、和])*[\u4e00-\u9fff]{2,4}?(?:街道|镇|乡|县|市|区))"
    r"(?=全市|全县|全区|全镇|共|已|的|目前|现有|有|新建|在|办事处|[\u4e00-\u9fff]{0,2}\d)"
)
_MARKER = re.compile(
    r"^\s*(?:\d{1,2}[、.](?!\d)|[一二三四五六七八九十]{1,3}、|\(\s*[\d一二三四五六七八九十]{1,3}\s*\))\s*"
)
_NOT_PLACE = PLACE_LIKE
_NOT_PLACE_START = ("全", "我", "本", "各", "该", "每", "辖", "区", "县", "市", "镇", "乡", "省", "其", "目前")


_OWN_AREA = "全本我该各辖"
_VERB_BEFORE_PLACE = re.compile(r"^[\u4e00-\u9fff]{0,2}?(?:达到|到达|覆盖|深入|走进|进入|来到|位于|在)")
_GENERIC_PLACES = frozenset({"城镇", "乡镇", "村镇", "市区", "县城", "集镇", "全市区"})
_LIST_OF_PLACES = re.compile(r"[、和及与]")


@lru_cache(maxsize=4096)
def named_region(clause: str) -> str | None:
    """A named sub-region that opens a clause (三明市全市参保人数…, 白云街道的7个新社区…).

    >>> named_region("三明市全市参保人数"), named_region("白云街道的开元等7个新社区"), named_region("全区有学校")
    ('三明市', '白云街道', None)
    >>> named_region("社区卫生服务中心6个"), named_region("在松岭、桃溪和合作街道办事处新建四个社区")
    (None, None)
    >>> named_region("达到高新区有效用户的"), named_region("居住在城镇的人口为")
    ('高新区', None)
    >>> named_region("年末全区有城市低保对象589户"), named_region("目前我县有敬老院9所")
    (None, None)
    """
    m = _PLACE.match(_MARKER.sub("", clause))
    if not m:
        return None
    r = _VERB_BEFORE_PLACE.sub("", m.group("r"))  # 达到高新区 → 高新区; 居住在城镇 → 城镇
    if len(r) < 3 or r.endswith(_NOT_PLACE) or r.startswith(_NOT_PLACE_START) or r[-2] in _OWN_AREA:
        return None  # 年末全区, 目前我县: the document's own area after a time word, not a named place
    if r in _GENERIC_PLACES or _LIST_OF_PLACES.search(r):
        return None  # 城镇 is a kind of place; 石羊、桂溪和合作街道 are three regions, not one
    return r
