"""Tables into the warehouse: SQL on the loaded tables, one transaction per file, idempotency, vintages, quarantine."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import polars as pl
import pytest
from conftest import counts, query
from ingest_corpus import GOOD_ROWS, HEADER, write_csv, write_xlsx

import ingest.load
from ingest.load import LoadResult
from ingest.model import IngestError
from ingest.tables import read_table
from warehouse.store import Warehouse

Load = Callable[..., list[LoadResult]]


def test_long_utf8_and_wide_gbk_files_load(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    long = write_csv(tmp_path / "long.csv", [*GOOD_ROWS, ["盐田区", "临时救助资金", "2023", "139.57", "万元"]])
    wide = write_csv(
        tmp_path / "wide.csv",
        [["沙头角街道", "城市低保户数", "户", "52", "-", "48"]],
        ["地区", "指标", "单位", "2022年", "2023年上半年", "2023年1-5月"],
        encoding="gbk",
    )
    results = load(long, wide)
    assert [(r.status, r.facts, r.quarantined) for r in results] == [("loaded", 4, 0), ("loaded", 2, 0)]
    rows = query(
        wh,
        "select i.name, r.name, f.period, f.value, f.unit, f.base_value, f.base_unit, f.quote, f.vintage "
        "from fact f join indicator i on i.code = f.indicator join region r on r.code = f.region order by f.id",
    )
    assert rows == [
        ("学校数", "盐田区", "2023", 16.0, "所", 16.0, "所", "行 2", 1),
        ("学校数", "盐田区", "2022", 15.0, "所", 15.0, "所", "行 3", 1),
        ("在校学生", "盐田区", "2023", 21600.0, "人", 21600.0, "人", "行 4", 1),
        ("临时救助资金", "盐田区", "2023", 139.57, "万元", 1395700.0, "元", "行 5", 1),
        ("城市低保户数", "沙头角街道", "2022", 52.0, "户", 52.0, "户", "行 2, 列 2022年", 1),
        ("城市低保户数", "沙头角街道", "2023YTD05", 48.0, "户", 48.0, "户", "行 2, 列 2023年1-5月", 1),
    ]
    sources = query(wh, "select kind, path, n_facts, n_quarantined, length(sha256) from source order by id")
    assert sources == [("table", str(long), 4, 0, 64), ("table", str(wide), 2, 0, 64)]
    assert query(wh, "select count(*) from fact where value = 0") == [(0,)]  # '-' is missing, not zero


def test_xlsx_sheet_and_parquet_load(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    book = write_xlsx(tmp_path / "book.xlsx", GOOD_ROWS[:1], 第二表=[HEADER, ["盐田区", "床位数", "2023", 120, "张"]])
    parquet = tmp_path / "t.parquet"
    pl.DataFrame(
        {"region_code": [440308], "indicator": ["学校数"], "year": [2021], "value": [14.0], "unit": ["所"]}
    ).write_parquet(parquet)
    results = load(book, parquet, sheet="第二表")
    assert [(r.status, r.facts) for r in results] == [("loaded", 1), ("loaded", 1)]
    assert query(wh, "select region, indicator, period, value, unit from fact order by id") == [
        ("440308", "hospital_beds", "2023", 120.0, "张"),
        ("440308", "schools", "2021", 14.0, "所"),
    ]


def test_reloading_the_same_file_changes_nothing_and_says_so(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", GOOD_ROWS)
    [first] = load(path)
    before = counts(wh)
    copy = tmp_path / "copy-of-a.csv"
    copy.write_bytes(path.read_bytes())
    again = load(path, copy)
    assert [r.status for r in again] == ["unchanged", "unchanged"]
    assert all(r.source_id == first.source_id and r.facts == 0 for r in again)
    assert all("already loaded" in (r.message or "") for r in again)
    assert counts(wh) == before


def test_the_same_bytes_twice_in_one_run_load_once(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "a.csv", GOOD_ROWS)
    twin = tmp_path / "twin.csv"
    twin.write_bytes(path.read_bytes())
    results = load(path, twin)  # no snapshot holds it yet: the check under the write lock catches the twin
    assert [(r.status, r.facts) for r in results] == [("loaded", 3), ("unchanged", 0)]
    assert results[1].source_id == results[0].source_id
    assert counts(wh)["source"] == 1 and counts(wh)["fact"] == 3


def test_a_changed_value_is_a_new_vintage_and_the_old_one_is_kept(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    [a] = load(write_csv(tmp_path / "a.csv", GOOD_ROWS))
    revised = [["盐田区", "学校数", "2023", "17", "所"], GOOD_ROWS[1], ["盐田区", "在校学生", "2023", "2.16", "万人"]]
    [b] = load(write_csv(tmp_path / "b.csv", revised))
    assert (b.status, b.facts, b.new_vintages) == ("loaded", 3, 1)
    history = query(
        wh,
        "select period, value, unit, vintage, source_id from fact where indicator = 'schools' order by period, id",
    )
    assert history == [
        ("2022", 15.0, "所", 1, a.source_id),
        ("2022", 15.0, "所", 1, b.source_id),  # the same value again corroborates vintage 1
        ("2023", 16.0, "所", 1, a.source_id),
        ("2023", 17.0, "所", 2, b.source_id),
    ]
    # 2.16万人 is 21600人: the same base value, so no new vintage.
    assert query(wh, "select max(vintage) from fact where indicator = 'students'") == [(1,)]
    latest = query(wh, "select period, value, vintage from series where indicator = 'schools' order by period")
    assert latest == [("2022", 15.0, 1), ("2023", 17.0, 2)]
    [c] = load(write_csv(tmp_path / "c.csv", [GOOD_ROWS[0]]))  # back to 16: a third vintage, nothing overwritten
    assert c.new_vintages == 1
    assert query(wh, "select value, vintage from fact where indicator = 'schools' and period = '2023' order by id") == [
        (16.0, 1),
        (17.0, 2),
        (16.0, 3),
    ]


def test_bad_rows_are_quarantined_with_file_line_and_reason(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    rows = [
        GOOD_ROWS[0],
        ["盐田区", "学校数", "2022", "十五", "所"],
        ["盐田区", "学校数", "二〇二一年度", "14", "所"],
        ["", "学校数", "2020", "13", "所"],
        GOOD_ROWS[2],
    ]
    path = write_csv(tmp_path / "bad.csv", rows)
    [result] = load(path)
    assert (result.status, result.facts, result.quarantined) == ("loaded", 2, 3)
    assert query(wh, "select path, location, reason, raw from quarantine order by id") == [
        (str(path), "行 3, 列 数值", "无法识别的数值 / not a number", "十五"),
        (
            str(path),
            "行 4",
            "无法识别的期间 / unrecognised period: 二〇二一年度",
            "盐田区 | 学校数 | 二〇二一年度 | 14 | 所",
        ),
        (str(path), "行 5", "缺少地区 / missing region", "学校数 | 2020 | 13 | 所"),
    ]
    assert query(wh, "select n_facts, n_quarantined from source") == [(2, 3)]


def test_each_file_is_one_transaction(
    wh: Warehouse, load: Load, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    good = write_csv(tmp_path / "good.csv", GOOD_ROWS[:1])
    doomed = write_csv(tmp_path / "doomed.csv", GOOD_ROWS[1:], [*HEADER])
    real = ingest.load._insert_facts

    def fail_after_writing(con: object, doc: object, *args: object) -> None:
        real(con, doc, *args)  # type: ignore[arg-type]
        if getattr(doc, "path", None) == doomed:
            raise RuntimeError("disk full\nsecond line")

    monkeypatch.setattr(ingest.load, "_insert_facts", fail_after_writing)
    results = load(doomed, good)
    assert [r.status for r in results] == ["error", "loaded"]
    assert results[0].message == f"{doomed}: 写入失败，未导入 / not loaded: RuntimeError: disk full"
    assert query(wh, "select path from source") == [(str(good),)]
    assert counts(wh)["fact"] == 1 and counts(wh)["region"] > 0


def test_unknown_indicators_and_regions_are_created_and_flagged(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    header = ["区划代码", "地区", "指标", "年份", "数值", "单位", "领域"]
    rows = [
        ["440308", "盐田", "社区食堂数", "2023", "12", "个", "民政"],
        ["990101", "新区", "社区食堂数", "2023", "3", "个", "民政"],
        ["440308003000", "沙头角街道", "社区食堂数", "2023", "2", "个", "民政"],
    ]
    [result] = load(write_csv(tmp_path / "new.csv", rows, header))
    assert (result.new_indicators, result.new_regions) == (1, 2)
    assert query(wh, "select name, unit, in_catalog, domain is not null from indicator where name = '社区食堂数'") == [
        ("社区食堂数", "个", False, True)
    ]
    regions = query(
        wh,
        "select code, name, level, parent_code, in_catalog from region "
        "where code in ('440308', '990101', '440308003000') order by code",
    )
    assert regions == [
        ("440308", "盐田区", "县", "440300", True),  # a table's short name does not rename the catalogued region
        ("440308003000", "沙头角街道", "乡", "440308", False),
        ("990101", "新区", "县", None, False),
    ]


def test_wan_and_yi_in_a_cell(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    """0.12万 in a column of 户 is 0.12 万户 as written (base 1,200 户); where 万 + the unit is no unit (万%), the
    number is multiplied out; 约3万余 keeps its approximation."""
    header = ["地区", "指标", "年份", "数值", "单位"]
    rows = [
        ["990101", "低保户数", "2023", "0.12万", "户"],
        ["990101", "低保资金", "2023", "1.5亿", "元"],
        ["990101", "学校数", "2023", "约3万余", "所"],
        ["990101", "城镇化率", "2023", "1万", "%"],
        ["990101", "低保人数", "2023", "2万亿", "人"],
    ]
    [result] = load(write_csv(tmp_path / "万.csv", rows, header), domain="民政")
    assert (result.facts, result.quarantined) == (4, 1)
    assert query(wh, "select value, unit, base_value, approx from fact order by id") == [
        (0.12, "万户", 1200.0, None),
        (1.5, "亿元", 150000000.0, None),
        (30000.0, "所", 30000.0, "约"),
        (10000.0, "%", 10000.0, None),
    ]
    assert query(wh, "select location, raw from quarantine") == [("行 6, 列 数值", "2万亿")]


def test_each_sheet_of_a_workbook_can_be_loaded_once(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    """A source is its bytes and, for a workbook, its sheet: loading the first sheet must not make every other sheet
    of the file 'already loaded'; each sheet loaded again changes nothing."""
    header = ["地区", "指标", "年份", "数值", "单位"]
    more = {"民政": [header, ["990101", "低保户数", "2023", 800, "户"]]}
    book = write_xlsx(tmp_path / "年鉴.xlsx", [["990101", "学校数", "2023", 16, "所"]], header, **more)
    statuses = [
        (r.status, r.facts) for sheet in (None, "民政", "民政", None, "数据", 1) for r in load(book, sheet=sheet)
    ]
    assert statuses == [
        ("loaded", 1),
        ("loaded", 1),
        ("unchanged", 0),
        ("unchanged", 0),
        ("unchanged", 0),
        ("unchanged", 0),
    ]
    assert query(wh, "select count(*), count(distinct sha256) from source") == [(2, 2)]
    assert query(wh, "select value from fact order by value") == [(16.0,), (800.0,)]


def test_sheet_all_loads_every_sheet_as_its_own_source(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    """--sheet all: each sheet is read and loaded on its own and named in its result; a sheet that is not a table
    (a cover note) is one error line naming the sheet, and the others still load. Again: nothing changes."""
    header = ["地区", "指标", "年份", "数值", "单位"]
    more = {"民政": [header, ["990101", "低保户数", "2023", 800, "户"]], "说明": [["本表数据来源于区统计局。"]]}
    book = write_xlsx(tmp_path / "年鉴.xlsx", [["990101", "学校数", "2023", 16, "所"]], header, **more)
    first = load(book, sheet="all")
    assert [(r.path, r.status, r.facts) for r in first] == [
        (f"{book}（工作表 数据）", "loaded", 1),
        (f"{book}（工作表 民政）", "loaded", 1),
        (f"{book}（工作表 说明）", "error", 0),
    ]
    assert first[2].message.startswith(f"{book}（工作表 说明）: 找不到表头")
    assert [r.status for r in load(book, sheet="all")] == ["unchanged", "unchanged", "error"]
    assert query(wh, "select count(*) from source") == [(2,)]


def test_region_names_are_looked_up_under_the_documents_region(wh: Warehouse, load: Load, tmp_path: Path) -> None:
    """河东区 is a district of 天津市 and of 临沂市: ``--region 天津市`` says which one the table's rows mean."""
    header = ["地区", "指标", "年份", "数值", "单位"]
    rows = [["河东区", "低保户数", "2023", "800", "户"], ["河西区", "低保户数", "2023", "1204", "户"]]
    [result] = load(write_csv(tmp_path / "津.csv", rows, header), region="天津市", domain="民政")
    assert result.ok and result.new_regions == 0 and result.ambiguous_regions == {}
    assert query(wh, "select region from fact order by value") == [("120102",), ("120103",)]


