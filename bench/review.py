"""Time the review step on a 500-fact report: stage it, render the review table, then save 50 edits and 10 drops
and publish in one pass; against loading the same report straight away (the baseline, same process).

    uv run python -m bench.review              # 500 facts (as a module: bench/dashboards.py is not the package)
    uv run python -m bench.review --facts 2000

Prints wall-clock seconds and the ratios to the baseline load. Nothing is asserted: the figures are for comparing
runs on the same machine.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from ingest.files import ingest_paths
from warehouse import review
from warehouse.store import Warehouse

APP = Path(__file__).resolve().parents[1] / "dashboards" / "app.py"


def report(path: Path, facts: int) -> Path:
    """A report of ``facts`` facts: three per sentence, one sentence per line."""
    lines = ["澄湖区2023年工作总结"]
    lines += [f"全区建成社区服务站点{i + 10}个，养老床位{1000 + i}张，新增就业{200 + i}人。" for i in range(facts // 3)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed(label: str, action: object) -> tuple[float, object]:
    start = time.perf_counter()
    result = action()  # type: ignore[operator]
    seconds = time.perf_counter() - start
    print(f"{label:<44} {seconds:8.3f} s")
    return seconds, result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=500)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="zhibiao-bench-review-") as tmp:
        root = Path(tmp)
        text = report(root / "澄湖区2023年工作总结.txt", args.facts)
        ingest_paths(Warehouse(root / "warm.duckdb"), [text], region="澄湖区")  # imports and catalogue: not timed
        baseline, _ = timed(
            "load and publish at once (baseline)",
            lambda: ingest_paths(Warehouse(root / "a.duckdb"), [text], region="澄湖区"),
        )
        wh = Warehouse(root / "b.duckdb")
        stage, results = timed("stage as a draft", lambda: ingest_paths(wh, [text], region="澄湖区", review=True))
        source_id = results[0].source_id  # type: ignore[index]
        print(f"  facts staged: {results[0].facts}")  # type: ignore[index]
        from streamlit.testing.v1 import AppTest

        os.environ["ZHIBIAO_DB"] = str(wh.path)

        def render() -> AppTest:
            at = AppTest.from_file(str(APP), default_timeout=120)
            at.session_state["up_review"] = source_id
            at.switch_page("app_pages/upload.py")
            return at.run()

        first, at = timed("render the review page (first run)", render)
        assert not at.exception, at.exception  # type: ignore[attr-defined]
        again, _ = timed("render it again (a keystroke's rerun)", lambda: at.run())  # type: ignore[attr-defined]
        fresh, _ = timed("render it in a new session (imports done)", render)
        ids = [r[0] for r in wh.reader().rows("select id from fact where source_id = ? order by id", [source_id])]
        edits = {i: {"value": 1.0 + n} for n, i in enumerate(ids[:50])}
        drops = ids[50:60]

        def publish() -> dict[str, int]:
            with wh.writer() as writer:
                return review.review_source(writer, source_id, edits=edits, drops=drops, publish=True, via="bench")

        done, counts = timed("50 edits + 10 drops + publish, one pass", publish)
        print(f"  {counts}")
        print(f"ratios to the baseline load: stage {stage / baseline:.2f}, publish pass {done / baseline:.2f}")
        print(f"review page: first run {first:.2f} s, new session {fresh:.2f} s, rerun {again:.2f} s")


if __name__ == "__main__":
    main()
