"""总览: headline counts with links to the problems, and the latest figure of each indicator with its phrase."""

from __future__ import annotations

from apptest import AppFactory, assert_clean, qp
from apptest import shown as plain


def metrics(at: object) -> dict[str, tuple[str, str]]:
    return {plain(m.label): (plain(m.value), plain(m.proto.delta)) for m in at.metric}  # type: ignore[attr-defined]


def test_counts_link_to_what_needs_checking(app: AppFactory) -> None:
    at = app("app_pages/overview.py")
    assert_clean(at)
    shown = metrics(at)
    assert shown["来源文件"][0] == "2"
    assert shown["存疑数值"][0] == "1"
    assert shown["增减说法不一致"][0] == "2"
    links = {link.value: link.proto for link in at.page_link}
    assert "核查存疑数值" in links and "核查不一致" in links
    assert "tab=suspect" in links["核查存疑数值"].query_string
    assert "tab=inconsistent" in links["核查不一致"].query_string


def test_latest_figures_with_their_phrases(app: AppFactory) -> None:
    at = app("app_pages/overview.py", region="990102")
    assert_clean(at)
    assert at.subheader[0].value == "青岚市 › 澄湖区 · 主要指标（最新年度数据）"
    shown = metrics(at)
    assert shown["城市低保户数"] == ("800户", "较上年减少52户")
    assert shown["低保金发放"][0] == "1,234.50万元"  # the indicator's two decimals of 万元
    assert shown["学校数"] == ("16所", "无上年同期数据")
    assert any(c.value.startswith("数据期：2023年") for c in at.caption)  # once, not truncated on every card
    descriptions = {plain(m.label): plain(m.proto.delta_description) for m in at.metric}
    assert descriptions["城市低保户数"] == ""
    assert [t.label for t in at.tabs] == ["教育（2）", "民政（2）"]
    assert qp(at, "region") == ["990102"]


def test_a_period_kind_without_data_is_an_empty_state(app: AppFactory) -> None:
    at = app("app_pages/overview.py", region="990103", period="M")
    assert_clean(at)
    assert at.info[0].value.startswith("该地区没有月度数据")


def test_a_parent_without_its_own_figure_shows_its_childrens_sum(app: AppFactory) -> None:
    """青岚市 states no 低保金发放: the card sums its districts, labelled 下级合计; a rate is never summed."""
    at = app("app_pages/overview.py", region="990100", period="Y")
    assert_clean(at)
    cards = {plain(m.label): m for m in at.metric}
    funds = cards["低保金发放（下级合计）"]
    assert plain(funds.value) == "2,194.50万元"  # 澄湖区 1,234.5 + 枫林区 960
    assert plain(funds.delta) == "较上年增长7.0%"  # against 1,130 + 920 in 2022
    assert "城市低保户数" in cards  # the city's own figure, not a sum
    assert not any(label.startswith("小学入学率") for label in cards)  # rates do not add up
