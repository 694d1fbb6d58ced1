"""``python -m zhibiao.served run APP …``: ``streamlit run`` for ``zhibiao serve``, with the dashboards' imports done
at server start instead of in the first visitor's page run (``dashboards.preload``).
"""

from __future__ import annotations

import sys


def main() -> None:
    from dashboards import preload

    preload.start()
    from streamlit.web import cli

    sys.argv = ["streamlit", *sys.argv[1:]]
    cli.main()


if __name__ == "__main__":
    main()
