"""The ``zhibiao`` command end to end on a temporary directory: every command, its exit codes and its messages.

Most tests drive the real Typer app in-process (``CliRunner``); one test starts ``zhibiao serve`` as a real process
and fetches the page, which is the README's first command.
"""

from __future__ import annotations

import json
import os
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import openpyxl
import polars as pl
import pytest
from typer.testing import CliRunner

from zhibiao.cli import app

COMMANDS = ["serve", "demo", "ingest", "extract", "sql", "export", "check", "recover"]

LONG_CSV = """地区,指标,期间,数值,单位
河东区,低保户数,2022,852,户
河东区,低保户数,2023,800,户
河东区,低保人数,2023,1576,人
河西区,低保户数,2023,1204,户
"""

REPORT = "2023年河东区民政工作总结\n全区有低保户800户、1576人，较上年减少52户、138人。\n"


@pytest.fixture
def cli(tmp_path: Path):
    """``cli("ingest", "x.csv")`` → the Result of running zhibiao on a warehouse in ``tmp_path``."""
    runner = CliRunner()
    db = tmp_path / "wh" / "warehouse.duckdb"

    def invoke(*args: str):
        return runner.invoke(app, ["--db", str(db), *args], catch_exceptions=False)

    invoke.db = db  # type: ignore[attr-defined]
    return invoke


@pytest.fixture
def long_csv(tmp_path: Path) -> Path:
    path = tmp_path / "民政.csv"
    path.write_text(LONG_CSV, encoding="utf-8")
    return path


@pytest.mark.parametrize("command", [None, *COMMANDS])
def test_help_is_bilingual(command: str | None) -> None:
    result = CliRunner().invoke(app, [command, "--help"] if command else ["--help"])
    assert result.exit_code == 0, result.output
    text = result.output
    assert any("\u4e00" <= ch <= "\u9fff" for ch in text), f"no Chinese in --help of {command}"
    assert " / " in text and any(word in text.lower() for word in ("the", "a ", "run", "load")), text


def test_ingest_then_reingest_changes_nothing(cli, long_csv: Path) -> None:
    first = cli("ingest", str(long_csv), "--domain", "民政")
    assert first.exit_code == 0, first.output
    assert "事实 facts 4" in first.output
    again = cli("ingest", str(long_csv))
    assert again.exit_code == 0, again.output
    assert "已导入过" in again.output and "nothing changed" in again.output
    count = cli("sql", "select count(*) as n from fact", "--format", "json")
    assert json.loads(count.stdout) == [{"n": 4}]


def test_changed_value_becomes_a_new_vintage(cli, long_csv: Path, tmp_path: Path) -> None:
    assert cli("ingest", str(long_csv)).exit_code == 0
    revised = tmp_path / "民政-修订.csv"
    revised.write_text(LONG_CSV.replace("河东区,低保户数,2023,800,户", "河东区,低保户数,2023,805,户"), encoding="utf-8")
    result = cli("ingest", str(revised))
    assert result.exit_code == 0, result.output
    assert "新版本 new vintages 1" in result.output
    rows = cli(
        "sql",
        "select value, vintage from fact f join region r on r.code = f.region "
        "where r.name = '河东区' and f.period = '2023' and f.indicator in "
        "(select code from indicator where name = '低保户数') order by vintage",
        "--format",
        "json",
    )
    assert [r["value"] for r in json.loads(rows.stdout)] == [800, 805]


def test_unreadable_file_is_one_line_naming_the_file(cli, tmp_path: Path) -> None:
    bad = tmp_path / "坏文件.csv"
    bad.write_bytes(b"\x00\x01\x02\xff\xfe" * 200)
    result = cli("ingest", str(bad))
    assert result.exit_code != 0
    assert "坏文件.csv" in result.output and "Traceback" not in result.output
    assert not cli.db.exists() or json.loads(
        cli("sql", "select count(*) n from source", "--format", "json").stdout
    ) == [{"n": 0}]


def test_wrong_extension_and_missing_file(cli, tmp_path: Path) -> None:
    odd = tmp_path / "表.pdf"
    odd.write_bytes(b"%PDF-1.7")
    result = cli("ingest", str(odd), str(tmp_path / "不存在.csv"))
    assert result.exit_code != 0
    assert "表.pdf" in result.output and "不存在.csv" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("command", ["ingest", "extract"])
