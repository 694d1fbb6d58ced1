"""The one-off region seeding script, on a small tree in jionlp's format (the wheel itself is not needed)."""

from __future__ import annotations

import io
from contextlib import redirect_stderr

from ingest.catalog import build_regions

TREE = "\n".join(
    [
        "北京市\t110000\t北京",
        "\t北京市\t110000\t北京",  # municipality: city row repeats the province code
        "\t\t朝阳区\t110105\t朝阳",
        "\t\t\t某街道",  # townships are not kept
        "广东省\t440000\t广东",
        "\t深圳市\t440300\t深圳",
        "\t\t盐田区\t440308\t盐田",
        "\t\t罗湖区\t440308\t罗湖",  # duplicate code → slug
        "\t东莞市\t441900\t东莞",
        "\t\t市直辖行政区划\t441900\t市直辖",  # repeats the city code
        "河南省\t410000\t河南",
        "\t省直辖行政区划\t419000\t省直辖",  # grouping
        "\t\t济源市\t419001\t济源",
        "\t\t无码区",  # no code
    ]
)
CHANGES = "\n".join(
    [
        "2019-01-01\t国批\t广东省\t广东\t深圳市\t深圳\t宝安县\t宝安=>广东省\t深圳市\t盐田区",
        "2020-01-01\t民批\t河南省\t河南\t省直辖行政区划\t省直辖\t济源市\t济源=>河南省\t省直辖行政区划\t济源新市",
    ]
)


def _parse() -> list[dict[str, object]]:
    with redirect_stderr(io.StringIO()):
        rows, notes = build_regions.parse_tree(TREE)
    assert sum(notes.values()) == 5  # 4 rows skipped, 1 re-coded as a slug
    return rows


def test_parse_tree_shapes_the_hierarchy() -> None:
    rows = {r["code"]: r for r in _parse()}
    assert set(rows) == {
        "110000",
        "110105",
        "440000",
        "440300",
        "440308",
        "440300-罗湖区",
        "441900",
        "410000",
        "419001",
    }
    assert rows["110105"]["parent_code"] == "110000"  # district under the municipality
    assert rows["419001"]["parent_code"] == "410000"  # county under the province, not the grouping
    assert rows["440308"]["level"] == "县" and rows["440300"]["level"] == "市" and rows["440000"]["level"] == "省"
    assert rows["440308"]["aliases"] == ["盐田"]


def test_apply_changes_adds_old_names_and_dates() -> None:
    rows = _parse()
    with redirect_stderr(io.StringIO()):
        outcome = build_regions.apply_changes(rows, CHANGES)
    by_code = {r["code"]: r for r in rows}
    assert "宝安县" in by_code["440308"]["aliases"]
    assert by_code["440308"]["valid_from"] == "2019-01-01"
    assert sum(outcome.values()) == 2
