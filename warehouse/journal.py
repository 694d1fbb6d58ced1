"""The commit journal ``<db>.journal``: one JSON line per committed generation, written after each commit.

DuckDB replays a WAL cut short (a copied or truncated file) without complaint and drops every transaction after
the cut; it then deletes the WAL. The journal is how zhibiao notices: the master's ``meta.generation`` must never
be behind the last journalled generation. It also tells the reader of a recovery report which loads to redo, and
tells readers that a writer died before publishing (journal ahead of ``CURRENT``).

A line is written after DuckDB's commit returns, so a crash between the two leaves the journal one generation
behind the master — which is allowed — never ahead of it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
from pathlib import Path
from typing import Any

TAIL = 16_384


def journal_path(db: Path) -> Path:
    """``warehouse.duckdb.journal`` beside the master."""
    return db.with_name(db.name + ".journal")


def append(db: Path, generation: int, **fields: Any) -> None:
    """Append (and fsync) the line of ``generation``; a torn last line from a crash is closed off first."""
    path = journal_path(db)
    entry = {"generation": generation, "at": dt.datetime.now().isoformat(timespec="seconds"), "pid": os.getpid()}
    entry.update(fields)
    line = json.dumps(entry, ensure_ascii=False, default=str) + "\n"
    with open(path, "ab+") as f:
        if f.tell() > 0:
            f.seek(-1, os.SEEK_END)
            if f.read(1) != b"\n":
                line = "\n" + line
        f.write(line.encode("utf-8"))
        f.flush()
        os.fsync(f.fileno())


def _parse(lines: list[bytes]) -> list[dict[str, Any]]:
    out = []
    for raw in lines:
        with contextlib.suppress(ValueError):
            entry = json.loads(raw)
            if isinstance(entry, dict) and isinstance(entry.get("generation"), int):
                out.append(entry)
    return out


def last_generation(db: Path) -> int:
    """The newest journalled generation (0 when there is no journal). Reads only the file's tail."""
    try:
        with open(journal_path(db), "rb") as f:
            size = f.seek(0, os.SEEK_END)
            f.seek(max(0, size - TAIL))
            tail = f.read().split(b"\n")
    except FileNotFoundError:
        return 0
    entries = _parse(tail[1:] if size > TAIL else tail)
    return max((e["generation"] for e in entries), default=0)


def entries_after(db: Path, generation: int) -> list[dict[str, Any]]:
    """Every journal line newer than ``generation``: the loads a recovery to ``generation`` loses."""
    try:
        lines = journal_path(db).read_bytes().split(b"\n")
    except FileNotFoundError:
        return []
    return [e for e in _parse(lines) if e["generation"] > generation]


def describe(entries: list[dict[str, Any]], limit: int = 20) -> str:
    """The sources of ``entries`` as lines a user can act on (re-ingest these files)."""
    lines = []
    for e in entries:
        for s in e.get("sources") or []:
            lines.append(f"  - 第 {e['generation']} 代 generation {e['generation']} ({e.get('at', '?')}): {s}")
        if not e.get("sources"):
            lines.append(
                f"  - 第 {e['generation']} 代 generation {e['generation']} ({e.get('at', '?')}): "
                f"{e.get('note') or '(无来源 / no source)'}"
            )
    if len(lines) > limit:
        lines = [*lines[:limit], f"  … 以及另外 {len(lines) - limit} 项 / and {len(lines) - limit} more"]
    return "\n".join(lines)
