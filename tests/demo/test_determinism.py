"""The demo is deterministic: same facts and SHA-256s on every run, in every process, on every machine."""

from __future__ import annotations

import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

from ingest import demo

GOLDEN = Path(__file__).with_name("golden_digest.txt")

_DIGEST = """
import hashlib, json
from ingest import demo
docs = demo.table_docs()
print(json.dumps({"shas": [d.sha256 for d in docs], "n": sum(len(d.facts) for d in docs)}))
"""


def _fact_digest(docs: list) -> str:
    h = hashlib.sha256()
    for doc in docs:
        for f in doc.facts:
            h.update(repr((f.indicator, f.region, f.period, f.value, f.unit, f.suspect, f.parent, f.location)).encode())
    return h.hexdigest()


def test_two_builds_are_identical(built) -> None:
    again = demo.table_docs()
    assert [d.sha256 for d in again] == [d.sha256 for d in built.docs]
    assert [d.facts for d in again] == [d.facts for d in built.docs]
    assert len({d.sha256 for d in again}) == len(again)


def test_regions_are_identical_across_calls() -> None:
    assert demo.regions() == demo.regions()


def test_another_process_with_another_hash_seed_agrees(built) -> None:
    root = Path(demo.__file__).resolve().parents[2]
    env = {**os.environ, "PYTHONHASHSEED": "12345"}
    out = subprocess.run([sys.executable, "-c", _DIGEST], cwd=root, env=env, capture_output=True, text=True, check=True)
    got = json.loads(out.stdout)
    assert got["shas"] == [d.sha256 for d in built.docs]
    assert got["n"] == len(built.facts)


def test_golden_digest_pins_the_content_across_machines(built) -> None:
    """Fails when the data files or the generator change: bump DEMO_VERSION and rewrite golden_digest.txt.

    The generator uses only ``random.Random(str)`` and + - * / on floats, so the digest is the same on any
    IEEE-754 machine; a mismatch without a code change means a platform broke that promise.
    """
    expected = dict(line.split("=", 1) for line in GOLDEN.read_text(encoding="utf-8").split())
    actual = {
        "version": demo.DEMO_VERSION,
        "sources": hashlib.sha256("".join(d.sha256 for d in built.docs).encode()).hexdigest(),
        "facts": _fact_digest(built.docs),
    }
    assert actual == expected, f"demo content changed; if intended, bump DEMO_VERSION and write {actual} to {GOLDEN}"
