"""Links between pages that travel in tables and URLs: every number leads to its sentence on 来源. No streamlit.

>>> source_url(3, 42), source_url(3), source_url(None)
('sources?source=3&fact=42', 'sources?source=3', None)
"""

from __future__ import annotations

from urllib.parse import urlencode

__all__ = ["source_url"]


def source_url(source_id: object, fact_id: object = None) -> str | None:
    """Relative link to the 来源 page at a fact's sentence (``sources?source=3&fact=42``).

    Relative, so it works behind any host name or proxy prefix: the pages live side by side under the app's root.
    """
    if source_id is None or source_id != source_id:  # None or NaN (pandas hands back NaN for missing ids)
        return None
    query: dict[str, str] = {"source": str(int(source_id))}  # type: ignore[call-overload]
    if fact_id is not None and fact_id == fact_id:
        query["fact"] = str(int(fact_id))  # type: ignore[call-overload]
    return "sources?" + urlencode(query)