def test_invalid_period_option_is_refused(cli, long_csv: Path, tmp_path: Path, command: str) -> None:
    report = tmp_path / "总结.txt"
    report.write_text(REPORT, encoding="utf-8")
    result = cli(command, str(long_csv if command == "ingest" else report), "--period", "2023Q5")
    assert result.exit_code == 2
    assert "--period '2023Q5'" in result.output and "不是有效的期间" in result.output


def test_period_option_takes_chinese_labels(cli, long_csv: Path, tmp_path: Path) -> None:
    assert cli("ingest", str(long_csv), "--period", "2023年").exit_code == 0
    report = tmp_path / "总结.txt"
    report.write_text("河东区民政工作总结\n全区有低保户800户。\n", encoding="utf-8")
    result = cli("extract", str(report), "--period", "2023年上半年")
    assert result.exit_code == 0
    assert json.loads(result.stdout.splitlines()[0])["period"] == "2023H1"


def test_extract_on_a_table_points_to_ingest(cli, long_csv: Path) -> None:
    result = cli("extract", str(long_csv), "--format", "table")
    assert result.exit_code != 0
    assert "zhibiao ingest" in result.output and "条事实" not in result.output


def test_numbers_print_as_stated(cli, long_csv: Path, tmp_path: Path) -> None:
    """No scientific notation in the extract table, no float noise in query results."""
    report = tmp_path / "总结.txt"
    report.write_text("2023年河东区财政工作总结\n全区一般公共预算收入3826000万元，比上年增长4.6%。\n", encoding="utf-8")
    table = cli("extract", str(report), "--format", "table").output
    assert "3,826,000" in table and "e+06" not in table
    assert "比上年增长4.6%" in table
    assert cli("ingest", str(long_csv)).exit_code == 0
    result = cli("sql", "select 15.2 - 0.000000000000011::double as x, 476.0::double as y, null as z")
    assert "15.2 " in result.output and "15.19999" not in result.output and "476 " in result.output
    assert "None" not in result.output


def test_report_ingest_keeps_stated_changes(cli, tmp_path: Path) -> None:
    report = tmp_path / "2023年河东区民政工作总结.txt"
    report.write_text(REPORT, encoding="gb18030")
    result = cli("ingest", str(report), "--region", "河东区", "--period", "2023")
    assert result.exit_code == 0, result.output
    assert "陈述变化 stated changes 2" in result.output
    rows = cli(
        "sql",
        "select i.name, f.value, s.direction, s.amount from fact f join indicator i on i.code = f.indicator "
        "join stated_change s on s.fact_id = f.id order by f.value",
        "--format",
        "json",
    )
    assert [(r["value"], r["direction"], r["amount"]) for r in json.loads(rows.stdout)] == [
        (800, "-", 52),
        (1576, "-", 138),
    ]


def test_extract_prints_design_jsonl_fields(cli, tmp_path: Path) -> None:
    report = tmp_path / "总结.txt"
    report.write_text(REPORT, encoding="utf-8")
    result = cli("extract", str(report))
    assert result.exit_code == 0, result.output
    facts = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(facts) == 2
    design = {"doc", "indicator", "value", "unit", "approx", "kind", "period", "region", "change", "suspect", "quote"}
    assert design | {"span"} <= set(facts[0])
    assert facts[0]["doc"] == "总结.txt" and facts[0]["value"] == 800 and facts[0]["unit"] == "户"
    assert facts[0]["change"] == {"base": "上年", "direction": "-", "amount": 52, "unit": "户"}
    start, end = facts[0]["span"]
    assert REPORT[start:end] == facts[0]["quote"]
    assert not cli.db.exists(), "extract must not write a warehouse"


def test_extract_empty_file_fails_clearly(cli, tmp_path: Path) -> None:
    empty = tmp_path / "空.txt"
    empty.write_bytes(b"")
    result = cli("extract", str(empty))
    assert result.exit_code != 0 and "空.txt" in result.output and "Traceback" not in result.output


def test_sql_refusal_exits_non_zero_without_side_effect(cli, long_csv: Path, tmp_path: Path) -> None:
    assert cli("ingest", str(long_csv)).exit_code == 0
    target = tmp_path / "leak.csv"
    result = cli("sql", f"copy fact to '{target}'")
    assert result.exit_code != 0
    assert "Refused" in result.output or "已拒绝" in result.output
    assert not target.exists()
    assert json.loads(cli("sql", "select count(*) n from fact", "--format", "json").stdout) == [{"n": 4}]


