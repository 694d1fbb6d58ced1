"""Table shapes, headers, formats, encodings and cell values, read with ``read_table`` (no warehouse needed)."""

from __future__ import annotations

import io
from pathlib import Path

import polars as pl
import pytest
from ingest_corpus import GOOD_ROWS, HEADER, csv_text, write_csv, write_xlsx, xlsx_bytes

from ingest.model import IngestError, SourceDoc
from ingest.tables import parse_mapping, read_table, read_table_with_stats


def facts(doc: SourceDoc) -> list[tuple[object, ...]]:
    return [(f.indicator, f.region, f.period, f.value, f.unit) for f in doc.facts]


# -- long and wide ------------------------------------------------------------------------------------------------
def test_long_table(tmp_path: Path) -> None:
    doc = read_table(write_csv(tmp_path / "long.csv", GOOD_ROWS))
    assert facts(doc) == [
        ("学校数", "盐田区", "2023", 16.0, "所"),
        ("学校数", "盐田区", "2022", 15.0, "所"),
        ("在校学生", "盐田区", "2023", 21600.0, "人"),
    ]
    assert [f.location for f in doc.facts] == ["行 2", "行 3", "行 4"]
    assert doc.kind == "table" and doc.quarantined == []


def test_long_table_with_domain_column(tmp_path: Path) -> None:
    rows = [["盐田区", "社区食堂数", "2023", "12", "个", "民政"]]
    doc = read_table(write_csv(tmp_path / "d.csv", rows, [*HEADER, "领域"]))
    assert [(f.indicator, f.domain) for f in doc.facts] == [("社区食堂数", "民政")]


@pytest.mark.parametrize(
    ("label", "code"),
    [
        ("2018年", "2018"),
        ("2018", "2018"),
        ("2023年上半年", "2023H1"),
        ("2023年下半年", "2023H2"),
        ("2023年1-5月", "2023YTD05"),
        ("2023年1—9月", "2023YTD09"),
        ("2023年第二季度", "2023Q2"),
        ("2023年5月", "2023M05"),
        ("2023Q4", "2023Q4"),
    ],
)
def test_wide_period_columns_become_period_codes(tmp_path: Path, label: str, code: str) -> None:
    doc = read_table(
        write_csv(tmp_path / "wide.csv", [["盐田区", "学校数", "所", "16"]], ["地区", "指标", "单位", label])
    )
    assert facts(doc) == [("学校数", "盐田区", code, 16.0, "所")]
    assert doc.facts[0].location == f"行 2, 列 {label}"


def test_wide_table_many_periods_and_missing_cells(tmp_path: Path) -> None:
    header = ["地区", "指标", "单位", "2018年", "2019", "2023年上半年", "2023年1-5月", "2023年第二季度"]
    rows = [["盐田区", "学校数", "所", "1", "2", "3", "4", "5"], ["盐田区", "床位数", "张", "-", "…", "—", "/", ".."]]
    doc, stats = read_table_with_stats(write_csv(tmp_path / "wide.csv", rows, header))
    assert [f.period for f in doc.facts] == ["2018", "2019", "2023H1", "2023YTD05", "2023Q2"]
    assert [f.value for f in doc.facts] == [1.0, 2.0, 3.0, 4.0, 5.0]
    assert stats.missing == 5 and doc.quarantined == []


def test_yearbook_layout_title_unit_line_target_column_and_footnote(tmp_path: Path) -> None:
    path = tmp_path / "yearbook.csv"
    path.write_text(
        "表3 各区学校数（单位：所）\n地区,指标,2021年,2022年,2023年(预计)\n盐田区,学校数,15,16,17\n注：不含民办学校\n",
        encoding="utf-8",
    )
    doc = read_table(path)
    assert doc.title == "表3 各区学校数（单位：所）"
    assert [(f.period, f.value, f.unit, f.kind) for f in doc.facts] == [
        ("2021", 15.0, "所", "actual"),
        ("2022", 16.0, "所", "actual"),
        ("2023", 17.0, "所", "target"),
    ]


def test_one_column_per_indicator_with_units_in_headers(tmp_path: Path) -> None:
    rows = [["盐田区", "16", "21,600"], ["南山区", "120", "-"]]
    doc = read_table(write_csv(tmp_path / "cols.csv", rows, ["地区", "学校数(所)", "在校学生（人）"]), period="2023")
    assert facts(doc) == [
        ("学校数", "盐田区", "2023", 16.0, "所"),
        ("在校学生", "盐田区", "2023", 21600.0, "人"),
        ("学校数", "南山区", "2023", 120.0, "所"),
    ]


