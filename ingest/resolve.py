"""Resolve indicator and region names met during ingest to warehouse codes, creating what is unknown.

Indicators: local aliases staff taught (``indicator_alias``), then the catalogue (codes, names, aliases, normalised
names), then entries earlier loads created, then a new entry flagged ``in_catalog = false`` for review — never
dropped. A match must be in the unit family of the fact's unit (``warehouse.units.quantity_of``: 人 is not 户, 人次
is not 万元) and in its scope (小学 under 在校学生 is 小学在校学生; see ``ingest.indicator_match``). Regions: the
catalogue, then what the warehouse holds (regions a source defined or earlier loads created), then a new entry.
Region names that are really "the document's own region" (全区, 全县, 我镇 …) are resolved by the extractor.
"""

from __future__ import annotations

import re

import duckdb
import polars as pl

from ingest.catalog import Catalog
from ingest.catalog.aliases import LocalAliases
from ingest.indicator_match import IndicatorMatcher
from ingest.model import RegionDef

UNKNOWN_REGION = ("未指定", "未指定地区")
_CODE = re.compile(r"^\d{6}(?:\d{6})?$")


_REGION_SCHEMA = {
    "code": pl.String,
    "name": pl.String,
    "level": pl.String,
    "parent_code": pl.String,
    "aliases": pl.List(pl.String),
    "in_catalog": pl.Boolean,
}


def level_of_code(code: str) -> str | None:
    """The level a GB/T 2260 (6-digit) or statistical (12-digit) code denotes.

    >>> [level_of_code(c) for c in ("440000", "440300", "440308", "440308003000", "440308003001", "盐田区")]
    ['省', '市', '县', '乡', '村', None]
    """
    if re.fullmatch(r"\d{12}", code):
        return "村" if code[9:] != "000" else ("乡" if code[6:9] != "000" else level_of_code(code[:6]))
    if not re.fullmatch(r"\d{6}", code):
        return None
    if code[2:] == "0000":
        return "省"
    return "市" if code[4:] == "00" else "县"


def parent_code_of(code: str) -> str | None:
    """The code one level up: 440308 → 440300 → 440000; 440308003001 → 440308003000 → 440308.

    >>> [parent_code_of(c) for c in ("440308", "440300", "440000", "440308003001", "440308003000", "x")]
    ['440300', '440000', None, '440308003000', '440308', None]
    """
    level = level_of_code(code)
    if level == "村":
        return code[:9] + "000"
    if level == "乡":
        return code[:6]
    if level == "县":
        return code[:4] + "00"
    if level == "市":
        return code[:2] + "0000"
    return None


