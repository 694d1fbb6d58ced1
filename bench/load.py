"""Load test: 20 simulated sessions browse the trend and compare pages of a real server while 1M facts are ingested.

    uv run python bench/load.py [--sessions 20] [--facts 1000000] [--seconds 0] [--port 0]

Builds a warehouse in a temporary directory (a small base table, so the pages have something to show), starts
``zhibiao serve`` on it, then runs ``--sessions`` client threads. Each is a real Streamlit session over the
websocket (``/_stcore/stream``, the protocol the browser speaks): it asks for a page — trend or compare, with
different indicators and regions in the URL, as different users would — and waits until the script run finished,
then asks again. Meanwhile ``zhibiao ingest`` loads a generated CSV of ``--facts`` facts (a separate process, under
the write lock). The run lasts until the ingest has finished and new facts are visible to a fresh page load (or
``--seconds``, when longer). Printed: page loads, success rate, p50/p95/max page time (before and during the ingest,
and the ratio), the server's RSS at the start, peak and end (psutil, with its children), the ingest's time.

:class:`PageClient` is also used by ``tests/concurrency`` to read what the running server shows.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import random
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from websockets.sync.client import connect

FINISHED = ForwardMsg.ScriptFinishedStatus.FINISHED_SUCCESSFULLY
ROOT = Path(__file__).resolve().parent.parent


@dataclass
class Page:
    """What one script run of a page sent to the browser."""

    name: str
    seconds: float = 0.0
    elements: list[tuple[str, str]] = field(default_factory=list)
    """(element type, its text: markdown body, metric label=value, caption, exception message …)."""
    exceptions: list[str] = field(default_factory=list)

    def texts(self, kind: str | None = None) -> list[str]:
        return [text for k, text in self.elements if kind is None or k == kind]

    def metric(self, label: str) -> str | None:
        """The value shown by the ``st.metric`` labelled ``label``."""
        for text in self.texts("metric"):
            name, _, value = text.partition("=")
            if name == label:
                return value
        return None


def _describe(msg: ForwardMsg) -> tuple[str, str] | None:
    if not msg.delta.HasField("new_element"):
        return None
    el = msg.delta.new_element
    kind = el.WhichOneof("type") or ""
    if kind == "metric":
        return kind, f"{el.metric.label}={el.metric.body}"
    if kind == "exception":
        return kind, f"{el.exception.type}: {el.exception.message}"
    if kind in ("markdown", "text", "alert", "heading"):
        part = getattr(el, kind)
        return kind, getattr(part, "body", "")
    return kind, ""


class PageClient:
    """One browser-like session on a running Streamlit server (one websocket, many page loads)."""

    def __init__(self, base_url: str, *, timeout: float = 120.0) -> None:
        ws_url = base_url.replace("http://", "ws://").rstrip("/") + "/_stcore/stream"
        self.timeout = timeout
        self._ws = connect(  # entered here, closed by close(): one connection for the client's lifetime
            ws_url,
            subprotocols=["streamlit"],  # type: ignore[list-item]
            open_timeout=timeout,
            max_size=None,
        ).__enter__()

    def close(self) -> None:
        self._ws.close()

    def __enter__(self) -> PageClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def load(self, page: str, query: str = "") -> Page:
        """Run ``page`` (its url path, e.g. ``trend``; ``""`` is the default page) with ``query`` to the end."""
        back = BackMsg()
        back.rerun_script.page_name = page
        back.rerun_script.query_string = query
        start = time.monotonic()
        self._ws.send(back.SerializeToString())
        out = Page(page)
        missing = False
        deadline = start + self.timeout
        while True:
            msg = ForwardMsg()
            msg.ParseFromString(self._ws.recv(timeout=max(0.1, deadline - time.monotonic())))
            kind = msg.WhichOneof("type")
            if kind == "delta":
                described = _describe(msg)
                if described is not None:
                    out.elements.append(described)
                    if described[0] == "exception":
                        out.exceptions.append(described[1])
            elif kind == "page_not_found":
                missing = True  # Streamlit runs the default page instead; read on to the end of that run
            elif kind == "script_finished":
                if msg.script_finished == FINISHED:
                    if missing:
                        raise LookupError(f"page not found: {page!r}")
                    out.seconds = time.monotonic() - start
                    return out
                if msg.script_finished == ForwardMsg.ScriptFinishedStatus.FINISHED_WITH_COMPILE_ERROR:
                    raise RuntimeError(f"{page}: the page failed to compile")


# -- the server and its data ---------------------------------------------------------------------------------------
INDICATORS = [("城市低保户数", "户"), ("农村低保人数", "人"), ("养老机构床位数", "张"), ("城镇新增就业人数", "人")]
REGIONS = {"盐田区": "440308", "福田区": "440304", "南山区": "440305", "罗湖区": "440303", "宝安区": "440306"}


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def county_codes(n: int) -> list[str]:
    """The browsed regions first, then other county-level codes of the bundled catalogue, ``n`` in all."""
    codes = list(REGIONS.values())
    with open(ROOT / "ingest" / "catalog" / "regions.csv", encoding="utf-8") as f:
        for line in f:
            code, _, level = line.split(",")[:3]
            if len(codes) >= n:
                break
            if level == "县" and code.isdigit() and code not in codes:
                codes.append(code)
    return codes


def write_facts(path: Path, n: int, *, monthly: bool, seed: int = 1) -> int:
    """A long CSV of ``n`` distinct facts; returns ``n``.

    Annual: the 20 browsed series (5 regions × 4 indicators) from 1900 on. Monthly: enough regions that
    region × indicator × month (1900M01 … 2200M12) holds ``n`` facts.
    """
    rng = random.Random(seed)
    months = (2200 - 1900 + 1) * 12
    regions = (
        county_codes(max(len(REGIONS), -(-n // (months * len(INDICATORS))))) if monthly else list(REGIONS.values())
    )
    series = [(r, i, u) for r in regions for i, u in INDICATORS]
    with open(path, "w", encoding="utf-8") as f:
        f.write("region,indicator,period,value,unit\n")
        for k in range(n):
            region, name, unit = series[k % len(series)]
            step = k // len(series)
            period = f"{1900 + step // 12}M{step % 12 + 1:02d}" if monthly else str(1900 + step)
            f.write(f"{region},{name},{period},{rng.randint(1, 10**6)},{unit}\n")
    return n


def zhibiao(*args: str) -> list[str]:
    """The command line of the installed ``zhibiao`` entry point (beside this interpreter)."""
    exe = Path(sys.executable).with_name("zhibiao")
    return [str(exe), *args] if exe.exists() else [sys.executable, "-m", "zhibiao", *args]


def child_env(db: Path) -> dict[str, str]:
    """The environment for a ``zhibiao`` child process on ``db``.

    Where the environment forbids writing bytecode next to the sources (``PYTHONDONTWRITEBYTECODE``), every child
    would compile streamlit, polars and the project afresh (seconds each); the children cache it outside the
    checkout instead (``PYTHONPYCACHEPREFIX``), so only the first one pays.
    """
    env = {**os.environ, "ZHIBIAO_DB": str(db)}
    if env.pop("PYTHONDONTWRITEBYTECODE", None) is not None:
        env.setdefault("PYTHONPYCACHEPREFIX", str(Path(tempfile.gettempdir()) / "zhibiao-pycache"))
    return env


def wait_healthy(base_url: str, proc: subprocess.Popen[bytes], timeout: float = 120.0) -> float:
    """Seconds until ``/_stcore/health`` answers ``ok``; raises if the server exits or never answers."""
    start = time.monotonic()
    while time.monotonic() - start < timeout:
        if proc.poll() is not None:
            raise RuntimeError(f"the server exited with {proc.returncode}")
        with contextlib.suppress(OSError), urllib.request.urlopen(base_url + "/_stcore/health", timeout=2) as r:
            if r.read().strip() == b"ok":
                return time.monotonic() - start
        time.sleep(0.2)
    raise TimeoutError(f"{base_url} not healthy after {timeout:.0f}s")


@contextlib.contextmanager
def serve(db: Path, log: Path, port: int | None = None) -> Iterator[tuple[str, subprocess.Popen[bytes]]]:
    """``zhibiao serve`` on ``db`` (a new process group, stopped afterwards); yields its URL and process."""
    port = port or free_port()
    env = child_env(db)
    # Served as in production: no reloading of modules when files in the checkout change (a developer's edit while
    # 20 sessions run made concurrent re-imports fail: "cannot import name 'data' from 'dashboards'").
    env["STREAMLIT_SERVER_FILE_WATCHER_TYPE"] = "none"
    with open(log, "wb") as out:
        proc = subprocess.Popen(
            zhibiao("serve", "--port", str(port), "--host", "127.0.0.1"),
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,
            cwd=ROOT,
        )
    base = f"http://127.0.0.1:{port}"
    try:
        wait_healthy(base, proc)
        yield base, proc
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(proc.pid, signal.SIGTERM)
        try:
            proc.wait(15)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
            proc.wait(5)


def rss_tree(pid: int) -> int:
    """Resident memory of ``pid`` and its children, in bytes (the streamlit server is serve's child)."""
    import psutil

    try:
        root = psutil.Process(pid)
        procs = [root, *root.children(recursive=True)]
    except psutil.NoSuchProcess:
        return 0
    total = 0
    for p in procs:
        with contextlib.suppress(psutil.NoSuchProcess):
            total += p.memory_info().rss
    return total


# -- the load run --------------------------------------------------------------------------------------------------
@dataclass
class Sample:
    """One page load: when it started and ended (monotonic seconds), and whether it worked."""

    page: str
    start: float
    end: float
    ok: bool
    error: str = ""
    first: bool = False
    """The session's first load (a new session: widgets, caches of its selection) — reported apart."""

    @property
    def seconds(self) -> float:
        return self.end - self.start


def browse(base: str, who: int, stop: threading.Event, out: list[Sample]) -> None:
    """One simulated user: trend and compare pages with this user's own indicator and regions, in a loop."""
    rng = random.Random(who)
    start = time.monotonic()
    try:
        client = PageClient(base)
    except Exception as exc:
        out.append(Sample("connect", start, time.monotonic(), False, f"{type(exc).__name__}: {exc}"))
        return
    loads = 0
    with client:
        while not stop.is_set():
            name, _ = INDICATORS[rng.randrange(len(INDICATORS))]
            regions = rng.sample(sorted(REGIONS.values()), rng.randint(1, 3))
            page = rng.choice(("trend", "compare"))
            query = "&".join([f"q={name}", *(f"region={r}" for r in regions)])
            start = time.monotonic()
            try:
                result = client.load(page, query)
                ok, error = not result.exceptions, "; ".join(result.exceptions)
            except Exception as exc:
                ok, error = False, f"{type(exc).__name__}: {exc}"
            out.append(Sample(page, start, time.monotonic(), ok, error, first=loads == 0))
            loads += 1
            if not ok and "Connection" in error:
                return


def pct(values: list[float], q: float) -> float:
    """The ``q`` quantile of ``values`` (nearest rank; NaN when empty).

    >>> pct([1.0, 2.0, 3.0, 4.0, 5.0], 0.95), pct([], 0.5) != pct([], 0.5)
    (5.0, True)
    """
    if not values:
        return float("nan")
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def facts_shown(base: str) -> str | None:
    """The fact count the overview page of a fresh session shows."""
    with PageClient(base) as client:
        return client.load("").metric("指标数据")  # the overview is the default page


@dataclass
class Run:
    """Everything one load run measured."""

    samples: list[Sample]
    ingest: tuple[float, float]
    ingest_code: int
    ingest_error: str
    seen: str | None
    visible_after: float
    rss: tuple[int, int, int]
    tracebacks: int
    lock_errors: int


def run(sessions: int, facts: int, seconds: float, port: int | None) -> Run:
    with tempfile.TemporaryDirectory(prefix="zhibiao-load-") as tmp:
        folder = Path(tmp)
        db = folder / "warehouse.duckdb"
        base_csv, big_csv = folder / "base.csv", folder / "big.csv"
        write_facts(base_csv, 2_000, monthly=False)
        t = time.monotonic()
        write_facts(big_csv, facts, monthly=True, seed=2)
        print(f"generated {facts:,} facts ({big_csv.stat().st_size / 1e6:.0f} MB) in {time.monotonic() - t:.1f}s")
        env = child_env(db)
        subprocess.run(zhibiao("ingest", str(base_csv)), env=env, check=True, capture_output=True)
        with serve(db, folder / "serve.log", port) as (base, server):
            with PageClient(base) as warm:  # the first run imports the pages' modules
                warm.load("trend", f"q={INDICATORS[0][0]}")
                warm.load("compare", f"q={INDICATORS[0][0]}")
            rss_start = rss_peak = rss_tree(server.pid)
            stop = threading.Event()
            samples: list[Sample] = []
            threads = [
                threading.Thread(target=browse, args=(base, i, stop, samples), daemon=True) for i in range(sessions)
            ]
            begin = time.monotonic()
            for th in threads:
                th.start()
            while len(samples) < 3 * sessions and time.monotonic() - begin < 600:  # a baseline before the ingest
                time.sleep(0.2)
            t0 = time.monotonic()
            proc = subprocess.Popen(
                zhibiao("ingest", str(big_csv)), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
            )
            while proc.poll() is None:
                rss_peak = max(rss_peak, rss_tree(server.pid))
                time.sleep(0.5)
            t1 = time.monotonic()
            _, ingest_err = proc.communicate()
            expected = 2_000 + facts
            seen = None
            for _ in range(60):  # a fresh page load must show the new facts (no restart)
                seen = facts_shown(base)
                if seen is not None and int(seen.replace(",", "")) == expected:
                    break
                time.sleep(1)
            visible_after = time.monotonic() - t1
            while time.monotonic() - begin < seconds:
                rss_peak = max(rss_peak, rss_tree(server.pid))
                time.sleep(0.5)
            stop.set()
            for th in threads:
                th.join(300)
            rss_end = rss_tree(server.pid)
            log = (folder / "serve.log").read_text(encoding="utf-8", errors="replace")
    return Run(
        samples,
        (t0, t1),
        proc.returncode,
        ingest_err.decode(errors="replace").strip()[-300:],
        seen,
        visible_after,
        (rss_start, max(rss_peak, rss_end), rss_end),
        log.count("Traceback"),
        log.lower().count("could not set lock"),
    )


def report(r: Run, sessions: int, facts: int) -> bool:
    """Print the figures; True when every page load succeeded, the ingest worked and the server logged no error."""
    t0, t1 = r.ingest
    succeeded = sum(s.ok for s in r.samples)
    first = [s.seconds for s in r.samples if s.ok and s.first]
    ok = [s for s in r.samples if s.ok and not s.first]
    phases = {
        "before the ingest": [s.seconds for s in ok if s.end <= t0],
        "during the ingest": [s.seconds for s in ok if s.start < t1 and s.end > t0],
        "after the ingest": [s.seconds for s in ok if s.start >= t1],
    }
    print(
        f"sessions {sessions} · page loads {len(r.samples):,} · succeeded {succeeded:,} "
        f"({100 * succeeded / max(1, len(r.samples)):.1f}%)"
    )
    every = [s.seconds for s in ok]
    print(f"first load of each session (all at once, cold): n {len(first)} · p50 {pct(first, 0.5):.2f}s")
    print("later loads:")
    print(
        f"page time, all: p50 {pct(every, 0.5):.2f}s · p95 {pct(every, 0.95):.2f}s · max {max(every, default=0):.2f}s"
    )
    for name, times in phases.items():
        print(f"  {name}: n {len(times)} · p50 {pct(times, 0.5):.2f}s · p95 {pct(times, 0.95):.2f}s")
    before, during = phases["before the ingest"], phases["during the ingest"]
    print(f"  p95 during / before the ingest: {pct(during, 0.95) / pct(before, 0.95):.2f}")
    for page in ("trend", "compare"):
        times = [s.seconds for s in ok if s.page == page]
        print(f"  {page}: n {len(times)} · p50 {pct(times, 0.5):.2f}s · p95 {pct(times, 0.95):.2f}s")
    print(f"ingest of {facts:,} facts (zhibiao ingest, separate process): {t1 - t0:.1f}s, exit {r.ingest_code}")
    if r.ingest_code:
        print(f"  {r.ingest_error}")
    print(
        f"a fresh page load showed {r.seen} facts (expected {2_000 + facts:,}) {r.visible_after:.1f}s after the "
        "ingest ended"
    )
    mb = 1024 * 1024
    start, peak, end = r.rss
    print(
        f"server RSS (with children): start {start / mb:.0f} MB · peak {peak / mb:.0f} MB · end {end / mb:.0f} MB · "
        f"growth {(end - start) / mb:+.0f} MB"
    )
    for e in sorted({s.error for s in r.samples if not s.ok})[:10]:
        print(f"  ✗ {e[:300]}")
    print(f"server log: {r.tracebacks} tracebacks, {r.lock_errors} lock errors")
    return succeeded == len(r.samples) and r.ingest_code == 0 and not r.tracebacks and not r.lock_errors


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sessions", type=int, default=20)
    parser.add_argument("--facts", type=int, default=1_000_000)
    parser.add_argument("--seconds", type=float, default=0.0, help="minimum length of the browsing phase")
    parser.add_argument("--port", type=int, default=0)
    args = parser.parse_args()
    result = run(args.sessions, args.facts, args.seconds, args.port or None)
    sys.exit(0 if report(result, args.sessions, args.facts) else 1)


if __name__ == "__main__":
    main()