# -- headers ------------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    "header",
    [
        ["地区", "指标", "年份", "数值", "单位"],
        ["地区名称", "指标名称", "统计年度", "指标值", "计量单位"],
        ["Region", "Indicator", "Year", "Value", "Unit"],
        ["region", "indicator", "period", "value", "unit"],
        ["ＲＥＧＩＯＮ", " 指 标 ", "时间", "数据", "UOM"],
    ],
)
def test_headers_are_mapped_automatically(tmp_path: Path, header: list[str]) -> None:
    doc = read_table(write_csv(tmp_path / "h.csv", GOOD_ROWS[:1], header))
    assert facts(doc) == [("学校数", "盐田区", "2023", 16.0, "所")]


def test_explicit_mapping_and_the_map_option_form(tmp_path: Path) -> None:
    header = ["地名", "项目名", "统计年份", "Amount", "计量", "序号"]
    path = write_csv(tmp_path / "m.csv", [["盐田区", "学校数", "2023年", "16", "所", "1"]], header)
    with pytest.raises(IngestError, match="no recognisable header row"):
        read_table(path)
    mapping = parse_mapping(
        ["地名=region", "项目名=指标", "统计年份=period", "Amount = 数值", "计量=unit", "序号=忽略"]
    )
    assert mapping == {
        "地名": "region",
        "项目名": "indicator",
        "统计年份": "period",
        "Amount": "value",
        "计量": "unit",
        "序号": "ignore",
    }
    assert facts(read_table(path, mapping=mapping)) == [("学校数", "盐田区", "2023", 16.0, "所")]


def test_mapping_overrides_a_built_in_name(tmp_path: Path) -> None:
    # "类别" is the domain by default; here it is the indicator, and 指标 is a note to ignore.
    path = write_csv(
        tmp_path / "o.csv", [["盐田区", "学校数", "x", "2023", "16", "所"]], ["地区", "类别", "指标", *HEADER[2:]]
    )
    doc = read_table(path, mapping={"类别": "indicator", "指标": "ignore"})
    assert facts(doc) == [("学校数", "盐田区", "2023", 16.0, "所")]


@pytest.mark.parametrize("spec", ["地名", "地名=", "=region", "地名=nowhere"])
def test_bad_map_values_are_one_line_errors(spec: str) -> None:
    with pytest.raises(IngestError) as err:
        parse_mapping([spec])
    assert "--map" in str(err.value) and "\n" not in str(err.value)


def test_defaults_fill_what_the_table_lacks(tmp_path: Path) -> None:
    path = write_csv(tmp_path / "x.csv", [["学校数", "16"]], ["指标", "数值"])
    with pytest.raises(IngestError, match="no region column"):
        read_table(path)
    with pytest.raises(IngestError, match="no period column"):
        read_table(path, region="盐田区")
    doc = read_table(path, region="盐田区", period="2023年上半年", unit="所", domain="教育")
    assert facts(doc) == [("学校数", "盐田区", "2023H1", 16.0, "所")]
    assert doc.facts[0].domain == "教育" and doc.period == "2023H1"


# -- encodings ----------------------------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("encoding", "detected"),
    [("utf-8", "utf-8"), ("utf-8-sig", "utf-8-sig"), ("gbk", "gb18030"), ("gb18030", "gb18030"), ("utf-16", "utf-16")],
)
def test_encodings_are_detected(tmp_path: Path, encoding: str, detected: str) -> None:
    # 䶮 (U+4DAE) exists in GB18030 but not in GBK: it proves a GB18030 file is not read as GBK.
    name = "䶮字指标" if encoding == "gb18030" else "城市低保户数"
    rows = [["盐田区", name, "2023", "1,234", "户"], ["沙头角街道", name, "2023", "56", "户"]]
    doc, stats = read_table_with_stats(write_csv(tmp_path / "e.csv", rows, encoding=encoding))
    assert stats.encoding == detected
    assert facts(doc) == [(name, "盐田区", "2023", 1234.0, "户"), (name, "沙头角街道", "2023", 56.0, "户")]


def test_a_short_gbk_file_is_not_mistaken_for_another_encoding(tmp_path: Path) -> None:
    path = tmp_path / "short.csv"
    path.write_bytes("地区,指标,年份,数值,单位\n福田区,学校数,2023,9,所\n".encode("gbk"))
    assert facts(read_table(path)) == [("学校数", "福田区", "2023", 9.0, "所")]


