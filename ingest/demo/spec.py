"""Read the bundled demo specification (``ingest/demo/sample``): settings, the region tree, indicators, anomalies.

Everything the generator needs lives in plain data files so that a reviewer can change the demo without reading
code; this module only parses and validates them.
"""

from __future__ import annotations

import csv
import tomllib
from dataclasses import dataclass
from pathlib import Path

__all__ = [
    "DATA_DIR",
    "LEVELS",
    "Anomaly",
    "IndicatorSpec",
    "RegionSpec",
    "Settings",
    "load_anomalies",
    "load_indicators",
    "load_regions",
    "load_settings",
]

DATA_DIR = Path(__file__).resolve().parent / "sample"
"""The bundled data files. Not named ``data/``: the project's ``.gitignore`` ignores every ``data/`` directory."""
LEVELS = ("市", "县", "乡")
"""Region levels of the demo tree, top first."""

MEASURES = ("stock", "flow", "rate", "average")
SUB_TOKENS = ("H1", "Q", "YTDQ", "YTDM", "M")
"""Sub-annual period sets: half-year, quarters, YTD at quarter ends, YTD every month, single months."""


@dataclass(frozen=True)
class Settings:
    """``demo.toml``: the seed, the years and the monthly seasonal profiles."""

    seed: str
    first_year: int
    last_year: int
    partial_year: int
    partial_month: int
    month_from: int
    month_noise: float
    seasons: dict[str, tuple[float, ...]]

    def months_in(self, year: int) -> int:
        """How many months of ``year`` are published (12, or fewer in the current partial year)."""
        return self.partial_month if year == self.partial_year else 12


@dataclass(frozen=True)
class RegionSpec:
    """One row of ``regions.csv``. ``pop`` (万人, in ``first_year``) and ``growth`` are given for 乡 rows only."""

    code: str
    name: str
    level: str
    parent: str | None
    type: str | None
    pop: float | None
    growth: float
    aliases: tuple[str, ...]


@dataclass(frozen=True)
class IndicatorSpec:
    """One row of ``indicators.csv``: what the indicator is and how its series is generated.

    ``base`` is per 万人 of population for additive indicators, the share of ``part_of`` for 其中 parts, and the
    level itself for rates and averages; ``trend`` is a yearly relative change (percentage points for rates);
    ``noise`` the yearly jitter; ``spread`` the dispersion between regions; ``mult`` the factor per district type.
    """

    domain: str
    name: str
    unit: str
    measure: str
    decimals: int
    additive: bool
    levels: tuple[str, ...]
    base: float
    spread: float
    trend: float
    noise: float
    lo: float | None
    hi: float | None
    start: int | None
    part_of: str | None
    sub: tuple[str, ...]
    season: str
    mult: dict[str, float]
    shock: dict[int, float]

    @property
    def leaf_level(self) -> str:
        """The lowest level the indicator is published at; values are generated there and aggregated upward."""
        return max(self.levels, key=LEVELS.index)


@dataclass(frozen=True)
class Anomaly:
    """One planted anomaly (``anomalies.csv``); the README documents each by ``id``."""

    id: str
    kind: str  # spike | sum_mismatch | rate_over_100 | year_digits | part_above_whole | gap | late_start
    domain: str
    indicator: str  # '*' = every indicator of the domain
    region: str  # '*' = every region
    period: str
    amount: float | None
    reason: str | None


def _read_csv(name: str) -> list[dict[str, str]]:
    with (DATA_DIR / name).open(encoding="utf-8", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh)]


def _opt_float(text: str) -> float | None:
    return float(text) if text else None


def load_settings() -> Settings:
    """Parse ``demo.toml``."""
    raw = tomllib.loads((DATA_DIR / "demo.toml").read_text(encoding="utf-8"))
    seasons = {name: tuple(float(x) for x in weights) for name, weights in raw["seasons"].items()}
    if any(len(w) != 12 for w in seasons.values()):
        raise ValueError("demo.toml: every season needs 12 monthly weights")
    return Settings(
        seed=str(raw["seed"]),
        first_year=int(raw["first_year"]),
        last_year=int(raw["last_year"]),
        partial_year=int(raw["partial_year"]),
        partial_month=int(raw["partial_month"]),
        month_from=int(raw["month_from"]),
        month_noise=float(raw["month_noise"]),
        seasons=seasons,
    )


