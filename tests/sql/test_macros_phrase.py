"""change_phrase, change_phrase_nbs and change_phrase_as: every branch of the phrase rules (docs/display.md)."""

from __future__ import annotations

import duckdb
import pytest

COVERS = ("change_phrase", "change_phrase_nbs", "change_phrase_styled", "change_phrase_as", "num_places_max")

LOCAL = [
    # measure, period, value, prior, unit, decimals → phrase
    (("stock", "2023", 18, 16, "所", 0), "较上年增加2所"),
    (("stock", "2023", 800, 852, "户", 0), "较上年减少52户"),
    (("stock", "2023", 65, 65, "个", 0), "与上年持平"),
    (("stock", "2023", 20.004, 20.001, "万人", 2), "较上年增加0.003万人"),  # the values' own decimals
    (("stock", "2023", 20.0000000001, 20, "万人", 2), "与上年持平"),  # no change after rounding
    (("stock", "2023Q2", 100, 90, "人", 0), "较上年同期增加10人"),
    (("stock", "2023M05", 90, 90, "人", 0), "与上年同期持平"),
    (("stock", "2023", 20000, 12345, "人", 0), "较上年增加7,655人"),  # thousands separators
    (("stock", "2023", 1216000, 1000000, "人", 0), "较上年增加21.6万人"),  # 万 for people from 10万
    (("stock", "2023", 250000, 100000, "户", 0), "较上年增加15万户"),
    (("stock", "2023", 2395700, 1000000, "元", 0), "较上年增加139.57万元"),  # 万 for money from 1万
    (("stock", "2023", 3e8, 1e8, "元", 0), "较上年增加2亿元"),
    (("stock", "2023", 20.02, 19.55, "万人", 2), "较上年增加0.47万人"),
    (("stock", "2023", 12.5, 10, "人", 0), "较上年增加2.5人"),  # stated digits are kept
    (("stock", "2023", 20.125, 20, "万人", 2), "较上年增加0.125万人"),
    (("stock", "2023", 72.5, 84.3, "万元", 2), "较上年减少11.80万元"),
    (("stock", "2023", 3, 0, "个", 0), "较上年新增3个"),  # prior 0: 新增, no percent
    (("stock", "2023", 5, 3, "篮", 0), "较上年增加2篮"),  # a unit the unit table does not know
    (("flow", "2023", 105.2, 100, "万元", 1), "较上年增长5.2%"),
    (("flow", "2023H1", 96.9, 100, "万元", 1), "较上年同期下降3.1%"),
    (("flow", "2023YTD05", 110, 100, "万元", 1), "较上年同期增长10.0%"),
    (("flow", "2023", 1234.5, 1140, "万元", 2), "较上年增长8.3%"),  # percent: one decimal always
    (("flow", "2023", 84.3, 72.5, "万元", 2), "较上年增长16.3%"),
    (("flow", "2023", 84.3, 72.5, "万元", None), "较上年增长16.3%"),  # uncatalogued alike
    (("flow", "2023", 2.06, 1, "万元", 2), "较上年增长1.06倍"),
    (("flow", "2023", 105.05, 100, "万元", 1), "较上年增长5.1%"),  # 5.05 rounds half up
    (("flow", "2023", 100.04, 100, "万元", 1), "与上年持平"),
    (("flow", "2023Q3", 100.04, 100, "万元", 1), "与上年同期持平"),
    (("flow", "2023", 206, 100, "万元", 1), "较上年增长1.06倍"),  # from +100%: 倍, two decimals
    (("flow", "2023", 200, 100, "万元", 1), "较上年增长1倍"),
    (("flow", "2023H1", 1100, 500, "万元", 2), "较上年同期增长1.2倍"),
    (("flow", "2023", 0, 100, "万元", 1), "较上年下降100.0%"),  # a fall is always a percent
    (("flow", "2023", 12, 0, "万元", 2), "较上年新增12.00万元"),  # the indicator's two decimals of 万元
    (("stock", "2023", 720234, 0, "人", 0), "较上年新增72.0234万人"),  # 万 where no digit is lost
    (("flow", "2023", 50, -20, "万元", 0), "较上年增加70万元"),  # negative prior: the amount, no percent
    (("average", "2023", 813, 764, "元", 0), "较上年增长6.4%"),
    (("rate", "2023", 99.6, 99.3, "%", 1), "较上年提高0.3个百分点"),
    (("rate", "2024Q2", 2.82, 2.95, "%", 2), "较上年同期降低0.13个百分点"),
    (("rate", "2023", 99.62, 99.6, "%", 1), "较上年提高0.02个百分点"),  # the rates' own decimals
    (("rate", "2023", 3.4, 3.6, "%", 2), "较上年降低0.2个百分点"),
    (("rate", "2023", 97.74, 97.53, "%", 1), "较上年提高0.21个百分点"),
    (("rate", "2023", 10, 5, "%", 1), "较上年提高5个百分点"),
    (("rate", "2023", 97.123, 97.12, "%", 2), "与上年持平"),  # at most two decimals
    (("rate", "2023", 97.125, 97.12, "%", 2), "较上年提高0.01个百分点"),  # 0.005 rounds half up
    (("rate", "2023H1", 97.5, 97.5, "%", 1), "与上年同期持平"),
    (("rate", "2023", 8.5, 8.1, "‰", 1), "较上年提高0.4个千分点"),
    (("rate", "2023", 12.5, 15.0, "1/10万", 1), "较上年降低2.5/10万"),
    (("stock", "2023", 10, None, "人", 0), None),  # no prior → no phrase
    (("flow", "2023", None, 10, "人", 0), None),
    ((None, "2023", 10, 9, "人", 0), None),
]

