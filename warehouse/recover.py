"""Restore a damaged warehouse from the best copy there is (``zhibiao recover``).

Candidates, each examined on a scratch copy so the originals are never touched: the master with its WAL replayed,
the master without its WAL (its last checkpoint), and every published snapshot. The usable candidate (it opens
and passes :func:`integrity_problems`) with the highest generation wins. Before anything is replaced the master
and WAL are copied to ``<db>.damaged/``; the journal names the loads the chosen copy lacks, to ingest again.
"""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import duckdb

from warehouse import db, journal, paths, publish
from warehouse.errors import WarehouseNotFound
from warehouse.master import put_aside, read_generation, wal_path
from warehouse.writelock import WriteLock

__all__ = ["INTEGRITY_CHECKS", "Candidate", "Recovery", "integrity_problems", "recover"]

INTEGRITY_CHECKS = {
    "事实缺少来源 / facts without their source": "select count(*) from fact f where not exists (select 1 from source s where s.id = f.source_id)",
    "陈述变化缺少事实 / stated changes without their fact": "select count(*) from stated_change c where not exists (select 1 from fact f where f.id = c.fact_id)",
    "来源的事实数与事实行数不符 / sources whose n_facts differs from their fact rows": "select count(*) from source s where s.n_facts <> (select count(*) from fact f where f.source_id = s.id)",
    "隔离行缺少来源 / quarantined rows without their source": "select count(*) from quarantine q where q.source_id is not null "
    "and not exists (select 1 from source s where s.id = q.source_id)",
}
"""A load is all or nothing: each query counts rows that only a half-applied load could leave."""


def integrity_problems(con: duckdb.DuckDBPyConnection) -> list[str]:
    """What is wrong with an open warehouse file, as ``name: count`` lines (empty when it is consistent)."""
    problems = []
    for name, sql in INTEGRITY_CHECKS.items():
        try:
            row = con.execute(sql).fetchone()
        except duckdb.Error as err:
            problems.append(f"{name}: {type(err).__name__}: {str(err).splitlines()[0]}")
            continue
        if row and row[0]:
            problems.append(f"{name}: {row[0]}")
    return problems


@dataclass
class Candidate:
    """One copy recovery could restore from, and what examining it found."""

    label: str
    path: Path
    generation: int | None = None
    sources: int | None = None
    facts: int | None = None
    problems: list[str] = field(default_factory=list)

    @property
    def usable(self) -> bool:
        return self.generation is not None and not self.problems

    def line(self) -> str:
        if self.generation is None:
            return f"  ✗ {self.label}: {'; '.join(self.problems)}"
        mark = "✓" if self.usable else "✗"
        tail = f" — {'; '.join(self.problems)}" if self.problems else ""
        return (
            f"  {mark} {self.label}: 第 {self.generation} 代 generation {self.generation}, "
            f"{self.sources} 个来源 sources, {self.facts:,} 条事实 facts{tail}"
        )


@dataclass
class Recovery:
    """What ``recover`` found and did."""

    expected: int
    candidates: list[Candidate]
    chosen: Candidate | None = None
    restored: bool = False
    new_generation: int | None = None
    aside: Path | None = None
    lost: list[dict[str, Any]] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return self.chosen is not None

    def summary(self) -> str:
        lines = [f"日志记录的最新代 / newest generation in the journal: {self.expected}", "候选副本 / candidates:"]
        lines += [c.line() for c in self.candidates] or ["  (无 / none)"]
        if self.chosen is None:
            lines.append("没有可用的副本，未做改动 / no usable copy; nothing was changed")
        elif not self.restored:
            lines.append(f"选用 / would use: {self.chosen.label}（未改动 / nothing changed）")
        else:
            lines.append(
                f"已从 {self.chosen.label} 恢复为第 {self.new_generation} 代 / restored from "
                f"{self.chosen.label} as generation {self.new_generation}"
            )
        if self.aside is not None:
            lines.append(f"原文件副本 / the previous files were copied to: {self.aside}")
        if self.lost:
            lines.append(
                "以下导入不在恢复后的仓库中，请重新导入 / these loads are not in the restored warehouse; "
                "ingest them again:"
            )
            lines.append(journal.describe(self.lost))
        return "\n".join(lines)


def _examine(label: str, path: Path, *, read_only: bool) -> Candidate:
    cand = Candidate(label, path)
    try:
        con = db.connect(path, read_only=read_only)
    except duckdb.Error as err:
        cand.problems.append(f"无法打开 / cannot open: {str(err).splitlines()[0]}")
        return cand
    try:
        cand.generation = read_generation(con)
        cand.problems = integrity_problems(con)
        if not cand.problems:
            cand.sources, cand.facts = con.execute(
                "select (select count(*) from source), (select count(*) from fact)"
            ).fetchone() or (0, 0)
    except duckdb.Error as err:
        cand.problems.append(f"{type(err).__name__}: {str(err).splitlines()[0]}")
    finally:
        con.close()
    return cand


