"""The bad-input corpus: every file gives a clear one-line error or loads with its bad rows quarantined
at their location — no traceback, and never part of a file."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import fastexcel
import pytest
from conftest import counts, query
from ingest_corpus import CORPUS, GOOD_ROWS, LARGE_BYTES, LARGE_FACTS, Bad, write_csv, write_large_csv

from ingest.files import ingest_paths
from warehouse.store import Warehouse


@pytest.fixture(scope="module")
def seeded(tmp_path_factory: pytest.TempPathFactory) -> Warehouse:
    """One warehouse for the whole corpus, holding a good file, so 'nothing changed' is checked against data."""
    root = tmp_path_factory.mktemp("corpus")
    wh = Warehouse(root / "warehouse.duckdb")
    [result] = ingest_paths(wh, [write_csv(root / "good.csv", GOOD_ROWS)])
    assert result.status == "loaded" and result.facts == 3
    return wh


def _refuse_excel(*args: object, **kwargs: object) -> None:
    raise AssertionError("fastexcel must not see this file")


@pytest.mark.parametrize("case", CORPUS, ids=[c.name for c in CORPUS])
def test_bad_input(case: Bad, seeded: Warehouse, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = case.make(tmp_path)
    if case.no_excel_reader:
        monkeypatch.setattr(fastexcel, "read_excel", _refuse_excel)
    before = counts(seeded)
    [result] = ingest_paths(seeded, [path], **case.options)
    after = counts(seeded)
    if case.error is not None:
        assert result.status == "error", result
        message = result.message or ""
        assert "\n" not in message and message.startswith(f"{path}: "), message
        assert case.error in message, message
        assert "could not be read" not in message and "not loaded:" not in message, "an unexpected exception"
        assert after == before, "nothing of an unreadable file may be written"
        return
    assert result.status == "loaded", result.message
    assert (result.facts, result.quarantined) == (case.facts, case.quarantined)
    expected = dict(before, source=before["source"] + 1, fact=before["fact"] + case.facts)
    expected["quarantine"] = before["quarantine"] + case.quarantined
    assert {k: after[k] for k in expected if k not in ("indicator", "region")} == {
        k: v for k, v in expected.items() if k not in ("indicator", "region")
    }
    assert query(seeded, "select count(*) from fact where source_id = ?", [result.source_id]) == [(case.facts,)]
    if case.quarantined:
        rows = query(
            seeded, "select path, location, reason from quarantine where source_id = ? order by id", [result.source_id]
        )
        assert len(rows) == case.quarantined
        assert all(p == str(path) for p, _, _ in rows)
        assert rows[0][1] == case.location, rows
        assert case.reason is None or case.reason in rows[0][2], rows


def test_the_corpus_is_large_enough() -> None:
    assert len(CORPUS) >= 30
    assert len({c.name for c in CORPUS}) == len(CORPUS)


def test_large_file_generator_streams_what_it_says(tmp_path: Path) -> None:
    path = tmp_path / "large.csv"
    assert write_large_csv(path, LARGE_BYTES) == LARGE_FACTS
    assert LARGE_BYTES <= path.stat().st_size < LARGE_BYTES + 200
    with path.open(encoding="utf-8") as f:
        assert sum(1 for _ in f) == LARGE_FACTS + 1


def test_cli_reports_every_unreadable_file_in_one_line(tmp_path: Path) -> None:
    """End to end: the whole error half of the corpus in one ``zhibiao ingest``: one ✗ line each, no traceback."""
    errors = [c for c in CORPUS if c.error is not None and not c.options and not c.no_excel_reader]
    paths = []
    for i, case in enumerate(errors):
        folder = tmp_path / f"{i:02d}"
        folder.mkdir()
        paths.append(str(case.make(folder)))
    env = dict(os.environ, ZHIBIAO_DB=str(tmp_path / "cli" / "warehouse.duckdb"), COLUMNS="400")
    run = subprocess.run(
        [sys.executable, "-m", "zhibiao", "ingest", *paths],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
    )
    assert run.returncode == 1
    assert "Traceback" not in run.stderr + run.stdout
    failed = [line for line in run.stderr.splitlines() if line.startswith("✗")]
    assert len(failed) == len(errors), run.stderr
    for line, path in zip(failed, paths, strict=True):
        assert path in line
    assert not (tmp_path / "cli" / "warehouse.duckdb").exists(), "nothing readable: the warehouse is not created"