NBS = [
    (("stock", "2023", 20.02, 19.55, "万人", 2), "比上年末增加0.47万人"),
    (("stock", "2023", 65, 65, "个", 0), "与上年末持平"),
    (("flow", "2023", 105.2, 100, "亿元", 1), "比上年增长5.2%"),
    (("flow", "2025YTD09", 103, 100, "亿元", 1), "同比增长3.0%"),
    (("stock", "2024Q2", 90, 90, "人", 0), "与上年同期持平"),
    (("rate", "2023", 2.72, 3.1, "%", 2), "比上年降低0.38个百分点"),
    (("flow", "2023", 100, 100, "亿元", 1), "与上年持平"),
]


@pytest.mark.parametrize(("args", "expected"), LOCAL)
def test_change_phrase(sqlcon: duckdb.DuckDBPyConnection, args: tuple[object, ...], expected: str | None) -> None:
    got = sqlcon.execute("select change_phrase(?, ?, ?::double, ?::double, ?, ?)", list(args)).fetchone()[0]
    assert got == expected


@pytest.mark.parametrize(("args", "expected"), NBS)
def test_change_phrase_nbs(sqlcon: duckdb.DuckDBPyConnection, args: tuple[object, ...], expected: str | None) -> None:
    got = sqlcon.execute("select change_phrase_nbs(?, ?, ?::double, ?::double, ?, ?)", list(args)).fetchone()[0]
    assert got == expected


def test_change_phrase_as_takes_the_unit_row(sqlcon: duckdb.DuckDBPyConnection) -> None:
    got = sqlcon.execute(
        "select change_phrase_as('local', 'stock', false, 1216000, 1000000, '人', '人', 1.0, 'count', 0), "
        "change_phrase_as('nbs', 'stock', true, 21.6, 20, '万人', '人', 1e4, 'count', 1), "
        "change_phrase_as('local', 'flow', true, 5, 4, '篮', '篮', 1.0, 'other', 0)"
    ).fetchone()
    assert got == ("较上年同期增加21.6万人", "比上年末增加1.6万人", "较上年增长25.0%")


def test_change_phrase_works_on_table_rows(sqlcon: duckdb.DuckDBPyConnection) -> None:
    """Usable from analysts' SQL over many rows (the unit lookup is a correlated subquery)."""
    got = sqlcon.execute(
        "select change_phrase(m, p, v, pv, u, d) from (values ('stock', '2023', 800.0, 852.0, '户', 0), "
        "('flow', '2023H1', 105.2, 100.0, '万元', 1), ('rate', '2023', 99.6, 99.3, '%', 1)) t(m, p, v, pv, u, d)"
    ).fetchall()
    assert [r[0] for r in got] == ["较上年减少52户", "较上年同期增长5.2%", "较上年提高0.3个百分点"]


def test_change_phrase_styled_is_both_styles(sqlcon: duckdb.DuckDBPyConnection) -> None:
    got = sqlcon.execute(
        "select change_phrase_styled('nbs', 'stock', '2023', 20.02, 19.55, '万人', 2), "
        "change_phrase_styled('local', 'stock', '2023', 800, 852, '户', 0)"
    ).fetchone()
    assert got == ("比上年末增加0.47万人", "较上年减少52户")


@pytest.mark.parametrize(
    ("a", "b", "expected"), [(97.53, 97.7, 2), (84.3, 72.5, 1), (0.1 + 0.2, 1, 1), (5, 10, 0), (None, 2.5, 1)]
)
def test_num_places_max(sqlcon: duckdb.DuckDBPyConnection, a: float | None, b: float | None, expected: int) -> None:
    assert sqlcon.execute("select num_places_max(?::double, ?::double)", [a, b]).fetchone()[0] == expected
