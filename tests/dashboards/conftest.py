"""Fixtures for the dashboard tests: the small hand-made warehouse, an AppTest factory, clean caches."""

from __future__ import annotations

import shutil
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
import streamlit as st

sys.path.insert(0, str(Path(__file__).resolve().parent))

import fixture
from apptest import AppFactory, make_app

from dashboards import data


@pytest.fixture(scope="session")
def small_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The fixture warehouse, built once per test session (tests only read it)."""
    path = tmp_path_factory.mktemp("dash") / "warehouse.duckdb"
    fixture.build(path)
    return path


@pytest.fixture(scope="session")
def empty_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A warehouse with the schema and views but no rows."""
    path = tmp_path_factory.mktemp("dash-empty") / "warehouse.duckdb"
    fixture.build_empty(path)
    return path


def _clear() -> None:
    st.cache_data.clear()
    data.region_tree.clear()


def _use(path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ZHIBIAO_DB", str(path))
    _clear()


@pytest.fixture
def db(small_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """ZHIBIAO_DB points at the fixture warehouse; Streamlit's data cache starts empty."""
    _use(small_db, monkeypatch)
    yield small_db
    _clear()


@pytest.fixture
def writable_db(small_db: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    """A private copy of the fixture warehouse (master and snapshots) for tests that load data."""
    target = tmp_path / "copy"
    shutil.copytree(small_db.parent, target)
    path = target / small_db.name
    _use(path, monkeypatch)
    yield path
    _clear()


@pytest.fixture
def app(db: Path) -> AppFactory:
    """``app("app_pages/trend.py", indicator="schools")`` → an AppTest that has run that page with those URL params."""
    return make_app


@pytest.fixture
def empty_app(empty_db: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[AppFactory]:
    """Like ``app``, over a warehouse with no data."""
    _use(empty_db, monkeypatch)
    yield make_app
    _clear()
