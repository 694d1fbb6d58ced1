"""dashboards.preload: the server's background imports, and the first page run waiting for them (zhibiao serve)."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]


def run(code: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """``code`` in a fresh interpreter (the preload's state is per process), with ``tmp_path`` importable."""
    env_path = f"{tmp_path}:{ROOT}"
    return subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
        env={"PYTHONPATH": env_path, "PATH": "/usr/bin:/bin"},
    )


def test_wait_returns_at_once_when_nothing_was_started(tmp_path: Path) -> None:
    proc = run(
        """
        from dashboards import preload
        assert preload.wait(0) is True   # nothing to wait for: true without waiting at all
        assert preload.wait(5) is True
        """,
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr


def test_wait_blocks_until_the_preload_is_done_and_failures_are_logged(tmp_path: Path) -> None:
    (tmp_path / "slow_module.py").write_text("import time\ntime.sleep(1.0)\nLOADED = True\n", encoding="utf-8")
    proc = run(
        """
        import sys
        from dashboards import preload
        thread = preload.start(("slow_module", "no_such_module_for_preload"), timeout=0)
        assert preload.wait(0.05) is False        # still importing: a page would not wait forever
        assert preload.wait(30) is True
        assert not thread.is_alive()
        assert sys.modules["slow_module"].LOADED  # imported by the preload, not by the page
        """,
        tmp_path,
    )
    assert proc.returncode == 0, proc.stderr
    assert "preloading no_such_module_for_preload failed" in proc.stderr  # logged; the page's import reports it