def test_an_ambiguous_region_name_is_loaded_as_a_local_region_and_said(
    wh: Warehouse, load: Load, tmp_path: Path
) -> None:
    """With nothing to choose between namesakes the name becomes a local region (no guess), and the result names the
    places it could be; a full name resolves to its national code."""
    header = ["地区", "指标", "年份", "数值", "单位"]
    rows = [["河东区", "低保户数", "2023", "800", "户"], ["天津市河西区", "低保户数", "2023", "1204", "户"]]
    [result] = load(write_csv(tmp_path / "两区.csv", rows, header), domain="民政")
    assert result.ok and result.new_regions == 1
    assert result.ambiguous_regions == {"河东区": ("天津市河东区", "山东省临沂市河东区")}
    assert query(wh, "select f.region, r.in_catalog from fact f join region r on r.code = f.region order by value") == [
        ("河东区", False),
        ("120103", True),
    ]
    # a later load that names the parent finds the catalogued place, not the local one
    later = [["河东区", "低保户数", "2022", "852", "户"]]
    [result] = load(write_csv(tmp_path / "津.csv", later, header), region="天津市", domain="民政")
    assert result.ok and result.ambiguous_regions == {}
    assert query(wh, "select region from fact where period = '2022'") == [("120102",)]


@pytest.mark.parametrize(
    ("name", "data", "cause"),
    [
        ("empty.csv", b"", "the file is empty"),
        ("binary.csv", bytes(range(256)) * 8, "not a text file"),
        ("table.docx.csv.bak", b"a,b\n", "unsupported file type"),
        ("truncated.xlsx", None, "corrupt or truncated XLSX"),
    ],
)
def test_unreadable_files_are_one_line_errors_and_load_nothing(
    wh: Warehouse, load: Load, tmp_path: Path, name: str, data: bytes | None, cause: str
) -> None:
    path = tmp_path / name
    if data is None:
        full = write_xlsx(tmp_path / "full.xlsx", GOOD_ROWS).read_bytes()
        data = full[: len(full) // 2]
    path.write_bytes(data)
    if path.suffix in (".csv", ".xlsx"):
        with pytest.raises(IngestError) as err:
            read_table(path)
        assert str(err.value).startswith(f"{path}: ") and cause in str(err.value)
    [result] = load(path)
    assert result.status == "error" and not result.ok
    assert result.message is not None and "\n" not in result.message and cause in result.message
    assert not wh.exists()  # nothing readable: the warehouse is not even created
