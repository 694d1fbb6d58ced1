"""The period macros agree with warehouse.periods on many codes: canonical, odd but valid, and invalid."""

from __future__ import annotations

import duckdb
import pytest

from warehouse import periods

COVERS = (
    "period_code",
    "period_end_month",
    "period_index",
    "period_is_code",
    "period_kind",
    "period_label",
    "period_months",
    "period_shift",
    "period_sort",
    "period_start_month",
    "period_trim",
    "period_valid",
    "period_year",
    "prior_period",
)

_SUFFIXES = ["", "H1", "H2", "H01", "H3", "H0", "Q1", "Q4", "Q01", "Q5", "Q0", "M01", "M12", "M1", "M13", "M00"]
_SUFFIXES += ["YTD01", "YTD05", "YTD12", "YTD5", "YTD13", "YTD00", "X1", "h1", "M123"]
CODES: list[str | None] = [f"{y}{s}" for y in (1899, 1900, 1999, 2023, 2200, 2201) for s in _SUFFIXES]
CODES += [
    " 2023",
    "2023 ",
    "\t2023H1\n",
    "\u30002023Q2\u3000",
    "２０２３",
    "２０２３Ｍ05",
    "2023M０５",
    "23",
    "20__",
    "20xx年",
]
CODES += ["", " ", "2023-05", "2023年", "abcd", "02023", "2023\u00a0", None]


def _python(code: str | None) -> dict[str, object]:
    if not periods.is_valid(code):
        return {"valid": False}
    assert code is not None
    p = periods.parse(code)
    year, end, months, is_year = p.sort_key()
    return {
        "valid": True,
        "code": p.code,
        "kind": p.kind,
        "year": p.year,
        "index": p.index,
        "start": p.start_month,
        "end": p.end_month,
        "months": p.months,
        "shift2": periods.shift(code, 2),
        "prior": periods.prior(code),
        "sort": year * 100000 + end * 1000 + months * 10 + is_year,
        "label": periods.label_zh(code),
        "is_code": p.code == code,
    }


QUERY = """
select period_valid(p), period_code(p), period_kind(p), period_year(p), period_index(p), period_start_month(p),
       period_end_month(p), period_months(p), period_shift(p, 2), prior_period(p), period_sort(p), period_label(p),
       period_is_code(p)
from (select unnest(?::varchar[]) as p, generate_subscripts(?::varchar[], 1) as i) order by i
"""


def test_period_macros_agree_with_python(sqlcon: duckdb.DuckDBPyConnection) -> None:
    got = sqlcon.execute(QUERY, [CODES, CODES]).fetchall()
    assert len(got) == len(CODES)
    keys = ("code", "kind", "year", "index", "start", "end", "months", "shift2", "prior", "sort", "label", "is_code")
    for code, row in zip(CODES, got, strict=True):
        want = _python(code)
        assert row[0] is want["valid"], code
        if want["valid"]:
            assert dict(zip(keys, row[1:], strict=True)) == {k: want[k] for k in keys}, repr(code)
        else:
            assert row[1:12] == (None,) * 11, repr(code)
            assert row[12] is False


def test_sort_orders_like_python(sqlcon: duckdb.DuckDBPyConnection) -> None:
    valid = [c for c in CODES if periods.is_valid(c)]
    got = [
        r[0]
        for r in sqlcon.execute(
            "select p from unnest(?::varchar[]) t(p) order by period_sort(p), p", [valid]
        ).fetchall()
    ]
    assert [periods.sort_key(c) for c in got] == sorted(periods.sort_key(c) for c in valid)


@pytest.mark.parametrize(
    ("code", "expected"),
    [(" 2023M05\n", "2023M05"), ("２０２３", "2023"), ("\u30002023\u3000", "2023"), (None, None)],
)
def test_period_trim(sqlcon: duckdb.DuckDBPyConnection, code: str | None, expected: str | None) -> None:
    assert sqlcon.execute("select period_trim(?::varchar)", [code]).fetchone()[0] == expected
