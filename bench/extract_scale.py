"""How extraction time and memory grow with the size of one document, against 100 KB baselines in the same run.

    uv run python bench/extract_scale.py [--seed 11]

Four documents built from the generated sentences of ``bench/extract.py``: 100 KB and 10 MB of ordinary report text
(many lines), and 100 KB and 1 MB of the same text with its punctuation and line breaks turned into spaces (a PDF
copy that lost them: one line, no sentence end). Each runs in a fresh child process, so its peak memory is its own:
the peak resident size during ``extract`` less the size before it. Prints seconds, MB/s, the peak, and the time per
MB relative to the baseline of the same shape: a ratio near 1 is linear time; a peak that does not grow with the
text beyond the facts it returns is flat memory.
"""

from __future__ import annotations

import argparse
import multiprocessing as mp
import random
import resource
import sys
import time
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.extract import sentence
from ingest.text import extract

_FLAT = str.maketrans({c: " " for c in "。,;!?\n，；：:"})


def document(kb: int, seed: int, *, one_line: bool) -> str:
    """About ``kb`` KB of UTF-8 report text: paragraphs of generated sentences, or the same flattened to one line."""
    rng = random.Random(seed)
    parts = ["松林区2023年民政工作总结\n"]
    size = 0
    while size < kb * 1000:
        para = "".join(sentence(rng, 2023) for _ in range(rng.randint(2, 6))) + "\n"
        parts.append(para.translate(_FLAT) if one_line else para)
        size += len(para.encode("utf-8"))
    return "".join(parts)


def _measure(kb: int, seed: int, one_line: bool, out: mp.Queue) -> None:
    text = document(kb, seed, one_line=one_line)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    t0 = time.process_time()
    facts = extract(text)
    seconds = time.process_time() - t0
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before  # KB on Linux
    longest = max((len(f.quote or "") for f in facts), default=0)
    out.put((len(text.encode("utf-8")) / 1e6, seconds, peak / 1000, len(facts), longest))


def run(kb: int, seed: int, *, one_line: bool) -> tuple[float, float, float, int, int]:
    """(MB, seconds, peak MB, facts, longest quote) of one document, measured in a child process."""
    ctx = mp.get_context("fork")
    q: mp.Queue = ctx.Queue()
    p = ctx.Process(target=_measure, args=(kb, seed, one_line, q))
    p.start()
    result = q.get()
    p.join()
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--seed", type=int, default=11)
    a = ap.parse_args()
    cases = [
        ("many lines, baseline", 100, False),
        ("many lines", 10_000, False),
        ("one line, baseline", 100, True),
        ("one line", 1_000, True),
    ]
    print(
        f"{'document':<22}{'MB':>7}{'seconds':>9}{'MB/s':>7}{'peak MB':>9}{'MB/MB':>7}{'facts':>8}{'quote≤':>8}{'s/MB ÷ base':>13}"
    )
    base: dict[bool, float] = {}
    for name, kb, one_line in cases:
        mb, seconds, peak, facts, longest = run(kb, a.seed, one_line=one_line)
        per_mb = seconds / mb
        base.setdefault(one_line, per_mb)
        print(
            f"{name:<22}{mb:>7.2f}{seconds:>9.2f}{mb / seconds:>7.2f}{peak:>9.1f}{peak / mb:>7.1f}{facts:>8,}{longest:>8}"
            f"{per_mb / base[one_line]:>13.2f}"
        )


if __name__ == "__main__":
    main()
