"""``zhibiao extract`` and the report reader end to end: its JSONL fields, the table, encodings, .docx,
and one clear line (no traceback, exit ≠ 0) for files that are empty, binary or not a report format."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from ingest.model import IngestError
from ingest.text import read_report
from zhibiao.cli import app

EXTRACT_FIELDS = [
    "doc",
    "indicator",
    "value",
    "unit",
    "approx",
    "kind",
    "period",
    "region",
    "change",
    "suspect",
    "quote",
]
REPORT = "松林区2023年上半年民政工作总结\n全区有低保户800户、1576人,较上年减少52户、138人;五保户20232人。\n"


def run(*args: str):
    return CliRunner().invoke(app, ["--db", "unused.duckdb", *args], catch_exceptions=False)


def test_jsonl_has_the_design_fields_with_their_types(report) -> None:
    path = report(REPORT)
    result = run("extract", str(path), "--format", "jsonl")
    assert result.exit_code == 0, result.output
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert len(rows) == 3
    for row in rows:
        keys = list(row)
        assert [k for k in keys if k in EXTRACT_FIELDS or k == "span"] == [*EXTRACT_FIELDS, "span"]
        assert set(keys) - {*EXTRACT_FIELDS, "span"} <= {"suspect_reason", "parent", "period_source", "region_source"}
        assert row["doc"] == path.name and isinstance(row["suspect"], bool)
        start, end = row["span"]
        assert REPORT[start:end] == row["quote"]
    first = rows[0]
    assert (first["indicator"], first["value"], first["unit"], first["period"], first["region"]) == (
        "低保户数",
        800,
        "户",
        "2023H1",
        "松林区",
    )
    assert first["change"] == {"base": "上年", "direction": "-", "amount": 52, "unit": "户"}
    assert rows[2]["suspect"] is True and rows[2]["suspect_reason"]


def test_region_and_period_options_are_the_documents(report) -> None:
    path = report("区民政局20xx年工作总结\n全区有敬老院9所。")
    row = json.loads(run("extract", str(path), "--region", "松林区", "--period", "2021").stdout)
    assert (row["region"], row["period"]) == ("松林区", "2021")
    row = json.loads(run("extract", str(path)).stdout)
    assert row["period"] is None


def test_table_format_lists_the_facts(report) -> None:
    result = run("extract", str(report(REPORT)), "--format", "table")
    assert result.exit_code == 0
    assert "3 条事实 / facts" in result.stdout and "1576" in result.stdout and "是" in result.stdout


def test_several_files_in_one_call(report) -> None:
    a = report("全区有敬老院9所。", name="a.txt")
    b = report("全区有福利院2所。", name="b.md")
    docs = [json.loads(x)["doc"] for x in run("extract", str(a), str(b)).stdout.splitlines()]
    assert docs == ["a.txt", "b.md"]


@pytest.mark.parametrize(
    ("content", "name", "words"),
    [
        (b"", "empty.txt", "为空"),
        (b"   \n\n  ", "blank.txt", "为空"),
        (b"\x00\x01\x02PK\x03\x04binary" * 20, "binary.txt", "二进制"),
        (b"%PDF-1.4", "report.pdf", "PDF"),
        (b"not a zip", "report.docx", "docx"),
    ],
)
def test_unreadable_files_give_one_clear_line_and_exit_non_zero(report, content, name, words) -> None:
    path = report(content, name=name)
    result = run("extract", str(path))
    assert result.exit_code != 0
    assert name in result.output and words in result.output and "Traceback" not in result.output
    with pytest.raises(IngestError, match=words):
        read_report(path)


def test_missing_file_is_a_clear_error(tmp_path: Path) -> None:
    result = run("extract", str(tmp_path / "无此文件.txt"))
    assert result.exit_code != 0 and "Traceback" not in result.output


@pytest.mark.parametrize("encoding", ["gbk", "gb18030", "utf-8-sig"])
def test_encodings_are_detected(report, encoding: str) -> None:
    doc = read_report(report(REPORT, encoding=encoding))
    assert [f.value for f in doc.facts] == [800, 1576, 20232]


def test_docx_paragraphs_and_tables_are_read(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.core_properties.title = "松林区2024年民政工作总结"
    document.add_paragraph("全区有养老机构12家,床位1500张。")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text = "儿童之家"
    table.rows[0].cells[1].text = "共26个"
    buffer = io.BytesIO()
    document.save(buffer)
    path = tmp_path / "总结.docx"
    path.write_bytes(buffer.getvalue())
    doc = read_report(path)
    assert doc.title == "松林区2024年民政工作总结" and doc.period == "2024"
    assert [(f.value, f.unit) for f in doc.facts] == [(12, "家"), (1500, "张"), (26, "个")]


def _docx_with_tables(tmp_path: Path) -> Path:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    document.add_paragraph("松林区2023年民政工作总结")
    document.add_paragraph("全区有低保户800户，较上年减少52户。")
    grid = document.add_table(rows=4, cols=4)
    for i, row in enumerate([("指标", "单位", "年份", ""), ("", "", "2022年", "2023年")]):
        for j, text in enumerate(row):
            grid.cell(i, j).text = text
    grid.cell(0, 2).merge(grid.cell(0, 3))  # 年份 spans the two year columns
    grid.cell(0, 2).text = "年份"
    for j, text in enumerate(("养老床位", "张", "1,740", "1,860")):
        grid.cell(2, j).text = text
    for j, text in enumerate(("社区食堂", "个", "20", "—")):
        grid.cell(3, j).text = text
    bad = document.add_table(rows=2, cols=2)
    for i, row in enumerate([("年份", "数值"), ("2023年", "5")]):
        for j, text in enumerate(row):
            bad.cell(i, j).text = text
    document.add_paragraph("全区有社区28个，其中城市社区20个。")
    path = tmp_path / "总结.docx"
    document.save(path)
    return path


def test_docx_data_tables_are_read_as_tables(tmp_path: Path) -> None:
    """A data table in a .docx gives one fact per cell with its year, unit and row; sentences still give theirs."""
    doc = read_report(_docx_with_tables(tmp_path))
    got = [(f.indicator, f.period, f.value, f.unit) for f in doc.facts]
    assert got == [
        ("低保户", "2023", 800, "户"),
        ("社区", "2023", 28, "个"),
        ("城市社区", "2023", 20, "个"),
        ("养老床位", "2022", 1740, "张"),
        ("养老床位", "2023", 1860, "张"),
        ("社区食堂", "2022", 20, "个"),  # 2023 is missing (—), not zero
    ]
    table_fact = doc.facts[3]
    assert table_fact.location == "表1 行 3, 列 2022年"
    assert (
        table_fact.span is not None
        and doc.text[slice(*table_fact.span)] == table_fact.quote == "养老床位 张 1,740 1,860"
    )
    assert doc.facts[2].parent == 1  # 其中: the whole's index, after the table's rows left the sentence facts
    assert [(q.location, q.reason.split(":")[0]) for q in doc.quarantined] == [("表2", "表格无法读取 / table not read")]


def test_jsonl_and_table_say_where_period_and_region_came_from(report) -> None:
    path = report("临川区2023年上半年民政工作总结\n全区有低保户800户。\n一、2022年工作回顾\n城东街道有社区12个。")
    rows = [json.loads(x) for x in run("extract", str(path)).stdout.splitlines()]
    assert [(r["period"], r["period_source"], r["region"], r["region_source"]) for r in rows] == [
        ("2023H1", "title", "临川区", "title"),
        ("2022", "heading", "城东街道", "sentence"),
    ]
    table = run("extract", str(path), "--format", "table").stdout
    assert "出处 期/地" in table and "题/题" in table and "节/句" in table


def test_extract_and_ingest_give_every_fact_the_same_period(report, tmp_path: Path) -> None:
    # The first report's opening year is the page's default; the second report's year is anonymised, so its
    # fact has no period, in the warehouse as in the printout.
    path = report(
        "社区工作总结两篇\n篇(1)\n2021年上半年,本社区做了以下工作。\n走访困难户32户。\n"
        "篇(2)\n20__年度,我镇做了以下工作。\n走访困难户45户。\n"
    )
    printed = [(json.loads(x)["value"], json.loads(x)["period"]) for x in run("extract", str(path)).stdout.splitlines()]
    assert printed == [(32, "2021H1"), (45, None)]
    db = str(tmp_path / "w.duckdb")
    ingest = CliRunner().invoke(app, ["--db", db, "ingest", str(path)], catch_exceptions=False)
    assert ingest.exit_code == 0, ingest.output
    query = "select value, period from fact order by span_start"
    stored = CliRunner().invoke(app, ["--db", db, "sql", query, "--format", "json"], catch_exceptions=False)
    assert [(r["value"], r["period"]) for r in json.loads(stored.stdout)] == printed
