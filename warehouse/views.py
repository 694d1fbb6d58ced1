"""Apply ``sql/macros`` and ``sql/views`` in dependency order, derived by parsing each file with sqlglot.

No file numbering: each file holds one ``create or replace view|macro NAME ...``; the objects it reads (tables, views,
macros called as functions) are found in its syntax tree, and a topological sort gives the creation order. A
reference to a name that is neither a table nor another object, or a cycle, fails loudly with the file names.
Checks (``sql/checks/*.sql``) are plain queries returning offending rows; they are loaded here, run by ``check.py``.
"""

from __future__ import annotations

import functools
import graphlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import duckdb
import sqlglot
from sqlglot import exp

from warehouse import db, paths

__all__ = ["SqlFileError", "SqlObject", "apply", "header", "load", "load_checks", "order"]

_BUILTIN_TABLES = {"information_schema", "duckdb_tables", "duckdb_views", "duckdb_columns", "duckdb_functions"}


class SqlFileError(RuntimeError):
    """A file under ``sql/`` that cannot be parsed, names an unknown object, or takes part in a cycle."""


@dataclass
class SqlObject:
    """One SQL object from one file: its name, kind, text, header and what it reads."""

    name: str
    kind: str  # view | macro | check | table
    path: Path
    sql: str
    depends: set[str] = field(default_factory=set)

    @property
    def header(self) -> str:
        return header(self.sql)


def header(sql: str) -> str:
    """The leading ``--`` comment block of a SQL file, without the dashes.

    >>> header("-- yoy: year on year\\n-- grain: one row per fact\\nselect 1")
    'yoy: year on year\\ngrain: one row per fact'
    """
    lines = []
    for line in sql.splitlines():
        stripped = line.strip()
        if not stripped.startswith("--"):
            break
        lines.append(stripped[2:].strip())
    return "\n".join(lines)


def _parse(path: Path, sql: str) -> exp.Expression:
    try:
        tree = sqlglot.parse_one(sql, read="duckdb")
    except sqlglot.errors.ParseError as err:
        raise SqlFileError(f"{path}: sqlglot cannot parse it: {err}") from err
    if tree is None:
        raise SqlFileError(f"{path}: empty SQL file")
    return tree


def _references(tree: exp.Expression) -> set[str]:
    """Names a statement reads: tables/views (minus its CTEs) and functions that are not built in."""
    ctes = {cte.alias_or_name.lower() for cte in tree.find_all(exp.CTE)}
    tables = {t.name.lower() for t in tree.find_all(exp.Table) if t.name}
    funcs = {f.name.lower() for f in tree.find_all(exp.Anonymous)}
    return (tables | funcs) - ctes - _BUILTIN_TABLES


def _load_dir(folder: Path, kind: str) -> list[SqlObject]:
    objects = []
    for path in sorted(folder.glob("*.sql")):
        sql = path.read_text(encoding="utf-8")
        name, refs = _analyse(str(path), sql, kind)
        objects.append(SqlObject(name=name, kind=kind, path=path, sql=sql, depends=set(refs)))
    return objects


@functools.lru_cache(maxsize=1024)
def _analyse(path_text: str, sql: str, kind: str) -> tuple[str, frozenset[str]]:
    """The object a file defines and the names it reads; cached by content (parsing is most of ``apply``'s time)."""
    path = Path(path_text)
    tree = _parse(path, sql)
    if kind == "check":
        if not isinstance(tree, (exp.Query, exp.Select)):
            raise SqlFileError(f"{path}: a check must be a query returning offending rows")
        return path.stem, frozenset(_references(tree))
    if not isinstance(tree, exp.Create):
        raise SqlFileError(f"{path}: expected one `create or replace {kind} ...` statement")
    target = tree.this.this if isinstance(tree.this, exp.UserDefinedFunction) else tree.this
    name = (target.name if isinstance(target, exp.Expression) else str(target)).lower()
    if name != path.stem.lower():
        raise SqlFileError(f"{path}: defines {name!r}; the file must be named after what it defines")
    return name, frozenset(_references(tree) - {name})


def load(root: Path | None = None) -> list[SqlObject]:
    """Macros and views under ``root`` (default ``sql/``), unordered."""
    root = root or paths.sql_dir()
    return _load_dir(root / "macros", "macro") + _load_dir(root / "views", "view")


def load_checks(root: Path | None = None) -> list[SqlObject]:
    """The checks under ``root/checks``, in file-name order."""
    root = root or paths.sql_dir()
    return _load_dir(root / "checks", "check")


def table_names(root: Path | None = None) -> set[str]:
    """Tables and sequences defined under ``sql/tables``."""
    root = root or paths.sql_dir()
    names: set[str] = set()
    for path in (root / "tables").glob("*.sql"):
        names |= {
            m.lower()
            for m in re.findall(
                r"create\s+table\s+if\s+not\s+exists\s+(\w+)", path.read_text(encoding="utf-8"), flags=re.I
            )
        }
    return names


def order(objects: list[SqlObject], tables: set[str]) -> list[SqlObject]:
    """Topologically sort ``objects``; unknown references and cycles raise :class:`SqlFileError`."""
    by_name = {o.name: o for o in objects}
    graph: dict[str, set[str]] = {}
    for obj in objects:
        deps = set()
        for ref in obj.depends:
            if ref in by_name:
                deps.add(ref)
            elif ref not in tables and obj.kind == "view" and not _is_builtin_function(ref):
                raise SqlFileError(f"{obj.path}: reads {ref!r}, which is neither a table nor a view or macro")
        graph[obj.name] = deps
    try:
        names = list(graphlib.TopologicalSorter(graph).static_order())
    except graphlib.CycleError as err:
        cycle = " → ".join(str(by_name[n].path.name) for n in err.args[1])
        raise SqlFileError(f"circular reference between SQL files: {cycle}") from err
    return [by_name[n] for n in names]


@functools.cache
def _builtin_functions() -> frozenset[str]:
    con = db.connect()
    try:
        rows = con.execute("select distinct lower(function_name) from duckdb_functions()").fetchall()
    finally:
        con.close()
    return frozenset(r[0] for r in rows)


def _is_builtin_function(name: str) -> bool:
    return name in _builtin_functions()


def apply(con: duckdb.DuckDBPyConnection, root: Path | None = None) -> list[SqlObject]:
    """Create (or replace) every macro and view on ``con``, in dependency order; return them in that order."""
    root = root or paths.sql_dir()
    ordered = order(load(root), table_names(root))
    for obj in ordered:
        try:
            con.execute(obj.sql)
        except duckdb.Error as err:
            raise SqlFileError(f"{obj.path}: DuckDB refused it: {err}") from err
    return ordered
