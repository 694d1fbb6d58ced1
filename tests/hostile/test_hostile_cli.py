"""Hostile files through ``zhibiao ingest`` and ``zhibiao extract`` (subprocesses): each ends as one bilingual
line naming the file and the cause with exit 1, or loads with the bad rows quarantined; the warehouse is unchanged
by a refused file; the CLI process itself runs under an address-space cap the worker's limits keep it within."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from clirun import contents, run_cli
from corpus import WORST, write

from warehouse.store import Warehouse

_CJK = re.compile(r"[\u4e00-\u9fff]")

REFUSED = {
    "xlsx_far_corner": "A1:XFD1048576",
    "xlsx_far_corner_no_dimension": "A1:XFD1048576",
    "xlsx_far_formula": "A1:XFD1048576",
    "xlsx_zip_bomb": "zip bomb",
    "xlsx_deep_nesting": "zip bomb",
    "docx_bomb": "zip bomb",
    "docx_paragraphs": "more than 200,000 paragraphs",
    "docx_deep_nesting": "cannot read the .docx file: Excessive depth",  # the XML parser's own depth limit
    "docx_huge_run": "zip bomb",
    "parquet_bomb": "20,000,000 rows × 4 columns",
    "csv_binary": "no recognisable header",
    "csv_empty": "the file is empty",
    "csv_mixed_encodings": "line 3 is not UTF-8",
    "csv_single_line": "no recognisable header",
    "text_single_line": "line 1 has 3,200,000 characters",
    "text_huge": "file too large",
    "symlink_dev_zero": "not a regular file (device)",
    "fifo": "not a regular file (FIFO)",
    "directory": "is a directory",
    "zip_empty": "not a valid XLSX",
    "zip_truncated": "corrupt or truncated XLSX",
    "docx_truncated": "not a valid .docx",
    "wrong_extension": "not a valid XLSX",
    "docx_is_xlsx": "cannot read the .docx",
    "parquet_garbage": "cannot read the Parquet file",
    "unsupported_pdf": "PDF is not supported",
}


def error_line(line: str, path: Path) -> str:
    """``line`` checked to be an error naming ``path`` and saying the cause in Chinese, then English."""
    assert line.startswith("✗ ") and f"{path}: " in line, line
    chinese, english = re.split(r"\s?/\s", line.removeprefix(f"✗ {path}: "), maxsplit=1)
    assert _CJK.search(chinese) and english, line
    return line


def one_error_line(stderr: str, path: Path) -> str:
    """The single line the CLI printed, checked as :func:`error_line` checks it."""
    lines = [line for line in stderr.splitlines() if line.strip()]
    assert len(lines) == 1, stderr
    assert "Traceback" not in stderr
    return error_line(lines[0], path)


@pytest.fixture(scope="module")
def batch(loaded: Path, tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Every refused file given to one ``ingest``: its lines, exit code, and the warehouse before and after."""
    base = tmp_path_factory.mktemp("refused")
    paths = {name: write(name, base / name) for name in REFUSED}
    before = contents(loaded)
    proc = run_cli(loaded, "ingest", *map(str, paths.values()))
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    return {"paths": paths, "proc": proc, "lines": lines, "before": before, "after": contents(loaded)}


def test_the_refused_files_change_nothing_and_exit_1(batch: dict[str, object]) -> None:
    proc = batch["proc"]
    assert proc.returncode == 1, proc.stderr  # type: ignore[attr-defined]
    assert "Traceback" not in proc.stderr  # type: ignore[attr-defined]
    assert len(batch["lines"]) == len(REFUSED), batch["lines"]  # type: ignore[arg-type]
    assert batch["after"] == batch["before"]


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_each_refused_file_is_one_line_naming_it_and_the_cause(batch: dict[str, object], name: str) -> None:
    path = batch["paths"][name]  # type: ignore[index]
    mine = [line for line in batch["lines"] if f" {path}: " in line]  # type: ignore[attr-defined]
    assert len(mine) == 1, batch["lines"]
    assert REFUSED[name] in error_line(mine[0], path)


@pytest.mark.parametrize("name", [*WORST, "fifo", "symlink_dev_zero"])
def test_the_worst_files_alone_exit_1_with_one_line(cli, loaded: Path, tmp_path: Path, name: str) -> None:
    path = write(name, tmp_path / name)
    before = contents(loaded)
    proc = cli("ingest", str(path))
    assert proc.returncode == 1, proc.stderr
    assert REFUSED[name] in one_error_line(proc.stderr, path)
    assert contents(loaded) == before


