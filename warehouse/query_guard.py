"""The statement gate of the guarded SQL path (docs/sql.md): two parsers, allowlists, one clear refusal.

A query passes only when both sqlglot and DuckDB's own parser read it as exactly one query (SELECT, WITH…SELECT,
VALUES, ``FROM t``, set operations, DESCRIBE/SUMMARIZE of a query or table, SHOW TABLES) whose every table is one of
the warehouse's tables or views (or a CTE) and whose every function is on an allowlist. DuckDB's check runs on the
exact text the worker executes, so the two parsers cannot be played against each other. The gate is not the
security boundary — the worker's locked DuckDB settings are (``query_worker.py``) — it is the layer that says no
clearly, before anything runs.

>>> check("SeLeCt region, sum(value) from fact group by 1", tables={"fact"}, functions=builtin_functions())
'SeLeCt region, sum(value) from fact group by 1'
>>> try:
...     check("select * from read_csv('/etc/passwd')", tables={"fact"}, functions=builtin_functions())
... except QueryRefused as err:
...     print(err.line, err.column, err.message.split(" / ")[1][:42])
1 15 Refused: table function read_csv is not on
"""

from __future__ import annotations

import logging
import re
import unicodedata
from typing import Any

import sqlglot
from sqlglot import exp
from sqlglot.errors import ErrorLevel, ParseError, SqlglotError

from warehouse.query_errors import QueryError, QueryRefused, position, refused, syntax_error
from warehouse.query_policy import (
    DIALECTS,
    INFO_SCHEMA_TABLES,
    TABLE_FUNCTIONS,
    builtin_functions,
    duckdb_functions,
    duckdb_parse,
    statement_kind,
)

__all__ = ["MAX_NESTING", "MAX_SQL_BYTES", "builtin_functions", "check"]

# sqlglot logs a warning for every statement it falls back to an opaque Command for; we refuse those ourselves and
# the warning would otherwise land on the CLI's stderr (Python's last-resort handler).
logging.getLogger("sqlglot").addHandler(logging.NullHandler())

MAX_SQL_BYTES = 20_000
"""Longest SQL text accepted by default (UTF-8 bytes; ``ZHIBIAO_SQL_MAX_BYTES``). The gate runs in the serving
process, and its two parsers take about 0.3–1 s per 20 KB of pathological SQL (measured), so this also bounds the
CPU one request can burn before the worker's timeout applies."""

MAX_NESTING = 64
"""Deepest bracket nesting accepted; deeper input is refused before any parser sees it."""

# fmt: off
_STATEMENT_KINDS = {
    "COPY": "COPY", "EXPORT": "EXPORT", "ATTACH": "ATTACH", "DETACH": "DETACH", "LOAD": "INSTALL/LOAD",
    "SET": "SET/RESET", "VARIABLE_SET": "SET VARIABLE", "PRAGMA": "PRAGMA", "CALL": "CALL/CHECKPOINT",
    "CREATE": "CREATE", "INSERT": "INSERT", "UPDATE": "UPDATE", "DELETE": "DELETE", "DROP": "DROP",
    "ALTER": "ALTER", "TRANSACTION": "BEGIN/COMMIT/ROLLBACK", "EXPLAIN": "EXPLAIN", "PREPARE": "PREPARE",
    "EXECUTE": "EXECUTE", "MULTI": "PIVOT", "VACUUM": "VACUUM", "ANALYZE": "ANALYZE",
    "UPDATE_EXTENSIONS": "UPDATE EXTENSIONS", "MERGE_INTO": "MERGE", "OTHER": "非查询 (non-query)",
}

# sqlglot node types that never belong in an analyst's query, wherever they appear in the tree.
_FORBIDDEN_NODES: tuple[type, ...] = tuple(
    cls
    for name in (
        "Command", "DDL", "DML", "Drop", "Alter", "Attach", "Detach", "Install", "Pragma", "Set", "Use",
        "Transaction", "Commit", "Rollback", "Into", "Analyze", "LoadData", "Export", "Kill", "Grant", "Revoke",
        "Cache", "Uncache", "Refresh", "TruncateTable", "Declare", "Execute", "Comment",
    )
    if isinstance(cls := getattr(exp, name, None), type)
)
# fmt: on
# sqlglot's typed nodes for the allowed table functions (others in FROM are refused).
_TYPED_TABLE_FUNCTIONS = (exp.GenerateSeries, exp.Unnest, exp.ExplodingGenerateSeries)