def test_crlf_tab_and_semicolon_separated(tmp_path: Path) -> None:
    for name, sep in (("t.tsv", "\t"), ("s.csv", ";"), ("p.csv", "|")):
        path = tmp_path / name
        path.write_bytes(csv_text(GOOD_ROWS[:2], newline="\r\n").replace(",", sep).encode())
        assert [f.value for f in read_table(path).facts] == [16.0, 15.0], name


# -- XLSX and Parquet ---------------------------------------------------------------------------------------------
def test_xlsx_first_sheet_or_the_sheet_named(tmp_path: Path) -> None:
    other = [HEADER, ["南山区", "学校数", "2023", 120, "所"]]
    path = write_xlsx(tmp_path / "book.xlsx", GOOD_ROWS, 南山=other)
    assert facts(read_table(path)) == facts(read_table(write_csv(tmp_path / "same.csv", GOOD_ROWS)))
    assert facts(read_table(path, sheet="南山")) == [("学校数", "南山区", "2023", 120.0, "所")]
    assert facts(read_table(path, sheet=1)) == [("学校数", "南山区", "2023", 120.0, "所")]
    doc, stats = read_table_with_stats(path, sheet="南山")
    assert stats.sheet == "南山" and doc.facts[0].location == "行 2"


def test_xlsx_numbers_dates_of_rows_and_title_rows(tmp_path: Path) -> None:
    rows = [["2023年各区学校数"], ["单位：所"], ["地区", "指标", 2022, 2023], ["盐田区", "学校数", 15, 16.0]]
    path = tmp_path / "yb.xlsx"
    path.write_bytes(xlsx_bytes({"表1": rows}))
    doc = read_table(path)
    assert facts(doc) == [("学校数", "盐田区", "2022", 15.0, "所"), ("学校数", "盐田区", "2023", 16.0, "所")]
    assert doc.facts[0].location == "行 4, 列 2022" and doc.title == "2023年各区学校数"


def test_parquet_with_typed_columns(tmp_path: Path) -> None:
    frame = pl.DataFrame(
        {
            "区划代码": [440308, 440308],
            "指标": ["学校数", "在校学生"],
            "年份": [2023, 2023],
            "数值": [16.0, None],
            "单位": ["所", "人"],
        }
    )
    buf = io.BytesIO()
    frame.write_parquet(buf)
    path = tmp_path / "t.parquet"
    path.write_bytes(buf.getvalue())
    doc, stats = read_table_with_stats(path)
    assert facts(doc) == [("学校数", "440308", "2023", 16.0, "所")]
    assert stats.missing == 1


# -- cell values --------------------------------------------------------------------------------------------------
def test_missing_markers_are_not_zero_and_not_facts(tmp_path: Path) -> None:
    markers = ["", " ", "-", "－", "—", "——", "…", "...", "..", "/", "／"]
    rows = [["盐田区", "学校数", str(2000 + i), m, "所"] for i, m in enumerate(markers)]
    rows.append(["盐田区", "学校数", "2023", "0", "所"])
    doc, stats = read_table_with_stats(write_csv(tmp_path / "m.csv", rows))
    assert [(f.period, f.value) for f in doc.facts] == [("2023", 0.0)]  # a real zero stays a zero
    assert stats.missing == len(markers) and doc.quarantined == []


@pytest.mark.parametrize(
    ("cell", "value", "unit", "approx"),
    [
        ("1,234,567", 1234567.0, "人", None),
        ("1，234", 1234.0, "人", None),
        ("１２３", 123.0, "人", None),
        ("１，２３４．５", 1234.5, "人", None),
        (" 12 345 ", 12345.0, "人", None),
        ("-3.5", -3.5, "人", None),
        ("12.5%", 12.5, "%", None),
        ("约500", 500.0, "人", "约"),
        ("500余", 500.0, "人", "余"),
    ],
)
def test_numbers_parse(tmp_path: Path, cell: str, value: float, unit: str, approx: str | None) -> None:
    rows = [["盐田区", "指标甲", "2023", cell]]
    doc = read_table(write_csv(tmp_path / "n.csv", rows, HEADER[:4]), unit="人")
    assert [(f.value, f.unit, f.approx) for f in doc.facts] == [(value, unit, approx)]


