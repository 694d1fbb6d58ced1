"""``zhibiao sql``: results on stdout, refusals as one bilingual line on stderr with exit code ≠ 0, no traceback.

Most cases drive the Typer app in-process (one worker for the module: the CLI's service is process-wide); one runs
the real command in a fresh process, as a user would.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from query_helpers import tree_digest
from typer.testing import CliRunner

from warehouse import query
from zhibiao.cli import app

REFUSALS = [
    ("select * from read_csv('/etc/passwd')", "表函数 read_csv 不在允许列表中"),
    ("from '/etc/passwd'", "像是文件路径或网址"),
    ("copy fact to '{out}'", "不允许 COPY 语句"),
    ("attach '{out}' as x", "不允许 ATTACH 语句"),
    ("install httpfs", "不允许 INSTALL/LOAD 语句"),
    ("set threads = 8", "不允许 SET/RESET 语句"),
    ("pragma database_list", "不允许 PRAGMA 语句"),
    ("checkpoint", "不允许 CALL/CHECKPOINT 语句"),
    ("select 1; drop table fact", "只允许一条语句，这里有 2 条"),
    ("/**/ delete from fact", "不允许 DELETE 语句"),
    ("select * from query('select 1')", "表函数 query 不在允许列表中"),
    ("select " + "(" * 100 + "1" + ")" * 100, "查询嵌套过深"),
    ("select '" + "x" * 30_000 + "'", "SQL 文本过长"),
    ("select * fromm fact", "SQL 语法错误（第 1 行第 16 列）"),
]


@pytest.fixture(scope="module")
def runner() -> CliRunner:
    return CliRunner()


def invoke(runner: CliRunner, db: Path, *args: str):
    return runner.invoke(app, ["--db", str(db), "sql", *args], catch_exceptions=False)


@pytest.mark.parametrize(("sql", "expected"), REFUSALS, ids=[r[1][:20] for r in REFUSALS])
def test_refusals_exit_nonzero_with_one_line(
    runner: CliRunner, fx_db: Path, tmp_path: Path, sql: str, expected: str
) -> None:
    out = tmp_path / "out.csv"
    before = tree_digest(fx_db.parent)
    result = invoke(runner, fx_db, sql.format(out=out))
    assert result.exit_code != 0
    lines = [line for line in result.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and expected in lines[0] and " / " in lines[0], result.stderr
    assert "Traceback" not in result.output and result.stdout == ""
    assert not out.exists() and tree_digest(fx_db.parent) == before


def test_results_as_csv_and_json(runner: CliRunner, fx_db: Path, facts: int) -> None:
    sql = "select region, value from fact where indicator = 'urban_dibao_households' and period = '2019' order by 1"
    result = invoke(runner, fx_db, sql, "--format", "csv")
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines()[:3] == ["region,value", "990100,1500.0", "990102,900.0"]
    assert "5 行 rows" in result.stderr
    as_json = invoke(runner, fx_db, "select count(*) as n from fact", "--format", "json")
    assert json.loads(as_json.stdout) == [{"n": facts}]


def test_dialect_limit_and_truncation_notice(runner: CliRunner, fx_db: Path) -> None:
    result = invoke(
        runner,
        fx_db,
        "select top 50 `id` from fact order by `id`",
        "--dialect",
        "tsql",
        "--limit",
        "3",
        "--format",
        "csv",
    )
    assert result.exit_code != 0  # backticks are not T-SQL: a syntax error, not a crash
    assert "SQL 语法错误" in result.stderr and "Traceback" not in result.output
    result = invoke(
        runner, fx_db, "select `id` from fact order by `id`", "--dialect", "mysql", "--limit", "3", "--format", "csv"
    )
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == ["id", "1", "2", "3"]
    assert "已截断为前 3 行 / truncated to the first 3 rows" in result.stderr


def test_timeout_option(runner: CliRunner, fx_db: Path) -> None:
    result = invoke(runner, fx_db, "select count(*) from range(1000000000000) t(a)", "--timeout", "0.5")
    assert result.exit_code != 0
    assert result.stderr.strip().endswith("查询超时：超过 0.5 秒已中断 / the query timed out: stopped after 0.5 s")
    assert json.loads(invoke(runner, fx_db, "select 1 as ok", "--format", "json").stdout) == [{"ok": 1}]


def test_a_real_process(fx_db: Path, tmp_path: Path) -> None:
    """The command as a user runs it: a refusal is one line on stderr, exit code 1, no traceback, no file."""
    out = tmp_path / "leak.csv"
    env = {**os.environ, "ZHIBIAO_SQL_WORKERS": "1"}
    command = [sys.executable, "-m", "zhibiao", "--db", str(fx_db), "sql"]
    refused = subprocess.run(
        [*command, f"select 1; copy fact to '{out}'"], capture_output=True, text=True, env=env, timeout=60
    )
    assert refused.returncode != 0 and refused.stdout == ""
    assert refused.stderr.strip().count("\n") == 0 and "Traceback" not in refused.stderr
    assert "只允许一条语句" in refused.stderr and not out.exists()


def test_limits_default_to_the_environment(
    runner: CliRunner, fx_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Without --limit/--timeout the command follows ZHIBIAO_SQL_LIMIT and ZHIBIAO_SQL_TIMEOUT."""
    copy = tmp_path / "wh"
    shutil.copytree(fx_db.parent, copy, ignore=shutil.ignore_patterns("*.lock"))
    db = copy / fx_db.name  # a warehouse of its own, so the command starts a service with these limits
    monkeypatch.setenv("ZHIBIAO_SQL_LIMIT", "2")
    monkeypatch.setenv("ZHIBIAO_SQL_TIMEOUT", "0.5")
    try:
        result = invoke(runner, db, "select * from range(10) t(n)", "--format", "csv")
        assert result.stdout.splitlines() == ["n", "0", "1"]
        assert "已截断为前 2 行 / truncated to the first 2 rows" in result.stderr
        slow = invoke(runner, db, "select count(*) from range(1000000000000) t(a)")
        assert slow.exit_code != 0 and "超过 0.5 秒已中断" in slow.stderr
    finally:
        query.service(db).close()
