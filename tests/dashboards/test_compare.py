"""对比: the table builder page — layouts, change/rank/share columns, URL state, and the exported files."""

from __future__ import annotations

import io

import openpyxl
import polars as pl
from apptest import AppFactory, assert_clean, plotly_specs, qp

from dashboards import compare

PAGE = "app_pages/compare.py"
BASE = {"indicator": "urban_dibao_households", "scope": "990100", "region": ["990102", "990103"]}


def test_first_visit_builds_a_table(app: AppFactory) -> None:
    at = app(PAGE)
    assert_clean(at)
    assert at.multiselect(key="qp_indicator").value == ["urban_dibao_households"]
    assert at.multiselect(key="qp_period").value == ["2021", "2022", "2023"]  # the latest three years
    assert at.subheader[0].value == "城市低保户数对比表（2021年—2023年）"
    table = at.dataframe[0].value
    assert list(table.columns) == [
        "指标",
        "地区",
        "2021年（户）",
        "2022年（户）",
        "2023年（户）",
        "增减（户）",
        "增幅（%）",
        "变化说法",
        "同级排名",
        "占上级比重（%）",
    ]
    chenghu = table[table["地区"] == "澄湖区"].iloc[0]
    assert chenghu["2023年（户）"] == "800" and chenghu["增减（户）"] == "-52"  # as text, to the indicator's decimals
    assert chenghu["变化说法"] == "较上年减少52户"
    assert chenghu["同级排名"] == "1"
    assert chenghu["占上级比重（%）"] == "53.3"  # 800 of 青岚市's 1,500
    assert qp(at, "period") == ["2021", "2022", "2023"]


