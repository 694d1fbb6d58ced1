"""A reader in another process keeps answering while a staged review is edited and published by ``zhibiao``.

The reader process reads published snapshots only; the draft's facts are in the master (and in the snapshots) from
the moment they are staged, yet it must see none of them in ``series`` until the publish commits, and then all of
them at once — never part of a review, never an error.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from bench.load import child_env, zhibiao

ROWS = 400

READER = """
import json, sys, time
from warehouse.store import Warehouse
reader = Warehouse(sys.argv[1]).reader()
stop = time.monotonic() + float(sys.argv[2])
target = int(sys.argv[3])
while time.monotonic() < stop:
    try:
        n = int(reader.rows("select count(*) from series")[0][0])
        print(json.dumps({"n": n}), flush=True)
        if n == target:
            break
    except Exception as exc:
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)
    time.sleep(0.02)
"""


def _cli(db: Path, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(zhibiao(*args), env=child_env(db), capture_output=True, text=True, timeout=300)


def test_a_reader_process_keeps_working_while_a_review_is_published(tmp_path: Path) -> None:
    db = tmp_path / "wh" / "warehouse.duckdb"
    base = tmp_path / "base.csv"
    base.write_text("指标,期间,数值,单位\n城市低保户数,2020,800,户\n", encoding="utf-8")
    staged = tmp_path / "staged.csv"
    lines = ["指标,期间,数值,单位"] + [f"指标{i:03d},2023,{i + 1},个" for i in range(ROWS)]
    staged.write_text("\n".join(lines) + "\n", encoding="utf-8")
    assert _cli(db, "ingest", str(base), "--region", "盐田区").returncode == 0
    review = _cli(db, "ingest", str(staged), "--region", "盐田区", "--review")
    assert review.returncode == 0, review.stderr
    reader = subprocess.Popen(
        [sys.executable, "-c", READER, str(db), "120", str(1 + ROWS)],
        env=child_env(db),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        first = reader.stdout.readline()  # type: ignore[union-attr]
        assert json.loads(first) == {"n": 1}, first  # the reader is up and sees only the published base
        edit = _cli(db, "edit", "2", "--set", "value=99")
        assert edit.returncode == 0, edit.stderr
        published = _cli(db, "publish", "2", "--user", "并发测试")
        assert published.returncode == 0, published.stderr
        out, err = reader.communicate(timeout=150)
    finally:
        if reader.poll() is None:
            reader.kill()
            reader.wait()
    lines = [json.loads(line) for line in [first, *out.splitlines()] if line.strip()]
    errors = [x["error"] for x in lines if "error" in x]
    counts = [x["n"] for x in lines if "n" in x]
    assert errors == [], errors
    assert reader.returncode == 0, err
    assert set(counts) == {1, 1 + ROWS}, sorted(set(counts))  # before, then all of the review: nothing between
    assert counts == sorted(counts) and counts[-1] == 1 + ROWS
