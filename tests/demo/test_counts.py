"""The demo is big enough to exercise every view: years, indicators, domains, period kinds, region levels."""

from __future__ import annotations

from collections import Counter

from ingest import demo
from warehouse import periods


def test_regions_form_one_city_tree() -> None:
    regions = demo.regions()
    levels = Counter(r.level for r in regions)
    assert levels["市"] == 1
    assert 5 <= levels["县"] <= 6
    codes = {r.code for r in regions}
    for r in regions:
        assert r.code.startswith("99"), "demo codes live in the unassigned 99 range"
        assert len(r.code) == (6 if r.level in ("市", "县") else 12)
        assert r.parent_code is None or r.parent_code in codes
        if r.level == "乡":
            assert r.code.startswith(r.parent_code or "-")
    per_district = Counter(r.parent_code for r in regions if r.level == "乡")
    assert all(3 <= n <= 5 for n in per_district.values()) and len(per_district) == levels["县"]
    assert any("高新区" in r.name for r in regions if r.level == "县")


def test_years_indicators_domains(built) -> None:
    years = {periods.parse(f.period).year for f in built.facts if periods.parse(f.period).kind == "Y"}
    assert len(years) >= 10 and max(years) - min(years) + 1 == len(years)
    assert len({f.indicator for f in built.facts}) >= 45
    assert len({f.domain for f in built.facts}) >= 7
    assert [d.domain for d in built.docs] == list(dict.fromkeys(s.domain for s in built.specs.values()))


def test_every_period_kind_is_present(built) -> None:
    kinds = Counter(periods.parse(f.period).kind for f in built.facts)
    assert set(kinds) == {"Y", "H", "Q", "M", "YTD"}
    ytd = {f.period[-2:] for f in built.facts if "YTD" in f.period}
    assert ytd == {f"{m:02d}" for m in range(1, 13)}, "monthly year-to-date exists"


def test_every_region_level_has_annual_facts(built) -> None:
    levels = Counter(built.levels[f.region] for f in built.facts if f.period.isdigit())
    assert set(levels) == {"市", "县", "乡"}


def test_size() -> None:
    """Big enough to exercise the pages, small enough to build on first ``serve`` (its speed: bench/demo.py)."""
    n = sum(len(d.facts) for d in demo.table_docs())
    assert 40_000 <= n <= 120_000


def test_source_docs_are_labelled_as_demo(built) -> None:
    assert built.docs[0].regions == demo.regions()
    assert all(not d.regions for d in built.docs[1:])
    for doc in built.docs:
        assert doc.kind == "demo" and "演示数据" in (doc.title or "")
        assert doc.region == "990100" and doc.domain and len(doc.sha256) == 64
        assert doc.path.name == f"{doc.domain}.csv"
        assert all(f.domain == doc.domain for f in doc.facts)
    first = built.docs[0].facts[0]
    assert first.location == f"演示数据/{built.docs[0].domain} 第2行"


def test_export_tables_writes_the_cited_rows(tmp_path, built) -> None:
    paths = demo.export_tables(tmp_path)
    assert [p.name for p in paths] == [d.path.name for d in built.docs]
    doc = built.docs[1]
    lines = paths[1].read_text(encoding="utf-8").splitlines()
    fact = doc.facts[10]
    line_no = int(fact.location.rsplit("第", 1)[1].rstrip("行"))
    cells = lines[line_no - 1].split(",")
    assert cells[0] == fact.region and cells[2] == fact.indicator and cells[3] == fact.period
    assert float(cells[4]) == fact.value and cells[5] == fact.unit
