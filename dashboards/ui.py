"""Page scaffolding shared by every page: the error guard, empty states, links to a fact's source sentence.

``guard`` is why no page ever shows a traceback: it turns any failure into one plain-Chinese message (with a short
reference that also appears in the server log next to the full traceback, so an administrator can find it).
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st
from streamlit.runtime.scriptrunner_utils.exceptions import ScriptControlException

from dashboards import style
from dashboards.links import source_url
from dashboards.text import escape_markdown
from warehouse.periods import PeriodError
from warehouse.store import WarehouseDamaged, WarehouseNotFound, WriterBusy

__all__ = ["empty", "friendly_error", "guard", "page_header", "sidebar", "source_url"]

log = logging.getLogger("zhibiao.dashboards")

PAGES = {
    "overview": "app_pages/overview.py",
    "trend": "app_pages/trend.py",
    "compare": "app_pages/compare.py",
    "sources": "app_pages/sources.py",
    "quality": "app_pages/quality.py",
    "upload": "app_pages/upload.py",
    "sql": "app_pages/sql.py",
}


def friendly_error(exc: BaseException) -> str:
    """One sentence in plain Chinese for a failure, never a traceback.

    >>> friendly_error(WarehouseNotFound("x"))[:10]
    '还没有可以浏览的数据'
    >>> friendly_error(KeyError("x"))
    '页面处理时出现意外问题。请刷新页面重试；如果问题反复出现，请把下方的错误编号告诉管理员。'
    """
    if isinstance(exc, WarehouseNotFound):
        return (
            "还没有可以浏览的数据：数据仓库尚未建立。请运行 `zhibiao demo` 构建演示数据，"
            "或在「导入」页上传报告或统计表。"
        )
    if isinstance(exc, WarehouseDamaged):
        return "数据仓库文件损坏，无法打开。已自动保存一份副本，请联系管理员恢复。"
    if isinstance(exc, WriterBusy):
        return "另一项导入正在进行，等待超时。请稍后再试。"
    if isinstance(exc, PeriodError):
        return (
            f"期间代码无法识别：{escape_markdown(exc)}。请使用 2023、2023H1、2023Q2、2023M05 或 2023YTD05 这样的写法。"
        )
    module = (type(exc).__module__ or "").lstrip("_")  # DuckDB's exceptions live in ``_duckdb``
    if module.startswith("duckdb"):
        if "Catalog" in type(exc).__name__:
            return "数据仓库缺少看板需要的视图或表（可能正在升级）。请稍后刷新；如果持续出现，请重新运行 `zhibiao demo` 或联系管理员。"
        return "读取数据时出错。请刷新页面重试；如果问题反复出现，请把下方的错误编号告诉管理员。"
    if isinstance(exc, MemoryError):
        return "所选数据量太大，超出了服务器的处理能力。请缩小地区、指标或期间的范围后重试。"
    return "页面处理时出现意外问题。请刷新页面重试；如果问题反复出现，请把下方的错误编号告诉管理员。"


def guard(body: Callable[[], Any]) -> None:
    """Run a page body; any failure becomes a plain message (st.stop/st.rerun/switch_page pass through)."""
    try:
        body()
    except ScriptControlException:
        raise
    except Exception as exc:  # the one place every failure is caught, logged and explained
        ref = secrets.token_hex(3).upper()
        log.exception("page failed [ref %s]", ref)
        st.error(friendly_error(exc), icon=":material/error:")
        st.caption(f"错误编号：{ref}")


def page_header(title: str, caption: str | None = None) -> None:
    """The page title and a one-line explanation of what the page is for."""
    style.apply()
    st.title(title, anchor=False)
    if caption:
        st.caption(caption)


XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def export_buttons(
    xlsx: Callable[[], Any],
    csv: Callable[[], Any],
    *,
    file_stem: str,
    keys: tuple[str, str],
    verb: str = "导出",
    primary: bool = False,
) -> None:
    """An Excel and a CSV download button side by side. The bytes are made only when a button is clicked, so a
    rerun of the page never pays for an export."""
    row = st.container(horizontal=True)  # each button as wide as its label: "导出 Excel", never "导出 …"
    row.download_button(
        f"{verb} Excel",
        xlsx,
        file_name=f"{file_stem}.xlsx",
        mime=XLSX_MIME,
        type="primary" if primary else "secondary",
        icon=":material/download:",
        on_click="ignore",
        key=keys[0],
    )
    row.download_button(
        f"{verb} CSV",
        csv,
        file_name=f"{file_stem}.csv",
        mime="text/csv",
        icon=":material/download:",
        on_click="ignore",
        key=keys[1],
    )


def empty(message: str, *, hint: str | None = None) -> None:
    """An empty state that says what to do next."""
    st.info(message + (f"\n\n{hint}" if hint else ""), icon=":material/lightbulb:")


def sidebar(generation: Callable[[], str]) -> None:
    """The sidebar footer: which snapshot the pages read, so users know how fresh the numbers are."""
    with st.sidebar:
        try:
            gen = generation()
        except Exception:  # the pages explain a missing warehouse; the footer stays quiet
            gen = None
        number = "".join(ch for ch in Path(gen).name if ch.isdigit()) if gen else ""
        if number:
            st.caption(f"数据版本：第 {int(number)} 版 · 导入新数据后自动更新")
        st.caption("指标 zhibiao · 政府统计指标仓库")
