"""The :class:`Catalog`: domains, indicators and regions loaded from the CSV files, with lookups."""

from __future__ import annotations

import hashlib
import threading
from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from ingest.catalog import files
from ingest.catalog.entries import Domain, Indicator, Region
from ingest.catalog.names import clean, guess_decimals, guess_measure, normalise_indicator_name
from ingest.catalog.regions import RegionIndex, guess_level
from ingest.catalog.sync import sync_catalog
from warehouse import paths

if TYPE_CHECKING:
    import duckdb

__all__ = ["Catalog"]

CATALOG_VERSION = "1"
"""Bump when the meaning of the files or of ``sync`` changes, so warehouses re-sync even if the files did not."""


class Catalog:
    """The catalogue: ``domains``, ``indicators`` and ``regions`` by code, and lookups by the names reports use."""

    _cache: ClassVar[dict[tuple[Path, tuple[tuple[str, int, int], ...]], Catalog]] = {}
    _cache_lock = threading.Lock()

    def __init__(
        self,
        domains: dict[str, Domain],
        indicators: dict[str, Indicator],
        regions: dict[str, Region],
        *,
        content_hash: str = "",
        folder: Path | None = None,
    ) -> None:
        self.domains = domains
        self.indicators = indicators
        self.regions = regions
        self.content_hash = content_hash
        self.folder = folder
        self._region_index = RegionIndex(regions)
        self._domain_keys: dict[str, str] = {}
        for d in domains.values():
            for key in (d.code.lower(), clean(d.name), *(clean(a) for a in d.aliases)):
                self._domain_keys.setdefault(key, d.code)
        # files.read_indicators guarantees no spelling (or normalised spelling) belongs to two indicators. The loose
        # keys are a last resort; one claimed by two indicators is dropped (None) rather than guessed.
        self._indicator_names: dict[str, str] = {}
        self._indicator_norms: dict[str, str] = {}
        self._indicator_loose: dict[str, str | None] = {}
        for ind in indicators.values():
            for spelling in (ind.name, *ind.aliases):
                self._indicator_names.setdefault(clean(spelling), ind.code)
                self._indicator_norms.setdefault(normalise_indicator_name(spelling), ind.code)
                key = _loose(spelling)
                if self._indicator_loose.setdefault(key, ind.code) != ind.code:
                    self._indicator_loose[key] = None

    def __repr__(self) -> str:
        return (
            f"Catalog({len(self.domains)} domains, {len(self.indicators)} indicators, {len(self.regions)} regions, "
            f"folder={str(self.folder)!r})"
        )

    # -- loading -----------------------------------------------------------------------------------------------
    @classmethod
    def load(cls, folder: Path | None = None) -> Catalog:
        """Read and validate ``folder`` (default ``ingest/catalog``); cached until a file there changes.

        Raises :class:`~ingest.catalog.entries.CatalogError` naming every bad file and line.
        """
        root = Path(folder or paths.catalog_dir()).resolve()
        stamp = _stamp(root)
        with cls._cache_lock:
            cached = cls._cache.get((root, stamp))
            if cached is not None:
                return cached
        digest = hashlib.sha256(CATALOG_VERSION.encode())
        for name in files.FILES:
            digest.update(f"{name}\0".encode())
            if (root / name).is_file():
                digest.update((root / name).read_bytes())
        domains = files.read_domains(root / "domains.csv")
        catalog = cls(
            domains,
            files.read_indicators(root / "indicators.csv", domains),
            files.read_regions(root / "regions.csv"),
            content_hash=digest.hexdigest(),
            folder=root,
        )
        with cls._cache_lock:
            cls._cache = {k: v for k, v in cls._cache.items() if k[0] != root}  # keep one version per folder
            cls._cache[(root, stamp)] = catalog
        return catalog

    # -- lookups -----------------------------------------------------------------------------------------------
    def domain(self, code_or_name: str) -> Domain | None:
        """A domain by code, name or alias (教育, edu, 社保 …)."""
        code = self._domain_keys.get(code_or_name.strip().lower()) or self._domain_keys.get(clean(code_or_name))
        return self.domains.get(code) if code else None

    def indicator(self, name_or_code: str) -> Indicator | None:
        """By code, exact name, alias, then normalised name (全区共有低保户数 → 低保户数).

        Last, a loose match that also ignores a trailing 人 (接收退役士兵人数 ~ 接收退役士兵, 残疾人 ~ 残疾人数),
        used only when that key belongs to one indicator.
        """
        text = name_or_code.strip()
        if text in self.indicators:
            return self.indicators[text]
        if text.lower() in self.indicators:
            return self.indicators[text.lower()]
        code = (
            self._indicator_names.get(clean(text))
            or self._indicator_norms.get(normalise_indicator_name(text))
            or self._indicator_loose.get(_loose(text))
        )
        return self.indicators.get(code) if code else None

    def region(self, code_or_name: str, parent: str | None = None) -> Region | None:
        """By code (6 or 12 digits, or slug), full name, or short name — preferring places under ``parent``.

        A name shared by several places returns None unless ``parent`` (a code or name) singles one out.
        """
        return self._region_index.find(code_or_name, parent)

    def children(self, code: str) -> list[Region]:
        """The regions whose parent is ``code``, by code."""
        return self._region_index.children(code)

    def region_under(self, name: str, parent: str) -> Region | None:
        """The one catalogued place called ``name`` below ``parent`` (河东区 under 天津市 → 120102), else None."""
        return self._region_index.find_under(name, parent)

    def namesakes(self, name: str) -> list[Region]:
        """Every place in force that ``name`` could mean, by code (more than one when :meth:`region` returns None)."""
        return self._region_index.namesakes(name)

    def full_name(self, code: str) -> str:
        """The name with its ancestors' names before it, as a reader tells namesakes apart (天津市河东区)."""
        names, seen = [], set()
        region = self.regions.get(code)
        while region is not None and region.code not in seen:
            seen.add(region.code)
            names.append(region.name)
            region = self.regions.get(region.parent_code) if region.parent_code else None
        return "".join(reversed(names)) or code

    # -- entries for names met during ingest (the loader writes them with in_catalog = false) ---------------------
    def new_indicator(self, name: str, unit: str | None, domain: str | None = None) -> Indicator:
        """An indicator for a name the catalogue does not know: code = the normalised name, measure guessed.

        Call :meth:`indicator` first; this does not look the name up. ``domain`` may be a code or name; one the
        catalogue does not know is dropped. ``additive`` stays false until someone reviews the entry.
        """
        measure = guess_measure(name, unit)
        found = self.domain(domain) if domain else None
        return Indicator(
            code=normalise_indicator_name(name) or clean(name),
            name=clean(name),
            domain=found.code if found else None,
            unit=clean(unit) if unit else None,
            measure=measure,
            decimals=guess_decimals(measure, unit),
        )

    def new_region(self, name: str, parent_code: str | None = None, level: str | None = None) -> Region:
        """A region for a name the catalogue does not know: code ``{parent_code}-{name}``, or the name alone.

        ``level`` is guessed when not given: from the name's ending (街道 → 乡, 社区 → 村), else one below the parent.
        """
        text = clean(name)
        parent = self.regions.get(parent_code) if parent_code else None
        return Region(
            code=f"{parent_code}-{text}" if parent_code else text,
            name=text,
            level=level or guess_level(text, parent.level if parent else None),
            parent_code=parent_code,
        )

    # -- the warehouse -----------------------------------------------------------------------------------------
    def sync(self, con: duckdb.DuckDBPyConnection) -> bool:
        """Upsert every entry into the warehouse tables (``in_catalog = true``); a no-op when already current.

        Returns True when something was written. See :func:`ingest.catalog.sync.sync_catalog`.
        """
        return sync_catalog(self, con)


def _loose(spelling: str) -> str:
    """The normalised name without a trailing 人 (from 人数 after a verb phrase, or the noun's own 人: 残疾人)."""
    key = normalise_indicator_name(spelling)
    return key[:-1] if key.endswith("人") and len(key) > 2 else key


def _stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    """(name, mtime, size) of each file: cheap to take, and it changes whenever a file is edited."""
    out = []
    for name in files.FILES:
        path = root / name
        st = path.stat() if path.is_file() else None
        out.append((name, st.st_mtime_ns, st.st_size) if st else (name, 0, 0))
    return tuple(out)