_TABLE_REF_TYPES = {"BASE_TABLE", "JOIN", "SUBQUERY", "TABLE_FUNCTION", "EXPRESSION_LIST", "EMPTY", "PIVOT", "SHOW_REF"}
_QUERY_NODE_TYPES = {"SELECT_NODE", "SET_OPERATION_NODE", "RECURSIVE_CTE_NODE", "CTE_NODE"}
_NOT_ALLOWED = (
    "（读文件、列目录、执行 SQL 字符串或改变状态的函数都不允许）",
    " (functions that read files, list files, run SQL strings or change state are refused)",
)


# -- checks ---------------------------------------------------------------------------------------------------------
def _precheck(sql: str, max_bytes: int = MAX_SQL_BYTES) -> str:
    if not isinstance(sql, str):
        raise QueryError("查询必须是文本 / the query must be text")
    text = sql.strip()
    if not text:
        raise QueryError("查询为空 / the query is empty")
    size = len(text.encode("utf-8"))
    if size > max_bytes:
        raise refused(
            f"SQL 文本过长（{size:,} 字节，上限 {max_bytes:,}）",
            f"the SQL text is too long ({size:,} bytes; the limit is {max_bytes:,})",
        )
    for i, ch in enumerate(text):
        if (unicodedata.category(ch) in ("Cc", "Cf", "Zl", "Zp") and ch not in "\t\n\r") or ch == "\ufeff":
            line, col = text[:i].count("\n") + 1, i - (text.rfind("\n", 0, i) + 1) + 1
            raise refused(
                f"含有不可见的控制字符 U+{ord(ch):04X}",
                f"the text holds an invisible control character U+{ord(ch):04X}",
                line=line,
                column=col,
            )
    if _nesting(text) > MAX_NESTING:
        raise refused(
            f"查询嵌套过深（括号超过 {MAX_NESTING} 层）",
            f"the query is nested too deeply (over {MAX_NESTING} brackets)",
        )
    return text


def _nesting(text: str) -> int:
    """Deepest bracket nesting outside quotes and comments (a cheap scan that needs no parser).

    >>> _nesting("select ((1)), '((((' -- ((((\\n")
    2
    """
    depth = deepest = 0
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch in "'\"`":
            end = text.find(ch, i + 1)
            i = n if end < 0 else end + 1
            continue
        if text.startswith("--", i):
            end = text.find("\n", i)
            i = n if end < 0 else end + 1
            continue
        if text.startswith("/*", i):
            end = text.find("*/", i + 2)
            i = n if end < 0 else end + 2
            continue
        if ch in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif ch in ")]}":
            depth -= 1
        i += 1
    return deepest


def _sqlglot_parse(text: str, dialect: str) -> exp.Expression:
    """sqlglot's one statement. For DuckDB SQL that DuckDB itself already parsed, a failure here is a refusal."""
    try:
        statements = [
            s for s in sqlglot.parse(text, read=dialect) if s is not None and not isinstance(s, exp.Semicolon)
        ]
    except SqlglotError as err:
        first = (err.errors[0] if isinstance(err, ParseError) and err.errors else None) or {}
        detail = str(first.get("description") or err).splitlines()[0]
        line, col = first.get("line"), first.get("col")
        if dialect == "duckdb":
            raise refused(
                f"安全检查无法解析这条 SQL（sqlglot：{detail}），为安全起见拒绝",
                f"the guard's parser cannot read this SQL (sqlglot: {detail}); refused to be safe",
                line=line,
                column=col,
            ) from None
        raise syntax_error(detail, line=line, column=col) from None
    if len(statements) != 1:
        raise refused(
            f"只允许一条语句，这里有 {len(statements)} 条", f"exactly one statement is allowed; found {len(statements)}"
        )
    return statements[0]


