"""Large-table ingest: stream a long CSV of N MB, read it, load it; print MB/s and peak RSS per stage.

    uv run python bench/ingest_large.py [--mb 200] [--encoding utf-8|gbk] [--keep DIR]

The file comes from ``tests/ingest/ingest_corpus.write_large_csv`` (the same generator the test suite runs at a few
MB). Stages: generate (write the file), read (``read_table``: decode, parse, lay out, the fact frame), load (one
transaction into a fresh warehouse, with snapshot publish), reload (same bytes: the content-hash check only).
Each stage runs in a fresh child process so its peak RSS is its own; the baseline row is a child that only imports
the ingest stack, and the ratio column compares each stage's RSS with it.
"""

from __future__ import annotations

import argparse
import multiprocessing
import resource
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests" / "ingest"))


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _stage(name: str, path: str, db: str, mb: float, encoding: str, out: multiprocessing.Queue) -> None:  # type: ignore[type-arg]
    from ingest_corpus import write_large_csv

    from ingest.files import ingest_paths
    from ingest.tables import read_table_with_stats
    from warehouse.store import Warehouse

    started = time.perf_counter()
    detail = ""
    if name == "generate":
        facts = write_large_csv(Path(path), int(mb * 2**20), encoding=encoding)
        detail = f"{facts:,} facts"
    elif name == "read":
        doc, stats = read_table_with_stats(Path(path))
        detail = f"{len(doc.facts):,} facts, {stats.quarantined} quarantined, {stats.encoding}"
    elif name in ("load", "reload"):
        [result] = ingest_paths(Warehouse(Path(db)), [Path(path)])
        detail = f"{result.status}: {result.facts:,} facts"
    seconds = time.perf_counter() - started
    out.put((name, seconds, _peak_mb(), detail))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--mb", type=float, default=200.0, help="size of the generated CSV in MB (default 200)")
    parser.add_argument("--encoding", default="utf-8", help="encoding of the generated file (utf-8 or gbk)")
    parser.add_argument(
        "--keep", type=Path, help="write the file and warehouse here and keep them (default: a temp dir, removed after)"
    )
    args = parser.parse_args()

    folder = args.keep or Path(tempfile.mkdtemp(prefix="zhibiao-ingest-large-"))
    folder.mkdir(parents=True, exist_ok=True)
    try:
        run(args, folder)
    finally:
        if args.keep is None:
            shutil.rmtree(folder, ignore_errors=True)  # a 200 MB CSV and its warehouse: gone unless asked to keep


def run(args: argparse.Namespace, folder: Path) -> None:
    """The five stages in fresh child processes, then the table of figures."""
    path, db = folder / "large.csv", folder / "wh" / "warehouse.duckdb"
    ctx = multiprocessing.get_context("spawn")
    queue = ctx.Queue()
    rows = []
    for name in ("baseline", "generate", "read", "load", "reload"):
        child = ctx.Process(target=_stage, args=(name, str(path), str(db), args.mb, args.encoding, queue))
        child.start()
        rows.append(queue.get())
        child.join()
        if child.exitcode:
            sys.exit(f"stage {name} failed with exit code {child.exitcode}")
    size_mb = path.stat().st_size / 2**20
    base_rss = rows[0][2]
    print(f"ingest of a {size_mb:.0f} MB long CSV ({args.encoding}), {folder}")
    print(f"{'stage':<10}{'seconds':>9}{'MB/s':>9}{'peak RSS MB':>13}{'× baseline':>12}  detail")
    for name, seconds, rss, detail in rows:
        rate = f"{size_mb / seconds:9.1f}" if name != "baseline" and seconds > 0 else f"{'':>9}"
        print(f"{name:<10}{seconds:9.2f}{rate}{rss:13.0f}{rss / base_rss:12.1f}  {detail}")


if __name__ == "__main__":
    main()
