"""The saved example queries in ``sql/queries``: each has a header, passes the guard and runs on the fixture
warehouse; a few are checked against the fixture's known numbers."""

from __future__ import annotations

import re

import fixture
import pytest

from warehouse import paths
from warehouse.query import QueryService, saved_queries

SAVED = saved_queries()
EMPTY_ON_FIXTURE = {
    "children_sum": "the fixture's regions add up once the suspect 20232 is set aside",
    "monthly_yoy": "the fixture has no year-to-date series",
    "ytd_single_months": "the fixture has no year-to-date series",
}


def test_there_are_at_least_eight_with_headers() -> None:
    assert len(SAVED) >= 8
    assert len({q.title for q in SAVED}) == len(SAVED)
    for q in SAVED:
        first = q.path.read_text(encoding="utf-8").splitlines()[0]
        assert first.startswith("-- title: "), q.path
        assert re.search(r"[\u4e00-\u9fff]", q.title) and " / " in q.title, q.title  # Chinese, then English
        assert re.search(r"[\u4e00-\u9fff]", q.description) and q.shows, q.path
    assert {q.path.parent for q in SAVED} == {paths.sql_dir() / "queries"}


def test_the_header_fields_are_read() -> None:
    yoy = next(q for q in SAVED if q.name == "yoy_across_regions")
    assert yoy.title == "同比：一个指标在各地区的变化 / YoY of one indicator across regions"
    assert yoy.description.startswith("城市低保户数最近一个年度") and "/ The latest annual value" in yoy.description
    assert yoy.shows == "yoy, change phrase"


@pytest.mark.slow
def test_every_saved_query_runs(svc: QueryService) -> None:
    """One test for all of them: the views they read are the slow part, and the service is shared."""
    catalog = svc.catalog()
    rows = {}
    for q in SAVED:
        svc.check(q.sql)  # the gate passes it against this warehouse's catalogue
        result = svc.run(q.sql, timeout=60)
        assert result.columns == list(result.frame.columns) and not result.truncated, q.name
        rows[q.name] = result.row_count
    assert {name for name, n in rows.items() if n == 0} == set(EMPTY_ON_FIXTURE), rows
    assert {"series", "yoy", "latest"} <= set(catalog.objects)


def test_known_answers(svc: QueryService) -> None:
    by_name = {q.name: q for q in SAVED}
    suspect = svc.run(by_name["suspect_facts"].sql).frame
    assert suspect.select("地区", "数值").rows() == [("湖滨街道", 20232.0)]
    share = svc.run(by_name["district_share"].sql).frame
    district, city = fixture.HOUSEHOLDS["990102"][-1], fixture.HOUSEHOLDS["990100"][-1]
    assert share.filter(share["地区"] == "澄湖区")["占比%"].item() == pytest.approx(round(100 * district / city, 1))
    pivot = svc.run(by_name["compare_pivot"].sql).frame
    assert pivot.filter(pivot["地区"] == "青岚市").row(0)[1:] == tuple(float(v) for v in fixture.HOUSEHOLDS["990100"])
