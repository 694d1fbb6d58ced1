"""A measure stated once names the parts and verbs that follow it: 其中 lists (also across ;), short qualifiers,
verbs whose subject is in an earlier clause, and growths stated after a level."""

from __future__ import annotations

from tests.text.conftest import facts_of


def names(text: str) -> list[tuple[str, float]]:
    return [(f.indicator, f.value) for f in facts_of(text)]


def test_short_qualifiers_take_the_measure_of_the_whole() -> None:
    assert names("今年全市共录取新生1860人,其中本科1240人,专科620人。") == [
        ("录取新生", 1860),
        ("本科录取新生", 1240),
        ("专科录取新生", 620),
    ]


def test_urban_and_rural_parts_replace_the_joint_group() -> None:
    fs = facts_of("全区新增城乡低保对象480户,其中城市120户,农村360户。")
    assert [f.indicator for f in fs] == ["新增城乡低保对象", "新增城市低保对象", "新增农村低保对象"]
    assert [f.parent for f in fs] == [None, 0, 0]


def test_named_parts_after_qizhong_keep_the_whole_and_run_across_semicolons() -> None:
    fs = facts_of("全镇农民人均纯收入9640元,其中务工收入5210元;种植收入2380元;养殖收入负120元。")
    assert [(f.indicator, f.value, f.parent) for f in fs] == [
        ("农民人均纯收入", 9640, None),
        ("农民人均纯收入中务工收入", 5210, 0),
        ("农民人均纯收入中种植收入", 2380, 0),
        ("农民人均纯收入中养殖收入", -120, 0),
    ]


def test_a_list_after_a_full_stop_is_not_a_part() -> None:
    fs = facts_of("全镇农民人均纯收入9640元,其中务工收入5210元;种植收入2380元。新建村道12条。")
    assert fs[-1].indicator == "新建村道" and fs[-1].parent is None


def test_a_kind_of_the_whole_names_itself() -> None:
    assert names("全县有中小学38所,其中小学26所,初中12所。") == [("中小学", 38), ("小学", 26), ("初中", 12)]


def test_a_verb_borrows_the_subject_of_its_part_of_the_sentence() -> None:
    assert names("全县有敬老院5所,床位420张,供养210人;光荣院1所,床位60张,供养35人。") == [
        ("敬老院", 5),
        ("敬老院床位", 420),
        ("敬老院供养", 210),
        ("光荣院", 1),
        ("光荣院床位", 60),
        ("光荣院供养", 35),
    ]


def test_a_verb_and_a_general_object_borrow_the_clause_before() -> None:
    assert names("全年发放困难学生生活补助86万元,受助学生1250人次。")[1] == ("发放困难学生生活补助受助学生", 1250)
    assert names("市住建局开展老旧小区改造,安排资金620万元。") == [("市住建局开展老旧小区改造安排资金", 620)]
    assert names("全年发放小额贷款412笔,带动就业960人。") == [("发放小额贷款", 412), ("发放小额贷款带动就业", 960)]


def test_a_real_growth_after_a_level_names_that_level() -> None:
    fs = facts_of("全市居民人均可支配收入31200元,增长6.4%,扣除价格因素,实际增长4.9%。")
    assert [(f.indicator, f.value) for f in fs] == [("居民人均可支配收入", 31200), ("居民人均可支配收入实际增长", 4.9)]
    assert fs[0].change.amount == 6.4 and fs[1].change.amount == 4.9


def test_amounts_listed_together_share_the_verb_before_and_the_words_after() -> None:
    assert names("全年注销560户、1130人的低保资格。") == [("注销低保资格户数", 560), ("注销低保资格人数", 1130)]
    assert names("对312户、650人提高补助标准。") == [("提高补助标准户数", 312), ("提高补助标准人数", 650)]
    # Nothing after the list: the subject before it names both, as before.
    assert names("有低保户800户、1576人。") == [("低保户数", 800), ("低保人数", 1576)]


def test_each_gives_every_listed_item_the_value() -> None:
    assert names("全年残疾人康复训练和辅具适配各40人。") == [("残疾人康复训练", 40), ("辅具适配", 40)]


def test_a_bare_rate_takes_the_qualifier_of_the_count_before_it_in_per_mille_too() -> None:
    assert names("全县婴儿死亡11人,死亡率为4.6‰。")[1] == ("婴儿死亡率", 4.6)


def test_clothing_keeps_its_second_character() -> None:
    assert names("城镇居民人均衣着支出1260元。") == [("城镇居民人均衣着支出", 1260)]


