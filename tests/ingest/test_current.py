"""Which fact of a key is current (fact.is_current, fact.vintages): kept by the loader and the writer, read by series.

Each test compares the stored marks with the ranking series used to compute on every query (a window over all facts),
so a load that leaves a stale mark fails here.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from pathlib import Path

from conftest import query
from ingest_corpus import GOOD_ROWS, write_csv

from ingest.load import LoadResult
from warehouse import vintages
from warehouse.store import Warehouse

Load = Callable[..., list[LoadResult]]

# The ranking as a window over every fact: what series computed before the writer kept the marks.
STALE = f"""
select count(*) from fact f
join (
    select id,
           row_number() over (partition by indicator, region, period, kind order by {vintages.ORDER}) = 1 as current,
           count(*) over (partition by indicator, region, period, kind) as n
    from fact
) w using (id)
where f.is_current is distinct from w.current or f.vintages is distinct from w.n
"""


def marks(wh: Warehouse, indicator: str) -> list[tuple[object, ...]]:
    return query(
        wh,
        "select period, value, vintage, is_current, vintages from fact where indicator = ? order by period, id",
        [indicator],
    )


def test_a_restated_value_becomes_current_and_the_old_fact_stays(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    load(write_csv(tmp_path / "a.csv", GOOD_ROWS))
    assert marks(wh, "schools") == [("2022", 15.0, 1, True, 1), ("2023", 16.0, 1, True, 1)]
    load(write_csv(tmp_path / "b.csv", [["盐田区", "学校数", "2023", "17", "所"], GOOD_ROWS[1]]))
    assert marks(wh, "schools") == [
        ("2022", 15.0, 1, False, 2),
        ("2022", 15.0, 1, True, 2),  # the same value again: the later copy is current, still vintage 1
        ("2023", 16.0, 1, False, 2),
        ("2023", 17.0, 2, True, 2),
    ]
    assert query(wh, "select period, value, vintages from series where indicator = 'schools' order by period") == [
        ("2022", 15.0, 2),
        ("2023", 17.0, 2),
    ]
    assert query(wh, STALE) == [(0,)]


def test_a_key_a_report_states_twice_has_one_current_fact(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    report = tmp_path / "总结.txt"
    report.write_text(
        "一、基本情况。全区有低保户800户。\n二、下一步。截至年底，全区有低保户810户。\n", encoding="utf-8"
    )
    [result] = load(report, region="河东区", period="2023")
    assert result.facts == 2, result.message
    [(code,)] = query(wh, "select distinct indicator from fact")
    assert marks(wh, code) == [("2023", 800.0, 1, False, 2), ("2023", 810.0, 1, True, 2)]
    assert query(wh, "select value, vintages from series where indicator = ?", [code]) == [(810.0, 2)]


def test_a_suspect_restatement_does_not_replace_a_clean_value(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    load(write_csv(tmp_path / "clean.csv", [GOOD_ROWS[0]]))
    with wh.writer() as w, w.transaction() as con:  # a damaged later copy, as the text extractor flags one
        con.execute(
            "insert into fact (id, indicator, region, period, value, unit, base_value, base_unit, source_id, vintage, "
            "suspect, suspect_reason) select max(id) + 1, 'schools', any_value(region), '2023', 160, '所', 160, '所', 1, 2, "
            "true, '数值疑似多一位' from fact"
        )
    assert marks(wh, "schools") == [("2023", 16.0, 1, True, 2), ("2023", 160.0, 2, False, 2)]
    assert query(wh, "select value, vintages from series where indicator = 'schools'") == [(16.0, 2)]


def test_marks_match_the_ranking_after_many_random_loads(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    rng = random.Random(7)
    regions, names, years = (
        ["盐田区", "福田区", "沙头角街道"],
        ["学校数", "在校学生", "城市低保户数"],
        ["2021", "2022", "2023"],
    )
    units = {"学校数": "所", "在校学生": "人", "城市低保户数": "户"}
    for n in range(12):
        rows = [
            [rng.choice(regions), name, rng.choice(years), str(rng.choice([10, 11, 12])), units[name]]
            for name in (rng.choice(names) for _ in range(rng.randint(1, 8)))
        ]
        [result] = load(write_csv(tmp_path / f"f{n}.csv", rows))
        assert result.status == "loaded", result.message
        assert query(wh, STALE) == [(0,)], f"after file {n}"
    [(facts, keys, current)] = query(
        wh, "select count(*), count(distinct (indicator, region, period, kind)), count(*) filter (is_current) from fact"
    )
    assert facts > keys == current  # restatements happened, and each key has exactly one current fact
    assert query(wh, "select count(*) from series") == [(keys,)]
