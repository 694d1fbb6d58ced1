from __future__ import annotations

import io
from pathlib import Path

import openpyxl
import polars as pl
import pytest

from warehouse import export


@pytest.fixture
def frame() -> pl.DataFrame:
    return pl.DataFrame({"地区": ["河东区", '=HYPERLINK("x")'], "学校数（所）": [12, 7], "入学率（%）": [99.5, 98.25]})


def test_csv_has_bom_and_neutralises_formulas(frame: pl.DataFrame) -> None:
    data = export.to_csv(frame)
    assert data.startswith(b"\xef\xbb\xbf")
    text = data.decode("utf-8-sig")
    assert text.splitlines()[0] == "地区,学校数（所）,入学率（%）"
    assert "'=HYPERLINK" in text
    assert "河东区,12,99.5" in text


def test_xlsx_layout_opens_in_openpyxl(frame: pl.DataFrame) -> None:
    layout = export.XlsxLayout(title="学校情况", footnote="来源：演示数据", number_formats={"入学率（%）": "0.0"})
    book = openpyxl.load_workbook(io.BytesIO(export.to_xlsx(frame, layout)))
    sheet = book.active
    assert sheet["A1"].value == "学校情况"
    assert [c.value for c in sheet[3]] == ["地区", "学校数（所）", "入学率（%）"]
    assert sheet.freeze_panes == "A4"
    assert sheet["B4"].value == 12 and sheet["C4"].number_format == "0.0"
    assert sheet["A5"].value == '=HYPERLINK("x")' and sheet["A5"].data_type == "s"  # text, never a formula
    assert sheet["A7"].value == "来源：演示数据"


def test_parquet_round_trip(frame: pl.DataFrame, tmp_path: Path) -> None:
    path = export.write(frame, tmp_path / "out.parquet")
    assert pl.read_parquet(path).equals(frame)


def test_unknown_format_is_refused(frame: pl.DataFrame) -> None:
    with pytest.raises(ValueError, match="unsupported export format"):
        export.to_bytes(frame, "pdf")
