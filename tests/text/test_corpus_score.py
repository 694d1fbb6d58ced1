"""The extractor on a shared corpus of real report texts with hand-made gold facts, scored by that corpus's own
scorer: a set whose F1, period, kind or change score falls below the floor recorded in ``corpus_floor.json`` fails.

The corpus is not part of this repository. It is looked for at ``../shared/corpus`` beside the repository (or where
``ZHIBIAO_CORPUS`` points), with its scorer at ``../eval/score.py`` from there. Where it is absent the test is
skipped, except under CI (``CI=true``), where a missing corpus is a failure.
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from ingest.text import read_report

ROOT = Path(__file__).resolve().parents[2]
FLOOR = json.loads((Path(__file__).with_name("corpus_floor.json")).read_text(encoding="utf-8"))
SETS = {"seeds": ("0",), "D": ("D",), "H": ("H",), "all": ("0", "D", "H")}


def _corpus() -> tuple[Path, Path]:
    corpus = Path(os.environ.get("ZHIBIAO_CORPUS") or ROOT.parent / "shared" / "corpus")
    scorer = corpus.parent / "eval" / "score.py"
    if not corpus.is_dir() or not scorer.is_file():
        message = f"语料或评分脚本不存在 / corpus or scorer not found: {corpus}, {scorer} (set ZHIBIAO_CORPUS)"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return corpus, scorer


def _ratio(text: str, label: str) -> float:
    m = re.search(rf"{re.escape(label)}: (\d+)/(\d+)", text)
    assert m, f"{label!r} not in the scorer's output:\n{text}"
    return int(m.group(1)) / int(m.group(2))


@pytest.fixture(scope="module")
def scores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, dict[str, float]]:
    corpus, scorer = _corpus()
    tmp = tmp_path_factory.mktemp("corpus")
    out: dict[str, dict[str, float]] = {}
    texts = sorted(corpus.glob("*.txt"))
    predicted = {p.name: [f.to_json(doc=p.name) for f in read_report(p).facts] for p in texts}
    for name, prefixes in SETS.items():
        chosen = [p for p in texts if p.name.startswith(prefixes)]
        gold, pred = tmp / f"{name}-gold.jsonl", tmp / f"{name}-pred.jsonl"
        gold.write_text("".join(p.with_suffix(".jsonl").read_text(encoding="utf-8") for p in chosen), "utf-8")
        rows = [row for p in chosen for row in predicted[p.name]]
        pred.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), "utf-8")
        run = subprocess.run(
            [sys.executable, str(scorer), str(gold), str(pred)], capture_output=True, text=True, check=True
        )
        f1 = re.search(r"F1=([\d.]+)", run.stdout.strip().splitlines()[-1])
        assert f1, run.stdout
        out[name] = {
            "f1": float(f1.group(1)),
            "period": _ratio(run.stdout, "period correct on matched (gold period known)"),
            "kind": _ratio(run.stdout, "kind correct on matched"),
            "change": _ratio(run.stdout, "change correct on matched"),
        }
    return out


@pytest.mark.parametrize("name", list(SETS))
def test_no_set_falls_below_its_recorded_floor(scores: dict[str, dict[str, float]], name: str) -> None:
    got, floor = scores[name], FLOOR[name]
    below = {k: (round(got[k], 3), v) for k, v in floor.items() if got[k] < v}
    assert not below, f"{name}: (measured, floor) {below}; all measured: {got}"
