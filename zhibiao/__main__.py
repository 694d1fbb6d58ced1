"""``python -m zhibiao`` runs the CLI."""

from zhibiao.cli import main

main()