def test_url_restores_layout_and_toggles(app: AppFactory) -> None:
    at = app(PAGE, **BASE, period=["2023", "2022"], layout="indicator_region", yoy="0", rank="0", share="0")
    assert_clean(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["指标", "单位", "期间", "澄湖区", "枫林区"]
    assert table["期间"].tolist() == ["2022年", "2023年"]
    assert table["澄湖区"].tolist() == ["852", "800"]
    assert at.toggle(key="qp_yoy").value is False


def test_rates_change_in_points_and_have_no_share(app: AppFactory) -> None:
    at = app(PAGE, indicator="enrolment_rate", scope="990100", region=["990102", "990103"], period="2023")
    assert_clean(at)
    table = at.dataframe[0].value
    assert "增减（个百分点）" in table.columns and "增幅（%）" not in table.columns
    row = table[table["地区"] == "澄湖区"].iloc[0]
    assert row["增减（个百分点）"] == "0.8"
    assert row["变化说法"] == "较上年提高0.8个百分点"
    assert "占上级比重（%）" not in table.columns  # rates never add up to a parent: an empty column is dropped


def test_toggling_a_column_updates_table_and_url(app: AppFactory) -> None:
    at = app(PAGE, **BASE, period="2023")
    at.toggle(key="qp_share").set_value(False).run()
    assert_clean(at)
    assert "占上级比重（%）" not in at.dataframe[0].value.columns
    assert qp(at, "share") == ["0"]


def test_missing_choice_is_an_empty_state(app: AppFactory) -> None:
    at = app(PAGE, **BASE)
    at.multiselect(key="qp_period").set_value([]).run()
    assert_clean(at)
    assert at.info[0].value.startswith("请选择期间")
    assert not at.dataframe


def test_bar_chart_only_when_asked_for(app: AppFactory) -> None:
    at = app(PAGE, **BASE, period=["2022", "2023"])
    assert_clean(at)
    assert not plotly_specs(at)  # the table first: no plotly bundle to load on a first visit
    at.toggle(key="qp_bars").set_value(True).run()
    assert_clean(at)
    assert qp(at, "bars") == ["1"] and len(plotly_specs(at)) == 1


def test_bar_chart_of_the_latest_period(app: AppFactory) -> None:
    at = app(PAGE, **BASE, period=["2022", "2023"], bars="1")
    (spec,) = plotly_specs(at)
    bar = spec["data"][0]
    assert bar["y"] == ["枫林区", "澄湖区"] and bar["x"] == [700, 800]
    assert bar["text"] == ["700户", "800户"]


def test_export_buttons(app: AppFactory) -> None:
    at = app(PAGE, **BASE, period="2023")
    assert [b.label for b in at.download_button] == ["导出 Excel", "导出 CSV"]


def _facts() -> pl.DataFrame:
    rows = [
        ("990100", "青岚市", None, "2022", 1502.0, None, None, None),
        ("990100", "青岚市", None, "2023", 1500.0, -2.0, -0.1, "较上年减少2户"),
        ("990102", "澄湖区", "990100", "2022", 852.0, None, None, None),
        ("990102", "澄湖区", "990100", "2023", 800.0, -52.0, -6.1, "较上年减少52户"),
        ("990103", "=枫林区", "990100", "2023", 700.0, 50.0, 7.7, "较上年增加50户"),
    ]
    return pl.DataFrame(
        [("households", "城市低保户数", "户", "stock", 0, True, *r, "民政统计年报表") for r in rows],
        schema=[
            "indicator",
            "indicator_name",
            "unit",
            "measure",
            "decimals",
            "additive",
            "region",
            "region_name",
            "parent_code",
            "period",
            "value",
            "delta",
            "pct",
            "phrase",
            "source_title",
        ],
        orient="row",
    )


def test_xlsx_is_laid_out_as_on_screen() -> None:
    spec = compare.CompareSpec(("households",), ("990102", "990103"), ("2022", "2023"))
    table = compare.build_table(_facts(), spec, generated="2026-01-01 09:00")
    sheet = openpyxl.load_workbook(io.BytesIO(table.xlsx())).active
    assert sheet["A1"].value == "城市低保户数对比表（2022年—2023年）"
    header = [c.value for c in sheet[3]]
    assert header == list(table.frame.columns)
    assert header[2:4] == ["2022年（户）", "2023年（户）"]  # units in the headers
    assert sheet.freeze_panes == "A4"
    assert [sheet.cell(4, i).value for i in (2, 3, 4)] == ["澄湖区", 852, 800]
    assert sheet.cell(4, 4).number_format == "#,##0"
    assert sheet.cell(4, header.index("占上级比重（%）") + 1).number_format == "#,##0.0"
    notes = [v for r in range(6, sheet.max_row + 1) if (v := sheet.cell(r, 1).value)]
    assert notes[0] == "资料来源：民政统计年报表。"
    assert notes[-1] == "导出时间：2026-01-01 09:00。"


def test_csv_has_bom_and_neutralises_formulas() -> None:
    spec = compare.CompareSpec(("households",), ("990102", "990103"), ("2023",))
    raw = compare.build_table(_facts(), spec).csv()
    assert raw.startswith(b"\xef\xbb\xbf")
    text = raw.decode("utf-8-sig")
    assert "\n城市低保户数,'=枫林区,700" in text
    assert "澄湖区,800" in text


def test_missing_cells_read_the_same_on_screen_and_in_both_exports() -> None:
    """枫林区 has no 2022 value and no change: "—" on screen, in the XLSX and in the CSV; no None, no float noise."""
    facts = _facts().with_columns(pl.col("pct").replace(-6.1, -5.274725274725275))
    table = compare.build_table(facts, compare.CompareSpec(("households",), ("990102", "990103"), ("2022", "2023")))
    shown = table.shown()
    fenglin = shown.filter(pl.col("地区") == "=枫林区").row(0, named=True)
    assert fenglin["2022年（户）"] == "—" and fenglin["2023年（户）"] == "700"
    chenghu = shown.filter(pl.col("地区") == "澄湖区").row(0, named=True)
    assert chenghu["增幅（%）"] == "-5.3"
    assert "None" not in str(shown.rows())
    sheet = openpyxl.load_workbook(io.BytesIO(table.xlsx())).active
    header = [c.value for c in sheet[3]]
    cells = {sheet.cell(r, 2).value: [c.value for c in sheet[r]] for r in (4, 5)}
    assert cells["=枫林区"][header.index("2022年（户）")] == "—"
    assert cells["澄湖区"][header.index("增幅（%）")] == -5.274725274725275  # a number, shown with one decimal
    text = table.csv().decode("utf-8-sig")
    assert "澄湖区,852,800,-52,-5.3," in text  # no 852.0, no -5.274725274725275
    assert "'=枫林区,—,700," in text


def test_decimals_grow_to_keep_a_stated_digit() -> None:
    """A value stated with more decimals than the indicator's is shown whole, in its column's every cell."""
    facts = _facts().with_columns(pl.col("value").replace(700.0, 700.25))
    table = compare.build_table(facts, compare.CompareSpec(("households",), ("990102", "990103"), ("2023",)))
    assert table.shown()["2023年（户）"].to_list() == ["800.00", "700.25"]
    assert table.excel_formats["2023年（户）"] == "#,##0.00"


def test_rows_of_different_indicators_keep_their_own_decimals(app: AppFactory) -> None:
    """户 to 0 places beside 万元 to 2: 800, not 800.00."""
    at = app(
        PAGE,
        indicator=["urban_dibao_households", "dibao_funds"],
        **{k: v for k, v in BASE.items() if k != "indicator"},
        period="2023",
    )
    assert_clean(at)
    table = at.dataframe[0].value
    rows = {(r["指标"], r["地区"]): r for _, r in table.iterrows()}
    assert rows[("城市低保户数", "澄湖区")]["2023年"] == "800"
    assert rows[("低保金发放", "澄湖区")]["2023年"] == "1,234.50"
