"""``zhibiao edit FACT --split …``: one merged fact becomes two, through the command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhibiao.cli import app

# 城乡低保户 800 户 is one number a reviewer knows to be 城市 500 and 农村 300 (the note in the margin said so)
REPORT = "2023年河东区民政工作总结\n全区城乡低保户共800户。\n"


@pytest.fixture
def cli(tmp_path: Path):
    runner = CliRunner()
    db = tmp_path / "wh" / "warehouse.duckdb"
    report = tmp_path / "2023年河东区民政工作总结.txt"
    report.write_text(REPORT, encoding="utf-8")

    def invoke(*args: str):
        return runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)

    assert invoke("ingest", str(report), "--region", "天津市河东区").exit_code == 0
    return invoke


def _json(result) -> list[dict[str, object]]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _series(cli) -> list[tuple[object, ...]]:
    rows = _json(
        cli("sql", "select indicator_name, period, value, unit from series order by value", "--format", "json")
    )
    return [(r["indicator_name"], r["period"], r["value"], r["unit"]) for r in rows]


def test_split_a_fact_into_two(cli) -> None:
    [(fact_id,)] = [(r["fact_id"],) for r in _json(cli("review", "1", "--format", "json"))]
    done = cli(
        "edit",
        str(fact_id),
        "--split",
        "indicator=城市低保户数,value=500",
        "--split",
        "indicator=农村低保户数，value=300",  # a Chinese comma separates fields too
        "--user",
        "李四",
    )
    assert done.exit_code == 0, done.output
    assert f"事实 {fact_id} 已拆分为" in done.output
    assert _series(cli) == [("农村低保户数", "2023", 300, "户"), ("城市低保户数", "2023", 500, "户")]
    log = _json(cli("log", "--format", "json"))
    assert (log[0]["操作"], log[0]["事实"], log[0]["用户"], log[0]["途径"]) == (
        "拆分事实",
        fact_id,
        "李四",
        "zhibiao edit --split",
    )
    again = cli("edit", str(fact_id), "--split", "value=1", "--split", "value=2")
    assert again.exit_code == 2 and "已被修改或删除" in again.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--split", "value=500"], "--split 至少要给两次"),
        (["--split", "value=500", "--split", "value"], "应写成 字段=值"),
        (["--split", "value=500", "--drop"], "之一"),
        (
            ["--split", "indicator=城市低保户数,value=5", "--split", "indicator=没有这个指标"],
            "第 2 部分：指标“没有这个指标”不在仓库中",
        ),
    ],
)
def test_a_bad_split_is_refused_and_nothing_changes(cli, args: list[str], message: str) -> None:
    [fact] = _json(cli("review", "1", "--format", "json"))
    before = _series(cli)
    refused = cli("edit", str(fact["fact_id"]), *args)
    assert refused.exit_code == 2
    assert message in refused.output, refused.output
    assert _series(cli) == before