@pytest.mark.parametrize(
    ("name", "facts", "reasons"),
    [
        ("csv_huge_values", 1, ["value out of range", "number out of range"]),
        ("csv_nan_inf", 1, ["not a finite number", "not a finite number"]),
        ("csv_long_names", 1, ["name too long (region: 201", "name too long (indicator: 201"]),
        ("csv_only_invisible", 1, ["the region name is only invisible characters"]),
        ("xlsx_distant_formula", 1, ["formula without a computed value"]),  # 200,000 rows down, no grid of lists
    ],
)
def test_bad_rows_go_to_quarantine_and_the_rest_loads(
    tmp_path: Path, name: str, facts: int, reasons: list[str]
) -> None:
    path = write(name, tmp_path / name)
    db = tmp_path / "wh" / "warehouse.duckdb"
    proc = run_cli(db, "ingest", str(path))
    assert proc.returncode == 0, proc.stderr
    assert f"事实 facts {facts} · 隔离 quarantined {len(reasons)}" in proc.stdout
    rows = Warehouse(db).reader().rows("select reason from quarantine order by location")
    assert [any(r in reason for (reason,) in rows) for r in reasons] == [True] * len(reasons), rows


@pytest.mark.parametrize("name", ["csv_bom_mid_file", "csv_invisible_names"])
def test_invisible_characters_never_reach_a_stored_name(tmp_path: Path, name: str) -> None:
    path = write(name, tmp_path / name)
    db = tmp_path / "wh" / "warehouse.duckdb"
    proc = run_cli(db, "ingest", str(path))
    assert proc.returncode == 0, proc.stderr
    reader = Warehouse(db).reader()
    names = [n for (n,) in reader.rows("select name from region union all select name from indicator")]
    assert "盐田区" in names and "学校数" in names
    assert not [n for n in names if re.search(r"[\x00-\x1f\ufeff\u200b-\u200f\u202a-\u202e]", n)], names
    facts = reader.rows("select r.name from fact f join region r on r.code = f.region order by r.name")
    expected = {"csv_bom_mid_file": ["盐田区", "福田区"], "csv_invisible_names": ["盐田区", "福田区", "罗湖区"]}[name]
    assert sorted(n for (n,) in facts) == sorted(expected)


def test_the_cell_limit_can_be_lowered_by_the_environment(cli, loaded: Path, tmp_path: Path) -> None:
    path = write("xlsx_many_cells", tmp_path)
    before = contents(loaded)
    proc = cli("ingest", str(path), env={"ZHIBIAO_PARSE_MAX_CELLS": "1000000"})
    assert proc.returncode == 1
    assert "A1:T300000 (6,000,000 cells), beyond the limit of 1,000,000" in one_error_line(proc.stderr, path)
    assert contents(loaded) == before


def test_the_memory_limit_stops_a_parser_the_checks_let_through(cli, loaded: Path, tmp_path: Path) -> None:
    """With the cell checks lifted, the reader library's 512 GB allocation fails inside the worker, not here."""
    path = write("xlsx_far_corner", tmp_path)
    before = contents(loaded)
    lifted = {"ZHIBIAO_PARSE_MAX_CELLS": str(10**12), "ZHIBIAO_PARSE_MEMORY_MB": "1024"}
    proc = cli("ingest", str(path), env=lifted)
    assert proc.returncode == 1
    assert "ran out of memory (1024 MiB limit) or crashed" in one_error_line(proc.stderr, path)
    assert contents(loaded) == before


def test_the_time_limit_stops_a_parser_the_checks_let_through(cli, loaded: Path, tmp_path: Path) -> None:
    path = write("text_huge", tmp_path)
    lifted = {"ZHIBIAO_PARSE_MAX_TEXT_BYTES": str(2**30), "ZHIBIAO_PARSE_TIMEOUT": "3"}
    proc = cli("ingest", str(path), env=lifted)
    assert proc.returncode == 1
    assert re.search(r"took longer than 3 s|CPU-time limit \(3 s\)", one_error_line(proc.stderr, path))


@pytest.mark.parametrize(
    ("name", "cause"),
    [
        ("docx_paragraphs", "more than 200,000 paragraphs"),
        ("docx_bomb", "zip bomb"),
        ("text_single_line", "line 1 has 3,200,000 characters"),
        ("fifo", "not a regular file (FIFO)"),
        ("symlink_dev_zero", "not a regular file (device)"),
    ],
)
def test_extract_refuses_the_same_files_in_one_line(cli, tmp_path: Path, name: str, cause: str) -> None:
    path = write(name, tmp_path / name)
    proc = cli("extract", str(path))
    assert proc.returncode == 1
    assert cause in one_error_line(proc.stderr, path)
    assert proc.stdout == ""


def test_a_bad_limit_setting_is_refused_before_any_file(cli, tmp_path: Path) -> None:
    path = tmp_path / "a.csv"
    path.write_text("地区,期间,指标,数值,单位\n盐田区,2023,学校数,12,所\n", encoding="utf-8")
    proc = cli("ingest", str(path), env={"ZHIBIAO_PARSE_TIMEOUT": "soon"})
    assert proc.returncode == 2
    assert "ZHIBIAO_PARSE_TIMEOUT='soon' is not a positive number" in proc.stderr
