"""趋势: pickers restored from the URL, the chart's traces and markers, the table, the alias search, downloads."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
from apptest import AppFactory, assert_clean, plotly_specs, qp, texts

from dashboards import tables

PAGE = "app_pages/trend.py"


def traces(at: object) -> dict[str, dict[str, object]]:
    (spec,) = plotly_specs(at)  # type: ignore[arg-type]
    return {t.get("name", ""): t for t in spec["data"]}


def test_first_visit_shows_the_best_covered_indicator_for_the_citys_districts(app: AppFactory) -> None:
    at = app(PAGE)
    assert_clean(at)
    assert at.selectbox(key="qp_indicator").value == "urban_dibao_households"
    assert at.multiselect(key="qp_region").value == ["990102", "990103"]
    assert at.subheader[0].value == "城市低保户数 · 年度（户）"
    lines = traces(at)
    assert lines["澄湖区"]["y"] == [900, 880, 870, 852, 800]
    assert lines["枫林区"]["x"] == ["2019年", "2020年", "2021年", "2022年", "2023年"]
    # Every choice is in the URL, so the view can be bookmarked and shared.
    assert qp(at, "indicator") == ["urban_dibao_households"]
    assert qp(at, "region") == ["990102", "990103"]
    assert qp(at, "period") == ["Y"]


def test_url_parameters_restore_the_view(app: AppFactory) -> None:
    at = app(PAGE, indicator="dibao_funds", scope="990100", region=["990102"], period="Q", chart="bar")
    assert_clean(at)
    assert at.selectbox(key="qp_indicator").value == "dibao_funds"
    assert at.multiselect(key="qp_region").value == ["990102"]
    assert at.subheader[0].value == "低保金发放 · 季度（万元）"
    bars = traces(at)["澄湖区"]
    assert bars["type"] == "bar"
    assert bars["x"] == ["2022年第一季度", "2022年第二季度", "2023年第一季度", "2023年第二季度"]
    assert bars["y"] == [290, 300, 305, 315]


def test_invalid_url_values_fall_back_to_defaults(app: AppFactory) -> None:
    at = app(PAGE, indicator="no_such_indicator", region=["000000"], period="ZZ", chart="pie")
    assert_clean(at)
    assert at.selectbox(key="qp_indicator").value == "urban_dibao_households"
    assert at.multiselect(key="qp_region").value == ["990102", "990103"]
    assert qp(at, "chart") == ["line"]


def test_derived_points_are_hollow_and_explained(app: AppFactory) -> None:
    at = app(PAGE, indicator="schools", region=["990102"])
    assert_clean(at)
    lines = traces(at)
    implied = lines["澄湖区（推算）"]
    assert implied["x"] == ["2022年"] and implied["y"] == [14]
    assert implied["marker"]["symbol"] == "circle-open"
    assert "推算值" in implied["customdata"][0][0]
    assert "空心圆点为推算值" in texts(at)
    table = at.dataframe[0].value
    assert table["标记"].tolist() == ["", "推算"]


def test_suspect_points_are_marked_with_their_reason(app: AppFactory) -> None:
    at = app(PAGE, indicator="urban_dibao_households", scope="990102", region=["990102001000"])
    assert_clean(at)
    suspect = traces(at)["存疑值"]
    assert suspect["y"] == [20232] and suspect["marker"]["symbol"] == "x-thin-open"
    assert "混入年份" in suspect["customdata"][0][0]
    table = at.dataframe[0].value
    row = table[table["期间"] == "2018年"].iloc[0]
    assert row["标记"] == "存疑" and "混入年份" in row["存疑原因"]


def test_hover_shows_value_unit_phrase_and_source(app: AppFactory) -> None:
    at = app(PAGE, indicator="urban_dibao_households", region=["990102"])
    hover = traces(at)["澄湖区"]["customdata"][-1][0]
    assert "数值：800户" in hover
    assert "变化：较上年减少52户" in hover
    assert "来源：澄湖区2023年民政工作总结" in hover


def test_table_links_each_number_to_its_sentence(app: AppFactory) -> None:
    at = app(PAGE, indicator="urban_dibao_households", region=["990102"])
    table = at.dataframe[0].value
    newest = table.iloc[0]
    assert newest["期间"] == "2023年" and newest["数值（户）"] == 800
    assert newest["变化说法"] == "较上年减少52户"
    assert newest["原文"].startswith("sources?source=2&fact=")
    assert table.iloc[-1]["原文"].startswith("sources?source=1&fact=")


def test_alias_search_finds_indicators_across_domains(app: AppFactory) -> None:
    at = app(PAGE, q="低保家庭")
    assert_clean(at)
    picker = at.selectbox(key="qp_indicator")
    assert picker.options == ["城市低保户数（户） · 别名：低保家庭"]


def test_search_without_match_explains_itself(app: AppFactory) -> None:
    at = app(PAGE, q="不存在的指标")
    assert_clean(at)
    assert "没有找到与“不存在的指标”匹配的指标" in at.info[0].value
    assert not plotly_specs(at)


def test_changing_the_indicator_updates_the_url(app: AppFactory) -> None:
    at = app(PAGE)
    at.selectbox(key="qp_indicator").set_value("enrolment_rate").run()
    assert_clean(at)
    assert qp(at, "indicator") == ["enrolment_rate"]
    assert at.subheader[0].value == "小学入学率 · 年度（%）"


def test_no_region_chosen_is_an_empty_state(app: AppFactory) -> None:
    at = app(PAGE)
    at.multiselect(key="qp_region").set_value([]).run()
    assert_clean(at)
    assert at.info[0].value.startswith("请至少选择一个地区")


def test_download_buttons_offer_excel_and_csv(app: AppFactory) -> None:
    at = app(PAGE)
    assert [b.label for b in at.download_button] == ["下载 Excel", "下载 CSV"]


def test_trend_export_bytes(app: AppFactory) -> None:
    """The bytes behind the download buttons: XLSX with title, unit header, number format; CSV with BOM."""
    at = app(PAGE, indicator="dibao_funds", region=["990102", "990103"])
    shown = pl.from_pandas(at.dataframe[0].value)
    xlsx = tables.trend_xlsx(shown, "低保金发放（年度）", "万元", 2, ["民政统计年报表"], "2026-01-01 09:00")
    book = openpyxl.load_workbook(io.BytesIO(xlsx))
    sheet = book.active
    assert sheet["A1"].value == "低保金发放（年度）"
    header = [c.value for c in sheet[3]]
    assert header[:3] == ["地区", "期间", "数值（万元）"] and "原文" not in header
    assert sheet["A4"].value == "澄湖区" and sheet["C4"].value == 1234.5 and sheet["C4"].number_format == "#,##0.00"
    assert sheet.freeze_panes == "A4"
    assert sheet.cell(sheet.max_row, 1).value == "导出时间：2026-01-01 09:00"
    csv = tables.trend_csv(shown)
    assert csv.startswith(b"\xef\xbb\xbf") and "数值（万元）".encode() in csv


def test_lines_break_at_missing_periods(app: AppFactory) -> None:
    """澄湖区 reports only the first two quarters: the line has gaps (None) at Q3 and Q4, not a straight segment."""
    at = app(PAGE, indicator="dibao_funds", scope="990100", region=["990102"], period="Q")
    assert_clean(at)
    (spec,) = plotly_specs(at)
    line = next(t for t in spec["data"] if t.get("name") == "澄湖区")
    assert line["x"] == [
        "2022年第一季度",
        "2022年第二季度",
        "2022年第三季度",
        "2022年第四季度",
        "2023年第一季度",
        "2023年第二季度",
    ]
    assert line["y"] == [290, 300, None, None, 305, 315]
    assert line["connectgaps"] is False
    assert spec["layout"]["xaxis"]["categoryarray"] == line["x"]


def test_a_missing_year_is_a_gap_in_the_figure_json() -> None:
    from dashboards import charts

    frame = pl.DataFrame(
        {
            "region": ["a", "a", "a"],
            "region_name": ["甲区", "甲区", "甲区"],
            "period": ["2019", "2020", "2022"],
            "value": [1.0, 2.0, 4.0],
            "kind": ["actual"] * 3,
            "suspect": [False] * 3,
        }
    )
    data = charts.trend_figure(frame, unit="户").to_plotly_json()["data"]
    assert data[0]["x"] == ["2019年", "2020年", "2021年", "2022年"]
    assert list(data[0]["y"]) == [1.0, 2.0, None, 4.0]