def test_sql_without_warehouse_says_what_to_do(cli) -> None:
    result = cli("sql", "select 1")
    assert result.exit_code != 0 and "zhibiao demo" in result.output


@pytest.mark.parametrize("fmt", ["csv", "xlsx", "parquet"])
def test_export_every_format(cli, long_csv: Path, tmp_path: Path, fmt: str) -> None:
    assert cli("ingest", str(long_csv)).exit_code == 0
    out = tmp_path / f"out.{fmt}"
    query = "select r.name as 地区, f.period as 期间, f.value as 数值 from fact f join region r on r.code = f.region"
    result = cli("export", f"{query} order by 1, 2", "-o", str(out))
    assert result.exit_code == 0, result.output
    if fmt == "csv":
        raw = out.read_bytes()
        assert raw.startswith(b"\xef\xbb\xbf")
        frame = pl.read_csv(raw[3:])
    elif fmt == "parquet":
        frame = pl.read_parquet(out)
    else:
        sheet = openpyxl.load_workbook(out).active
        rows = [[c.value for c in row] for row in sheet.iter_rows() if any(c.value is not None for c in row)]
        header = next(i for i, r in enumerate(rows) if r[:3] == ["地区", "期间", "数值"])
        frame = pl.DataFrame(
            [r[:3] for r in rows[header + 1 : header + 5]], schema=["地区", "期间", "数值"], orient="row"
        )
    assert frame.columns[:3] == ["地区", "期间", "数值"]
    assert frame.height == 4 and sorted(float(v) for v in frame["数值"]) == [800, 852, 1204, 1576]


def test_export_unknown_format_is_refused(cli, long_csv: Path, tmp_path: Path) -> None:
    assert cli("ingest", str(long_csv)).exit_code == 0
    result = cli("export", "fact", "-o", str(tmp_path / "x.pdf"))
    assert result.exit_code != 0 and "pdf" in result.output


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def test_serve_builds_the_demo_on_first_run_and_serves(tmp_path: Path) -> None:
    """The README's first command, as a real process on an empty directory."""
    db = tmp_path / "fresh" / "warehouse.duckdb"
    port = _free_port()
    env = {**os.environ, "ZHIBIAO_DB": str(db)}
    proc = subprocess.Popen(
        [sys.executable, "-m", "zhibiao", "serve", "--port", str(port), "--host", "127.0.0.1"],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, proc.stdout.read().decode() if proc.stdout else "server exited"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "server did not become healthy within 120 s"
            time.sleep(0.5)
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5) as r:
            assert r.status == 200 and b"<html" in r.read().lower()
        assert db.exists(), "serve must build the demo warehouse on first run"
    finally:
        os.killpg(proc.pid, 15)
        proc.wait(timeout=20)
    demo = CliRunner().invoke(app, ["--db", str(db), "sql", "select value from meta where key = 'demo'"])
    assert demo.exit_code == 0 and "2025" in demo.output


def test_recover_on_a_healthy_warehouse_changes_nothing(cli, long_csv: Path) -> None:
    assert cli("ingest", str(long_csv)).exit_code == 0
    before = cli.db.read_bytes()
    result = cli("recover")
    assert result.exit_code == 0, result.output
    assert cli.db.read_bytes() == before
    assert json.loads(cli("sql", "select count(*) n from fact", "--format", "json").stdout) == [{"n": 4}]


def test_recover_without_a_warehouse_says_so(cli) -> None:
    result = cli("recover", "--dry-run")
    assert result.exit_code != 0 and "nothing to recover" in result.output


def test_check_on_the_demo_finds_the_planted_errors(cli) -> None:
    """The mission end to end: a report's 较上年增加320人 that last year's figure does not bear out is found."""
    assert cli("demo").exit_code == 0
    result = cli("check")  # output not a terminal (a CI log): Rich would cut it to 80 columns
    assert result.exit_code == 1
    # every value whole, on one line: the table is as wide as its contents
    assert "│ 全县在校学生36604人，较上年增加320人 │" in result.output
    assert "… 另有" not in result.output  # --show 10: every check's rows fit
    mismatch = json.loads(
        cli(
            "sql",
            "select region_name, period, amount, computed, prior_value from stated_vs_computed "
            "where status = 'inconsistent'",
            "--format",
            "json",
        ).stdout
    )
    assert mismatch == [
        {"region_name": "云岭县", "period": "2022", "amount": 320.0, "computed": 202.0, "prior_value": 36402.0}
    ]
    assert "✗ stated_change_mismatch: 1 行" in result.output
    assert "✗ children_sum: 1 行" in result.output  # A2 only: 澄湖区 在校学生 2021
    assert "✓ negative_count" in result.output and "Traceback" not in result.output


