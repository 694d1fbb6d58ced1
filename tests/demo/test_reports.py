"""The demo reports: bundled, about demo regions only, and stating what the tables hold (but for the planted slips)."""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal

from ingest import demo
from warehouse import periods, units

# Words that contain 市/区/县/镇/乡/街道 without naming a place (or naming the document's own region).
GENERIC = (
    "全市",
    "全区",
    "全县",
    "区委",
    "区政府",
    "县人社局",
    "县教育局",
    "区民政局",
    "区统计局",
    "县城",
    "城区",
    "社区",
    "城乡",
    "乡镇",
    "乡村",
    "村小",
    "市场",
    "城市",
    "现价",
    "县乡",
    "地区",
    "街道综合养老",
    "城镇",
)
PLACE_SUFFIX = re.compile(r"市|区|县|镇|乡|街道")


def _places(built) -> list[str]:
    names = [r.name for r in demo.regions()]
    return sorted({*names, *(a for r in demo.regions() for a in r.aliases)}, key=len, reverse=True)


def test_reports_exist_with_region_and_period(built) -> None:
    listed = demo.reports()
    assert len(listed) >= 4
    assert demo.report_paths() == [p for p, _, _ in listed]
    assert sorted(p.name for p in listed[0][0].parent.glob("*.txt")) == sorted(p.name for p, _, _ in listed)
    for path, region, period in listed:
        text = path.read_text(encoding="utf-8")
        assert 300 <= len(text) <= 800, (path.name, len(text))
        assert "演示数据" in text
        assert region in built.levels and periods.is_valid(period)
        assert dict((r.code, r.name) for r in demo.regions())[region] in text


def test_reports_mention_only_demo_regions(built) -> None:
    allowed = [*_places(built), *GENERIC]
    for path in demo.report_paths():
        text = path.read_text(encoding="utf-8")
        covered = [False] * len(text)
        for word in allowed:
            for m in re.finditer(re.escape(word), text):
                covered[m.start() : m.end()] = [True] * (m.end() - m.start())
        loose = [text[max(0, m.start() - 4) : m.end()] for m in PLACE_SUFFIX.finditer(text) if not covered[m.start()]]
        assert not loose, f"{path.name}: place-like words that are not demo regions: {loose}"


def _round(value: float, places: int) -> Decimal:
    return Decimal(repr(value)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def _places_of(text: str) -> int:
    return len(text.split(".")[1]) if "." in text else 0


def _stated_change(row: dict[str, str], unit: str, cur: float, prev: float) -> Decimal:
    """The change the table implies, rounded the way the report states it."""
    amount, places = row["change_amount"], _places_of(row["change_amount"])
    if row["change_unit"] == "%":
        return _round(abs(cur / prev - 1) * 100, places)
    if row["change_unit"] == "个百分点":
        return _round(abs(cur - prev), places)
    return _round(abs(units.convert(cur - prev, unit, row["change_unit"])), places if amount else 0)


def test_report_facts_agree_with_the_tables(built, report_facts) -> None:
    texts = {p.name: p.read_text(encoding="utf-8") for p in demo.report_paths()}
    planted = {row["planted"] for row in report_facts} - {""}
    assert planted == {"inconsistent_change", "damaged_digits"}
    for row in report_facts:
        where = f"{row['report']}: {row['quote']}"
        assert row["quote"] in texts[row["report"]], where
        assert row["value"] in row["quote"], where
        if row["kind"] != "actual":
            continue
        fact = built.by_key[(row["indicator"], row["region"], row["period"])]
        table_value = _round(units.convert(fact.value, fact.unit, row["unit"]), _places_of(row["value"]))
        if row["planted"] == "damaged_digits":
            assert table_value != Decimal(row["value"]) and row["value"].startswith(row["period"][:4]), where
            continue
        assert table_value == Decimal(row["value"]), f"{where}: table says {fact.value}{fact.unit}"
        if not row["change_dir"]:
            continue
        prev = built.by_key[(row["indicator"], row["region"], periods.prior(row["period"]))].value
        direction = "+" if fact.value > prev else "-" if fact.value < prev else "="
        if row["change_dir"] == "=":
            assert direction == "=", where
            continue
        implied = _stated_change(row, fact.unit, fact.value, prev)
        consistent = direction == row["change_dir"] and implied == Decimal(row["change_amount"])
        assert consistent == (row["planted"] != "inconsistent_change"), f"{where}: table implies {direction}{implied}"


def test_report_features_are_present() -> None:
    joined = "\n".join(p.read_text(encoding="utf-8") for p in demo.report_paths())
    for feature in ("较上年增加", "比上年增长", "个百分点", "其中", "分别", "同比", "较上年同期", "比上年末", "力争"):
        assert feature in joined, feature
