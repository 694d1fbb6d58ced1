"""The document pass: a period written once (title, heading, a paragraph's opening, a sentence that says what the
report covers) governs what follows until another is written, and every fact says where its period came from."""

from __future__ import annotations

import pytest

from tests.text.conftest import facts_of, only


def periods(text: str, **kw: str) -> list[tuple[str | None, str | None]]:
    return [(f.period, f.period_source) for f in facts_of(text, **kw)]


def test_a_year_opening_a_paragraph_governs_the_paragraphs_after_it() -> None:
    text = "居民收入\n2019年全县城镇居民人均可支配收入为21000元。\n农村居民人均可支配收入为9800元。"
    assert periods(text) == [("2019", "sentence"), ("2019", "paragraph")]


def test_until_another_year_is_written() -> None:
    text = "2019年,全县新建敬老院3所。\n养老床位达到860张。\n2020年,全县新建敬老院2所。\n养老床位达到910张。"
    assert [p for p, _ in periods(text)] == ["2019", "2019", "2020", "2020"]


def test_a_heading_year_governs_its_section() -> None:
    text = (
        "某县民政工作总结与打算\n一、2022年工作完成情况\n全县新增养老床位120张。\n二、2023年工作打算\n新建老年食堂5个。"
    )
    assert periods(text) == [("2022", "heading"), ("2023", "heading")]


def test_an_unmarked_heading_line_with_a_year_governs_too() -> None:
    text = "全省经济运行情况\n2025年经济社会发展\n有这些目标\n地区生产总值预期增长5.5%左右。"
    assert only(text).period == "2025"


def test_a_sentence_without_figures_that_names_the_year_governs() -> None:
    text = "晚报讯 市统计局昨日发布消息,2021年度全市人口抽样调查结果出炉。\n调查登记常住人口8.6万人。"
    assert periods(text) == [("2021", "paragraph")]


def test_a_dateline_is_a_date_not_the_period() -> None:
    text = "2024年03月05日09:10 来源:县政府网\n2023年,全县新增就业3100人。\n城镇登记失业率为3.1%。"
    assert [p for p, _ in periods(text)] == ["2023", "2023"]


def test_event_dates_and_comparison_years_govern_nothing() -> None:
    text = "县残联工作汇报\n县残联成立于1998年,2006年3月单设机构。\n现有工作人员8名。"
    assert only(text).period is None
    text = "2023年,全市新增就业4100人,比2022年增加300人。\n城镇登记失业率为3.2%。"
    assert [f.period for f in facts_of(text)] == ["2023", "2023"]


def test_a_month_range_of_an_activity_governs_nothing() -> None:
    text = "某区2023年上半年工作总结\n3月至5月开展专项排查。\n新增就业600人。"
    assert only(text).period == "2023H1"


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("截至2021年5月底,全市有养老机构42家。", "2021M05"),
        ("2021年1-5月,民政事业费累计支出5123.4万元。", "2021YTD05"),
        ("2021年5月,城市低保人数8210人。", "2021M05"),
        ("全市有养老机构42家。", "2021M05"),
        ("当月发放低保金310.5万元。", "2021M05"),
        ("5月份发放低保金310.5万元。", "2021M05"),
    ],
)
def test_monthly_release(sentence: str, period: str) -> None:
    assert only("某市2021年5月民政统计月报\n" + sentence).period == period


def test_a_monthly_paragraph_carries_its_month_to_its_list() -> None:
    text = "2022年1-4月,全市民政事业费累计支出8120万元。其中,社会救助支出5210万元;其他支出120万元。"
    assert [f.period for f in facts_of(text)] == ["2022YTD04"] * 3


def test_relative_years_count_from_the_year_in_force() -> None:
    text = "二、2024年工作打算\n今年新建社区食堂6个,去年建成4个,明年再建8个。"
    assert [f.period for f in facts_of(text)] == ["2024", "2023", "2025"]


def test_this_year_in_a_report_dated_at_the_start_of_the_year() -> None:
    text = "2025年全省发展目标\n报告提出,今年全省主要预期目标是:\n粮食产量1300万吨。"
    assert only(text).period == "2025"


def test_a_bare_this_year_reaches_only_its_clause() -> None:
    text = "区民政局2024年1-8月工作进展\n今年安排救助资金60万元,截至目前已支出21万元。"
    assert [f.period for f in facts_of(text)] == ["2024", "2024YTD08"]