def test_check_json_lists_every_offending_row_with_its_ids(cli) -> None:
    """``check --format json`` is for scripts: every check, its count and all its rows (codes and ids kept), and the
    same exit code as the table."""
    assert cli("demo").exit_code == 0
    result = cli("check", "--format", "json", "--show", "1")
    assert result.exit_code == 1
    report = {c["check"]: c for c in json.loads(result.stdout)}
    assert report["negative_count"]["count"] == 0 and report["negative_count"]["rows"] == []
    outliers = report["yoy_outlier"]
    assert outliers["count"] == len(outliers["rows"]) > 1  # --show limits the table only
    assert all(isinstance(row["fact_id"], int) and row["indicator"] for row in outliers["rows"])
    (mismatch,) = report["stated_change_mismatch"]["rows"]
    assert (mismatch["region_name"], mismatch["amount"], mismatch["computed"]) == ("云岭县", 320.0, 202.0)

    table = cli("check", "--show", "1")
    more = outliers["count"] - 1
    assert f"… 另有 {more:,} 行 / {more:,} more rows" in table.output

    wrong = cli("check", "--format", "csv")
    assert wrong.exit_code == 2 and "table 或 json" in wrong.output


def test_sql_table_wraps_in_a_narrow_terminal_instead_of_cutting(cli, long_csv: Path) -> None:
    """In a terminal narrower than the table a long cell wraps: no value ends in "…"."""
    assert cli("ingest", str(long_csv), "--domain", "民政").exit_code == 0
    terminal = CliRunner(env={"COLUMNS": "40", "TTY_COMPATIBLE": "1"})  # Rich: write as to a 40-column terminal
    result = terminal.invoke(
        app, ["--db", str(cli.db), "sql", "select repeat('很长的说明', 6) as note, 1 as n"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert "…" not in result.output
    assert "".join(ch for ch in result.output if "\u4e00" <= ch <= "\u9fff").count("很长的说明") == 6


def test_ingest_says_which_places_an_ambiguous_region_name_could_be(cli, tmp_path: Path) -> None:
    path = tmp_path / "表.csv"
    path.write_text("地区,指标,期间,数值,单位\n河东区,低保户数,2023,800,户\n", encoding="utf-8")
    result = cli("ingest", str(path), "--domain", "民政")
    assert result.exit_code == 0
    assert "地区“河东区”有 2 处同名（天津市河东区、山东省临沂市河东区）" in result.output
    assert "天津市河东区" in result.output and "--region" in result.output


def test_extract_table_shows_whole_clauses(cli, tmp_path: Path) -> None:
    """The table is for checking what was extracted: the source clause is shown whole, not cut at 40 characters."""
    report = tmp_path / "总结.txt"
    clause = "全区纳入城乡居民最低生活保障范围并按月足额发放保障金的困难群众家庭共有低保户800户"
    assert len(clause) > 40
    report.write_text(f"2023年河东区民政工作总结\n{clause}，较上年减少52户。\n", encoding="utf-8")
    result = cli("extract", str(report), "--format", "table")
    assert result.exit_code == 0
    assert "较上年减少52户" in result.output  # the change as the report words it
    assert clause in result.output


def test_serve_on_a_busy_port_says_so_in_chinese_with_the_way_out(cli) -> None:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        result = cli("serve", "--port", str(port), "--host", "127.0.0.1")
    assert result.exit_code == 2
    assert f"端口 {port} 已被占用" in result.output and "--port" in result.output
    assert not cli.db.exists()  # stopped before building anything


@pytest.mark.parametrize("command", [None, "ingest", "sql"])
def test_help_words_are_chinese_with_the_english_beside(command: str | None) -> None:
    result = CliRunner().invoke(app, [command, "--help"] if command else ["--help"])
    assert result.exit_code == 0
    assert "用法 / Usage:" in result.output and "选项 / Options:" in result.output
    assert "显示本帮助并退出 / Show this message and exit." in result.output
    assert "<list[Path]>" not in result.output and "{files}" not in result.output and "<str>" not in result.output
