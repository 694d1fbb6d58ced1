"""Run the doctests of every pure helper module: the Chinese examples in their docstrings are tests too.

The Streamlit scripts (``dashboards/app.py`` and the pages in ``dashboards/app_pages/``) run on import, so they are
left out; the discovery itself is checked, so a filter that silently drops every module fails here.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import dashboards
import ingest
import warehouse

MIN_EXAMPLES = 230
"""Doctest examples found across the packages (240 when this bound was set): fewer means discovery broke."""

MIN_MODULES = 45
"""Modules holding at least one doctest (47 when this bound was set)."""


def _is_streamlit_script(name: str) -> bool:
    return ".app_pages" in name or name.endswith(".app")


def _modules() -> list[str]:
    names = []
    for package in (warehouse, ingest, dashboards):
        for info in pkgutil.walk_packages(package.__path__, package.__name__ + "."):
            if not _is_streamlit_script(info.name):
                names.append(info.name)
    return sorted(names)


MODULES = _modules()


@pytest.mark.parametrize("name", MODULES)
def test_doctests(name: str) -> None:
    module = importlib.import_module(name)
    result = doctest.testmod(module, optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    assert result.failed == 0, f"{result.failed} doctest(s) failed in {name}"


def test_discovery_finds_the_helpers_and_skips_the_pages() -> None:
    assert "warehouse.periods" in MODULES and "dashboards.format" in MODULES
    assert not [name for name in MODULES if _is_streamlit_script(name)]
    finder = doctest.DocTestFinder()
    per_module = {name: sum(len(t.examples) for t in finder.find(importlib.import_module(name))) for name in MODULES}
    assert per_module["warehouse.periods"] > 0
    assert sum(1 for n in per_module.values() if n) >= MIN_MODULES, per_module
    assert sum(per_module.values()) >= MIN_EXAMPLES, per_module
