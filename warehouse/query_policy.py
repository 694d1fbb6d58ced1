"""What analysts' SQL may use: dialects, table functions, and the allowlist of DuckDB's built-in functions.

The allowlist is computed from DuckDB's own catalogue (``duckdb_functions()``), so a DuckDB upgrade brings its new
scalar and aggregate functions along, minus the refused ones: anything that reads or lists files, scans, runs SQL
held in a string, reads settings, changes state, sleeps, or writes logs — and built-in macros that call any of those.
Table functions are a short explicit list. The warehouse's own tables, views and macros are added at run time from
the snapshot's catalogue (``QueryService.catalog()``).
"""

from __future__ import annotations

import functools
import json
import re
import threading
from typing import Any

import duckdb

from warehouse import db

__all__ = [
    "DIALECTS",
    "INFO_SCHEMA_TABLES",
    "TABLE_FUNCTIONS",
    "builtin_functions",
    "duckdb_functions",
    "duckdb_parse",
    "statement_kind",
]

# fmt: off
DIALECTS = (
    "duckdb", "mysql", "postgres", "oracle", "tsql", "sqlite", "bigquery", "snowflake", "spark", "hive",
    "trino", "presto", "clickhouse", "redshift", "databricks", "doris", "starrocks", "teradata",
)
"""Dialects a query may be written in; all but ``duckdb`` are transpiled to DuckDB by sqlglot."""

TABLE_FUNCTIONS = frozenset({
    "range", "generate_series", "unnest", "json_each", "json_tree",  # rows made from values
    "duckdb_tables", "duckdb_views", "duckdb_columns", "duckdb_functions", "duckdb_types",  # the catalogue
    "duckdb_keywords",
})
"""Built-in table functions allowed in FROM. Everything else (read_*, glob, query, duckdb_settings …) is refused."""

INFO_SCHEMA_TABLES = frozenset({"tables", "columns"})
"""``information_schema`` views analysts coming from MySQL/PostgreSQL expect; they describe the catalogue only."""

# Built-in functions that are NOT allowed although they read no files: they read settings, change state, run SQL
# text, or only sleep. Every name matching _DENIED_PATTERN (file readers, scans, internals …) is refused too.
_DENIED_FUNCTIONS = frozenset({
    "current_setting", "getvariable",  # settings and variables (paths, limits)
    "setseed", "nextval", "currval", "setval",  # session or sequence state
    "json_serialize_sql", "json_deserialize_sql", "json_serialize_plan", "json_execute_serialized_sql",
    "query", "query_table",  # SQL in a string
    "pg_sleep", "sleep_ms",  # tie up a worker on purpose
    "write_log", "parse_duckdb_log_message",  # the logger
})
_DENIED_PATTERN = re.compile(
    r"^(__|read_|parquet_|duckdb_|pragma_|sniff_|glob)|_scan$|checkpoint|profil|logging|secret|extension|resource"
)
# fmt: on


@functools.cache
def duckdb_functions() -> tuple[frozenset[str], frozenset[str], dict[str, str]]:
    """DuckDB's built-in function names, its table-function names, and the bodies of its built-in macros."""
    con = _parser_connection()
    with _parser_lock:
        rows = con.execute(
            "select distinct lower(function_name), function_type, coalesce(macro_definition, '') "
            "from duckdb_functions()"
        ).fetchall()
    names = frozenset(r[0] for r in rows)
    tabular = frozenset(r[0] for r in rows if r[1] in ("table", "table_macro", "pragma"))
    bodies = {r[0]: r[2].lower() for r in rows if r[1] == "macro"}
    return names, tabular, bodies


@functools.cache
def builtin_functions() -> frozenset[str]:
    """DuckDB's scalar, aggregate and window functions and built-in macros, minus the refused ones.

    >>> f = builtin_functions()
    >>> {"sum", "lag", "strftime", "string_agg", "regexp_extract", "list_transform", "+", "~~"} <= f
    True
    >>> {"read_csv", "read_text", "glob", "query", "current_setting", "setseed", "get_block_size"} & f
    set()
    """
    _names, tabular, bodies = duckdb_functions()
    con = _parser_connection()
    with _parser_lock:
        rows = con.execute(
            "select distinct lower(function_name) from duckdb_functions() "
            "where function_type in ('scalar', 'aggregate', 'window', 'macro')"
        ).fetchall()
    refused_calls = _DENIED_FUNCTIONS | (tabular - TABLE_FUNCTIONS)
    allowed = set()
    for (name,) in rows:
        if name in _DENIED_FUNCTIONS or _DENIED_PATTERN.search(name):
            continue
        if set(re.findall(r"([a-z_][a-z0-9_]*)\s*\(", bodies.get(name, ""))) & refused_calls:
            continue  # a built-in macro calling something refused (get_block_size → pragma_database_size())
        allowed.add(name)
    allowed.add("unnest")  # listed as a table function; in a select list it is an ordinary expression
    return frozenset(allowed)


# -- DuckDB in the parent: its catalogue and its parser, never analysts' SQL --------------------------------------
_parser_lock = threading.Lock()


@functools.cache
def _parser_connection() -> duckdb.DuckDBPyConnection:
    """An in-memory DuckDB used only to parse (never to run) analysts' SQL, locked down all the same."""
    con = db.connect(":memory:", config={"enable_external_access": False})
    con.execute("set lock_configuration = true")
    return con


def duckdb_parse(sql: str) -> tuple[list[Any], dict[str, Any]]:
    """DuckDB's statements and JSON syntax tree of ``sql`` (``json_serialize_sql``; it parses, it does not bind)."""
    con = _parser_connection()
    with _parser_lock:
        try:
            statements = con.extract_statements(sql)
        except duckdb.Error:
            statements = None  # the JSON below carries the error with its position
        raw = con.execute("select json_serialize_sql(?::varchar)", [sql]).fetchone()[0]
    return statements or [], json.loads(raw)  # a RecursionError here is the caller's "nested too deeply"


def statement_kind(statement: Any) -> str:
    """The kind of a parsed DuckDB statement (``SELECT``, ``INSERT``…). DuckDB 2.0's Python enum lacks some kinds
    its parser returns (``UPDATE EXTENSIONS`` is number 29) and raises ValueError for them; those are named from
    their first words, or ``OTHER`` — never a query, so always refused."""
    try:
        return str(statement.type.name)
    except ValueError:
        words = " ".join(str(getattr(statement, "query", "")).split()[:2]).upper()
        return "UPDATE_EXTENSIONS" if words == "UPDATE EXTENSIONS" else "OTHER"
