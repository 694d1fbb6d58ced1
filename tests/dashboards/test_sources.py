"""来源: the document list, a document opened at a fact's sentence, its record, and report text shown literally."""

from __future__ import annotations

from pathlib import Path

from apptest import AppFactory, assert_clean, texts

from warehouse.store import Warehouse

PAGE = "app_pages/sources.py"
SENTENCE = "全区有城市低保户800户，较上年减少52户"


def fact_id(db: Path, quote: str) -> int:
    return int(Warehouse(db).reader().rows("select id from fact where quote = ?", [quote])[0][0])


def test_lists_every_source_with_counts_and_links(app: AppFactory) -> None:
    at = app(PAGE)
    assert_clean(at)
    docs = at.dataframe[0].value
    assert set(docs["标题"]) == {"民政统计年报表", "澄湖区2023年民政工作总结"}
    report = docs[docs["标题"] == "澄湖区2023年民政工作总结"].iloc[0]
    assert report["类型"] == "报告" and report["数值条数"] == 5 and report["存疑"] == 1
    assert report["打开"] == "sources?source=2"
    assert list(docs.columns)[:2] == ["标题", "打开"]  # the link is visible without scrolling sideways
    table = docs[docs["标题"] == "民政统计年报表"].iloc[0]
    assert table["期间"] == "多期"


def test_a_link_lands_at_the_sentence(app: AppFactory, db: Path) -> None:
    fid = fact_id(db, SENTENCE)
    at = app(PAGE, source="2", fact=str(fid))
    assert_clean(at)
    assert at.subheader[0].value == "澄湖区2023年民政工作总结"
    shown = texts(at)
    assert "定位到的原句" in shown
    assert f":red-background[**{SENTENCE}**]" in shown  # the focused fact, highlighted in its sentence
    record = at.dataframe[1].value
    fields = dict(zip(record["字段"], record["内容"], strict=True))
    assert fields["指标"] == "城市低保户数" and fields["数值"] == "800户"
    assert fields["报告所称变化"] == "较上年减少52户"
    assert fields["事实编号"] == str(fid)
    link = at.page_link[0]
    assert link.value == "在「趋势」中查看该指标"


def test_document_facts_are_listed_with_their_flags(app: AppFactory) -> None:
    at = app(PAGE, source="2")
    facts = at.dataframe[0].value
    assert facts["指标"].tolist()[:2] == ["城市低保户数", "低保金发放"]
    flags = dict(zip(facts["指标"] + facts["数值"], facts["标记"], strict=True))
    assert flags["低保金发放1,234.50万元"] == "说法不一致"
    assert "存疑" in set(facts["标记"])


def test_report_text_is_shown_literally(app: AppFactory) -> None:
    at = app(PAGE, source="2")
    assert_clean(at)
    body = texts(at)
    assert "<script>" not in body and ":red[不是指令]" not in body
    assert "\\<script\\>" in body and "\\*\\*注意\\*\\*" in body  # escaped, so Markdown shows the characters


def test_a_table_source_has_no_text_to_read(app: AppFactory) -> None:
    at = app(PAGE, source="1")
    assert_clean(at)
    assert any(i.value.startswith("这是一份统计表") for i in at.info)


def test_unknown_source_in_link_is_explained(app: AppFactory) -> None:
    at = app(PAGE, source="999", fact="1")
    assert_clean(at)
    assert at.warning[0].value.startswith("没有编号为 999 的来源")


def test_fact_of_another_source_is_explained(app: AppFactory, db: Path) -> None:
    at = app(PAGE, source="1", fact=str(fact_id(db, SENTENCE)))
    assert_clean(at)
    assert "不属于这份来源" in at.warning[0].value
