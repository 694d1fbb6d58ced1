"""Entries for names met during ingest: codes and guessed measure, decimals and level."""

from __future__ import annotations

import pytest

from ingest.catalog import Catalog


@pytest.mark.parametrize(
    ("name", "unit", "measure", "decimals"),
    [
        ("无人机表演覆盖率", "%", "rate", 1),
        ("志愿者注册率", None, "rate", 1),
        ("重点人群签约服务比例", "%", "rate", 1),
        ("独生子女父母奖励标准", "元/人", "average", 0),
        ("人均受教育年限", "年", "average", 0),
        ("发放节日慰问金", "万元", "flow", 2),
        ("新增停车位", "个", "flow", 0),
        ("接待来访群众", "人次", "flow", 0),
        ("举办讲座", "场", "flow", 0),
        ("困难群众慰问", "户次", "flow", 0),
        ("老年活动中心", "个", "stock", 0),
        ("志愿服务队伍", "支", "stock", 0),
        ("村级集体经济总收入", "亿元", "flow", 2),
    ],
)
def test_new_indicator_guesses(catalog: Catalog, name: str, unit: str | None, measure: str, decimals: int) -> None:
    ind = catalog.new_indicator(name, unit)
    assert (ind.measure, ind.decimals) == (measure, decimals)
    assert ind.code == ind.name == name
    assert ind.additive is False and ind.domain is None


def test_new_indicator_code_is_the_normalised_name(catalog: Catalog) -> None:
    ind = catalog.new_indicator(" 全区共有老年活动中心数 ", "个", domain="民政")
    assert ind.code == "老年活动中心"
    assert ind.name == "全区共有老年活动中心数"
    assert ind.domain == "civil"
    assert catalog.new_indicator("某指标", "个", domain="航天").domain is None


def test_new_region_codes_and_levels(catalog: Catalog) -> None:
    street = catalog.new_region("海山街道", "440308")
    assert (street.code, street.name, street.level, street.parent_code) == (
        "440308-海山街道",
        "海山街道",
        "乡",
        "440308",
    )
    village = catalog.new_region("梅沙社区", street.code)
    assert (village.code, village.level) == ("440308-海山街道-梅沙社区", "村")
    assert catalog.new_region("某开发区", "440300").level == "县"  # one below a 市 parent
    assert catalog.new_region("某片区", "440308").level == "乡"
    assert catalog.new_region("某地", None).code == "某地"
    assert catalog.new_region("某地", None).level is None
    assert catalog.new_region("某地", "440308", level="村").level == "村"
