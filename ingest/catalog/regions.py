"""Finding a region by code or name, the way reports name places.

Reports write 盐田区, 盐田, 深圳市盐田区, 440308 or 440308000000; many names repeat across China (鼓楼区 ×5, 朝阳区 ×2),
so a name resolves only when it is unambiguous — after preferring places under the ``parent`` the caller knows (the
document's region). An ambiguous name returns None rather than a guess: the loader then makes a slug under the parent.
"""

from __future__ import annotations

from collections import defaultdict

from ingest.catalog.entries import LEVELS, Region
from ingest.catalog.names import clean

__all__ = ["RegionIndex", "guess_level"]

_MAX_DEPTH = len(LEVELS)
_AMBIGUOUS = object()  # a tier that matched more than one place

# Name endings that fix a level whatever the parent; longest first. 区 and 市 depend on the parent (below).
_LEVEL_SUFFIXES = sorted(
    {
        **dict.fromkeys(("社区", "居委会", "村委会", "村", "嘎查"), "村"),
        **dict.fromkeys(("街道", "街道办事处", "镇", "乡", "苏木"), "乡"),
        **dict.fromkeys(("省", "自治区", "特别行政区"), "省"),
        **dict.fromkeys(("自治州", "地区", "盟"), "市"),
        **dict.fromkeys(("县", "旗", "自治县", "自治旗", "林区", "特区"), "县"),
    }.items(),
    key=lambda item: len(item[0]),
    reverse=True,
)


def guess_level(name: str, parent_level: str | None) -> str | None:
    """The level of a region met during ingest: from its name ending, else one below its parent.

    >>> guess_level("海山街道", "县"), guess_level("梅沙社区", None), guess_level("高新区", "市")
    ('乡', '村', '县')
    >>> guess_level("某市", "省"), guess_level("某市", "市")
    ('市', '县')
    >>> guess_level("盐田区", None), guess_level("某地", None)
    ('县', None)
    """
    for suffix, level in _LEVEL_SUFFIXES:
        if name.endswith(suffix):
            return level
    if parent_level in LEVELS and parent_level != LEVELS[-1]:
        return LEVELS[LEVELS.index(parent_level) + 1]
    return "县" if name.endswith("区") else None


class RegionIndex:
    """Name, alias and child indexes over a set of regions."""

    def __init__(self, regions: dict[str, Region]) -> None:
        self.regions = regions
        self._by_name: dict[str, list[str]] = defaultdict(list)
        self._by_alias: dict[str, list[str]] = defaultdict(list)
        self._children: dict[str, list[str]] = defaultdict(list)
        for code, region in sorted(regions.items()):
            self._by_name[clean(region.name)].append(code)
            for alias in region.aliases:
                self._by_alias[clean(alias)].append(code)
            if region.parent_code:
                self._children[region.parent_code].append(code)

    def children(self, code: str) -> list[Region]:
        """Direct children of ``code``, by code."""
        return [self.regions[c] for c in self._children.get(code, [])]

    def namesakes(self, text: str) -> list[Region]:
        """The places in force called ``text`` (full names, else aliases), by code: what ``find`` could not choose
        between when it returns None for a name that several places share."""
        key = clean(text)
        for tier in (self._by_name.get(key, []), self._by_alias.get(key, [])):
            current = [self.regions[c] for c in tier if self.regions[c].valid_to is None]
            if current:
                return current
        return []

    def find_under(self, text: str, parent: str) -> Region | None:
        """The one place called ``text`` strictly below ``parent`` (a code or name), by full name then alias."""
        parent_code = self._parent_code(parent)
        found = self._by_names(clean(text), parent_code, strict=True) if parent_code else None
        return found if isinstance(found, Region) else None

    def is_under(self, code: str, ancestor: str) -> bool:
        """True when ``ancestor`` is a parent, grandparent … of ``code``."""
        parent = self.regions[code].parent_code if code in self.regions else None
        for _ in range(_MAX_DEPTH):
            if parent is None:
                return False
            if parent == ancestor:
                return True
            parent = self.regions[parent].parent_code if parent in self.regions else None
        return False

    def _in_line(self, code: str, parent_code: str, below_only: bool) -> bool:
        if self.is_under(code, parent_code):
            return True
        return not below_only and (code == parent_code or self.is_under(parent_code, code))

    def find(self, text: str, parent: str | None = None) -> Region | None:
        """Code (6 or 12 digits, or a slug), full name, alias/short name, then 省市县 run together (深圳市盐田区)."""
        key = clean(text)
        if not key:
            return None
        by_code = self._by_code(key)
        if by_code is not None:
            return by_code
        parent_code = self._parent_code(parent)
        found = self._by_names(key, parent_code)
        if found is None:
            found = self._composite(key, parent_code)
        return found if isinstance(found, Region) else None

    def _by_code(self, key: str) -> Region | None:
        if key in self.regions:
            return self.regions[key]
        if key.isdigit():
            # 12-digit statistical codes of a county end in 000000; 2- and 4-digit codes are a province or city.
            padded = {12: key[:6] if key.endswith("000000") else key, 2: key + "0000", 4: key + "00"}.get(len(key))
            return self.regions.get(padded) if padded else None
        return None

    def _parent_code(self, parent: str | None) -> str | None:
        if not parent:
            return None
        if parent in self.regions:
            return parent
        # A slug the loader made ("440308-海山街道-梅沙社区"): its nearest catalogue ancestor is a prefix.
        candidate = parent
        while "-" in candidate:
            candidate = candidate.rsplit("-", 1)[0]
            if candidate in self.regions:
                return candidate
        found = self.find(parent)
        return found.code if found else None

    def _pick(self, codes: list[str]) -> Region | object | None:
        """The one region among ``codes`` (preferring rows still in force); _AMBIGUOUS when several remain."""
        if len(codes) > 1:
            current = [c for c in codes if self.regions[c].valid_to is None]
            codes = current if current else codes
        if not codes:
            return None
        return self.regions[codes[0]] if len(codes) == 1 else _AMBIGUOUS

    def _by_names(self, key: str, parent_code: str | None, strict: bool = False) -> Region | object | None:
        """Full names outrank aliases; places in ``parent_code``'s line outrank the rest (``strict``: only those below).

        The line is the parent, everything under it and everything above it: a street's report says 盐田 or 深圳 for
        its own district and city.
        """
        exact, alias = self._by_name.get(key, []), self._by_alias.get(key, [])
        if parent_code:
            for tier in (exact, alias):
                found = self._pick([c for c in tier if self._in_line(c, parent_code, strict)])
                if found is not None:
                    return found
            # Nothing in the parent's line: a full name elsewhere still counts (a district's report naming 东莞市),
            # a short name does not (a street's name in the text must not land on a county in another province).
            return None if strict else self._pick(exact)
        for tier in (exact, alias):
            found = self._pick(tier)
            if found is not None:
                return found
        return None

    def _composite(self, key: str, parent_code: str | None) -> Region | object | None:
        """深圳市盐田区 / 广东深圳盐田: a leading place, then the rest found strictly under it."""
        for cut in range(len(key) - 2, 1, -1):  # longest head first: 吉林省吉林市 must not split at 吉林
            head = self._by_names(key[:cut], parent_code)
            if isinstance(head, Region):
                tail = self._by_names(key[cut:], head.code, strict=True)
                if tail is None:
                    tail = self._composite(key[cut:], head.code) if len(key) - cut >= 4 else None
                if isinstance(tail, Region) and self.is_under(tail.code, head.code):
                    return tail
        return None
