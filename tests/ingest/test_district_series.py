"""Two invented reports of one district, 2022 and 2023, loaded through the CLI into a fresh warehouse make
comparable series: every 较上年 change the 2023 report states is checked against the 2022 report's fact with no false
mismatch, and no key mixes unit families. The reports have 其中 lists, 户 and 人 of one subject, 人次 and 万元 of one
payment, and a stated change in each unit the checks compare (户, 人, 所, 张, 万元, 人次, %, 持平)."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from warehouse.store import Warehouse
from zhibiao.cli import app

REPORT_2022 = """青川区2022年民政工作总结

一、基本情况。全区有低保户640户、1230人，其中城市低保户210户、农村低保户430户。全区有在校学生30800人，其中高中5000人、初中7900人、小学17900人。全区有残疾人2150人，其中重度残疾人610人。全区共有敬老院5所，床位380张。

二、社会救助。全年为11200人次低保对象发放低保金820万元。临时救助1350人次，发放临时救助资金96万元。医疗救助2100人次，支出医疗救助资金158万元。
"""

REPORT_2023 = """青川区2023年民政工作总结

一、基本情况。全区有低保户620户、1180人，较上年减少20户、50人，其中城市低保户200户、农村低保户420户，分别较上年减少10户和10户。全区有在校学生31250人，较上年增加450人，其中高中5120人、初中8030人、小学18100人。全区有残疾人2230人，较上年增加80人，其中重度残疾人650人。全区共有敬老院6所，床位410张，分别较上年增加1所和30张。

二、社会救助。全年为10900人次低保对象发放低保金850万元，较上年增加30万元。临时救助1420人次，较上年增加70人次，发放临时救助资金101万元。医疗救助2250人次，较上年增长7.1%，支出医疗救助资金158万元，与上年持平。
"""

STATED = 12  # the 较上年 / 与上年 phrases written into REPORT_2023


@pytest.fixture(scope="module")
def warehouse(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    folder = tmp_path_factory.mktemp("district")
    runner, db = CliRunner(), folder / "w.duckdb"
    for year, text in (("2022", REPORT_2022), ("2023", REPORT_2023)):
        path = folder / f"青川区{year}年民政工作总结.txt"
        path.write_text(text, encoding="utf-8")
        result = runner.invoke(
            app, ["--db", str(db), "ingest", str(path), "--region", "青川区", "--new-region", "--period", year]
        )
        assert result.exit_code == 0, result.output
    return Warehouse(db)


def test_every_stated_change_is_checked_against_the_prior_report(warehouse: Warehouse) -> None:
    rows = warehouse.reader().query(
        "select v.indicator_name, v.status, v.prior_period, p.source_id as prior_source from stated_vs_computed v "
        "left join fact p on p.id = v.prior_fact_id where v.source_id = 2 order by v.fact_id"
    )
    assert rows.height == STATED
    assert rows["prior_period"].unique().to_list() == ["2022"]
    assert rows["prior_source"].to_list() == [1] * STATED, rows
    assert rows["status"].to_list() == ["consistent"] * STATED, rows


def test_no_key_mixes_unit_families_and_no_statement_mismatches(warehouse: Warehouse) -> None:
    result = CliRunner().invoke(app, ["--db", str(warehouse.path), "check", "--format", "json"])
    counts = {c["check"]: c["count"] for c in json.loads(result.output)}
    assert counts["unit_mismatch"] == 0 and counts["stated_change_mismatch"] == 0
    assert counts["suspect_fact"] == 0 and counts["part_above_whole"] == 0


def test_person_times_and_money_of_one_payment_are_two_comparable_series(warehouse: Warehouse) -> None:
    series = warehouse.reader().query(
        "select indicator_name, period, value, unit from series where indicator_name like '%低保金%' "
        "order by unit desc, period"
    )
    assert series.rows() == [
        ("低保对象发放低保金人次", "2022", 11200.0, "人次"),
        ("低保对象发放低保金人次", "2023", 10900.0, "人次"),
        ("低保对象发放低保金", "2022", 820.0, "万元"),
        ("低保对象发放低保金", "2023", 850.0, "万元"),
    ]


def test_households_and_persons_and_the_parts_of_a_whole_have_two_years_each(warehouse: Warehouse) -> None:
    both = (
        warehouse.reader()
        .query("select indicator from series group by indicator having count(distinct period) = 2")["indicator"]
        .to_list()
    )
    wanted = {"dibao_households", "dibao_persons", "urban_dibao_households", "rural_dibao_households"}
    wanted |= {"students", "primary_students", "junior_students", "senior_students", "disabled_persons"}
    assert wanted <= set(both)
