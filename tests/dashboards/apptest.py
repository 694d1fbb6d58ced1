"""Helpers for AppTest-based page tests: run a page with URL parameters, read its figures and text."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from streamlit.testing.v1 import AppTest

ROOT = Path(__file__).resolve().parents[2]
APP = ROOT / "dashboards" / "app.py"

AppFactory = Callable[..., AppTest]


def make_app(page: str | None = None, **params: str | list[str]) -> AppTest:
    """An AppTest whose first run opens ``page`` with ``params`` as URL query parameters, like a shared link.

    Pages' ``url_path`` equals their file name, so the page can be chosen before the first run: nothing of another
    page (its widget state) is in the session, exactly as when a browser opens the URL.
    """
    at = AppTest.from_file(str(APP), default_timeout=60)
    at.query_params.update(params)
    if page is not None:
        at.switch_page(page)
    return at.run()


def qp(at: AppTest, name: str) -> list[str]:
    """A URL parameter as a list (AppTest stores single values as a string, repeated ones as a list)."""
    value = at.query_params.get(name)
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def plotly_specs(at: AppTest) -> list[dict[str, Any]]:
    """The plotly figures on the page as parsed JSON (Chinese is \\u-escaped in the raw spec)."""
    return [json.loads(el.proto.spec) for el in at.get("plotly_chart")]


def assert_clean(at: AppTest) -> None:
    """No exception element and no error message on the page."""
    assert not at.exception, [e.value for e in at.exception]
    assert not at.error, [e.value for e in at.error]


def texts(at: AppTest) -> str:
    """All markdown, captions, info and warning text of the page, joined (for 'is this sentence shown' checks)."""
    parts = [m.value for m in at.markdown] + [c.value for c in at.caption]
    parts += [i.value for i in at.info] + [w.value for w in at.warning] + [s.value for s in at.subheader]
    return "\n".join(parts)


def shown(markdown: str) -> str:
    """What a reader sees of Markdown produced by ``escape_markdown``: backslash escapes and word joiners removed."""
    return re.sub(r"\\(.)", r"\1", markdown).replace("\u2060", "")