def _check_tree(tree: exp.Expression, tables: set[str], functions: set[str], table_functions: set[str]) -> None:
    """The sqlglot layer: statement shape, forbidden nodes, tables and functions."""
    if isinstance(tree, exp.Command):
        raise refused(
            f"无法识别的语句 {tree.name.upper()}（只允许查询）", f"opaque statement {tree.name.upper()} (only queries)"
        )
    if isinstance(tree, exp.Show):
        if str(tree.name).upper() != "TABLES":
            raise refused("只允许 SHOW TABLES", "only SHOW TABLES is allowed")
    elif isinstance(tree, exp.Pivot):
        raise refused(
            "不支持独立的 PIVOT 语句，请写成 SELECT … FROM t PIVOT (聚合 FOR 列 IN (…))",
            "a stand-alone PIVOT statement is not supported; write SELECT … FROM t PIVOT (agg FOR col IN (…))",
        )
    elif not isinstance(tree, (exp.Query, exp.Values, exp.Describe, exp.Summarize)):
        kind = type(tree).__name__.upper()
        raise refused(f"只允许查询语句，不允许 {kind}", f"only queries are allowed; {kind} is refused")
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    known = duckdb_functions()[0]
    for node in tree.walk():
        if isinstance(node, _FORBIDDEN_NODES):
            kind = type(node).__name__.upper()
            raise refused(f"查询中不允许 {kind}", f"{kind} is not allowed in a query")
        if isinstance(node, (exp.Describe, exp.Summarize, exp.Show)) and node is not tree:
            raise refused("DESCRIBE/SUMMARIZE/SHOW 只能单独使用", "DESCRIBE/SUMMARIZE/SHOW must stand alone")
        if isinstance(node, exp.Table):
            _check_table(node, tables | ctes, table_functions)
        elif isinstance(node, exp.Func) and not isinstance(node.parent, exp.Table):
            name = (node.name if isinstance(node, exp.Anonymous) else node.sql_name()).lower()
            if isinstance(node, exp.Anonymous) and name not in functions:
                raise _function_refused(name, known)
            if not isinstance(node, exp.Anonymous) and name in known and name not in functions:
                raise _function_refused(name, known)


def _check_table(node: exp.Table, allowed: set[str], table_functions: set[str]) -> None:
    inner = node.this
    if isinstance(inner, exp.Func):
        name = (inner.name if isinstance(inner, exp.Anonymous) else inner.sql_name()).lower()
        typed_ok = isinstance(inner, _TYPED_TABLE_FUNCTIONS)
        if not typed_ok and name not in table_functions:
            raise refused(
                f"表函数 {name} 不在允许列表中{_NOT_ALLOWED[0]}",
                f"table function {name} is not on the allowlist{_NOT_ALLOWED[1]}",
            )
        return
    if not isinstance(inner, exp.Identifier):
        raise refused("无法识别的表引用", f"unrecognised table reference {node.sql()[:60]!r}")
    _check_table_name(node.name, node.db, node.catalog, allowed)


def _check_table_name(name: str, schema: str, catalog: str, allowed: set[str], **where: int | None) -> None:
    lname, lschema = name.lower(), (schema or "").lower()
    if not catalog and lschema in ("", "main") and lname in allowed:
        return
    if not catalog and lschema == "information_schema" and lname in INFO_SCHEMA_TABLES:
        return
    full = ".".join(p for p in (catalog, schema, name) if p)
    if re.search(r"[/\\.:~*?]", name):
        raise refused(
            f"“{full}” 像是文件路径或网址：不能读取文件，只能查询仓库中的表和视图",
            f"'{full}' looks like a file path or URL: files cannot be read, only the warehouse's tables and views",
            **where,
        )
    raise refused(
        f"“{full}” 不是仓库中的表或视图（可查询：{', '.join(sorted(allowed)[:12])}…）",
        f"'{full}' is not a table or view of the warehouse",
        **where,
    )


def _function_refused(name: str, known: frozenset[str], **where: int | None) -> QueryRefused:
    if name in known:
        return refused(
            f"函数 {name} 不在允许列表中{_NOT_ALLOWED[0]}",
            f"function {name} is not on the allowlist{_NOT_ALLOWED[1]}",
            **where,
        )
    return refused(
        f"未知函数 {name}（不是内置函数，也不是仓库的宏）",
        f"unknown function {name} (neither built in nor a warehouse macro)",
        **where,
    )


