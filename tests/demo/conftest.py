"""Fixtures for the demo data tests: the demo is built once per session (it takes about a second)."""

from __future__ import annotations

import csv
from dataclasses import dataclass

import pytest

from ingest import demo
from ingest.demo.spec import DATA_DIR, IndicatorSpec, load_anomalies, load_indicators
from ingest.model import FactRecord, SourceDoc

Key = tuple[str, str, str]  # (indicator, region, period)


@dataclass
class Built:
    """The demo as the loader sees it, plus lookups the tests share."""

    docs: list[SourceDoc]
    facts: list[FactRecord]
    by_key: dict[Key, FactRecord]
    specs: dict[str, IndicatorSpec]
    children: dict[str, list[str]]
    levels: dict[str, str]


@pytest.fixture(scope="session")
def built() -> Built:
    docs = demo.table_docs()
    facts = [f for d in docs for f in d.facts]
    by_key = {(f.indicator, f.region, f.period): f for f in facts}  # type: ignore[misc]
    regions = demo.regions()
    children: dict[str, list[str]] = {r.code: [] for r in regions}
    for r in regions:
        if r.parent_code:
            children[r.parent_code].append(r.code)
    return Built(
        docs=docs,
        facts=facts,
        by_key=by_key,
        specs={s.name: s for s in load_indicators()},
        children=children,
        levels={r.code: r.level or "" for r in regions},
    )


@pytest.fixture(scope="session")
def anomalies() -> dict[str, object]:
    return {a.id: a for a in load_anomalies()}


@pytest.fixture(scope="session")
def report_facts() -> list[dict[str, str]]:
    with (DATA_DIR / "report_facts.csv").open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))
