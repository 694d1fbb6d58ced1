"""Run the doctests of the catalogue modules (the project's pytest run only collects tests/)."""

from __future__ import annotations

import doctest
import importlib

import pytest

MODULES = ["ingest.catalog", "ingest.catalog.names", "ingest.catalog.regions", "ingest.catalog.catalog"]


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=doctest.NORMALIZE_WHITESPACE)
    assert result.failed == 0
    assert result.attempted > 0 or name == "ingest.catalog.catalog"
