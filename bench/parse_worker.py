"""What parsing in a bounded worker costs, and what the worst hostile files cost the CLI.

    uv run python bench/parse_worker.py [--runs 5] [--hostile] [--code DIR]

Overhead: an ordinary small table (20 rows) read in this process (``read_file``) against the same file read by a
fresh :class:`~ingest.parse_worker.ParseWorker` (start-up included) and by a worker that is already running (a
second file of one ``ingest``); medians of ``--runs``, and the ratios against the in-process read measured here.

``--hostile`` runs ``zhibiao ingest`` on each of the worst crafted files (``tests/hostile/corpus.py``) in a fresh
warehouse and prints the exit code, seconds, the peak RSS of any process of the run and the first line of the
error. ``--code DIR`` runs the CLI of another checkout (say, an export of an older commit) for a before/after table;
every run is under an 8 GiB address-space cap so that a runaway allocation cannot take the machine.
"""

from __future__ import annotations

import argparse
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "hostile"))

SMALL = "地区,期间,指标,数值,单位\n" + "".join(f"盐田区,{2000 + i},学校数,{10 + i},所\n" for i in range(20))
_MEASURE = (
    "import resource, subprocess, sys, time\n"
    "t = time.perf_counter(); rc = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL).returncode\n"
    "print(rc, time.perf_counter() - t, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024)\n"
)


def _median(fn: object, runs: int) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        fn()  # type: ignore[operator]
        times.append(time.perf_counter() - started)
    return statistics.median(times)


def overhead(runs: int) -> None:
    from ingest.files import read_file
    from ingest.parse_worker import ParseWorker

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "small.csv"
        path.write_text(SMALL, encoding="utf-8")
        read_file(path)  # warm the in-process imports, as a running CLI or server has them
        inside = _median(lambda: read_file(path), runs)
        fresh = _median(lambda: ParseWorker().read(path), runs)
        with ParseWorker() as worker:
            worker.read(path)
            warm = _median(lambda: worker.read(path), runs)
    print(f"small table ({len(SMALL.encode())} bytes, 20 rows), median of {runs} runs")
    print(f"{'in process':<28}{inside * 1000:>10.1f} ms{1:>8.1f}×")
    print(f"{'fresh worker (with start)':<28}{fresh * 1000:>10.1f} ms{fresh / inside:>8.1f}×")
    print(f"{'running worker':<28}{warm * 1000:>10.1f} ms{warm / inside:>8.1f}×")


def hostile(code: Path) -> None:
    from corpus import WORST, write

    cap = 8 * 2**30

    def limit() -> None:
        resource.setrlimit(resource.RLIMIT_AS, (cap, cap))

    print(f"{'file':<22}{'bytes':>11}{'exit':>6}{'seconds':>9}{'peak RSS MB':>13}  first line")
    with tempfile.TemporaryDirectory() as tmp:
        for name in WORST:
            path = write(name, Path(tmp) / name)
            db = Path(tmp) / f"wh-{name}" / "warehouse.duckdb"
            cmd = [sys.executable, "-m", "zhibiao", "--db", str(db), "ingest", str(path)]
            env = {**os.environ, "PYTHONPATH": str(code)}
            started = time.perf_counter()
            proc = subprocess.run(
                [sys.executable, "-c", _MEASURE, *cmd],
                cwd=code,
                env=env,
                capture_output=True,
                text=True,
                preexec_fn=limit,
                timeout=900,
            )
            seconds = time.perf_counter() - started
            fields = proc.stdout.split()  # the wrapper's figures; the CLI's stderr passes through
            if len(fields) == 3:  # the CLI's own time, without the wrapper's start-up
                rc, seconds, rss = int(fields[0]), float(fields[1]), float(fields[2])
            else:
                rc, rss = proc.returncode, float("nan")
            first = next((line for line in proc.stderr.splitlines() if line.strip()), "")[:110]
            print(f"{name:<22}{path.stat().st_size:>11,}{rc:>6}{seconds:>9.1f}{rss:>13.0f}  {first}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--hostile", action="store_true", help="also run the CLI on the worst crafted files")
    parser.add_argument("--code", type=Path, default=ROOT, help="checkout whose CLI runs the hostile files")
    args = parser.parse_args()
    overhead(args.runs)
    if args.hostile:
        print()
        hostile(args.code.resolve())


if __name__ == "__main__":
    main()
