"""Local aliases: a wording staff mapped to an indicator by hand, remembered for a region or a family of documents.

Choosing 城市低保户数 for “城区低保家庭” in one report teaches the warehouse that wording (table ``indicator_alias``):
the next report of that region or document family maps it by itself, before the catalogue is consulted. The table is
exported to and imported from CSV so a set of corrections travels between warehouses.

>>> document_family("澄湖区2023年民政工作总结"), document_family("澄湖区2024年上半年民政工作总结")
('澄湖区民政工作总结', '澄湖区民政工作总结')
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import duckdb
import polars as pl

from ingest.catalog.catalog import Catalog
from ingest.catalog.measures import stem
from ingest.catalog.names import clean, normalise_indicator_name

__all__ = [
    "SCOPE_KINDS",
    "AliasError",
    "LocalAliases",
    "document_family",
    "export_aliases",
    "import_aliases",
    "learn_alias",
    "learn_from_review",
    "source_scope",
    "wording_key",
]

SCOPE_KINDS = ("family", "region", "all")
"""Most specific first: a document family's alias wins over its region's, which wins over one for everywhere."""

COLUMNS = {
    "措辞": "wording",
    "范围类型": "scope_kind",
    "范围": "scope",
    "指标代码": "indicator",
    "指标名称": "indicator_name",
    "创建时间": "created_at",
    "创建人": "created_by",
    "备注": "note",
}
"""The CSV's headers (Chinese first, as exported) and the table's columns (also accepted as headers on import)."""

_PERIOD_WORDS = re.compile(
    r"[0-9０-９〇一二三四五六七八九十○零]{2,4}\s*年度?|[上下]半年|[一二三四1-4１-４]季度|第[一二三四1-4]季度"
    r"|[0-9一二三四五六七八九十]{1,2}\s*[-—至~]\s*[0-9一二三四五六七八九十]{1,2}\s*月份?|[0-9一二三四五六七八九十]{1,2}\s*月份?"
    r"|年度|年终|全年"
)


class AliasError(ValueError):
    """An alias that cannot be stored; the message names the file, line and value, in Chinese and English."""


def document_family(title: str | None) -> str | None:
    """What reports of one series share: the title without years, halves, quarters and months.

    >>> document_family("盐田区2022年度社会建设工作总结"), document_family("2023年1-5月低保工作情况")
    ('盐田区社会建设工作总结', '低保工作情况')
    >>> document_family(None), document_family("2023年")
    (None, None)
    """
    if not title:
        return None
    text = _PERIOD_WORDS.sub("", clean(title)).strip("-—_·:：")
    return text or None


def wording_key(wording: str) -> str:
    """The form a wording is stored and looked up in: the normalised name without its measure word, so 城区低保家庭
    and 城区低保家庭户数 are one wording (the unit family still decides whether an alias applies).

    >>> wording_key(" 全区城区低保家庭户数 "), wording_key("城区低保家庭")
    ('城区低保', '城区低保')
    """
    return stem(normalise_indicator_name(wording) or clean(wording))


@dataclass(frozen=True)
class LocalAliases:
    """The alias table, read once per load: ``(wording, scope_kind, scope) → indicator code``."""

    entries: dict[tuple[str, str, str], str]

    @classmethod
    def read(cls, con: duckdb.DuckDBPyConnection) -> LocalAliases:
        """Every alias on ``con`` (none on a warehouse made before the table existed)."""
        try:
            rows = con.execute("select wording, scope_kind, scope, indicator from indicator_alias").fetchall()
        except duckdb.CatalogException:
            rows = []
        return cls({(w, k, s): code for w, k, s, code in rows})

    def lookup(self, wording: str, *, region: str | None = None, family: str | None = None) -> str | None:
        """The indicator code for ``wording`` in a document of ``region`` and ``family``, most specific scope first."""
        if not self.entries:
            return None
        key = wording_key(wording)
        for kind, scope in (("family", family), ("region", region), ("all", "")):
            if scope is not None and (key, kind, scope) in self.entries:
                return self.entries[(key, kind, scope)]
        return None


def _problems(con: duckdb.DuckDBPyConnection, wording: str, indicator: str, scope_kind: str, scope: str) -> list[str]:
    out = []
    if not wording_key(wording or ""):
        out.append(f"措辞为空 / empty wording: {wording!r}")
    if scope_kind not in SCOPE_KINDS:
        out.append(f"范围类型应为 {'、'.join(SCOPE_KINDS)} / scope_kind must be one of {SCOPE_KINDS}: {scope_kind!r}")
    elif scope_kind != "all" and not scope:
        out.append(f"范围类型 {scope_kind} 需要范围（地区代码或文档系列）/ scope_kind {scope_kind} needs a scope")
    if not con.execute("select count(*) from indicator where code = ?", [indicator]).fetchall()[0][0]:
        out.append(f"指标代码不存在 / unknown indicator code: {indicator!r}")
    return out


def source_scope(con: duckdb.DuckDBPyConnection, source_id: int, scope_kind: str) -> str:
    """The scope a correction made on a fact of ``source_id`` is kept in: its region code (``region``), its
    document family (``family``: :func:`document_family` of its title, else of its file name), or '' (``all``)."""
    if scope_kind == "all":
        return ""
    rows = con.execute("select region, title, path from source where id = ?", [source_id]).fetchall()
    if not rows:
        raise AliasError(f"来源不存在 / no such source: {source_id}")
    region, title, path = rows[0]
    if scope_kind == "region":
        return region or ""
    return document_family(title or Path(path).stem) or ""


def learn_alias(
    con: duckdb.DuckDBPyConnection,
    wording: str,
    indicator: str,
    scope_kind: str = "all",
    scope: str | None = None,
    *,
    by: str | None = None,
    note: str | None = None,
) -> str:
    """Remember that ``wording`` (a fact's indicator name as extracted) means ``indicator``, within a scope.

    Call it inside the writer's transaction when a reviewer changes a fact's indicator, with the scope
    :func:`source_scope` gives for the fact's source (``family`` or ``region``). A later choice for the same
    wording and scope replaces the earlier one. Returns the stored wording; raises :class:`AliasError`.
    """
    scope = "" if scope_kind == "all" else (scope or "").strip()
    problems = _problems(con, wording, indicator, scope_kind, scope)
    if problems:
        raise AliasError("无法记住别名 / cannot store the alias: " + "；".join(problems))
    key = wording_key(wording)
    con.execute(
        "insert or replace into indicator_alias (wording, scope_kind, scope, indicator, created_by, note) "
        "values (?, ?, ?, ?, ?, ?)",
        [key, scope_kind, scope, indicator, by, note],
    )
    return key


def learn_from_review(con: duckdb.DuckDBPyConnection, source_id: int, wording: str, indicator: str) -> None:
    """A reviewer chose ``indicator`` for a fact named ``wording``: remember it for the source's document family
    (the same report next year), else its region, else everywhere. Runs inside the review's transaction."""
    for kind in ("family", "region", "all"):
        scope = source_scope(con, source_id, kind)
        if kind == "all" or scope:
            learn_alias(con, wording, indicator, kind, scope, note=f"审核更正（来源 {source_id}）/ review correction")
            return


def export_aliases(con: duckdb.DuckDBPyConnection, path: Path) -> int:
    """Write every alias to a UTF-8 CSV (Chinese headers, with the indicator's name for readers); returns rows."""
    try:
        frame = con.sql(
            "select a.wording, a.scope_kind, a.scope, a.indicator, i.name as indicator_name, "
            "strftime(a.created_at, '%Y-%m-%d %H:%M:%S') as created_at, a.created_by, a.note "
            "from indicator_alias a left join indicator i on i.code = a.indicator "
            "order by a.wording, a.scope_kind, a.scope"
        ).pl()
    except duckdb.CatalogException:
        frame = pl.DataFrame({c: [] for c in COLUMNS.values()}, schema=dict.fromkeys(COLUMNS.values(), pl.String))
    frame.rename({v: k for k, v in COLUMNS.items()}).write_csv(path)
    return frame.height


def import_aliases(
    con: duckdb.DuckDBPyConnection, path: Path, *, by: str | None = None, catalog: Catalog | None = None
) -> int:
    """Store every alias of a CSV written by :func:`export_aliases` (or by hand); all rows or none.

    Headers are the exported Chinese ones or the table's column names. Each bad row is named by its line. The
    catalogue is synced first, so a new warehouse accepts aliases of catalogue indicators.
    """
    (catalog or Catalog.load()).sync(con)
    try:
        frame = pl.read_csv(path, infer_schema=False, encoding="utf8")
    except (OSError, pl.exceptions.PolarsError) as exc:
        raise AliasError(f"无法读取别名文件 / cannot read the alias file: {path}: {exc}") from None
    frame = frame.rename({c: COLUMNS.get(c.strip(), c.strip()) for c in frame.columns})
    missing = [c for c in ("wording", "indicator") if c not in frame.columns]
    if missing:
        raise AliasError(f"{path}: 缺少列 / missing columns: {missing}（需要 措辞、指标代码 / wording, indicator）")
    rows, errors = [], []
    for line, row in enumerate(frame.iter_rows(named=True), start=2):
        wording, indicator = (row.get("wording") or "").strip(), (row.get("indicator") or "").strip()
        scope_kind = (row.get("scope_kind") or "all").strip()
        scope = "" if scope_kind == "all" else (row.get("scope") or "").strip()
        problems = _problems(con, wording, indicator, scope_kind, scope)
        if problems:
            errors.append(f"{path} 第 {line} 行 / line {line}: " + "；".join(problems))
        rows.append((wording, indicator, scope_kind, scope, row.get("created_by") or by, row.get("note")))
    if errors:
        raise AliasError("别名文件有误，未导入任何行 / bad alias file, nothing imported:\n" + "\n".join(errors))
    for wording, indicator, scope_kind, scope, who, note in rows:
        learn_alias(con, wording, indicator, scope_kind, scope, by=who, note=note)
    return len(rows)