class Resolver:
    """Per-load cache of name → code, backed by the catalogue and the warehouse tables on ``con``."""

    def __init__(self, con: duckdb.DuckDBPyConnection, catalog: Catalog) -> None:
        self.con = con
        self.catalog = catalog
        self.created_indicators = 0
        self.created_regions = 0
        # Names kept as new places because several catalogued places share them (no parent singled one out):
        # name → those places' full names (天津市河东区, 山东省临沂市河东区), for the load's summary.
        self.ambiguous_regions: dict[str, tuple[str, ...]] = {}
        self._indicators: dict[tuple[str, str, str | None, str | None, str | None], str] = {}
        self._regions: dict[str, str] = {}
        self.matcher = IndicatorMatcher(catalog, LocalAliases.read(con))
        # Catalogue indicators are matched by the catalogue itself; entries created by earlier loads (not in the
        # catalogue files) are matched by name and unit family.
        self._db_indicator_codes: set[str] = set()
        created = con.execute("select code, name, aliases, unit from indicator where not in_catalog").fetchall()
        for code, name, aliases, unit in created:
            self._db_indicator_codes.add(code)
            self.matcher.add_known(code, (code, name, *(aliases or [])), unit)
        # New entries are written in one batch by flush(): one INSERT per name costs ~10 ms in DuckDB, so a table
        # with 10,000 indicator columns would take minutes.
        self._new_indicators: list[tuple[object, ...]] = []
        self._new_regions: list[tuple[object, ...]] = []
        # Codes of every region in the warehouse; names only of regions the catalogue does not hold (defined by a
        # source, like the demo city, or created earlier): those take precedence over national name matches.
        self._db_regions: dict[str, str] = {}
        self._local_names: dict[str, str] = {}
        for code, name, aliases in con.execute("select code, name, aliases from region").fetchall():
            self._db_regions[code] = code
            if code not in catalog.regions:
                for key in (name, *(aliases or [])):
                    self._local_names.setdefault(key, code)

    # -- indicators --------------------------------------------------------------------------------------------
    def set_document(self, region: str | None, family: str | None) -> None:
        """The region code and document family of the report being loaded: the scopes local aliases are kept in."""
        self.matcher.region, self.matcher.family = region, family

    def indicator(
        self,
        name: str,
        unit: str | None,
        domain: str | None,
        parent: str | None = None,
        parent_unit: str | None = None,
    ) -> str:
        """The indicator code for ``name`` stated in ``unit`` (creating a flagged entry if nothing matches).

        ``parent`` and ``parent_unit`` are the name and unit of the whole a 其中 part belongs to.
        """
        key = (name, unit or "", domain, parent, parent_unit)
        if key in self._indicators:
            return self._indicators[key]
        code, new_name = self.matcher.match(name, unit, parent, parent_unit)
        if code is None:
            domain_code = None
            if domain:
                d = self.catalog.domain(domain)
                domain_code = d.code if d else None
            new = self.catalog.new_indicator(new_name, unit or "", domain_code)
            new = self.matcher.free_code(new, unit)
            code = new.code
            if code not in self._db_indicator_codes:
                self._new_indicators.append(
                    (new.code, new.name, new.domain, new.unit, new.measure, new.decimals, list(new.aliases))
                )
                self._db_indicator_codes.add(code)
                self.created_indicators += 1
            self.matcher.add_known(code, (new.name, name), unit)
        self._indicators[key] = code
        return code

    # -- regions -----------------------------------------------------------------------------------------------
    def define_region(self, region: RegionDef) -> None:
        """Insert or update a region a source defines (its own code and name), as a catalogued region."""
        self.define_regions([region])

    def define_regions(self, regions: list[RegionDef]) -> None:
        """Upsert the regions a source defines, in one statement (the last definition of a code wins).

        An authoritative definition overwrites the row and marks it catalogued. Any other (a table's code and name
        columns) fills in only what is missing — level and parent guessed from the code — so a table that writes
        ``440308,盐田`` neither renames 盐田区 nor drops its parent; a code the catalogue lacks stays flagged.
        """
        if not regions:
            return
        latest = {r.code: r for r in regions}
        self.created_regions += sum(
            1 for r in latest.values() if not r.authoritative and r.code not in self._db_regions
        )
        rows = []
        for r in latest.values():
            level, parent = r.level, r.parent_code
            if not r.authoritative:
                level = level or level_of_code(r.code)
                parent = parent or self._parent_of_code(r.code)
            rows.append((r.code, r.name, level, parent, list(r.aliases), r.authoritative))
        frame = pl.DataFrame(rows, schema=_REGION_SCHEMA, orient="row")
        self.con.register("defined_regions", frame)
        try:
            self.con.execute(
                "insert into region (code, name, level, parent_code, aliases, in_catalog) "
                "select code, name, level, parent_code, aliases, in_catalog from defined_regions "
                "on conflict (code) do update set "
                "name = case when excluded.in_catalog or not region.in_catalog then excluded.name else region.name end, "
                "level = case when excluded.in_catalog then coalesce(excluded.level, region.level) "
                "else coalesce(region.level, excluded.level) end, "
                "parent_code = case when excluded.in_catalog then coalesce(excluded.parent_code, region.parent_code) "
                "else coalesce(region.parent_code, excluded.parent_code) end, "
                "aliases = case when excluded.in_catalog then excluded.aliases else region.aliases end, "
                "in_catalog = region.in_catalog or excluded.in_catalog"
            )
        finally:
            self.con.unregister("defined_regions")
        for region in latest.values():
            self._db_regions[region.code] = region.code
            self._local_names.setdefault(region.name, region.code)
            if region.authoritative:
                self._local_names[region.name] = region.code
            for alias in region.aliases:
                self._local_names.setdefault(alias, region.code)

    def _parent_of_code(self, code: str) -> str | None:
        """The code one level up, if the warehouse or the catalogue knows it (440308 → 440300)."""
        parent = parent_code_of(code)
        if parent and (parent in self._db_regions or parent in self.catalog.regions):
            return parent
        return None

    def region(self, name_or_code: str, parent: str | None = None) -> str:
        """The region code for a code or name (creating a flagged entry if nothing matches)."""
        text = str(name_or_code).strip()
        if text in self._regions:
            return self._regions[text]
        code = self._db_regions.get(text) or self._local_names.get(text)
        if code is not None and parent and code not in self.catalog.regions:
            # A local place of this name (an earlier load could not tell 河东区 apart) does not hide the catalogued
            # one below the document's region: with --region 天津市, 河东区 is 120102 from now on.
            under = self.catalog.region_under(text, parent)
            if under is not None:
                code = None
        if code is None:
            found = self.catalog.region(text, parent=parent)
            if found is not None:
                code = found.code
                if code not in self._db_regions:
                    self._new_regions.append(
                        (found.code, found.name, found.level, found.parent_code, list(found.aliases), True)
                    )
                    self._db_regions[code] = code
        if code is None:
            if _CODE.match(text):
                new_code, new_name, new_parent, level = text, text, self._parent_of_code(text), level_of_code(text)
            else:
                new = self.catalog.new_region(text, parent_code=parent)
                new_code, new_name, new_parent, level = new.code, new.name, new.parent_code, new.level
                namesakes = self.catalog.namesakes(text)
                if len(namesakes) > 1:
                    self.ambiguous_regions[text] = tuple(self.catalog.full_name(r.code) for r in namesakes)
            if new_code not in self._db_regions:
                self._new_regions.append((new_code, new_name, level, new_parent, [], False))
                self.created_regions += 1
            code = new_code
            self._db_regions[code] = code
            self._local_names[text] = code
        self._regions[text] = code
        return code

    def flush(self) -> None:
        """Write the indicators and regions created since the last flush, one INSERT per table."""
        if self._new_indicators:
            frame = pl.DataFrame(
                self._new_indicators,
                schema={
                    "code": pl.String,
                    "name": pl.String,
                    "domain": pl.String,
                    "unit": pl.String,
                    "measure": pl.String,
                    "decimals": pl.Int32,
                    "aliases": pl.List(pl.String),
                },
                orient="row",
            )
            self._insert("indicator", frame, "code, name, domain, unit, measure, decimals, aliases, false")
            self._new_indicators = []
        if self._new_regions:
            frame = pl.DataFrame(self._new_regions, schema=_REGION_SCHEMA, orient="row")
            self._insert("region", frame, "code, name, level, parent_code, aliases, in_catalog")
            self._new_regions = []

    def _insert(self, table: str, frame: pl.DataFrame, select: str) -> None:
        columns = ", ".join(frame.columns) + (", in_catalog" if table == "indicator" else "")
        self.con.register("incoming_entries", frame)
        try:
            self.con.execute(
                f"insert into {table} ({columns}) select {select} from incoming_entries on conflict do nothing"
            )
        finally:
            self.con.unregister("incoming_entries")

    def unknown_region(self) -> str:
        """The placeholder region for facts whose document names no region."""
        code, name = UNKNOWN_REGION
        if code not in self._db_regions:
            self.con.execute(
                "insert into region (code, name, in_catalog) values (?, ?, false) on conflict do nothing", [code, name]
            )
            self._db_regions[code] = code
        return code
