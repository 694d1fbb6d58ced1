"""``--help`` in Chinese with the English beside it, for typer's own words (Usage, Options, [required] …).

Typer prints its headings, the help option's text and type metavars (``<str>``, ``<list[Path]>``) in English. Its
help formatter is the customisation point the underlying click exposes (``Context.formatter_class``): every
command the group hands out gets a context whose formatter writes those words bilingually, so commands added later
are covered too.

>>> bilingual("--wait <float>  秒数  [default: 600.0]")
'--wait <数值 float>  秒数  [默认 default: 600.0]'
>>> bilingual("files... <list[Path]>"), bilingual("report files  [required]", names=False)
('文件… <路径 paths>', 'report files  [必填 required]')
"""

from __future__ import annotations

import re
from typing import Any

import typer
import typer.core

__all__ = ["BilingualGroup", "bilingual"]

HEADINGS = {
    "Usage: ": "用法 / Usage: ",
    "Arguments": "参数 / Arguments",
    "Options": "选项 / Options",
    "Commands": "命令 / Commands",
}
WORDS = [
    ("Show this message and exit.", "显示本帮助并退出 / Show this message and exit."),
    ("[required]", "[必填 required]"),
    ("[default: ", "[默认 default: "),
    ("[OPTIONS]", "[选项 OPTIONS]"),
    ("COMMAND [ARGS]...", "命令 COMMAND [参数 ARGS]..."),
    ("<list[Path]>", "<路径 paths>"),
    ("<list[str]>", "<文本 text>"),
    ("<Path>", "<路径 path>"),
    ("<path>", "<路径 path>"),
    ("[env var: ", "[环境变量 env var: "),
    ("<str>", "<文本 text>"),
    ("<float>", "<数值 float>"),
    ("<int>", "<整数 int>"),
]
_ARGUMENT = re.compile(r"\{?\b(files|query)\}?(\.\.\.)?")
_ARGUMENT_NAMES = {"files": "文件", "query": "查询"}


def bilingual(text: str, names: bool = True) -> str:
    """typer's English words in ``text`` with Chinese beside them; ``names``: also the arguments' names (in the
    usage line and the first column, not in a help sentence)."""
    for en, both in WORDS:
        text = text.replace(en, both)
    if not names:
        return text
    return _ARGUMENT.sub(lambda m: _ARGUMENT_NAMES[m[1]] + ("…" if m[2] else ""), text)


class _Formatter(typer.Context.formatter_class):  # type: ignore[misc,name-defined]
    def write_usage(self, prog: str, args: str = "", prefix: str | None = None) -> None:
        super().write_usage(prog, bilingual(args), HEADINGS["Usage: "] if prefix is None else prefix)

    def write_heading(self, heading: str) -> None:
        super().write_heading(HEADINGS.get(heading, heading))

    def write_dl(self, rows: Any, col_max: int = 30, col_spacing: int = 2) -> None:
        super().write_dl([(bilingual(a), bilingual(b, names=False)) for a, b in rows], col_max, col_spacing)


class _Context(typer.Context):
    formatter_class = _Formatter


class BilingualGroup(typer.core.TyperGroup):
    """The command group: its own help and every command's help in Chinese with the English beside it."""

    context_class = _Context

    def get_command(self, ctx: typer.Context, cmd_name: str) -> Any:
        command = super().get_command(ctx, cmd_name)
        if command is not None:
            command.context_class = _Context
        return command