def examine(db_file: Path, scratch: Path) -> list[Candidate]:
    """Every copy of the warehouse, examined; the master variants on scratch copies inside ``scratch``."""
    out = []
    wal = wal_path(db_file)
    if db_file.exists():
        replayed = scratch / "replayed" / db_file.name
        replayed.parent.mkdir()
        shutil.copy2(db_file, replayed)
        if wal.exists():
            shutil.copy2(wal, wal_path(replayed))
        out.append(
            _examine(
                "主文件（回放 WAL）/ master with its WAL replayed" if wal.exists() else "主文件 / master",
                replayed,
                read_only=False,
            )
        )
        if wal.exists():
            bare = scratch / "checkpoint" / db_file.name
            bare.parent.mkdir()
            shutil.copy2(db_file, bare)
            out.append(
                _examine(
                    "主文件（不含 WAL，上次检查点）/ master without its WAL (last checkpoint)", bare, read_only=False
                )
            )
    for snap in reversed(publish.snapshots(db_file)):
        out.append(_examine(f"快照 / snapshot {snap.name}", snap, read_only=True))
    return out


def recover(
    warehouse: Any,
    *,
    dry_run: bool = False,
    timeout: float = 600.0,
    on_wait: Callable[[str], None] | None = None,
) -> Recovery:
    """Examine every copy under the write lock; restore the best one unless the master is already fine.

    ``warehouse`` is a :class:`warehouse.store.Warehouse`. A master that opens, passes the checks and is not
    behind the journal is kept (and republished if needed): recovery then changes nothing.
    """
    db_file: Path = warehouse.path
    if not db_file.exists() and not publish.snapshots(db_file):
        raise WarehouseNotFound(f"没有可恢复的仓库 / nothing to recover at {db_file}")
    lock = WriteLock(paths.lock_path(db_file), "zhibiao recover")
    lock.acquire(timeout, on_wait, str(db_file))
    try:
        expected = journal.last_generation(db_file)
        with tempfile.TemporaryDirectory(dir=db_file.parent, prefix=".recover-") as tmp:
            candidates = examine(db_file, Path(tmp))
            result = Recovery(expected, candidates)
            usable = [c for c in candidates if c.usable]
            if not usable:
                return result
            first = candidates[0]
            master_fine = db_file.exists() and first.usable and (first.generation or 0) >= expected
            result.chosen = first if master_fine else max(usable, key=lambda c: c.generation or 0)
            if master_fine or dry_run:
                result.lost = [] if master_fine else journal.entries_after(db_file, result.chosen.generation or 0)
            else:
                _install(db_file, result)
    finally:
        lock.release()
    if result.chosen is not None and not dry_run:
        warehouse.ensure_published(timeout=timeout)
    return result


def _install(db_file: Path, result: Recovery) -> None:
    chosen = result.chosen
    assert chosen is not None and chosen.generation is not None
    result.lost = journal.entries_after(db_file, chosen.generation)
    result.aside = put_aside(db_file, "before-recover")
    new_generation = max(result.expected, publish.highest_generation(db_file), chosen.generation) + 1
    staging = db_file.with_name(db_file.name + ".recovering")
    for f in (staging, wal_path(staging)):
        f.unlink(missing_ok=True)
    shutil.copy2(chosen.path, staging)
    con = db.connect(staging)
    try:
        con.execute("insert or replace into meta values ('generation', ?)", [str(new_generation)])
        con.execute("checkpoint")
    finally:
        con.close()
    publish.fsync_file(staging)
    wal_path(db_file).unlink(missing_ok=True)
    os.replace(staging, db_file)
    publish.fsync_dir(db_file.parent)
    journal.append(db_file, new_generation, sources=[], note=f"恢复自 / recovered from {chosen.label}")
    result.restored, result.new_generation = True, new_generation


def main(argv: list[str] | None = None) -> int:
    """``python -m warehouse.recover [--db PATH] [--dry-run] [--wait S]``: restore, print what was done, exit 0/1.

    The same as ``zhibiao recover`` where the CLI offers it; this entry point works with only ``warehouse/``.
    """
    import argparse

    from warehouse.errors import WriterBusy
    from warehouse.store import Warehouse

    parser = argparse.ArgumentParser(prog="python -m warehouse.recover", description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="仓库文件 / warehouse file (default $ZHIBIAO_DB or data/warehouse.duckdb)")
    parser.add_argument("--dry-run", action="store_true", help="只检查不改动 / examine only, change nothing")
    parser.add_argument("--wait", type=float, default=600.0, help="等待写入锁的秒数 / seconds to wait for the lock")
    args = parser.parse_args(argv)
    wh = Warehouse(args.db)
    try:
        result = recover(wh, dry_run=args.dry_run, timeout=args.wait, on_wait=print)
    except (WarehouseNotFound, WriterBusy) as err:
        print(f"错误 / error: {err}")
        return 2
    print(result.summary())
    return 0 if result.chosen is not None else 1


if __name__ == "__main__":
    raise SystemExit(main())
