"""The region hierarchy as an immutable tree, built once per snapshot and shared by every session and rerun.

Pickers need, on every rerun, each region's depth, its path of names (青岚市 › 澄湖区 › 湖滨街道), its children and
everything below a scope. With 1,000+ regions, building that from the region frame took ~30 ms per rerun; the tree is
built once per snapshot (``data.region_tree``) and everything a picker asks is a lookup or a slice.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import polars as pl

__all__ = ["RegionNode", "RegionTree", "build"]


@dataclass(frozen=True, slots=True)
class RegionNode:
    code: str
    name: str
    level: str | None
    parent_code: str | None
    has_data: bool
    depth: int
    path: tuple[str, ...]
    """Names from the root down to this region."""
    children: tuple[str, ...]
    """Codes of the children, by code."""


class RegionTree:
    """Regions in tree order (each parent followed by its subtree, children by code). Read-only once built."""

    __slots__ = ("_by_code", "_codes", "_ends", "_index", "_labels", "_nodes", "_scopes")

    def __init__(self, nodes: list[RegionNode], ends: list[int]) -> None:
        self._nodes = tuple(nodes)
        self._codes = tuple(n.code for n in nodes)
        self._ends = tuple(ends)
        self._index: Mapping[str, int] = MappingProxyType({c: i for i, c in enumerate(self._codes)})
        self._by_code: Mapping[str, RegionNode] = MappingProxyType({n.code: n for n in nodes})
        self._labels: Mapping[str, str] = MappingProxyType({n.code: " › ".join(n.path) for n in nodes})
        self._scopes = tuple(n.code for n in nodes if n.children) or self._codes[:1]

    def __len__(self) -> int:
        return len(self._nodes)

    def __iter__(self) -> Iterator[RegionNode]:
        return iter(self._nodes)

    def __contains__(self, code: object) -> bool:
        return code in self._index

    @property
    def codes(self) -> tuple[str, ...]:
        """Every code, in tree order."""
        return self._codes

    @property
    def scopes(self) -> tuple[str, ...]:
        """Regions with children (what a drill-down can open), in tree order; the root when none has children."""
        return self._scopes

    def node(self, code: str) -> RegionNode | None:
        return self._by_code.get(code)

    def below(self, code: str) -> tuple[str, ...]:
        """``code`` and every region under it, in tree order (its subtree is one run of the tree order)."""
        i = self._index.get(code)
        return () if i is None else self._codes[i : self._ends[i]]

    def label(self, code: str, relative_to: str | None = None) -> str:
        """'青岚市 › 澄湖区 › 湖滨街道', or the path below ``relative_to``; the code itself when unknown."""
        node = self._by_code.get(code)
        if node is None:
            return code
        if relative_to is not None:
            top = self._by_code.get(relative_to)
            n = len(top.path) if top is not None else 0
            if top is not None and node.path[:n] == top.path and len(node.path) > n:
                return " › ".join(node.path[n:])
        return self._labels[code]


def build(regions: pl.DataFrame) -> RegionTree:
    """The tree of a region frame (code, name, parent_code; level and has_data when present).

    A region whose parent is not in the frame is a root; a cycle of parents (bad data) is cut where it closes.
    """
    rows = {r["code"]: r for r in regions.iter_rows(named=True)}
    children: dict[str | None, list[str]] = {}
    for code, r in rows.items():
        parent = r.get("parent_code")
        children.setdefault(parent if parent in rows else None, []).append(code)
    for codes in children.values():
        codes.sort()
    nodes: list[RegionNode] = []
    ends: list[int] = []
    seen: set[str] = set()

    def walk(code: str, depth: int, path: tuple[str, ...]) -> None:
        seen.add(code)
        r = rows[code]
        kids = tuple(c for c in children.get(code, ()) if c not in seen)
        node = RegionNode(
            code=code,
            name=r["name"],
            level=r.get("level"),
            parent_code=r.get("parent_code"),
            has_data=bool(r.get("has_data", True)),
            depth=depth,
            path=(*path, r["name"]),
            children=kids,
        )
        i = len(nodes)
        nodes.append(node)
        ends.append(i + 1)
        for child in kids:
            walk(child, depth + 1, node.path)
        ends[i] = len(nodes)

    for root in children.get(None, []):
        walk(root, 0, ())
    return RegionTree(nodes, ends)
