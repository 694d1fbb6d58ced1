"""Kinds from the document: goal lists, quotas named beside their figure, and plan documents whose title stands
below a cover letter."""

from __future__ import annotations

from tests.text.conftest import facts_of


def kinds(text: str) -> list[tuple[float, str]]:
    return [(f.value, f.kind) for f in facts_of(text)]


def test_a_list_of_goals_under_an_opening_line() -> None:
    text = (
        "2025年全市发展目标\n会议提出,今年全市主要预期目标是:\n◆地区生产总值增长5.5%左右;\n"
        "◆城镇新增就业8万人以上;\n◆粮食产量260万吨。\n上年全市粮食产量251万吨。"
    )
    assert kinds(text) == [(5.5, "target"), (8, "target"), (260, "target"), (251, "actual")]


def test_goals_listed_after_a_comma_and_cut_by_semicolons_until_the_full_stop() -> None:
    text = (
        "县人代会通过了年度预期目标,就是生产总值达52亿元;财政收入达3.1亿元;新增就业4200人。上半年完成生产总值24亿元。"
    )
    assert kinds(text) == [(52, "target"), (3.1, "target"), (4200, "target"), (24, "actual")]


def test_quotas_handed_down_are_targets_and_their_completion_is_actual() -> None:
    text = "上级下达的康复任务包括:一是精神残疾人药费补助900人,其中省定任务400人;二是儿童康复60人。"
    assert kinds(text) == [(900, "target"), (400, "target"), (60, "target")]
    text = "全年完成康复训练96人,远超下达的40人任务数。"
    assert kinds(text) == [(96, "actual"), (40, "target")]
    text = "城镇新增就业2100人,为全年目标任务1500人的140%。"
    assert kinds(text) == [(2100, "actual"), (1500, "target"), (140, "actual")]


def test_a_plan_whose_title_stands_below_its_cover_letter() -> None:
    text = (
        "某人社[2019]7号\n各处室:\n现将今年的目标任务分解为30项,请抓好落实。\n"
        "全省2019年就业工作目标任务分解方案\n1.城镇新增就业90万人。\n2.农村劳动力转移培训20万人。"
    )
    assert kinds(text) == [(30, "actual"), (90, "target"), (20, "target")]


def test_a_goal_with_its_full_stop_closes_at_once() -> None:
    assert kinds("目标是家庭医生签约率达到75%。\n全区有家庭医生团队42个。") == [(75, "target"), (42, "actual")]


def test_a_plan_named_in_a_title_of_a_document_is_no_cue() -> None:
    assert kinds("按照《全区2021-2025年养老服务规划》,新建社区养老服务站6个。") == [(6, "actual")]


def test_a_figure_for_a_later_year_than_the_reports_is_a_goal() -> None:
    text = "某区2023年工作总结\n全区有养老床位3100张,到2027年全区养老床位达到5000张。明年新建社区食堂8个。"
    assert [(f.value, f.period, f.kind) for f in facts_of(text)] == [
        (3100, "2023", "actual"),
        (5000, "2027", "target"),
        (8, "2024", "target"),
    ]
