"""A small, hand-made warehouse for the dashboard tests: a city, two districts, two streets, four indicators.

Written through ``Warehouse.writer()`` with plain inserts so every number is known to the tests; the views the pages
read (series, yoy, stated_vs_computed, implied_prior, latest) are the real ones from ``sql/views``.
"""

from __future__ import annotations

from pathlib import Path

from warehouse.store import Warehouse

REPORT = (
    "澄湖区2023年民政工作总结\n"
    "一、社会救助\n"
    "全区有城市低保户800户，较上年减少52户。发放低保金1,234.5万元，比上年增长5.2%。\n"
    "二、教育\n"
    "全区有学校16所，较上年增加2所。小学入学率99.6%，提高0.3个百分点。\n"
    "**注意** :red[不是指令] <script>alert(1)</script> $x$ 五保户20232人。\n"
)

REGIONS = [
    ("990100", "青岚市", "市", None),
    ("990102", "澄湖区", "县", "990100"),
    ("990103", "枫林区", "县", "990100"),
    ("990102001000", "湖滨街道", "乡", "990102"),
    ("990102002000", "望江街道", "乡", "990102"),
]
INDICATORS = [
    # code, name, domain, unit, measure, decimals, aliases, additive
    ("urban_dibao_households", "城市低保户数", "civil", "户", "stock", 0, ["城市低保户", "低保家庭"], True),
    ("dibao_funds", "低保金发放", "civil", "万元", "flow", 2, ["低保资金"], True),
    ("enrolment_rate", "小学入学率", "edu", "%", "rate", 1, ["入学率"], False),
    ("schools", "学校数", "edu", "所", "stock", 0, ["中小学数"], True),
]
YEARS = range(2019, 2024)
# 城市低保户数 per region and year: the city is the sum of its districts; streets split 澄湖区.
HOUSEHOLDS = {
    "990102": [900, 880, 870, 852, 800],
    "990103": [600, 610, 640, 650, 700],
    "990102001000": [500, 490, 480, 470, 450],
    "990102002000": [400, 390, 390, 382, 350],
}
HOUSEHOLDS["990100"] = [a + b for a, b in zip(HOUSEHOLDS["990102"], HOUSEHOLDS["990103"], strict=True)]


def _span(sentence: str) -> tuple[int, int]:
    start = REPORT.index(sentence)
    return start, start + len(sentence)


