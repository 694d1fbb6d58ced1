"""``python -m zhibiao.served run APP …``: ``streamlit run`` for ``zhibiao serve``, with the dashboards' imports done
at server start instead of in the first visitor's page run (``dashboards.preload``).
"""

from __future__ import annotations

import sys
from typing import Any

LINES = {
    "You can now view your Streamlit app in your browser.": "看板已启动，请在浏览器中打开 / the dashboards are running",
    "URL:": "地址 / URL:",
    "Local URL:": "本机地址 / Local URL:",
    "Network URL:": "局域网地址 / Network URL:",
    "External URL:": "外网地址 / External URL:",
    "Stopping...": "正在停止看板… / Stopping...",
}
"""Streamlit's own status lines on the terminal, said as every other line of ``serve`` is: Chinese, then English."""


class _BilingualCli:
    """Streamlit's ``cli_util`` for its server and bootstrap modules, with the lines in :data:`LINES` translated.

    Streamlit has no setting for these lines, so the modules that print them get this stand-in; everything else is
    passed to the real module.

    >>> from types import SimpleNamespace
    >>> said = []
    >>> cli = _BilingualCli(SimpleNamespace(print_to_cli=lambda m, **k: said.append(m)))
    >>> cli.print_to_cli("  Stopping...", fg="blue"); cli.print_to_cli("  Local URL: ", nl=False); said
    ['  正在停止看板… / Stopping...', '  本机地址 / Local URL: ']
    """

    def __init__(self, real: Any) -> None:
        self._real = real

    def __getattr__(self, name: str) -> Any:
        return getattr(self._real, name)

    def print_to_cli(self, message: str, **kwargs: Any) -> None:
        core = message.strip()
        if core in LINES:
            start = message.index(core)
            message = message[:start] + LINES[core] + message[start + len(core) :]
        self._real.print_to_cli(message, **kwargs)


def _bilingual_status_lines() -> None:
    from streamlit.web import bootstrap
    from streamlit.web.server import server

    for module in (bootstrap, server):
        module.cli_util = _BilingualCli(module.cli_util)  # type: ignore[attr-defined]


def main() -> None:
    from dashboards import preload

    _bilingual_status_lines()  # before the preload thread starts importing streamlit: two threads importing one module deadlock
    preload.start()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
