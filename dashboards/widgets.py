"""Pickers whose state lives in ``st.query_params``, so every view of every page is a shareable URL.

Each picker seeds its widget from the URL on first render (or when the stored value is no longer valid), then
writes the chosen value back to the URL. Lists use repeated parameters (``?region=990102&region=990103``), so codes
never need escaping. Widget keys are ``qp_<param>``.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import polars as pl
import streamlit as st

from dashboards import format as fmt
from dashboards.regiontree import RegionTree
from warehouse import periods

__all__ = [
    "indicator_picker",
    "multiselect",
    "param",
    "param_int",
    "params",
    "period_kind_picker",
    "region_tree_picker",
    "segmented",
    "select",
    "set_param",
    "text",
    "toggle",
]


def param(name: str) -> str | None:
    """A single query parameter ('' and missing both give None)."""
    value = st.query_params.get(name)
    return value or None


def params(name: str) -> list[str]:
    """A repeated query parameter, in URL order."""
    return [v for v in st.query_params.get_all(name) if v]


def param_int(name: str) -> int | None:
    """An integer query parameter; None when missing or not a number."""
    value = param(name)
    try:
        return int(value) if value is not None else None
    except ValueError:
        return None


def set_param(name: str, value: str | Sequence[str] | None) -> None:
    """Write ``value`` to the URL (a list as repeated parameters); None or empty removes the parameter."""
    if value is None or (not isinstance(value, str) and not list(value)) or value == "":
        if name in st.query_params:
            del st.query_params[name]
        return
    new = value if isinstance(value, str) else [str(v) for v in value]
    current = st.query_params.get(name) if isinstance(new, str) else st.query_params.get_all(name)
    if current != new:  # each write is a message to the browser; skip it when nothing changed
        st.query_params[name] = new


def _seed(key: str, valid: Callable[[Any], bool], from_url: Any, default: Any) -> None:
    if key not in st.session_state or not valid(st.session_state[key]):
        st.session_state[key] = from_url if valid(from_url) else default


def select(
    label: str,
    options: Sequence[str],
    name: str,
    *,
    format_func: Callable[[str], str] = str,
    default: str | None = None,
    help: str | None = None,
    on_change: Callable[[], None] | None = None,
    container: Any = None,
) -> str | None:
    """A selectbox kept in ``?name=``; None only when there are no options."""
    if not options:
        return None
    key = f"qp_{name}"
    fallback = default if default in options else options[0]
    _seed(key, lambda v: v in options, param(name), fallback)
    value = (container or st).selectbox(
        label, options, key=key, format_func=format_func, help=help, on_change=on_change
    )
    set_param(name, value)
    return value


def multiselect(
    label: str,
    options: Sequence[str],
    name: str,
    *,
    format_func: Callable[[str], str] = str,
    default: Sequence[str] = (),
    help: str | None = None,
    placeholder: str | None = None,
    container: Any = None,
) -> list[str]:
    """A multiselect kept in repeated ``?name=`` parameters (invalid codes in the URL are dropped)."""
    key = f"qp_{name}"
    allowed = set(options)

    current = st.session_state.get(key)
    if not isinstance(current, list) or any(x not in allowed for x in current):
        # First render, or options changed under it: the URL wins, else the default. A list the user emptied
        # stays empty (the page then says what to pick) instead of snapping back to the default.
        from_url = [v for v in params(name) if v in allowed]
        st.session_state[key] = from_url or [d for d in default if d in allowed]
    value = (container or st).multiselect(
        label, options, key=key, format_func=format_func, help=help, placeholder=placeholder or "请选择"
    )
    set_param(name, value)
    return list(value)


def segmented(
    label: str,
    options: Sequence[str],
    name: str,
    *,
    format_func: Callable[[str], str] = str,
    default: str | None = None,
    container: Any = None,
) -> str | None:
    """A single-choice segmented control kept in ``?name=`` (it cannot be emptied)."""
    if not options:
        return None
    key = f"qp_{name}"
    fallback = default if default in options else options[0]
    _seed(key, lambda v: v in options, param(name), fallback)
    value = (container or st).segmented_control(label, options, key=key, format_func=format_func, required=True)
    value = value if value in options else fallback
    set_param(name, value)
    return value


def toggle(label: str, name: str, *, default: bool = False, help: str | None = None, container: Any = None) -> bool:
    """A toggle kept in ``?name=1`` / ``?name=0``."""
    key = f"qp_{name}"
    raw = param(name)
    _seed(key, lambda v: isinstance(v, bool), None if raw is None else raw == "1", default)
    value = bool((container or st).toggle(label, key=key, help=help))
    set_param(name, "1" if value else "0")
    return value


def text(
    label: str,
    name: str,
    *,
    placeholder: str = "",
    help: str | None = None,
    container: Any = None,
    area: bool = False,
    height: int | None = None,
) -> str:
    """A text input (or text area) kept in ``?name=``."""
    key = f"qp_{name}"
    _seed(key, lambda v: isinstance(v, str), param(name) or "", "")
    box = container or st
    if area:
        value = box.text_area(label, key=key, placeholder=placeholder, help=help, height=height)
    else:
        value = box.text_input(label, key=key, placeholder=placeholder, help=help)
    set_param(name, value.strip() or None)
    return value


def period_kind_picker(
    kinds: Sequence[str], name: str = "period", container: Any = None, default: str | None = None
) -> str | None:
    """年度 / 半年 / 季度 / 年内累计 / 月度, limited to the kinds the data has; opens on ``default`` (the kind with the
    most data) unless the URL names one. A period in the URL (?period=H1, 2023Q3) means its kind."""
    raw = param(name)
    code = (raw if raw[:1].isdigit() else f"2000{raw}") if raw else None
    kind = fmt.period_kind(code) if code and periods.is_valid(code) else None
    if kind and kind != raw and kind in kinds:
        set_param(name, kind)
    return segmented(
        "期间类型",
        list(kinds),
        name,
        format_func=lambda k: fmt.KIND_LABELS.get(k) or fmt.escape_markdown(k),
        default=default or "Y",
        container=container,
    )


# -- regions -----------------------------------------------------------------------------------------------------
def region_tree_picker(
    tree: RegionTree, *, scope_name: str = "scope", regions_name: str = "region", container: Any = None
) -> tuple[str | None, list[str]]:
    """Drill down a region tree: pick a scope (city, a district…), then regions within it (default: its children).

    Changing the scope resets the chosen regions to the new scope's children.
    """
    if not len(tree):
        return None, []

    def reset_regions() -> None:
        st.session_state.pop(f"qp_{regions_name}", None)
        set_param(regions_name, None)

    box = container or st
    scope = select(
        "地区范围",
        tree.scopes,
        scope_name,
        format_func=tree.label,
        on_change=reset_regions,
        help="先选上级地区，再在其下选择要比较的地区；可逐级下钻到街道、乡镇",
        container=box,
    )
    top = tree.node(scope or "")
    assert top is not None
    with_data = [c for c in top.children if (n := tree.node(c)) is not None and n.has_data]
    node = tree.node

    def indented(c: str) -> str:
        n = node(c)
        return ("　" * (n.depth - top.depth)) + n.name if n is not None else c

    chosen = multiselect(
        "地区",
        tree.below(top.code),
        regions_name,
        default=with_data or [top.code],
        format_func=indented,
        help="可多选；列表按行政层级缩进排列",
        container=box,
    )
    return scope, chosen


# -- indicators --------------------------------------------------------------------------------------------------
def _matches(row: dict[str, Any], needle: str) -> bool:
    hay = [row["name"], row["code"], *(row.get("aliases") or [])]
    return any(needle.lower() in (h or "").lower() for h in hay)


def indicator_picker(
    indicators: pl.DataFrame,
    *,
    domain_name: str = "domain",
    indicator_name: str = "indicator",
    search_name: str = "q",
    container: Any = None,
) -> str | None:
    """领域 → 指标, with a search box over names, codes and aliases (别名). Returns the indicator code."""
    box = container or st
    rows = list(indicators.iter_rows(named=True))
    if not rows:
        return None
    needle = text(
        "搜索指标",
        search_name,
        placeholder="名称或别名，如：低保",
        container=box,
        help="按指标名称、代码或别名查找，例如输入“低保家庭”也能找到“城市低保户数”",
    ).strip()
    domains = list(dict.fromkeys(r["domain"] or "" for r in rows))
    names = {r["domain"] or "": r["domain_name"] for r in rows}
    domain = select(
        "领域", ["*", *domains], domain_name, format_func=lambda d: "全部领域" if d == "*" else names[d], container=box
    )
    pool = [r for r in rows if domain in ("*", None) or (r["domain"] or "") == domain]
    if needle:
        pool = [r for r in rows if _matches(r, needle)]  # a search looks across every domain
    if not pool:
        box.info(f"没有找到与“{fmt.escape_markdown(needle)}”匹配的指标。请换一个关键词，或清空搜索框后按领域浏览。")
        return None
    info = {r["code"]: r for r in pool}

    def label(code: str) -> str:
        r = info[code]
        text_ = f"{r['name']}（{r['unit']}）" if r["unit"] else r["name"]
        aliases = [a for a in (r.get("aliases") or []) if needle and needle.lower() in a.lower()]
        return f"{text_} · 别名：{'、'.join(aliases)}" if aliases else text_

    # Default to the best-covered indicator: a first visit should show a full chart, not an empty one.
    richest = max(pool, key=lambda r: r.get("n") or 0)["code"]
    return select("指标", list(info), indicator_name, format_func=label, default=richest, container=box)
