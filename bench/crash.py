"""Crash campaign: kill -9 an ingest at every crash point and at random instants, and check the warehouse each time.

    uv run python bench/crash.py [--iterations 200] [--rows 3000] [--seed 7]

Each iteration forks an ingest (``ingest.files.ingest_paths`` on new CSV files, plus ``load_doc`` of a report-like
source with stated changes; every few iterations a ``fresh`` rebuild instead) from a preloaded fork server, and
kills it — at a named crash point (``ZHIBIAO_FAULT``, see ``warehouse/faults.py``) or with SIGKILL after a random
delay. Then a new reader must open the warehouse by itself (publishing the dead writer's committed work), every
source must be fully present (``n_facts`` = its fact rows) or absent, nothing published before may be missing, the
integrity checks must pass, and a re-ingest of the same files must load them. ``tests/concurrency`` runs a short
campaign; this script runs a long one and prints the figures.
"""

from __future__ import annotations

import argparse
import contextlib
import multiprocessing
import os
import random
import signal
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest.catalog import Catalog
from ingest.files import ingest_paths
from ingest.load import load_doc
from ingest.model import Change, FactRecord, SourceDoc, sha256_of
from warehouse import faults, publish
from warehouse.recover import integrity_problems
from warehouse.store import Reader, Warehouse

Catalog.load()  # fork-server children inherit the loaded catalogue instead of reading it again
import pyarrow  # noqa: E402, F401  polars hands frames to DuckDB as Arrow: import it once here, not in every child

INDICATORS = [("城市低保户数", "户"), ("农村低保人数", "人"), ("养老机构床位数", "张"), ("财政支出", "万元")]
REGIONS = ["盐田区", "福田区", "南山区", "罗湖区"]
RANDOM = "random"


