"""The number macros agree with warehouse.units (format_number, humanize) and render what reports print."""

from __future__ import annotations

import itertools

import duckdb
import pytest

from warehouse import units

COVERS = ("num_fixed", "num_format", "num_humanize", "num_humanize_as", "num_places", "num_trim_zeros")

VALUES = [
    0.0,
    0.05,
    0.004,
    0.005,
    2.675,
    2.5,
    -2.5,
    12.5,
    999.5,
    9999,
    12345,
    99999.5,
    216000,
    1395700,
    1.3e8,
    123456.789,
    -1234567.891,
    1e12,  # 1e15亿元 is beyond what a double prints exactly
    0.1 + 0.2,
    720234,
    929000,
    123456789,
    1234567.5,
    1.0005,
    5.05,
    -0.041,
]
PLACES = [0, 1, 2, 3]


def test_num_format_and_fixed_agree_with_format_number(sqlcon: duckdb.DuckDBPyConnection) -> None:
    cases = list(itertools.product(VALUES, PLACES))
    got = sqlcon.execute(
        "select num_format(x, d), num_fixed(x, d) from (select unnest(?::double[]) as x, unnest(?::integer[]) as d)",
        [[c[0] for c in cases], [c[1] for c in cases]],
    ).fetchall()
    for (x, d), (formatted, fixed) in zip(cases, got, strict=True):
        want = units.format_number(x, d)
        assert formatted == want, (x, d)
        assert fixed == want.replace(",", ""), (x, d)


def test_num_fixed_edges(sqlcon: duckdb.DuckDBPyConnection) -> None:
    row = sqlcon.execute(
        "select num_fixed(null, 2), num_fixed(12.5, null), num_fixed(1.25, -1), num_fixed(1, 12), num_fixed(-0.04, 1)"
    ).fetchone()
    assert row == (None, "13", "1", "1.0000000000", "-0.0")  # as Decimal says


UNITS = ["元", "万元", "亿元", "千元", "人", "万人", "户", "人次", "个", "%", "篮", "所"]


def test_num_humanize_agrees_with_humanize(sqlcon: duckdb.DuckDBPyConnection) -> None:
    cases = list(itertools.product(VALUES, UNITS, [None, 0, 1, 2]))
    got = sqlcon.execute(
        "select num_humanize(x, u, d) "
        "from (select unnest(?::double[]) as x, unnest(?::varchar[]) as u, unnest(?::integer[]) as d)",
        [[c[0] for c in cases], [c[1] for c in cases], [c[2] for c in cases]],
    ).fetchall()
    for (x, u, d), (text,) in zip(cases, got, strict=True):
        want = units.humanize(x, u, d)
        assert text == want, (x, u, d)


@pytest.mark.parametrize(
    ("args", "expected"),
    [
        ((1395700, "元", "元", 1.0, "money", 0, 2), "139.57万元"),
        ((216000, "人", "人", 1.0, "count", 0, 2), "21.6万人"),
        ((2.5, "亿元", "元", 1e8, "money", 2, 4), "2.50亿元"),  # already in 亿: its own places, nothing dropped
        ((0.47, "万人", "人", 1e4, "count", 2, 2), "0.47万人"),
        ((11.8, "万元", "元", 1e4, "money", 2, 4), "11.80万元"),
        ((720234, "人", "人", 1.0, "count", 0, 4), "72.0234万人"),  # 万 only because no digit is lost
        ((720234, "人", "人", 1.0, "count", 0, 2), "720,234人"),
        ((929000, "千元", "元", 1e3, "money", 0, 4), "9.29亿元"),
        ((123456789, "元", "元", 1.0, "money", 0, 4), "12,345.6789万元"),
        ((1234567.5, "元", "元", 1.0, "money", 1, 4), "1,234,567.5元"),
        ((12345, "所", "所", 1.0, "count", 0, 2), "12,345所"),
        ((None, "人", "人", 1.0, "count", 0, 2), None),
    ],
)
def test_num_humanize_as(sqlcon: duckdb.DuckDBPyConnection, args: tuple[object, ...], expected: str | None) -> None:
    assert sqlcon.execute("select num_humanize_as(?, ?, ?, ?, ?, ?, ?)", list(args)).fetchone()[0] == expected


@pytest.mark.parametrize(
    ("x", "expected"), [(5.2, 1), (304, 0), (0.35, 2), (1e-07, 7), (0.47, 2), (1500.0, 0), (None, None)]
)
def test_num_places(sqlcon: duckdb.DuckDBPyConnection, x: float | None, expected: int | None) -> None:
    assert sqlcon.execute("select num_places(?::double)", [x]).fetchone()[0] == expected


@pytest.mark.parametrize(
    ("s", "expected"), [("139.50", "139.5"), ("21.00", "21"), ("1,200", "1,200"), ("0.0", "0"), (None, None)]
)
def test_num_trim_zeros(sqlcon: duckdb.DuckDBPyConnection, s: str | None, expected: str | None) -> None:
    assert sqlcon.execute("select num_trim_zeros(?::varchar)", [s]).fetchone()[0] == expected
