"""kill -9 an ingest at every crash point and at random instants; the warehouse must recover by itself each time.

Each iteration is one real process (forked from a preloaded fork server, so it starts in a fraction of a second) that
ingests new CSV files and a report with stated changes, and is killed with SIGKILL — at a named point of the write
path (``warehouse/faults.py``) or after a random delay. Afterwards a brand-new reader must open the warehouse on its
own, every source must be fully present (its ``n_facts`` equals the file's rows and its fact rows) or absent, nothing
published earlier may be missing, and the integrity checks must pass. ``bench/crash.py`` runs the long campaign
(including crashes of a fresh rebuild).
"""

from __future__ import annotations

import random
from pathlib import Path

from bench.crash import RANDOM, Campaign, schedule
from warehouse import faults, publish
from warehouse.store import Warehouse

KILLS = 20
MAX_ITERATIONS = 32


def test_kill_9_during_ingest_leaves_each_source_whole_or_absent(tmp_path: Path) -> None:
    campaign = Campaign(tmp_path, rows=20, seed=20261123, reingest_each=False, second_hits=False)
    modes = schedule(22, random.Random(5), fresh=())
    assert set(modes) >= set(faults.STAGES) - {"swap"} | {RANDOM}
    for mode in modes:
        out = campaign.run(mode)
        assert not out.problems, f"{mode}: {out.problems}"
    while sum(o.killed for o in campaign.outcomes) < KILLS and len(campaign.outcomes) < MAX_ITERATIONS:
        out = campaign.run(RANDOM)  # a random delay that outlived the ingest killed nothing: try another
        assert not out.problems, f"{RANDOM}: {out.problems}"
    assert sum(o.killed for o in campaign.outcomes) >= KILLS
    # Both outcomes occurred: crashes before the commit lost the load in flight, crashes after it kept it whole.
    assert any(o.absent for o in campaign.outcomes)
    assert len({o.present for o in campaign.outcomes}) > 1
    # Whatever the crashes left out loads again, and the final state is consistent and published.
    assert campaign.reingest() == []
    wh = Warehouse(campaign.db)
    assert not wh.needs_recovery()
    n_sources, n_facts = wh.reader().rows("select count(*), sum(n_facts) from source")[0]
    assert n_sources >= len(campaign.expected)
    assert n_facts >= sum(campaign.expected.values())
    assert len(publish.snapshots(campaign.db)) <= publish.KEEP