def test_a_year_named_in_passing_keeps_the_titles_finer_period() -> None:
    text = "某区2023年上半年工作总结\n举办2023年迎春联欢会。\n全区新增就业1200人。"
    assert periods(text) == [("2023H1", "title")]


def test_what_the_report_says_it_covers_governs() -> None:
    text = "某局2023年工作报告\n按审计要求提供2022年一季度材料,现将今年一季度工作情况报告如下。\n发放低保金120万元。"
    assert periods(text) == [("2022Q1", "paragraph")]


def test_anonymised_years_give_null_with_no_source() -> None:
    assert periods("区社会事务局工作总结\n20xx年,全区有敬老院9所。\n全区有福利院2所。") == [(None, None), (None, None)]


def test_sources_of_the_title_and_the_option() -> None:
    assert periods("开源县2024年民政工作总结\n全县有敬老院9所。") == [("2024", "title")]
    assert periods("全县有敬老院9所。", period="2022") == [("2022", "option")]
    assert periods("全县有敬老院9所。") == [(None, None)]


def test_a_report_whose_paragraphs_keep_opening_with_the_half_year_is_a_half_year_report() -> None:
    text = (
        "本报讯 2016年,我县继续推进卫生工作。\n全县建立健康档案52000份。\n上半年,接种疫苗8100人次。\n上半年,婚检420人。"
    )
    assert [f.period for f in facts_of(text)] == ["2016H1"] * 3
    text = (
        "本报讯 2016年,我县继续推进卫生工作。\n全县建立健康档案52000份。\n上半年,接种疫苗8100人次。\n下半年,婚检420人。"
    )
    assert [f.period for f in facts_of(text)] == ["2016", "2016H1", "2016H2"]


def test_this_year_in_a_page_dated_in_january_is_the_dateline_year() -> None:
    text = "省政府工作报告摘要\n发布时间:2026-01-21 10:02\n报告提出,今年全省生产总值预期增长5%左右。\n全省有高校86所。"
    assert periods(text) == [("2026", "sentence"), (None, None)]


def test_a_dateline_alone_dates_no_half_year() -> None:
    text = "县卫生工作简报\n发布时间:2026-01-21 10:02\n上半年,全县婚检420人。"
    assert only(text).period is None


def test_a_year_inside_a_document_name_governs_nothing() -> None:
    text = "某区2023年上半年工作总结\n认真落实《2022年度养老服务考核办法》要求。\n全区新增养老床位120张。"
    assert periods(text) == [("2023H1", "title")]


def test_a_headline_that_states_a_figure_keeps_it() -> None:
    text = "最新数据发布 全市常住人口512.3万人\n2024年末,全市常住人口为512.3万人。"
    assert [(f.value, f.unit, f.period) for f in facts_of(text)] == [(512.3, "万人", "2024"), (512.3, "万人", "2024")]
    assert facts_of("松川区2024年民政工作总结\n全区有敬老院9所。")[0].value == 9


def test_so_far_this_year_in_a_paragraph_standing_at_a_month_end() -> None:
    text = "青山区2024年工作总结\n截至11月底,全区有特困人员412人。今年以来,发放临时救助资金86.5万元。"
    assert [f.period for f in facts_of(text)] == ["2024M11", "2024YTD11"]


@pytest.mark.parametrize(
    ("sentence", "period"),
    [
        ("2023年1月至10月,发放高龄津贴210万元。", "2023YTD10"),
        ("7-9月,新增低保户20户。", "2023Q3"),
        ("7月至12月,新增低保户35户。", "2023H2"),
        ("3月至5月排查隐患12处。", "2023"),
    ],
)
def test_ranges_of_months(sentence: str, period: str) -> None:
    assert only("某县2023年民政工作总结\n" + sentence).period == period


def test_a_quarter_written_as_its_months_governs_its_paragraph() -> None:
    text = "某县2023年民政工作总结\n7-9月,全县新增低保户20户。其中农村低保户16户。\n全县有敬老院9所。"
    assert [f.period for f in facts_of(text)] == ["2023Q3", "2023Q3", "2023"]


def test_history_told_without_figures_does_not_move_a_dated_titles_year() -> None:
    text = "某社区2023年工作总结\n2019年本社区被评为省级文明社区。\n全社区有志愿者86人。"
    assert periods(text) == [("2023", "title")]
    text = "社区工作总结\n2019年本社区被评为省级文明社区。\n全社区有志愿者86人。"
    assert periods(text) == [("2019", "paragraph")]
