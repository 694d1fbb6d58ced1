"""Review, edit, publish, remove, replace, the change log, as-of and gaps through the ``zhibiao`` command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from zhibiao.cli import app

REPORT = "2023年河东区民政工作总结\n全区有低保户800户、1576人，较上年减少52户、138人。养老床位1200张。\n"
NO_YEAR = "河东区民政工作总结\n全区有低保户800户、1576人。\n"


@pytest.fixture
def cli(tmp_path: Path):
    runner = CliRunner()
    db = tmp_path / "wh" / "warehouse.duckdb"

    def invoke(*args: str):
        return runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)

    return invoke


@pytest.fixture
def report(tmp_path: Path) -> Path:
    path = tmp_path / "2023年河东区民政工作总结.txt"
    path.write_text(REPORT, encoding="utf-8")
    return path


def _json(result) -> list[dict[str, object]]:
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _series(cli) -> list[tuple[object, ...]]:
    rows = _json(cli("sql", "select indicator_name, period, value from series order by value", "--format", "json"))
    return [(r["indicator_name"], r["period"], r["value"]) for r in rows]


def test_review_edit_publish(cli, report: Path) -> None:
    staged = cli("ingest", str(report), "--region", "天津市河东区", "--review", "--user", "张三")
    assert staged.exit_code == 0, staged.output
    assert "待审草稿" in staged.output and "zhibiao publish 1" in staged.output
    assert _series(cli) == []  # a draft reaches no view
    facts = _json(cli("review", "1", "--format", "json"))
    assert [(f["indicator_name"], f["value"]) for f in facts] == [
        ("低保户数", 800),
        ("低保人数", 1576),
        ("养老床位数", 1200),
    ]
    table = cli("review", str(report))  # by path, as a table
    assert table.exit_code == 0 and "待审" in table.output and "zhibiao publish 1" in table.output
    people = next(f["fact_id"] for f in facts if f["value"] == 1576)
    beds = next(f["fact_id"] for f in facts if f["value"] == 1200)
    edited = cli("edit", str(people), "--set", "value=1580", "--user", "李四")
    assert edited.exit_code == 0 and "新事实" in edited.output, edited.output
    assert cli("edit", str(beds), "--drop").exit_code == 0
    assert cli("edit", str(people), "--set", "value=1").exit_code == 2  # already replaced by the edit
    published = cli("publish", "1", "--user", "李四")
    assert published.exit_code == 0 and "已发布来源 1：2 条事实" in published.output, published.output
    assert _series(cli) == [("低保户数", "2023", 800), ("低保人数", "2023", 1580)]
    assert cli("publish", "1").exit_code == 2  # published already: refused
    log = _json(cli("log", "--format", "json"))
    assert [(r["操作"], r["用户"]) for r in reversed(log)] == [
        ("暂存待审", "张三"),
        ("修改", "李四"),
        ("删除事实", None),
        ("发布", "李四"),
    ]
    assert log[2]["内容"] == "数值 1576 → 1580" and log[0]["途径"] == "zhibiao publish"


def test_remove_by_sha_prefix_and_an_ambiguous_reference(cli, report: Path, tmp_path: Path) -> None:
    assert cli("ingest", str(report), "--region", "天津市河东区").exit_code == 0
    sha = _json(cli("sql", "select sha256 from source", "--format", "json"))[0]["sha256"]
    # the same path holding a changed report, loaded without --replace: two live sources with that path
    report.write_text(REPORT.replace("1200张", "1300张"), encoding="utf-8")
    assert cli("ingest", str(report), "--region", "天津市河东区").exit_code == 0
    ambiguous = cli("remove", str(report))
    assert ambiguous.exit_code == 2
    assert "对应 2 个来源" in ambiguous.output and "#1 已发布" in ambiguous.output and "#2 已发布" in ambiguous.output
    removed = cli("remove", sha[:8], "--user", "王五")
    assert removed.exit_code == 0 and "已移除来源 1" in removed.output, removed.output
    assert ("养老床位数", "2023", 1300) in _series(cli)
    assert _json(cli("sql", "select count(*) n from fact where source_id = 1", "--format", "json")) == [{"n": 3}]
    assert cli("remove", "nosuchsource").exit_code == 2
    log = _json(cli("log", "--source", "1", "--format", "json"))
    assert [(r["操作"], r["用户"]) for r in log] == [("移除来源", "王五"), ("发布", None)]


def test_replace_loads_the_same_file_with_new_options(cli, tmp_path: Path) -> None:
    path = tmp_path / "河东区民政工作总结.txt"
    path.write_text(NO_YEAR, encoding="utf-8")
    first = cli("ingest", str(path), "--region", "天津市河东区")
    assert first.exit_code == 0
    assert "2 条事实没有期间" in first.output and "--period" in first.output
    again = cli("ingest", str(path), "--region", "天津市河东区", "--period", "2012")
    assert "已导入过" in again.output  # without --replace nothing changes
    replaced = cli("ingest", str(path), "--region", "天津市河东区", "--period", "2012", "--replace")
    assert replaced.exit_code == 0 and "替换来源 1" in replaced.output, replaced.output
    assert "没有期间" not in replaced.output
    assert _series(cli) == [("低保户数", "2012", 800), ("低保人数", "2012", 1576)]
    states = _json(cli("sql", "select id, state, replaces from source order by id", "--format", "json"))
    assert states == [{"id": 1, "state": "removed", "replaces": None}, {"id": 2, "state": "published", "replaces": 1}]


def test_a_replacement_under_review_replaces_when_published(cli, report: Path) -> None:
    assert cli("ingest", str(report), "--region", "天津市河东区").exit_code == 0
    report.write_text(REPORT.replace("1200张", "1250张"), encoding="utf-8")
    staged = cli("ingest", str(report), "--region", "天津市河东区", "--replace", "--review")
    assert "发布后替换来源 1" in staged.output, staged.output
    assert ("养老床位数", "2023", 1200) in _series(cli)  # the draft changes nothing yet
    assert cli("publish", "2").exit_code == 0
    assert ("养老床位数", "2023", 1250) in _series(cli)
    assert [r["操作"] for r in _json(cli("log", "--format", "json"))][:2] == ["替换来源", "发布"]


def test_an_unknown_region_is_refused_with_the_closest_names(cli, report: Path) -> None:
    refused = cli("ingest", str(report), "--region", "天津是")
    assert refused.exit_code == 2
    assert "目录中没有这个地区" in refused.output and "天津市" in refused.output and "--new-region" in refused.output
    assert cli("sql", "select count(*) n from source", "--format", "json").exit_code != 0  # nothing was written
    accepted = cli("ingest", str(report), "--region", "澄湖新区", "--new-region")
    assert accepted.exit_code == 0, accepted.output
    assert _json(cli("sql", "select distinct region_name from series", "--format", "json")) == [
        {"region_name": "澄湖新区"}
    ]
    # the warehouse knows it now: a second report for the same new place needs no flag
    other = report.with_name("2023年澄湖新区补充.txt")
    other.write_text(REPORT.replace("1200张", "1210张"), encoding="utf-8")
    assert cli("ingest", str(other), "--region", "澄湖新区").exit_code == 0


def test_facts_without_a_region_are_counted(cli, report: Path) -> None:
    result = cli("ingest", str(report))
    assert result.exit_code == 0
    assert "3 条事实没有地区" in result.output and "--region" in result.output


def test_series_as_of_through_sql(cli, report: Path) -> None:
    assert cli("ingest", str(report), "--region", "天津市河东区", "--review").exit_code == 0
    assert cli("publish", "1").exit_code == 0
    published = _json(cli("sql", "select published_at from source", "--format", "json"))[0]["published_at"]
    query = "select count(*) n from series_as_of(?::timestamp)"
    before = _json(cli("sql", query.replace("?", "timestamp '2000-01-01'"), "--format", "json"))
    after = _json(cli("sql", query.replace("?", f"'{published}'"), "--format", "json"))
    assert before == [{"n": 0}] and after == [{"n": 3}]


@pytest.mark.parametrize("command", ["review", "edit", "publish", "remove", "log"])
def test_help_is_bilingual(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"])
    assert result.exit_code == 0, result.output
    assert any("\u4e00" <= ch <= "\u9fff" for ch in result.output) and " / " in result.output


def test_a_removed_file_can_be_loaded_again(cli, report: Path) -> None:
    assert cli("ingest", str(report), "--region", "天津市河东区").exit_code == 0
    assert cli("remove", "1").exit_code == 0
    assert _series(cli) == []
    again = cli("ingest", str(report), "--region", "天津市河东区")
    assert again.exit_code == 0 and "已导入过" not in again.output, again.output
    assert len(_series(cli)) == 3
    assert _json(cli("sql", "select id, state from source order by id", "--format", "json")) == [
        {"id": 1, "state": "removed"},
        {"id": 2, "state": "published"},
    ]


def test_log_and_review_upgrade_a_warehouse_made_before_review(cli, report: Path, tmp_path: Path) -> None:
    import duckdb

    from warehouse import publish
    from warehouse.store import Warehouse

    assert cli("ingest", str(report), "--region", "天津市河东区").exit_code == 0
    db = tmp_path / "wh" / "warehouse.duckdb"
    Warehouse.close_readers()
    snapshot = publish.current(db)
    assert snapshot is not None
    for path in (db, snapshot):  # both files as a warehouse made before review would have them
        con = duckdb.connect(str(path))
        con.execute("drop table change_log")
        con.execute("alter table source drop column replaces")
        con.execute("update meta set value = 'old' where key = 'sql_hash'")
        con.close()
    log = cli("log", "--format", "json")
    assert log.exit_code == 0, log.output
    assert json.loads(log.stdout) == []
    assert cli("review", "1", "--format", "json").exit_code == 0


def test_a_corrected_indicator_maps_the_next_report_of_its_family_by_itself(cli, tmp_path: Path) -> None:
    first = tmp_path / "2022年河东区民政工作总结.txt"
    first.write_text("2022年河东区民政工作总结\n全区城区困难家庭补助对象800户。\n", encoding="utf-8")
    assert cli("ingest", str(first), "--region", "天津市河东区", "--review").exit_code == 0
    [fact] = _json(cli("review", "1", "--format", "json"))
    assert fact["indicator_name"] != "城市低保户数"
    edited = cli("edit", str(fact["fact_id"]), "--set", "indicator=城市低保户数", "--user", "张三")
    assert edited.exit_code == 0, edited.output
    assert cli("publish", "1").exit_code == 0
    aliases = tmp_path / "aliases.csv"
    assert cli("aliases", "export", str(aliases)).exit_code == 0
    assert "河东区民政工作总结" in aliases.read_text(encoding="utf-8-sig")  # kept for the document family

    second = tmp_path / "2023年河东区民政工作总结.txt"
    second.write_text("2023年河东区民政工作总结\n全区城区困难家庭补助对象760户。\n", encoding="utf-8")
    assert cli("ingest", str(second), "--region", "天津市河东区").exit_code == 0
    rows = _json(cli("sql", "select indicator_name, period, value from series order by period", "--format", "json"))
    assert [(r["indicator_name"], r["period"], r["value"]) for r in rows] == [
        ("城市低保户数", "2022", 800),
        ("城市低保户数", "2023", 760),
    ]
