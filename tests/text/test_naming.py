"""Which indicator a number measures: the noun phrase before (or after a verb, after) it, shared subjects,
其中 parts with their whole, 分别 lists and quoted list counts."""

from __future__ import annotations

from tests.text.conftest import facts_of, only, triples


def test_subject_before_the_number_without_fluff() -> None:
    assert only("全县现有在园幼儿8460人。").indicator == "在园幼儿"
    assert only("截至目前,我镇共有村级老年协会23个。").indicator == "村级老年协会"
    assert only("1-9月累计发放临时救助金46.2万元。").indicator == "发放临时救助金"


def test_object_after_a_verb() -> None:
    assert only("今年新建3个社区养老驿站。").indicator == "新建社区养老驿站"
    assert only("为126名残疾人适配了辅助器具。").indicator == "残疾人适配辅助器具"


def test_list_sharing_a_subject_names_each_measure() -> None:
    assert triples("全镇有特困供养对象64户、71人。") == [
        ("特困供养对象户数", 64, "户"),
        ("特困供养对象人数", 71, "人"),
    ]


def test_clause_chain_lends_the_topic_to_a_generic_name() -> None:
    out = triples("全县有养老机构9家,床位1260张,入住老人730人。")
    assert out == [("养老机构", 9, "家"), ("养老机构床位", 1260, "张"), ("入住老人", 730, "人")]


def test_qiwhong_parts_point_to_their_whole() -> None:
    fs = facts_of("全县有中小学42所,其中小学30所,初中12所。")
    assert [(f.indicator, f.value, f.parent) for f in fs] == [("中小学", 42, None), ("小学", 30, 0), ("初中", 12, 0)]


def test_parenthesised_parts_point_to_the_fact_before_them() -> None:
    fs = facts_of("在校学生9800人(高中2100人,初中7700人),教师760人。")
    assert [(f.indicator, f.parent) for f in fs] == [
        ("在校学生", None),
        ("高中在校学生", 0),
        ("初中在校学生", 0),
        ("教师", None),
    ]


def test_qizhong_list_ends_at_a_new_statement() -> None:
    fs = facts_of("全年出生人口420人,其中二孩180人,城乡居民基本医疗保险目前维持参保人数3万人。")
    assert [f.parent for f in fs] == [None, 0, None]


def test_fenbie_names_each_value_by_its_list_item() -> None:
    assert triples("小学、初中和高中巩固率分别为99.8%、99.1%和96%。") == [
        ("小学巩固率", 99.8, "%"),
        ("初中巩固率", 99.1, "%"),
        ("高中巩固率", 96, "%"),
    ]


def test_quoted_list_count_gives_every_listed_rate_the_shared_value() -> None:
    assert triples("全县适龄儿童入学率、巩固率、毕业率实现“三个100%”。") == [
        ("适龄儿童入学率", 100, "%"),
        ("适龄儿童巩固率", 100, "%"),
        ("适龄儿童毕业率", 100, "%"),
    ]


def test_rate_after_a_count_takes_the_counts_qualifier() -> None:
    out = triples("职业院校毕业生就业人数860人,就业率95.2%。")
    assert out[1] == ("职业院校毕业生就业率", 95.2, "%")


def test_nominalised_de_counts_part_of_the_last_thing_named() -> None:
    out = triples("全区有健身场馆14个,已免费开放的有9个。")
    assert out[1][0].startswith("健身场馆")


def test_list_marker_and_region_are_not_part_of_the_name() -> None:
    text = "3、全区现有社区书屋30个。\n(二)城东街道有社区12个。"
    assert [f.indicator for f in facts_of(text)] == ["社区书屋", "社区"]


def test_label_before_a_bracketed_count() -> None:
    fs = facts_of("全区有优抚对象412人,其中烈属(35人)、伤残军人(120人)享受定期补助。")
    assert [(f.indicator, f.value, f.parent) for f in fs] == [
        ("优抚对象", 412, None),
        ("烈属优抚对象", 35, 0),
        ("优抚对象中伤残军人", 120, 0),
    ]


def test_household_word_counted_in_people_names_the_people() -> None:
    assert only("全镇有五保户86人。").indicator == "五保人数"


def test_rate_after_a_verb_object_count_names_the_object() -> None:
    assert triples("全年安置退役士兵46名,安置率100%。")[1] == ("退役士兵安置率", 100, "%")
