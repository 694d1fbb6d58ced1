"""Generate the demo's numbers: annual series at the lowest level, sums (or weighted means) upward, months.

Values are kept as integers in the indicator's last decimal place (学校数 42 → 42; 常住人口 8.62万人 → 862), so
sums are exact and the float a fact finally carries is the same on every machine. Randomness comes only from
``random.Random(str)`` seeded per series (seeding with a string hashes it with SHA-512: independent of
``PYTHONHASHSEED``) and is shaped with ``+ - * /`` only — no ``log``/``exp``/``pow`` from the platform's libm.
"""

from __future__ import annotations

import math
import random
from collections.abc import Iterable
from dataclasses import dataclass, field

from ingest.demo.spec import LEVELS, IndicatorSpec, RegionSpec, Settings

__all__ = ["Series", "Tree", "generate", "jitter", "round_half_up"]

Key = tuple[str, str]  # (indicator, region code)


def jitter(rng: random.Random) -> float:
    """Noise with mean 0 and standard deviation 1, bounded by ±3 (a scaled sum of three uniforms).

    >>> rng = random.Random("demo")
    >>> draws = [jitter(rng) for _ in range(2000)]
    >>> max(abs(d) for d in draws) < 3, abs(sum(draws) / len(draws)) < 0.1
    (True, True)
    """
    return (rng.random() + rng.random() + rng.random() - 1.5) * 2.0


def round_half_up(x: float) -> int:
    """Round half up to an integer (the NBS habit), without ``round()``'s banker's rounding.

    >>> round_half_up(2.5), round(2.5), round_half_up(862.49)
    (3, 2, 862)
    """
    return math.floor(x + 0.5)


class Tree:
    """The region tree with populations (万人) per year, used as the size of every additive base."""

    def __init__(self, regions: Iterable[RegionSpec], settings: Settings) -> None:
        self.regions = {r.code: r for r in regions}
        self.children: dict[str, list[str]] = {code: [] for code in self.regions}
        self.at_level: dict[str, list[str]] = {lv: [] for lv in LEVELS}
        for r in self.regions.values():
            self.at_level[r.level].append(r.code)
            if r.parent:
                self.children[r.parent].append(r.code)
        years = range(settings.first_year - 1, settings.partial_year + 1)
        self.pop: dict[str, dict[int, float]] = {}
        for r in self.regions.values():
            if r.level == LEVELS[-1]:
                size, series = float(r.pop or 0), {}
                for y in years:
                    if y > settings.first_year:
                        size *= 1 + r.growth
                    series[y] = size if y >= settings.first_year else size / (1 + r.growth)
                self.pop[r.code] = series
        for level in reversed(LEVELS[:-1]):
            for code in self.at_level[level]:
                self.pop[code] = {y: sum(self.pop[c][y] for c in self.children[code]) for y in years}

    def type_of(self, code: str) -> str:
        """The district type (urban/suburb/county/zone) that picks an indicator's multiplier; 'city' at the top."""
        r = self.regions[code]
        if r.level == LEVELS[0]:
            return "city"
        return r.type or self.type_of(r.parent or "")


@dataclass
class Series:
    """Every generated value: ``annual[(indicator, region)][year]`` and ``monthly[...][year]`` (12 values).

    ``monthly`` holds month amounts for flows, month-end points for stocks and rates, and cumulative
    (January to month) values for averages.
    """

    annual: dict[Key, dict[int, int]] = field(default_factory=dict)
    monthly: dict[Key, dict[int, list[int]]] = field(default_factory=dict)


def _t0(spec: IndicatorSpec, settings: Settings) -> int:
    return max(settings.first_year, spec.start or settings.first_year)


def _leaf(
    spec: IndicatorSpec,
    code: str,
    tree: Tree,
    settings: Settings,
    whole: dict[int, int] | None,
    used: dict[int, int] | None,
) -> dict[int, int]:
    """The annual series of one indicator in one region at its lowest level (from the year before it starts)."""
    rng = random.Random(f"{settings.seed}|{spec.name}|{code}")
    t0 = _t0(spec, settings)
    scale = 10**spec.decimals
    level = spec.base * spec.mult.get(tree.type_of(code), 1.0) * (1 + spec.spread * jitter(rng))
    out: dict[int, int] = {}
    index = growth = 1.0
    for y in range(t0 - 1, settings.partial_year + 1):
        e = jitter(rng)
        shock = spec.shock.get(y, 1.0)
        if spec.measure == "rate":
            x = level + spec.trend * (y - t0) + spec.noise * e
            x = max(spec.lo if spec.lo is not None else x, min(spec.hi if spec.hi is not None else x, x))
            out[y] = round_half_up(x * shock * scale)
            continue
        if y >= t0:
            growth *= 1 + spec.trend
            index *= 1 + spec.trend + spec.noise * e
        if spec.part_of is not None and whole is not None and used is not None:
            part = round_half_up(whole[y] * level * growth * (1 + spec.noise * e))
            out[y] = max(0, min(part, whole[y] - used.get(y, 0)))
            used[y] = used.get(y, 0) + out[y]
            continue
        size = tree.pop[code][y] if spec.additive else 1.0
        path = growth * (1 + spec.noise * e) if spec.measure == "flow" else index
        out[y] = max(0, round_half_up(level * size * path * shock * scale))
    return out