def build(path: Path) -> Warehouse:
    """Create the fixture warehouse at ``path`` and publish it."""
    wh = Warehouse(path)
    with wh.writer() as w, w.transaction() as con:
        con.execute("insert into domain values ('civil', '民政', 40), ('edu', '教育', 20)")
        for code, name, level, parent in REGIONS:
            con.execute(
                "insert into region (code, name, level, parent_code) values (?, ?, ?, ?)", [code, name, level, parent]
            )
        for code, name, domain, unit, measure, decimals, aliases, additive in INDICATORS:
            con.execute(
                "insert into indicator (code, name, domain, unit, measure, decimals, aliases, additive) "
                "values (?, ?, ?, ?, ?, ?, ?, ?)",
                [code, name, domain, unit, measure, decimals, aliases, additive],
            )
        # Ids come from the tables' sequences, as in a real load, so an upload test can add sources and facts.
        con.execute(
            "insert into source (sha256, kind, path, title, region, period, domain, text, n_facts) "
            "values ('a1', 'table', 'data/民政统计表.csv', '民政统计年报表', '990100', null, 'civil', null, 0), "
            "('b2', 'text', 'reports/澄湖区2023年民政工作总结.txt', '澄湖区2023年民政工作总结', '990102', '2023', "
            "'civil', ?, 0)",
            [REPORT],
        )

        def fact(indicator: str, region: str, period: str, value: float, unit: str, source: int, **kw: object) -> int:
            span = kw.get("span")
            row = con.execute(
                "insert into fact (indicator, region, period, value, unit, base_value, base_unit, kind, "
                "source_id, quote, span_start, span_end, suspect, suspect_reason) "
                "values (?, ?, ?, ?, ?, ?, ?, 'actual', ?, ?, ?, ?, ?, ?) returning id",
                [
                    indicator,
                    region,
                    period,
                    value,
                    unit,
                    value * (1e4 if unit == "万元" else 1),
                    "元" if unit == "万元" else unit,
                    source,
                    kw.get("quote") or f"{region},{period},{value}",
                    span[0] if span else None,
                    span[1] if span else None,
                    bool(kw.get("suspect")),
                    kw.get("reason"),
                ],
            ).fetchone()
            return int(row[0])

        for region, series in HOUSEHOLDS.items():
            for year, value in zip(YEARS, series, strict=True):
                if region == "990102" and year == 2023:
                    continue  # stated by the report below
                fact("urban_dibao_households", region, str(year), value, "户", 1)
        for i, year in enumerate(YEARS):
            fact("dibao_funds", "990103", str(year), 800.0 + 40 * i, "万元", 1)
            if year < 2023:
                fact("dibao_funds", "990102", str(year), 1100.0 + 10 * i, "万元", 1)
            fact("enrolment_rate", "990103", str(year), 98.0 + 0.2 * i, "%", 1)
            if year < 2023:
                fact("enrolment_rate", "990102", str(year), 98.5 + 0.1 * i, "%", 1)
        for year in (2022, 2023):
            for q in (1, 2):
                fact("dibao_funds", "990102", f"{year}Q{q}", 280.0 + 10 * q + (year - 2022) * 15, "万元", 1)
        s1 = "全区有城市低保户800户，较上年减少52户"
        s2 = "发放低保金1,234.5万元，比上年增长5.2%"
        s3 = "全区有学校16所，较上年增加2所"
        s4 = "小学入学率99.6%，提高0.3个百分点"
        a = fact("urban_dibao_households", "990102", "2023", 800, "户", 2, quote=s1, span=_span(s1))
        b = fact("dibao_funds", "990102", "2023", 1234.5, "万元", 2, quote=s2, span=_span(s2))
        c = fact("schools", "990102", "2023", 16, "所", 2, quote=s3, span=_span(s3))
        d = fact("enrolment_rate", "990102", "2023", 99.6, "%", 2, quote=s4, span=_span(s4))
        s5 = "五保户20232人"
        fact(
            "urban_dibao_households",
            "990102001000",
            "2018",  # a key with no clean value: series prefers a clean vintage over a suspect one
            20232,
            "户",
            2,
            quote=s5,
            span=_span(s5),
            suspect=True,
            reason="数值中混入年份数字串“2023”，疑为录入错误",
        )
        con.executemany(
            "insert into stated_change values (?, ?, ?, ?, ?, ?, ?)",
            [
                (a, "上年", "2022", "-", 52, "户", s1),  # 852 → 800: consistent
                (b, "上年", "2022", "+", 5.2, "%", s2),  # 1130 → 1234.5 is +9.2%: inconsistent
                (c, "上年", "2022", "+", 2, "所", s3),  # no 2022 value: unverifiable, implies 14 (derived)
                (d, "上年", "2022", "+", 0.3, "百分点", s4),  # 98.8 → 99.6 is +0.8: inconsistent
            ],
        )
        con.execute("update source set n_facts = (select count(*) from fact where source_id = source.id)")
        con.execute(
            "insert into quarantine (source_id, path, location, reason, raw) values "
            "(1, 'data/民政统计表.csv', '行 12', '无法识别的期间“20__年” / unrecognised period', "
            "'城市低保户数,20__年,812')"
        )
    return wh


def build_empty(path: Path) -> Warehouse:
    """A warehouse with the schema (and views) but no rows at all: what a new installation looks like."""
    wh = Warehouse(path)
    with wh.writer() as w, w.transaction():
        pass  # the writer applies the schema and views; the commit publishes the first snapshot
    return wh
