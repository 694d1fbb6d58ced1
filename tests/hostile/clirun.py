"""Helpers of the hostile-file tests: the CLI run as a subprocess under an address-space cap, and a warehouse's
contents to compare before and after."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

from warehouse.store import Warehouse

ROOT = Path(__file__).resolve().parents[2]
CLI_MEMORY = 3 * 2**30
"""The whole CLI process runs under this address-space cap: a parser that escaped the worker would fail the test."""
LIMITS = {"ZHIBIAO_PARSE_MEMORY_MB": "1536", "ZHIBIAO_PARSE_TIMEOUT": "60"}
"""The worker's limits in these tests: well below the machine, so a file that needs more is stopped by them."""
GOOD = "地区,期间,指标,数值,单位\n盐田区,2022,学校数,11,所\n福田区,2022,医院数,5,个\n"
TABLES = ("source", "fact", "quarantine", "indicator", "region")


def _cap() -> None:
    resource.setrlimit(resource.RLIMIT_AS, (CLI_MEMORY, CLI_MEMORY))


def run_cli(db: Path, *args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    """``zhibiao --db DB ARGS`` in a subprocess; a hang fails the test after four minutes."""
    return subprocess.run(
        [sys.executable, "-m", "zhibiao", "--db", str(db), *args],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
        preexec_fn=_cap,
        env={**os.environ, **LIMITS, **(env or {}), "COLUMNS": "200"},
    )


def contents(db: Path) -> dict[str, object]:
    """Row counts of the warehouse tables and the sources by content hash: equal before and after means no write."""
    reader = Warehouse(db).reader()
    sql = " union all ".join(f"select '{t}', count(*) from {t}" for t in TABLES)
    counts = dict(reader.rows(sql))
    counts["sources"] = sorted(r[0] for r in reader.rows("select sha256 from source"))
    return counts