def _months(spec: IndicatorSpec, key: Key, series: Series, settings: Settings) -> dict[int, list[int]]:
    """Months of one series from its annual values (flows split by season; points interpolated between years)."""
    rng = random.Random(f"{settings.seed}|{key[0]}|{key[1]}|months")
    annual = series.annual[key]
    weights = settings.seasons[spec.season]
    out: dict[int, list[int]] = {}
    for y in sorted(annual)[1:]:
        cur, prev = annual[y], annual[y - 1]
        if spec.measure == "flow":
            w = [wi * (1 + settings.month_noise * jitter(rng)) for wi in weights]
            out[y] = _allocate(cur, w)
        elif spec.measure == "average":  # cumulative January..month, e.g. 居民人均可支配收入 1-3月
            total, cum, vals = sum(weights), 0.0, []
            for wi in weights:
                cum += wi
                vals.append(round_half_up(cur * cum / total * (1 + 0.004 * jitter(rng))))
            vals[-1] = cur
            out[y] = vals
        else:  # a stock or a rate read at month end: the year-end line plus noise; December is the year end
            amp = spec.noise * 0.4 * abs(cur) if spec.measure == "stock" else spec.noise * 0.3 * 10**spec.decimals
            vals = [max(0, round_half_up(prev + (cur - prev) * m / 12 + amp * jitter(rng))) for m in range(1, 12)]
            out[y] = [*vals, cur]
    return out


def _allocate(total: int, weights: list[float]) -> list[int]:
    """Split ``total`` into integers proportional to ``weights`` that add up to it (largest remainder).

    >>> _allocate(10, [1.0, 1.0, 1.0])
    [4, 3, 3]
    >>> sum(_allocate(17605, [0.7, 0.6, 1.1, 1.0, 1.0, 1.1, 1.0, 0.9, 1.1, 1.0, 1.0, 1.5]))
    17605
    """
    s = sum(weights)
    raw = [total * w / s for w in weights]
    parts = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (parts[i] - raw[i], i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


def _aggregate(values: list[dict[int, int]], weights: list[dict[int, float]] | None) -> dict[int, int]:
    """Sum children year by year, or (``weights`` given) their population-weighted mean, over common years."""
    years = set(values[0]).intersection(*values[1:])
    if weights is None:
        return {y: sum(v[y] for v in values) for y in sorted(years)}
    return {
        y: round_half_up(sum(v[y] * w[y] for v, w in zip(values, weights, strict=True)) / sum(w[y] for w in weights))
        for y in sorted(years)
    }


def generate(
    specs: list[IndicatorSpec],
    tree: Tree,
    settings: Settings,
    leaf_hooks: Iterable[tuple[str, str, int, str, float]] = (),
) -> Series:
    """Generate every series. ``leaf_hooks`` are planted changes applied at the lowest level before aggregation:
    ``(indicator, region, year, 'times' | 'of_whole', factor)`` — so the sums above stay consistent."""
    series = Series()
    hooks = list(leaf_hooks)
    used: dict[Key, dict[int, int]] = {}  # how much of a whole its earlier 其中 parts already took
    for spec in specs:
        leaf_level = spec.leaf_level
        for code in tree.at_level[leaf_level]:
            whole = series.annual[(spec.part_of, code)] if spec.part_of else None
            taken = used.setdefault((spec.part_of, code), {}) if spec.part_of else None
            vals = _leaf(spec, code, tree, settings, whole, taken)
            for ind, region, year, how, factor in hooks:
                if ind == spec.name and region == code:
                    vals[year] = round_half_up((whole if how == "of_whole" and whole else vals)[year] * factor)
            series.annual[(spec.name, code)] = vals
            if spec.sub and spec.additive:
                series.monthly[(spec.name, code)] = _months(spec, (spec.name, code), series, settings)
        above = [lv for lv in reversed(LEVELS) if lv in spec.levels and lv != leaf_level]
        for level in above:  # bottom-up; the demo's levels are contiguous, so children are one level down
            for code in tree.at_level[level]:
                kids = tree.children[code]
                weights = None if spec.additive else [tree.pop[c] for c in kids]
                series.annual[(spec.name, code)] = _aggregate([series.annual[(spec.name, c)] for c in kids], weights)
                if spec.sub and spec.additive:
                    kid_months = [series.monthly[(spec.name, c)] for c in kids]
                    series.monthly[(spec.name, code)] = {
                        y: [sum(m[y][i] for m in kid_months) for i in range(12)] for y in kid_months[0]
                    }
        if spec.sub and not spec.additive:
            for level in spec.levels:
                for code in tree.at_level[level]:
                    series.monthly[(spec.name, code)] = _months(spec, (spec.name, code), series, settings)
    return series
