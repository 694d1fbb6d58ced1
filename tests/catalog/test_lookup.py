"""Lookups: indicators by code, name, alias and normalised name; regions by code, name and short name; domains."""

from __future__ import annotations

import pytest

from ingest.catalog import Catalog


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("urban_dibao_households", "urban_dibao_households"),  # code
        ("URBAN_DIBAO_HOUSEHOLDS", "urban_dibao_households"),  # code, any case
        ("城市低保户数", "urban_dibao_households"),  # name
        ("城市低保户", "urban_dibao_households"),  # alias
        ("城市居民最低生活保障户数", "urban_dibao_households"),  # alias
        ("全区城市低保户", "urban_dibao_households"),  # normalised: own-region prefix
        ("我县共有城市低保户数", "urban_dibao_households"),  # normalised: prefixes and trailing 数
        ("城市低保户总数", "urban_dibao_households"),
        (" 城市低保户 ", "urban_dibao_households"),  # spaces
        ("床位数（张）", "hospital_beds"),  # full-width brackets holding the unit
        ("年末户籍人口", "registered_population"),
        ("新增就业人数", "urban_new_jobs"),  # 新增 kept: it is part of the name
        ("ＧＤＰ", "gdp"),  # full-width letters
        ("累计发放低保金", "dibao_funds"),
        ("社区卫生服务中心(站)", "community_health_centres"),
        ("接收退役士兵人数", "veterans_resettled"),  # loose: a trailing 人数 against an alias without it
        ("残疾人人数", "disabled_persons"),
    ],
)
def test_indicator_lookup(catalog: Catalog, text: str, code: str) -> None:
    found = catalog.indicator(text)
    assert found is not None, text
    assert found.code == code


def test_unknown_indicator_is_none(catalog: Catalog) -> None:
    assert catalog.indicator("全区共有无人机表演队") is None
    assert catalog.indicator("") is None


def test_urban_and_rural_stay_apart(catalog: Catalog) -> None:
    codes = {catalog.indicator(n).code for n in ("城市低保户", "农村低保户", "低保户", "城市低保对象", "低保对象")}
    assert len(codes) == 5


def test_domain_lookup(catalog: Catalog) -> None:
    assert catalog.domain("edu").name == "教育"
    assert catalog.domain("教育").code == "edu"
    assert catalog.domain("EDU").code == "edu"
    assert catalog.domain("社保").code == "social_sec"
    assert catalog.domain("优抚").code == "veteran"
    assert catalog.domain("航天") is None


@pytest.mark.parametrize(
    ("text", "parent", "code"),
    [
        ("440308", None, "440308"),
        ("440308000000", None, "440308"),  # 12-digit statistical code of a county
        ("4403", None, "440300"),
        ("44", None, "440000"),
        ("盐田区", None, "440308"),
        ("盐田", None, "440308"),  # short name, unique in China
        ("盐田区", "440300", "440308"),
        ("深圳市盐田区", None, "440308"),  # names run together
        ("广东深圳盐田", None, "440308"),
        ("深圳", None, "440300"),
        ("广东", None, "440000"),
        ("北京", None, "110000"),
        ("吉林", None, "220000"),  # the province; the city keeps its 市
        ("吉林市", None, "220200"),
        ("朝阳区", "北京市", "110105"),
        ("朝阳区", "110000", "110105"),
        ("朝阳区", "长春市", "220104"),
        ("朝阳", "北京", "110105"),  # short name, preferring children of the parent
        ("朝阳", "辽宁省", "211300"),
        ("鼓楼区", "南京", "320106"),
        ("鼓楼区", "江苏省徐州市", "320302"),
        ("东莞市", "440308", "441900"),
        ("盐田", "440308-海山街道-梅沙社区", "440308"),  # a loader-made slug parent: its catalogue ancestor counts
        ("朝阳", "110000-某街道", "110105"),  # a full name elsewhere still resolves with another parent
        ("襄樊市", None, "420600"),  # old name (2010) → successor
        ("高新区", "平顶山市", "410400-平顶山高新技术产业开发区"),
        ("土右旗", None, "150221"),  # jionlp's 旗 abbreviations
    ],
)
def test_region_lookup(catalog: Catalog, text: str, parent: str | None, code: str) -> None:
    found = catalog.region(text, parent=parent)
    assert found is not None, (text, parent)
    assert found.code == code


@pytest.mark.parametrize(
    ("text", "parent"),
    [
        ("朝阳区", None),  # Beijing and Changchun
        ("鼓楼区", None),
        ("鼓楼区", "江苏省"),  # Nanjing and Xuzhou
        ("盐田", "110000"),  # a short name outside the parent does not count
        ("海山街道", "440308"),  # streets are not in the catalogue
        ("999999", None),
        ("", None),
    ],
)
def test_region_lookup_refuses_to_guess(catalog: Catalog, text: str, parent: str | None) -> None:
    assert catalog.region(text, parent=parent) is None


def test_hierarchy_county_city_province(catalog: Catalog) -> None:
    county = catalog.region("盐田区")
    city = catalog.regions[county.parent_code]
    province = catalog.regions[city.parent_code]
    assert (county.level, city.level, province.level) == ("县", "市", "省")
    assert (city.name, province.name, province.parent_code) == ("深圳市", "广东省", None)


def test_municipality_districts_hang_under_the_province(catalog: Catalog) -> None:
    chaoyang = catalog.region("110105")
    assert chaoyang.parent_code == "110000"
    assert catalog.regions["110000"].level == "省"


def test_children(catalog: Catalog) -> None:
    shenzhen = catalog.children("440300")
    names = [r.name for r in shenzhen]
    assert "盐田区" in names and "福田区" in names
    assert [r.code for r in shenzhen] == sorted(r.code for r in shenzhen)
    assert all(r.parent_code == "440300" for r in shenzhen)
    assert catalog.children("440308") == []
    provinces_children = {r.level for r in catalog.children("440000")}
    assert provinces_children == {"市"}


def test_changed_regions_keep_their_history(catalog: Catalog) -> None:
    luzhou = catalog.region("潞州区")
    assert luzhou.valid_from is not None and luzhou.valid_from.year == 2018
    assert "城区" in luzhou.aliases
    assert catalog.region("城区", parent="长治市").code == luzhou.code
    assert catalog.region("城区", parent="阳泉市").name == "城区"  # a real 城区 elsewhere keeps its own name
