"""The one place that calls ``duckdb.connect``.

Every connection turns extension autoinstall and autoload off: extensions cannot be downloaded on these machines,
and with autoload on a query that touches e.g. an ``.xlsx`` stalls about 2 s before failing (docs/duckdb.md).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import duckdb

BASE_CONFIG: dict[str, Any] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
}


def connect(
    path: str | os.PathLike[str] = ":memory:",
    *,
    read_only: bool = False,
    config: dict[str, Any] | None = None,
) -> duckdb.DuckDBPyConnection:
    """Open a DuckDB database with zhibiao's base configuration (plus ``config``)."""
    merged = {**BASE_CONFIG, **(config or {})}
    target = str(path) if str(path) == ":memory:" else str(Path(path))
    return duckdb.connect(target, read_only=read_only, config=merged)