def test_a_one_character_change_verb_right_before_the_amount() -> None:
    fs = facts_of("全县社会消费品零售总额4120.5万元,同比增6.2%;播种面积3.1万亩,比去年同期减0.2万亩。")
    assert [(f.change.base, f.change.direction, f.change.amount) for f in fs] == [
        ("去年同期", "+", 6.2),
        ("去年同期", "-", 0.2),
    ]


def test_money_given_out_names_the_group_it_was_given_to() -> None:
    assert names("城市特困对象120户160人,一季度发放保障金18.4万元;农村特困对象560户700人,发放保障金64.2万元。") == [
        ("城市特困对象户数", 120),
        ("城市特困对象人数", 160),
        ("城市特困对象发放保障金", 18.4),
        ("农村特困对象户数", 560),
        ("农村特困对象人数", 700),
        ("农村特困对象发放保障金", 64.2),
    ]


def test_what_is_done_for_the_people_counted_names_them() -> None:
    fs = facts_of("为军烈属和重点优抚对象等860人次发放优待金520.6万元。")
    assert [(f.indicator, f.value) for f in fs] == [("军烈属和重点优抚对象发放优待金", 860), ("发放优待金", 520.6)]


def test_a_standard_before_the_act_does_not_lend_its_name() -> None:
    fs = facts_of("为42名孤儿按照1100元/月标准,发放一季度养育金13.86万元。")
    assert [(f.indicator, f.unit) for f in fs] == [
        ("孤儿", "名"),
        ("孤儿标准", "元/月"),
        ("孤儿发放一季度养育金", "万元"),
    ]


def test_a_cumulative_figure_after_a_new_one_keeps_its_own_lead_word() -> None:
    assert names("今年新增发放残疾人证640本,累计发放9800本。") == [
        ("新增发放残疾人证", 640),
        ("累计发放残疾人证", 9800),
    ]
    assert names("全年新增注册志愿者320人,累计达到5600人。") == [("新增注册志愿者", 320), ("累计注册志愿者", 5600)]
    assert names("全区现有志愿者5600人,新增320人。") == [("志愿者", 5600), ("新增志愿者", 320)]


def test_an_opening_clause_without_numbers_names_the_figure_after_it() -> None:
    fs = facts_of("全年新生儿死亡率为0.9‰。全民健身参与率稳步提高,2023年达到41.5%,高于全省。")
    assert [(f.indicator, f.value) for f in fs] == [("新生儿死亡率", 0.9), ("全民健身参与率", 41.5)]


def test_a_label_before_a_colon_names_the_general_words_after_it() -> None:
    assert names("进城务工人员子女参加医保:筹资标准每人180元/年:政府补助每人150元/年,个人缴费30元。") == [
        ("进城务工人员子女参加医保筹资标准每人", 180),
        ("进城务工人员子女参加医保政府补助每人", 150),
        ("进城务工人员子女参加医保个人缴费", 30),
    ]


def test_a_numbered_item_title_names_a_total_of_a_later_sentence() -> None:
    text = "工作总结\n3、农村危房改造。今年改造危房320户。共计投入480万元:省级300、市级100、区级80。"
    assert names(text) == [
        ("改造危房", 320),
        ("农村危房改造投入", 480),
        ("农村危房改造省级", 300),
        ("农村危房改造市级", 100),
        ("农村危房改造区级", 80),
    ]


def test_counted_things_listed_before_each_take_what_was_done_in_each() -> None:
    assert names("全市12个街道、86个社区分别建立了志愿服务站。") == [
        ("街道建立志愿服务站", 12),
        ("社区建立志愿服务站", 86),
    ]


def test_a_share_after_zhan_without_its_percent_sign() -> None:
    fs = facts_of("全县持证残疾人3200人,其余三个乡约占38.6,城镇人口占58.2%。")
    assert [(f.indicator, f.value, f.unit, f.approx) for f in fs][1:] == [
        ("其余三个乡占比", 38.6, "%", "约"),
        ("城镇人口占比", 58.2, "%", None),
    ]


def test_a_part_of_a_part_is_named_by_its_own_whole() -> None:
    assert names("全区有中小学32所,其中直属学校7所(高完中2所,九年一贯制学校1所),街道学校8所。") == [
        ("中小学", 32),
        ("中小学中直属学校", 7),
        ("直属学校中高完中", 2),
        ("直属学校中九年一贯制学校", 1),
        ("中小学中街道学校", 8),
    ]


def test_parts_that_name_themselves_stay_so_when_the_whole_is_split_by_measure() -> None:
    # 户 and 人 of one subject make the whole 低保户数 / 低保人数; its parts still name themselves
    names = [f.indicator for f in facts_of("全县有低保户500户、980人，其中城市低保户120户、农村低保户380户。")]
    assert names[2:] == ["城市低保户", "农村低保户"]
