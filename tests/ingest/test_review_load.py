"""Loading for review, replacing, and the gaps a load reports, through ``ingest_paths`` / ``load_doc``."""

from __future__ import annotations

from pathlib import Path

from conftest import query

from warehouse.store import Warehouse

REPORT = "民政工作总结\n全区有低保户800户、1576人。全区有学校12所。\n"


def test_a_draft_s_facts_are_written_but_never_current(wh: Warehouse, load, tmp_path: Path) -> None:
    path = tmp_path / "2023年总结.txt"
    path.write_text(REPORT, encoding="utf-8")
    [result] = load(path, review=True, user="张三")
    assert (result.status, result.state, result.facts) == ("loaded", "draft", 3)
    # keys new to the warehouse (which a published load marks current as it inserts them) are not current
    assert query(wh, "select count(*), count(*) filter (where is_current) from fact") == [(3, 0)]
    assert query(wh, "select count(*) from series") == [(0,)]
    assert query(wh, "select action, user_name from change_log") == [("stage", "张三")]
    [again] = load(path)  # the same bytes while the draft is live: nothing loaded twice
    assert again.status == "unchanged"


def test_gaps_are_counted(wh: Warehouse, load, tmp_path: Path) -> None:
    path = tmp_path / "总结.txt"
    path.write_text(REPORT, encoding="utf-8")
    [result] = load(path)
    assert (result.no_period, result.no_region) == (3, 3)
    [fixed] = load(path, region="天津市河东区", period="2023", replace=True)
    assert (fixed.no_period, fixed.no_region, fixed.replaced) == (0, 0, result.source_id)
    assert query(wh, "select state from source order by id") == [("removed",), ("published",)]
