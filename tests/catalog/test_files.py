"""The shipped catalogue files: they parse, and they hold the indicators reports use most."""

from __future__ import annotations

import re
from collections import Counter

from ingest.catalog import LEVELS, MEASURES, Catalog, normalise_indicator_name
from warehouse import paths

# Indicator names common in work reports and communiqués: every one must resolve to a catalogue indicator.
REQUIRED_NAMES = [
    "户籍人口", "常住人口", "出生人口", "城镇化率", "户籍户数", "学校数", "中小学数", "幼儿园数",
    "在校学生", "在园幼儿", "专任教师", "新增学位", "入学率", "巩固率", "升学率", "本科上线率",
    "医疗机构数", "社区卫生服务中心", "社区卫生服务站", "床位数", "卫生技术人员", "家庭医生签约率",
    "孕产妇死亡率", "城市低保户数", "农村低保户数", "低保户数", "低保人数", "城市低保人数",
    "农村低保人数", "低保金", "低保金发放", "月人均补差", "特困供养人数", "五保户", "临时救助人次",
    "临时救助资金", "医疗救助人次", "医疗救助资金", "敬老院", "养老机构", "养老床位", "社区数",
    "社会组织数", "残疾人数", "重度残疾人补助人数", "康复服务人数", "残疾人就业", "优抚对象", "抚恤金",
    "抚恤金发放", "退役士兵安置", "安置率", "义务兵家庭优待金", "城镇新增就业", "城镇登记失业率",
    "培训人次", "养老保险参保人数", "参保率", "医保参保人数", "医保参保率", "公共图书馆",
    "文化活动场次", "体育场馆", "健身路径", "网吧", "娱乐场所", "保障性住房", "危房改造",
    "公共租赁住房", "避灾中心", "避灾安置场所", "综合减灾示范社区", "信访", "湿地面积", "自然保护区",
    "绿化覆盖率", "地区生产总值", "一般公共预算收入", "居民人均可支配收入",
]  # fmt: skip


def test_files_parse_with_enough_entries(catalog: Catalog) -> None:
    assert len(catalog.domains) >= 10
    assert len(catalog.indicators) >= 100
    assert len(catalog.regions) > 3000
    assert catalog.folder == paths.catalog_dir().resolve()
    assert len(catalog.content_hash) == 64


def test_every_indicator_is_well_formed(catalog: Catalog) -> None:
    for ind in catalog.indicators.values():
        assert re.fullmatch(r"[a-z][a-z0-9_]*", ind.code), ind.code
        assert ind.domain in catalog.domains, ind.code
        assert ind.measure in MEASURES, ind.code
        assert ind.unit, ind.code
        assert ind.description and ind.description.endswith("。"), ind.code
        if ind.measure in ("rate", "average"):
            assert not ind.additive, f"{ind.code}: a {ind.measure} never sums over regions"
        if ind.measure == "rate":
            assert ind.unit in ("%", "‰", "1/10万"), ind.code
        assert ind.yoy_bound is None or ind.yoy_bound > 1


def test_no_spelling_maps_to_two_indicators(catalog: Catalog) -> None:
    owners: dict[str, set[str]] = {}
    normalised: dict[str, set[str]] = {}
    for ind in catalog.indicators.values():
        for spelling in (ind.name, *ind.aliases):
            owners.setdefault(spelling, set()).add(ind.code)
            normalised.setdefault(normalise_indicator_name(spelling), set()).add(ind.code)
    assert {s: c for s, c in owners.items() if len(c) > 1} == {}
    assert {s: c for s, c in normalised.items() if len(c) > 1} == {}


def test_common_report_indicators_are_covered(catalog: Catalog) -> None:
    missing = [name for name in REQUIRED_NAMES if catalog.indicator(name) is None]
    assert missing == []


def test_measures_follow_the_phrasing_conventions(catalog: Catalog) -> None:
    expected = {
        "学校数": "stock", "低保户数": "stock", "在校学生": "stock", "床位数": "stock", "低保金": "flow",
        "城镇新增就业": "flow", "出生人口": "flow", "月人均补差": "average", "居民人均可支配收入": "average",
        "参保率": "rate", "入学率": "rate", "城镇化率": "rate", "孕产妇死亡率": "rate", "地区生产总值": "flow",
    }  # fmt: skip
    got = {name: catalog.indicator(name).measure for name in expected}
    assert got == expected
    assert catalog.indicator("孕产妇死亡率").unit == "1/10万"


def test_domains_cover_the_policy_areas(catalog: Catalog) -> None:
    names = {d.name for d in catalog.domains.values()}
    assert {"人口", "教育", "卫生健康", "民政", "残疾人", "退役军人", "就业", "社会保障", "文化体育", "住房"} <= names
    assert {"公共安全", "生态环境", "综合"} <= names
    assert Counter(i.domain for i in catalog.indicators.values()).keys() == catalog.domains.keys()
    sorts = [d.sort for d in catalog.domains.values()]
    assert len(set(sorts)) == len(sorts)


def test_web_copy_swaps_are_absorbed(catalog: Catalog) -> None:
    assert catalog.indicator("方案生育率").code == "family_planning_rate"
    assert catalog.indicator("社区卫生效劳中心").code == "community_health_centres"
    assert catalog.indicator("根底养老金").code == "resident_basic_pension"
    assert catalog.domain("方案生育").code == "health"


def test_regions_have_levels_and_a_tree(catalog: Catalog) -> None:
    levels = Counter(r.level for r in catalog.regions.values())
    assert levels["省"] == 34 and levels["市"] > 300 and levels["县"] > 2800
    assert set(levels) <= set(LEVELS)
    roots = [r for r in catalog.regions.values() if r.parent_code is None]
    assert all(r.level == "省" for r in roots)


def test_regions_csv_stays_small_and_documented() -> None:
    folder = paths.catalog_dir()
    assert (folder / "regions.csv").stat().st_size < 300_000
    source = (folder / "regions.SOURCE.md").read_text(encoding="utf-8")
    catalog = Catalog.load()
    levels = Counter(r.level for r in catalog.regions.values())
    for level, n in levels.items():
        assert f"| {level} | {n} |" in source, f"regions.SOURCE.md does not state {level} = {n}"
    assert "jionlp" in source and "1.5.31" in source and "Apache" in source
