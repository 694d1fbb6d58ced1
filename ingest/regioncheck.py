"""Is ``--region`` a place we know? A mistyped name would otherwise become a new region silently.

A name is known when the catalogue finds it (also when several places share it: the loader then says so), or when
the warehouse already has it (a local place created by an earlier load). Otherwise the caller refuses it and shows
the closest catalogue names, unless the user says the place is new (``--new-region``).

>>> from ingest.catalog import Catalog
>>> cat = Catalog.load()
>>> unknown_region("天津市", cat), unknown_region("河东区", cat), unknown_region("120102", cat)
(None, None, None)
>>> "天津市" in (unknown_region("天津是", cat) or [])
True
>>> unknown_region("老城片区", cat, known=["老城片区"]) is None
True
"""

from __future__ import annotations

import difflib
from collections.abc import Iterable

from ingest.catalog import Catalog

__all__ = ["region_refused_message", "unknown_region"]


def unknown_region(name: str, catalog: Catalog, known: Iterable[str] = (), n: int = 5) -> list[str] | None:
    """None when ``name`` is a known region; else the closest catalogue names (full names, best first)."""
    text = name.strip()
    if not text or text in set(known):
        return None
    if catalog.region(text) is not None or catalog.namesakes(text):
        return None
    by_name: dict[str, list[str]] = {}
    for region in catalog.regions.values():
        for spelling in (region.name, *region.aliases):
            by_name.setdefault(spelling, []).append(region.code)
    close = difflib.get_close_matches(text, list(by_name), n=n, cutoff=0.5)
    names: list[str] = []
    for spelling in close:
        for code in by_name[spelling]:
            full = catalog.full_name(code)
            if full not in names:
                names.append(full)
    return names[:n]


def region_refused_message(name: str, suggestions: list[str]) -> str:
    """The refusal, Chinese first.

    >>> print(region_refused_message("不存在市", []))  # doctest: +NORMALIZE_WHITESPACE
    --region “不存在市”：目录中没有这个地区；若确是新地区，请加 --new-region / unknown region: not in the catalogue; add --new-region if it is a new place
    """
    near = f"相近的地区：{'、'.join(suggestions)}；" if suggestions else ""
    near_en = f" (closest: {', '.join(suggestions)})" if suggestions else ""
    return (
        f"--region “{name}”：目录中没有这个地区；{near}若确是新地区，请加 --new-region / unknown region{near_en}: "
        "not in the catalogue; add --new-region if it is a new place"
    )
