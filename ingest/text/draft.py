"""The fact under construction that the stages pass along (a plain dataclass, turned into a FactRecord at the end)."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from ingest.model import Change
from ingest.text.quantities import Quantity
from warehouse.units import lookup

__all__ = ["Draft", "same_base"]


@dataclass(slots=True)
class Draft:
    """One fact being built: its quantity, sentence and clause, and what later stages add."""

    q: Quantity
    sent: int
    clause: tuple[int, int]
    name: str = ""
    strong: bool = False  # named from its own words (not borrowed from a topic or a sibling)
    weak: str = ""  # what a weak name must borrow: "topic" or "sibling"
    kind: str = "actual"
    change: Change | None = None
    span_end: int | None = None  # a quote that reaches an attached change in a later clause
    parent: Draft | None = None
    old: bool = False  # the "from" value of 从…提高到…
    period: str | None = None
    region: str | None = None
    period_source: str | None = None  # where the period was written: sentence, paragraph, heading, title, option
    region_source: str | None = None
    reasons: list[str] = field(default_factory=list)
    value: float | int | None = None  # overrides q.value (distributed values)

    @property
    def unit(self) -> str:
        return self.q.unit or ""

    @property
    def val(self) -> float:
        return float(self.q.value if self.value is None else self.value)


@lru_cache(maxsize=1024)
def same_base(a: str | None, b: str | None) -> bool:
    """True when two units measure the same thing (人/名/位/万人, 元/万元; % and 百分点 are not counts).

    >>> same_base("名", "人"), same_base("万人", "人"), same_base("户", "人"), same_base("万元", "元")
    (True, True, False, True)
    """
    if not a or not b:
        return False
    if a == b:
        return True
    people = {"人", "名", "位"}
    ua, ub = lookup(a), lookup(b)
    ba = "人" if ua.base in people or a.removeprefix("万") in people else ua.base
    bb = "人" if ub.base in people or b.removeprefix("万") in people else ub.base
    return ba == bb


def in_base(d: Draft) -> float:
    """The value in the unit's base (2.16 万人 → 21600), for comparing parts with wholes."""
    return d.val * _base_factor(d.unit)


@lru_cache(maxsize=1024)
def _base_factor(unit: str) -> float:
    factor = lookup(unit).factor
    if unit.startswith("万") and factor == 1:
        factor = 1e4
    return factor
