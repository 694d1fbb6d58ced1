"""Attacks on the guarded SQL path through its public interface, one category at a time.

Every attack must be refused (or stopped) with one bilingual line, leave no file behind, leave the warehouse's files
byte for byte unchanged, and leave the worker usable: each case runs a follow-up query that must count the facts.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from query_helpers import content_digest, tree_digest, worker_pid

from warehouse.query import QueryError, QueryRefused, QueryService

SECRET = "zhibiao-secret-marker-4711"

# (category, sql). ``{secret}`` is a readable file holding SECRET; ``{out}`` a path nothing may create.
READERS = [
    "select * from read_csv('{secret}')",
    "select * from read_csv_auto('{secret}')",
    "select * from read_csv(['{secret}', '{secret}'])",
    "select * from read_parquet('{secret}')",
    "select * from parquet_scan('{secret}')",
    "select * from read_json('{secret}')",
    "select * from read_json_auto('{secret}')",
    "select * from read_json_objects('{secret}')",
    "select * from read_ndjson('{secret}')",
    "select * from read_ndjson_objects('{secret}')",
    "select * from read_text('{secret}')",
    "select * from read_blob('{secret}')",
    "select * from read_duckdb('{secret}')",
    "select * from glob('{dir}/*')",
    "select * from sniff_csv('{secret}')",
    "select * from parquet_metadata('{secret}')",
    "select * from parquet_schema('{secret}')",
    "select * from parquet_file_metadata('{secret}')",
    "select * from parquet_kv_metadata('{secret}')",
    "select * from '{secret}'",
    'select * from "{secret}"',
    "from '{secret}'",
    "from '/etc/passwd'",
    "select * from 'data.csv'",
    "describe '{secret}'",
    "summarize '{secret}'",
    "summarize select * from read_text('{secret}')",
    "select read_text('{secret}')",
    "select (select content from read_text('{secret}'))",
    "select * from fact where quote in (select content from read_text('{secret}'))",
    "with x as (select * from read_text('{secret}')) select * from x",
    "select * from fact, lateral read_text('{secret}') limit 1",
    "select * from read_text('{secret}') as fact",
    "select * from main.read_text('{secret}')",
    "select * from system.main.read_text('{secret}')",
    "select * from read_csv('https://example.com/x.csv')",
    "from 'https://example.com/x.parquet'",
    "select * from fact, (from '{secret}')",
    "select * from (from '{secret}')",
    "summarize (from '{secret}')",
    "select * from range((select count(*) from read_text('{secret}')))",
    "select * from json_each((select content from read_text('{secret}')))",
    "select * from fact positional join read_text('{secret}')",
    "select * from fact union by name from read_text('{secret}')",
    "select * from fact limit 1 offset (select count(*) from read_text('{secret}'))",
]
FILE_STATEMENTS = [
    "copy fact to '{out}'",
    "copy (select * from fact) to '{out}' (format csv)",
    "copy fact from '{secret}'",
    "export database '{out}'",
    "import database '{dir}'",
    "attach '{out}' as other",
    "attach ':memory:' as scratch",
    "attach 'https://example.com/w.duckdb' as remote",
    "detach snapshot",
    "install httpfs",
    "force install httpfs",
    "load httpfs",
    "load '{out}'",
]
SETTINGS = [
    "set threads = 8",
    "set global enable_external_access = true",
    "set lock_configuration = false",
    "reset memory_limit",
    "set variable x = 1",
    "pragma database_list",
    "pragma enable_profiling",
    "call pragma_version()",
    "call duckdb_settings()",
    "checkpoint",
    "force checkpoint",
    "use memory",
    "select current_setting('enable_external_access')",
    "select getvariable('x')",
    "select * from duckdb_settings()",
    "select * from duckdb_databases()",
    "select * from duckdb_extensions()",
    "select * from duckdb_secrets()",
    "select * from pragma_database_list()",
    "select * from which_secret('{secret}', 'csv')",
    "select enable_logging()",
]
STACKED = [
    "select 1; drop table fact",
    "select 1; copy fact to '{out}'",
    "select 1;\ncopy fact to '{out}'",
    "select 1 /* ; */; delete from fact",
    "select 1 -- first\n; attach '{out}' as o",
    "begin; delete from fact; commit",
]
TRICKS = [
    "SeLeCt * FrOm ReAd_TeXt('{secret}')",
    "select * from \"READ_TEXT\"('{secret}')",
    "select/**/*/**/from/**/read_text('{secret}')",
    "select * from read_text/* gap */('{secret}')",
    "/* leading */ copy fact to '{out}'",
    "-- a comment line\ncopy fact to '{out}'",
    "select 1 --\n; copy fact to '{out}'",
    "sel/**/ect 1",
    "select 1\u200b; copy fact to '{out}'",
    "\ufeffselect * from read_text('{secret}')",
    "select * from read\u2028_text('{secret}')",
]
DDL_DML = [
    "create table t as select 1",
    "create temp table t as select 1",
    "create view v as select 1",
    "create macro m(x) as x",
    "create sequence s",
    "insert into fact select * from fact limit 1",
    "insert into fact (id) values (999) returning *",
    "update fact set value = 0",
    "delete from fact",
    "drop table fact",
    "drop view series",
    "alter table fact add column x int",
    "truncate fact",
    "vacuum",
    "select * into t from fact",
    "with x as (delete from fact returning *) select * from x",
    "pivot fact on period using sum(value)",
]
SQL_STRINGS = [
    "select * from query('select 1')",
    "select * from query_table('fact')",
    "select * from query_table(['fact'])",
    "select query('select 1')",
    "select json_execute_serialized_sql(json_serialize_sql('select 1'))",
    "select * from json_execute_serialized_sql(json_serialize_sql('select 1'))",
    "prepare p as select 1",
    "execute p",
]
OTHER_DIALECTS = [
    ("mysql", "select load_file('{secret}')"),
    ("mysql", "select * from fact into outfile '{out}'"),
    ("mysql", "load data infile '{secret}' into table fact"),
    ("mysql", "select 1; drop table fact"),
    ("postgres", "select pg_read_file('{secret}')"),
    ("postgres", "copy fact from program 'touch {out}'"),
    ("postgres", "copy fact to '{out}'"),
    ("postgres", "select pg_sleep(100)"),
    ("tsql", "select * from openrowset(bulk '{secret}', single_clob) as x"),
    ("tsql", "exec xp_cmdshell 'touch {out}'"),
    ("oracle", "select utl_file.fopen('{dir}', 'secret.csv', 'r') from dual"),
    ("clickhouse", "select * from file('{secret}', 'CSV')"),
    ("clickhouse", "select * from url('https://example.com/x', 'CSV')"),
    ("spark", "select * from csv.`{secret}`"),
    ("sqlite", "attach database '{out}' as y"),
]
CASES = [
    *[("read", "duckdb", s) for s in READERS],
    *[("file-statement", "duckdb", s) for s in FILE_STATEMENTS],
    *[("settings", "duckdb", s) for s in SETTINGS],
    *[("stacked", "duckdb", s) for s in STACKED],
    *[("tricks", "duckdb", s) for s in TRICKS],
    *[("ddl-dml", "duckdb", s) for s in DDL_DML],
    *[("sql-string", "duckdb", s) for s in SQL_STRINGS],
    *[("dialect", d, s) for d, s in OTHER_DIALECTS],
]


@pytest.fixture(scope="module")
def pristine(fx_db: Path) -> dict[str, str]:
    """The warehouse's bytes before this module's first attack."""
    return content_digest(fx_db.parent)


@pytest.fixture(scope="module")
def bait(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    """A readable secret (valid CSV) and a directory where nothing may appear."""
    folder = tmp_path_factory.mktemp("bait")
    (folder / "secret.csv").write_text(f"a,b\n{SECRET},1\n", encoding="utf-8")
    return {"secret": str(folder / "secret.csv"), "out": str(folder / "out.csv"), "dir": str(folder)}


def assert_one_bilingual_line(message: str) -> None:
    assert "\n" not in message and "Traceback" not in message, message
    assert re.search(r"[\u4e00-\u9fff]", message), message  # Chinese …
    zh, sep, en = message.partition(" / ")
    assert sep and re.search(r"[A-Za-z]{3}", en) and zh.strip(), message  # … then English


def assert_no_side_effect(
    svc: QueryService, bait: dict[str, str], before: dict[str, tuple[int, int]], folder: Path, facts: int
) -> None:
    assert sorted(p.name for p in Path(bait["dir"]).iterdir()) == ["secret.csv"]
    assert tree_digest(folder) == before
    assert svc.run("select count(*) as n from fact").frame.item() == facts  # the worker still answers


@pytest.mark.parametrize(("category", "dialect", "template"), CASES, ids=[f"{c[0]}:{c[2][:48]}" for c in CASES])
def test_attack_is_refused(
    svc: QueryService,
    fx_db: Path,
    bait: dict[str, str],
    pristine: dict[str, str],
    facts: int,
    category: str,
    dialect: str,
    template: str,
) -> None:
    sql = template.format(**bait)
    before = tree_digest(fx_db.parent)
    with pytest.raises(QueryError) as caught:
        svc.run(sql, dialect=dialect)
    message = caught.value.message
    assert_one_bilingual_line(message)
    assert SECRET not in message
    if category != "dialect" and not message.startswith("SQL 语法错误"):
        assert isinstance(caught.value, QueryRefused), message  # the gate said no before anything ran
    assert_no_side_effect(svc, bait, before, fx_db.parent, facts)


def test_refusals_name_what_and_where(svc: QueryService, bait: dict[str, str]) -> None:
    """The message says what was refused and where it is (line and column in the text as typed)."""
    with pytest.raises(QueryRefused) as caught:
        svc.run("select region,\n       value\nfrom read_csv('{secret}')".format(**bait))
    assert (caught.value.line, caught.value.column) == (3, 6)
    assert "read_csv" in caught.value.message and "第 3 行第 6 列" in caught.value.message
    assert "line 3, column 6" in caught.value.message
    with pytest.raises(QueryRefused, match="COPY"):
        svc.run("copy fact to '{out}'".format(**bait))
    with pytest.raises(QueryRefused, match="只允许一条语句，这里有 2 条"):
        svc.run("select 1; select 2")


def test_the_worker_never_restarted(svc: QueryService, fx_db: Path, pristine: dict[str, str]) -> None:
    """After every attack above the same worker process is still serving (refusals cost no restart), and the
    warehouse's files are byte for byte what they were before the first attack."""
    pid = worker_pid(svc)
    for sql in ("copy fact to '/tmp/x.csv'", "select * from read_text('/etc/passwd')", "set threads = 1"):
        with pytest.raises(QueryRefused):
            svc.run(sql)
    assert svc.run("select 1 as one").frame.item() == 1
    assert worker_pid(svc) == pid
    assert content_digest(fx_db.parent) == pristine
