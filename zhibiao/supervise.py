"""``zhibiao serve``'s Streamlit server as a child that stops with its parent.

Without this, a service manager's SIGTERM ended ``serve`` and left the Streamlit child listening on the port.
"""

from __future__ import annotations

import contextlib
import signal
import subprocess

__all__ = ["run_child"]


def run_child(cmd: list[str], env: dict[str, str]) -> int:
    """Run ``cmd`` until it exits, passing on SIGTERM, SIGINT and SIGHUP, so that stopping ``serve`` (a service
    manager's SIGTERM, a terminal's Ctrl-C) stops the Streamlit server too and frees its port. Returns its exit
    status (0 when it ended because it was asked to)."""
    proc = subprocess.Popen(cmd, env=env)
    asked: list[int] = []

    def forward(signum: int, _frame: object) -> None:
        asked.append(signum)
        with contextlib.suppress(ProcessLookupError):
            proc.send_signal(signum)

    forwarded = (signal.SIGTERM, signal.SIGINT, signal.SIGHUP)
    previous = {s: signal.signal(s, forward) for s in forwarded}
    try:
        code = proc.wait()
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)
        if proc.poll() is None:  # only if waiting itself failed: never leave the server behind
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.wait()
    if asked and (code == 0 or -code in forwarded):
        return 0
    return code if code >= 0 else 128 - code
