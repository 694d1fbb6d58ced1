"""Run the doctests of every pure helper module (STYLE habit 9)."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import dashboards
import ingest
import warehouse


def _modules() -> list[str]:
    names = []
    for package in (warehouse, ingest, dashboards):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if ".pages" in info.name or info.name.endswith(".app"):
                continue  # Streamlit scripts run on import
            names.append(info.name)
    return sorted(names)


@pytest.mark.parametrize("name", _modules())
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"
