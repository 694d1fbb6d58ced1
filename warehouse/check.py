"""Run the data checks in ``sql/checks``: each is a query returning offending rows; zero rows means it passes.

A check file starts with a header whose first line names it and gives its title, Chinese first
(``-- yoy_outlier: 存量同比异常 / year-on-year outlier of a stock``); ``zhibiao check`` prints each check's offenders
and exits non-zero when any check returns rows. Checks read the same views every reader sees, so they run on a
published read-only snapshot.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from warehouse import views

__all__ = ["CheckError", "CheckResult", "run_checks", "title_of"]


class CheckError(RuntimeError):
    """A check that DuckDB refused to run (a broken ``sql/checks`` file), named with its path."""


@dataclass(frozen=True)
class CheckResult:
    """One check's outcome: its name, titles, and the offending rows (empty when it passes)."""

    name: str
    title: str
    title_en: str
    rows: pl.DataFrame
    path: Path

    @property
    def ok(self) -> bool:
        return self.rows.height == 0


def title_of(name: str, header: str) -> tuple[str, str]:
    """The Chinese and English titles from a check header's first line.

    >>> title_of("suspect_fact", "suspect_fact: 存疑数值 / suspect value\\npurpose: ...")
    ('存疑数值', 'suspect value')
    >>> title_of("x", "no title here")
    ('x', 'x')
    """
    first = header.splitlines()[0] if header else ""
    prefix = f"{name}:"
    if not first.startswith(prefix):
        return name, name
    zh, _, en = first[len(prefix) :].partition(" / ")
    return zh.strip() or name, (en.strip() or zh.strip() or name)


def run_checks(
    cursor: duckdb.DuckDBPyConnection, root: Path | None = None, names: list[str] | None = None
) -> list[CheckResult]:
    """Run every check (or those in ``names``) on ``cursor``; results in file-name order."""
    results = []
    for obj in views.load_checks(root):
        if names is not None and obj.name not in names:
            continue
        zh, en = title_of(obj.name, obj.header)
        try:
            rows = cursor.sql(obj.sql).pl()
        except duckdb.Error as err:
            first = str(err).splitlines()[0]
            raise CheckError(f"检查无法运行 / check failed to run: {obj.path}: {first}") from err
        results.append(CheckResult(name=obj.name, title=zh, title_en=en, rows=rows, path=obj.path))
    return results
