"""Turn the generated series into tables: one long table per domain, with the planted anomalies applied.

A table is rendered as CSV text (地区代码,地区,指标,期间,数值,单位,备注); its SHA-256 is the source's identity and a
fact's ``location`` names its line in that text, so ``export_tables`` can write the very files the facts cite.
"""

from __future__ import annotations

import io
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass

from ingest.demo.series import Series, Tree, generate, round_half_up
from ingest.demo.spec import (
    Anomaly,
    IndicatorSpec,
    Settings,
    load_anomalies,
    load_indicators,
    load_regions,
    load_settings,
)
from warehouse.periods import sort_key

__all__ = ["Row", "Table", "build_tables", "periods_of"]

HEADER = ("地区代码", "地区", "指标", "期间", "数值", "单位", "备注")
LEAF_KINDS = {"spike": "times", "part_above_whole": "of_whole"}
ANOMALY_KINDS = (*LEAF_KINDS, "sum_mismatch", "rate_over_100", "year_digits", "gap", "late_start")


@dataclass(frozen=True)
class Row:
    """One table row: a value in the indicator's last decimal place (``minor``) and its suspect reason."""

    indicator: str
    region: str
    period: str
    minor: int
    decimals: int
    unit: str
    suspect_reason: str | None = None

    @property
    def value(self) -> float:
        return self.minor / 10**self.decimals

    def text_value(self) -> str:
        """The value as the table writes it (fixed decimals, no float noise).

        >>> Row("常住人口", "990100", "2024", 14617, 2, "万人").text_value()
        '146.17'
        >>> Row("低保金发放", "990100", "2024", 5, 2, "万元").text_value()
        '0.05'
        """
        sign, digits = ("-" if self.minor < 0 else ""), str(abs(self.minor)).rjust(self.decimals + 1, "0")
        if self.decimals == 0:
            return sign + digits
        return f"{sign}{digits[: -self.decimals]}.{digits[-self.decimals :]}"


@dataclass(frozen=True)
class Table:
    """One domain's long table."""

    domain: str
    rows: list[Row]
    parent_of: dict[int, int]  # row index of a 其中 part → row index of its whole

    def csv_text(self, names: dict[str, str]) -> str:
        out = io.StringIO()
        out.write(",".join(HEADER) + "\n")
        for r in self.rows:
            note = f"疑误：{r.suspect_reason}" if r.suspect_reason else ""
            out.write(f"{r.region},{names[r.region]},{r.indicator},{r.period},{r.text_value()},{r.unit},{note}\n")
        return out.getvalue()


