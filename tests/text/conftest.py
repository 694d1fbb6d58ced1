"""Helpers for the extractor tests: every sentence here is written for these tests, none is copied from a report."""

from __future__ import annotations

import pytest

from ingest.model import FactRecord
from ingest.text import extract


def facts_of(text: str, **kw: str) -> list[FactRecord]:
    """Every fact of ``text``; a quote is always the text at its span."""
    out = extract(text, **kw)
    for f in out:
        assert f.span is not None and text[f.span[0] : f.span[1]] == f.quote
    return out


def only(text: str, **kw: str) -> FactRecord:
    """The single fact of ``text``."""
    out = facts_of(text, **kw)
    assert len(out) == 1, [(f.indicator, f.value, f.unit) for f in out]
    return out[0]


def triples(text: str, **kw: str) -> list[tuple[str, float, str]]:
    """(indicator, value, unit) of every fact of ``text``."""
    return [(f.indicator, f.value, f.unit) for f in facts_of(text, **kw)]


@pytest.fixture
def report(tmp_path):
    """Write a report file and return its path: ``report("text", name="a.txt", encoding="utf-8")``."""

    def write(text: str | bytes, name: str = "报告.txt", encoding: str = "utf-8"):
        path = tmp_path / name
        path.write_bytes(text if isinstance(text, bytes) else text.encode(encoding))
        return path

    return write