def make_table(path: Path, seed: int, rows: int) -> int:
    """Write a long CSV of ``rows`` distinct facts (unique content per seed); return the fact count."""
    rng = random.Random(seed)
    lines = ["region,indicator,period,value,unit"]
    for i in range(rows):
        name, unit = INDICATORS[i % len(INDICATORS)]
        region = REGIONS[(i // len(INDICATORS)) % len(REGIONS)]
        year = 1900 + i // (len(INDICATORS) * len(REGIONS))
        lines.append(f"{region},{name},{year},{rng.randint(1, 10**6)},{unit}")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return rows


def report_doc(seed: int, facts: int = 6) -> SourceDoc:
    """A report-like source whose facts state changes (so crashes also hit ``stated_change``)."""
    rng = random.Random(seed)
    text = f"crash-report-{seed}"
    records = []
    for i in range(facts):
        name, unit = INDICATORS[i % len(INDICATORS)]
        value = rng.randint(10, 9999)
        quote = f"{name}{value}{unit}，较上年减少{i + 1}{unit}"
        records.append(
            FactRecord(
                name,
                value,
                unit,
                region=REGIONS[i % len(REGIONS)],
                period=str(2000 + i),
                quote=quote,
                change=Change("上年", "-", i + 1, unit),
            )
        )
        text += quote
    return SourceDoc(
        Path(f"report-{seed}.txt"),
        sha256_of(text.encode()),
        "text",
        region="盐田区",
        period="2023",
        text=text,
        facts=records,
    )


def work(db: str, files: list[str], seeds: list[int], fault: str | None, fresh: bool) -> None:
    """The ingest that gets killed (runs in a fork-server child)."""
    if fault:
        os.environ[faults.ENV] = fault
    wh = Warehouse(db)
    if fresh:
        from ingest.files import read_file

        with wh.writer(fresh=True) as writer:
            for f in files:
                load_doc(writer, read_file(Path(f)))
            for s in seeds:
                load_doc(writer, report_doc(s))
        return
    ingest_paths(wh, [Path(f) for f in files])
    with wh.writer() as writer:
        for s in seeds:
            load_doc(writer, report_doc(s))


@contextlib.contextmanager
def main_not_reimported() -> Iterator[None]:
    """Start children without re-running ``__main__`` in them (pytest's script costs ~0.7 s a child).

    The child's target lives in this importable module, which the fork server has preloaded, so the child needs
    nothing from ``__main__``; multiprocessing only re-runs it when ``__main__`` has a ``__file__``.
    """
    main = sys.modules["__main__"]
    saved = main.__dict__.pop("__file__", None)
    try:
        yield
    finally:
        if saved is not None:
            main.__file__ = saved


@dataclass
class Outcome:
    mode: str
    killed: bool
    present: int
    absent: int
    problems: list[str] = field(default_factory=list)
    seconds: float = 0.0


def state(db: Path) -> tuple[dict[str, int], list[str], int]:
    """Sources (sha256 → n_facts) a brand-new reader sees, integrity problems, and the generation it reads."""
    if not db.exists() and publish.current(db) is None:
        return {}, [], 0  # killed before the first commit: there is no warehouse yet
    reader = Reader(Warehouse(db))
    try:
        cur = reader.cursor()
        try:
            problems = integrity_problems(cur)
            sources = dict(cur.execute("select sha256, n_facts from source").fetchall())
            gen = int(cur.execute("select value from meta where key = 'generation'").fetchone()[0])
        finally:
            cur.close()
        if reader.snapshot is not None and publish.generation_of(reader.snapshot.name) != gen:
            problems.append(f"snapshot {reader.snapshot.name} holds generation {gen}")
        if reader.warning:
            problems.append(f"reader warning: {reader.warning}")
        return sources, problems, gen
    finally:
        reader.close()


class Campaign:
    """Runs iterations against one warehouse in ``folder`` and keeps what each one found."""

    def __init__(
        self, folder: Path, *, rows: int = 400, seed: int = 7, reingest_each: bool = True, second_hits: bool = True
    ) -> None:
        self.folder, self.rows, self.reingest_each, self.second_hits = folder, rows, reingest_each, second_hits
        self.db = folder / "warehouse.duckdb"
        self.rng = random.Random(seed)
        self.expected: dict[str, int] = {}  # sha256 → facts, for every input ever attempted
        self.tables: dict[str, str] = {}  # sha256 → csv path
        self.reports: dict[str, int] = {}  # sha256 → report seed
        self.outcomes: list[Outcome] = []
        self.durations: list[float] = [1.0]
        self._last: dict[str, int] | None = None  # the sources the last check saw (nothing has run since)
        ctx = multiprocessing.get_context("forkserver")
        ctx.set_forkserver_preload(["bench.crash"])
        self.ctx = ctx

    def _new_inputs(self, n: int) -> tuple[list[str], list[int]]:
        files = []
        for _ in range(n):
            seed = self.rng.randrange(10**9)
            path = self.folder / f"t{seed}.csv"
            make_table(path, seed, self.rows)
            sha = sha256_of(path.read_bytes())
            self.expected[sha], self.tables[sha] = self.rows, str(path)
            files.append(str(path))
        seed = self.rng.randrange(10**9)
        doc = report_doc(seed)
        self.expected[doc.sha256], self.reports[doc.sha256] = len(doc.facts), seed
        return files, [seed]

    def run(self, mode: str) -> Outcome:
        """One iteration: ``mode`` is a crash-point name or ``random`` (prefix ``fresh:`` for a rebuild)."""
        fresh = mode.startswith("fresh:")
        point = mode.removeprefix("fresh:")
        before = self._last if self._last is not None else state(self.db)[0]
        files, seeds = self._new_inputs(self.rng.choice((1, 2)))
        if fresh:
            files, seeds = list(self.tables.values()), list(self.reports.values())
        # A rebuild passes each crash point once; an ingest twice (tables, then the report), so the 2nd hit exists.
        nth = 1 if fresh or not self.second_hits else self.rng.choice((1, 1, 2))
        fault = None if point == RANDOM else f"{point}:{nth}"
        start = time.monotonic()
        proc = self.ctx.Process(target=work, args=(str(self.db), files, seeds, fault, fresh))
        with main_not_reimported():
            proc.start()
        if point == RANDOM:
            proc.join(self.rng.uniform(0.0, 1.3 * max(self.durations[-5:])))
            if proc.is_alive():
                os.kill(proc.pid, signal.SIGKILL)  # type: ignore[arg-type]
        proc.join(120)
        killed = proc.exitcode == -signal.SIGKILL
        if not killed:
            self.durations.append(time.monotonic() - start)
        out = Outcome(mode, killed, 0, 0, seconds=time.monotonic() - start)
        if proc.exitcode not in (0, -signal.SIGKILL):
            out.problems.append(f"ingest exited with {proc.exitcode}")
        self._check(out, before)
        self.outcomes.append(out)
        return out

    def _check(self, out: Outcome, before: dict[str, int]) -> None:
        sources, problems, _ = state(self.db)
        out.problems += problems
        for sha, n in sources.items():
            if sha in self.expected and n != self.expected[sha]:
                out.problems.append(f"source {sha[:12]} has n_facts {n}, expected {self.expected[sha]}")
        missing = set(before) - set(sources)
        if missing:
            out.problems.append(f"{len(missing)} sources published before the crash are gone")
        out.present = sum(1 for sha in self.expected if sha in sources)
        out.absent = len(self.expected) - out.present
        self._last = sources
        if self.reingest_each:
            self._last = None
            out.problems += self.reingest()

    def reingest(self) -> list[str]:
        """Load (in this process) whatever the crashes left out; return what is still wrong afterwards."""
        self._last = None
        sources, _, _ = state(self.db)
        absent = set(self.expected) - set(sources)
        ingest_paths(Warehouse(self.db), [Path(self.tables[sha]) for sha in absent if sha in self.tables])
        with Warehouse(self.db).writer() as writer:
            for sha in absent & set(self.reports):
                load_doc(writer, report_doc(self.reports[sha]))
        after, problems, _ = state(self.db)
        out = [f"after re-ingest: {p}" for p in problems]
        if set(self.expected) - set(after):
            out.append(f"after re-ingest {len(set(self.expected) - set(after))} sources still absent")
        wrong = [sha for sha, n in after.items() if sha in self.expected and n != self.expected[sha]]
        if wrong:
            out.append(f"after re-ingest {len(wrong)} sources have the wrong number of facts")
        return out


FRESH = ("fresh:swap", "fresh:transaction", "fresh:copying", "fresh:random")


def schedule(iterations: int, rng: random.Random, fresh: tuple[str, ...] = FRESH) -> list[str]:
    """Every crash point at least once, fresh-rebuild crashes (``fresh``), then random instants."""
    named = [s for s in faults.STAGES if s not in ("swap", "locked")]
    modes = [*named, *fresh, "locked"]
    while len(modes) < iterations:
        modes.append(RANDOM if rng.random() < 0.8 else rng.choice(named))
    return modes[:iterations]


def summarise(outcomes: list[Outcome]) -> str:
    by_mode: Counter[str] = Counter(o.mode for o in outcomes)
    killed = sum(o.killed for o in outcomes)
    bad = [o for o in outcomes if o.problems]
    mean = sum(o.seconds for o in outcomes) / max(1, len(outcomes))
    lines = [
        f"iterations {len(outcomes)} · killed {killed} · finished before the kill {len(outcomes) - killed} · "
        f"with problems {len(bad)}",
        f"loads lost whole by a crash (absent, then re-ingested) {sum(o.absent for o in outcomes)} · sources "
        f"present at the end {max((o.present for o in outcomes), default=0)} · partial sources 0 unless listed below"
        f" · mean ingest-to-kill {mean:.2f}s",
        "by mode: " + ", ".join(f"{m} {n}" for m, n in sorted(by_mode.items())),
    ]
    lines += [f"  ✗ {o.mode}: {'; '.join(o.problems)}" for o in bad]
    return "\n".join(lines)


def main() -> None:
    import tempfile

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--iterations", type=int, default=200)
    parser.add_argument("--rows", type=int, default=3000)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zhibiao-crash-") as tmp:
        campaign = Campaign(Path(tmp), rows=args.rows, seed=args.seed)
        for i, mode in enumerate(schedule(args.iterations, campaign.rng), 1):
            out = campaign.run(mode)
            status = "killed" if out.killed else "finished"
            print(
                f"{i:4d} {mode:18s} {status:8s} present {out.present:4d} absent {out.absent:3d} "
                f"{out.seconds:5.2f}s {'OK' if not out.problems else 'PROBLEMS: ' + '; '.join(out.problems)}",
                flush=True,
            )
        print(summarise(campaign.outcomes))
        sys.exit(1 if any(o.problems for o in campaign.outcomes) else 0)


if __name__ == "__main__":
    from bench import crash  # run through the importable module, so fork-server children can find ``work``

    crash.main()
