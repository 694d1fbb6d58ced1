"""Match an extracted indicator name to an indicator, respecting its unit's family and its 其中 scope.

A fact maps to an indicator only when its unit is in the family of the indicator's unit
(``warehouse.units.quantity_of``): 620户 of 低保户 is 低保户数, 1180人 of the same subject is 低保人数, 5310人次 of
发放低保金 is a 人次 indicator and 64万元 a money one. A 其中 part is read in its whole's scope: 小学 18100人 under
在校学生 is 小学在校学生; 小学 5所 under 区属学校 is 区属学校中的小学, not the district's 小学数. Lookup order:

1. local aliases staff taught (``indicator_alias``, most specific scope first), when the unit fits;
2. an indicator code written as such (a table's column), trusted as given;
3. the catalogue: the name, then its variant for the unit's family (低保户 + 人 → 低保人数);
4. indicators earlier loads created, by normalised name and family;
5. otherwise a new indicator whose name carries its measure (困难群众发放临时救助金 + 名 → …人数).

>>> from ingest.catalog import Catalog
>>> m = IndicatorMatcher(Catalog.load(), LocalAliases({}))
>>> [m.match("低保户", u)[0] for u in ("户", "人")], [m.match("临时救助", u)[0] for u in ("人次", "户次", "万元")]
(['dibao_households', 'dibao_persons'], ['temp_aid_times', 'temp_aid_household_times', 'temp_aid_funds'])
>>> m.match("小学", "人", "在校学生", "人")[0], m.match("小学", "所", "学校", "所")[0]
('primary_students', 'primary_schools')
>>> m.match("小学", "所", "区属学校", "所"), m.match("低保户发放低保金", "人次")
((None, '区属学校中的小学'), (None, '低保户发放低保金人次'))
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from functools import lru_cache

from ingest.catalog import Catalog, Indicator
from ingest.catalog import normalise_indicator_name as _normalise_uncached
from ingest.catalog.aliases import LocalAliases
from ingest.catalog.measures import measured_name, stem, variant_names
from ingest.catalog.names import clean
from warehouse.units import quantity_of

__all__ = ["IndicatorMatcher", "normalise_indicator_name"]

normalise_indicator_name = lru_cache(maxsize=1 << 16)(_normalise_uncached)
"""Memoised: ~0.1 ms a call, and a load normalises every name several times."""


class IndicatorMatcher:
    """Names to indicator codes for one load: the catalogue, local aliases, and the entries loads created."""

    def __init__(self, catalog: Catalog, aliases: LocalAliases) -> None:
        self.catalog = catalog
        self.aliases = aliases
        self.region: str | None = None
        self.family: str | None = None
        # code → the unit family of the indicator's unit (None: no unit, anything fits)
        self._quantity: dict[str, str | None] = {c: quantity_of(i.unit) for c, i in catalog.indicators.items()}
        # (normalised name, family) → code, for indicators the catalogue files do not hold
        self._known: dict[tuple[str, str | None], str] = {}

    def add_known(self, code: str, names: Iterable[str], unit: str | None) -> None:
        """Remember an indicator created by a load (this one or an earlier one), under each of its names."""
        quantity = quantity_of(unit)
        self._quantity[code] = quantity
        for name in names:
            self._known.setdefault((normalise_indicator_name(name), quantity), code)

    def fits(self, code: str, unit: str | None) -> bool:
        """True when a fact in ``unit`` may be a value of indicator ``code`` (same unit family, or either has none)."""
        want, have = quantity_of(unit), self._quantity.get(code)
        return want is None or have is None or want == have

    def match(
        self, name: str, unit: str | None, parent: str | None = None, parent_unit: str | None = None
    ) -> tuple[str | None, str]:
        """``(code, name)``: the matching indicator's code, or None and the name a new indicator should get."""
        aliased = self.aliases.lookup(name, region=self.region, family=self.family)
        if aliased is not None and self.fits(aliased, unit):
            return aliased, name
        text = name.strip()
        for code in (text, text.lower()):
            if code in self.catalog.indicators:
                return code, name
        if parent and not _carries(name, parent):
            whole = self._lookup(parent, parent_unit)
            wholes = [parent]
            if whole in self.catalog.indicators:
                entry = self.catalog.indicators[whole]
                wholes += [entry.name, *entry.aliases]
            for spelling in dict.fromkeys(wholes):
                code = self._lookup(clean(name) + clean(spelling), unit)
                if code is not None:
                    return code, name
            if whole not in self.catalog.indicators or quantity_of(parent_unit) != quantity_of(unit):
                # The part of a whole the catalogue does not know (区属学校) is not the district's total of its kind.
                scoped = f"{clean(parent)}中的{clean(name)}"
                return self._lookup(scoped, unit), measured_name(scoped, quantity_of(unit))
        return self._lookup(name, unit), measured_name(name, quantity_of(unit))

    def _lookup(self, name: str, unit: str | None) -> str | None:
        """A catalogue or created indicator of this name (or its family's variant) whose unit fits; else None."""
        found = self.catalog.indicator(name)
        if found is not None:
            if self.fits(found.code, unit):
                return found.code
            quantity = quantity_of(unit)
            for variant in dict.fromkeys([*variant_names(name, quantity), *variant_names(found.name, quantity)]):
                other = self.catalog.indicator(variant)
                if other is not None and self.fits(other.code, unit):
                    return other.code
        quantity = quantity_of(unit)
        for key in dict.fromkeys((name, measured_name(name, quantity))):
            norm = normalise_indicator_name(key)
            code = self._known.get((norm, quantity)) or self._known.get((norm, None))
            if code is not None:
                return code
        return None

    def free_code(self, new: Indicator, unit: str | None) -> Indicator:
        """``new`` with a code no indicator of another unit family holds (低保金 in 个 beside 低保金 in 万元)."""
        if self.fits(new.code, unit):
            return new
        name = f"{new.name}(按{quantity_of(unit)}计)"  # not "(人)": a unit in brackets is dropped from codes
        return dataclasses.replace(new, code=normalise_indicator_name(name) or name, name=name)


def _carries(part: str, whole: str) -> bool:
    """True when a 其中 part's name already names its whole (农村低保户 under 低保户, 在编教师 under 教师).

    >>> _carries("农村低保户", "低保户数"), _carries("在编在岗教师", "教师"), _carries("小学", "在校学生")
    (True, True, False)
    """
    p, w = normalise_indicator_name(part), normalise_indicator_name(whole)
    return bool(w) and (w in p or stem(w) in p)