def load_regions() -> list[RegionSpec]:
    """Parse ``regions.csv`` (parents listed before their children)."""
    out: list[RegionSpec] = []
    seen: set[str] = set()
    for row in _read_csv("regions.csv"):
        if row["level"] not in LEVELS:
            raise ValueError(f"regions.csv: unknown level {row['level']!r} for {row['code']}")
        parent = row["parent_code"] or None
        if parent is not None and parent not in seen:
            raise ValueError(f"regions.csv: {row['code']} listed before its parent {parent}")
        seen.add(row["code"])
        out.append(
            RegionSpec(
                code=row["code"],
                name=row["name"],
                level=row["level"],
                parent=parent,
                type=row["type"] or None,
                pop=_opt_float(row["pop"]),
                growth=float(row["growth"] or 0),
                aliases=tuple(a for a in row["aliases"].split(";") if a),
            )
        )
    return out


def load_indicators() -> list[IndicatorSpec]:
    """Parse ``indicators.csv`` (a 其中 part listed after its whole)."""
    out: list[IndicatorSpec] = []
    names: dict[str, IndicatorSpec] = {}
    for row in _read_csv("indicators.csv"):
        spec = IndicatorSpec(
            domain=row["domain"],
            name=row["indicator"],
            unit=row["unit"],
            measure=row["measure"],
            decimals=int(row["decimals"]),
            additive=row["additive"] == "true",
            levels=tuple(ch for ch in row["levels"] if ch in LEVELS),
            base=float(row["base"]),
            spread=float(row["spread"] or 0),
            trend=float(row["trend"] or 0),
            noise=float(row["noise"] or 0),
            lo=_opt_float(row["lo"]),
            hi=_opt_float(row["hi"]),
            start=int(row["start"]) if row["start"] else None,
            part_of=row["part_of"] or None,
            sub=tuple(t for t in row["sub"].split(";") if t),
            season=row["season"] or "flat",
            mult={t: float(row[t]) for t in ("urban", "suburb", "county", "zone") if row[t]},
            shock={int(y): float(f) for y, f in (p.split(":") for p in row["shock"].split(";") if p)},
        )
        _validate(spec, names)
        names[spec.name] = spec
        out.append(spec)
    return out


def _validate(spec: IndicatorSpec, names: dict[str, IndicatorSpec]) -> None:
    where = f"indicators.csv: {spec.name}"
    if spec.name in names:
        raise ValueError(f"{where}: listed twice")
    if spec.measure not in MEASURES:
        raise ValueError(f"{where}: unknown measure {spec.measure!r}")
    if spec.additive != (spec.measure in ("stock", "flow")):
        raise ValueError(f"{where}: only stocks and flows are additive")
    if bad := [t for t in spec.sub if t not in SUB_TOKENS]:
        raise ValueError(f"{where}: unknown sub-annual set {bad}")
    if spec.measure == "stock" and any(t.startswith("YTD") for t in spec.sub):
        raise ValueError(f"{where}: a stock has no year-to-date value")
    if spec.part_of is not None:
        whole = names.get(spec.part_of)
        if whole is None or whole.levels != spec.levels or whole.unit != spec.unit or spec.sub:
            raise ValueError(f"{where}: a part needs its whole listed before it, same levels and unit, no sub")


def load_anomalies() -> list[Anomaly]:
    """Parse ``anomalies.csv``."""
    return [
        Anomaly(
            id=row["id"],
            kind=row["kind"],
            domain=row["domain"],
            indicator=row["indicator"],
            region=row["region"],
            period=row["period"],
            amount=_opt_float(row["amount"]),
            reason=row["reason"] or None,
        )
        for row in _read_csv("anomalies.csv")
    ]