def _walk(tree: Any) -> list[dict[str, Any]]:
    """Every JSON object in DuckDB's syntax tree (iteratively: the tree may be deep)."""
    found, stack = [], [tree]
    while stack:
        item = stack.pop()
        if isinstance(item, dict):
            found.append(item)
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return found


def _check_duckdb(sql: str, tables: set[str], functions: set[str], table_functions: set[str]) -> None:
    """The DuckDB layer: its own parser on the exact text the worker will run."""
    statements, tree = duckdb_parse(sql)
    if tree.get("error"):
        message = str(tree.get("error_message") or "").splitlines()[0] if tree.get("error_message") else ""
        if "expression depth" in message:
            raise refused("查询嵌套过深", "the query is nested too deeply")
        if tree.get("error_type") == "parser":
            line, col = position(sql, int(tree.get("position") or 0)) if tree.get("position") else (None, None)
            raise syntax_error(message, line=line, column=col)
        if statements and len(statements) == 1 and statement_kind(statements[0]) != "SELECT":
            raise _statement_refused(statement_kind(statements[0]))
        if len(statements) > 1:
            raise _count_refused(len(statements))
        raise refused(f"DuckDB 无法确认这是一条查询：{message}", f"DuckDB cannot confirm this is a query: {message}")
    if len(statements) != 1 or len(tree.get("statements", [])) != 1:
        raise _count_refused(max(len(statements), len(tree.get("statements", []))))
    if statement_kind(statements[0]) != "SELECT":
        raise _statement_refused(statement_kind(statements[0]))
    known = duckdb_functions()[0]
    objects = _walk(tree["statements"])
    ctes = {
        str(entry.get("key", "")).lower() for o in objects if "cte_map" in o for entry in o["cte_map"].get("map", [])
    }
    in_from: set[int] = set()

    def at(obj: dict[str, Any]) -> dict[str, int | None]:
        loc = obj.get("query_location")
        if not isinstance(loc, int) or loc >= 2**63:
            return {}
        line, col = position(sql, loc)
        return {"line": line, "column": col}

    for obj in objects:
        kind = obj.get("type")
        if kind == "TABLE_FUNCTION":
            func = obj.get("function") or {}
            name = str(func.get("function_name", "")).lower()
            in_from.add(id(func))
            if func.get("schema") or func.get("catalog") or name not in table_functions:
                raise refused(
                    f"表函数 {name} 不在允许列表中{_NOT_ALLOWED[0]}",
                    f"table function {name} is not on the allowlist{_NOT_ALLOWED[1]}",
                    **at(obj),
                )
        elif kind == "BASE_TABLE":
            if obj.get("at_clause"):
                raise refused(
                    "不支持 AT (VERSION/TIMESTAMP) 时间旅行", "AT (VERSION/TIMESTAMP) time travel is not supported"
                )
            _check_table_name(
                str(obj.get("table_name", "")),
                str(obj.get("schema_name", "")),
                str(obj.get("catalog_name", "")),
                tables | ctes,
                **at(obj),
            )
        elif kind == "SHOW_REF":
            show, target = obj.get("show_type"), str(obj.get("table_name", "")).strip('"').lower()
            if not (
                (show in ("DESCRIBE", "SUMMARY") and obj.get("query"))
                or (show == "SHOW_SPECIAL" and target == "tables")
            ):
                raise refused(
                    "只允许 DESCRIBE/SUMMARIZE 一个表或查询，以及 SHOW TABLES",
                    "only DESCRIBE/SUMMARIZE of a table or query and SHOW TABLES are allowed",
                )
        elif "class" not in obj and "sample" in obj and "modifiers" not in obj and kind not in _TABLE_REF_TYPES:
            raise refused(f"不支持的表引用类型 {kind}", f"unsupported table reference {kind}")
        elif "modifiers" in obj and "cte_map" in obj and kind not in _QUERY_NODE_TYPES:
            raise refused(f"不支持的查询结构 {kind}", f"unsupported query node {kind}")
    for obj in objects:
        if "function_name" in obj and id(obj) not in in_from:
            name = str(obj["function_name"]).lower()
            if obj.get("schema") not in (None, "", "main") or obj.get("catalog"):
                raise refused(
                    f"不允许带模式名调用函数 {obj.get('schema')}.{name}",
                    f"schema-qualified function {obj.get('schema')}.{name} is not allowed",
                    **at(obj),
                )
            if name not in functions:
                raise _function_refused(name, known, **at(obj))


