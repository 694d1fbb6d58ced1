"""Kind: actual figures, targets (计划, 力争, 目标, 预计, 需, plan sections and plan documents) and relative facts."""

from __future__ import annotations

import pytest

from tests.text.conftest import facts_of, only


@pytest.mark.parametrize(
    "text",
    [
        "计划新建村级养老服务站8个。",
        "力争全年新增城镇就业2500人。",
        "目标是家庭医生签约率达到75%。",
        "预计全年发放救助资金320万元。",
        "全年计划培训家政人员600人次。",
        "项目共需资金480万元。",
    ],
)
def test_target_cues(text: str) -> None:
    assert only(text).kind == "target"


@pytest.mark.parametrize(
    "text",
    [
        "全县有养老机构12家。",
        "按计划推进,已建成养老服务站8个。",
        "计划生育特别扶助对象215人。",
        "社区建设行动计划已完成项目14个。",
    ],
)
def test_actual_figures(text: str) -> None:
    assert only(text).kind == "actual"


def test_requirement_covers_its_own_amount_not_the_sources_listed_after_it() -> None:
    fs = facts_of("项目共需资金300万元,省级补助180万元,县级安排120万元。")
    assert [f.kind for f in fs] == ["target", "actual", "actual"]


def test_plan_section_makes_targets() -> None:
    text = "一、上半年工作完成情况\n全县新增就业1200人。\n二、下半年工作计划\n新建社区食堂6个。"
    assert [f.kind for f in facts_of(text)] == ["actual", "target"]


def test_plan_document_makes_targets() -> None:
    fs = facts_of("某县2025年民政工作要点\n新增养老床位300张,建成儿童之家20个。")
    assert {f.kind for f in fs} == {"target"}


@pytest.mark.parametrize(
    "text",
    [
        "本科上线率高出全市平均水平4.2个百分点。",
        "低保标准比省定标准提高了40元。",
        "退役士兵安置超省核定数12人。",
    ],
)
def test_relative_to_a_benchmark(text: str) -> None:
    f = only(text)
    assert f.kind == "relative" and f.change is None


def test_parts_of_a_target_are_targets() -> None:
    fs = facts_of("计划投资550万元,其中省级资金300万元。")
    assert [f.kind for f in fs] == ["target", "target"]
