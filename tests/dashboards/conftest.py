"""Fixtures for the dashboard tests: the small hand-made warehouse, an AppTest factory, clean caches."""

from __future__ import annotations

import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
import streamlit as st
from streamlit.testing.v1 import AppTest

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixture

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboards" / "app.py"


@pytest.fixture(scope="session")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture warehouse, built once per test session (tests only read it)."""
    path = tmp_path_factory.mktemp("dash") / "warehouse.duckdb"
    fixture.build(path)
    return path


@pytest.fixture
def db(small_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """ZHIBIAO_DB points at the fixture warehouse; Streamlit's data cache starts empty."""
    monkeypatch.setenv("ZHIBIAO_DB", str(small_db))
    st.cache_data.clear()
    yield small_db
    st.cache_data.clear()


@pytest.fixture
def app(db: Path) -> Callable[..., AppTest]:
    """``app("pages/trend.py", indicator="schools")`` → an AppTest that has run that page with those URL params."""

    def make(page: str | None = None, **params: str | list[str]) -> AppTest:
        at = AppTest.from_file(str(APP), default_timeout=60)
        at.run()
        if page is not None:
            at.query_params.clear()  # AppTest keeps the previous page's URL parameters; a browser would not
            at.query_params.update(params)
            at.switch_page(page).run()
        return at

    return make
