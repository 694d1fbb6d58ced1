"""Tables as columns: a table's facts stay a polars frame (FactTable) from reader to warehouse, and load exactly as
the same facts given as FactRecords do."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import polars as pl
import pytest
from conftest import query
from ingest_corpus import write_csv, write_large_csv

from ingest.catalog import Catalog
from ingest.files import ingest_paths
from ingest.load import load_doc
from ingest.model import FACT_SCHEMA, FactRecord, FactTable, SourceDoc, facts_frame
from ingest.tables import read_table, read_table_with_stats
from warehouse.store import Warehouse

_FACT_COLUMNS = (
    "indicator, region, period, value, unit, base_value, base_unit, approx, kind, quote, span_start, span_end, "
    "suspect, suspect_reason, parent_id - (select min(id) from fact) as parent, vintage"
)


def _load(root: Path, *docs: SourceDoc) -> list[tuple[object, ...]]:
    """Load ``docs`` into a fresh warehouse; its fact rows in id order (ids and parents relative to the first)."""
    wh = Warehouse(root / "warehouse.duckdb")
    catalog = Catalog.load()
    with wh.writer() as writer:
        for doc in docs:
            assert load_doc(writer, doc, catalog).status == "loaded"
    return query(wh, f"select {_FACT_COLUMNS} from fact order by id")


def _as_records(doc: SourceDoc, sha: str) -> SourceDoc:
    return dataclasses.replace(doc, sha256=sha, facts=list(doc.facts))


def _every_column() -> pl.DataFrame:
    """Every FactTable column, each with nulls where a fact may lack it."""
    return pl.DataFrame(
        {
            "indicator": ["学校数", "学校数", "在校学生", "其中：民办学校数", "临时救助资金"],
            "value": [16.0, 15.0, 2.16, 3.0, 139.57],
            "unit": ["所", "所", "万人", "所", "万元"],
            "region": ["盐田区", None, "440308", "盐田区", None],
            "period": ["2023", "2022", None, "2023", "2023H1"],
            "approx": [None, "约", None, None, "余"],
            "kind": ["actual", None, "target", "actual", "actual"],
            "quote": ["有学校16所", None, None, "其中民办3所", None],
            "span_start": [0, None, None, 7, None],
            "span_end": [6, None, None, 12, None],
            "suspect": [False, None, True, False, False],
            "suspect_reason": [None, None, "率超过100", None, None],
            "parent": [None, None, None, 0, None],
            "domain": ["教育", "教育", None, "教育", "民政"],
            "location": ["行 2", "行 3", "行 4", "行 5", "行 6"],
        },
        schema=FACT_SCHEMA,
    )


def test_a_table_reads_as_a_fact_table_and_as_records(tmp_path: Path) -> None:
    path = write_csv(
        tmp_path / "a.csv", [["盐田区", "学校数", "2023", "16", "所"], ["盐田区", "学校数", "2022", "约15", "所"]]
    )
    doc = read_table(path, domain="教育")
    assert isinstance(doc.facts, FactTable) and doc.facts.frame.height == 2 == len(doc.facts)
    first = FactRecord("学校数", 16.0, "所", region="盐田区", period="2023", domain="教育", location="行 2")
    second = dataclasses.replace(first, value=15.0, period="2022", approx="约", location="行 3")
    assert list(doc.facts) == [first, second] and doc.facts == [first, second]
    assert (doc.facts[0], doc.facts[-1], doc.facts[1:], doc.facts[::-1]) == (first, second, [second], [second, first])
    with pytest.raises(IndexError):
        doc.facts[2]


def test_a_fact_table_with_every_column_and_nulls_loads_as_its_records_do(tmp_path: Path) -> None:
    table = FactTable(_every_column())
    records = list(table)
    assert records[3].parent == 0 and records[3].span == (7, 12) and records[1].span is None
    assert records[1].kind == "actual" and records[1].suspect is False  # null kind / suspect read as the defaults
    assert facts_frame(records).equals(
        _every_column().with_columns(pl.col("kind").fill_null("actual"), pl.col("suspect").fill_null(False))
    )
    doc = SourceDoc(Path("t.csv"), "a" * 64, "table", region="盐田区", period="2024", domain="教育", facts=table)
    from_frame = _load(tmp_path / "frame", doc)
    from_records = _load(tmp_path / "records", _as_records(doc, "b" * 64))
    assert from_frame == from_records
    assert len(from_frame) == 5
    names = [c.split(" as ")[-1] for c in _FACT_COLUMNS.split(", ")]
    row = dict(zip(names, from_frame[2], strict=True))
    assert (row["period"], row["base_value"], row["kind"], row["suspect"]) == ("2024", 21600.0, "target", True)
    assert [r[14] for r in from_frame] == [None, None, None, 0, None]  # the 其中 part points at its whole
    assert [r[9] for r in from_frame] == ["有学校16所", "行 3", "行 4", "其中民办3所", "行 6"]  # quote, else location


def test_a_fact_table_needs_only_indicator_value_and_unit(tmp_path: Path) -> None:
    frame = pl.DataFrame({"indicator": ["学校数", "在校学生"], "value": [16, 2], "unit": ["所", "万人"]})
    doc = SourceDoc(Path("t.csv"), "c" * 64, "table", region="盐田区", period="2023", facts=FactTable(frame))
    rows = _load(tmp_path, doc)
    assert [(r[1], r[2], r[3], r[5], r[8], r[9], r[12], r[14], r[15]) for r in rows] == [
        ("440308", "2023", 16.0, 16.0, "actual", None, False, None, 1),
        ("440308", "2023", 2.0, 20000.0, "actual", None, False, None, 1),
    ]
    with pytest.raises(ValueError, match="missing"):
        FactTable(frame.drop("unit"))
    with pytest.raises(ValueError, match="unknown"):
        FactTable(frame.with_columns(colour=pl.lit("red")))


def test_a_generated_table_loads_the_same_rows_as_its_records_and_vintages_agree(tmp_path: Path) -> None:
    path = tmp_path / "large.csv"
    n = write_large_csv(path, 300_000)
    doc = read_table(path)
    assert len(doc.facts) == n
    revised = dataclasses.replace(
        doc,
        sha256="d" * 64,
        facts=FactTable(doc.facts.frame.with_columns(value=pl.col("value") + (pl.int_range(pl.len()) % 3 == 0))),
    )
    from_frame = _load(tmp_path / "frame", doc, revised)
    from_records = _load(tmp_path / "records", _as_records(doc, "e" * 64), _as_records(revised, "f" * 64))
    assert from_frame == from_records
    assert sum(1 for r in from_frame if r[15] == 2) == len(range(0, n, 3))


def test_a_table_load_builds_no_fact_records(tmp_path: Path, wh: Warehouse, monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*args: object, **kwargs: object) -> None:
        raise AssertionError("a table must not become one Python object per fact")

    monkeypatch.setattr(FactRecord, "__init__", refuse)
    path = tmp_path / "large.csv"
    n = write_large_csv(path, 200_000)
    [result] = ingest_paths(wh, [path])
    assert (result.status, result.facts) == ("loaded", n)
    [again] = ingest_paths(wh, [path])
    assert again.status == "unchanged"
    assert query(wh, "select count(*), max(vintage) from fact") == [(n, 1)]


def test_labels_that_need_work_give_the_facts_clean_labels_give(tmp_path: Path) -> None:
    """The reader shares columns that need no stripping, mapping or de-duplication; the same facts either way."""
    plain = write_csv(
        tmp_path / "plain.csv", [["盐田区", "学校数", "2023", "16", "所"], ["盐田区", "学校数", "2022", "15", "所"]]
    )
    dressed = write_csv(
        tmp_path / "dressed.csv",
        [
            [" 盐田区 ", "学校数(所)", "2023年", "16", ""],
            ["盐田区", "学校数（所）", " 2022年", "15", ""],
            ["盐田区", "学校数(所)", "2023", "16", "所"],  # an exact repeat of the first key
        ],
    )
    (a, a_stats), (b, b_stats) = read_table_with_stats(plain), read_table_with_stats(dressed)
    assert (a_stats.duplicates, b_stats.duplicates, b_stats.facts) == (0, 1, 2)

    def key(doc: SourceDoc) -> list[tuple[object, ...]]:
        return [(f.indicator, f.region, f.period, f.value, f.unit, f.kind, f.approx) for f in doc.facts]

    assert (
        key(a)
        == key(b)
        == [
            ("学校数", "盐田区", "2023", 16.0, "所", "actual", None),
            ("学校数", "盐田区", "2022", 15.0, "所", "actual", None),
        ]
    )
