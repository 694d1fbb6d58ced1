"""How long building the demo warehouse's table documents takes (``ingest.demo.table_docs``).

    uv run python bench/demo.py [--runs 3]

Prints the first run and the best of ``--runs``, the facts built per second, and the ratio to a floor measured in the
same process: constructing the same number of ``FactRecord`` objects from the built facts' fields, the least work any
builder of these documents does. The unit tests check the demo's content; its speed is measured here.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from ingest import demo
from ingest.model import FactRecord


def _timed_build() -> tuple[float, int, list[FactRecord]]:
    started = time.perf_counter()
    docs = demo.table_docs()
    elapsed = time.perf_counter() - started
    facts = [f for d in docs for f in d.facts]
    return elapsed, len(facts), facts  # type: ignore[return-value]


def _floor(facts: list[FactRecord]) -> float:
    fields = [dataclasses.astuple(f) for f in facts]
    started = time.perf_counter()
    _ = [FactRecord(*row) for row in fields]
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    first, n, facts = _timed_build()
    times = [first] + [_timed_build()[0] for _ in range(max(0, args.runs - 1))]
    best = min(times)
    floor = min(_floor(facts) for _ in range(3))
    print(f"demo table documents: {n:,} facts")
    print(f"first run  {first:7.2f} s")
    print(f"best of {len(times)}  {best:7.2f} s   {n / best:,.0f} facts/s")
    print(f"floor      {floor:7.3f} s   (FactRecord construction)   ratio build/floor {best / floor:,.1f}×")


if __name__ == "__main__":
    main()
