"""The catalogue's entries: plain frozen dataclasses mirroring the ``domain``, ``indicator`` and ``region`` tables."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

__all__ = ["LEVELS", "MEASURES", "CatalogError", "Domain", "Indicator", "Region"]

MEASURES = ("stock", "flow", "rate", "average")
"""How a change is phrased (docs/conventions.md): stocks 增加 N 单位, flows and averages 增长 %, rates 个百分点."""

LEVELS = ("省", "市", "县", "乡", "村")
"""Region levels, highest first (docs/conventions.md)."""


class CatalogError(ValueError):
    """A catalogue file that does not validate. The message names each file and line, in Chinese and English."""


@dataclass(frozen=True)
class Domain:
    """A policy area grouping indicators (教育, 民政 …). ``aliases`` only help lookups; the table has no column."""

    code: str
    name: str
    sort: int = 0
    aliases: tuple[str, ...] = ()


@dataclass(frozen=True)
class Indicator:
    """What a number measures.

    ``unit`` is the unit the series is shown in; ``measure`` decides how changes are phrased; ``additive`` is true
    when a region's value is the sum of its children's; ``yoy_bound`` is the plausibility bound on a year-on-year
    ratio (None = the checks' default).
    """

    code: str
    name: str
    domain: str | None
    unit: str | None
    measure: str
    decimals: int
    aliases: tuple[str, ...] = ()
    additive: bool = False
    yoy_bound: float | None = None
    description: str | None = None


@dataclass(frozen=True)
class Region:
    """A place: GB/T 2260 code (or a slug ``{parent}-{name}``), name, level, parent and the dates the row holds for."""

    code: str
    name: str
    level: str | None
    parent_code: str | None
    aliases: tuple[str, ...] = ()
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None

    def valid_on(self, day: dt.date) -> bool:
        """True when the row is in force on ``day`` (open ends count as always)."""
        return (self.valid_from is None or self.valid_from <= day) and (self.valid_to is None or day < self.valid_to)
