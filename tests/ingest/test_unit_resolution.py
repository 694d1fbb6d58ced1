"""Indicator resolution respects units and scope: one report's facts of different meanings never share a key.

Invented sentences of the shapes that merged before: 其中 lists of schools and of pupils, 人次 and 万元 of one
payment, 名 and 万元 of one relief, two rates in one 分别 clause, 户 and 人 of one subject, 所 and 个 of one count.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import query

from warehouse.check import run_checks
from warehouse.store import Warehouse

Load = Callable[..., list]

REPORT = """青川区2023年社会事业工作总结

一、教育。全区现有中小学20所，其中区属学校9所（完全中学2所，小学5所），镇属学校10所（初中2所，小学8所），民办学校1所。\
全区有在校学生31250人，其中高中5120人、初中8030人、小学18100人。

二、民政。全区有低保户620户、1180人，较上年减少15户、40人。上半年为5310人次低保户发放低保金64万元。为23名困难群众\
发放临时救助金8.2万元。三无、五保集中供养率分别达到88.5%和100%。全区共有敬老院6所，床位410张。
"""


@pytest.fixture
def loaded(wh: Warehouse, load: Load, tmp_path: Path) -> Warehouse:
    path = tmp_path / "青川区2023年社会事业工作总结.txt"
    path.write_text(REPORT, encoding="utf-8")
    [result] = load(path, region="青川区", period="2023")
    assert result.status == "loaded", result.message
    return wh


def _facts(wh: Warehouse) -> dict[tuple[float, str], tuple[str, str, str | None, bool]]:
    """(value, unit) → (indicator code, indicator name, period, suspect) of every fact."""
    rows = query(
        wh,
        "select f.value, f.unit, f.indicator, i.name, f.period, f.suspect from fact f "
        "join indicator i on i.code = f.indicator",
    )
    return {(v, u): (code, name, period, suspect) for v, u, code, name, period, suspect in rows}


def test_no_key_of_the_report_holds_two_values(loaded: Warehouse) -> None:
    clashes = query(
        loaded,
        "select indicator, period, list(value) from fact group by indicator, region, period, kind "
        "having count(distinct base_value) > 1",
    )
    assert clashes == []
    [mismatch] = run_checks(loaded.reader().cursor(), names=["unit_mismatch"])
    assert mismatch.rows.height == 0


def test_pupils_under_students_are_the_catalogues_pupil_counts(loaded: Warehouse) -> None:
    facts = _facts(loaded)
    assert facts[(18100.0, "人")][0] == "primary_students"
    assert facts[(8030.0, "人")][0] == "junior_students"
    assert facts[(5120.0, "人")][0] == "senior_students"
    assert facts[(31250.0, "人")][0] == "students"


def test_schools_of_a_part_are_not_the_districts_school_count(loaded: Warehouse) -> None:
    facts = _facts(loaded)
    assert facts[(20.0, "所")][0] == "primary_secondary_schools"
    five, eight = facts[(5.0, "所")], facts[(8.0, "所")]
    assert five[1].endswith("区属学校中的小学") and eight[1].endswith("镇属学校中的小学")
    assert "primary_schools" not in {five[0], eight[0]}


def test_person_times_and_money_of_one_payment_are_two_indicators(loaded: Warehouse) -> None:
    facts = _facts(loaded)
    times, money = facts[(5310.0, "人次")], facts[(64.0, "万元")]
    assert times[1] == "低保户发放低保金人次" and money[1] == "低保户发放低保金"
    assert times[0] != money[0] and times[2] == money[2] == "2023H1"
    persons, relief = facts[(23.0, "名")], facts[(8.2, "万元")]
    assert persons[1] == "困难群众发放临时救助金人数" and relief[1] == "困难群众发放临时救助金"
    # both stay visible in series
    shown = {row[0] for row in query(loaded, "select indicator from series")}
    assert {times[0], money[0], persons[0], relief[0]} <= shown


def test_households_and_persons_of_one_subject_are_the_catalogues_variants(loaded: Warehouse) -> None:
    facts = _facts(loaded)
    assert facts[(620.0, "户")][0] == "dibao_households" and facts[(1180.0, "人")][0] == "dibao_persons"
    # 敬老院 counted in 所 is the catalogue's institution count (shown in 个): one family
    assert facts[(6.0, "所")][0] == "elderly_care_institutions"


def test_two_rates_of_one_clause_keep_their_own_names(loaded: Warehouse) -> None:
    facts = _facts(loaded)
    assert facts[(88.5, "%")][1] == "三无集中供养率" and facts[(100.0, "%")][1] == "五保集中供养率"


def test_values_a_report_gives_one_name_are_both_kept_and_flagged(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    """When the extractor reads two rates as one name (a quoted 三无五保), neither hides the other unseen."""
    path = tmp_path / "r.txt"
    path.write_text("青川区2023年民政工作总结\n\n全区“三无五保”集中供养率分别达到88.5%和100%。\n", encoding="utf-8")
    [result] = load(path, region="青川区", period="2023")
    rows = query(wh, "select value, suspect, suspect_reason from fact order by value")
    assert [(v, s) for v, s, _ in rows] == [(88.5, True), (100.0, True)]
    assert all("不同数值" in reason for _, _, reason in rows) and result.suspect == 2
    [flagged] = run_checks(wh.reader().cursor(), names=["suspect_fact"])
    assert sorted(flagged.rows["value"].to_list()) == [88.5, 100.0]  # both listed for review


def test_a_name_an_earlier_load_counted_in_another_family_is_not_reused(
    wh: Warehouse, load: Load, tmp_path: Path
) -> None:
    """A warehouse made before families were respected holds 慰问困难群众 in 户: its households keep that indicator,
    and people of the same wording get one of their own."""
    with wh.writer() as w, w.transaction() as con:
        con.execute(
            "insert into indicator (code, name, unit, measure, in_catalog) "
            "values ('慰问困难群众', '慰问困难群众', '户', 'flow', false)"
        )
    path = tmp_path / "r.txt"
    path.write_text("青川区2023年民政工作总结\n\n慰问困难群众45户，慰问困难群众320人。\n", encoding="utf-8")
    load(path, region="青川区", period="2023")
    facts = _facts(wh)
    assert facts[(45.0, "户")][0] == "慰问困难群众"
    assert facts[(320.0, "人")][:2] == ("慰问困难群众(按人计)", "慰问困难群众(按人计)")
    [mismatch] = run_checks(wh.reader().cursor(), names=["unit_mismatch"])
    assert mismatch.rows.height == 0
