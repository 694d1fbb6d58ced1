"""Every planted anomaly exists where anomalies.csv and the README say it is, and nothing else is marked suspect."""

from __future__ import annotations

from pathlib import Path

from ingest import demo
from warehouse import periods

README = Path(demo.__file__).with_name("README.md")


def test_every_anomaly_is_documented(anomalies) -> None:
    text = README.read_text(encoding="utf-8")
    for a in anomalies.values():
        assert f"| {a.id} |" in text, f"{a.id} is not described in {README}"
        if a.region != "*":
            assert a.region in text, a.id


def test_only_planted_values_are_suspect(built, anomalies) -> None:
    suspects = {(f.indicator, f.region, f.period): f.suspect_reason for f in built.facts if f.suspect}
    planted = {(a.indicator, a.region, a.period): a.reason for a in anomalies.values() if a.reason}
    assert suspects == planted
    assert all(reason for reason in suspects.values())


def test_spike_triples_one_year(built, anomalies) -> None:
    a = anomalies["A1"]
    year = int(a.period)
    get = lambda y: built.by_key[(a.indicator, a.region, str(y))].value  # noqa: E731
    assert get(year) / get(year - 1) > 2.5
    assert get(year + 1) / get(year) < 0.5


def test_sum_mismatch(built, anomalies) -> None:
    a = anomalies["A2"]
    parent = built.by_key[(a.indicator, a.region, a.period)].value
    kids = sum(built.by_key[(a.indicator, k, a.period)].value for k in built.children[a.region])
    assert parent - kids == a.amount


def test_rate_over_100(built, anomalies) -> None:
    a = anomalies["A3"]
    fact = built.by_key[(a.indicator, a.region, a.period)]
    assert fact.value == a.amount > 100 and fact.suspect


def test_year_digits(built, anomalies) -> None:
    a = anomalies["A4"]
    fact = built.by_key[(a.indicator, a.region, a.period)]
    assert str(int(fact.value)).startswith(a.period) and fact.suspect
    prior = built.by_key[(a.indicator, a.region, periods.prior(a.period))].value
    assert fact.value > 100 * prior
    # The city sums the true county values, so the true value is what the city total leaves for this county.
    city = built.by_key[(a.indicator, "990100", a.period)].value
    others = sum(built.by_key[(a.indicator, k, a.period)].value for k in built.children["990100"] if k != a.region)
    true = int(city - others)
    assert 0.5 * prior < true < 2 * prior
    assert int(fact.value) == int(a.period + str(true)[1:]), "the year overwrites the leading digit"


def test_part_above_whole(built, anomalies) -> None:
    a = anomalies["A5"]
    part = built.by_key[(a.indicator, a.region, a.period)].value
    whole = built.by_key[(built.specs[a.indicator].part_of, a.region, a.period)].value
    assert part > whole and part == round(whole * a.amount)


def test_gaps_leave_holes_that_make_yoy_null(built, anomalies) -> None:
    for a in (anomalies["A6"], anomalies["A7"]):
        names = [s.name for s in built.specs.values() if s.domain == a.domain and a.indicator in ("*", s.name)]
        for name in names:
            in_year = [p for (n, r, p) in built.by_key if n == name and r == a.region and p.startswith(a.period)]
            assert not in_year, (a.id, name)
            assert (name, a.region, str(int(a.period) - 1)) in built.by_key
            assert (name, a.region, str(int(a.period) + 1)) in built.by_key
            siblings = [k for k in built.children if built.levels.get(k) == built.levels[a.region] and k != a.region]
            assert any((name, k, a.period) in built.by_key for k in siblings)


def test_late_starts(built, anomalies) -> None:
    for a in (anomalies["A8"], anomalies["A9"]):
        years = {int(p[:4]) for (n, _, p) in built.by_key if n == a.indicator}
        assert min(years) == int(a.period)
        assert min(int(p) for (n, _, p) in built.by_key if n == "常住人口" and p.isdigit()) < int(a.period)