def _drop_dual(tree: exp.Expression, tables: set[str]) -> exp.Expression:
    """Oracle's and MySQL's one-row ``FROM dual`` dropped (DuckDB needs no FROM), unless the warehouse has a ``dual``.

    >>> _drop_dual(sqlglot.parse_one("select nvl(null, 1) from dual", read="oracle"), set()).sql("duckdb")
    'SELECT COALESCE(NULL, 1)'
    """
    if "dual" in tables:
        return tree
    for select in list(tree.find_all(exp.Select)):
        key = "from_" if "from_" in select.arg_types else "from"
        source = select.args.get(key)
        table = source.this if isinstance(source, exp.From) else None
        if (
            isinstance(table, exp.Table)
            and isinstance(table.this, exp.Identifier)
            and not table.this.quoted
            and table.name.lower() == "dual"
            and not table.db
            and not table.catalog
            and not select.args.get("joins")
        ):
            select.set(key, None)
    return tree


def _statement_refused(kind: str) -> QueryRefused:
    what = _STATEMENT_KINDS.get(kind, kind)
    return refused(
        f"只允许查询（SELECT/WITH/VALUES/FROM…），不允许 {what} 语句",
        f"only queries (SELECT/WITH/VALUES/FROM…) are allowed; {what} statements are refused",
    )


def _count_refused(n: int) -> QueryRefused:
    return refused(f"只允许一条语句，这里有 {n} 条", f"exactly one statement is allowed; found {n}")


def check(
    sql: str,
    dialect: str = "duckdb",
    *,
    tables: set[str] | frozenset[str],
    functions: set[str] | frozenset[str],
    table_functions: set[str] | frozenset[str] | None = None,
    max_bytes: int = MAX_SQL_BYTES,
) -> str:
    """The gate alone: return the DuckDB SQL to run, or raise :class:`QueryRefused` / :class:`QueryError`.

    ``tables`` are the queryable tables and views (lower case); ``functions`` the allowed scalar, aggregate and window
    functions and macros (usually ``builtin_functions()`` plus the warehouse's macros); ``table_functions`` those
    allowed in FROM (default :data:`TABLE_FUNCTIONS`); ``max_bytes`` the longest text accepted. DuckDB-dialect SQL
    is returned unchanged (so DuckDB's error positions match what the analyst typed); other dialects come back
    transpiled.
    """
    tables = {t.lower() for t in tables}
    functions = {f.lower() for f in functions}
    table_functions = {f.lower() for f in (TABLE_FUNCTIONS if table_functions is None else table_functions)}
    dialect = (dialect or "duckdb").lower()
    if dialect not in DIALECTS:
        raise QueryError(
            f"不支持的 SQL 方言 {dialect!r}（可选：{', '.join(DIALECTS)}） / unsupported dialect {dialect!r} "
            f"(choose from {', '.join(DIALECTS)})"
        )
    text = _precheck(sql, max_bytes)
    try:
        if dialect == "duckdb":
            _check_duckdb(text, tables, functions, table_functions)  # first: its errors carry the analyst's positions
            tree = _sqlglot_parse(text, dialect)
            _check_tree(tree, tables, functions, table_functions)
            return text
        tree = _drop_dual(_sqlglot_parse(text, dialect), tables)
        _check_tree(tree, tables, functions, table_functions)
        try:
            duck_sql = tree.sql(dialect="duckdb", comments=False, unsupported_level=ErrorLevel.RAISE)
        except SqlglotError as err:
            raise QueryError(
                f"无法从 {dialect} 转换为 DuckDB：{err} / cannot transpile from {dialect} to DuckDB: {err}"
            ) from None
        _check_duckdb(duck_sql, tables, functions, table_functions)
        return duck_sql
    except RecursionError:
        raise refused("查询嵌套过深", "the query is nested too deeply") from None