def test_region_codes_become_region_codes(tmp_path: Path) -> None:
    rows = [
        ["440308", "学校数", "2023", "16", "所"],
        ["440308.0", "学校数", "2022", "15", "所"],
        ["440308 盐田区", "学校数", "2021", "14", "所"],
        ["440308003000", "学校数", "2023", "5", "所"],
        ["盐田区", "学校数", "2020", "13", "所"],
    ]
    doc = read_table(write_csv(tmp_path / "c.csv", rows))
    assert [f.region for f in doc.facts] == ["440308", "440308", "440308", "440308003000", "盐田区"]
    assert [(r.code, r.name) for r in doc.regions] == [("440308", "盐田区")]


def _yearbook_rows() -> list[list[object]]:
    """A yearbook table: a title, a two-row header (年份 over the years; 指标 and 单位 span both rows), a note."""
    return [
        ["表2  2021—2023年民政事业基本情况", None, None, None, None],
        ["指标", "单位", "年份", None, None],
        [None, None, "2021年", "2022年", "2023年"],
        ["低保户数", "户", 900, 852, 800],
        ["  其中：城市低保户数", "户", 700, 690, 650],
        ["特困供养人数", "人", 120, None, 118],
        ["注：2022年特困供养人数缺失。", None, None, None, None],
    ]


def test_a_two_row_header_in_xlsx_with_merged_cells(tmp_path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook()
    ws = wb.active
    for row in _yearbook_rows():
        ws.append(row)
    for cells in ("A1:E1", "A2:A3", "B2:B3", "C2:E2"):
        ws.merge_cells(cells)
    wb.save(tmp_path / "年鉴.xlsx")
    doc = read_table(tmp_path / "年鉴.xlsx", region="990101")
    got = [(f.indicator, f.period, f.value, f.unit, f.location) for f in doc.facts]
    assert got[:3] == [
        ("低保户数", "2021", 900.0, "户", "行 4, 列 2021年"),
        ("低保户数", "2022", 852.0, "户", "行 4, 列 2022年"),
        ("低保户数", "2023", 800.0, "户", "行 4, 列 2023年"),
    ]
    assert len(got) == 8 and not doc.quarantined  # 2022 of 特困供养人数 is missing, not zero


def test_a_two_row_header_in_csv(tmp_path: Path) -> None:
    rows = [["" if c is None else str(c) for c in row] for row in _yearbook_rows()]
    path = tmp_path / "年鉴.csv"
    path.write_text("\n".join(",".join(row) for row in rows) + "\n", encoding="gbk")
    doc = read_table(path, region="990101")
    assert [(f.indicator, f.period, f.value, f.location) for f in doc.facts][-2:] == [
        ("特困供养人数", "2021", 120.0, "行 6, 列 2021年"),
        ("特困供养人数", "2023", 118.0, "行 6, 列 2023年"),
    ]
    assert len(doc.facts) == 8 and not doc.quarantined


def test_a_row_of_units_under_the_header(tmp_path: Path) -> None:
    """地区, 学校数, 在校学生 over , 所, 人 reads as 学校数(所), 在校学生(人); line numbers stay the file's."""
    text = "2023年各街道社会事业情况\n地区,学校数,在校学生\n,所,人\n梅沙街道,3,2100\n海山街道,2,1500\n"
    path = tmp_path / "街道.csv"
    path.write_text(text, encoding="utf-8")
    doc = read_table(path, period="2023")
    assert [(f.region, f.indicator, f.value, f.unit, f.location) for f in doc.facts] == [
        ("梅沙街道", "学校数", 3.0, "所", "行 4, 列 学校数(所)"),
        ("梅沙街道", "在校学生", 2100.0, "人", "行 4, 列 在校学生(人)"),
        ("海山街道", "学校数", 2.0, "所", "行 5, 列 学校数(所)"),
        ("海山街道", "在校学生", 1500.0, "人", "行 5, 列 在校学生(人)"),
    ]
    xlsx = write_xlsx(
        tmp_path / "街道.xlsx", [[None, "所", "人"], ["梅沙街道", 3, 2100]], ["地区", "学校数", "在校学生"]
    )
    assert [(f.indicator, f.value, f.unit, f.location) for f in read_table(xlsx, period="2023").facts] == [
        ("学校数", 3.0, "所", "行 3, 列 学校数(所)"),
        ("在校学生", 2100.0, "人", "行 3, 列 在校学生(人)"),
    ]
