"""The demo warehouse's content: a fictional city (青岚市, 演示数据), its indicator tables and a few reports.

Everything is generated from the data files in ``ingest/demo/sample`` with a fixed seed, so two builds give the same
facts and the same SHA-256s on any machine. Nothing here describes a real place: region codes start with 99, a
province code GB/T 2260 does not assign. ``ingest/demo/README.md`` lists the planted anomalies.

>>> [r.name for r in regions()[:3]]
['青岚市', '澄湖区', '湖滨街道']
>>> [(p.name, region, period) for p, region, period in reports()][0]
('chenghu_minzheng_2023.txt', '990102', '2023')
"""

from __future__ import annotations

import csv
from functools import cache
from pathlib import Path

from ingest.demo.build import Table, build_tables
from ingest.demo.spec import DATA_DIR, load_regions
from ingest.model import FactRecord, RegionDef, SourceDoc, sha256_of

__all__ = ["DEMO_VERSION", "export_tables", "regions", "report_paths", "reports", "table_docs"]

DEMO_VERSION = "2025.1"
"""Bumped when the demo's data files or generator change (stored in the warehouse's ``meta``)."""

REPORT_DIR = Path(__file__).resolve().parent / "reports"
TABLE_DIR = Path("演示数据")
"""The virtual folder a demo table's path and its facts' locations name (演示数据/教育.csv 第12行)."""


def regions() -> list[RegionDef]:
    """The demo region tree, top first: 青岚市 (市), its six districts/counties (县), their streets and towns (乡)."""
    return [RegionDef(r.code, r.name, r.level, r.parent, list(r.aliases)) for r in load_regions()]


def table_docs() -> list[SourceDoc]:
    """One ``SourceDoc`` (kind ``demo``) per domain table, the region tree on the first. Built afresh each call."""
    tables, tree, settings = build_tables()
    names = {code: r.name for code, r in tree.regions.items()}
    city = next(code for code, r in tree.regions.items() if r.parent is None)
    span = f"{settings.first_year}—{settings.last_year}年及{settings.partial_year}年1-{settings.partial_month}月"
    docs = []
    for table in tables:
        text = table.csv_text(names)
        path = TABLE_DIR / f"{table.domain}.csv"
        docs.append(
            SourceDoc(
                path=path,
                sha256=sha256_of(f"zhibiao-demo {DEMO_VERSION}\n{text}".encode()),
                kind="demo",
                title=f"演示数据（虚构）：{names[city]}{table.domain}指标 {span}",
                region=city,
                domain=table.domain,
                extractor_version=f"demo-{DEMO_VERSION}",
                facts=_facts(table, path),
            )
        )
    docs[0].regions = regions()
    return docs


def _facts(table: Table, path: Path) -> list[FactRecord]:
    # Line 1 of the CSV text is the header, so row i sits on line i + 2.
    return [
        FactRecord(
            indicator=r.indicator,
            value=r.value,
            unit=r.unit,
            region=r.region,
            period=r.period,
            suspect=r.suspect_reason is not None,
            suspect_reason=r.suspect_reason,
            parent=table.parent_of.get(i),
            domain=table.domain,
            location=f"{path.with_suffix('').as_posix()} 第{i + 2}行",
        )
        for i, r in enumerate(table.rows)
    ]


def export_tables(directory: Path) -> list[Path]:
    """Write the demo tables as CSV files (UTF-8) into ``directory``: the files the facts' locations cite."""
    tables, tree, _ = build_tables()
    names = {code: r.name for code, r in tree.regions.items()}
    directory.mkdir(parents=True, exist_ok=True)
    out = []
    for table in tables:
        target = directory / f"{table.domain}.csv"
        target.write_text(table.csv_text(names), encoding="utf-8")
        out.append(target)
    return out


@cache
def _report_index() -> tuple[tuple[str, str, str, str], ...]:
    with (DATA_DIR / "reports.csv").open(encoding="utf-8", newline="") as fh:
        return tuple((r["file"], r["region"], r["period"], r["title"]) for r in csv.DictReader(fh))


def reports() -> list[tuple[Path, str, str]]:
    """The bundled demo reports: ``(path, region code, period code)`` of the region and period each is about."""
    return [(REPORT_DIR / name, region, period) for name, region, period, _ in _report_index()]


def report_paths() -> list[Path]:
    """The bundled demo report texts (``ingest/demo/reports/*.txt``)."""
    return [path for path, _, _ in reports()]