def periods_of(spec: IndicatorSpec, settings: Settings) -> Iterator[tuple[str, int, str, int]]:
    """The periods an indicator is published for: ``(code, year, kind, index)``, kind ∈ Y H Q YTD M.

    ``index`` is the month the value is read from (the last month of a period, its months summed for flows).
    """
    first = max(settings.first_year, spec.start or settings.first_year)
    for y in range(first, settings.partial_year + 1):
        n = settings.months_in(y)
        if y <= settings.last_year:
            yield f"{y}", y, "Y", 12
        if "H1" in spec.sub and n >= 6:
            yield f"{y}H1", y, "H", 6
        for k in range(1, n // 3 + 1):
            if "Q" in spec.sub:
                yield f"{y}Q{k}", y, "Q", 3 * k
            if "YTDQ" in spec.sub and "YTDM" not in spec.sub:
                yield f"{y}YTD{3 * k:02d}", y, "YTD", 3 * k
        if "YTDM" in spec.sub:
            for m in range(1, n + 1):
                yield f"{y}YTD{m:02d}", y, "YTD", m
        if "M" in spec.sub and y >= settings.month_from:
            for m in range(1, n + 1):
                yield f"{y}M{m:02d}", y, "M", m


def _value(spec: IndicatorSpec, series: Series, key: tuple[str, str], year: int, kind: str, month: int) -> int:
    if kind == "Y":
        return series.annual[key][year]
    months = series.monthly[key][year]
    if spec.measure != "flow":  # points (stocks, rates) and cumulative averages are read at the period's end
        return months[month - 1]
    if kind == "YTD" or kind == "H":
        return sum(months[:month])
    if kind == "Q":
        return sum(months[month - 3 : month])
    return months[month - 1]


def _post_anomalies(
    series: Series, specs: dict[str, IndicatorSpec], anomalies: list[Anomaly], tree: Tree
) -> dict[tuple[str, str, str], str]:
    """Apply the anomalies that change a stated value without touching the values below it; return suspect reasons.

    A ``sum_mismatch`` is a district reporting a figure its streets do not add up to; the city sums what its
    districts report, so the amount is added to every ancestor too and only the district breaks the sum.
    """
    suspects: dict[tuple[str, str, str], str] = {}
    for a in anomalies:
        key, year = (a.indicator, a.region), int(a.period[:4])
        if a.kind == "sum_mismatch":
            code: str | None = a.region
            while code is not None:
                series.annual[(a.indicator, code)][year] += round_half_up(
                    (a.amount or 0) * 10 ** specs[a.indicator].decimals
                )
                code = tree.regions[code].parent
        elif a.kind == "rate_over_100":
            series.annual[key][year] = round_half_up((a.amount or 0) * 10 ** specs[a.indicator].decimals)
        elif a.kind == "year_digits":  # the year overwrites the leading digit: 417 → 202317
            series.annual[key][year] = int(f"{year}{str(series.annual[key][year])[1:]}")
        else:
            continue
        if a.reason:
            suspects[(a.indicator, a.region, a.period)] = a.reason
    return suspects


def _gaps(anomalies: list[Anomaly]) -> list[Anomaly]:
    return [a for a in anomalies if a.kind == "gap"]


def _in_gap(gaps: list[Anomaly], spec: IndicatorSpec, region: str, year: int) -> bool:
    return any(
        g.domain == spec.domain and g.indicator in ("*", spec.name) and g.region == region and int(g.period) == year
        for g in gaps
    )


def build_tables() -> tuple[list[Table], Tree, Settings]:
    """Generate everything from the bundled data files; tables in the order domains first appear in the spec."""
    settings, specs, anomalies = load_settings(), load_indicators(), load_anomalies()
    tree = Tree(load_regions(), settings)
    by_name = {s.name: s for s in specs}
    for a in anomalies:
        _check_anomaly(a, by_name, tree)
    hooks = [
        (a.indicator, a.region, int(a.period), LEAF_KINDS[a.kind], a.amount or 1.0)
        for a in anomalies
        if a.kind in LEAF_KINDS
    ]
    series = generate(specs, tree, settings, hooks)
    suspects = _post_anomalies(series, by_name, anomalies, tree)
    gaps = _gaps(anomalies)
    order = list(tree.regions)
    rows_by_domain: dict[str, list[Row]] = defaultdict(list)
    for spec in specs:
        codes = [c for c in order if tree.regions[c].level in spec.levels]
        for code in codes:
            key = (spec.name, code)
            for period, year, kind, month in sorted(periods_of(spec, settings), key=lambda p: sort_key(p[0])):
                if _in_gap(gaps, spec, code, year):
                    continue
                minor = _value(spec, series, key, year, kind, month)
                rows_by_domain[spec.domain].append(
                    Row(
                        spec.name,
                        code,
                        period,
                        minor,
                        spec.decimals,
                        spec.unit,
                        suspects.get((spec.name, code, period)),
                    )
                )
    tables = []
    for domain, rows in rows_by_domain.items():
        index = {(r.indicator, r.region, r.period): i for i, r in enumerate(rows)}
        parent_of = {}
        for i, r in enumerate(rows):
            whole = by_name[r.indicator].part_of
            if whole and (whole, r.region, r.period) in index:
                parent_of[i] = index[(whole, r.region, r.period)]
        tables.append(Table(domain, rows, parent_of))
    return tables, tree, settings


def _check_anomaly(a: Anomaly, specs: dict[str, IndicatorSpec], tree: Tree) -> None:
    where = f"anomalies.csv {a.id}"
    if a.kind not in ANOMALY_KINDS:
        raise ValueError(f"{where}: unknown kind {a.kind!r}")
    if a.indicator != "*" and (a.indicator not in specs or specs[a.indicator].domain != a.domain):
        raise ValueError(f"{where}: unknown indicator {a.indicator!r} in {a.domain}")
    if a.region != "*" and a.region not in tree.regions:
        raise ValueError(f"{where}: unknown region {a.region}")
    if a.kind == "sum_mismatch" and specs[a.indicator].sub:
        raise ValueError(f"{where}: plant a sum mismatch on an indicator without sub-annual periods")
    if a.kind in LEAF_KINDS and tree.regions[a.region].level != specs[a.indicator].leaf_level:
        raise ValueError(f"{where}: {a.kind} is planted at the indicator's lowest level")
    if a.kind == "late_start" and specs[a.indicator].start != int(a.period):
        raise ValueError(f"{where}: indicators.csv says {a.indicator} starts in {specs[a.indicator].start}")
