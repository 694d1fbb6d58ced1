"""Internal consistency: names, units, sums, rates, sub-annual periods; broken only where an anomaly is planted."""

from __future__ import annotations

from collections import defaultdict

from warehouse import periods

# Names, units and measures the demo must share with the catalogue (a sample; indicators.csv holds all).
CATALOGUE_SAMPLE = {
    "学校数": ("所", "stock"),
    "在校学生": ("人", "stock"),
    "专任教师": ("人", "stock"),
    "入学率": ("%", "rate"),
    "床位数": ("张", "stock"),
    "家庭医生签约率": ("%", "rate"),
    "城市低保户数": ("户", "stock"),
    "城市低保人数": ("人", "stock"),
    "低保金发放": ("万元", "flow"),
    "月人均补差": ("元", "average"),
    "城镇新增就业": ("人", "flow"),
    "城镇登记失业率": ("%", "rate"),
    "养老保险参保人数": ("人", "stock"),
    "公共图书馆": ("个", "stock"),
    "文化活动场次": ("场", "flow"),
    "保障性住房": ("套", "flow"),
    "常住人口": ("万人", "stock"),
    "地区生产总值": ("亿元", "flow"),
    "居民人均可支配收入": ("元", "average"),
}


def test_names_units_and_measures_follow_conventions(built) -> None:
    for name, (unit, measure) in CATALOGUE_SAMPLE.items():
        assert (built.specs[name].unit, built.specs[name].measure) == (unit, measure), name


def test_each_indicator_keeps_one_unit_and_domain(built) -> None:
    seen: dict[str, set[tuple[str, str | None]]] = defaultdict(set)
    for f in built.facts:
        seen[f.indicator].add((f.unit, f.domain))
    assert all(len(v) == 1 for v in seen.values()), {k: v for k, v in seen.items() if len(v) > 1}
    assert set(seen) == set(built.specs)
    for name, ((unit, domain),) in seen.items():
        assert (unit, domain) == (built.specs[name].unit, built.specs[name].domain)


def _sum_failures(built) -> set[tuple[str, str, str]]:
    """Parents whose value differs from the sum of their children (compared only when every child has one)."""
    bad = set()
    for (name, region, period), fact in built.by_key.items():
        kids = built.children.get(region)
        if not built.specs[name].additive or not kids:
            continue
        values = [built.by_key.get((name, k, period)) for k in kids]
        if any(v is None for v in values):
            continue
        if abs(sum(v.value for v in values) - fact.value) > 1e-6 * max(1.0, abs(fact.value)):
            bad.add((name, region, period))
    return bad


def test_children_sum_to_parents_except_planted(built, anomalies) -> None:
    a2, a4 = anomalies["A2"], anomalies["A4"]
    expected = {
        (a2.indicator, a2.region, a2.period),  # the planted mismatch (the city sums what its districts report)
        (a4.indicator, "990100", a4.period),  # the city sums its counties' true values, not the damaged one
    }
    assert _sum_failures(built) == expected


def test_rates_stay_within_0_100_except_planted(built, anomalies) -> None:
    a3 = anomalies["A3"]
    over = {(f.indicator, f.region, f.period) for f in built.facts if f.unit == "%" and not 0 <= f.value < 100}
    assert over == {(a3.indicator, a3.region, a3.period)}


def test_flows_add_up_over_the_year(built) -> None:
    """YTD12, four quarters and twelve months of a flow all equal its annual value; H1 equals YTD06."""
    checked = 0
    for (name, region, period), fact in built.by_key.items():
        spec = built.specs[name]
        if spec.measure != "flow" or not period.isdigit():
            continue
        get = built.by_key.get
        if (ytd := get((name, region, f"{period}YTD12"))) is not None:
            assert abs(ytd.value - fact.value) < 1e-6
            checked += 1
        quarters = [get((name, region, f"{period}Q{q}")) for q in range(1, 5)]
        if all(quarters):
            assert abs(sum(q.value for q in quarters) - fact.value) < 1e-6  # type: ignore[union-attr]
            checked += 1
        months = [get((name, region, f"{period}M{m:02d}")) for m in range(1, 13)]
        if all(months):
            assert abs(sum(m.value for m in months) - fact.value) < 1e-6  # type: ignore[union-attr]
        h1, ytd6 = get((name, region, f"{period}H1")), get((name, region, f"{period}YTD06"))
        if h1 and ytd6:
            assert h1.value == ytd6.value
    assert checked > 500


def test_stock_points_meet_year_ends(built) -> None:
    """A stock read at December (M12, Q4) is its year-end value."""
    for (name, region, period), fact in built.by_key.items():
        if built.specs[name].measure == "stock" and period.isdigit():
            for p in (f"{period}M12", f"{period}Q4"):
                if (point := built.by_key.get((name, region, p))) is not None:
                    assert point.value == fact.value, (name, region, p)


def test_periods_are_valid_and_values_non_negative(built) -> None:
    for f in built.facts:
        assert periods.is_valid(f.period), f.period
        assert f.value >= 0, (f.indicator, f.region, f.period)
        assert f.kind == "actual"


def test_parts_point_at_their_whole(built, anomalies) -> None:
    a5 = anomalies["A5"]
    over = set()
    for doc in built.docs:
        for i, fact in enumerate(doc.facts):
            part_of = built.specs[fact.indicator].part_of
            if part_of is None:
                assert fact.parent is None
                continue
            whole = doc.facts[fact.parent]
            assert (whole.indicator, whole.region, whole.period) == (part_of, fact.region, fact.period), i
            if fact.value > whole.value:
                over.add((fact.indicator, fact.region, fact.period))
    assert over == {(a5.indicator, a5.region, a5.period)}


def test_trends_are_plausible(built) -> None:
    city = "990100"

    def v(name: str, year: int) -> float:
        return built.by_key[(name, city, str(year))].value

    assert v("城市低保人数", 2024) < 0.75 * v("城市低保人数", 2014)  # 低保 declines
    assert v("在校学生", 2024) > v("在校学生", 2014)  # students grow
    assert abs(v("学校数", 2024) / v("学校数", 2014) - 1) < 0.1  # schools change slowly
    for money in ("地区生产总值", "居民人均可支配收入", "一般公共预算收入"):
        growth = (v(money, 2024) / v(money, 2014)) ** 0.1 - 1
        assert 0.04 < growth < 0.09, (money, growth)
