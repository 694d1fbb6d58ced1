"""The catalogues: domains, indicators and regions as CSV data files, plus the loader that validates and looks them up.

``domains.csv``, ``indicators.csv`` and ``regions.csv`` live beside this file (``warehouse.paths.catalog_dir()``);
``regions.csv`` is seeded from jionlp (``build_regions.py``, ``regions.SOURCE.md``). Names the catalogue does not know
are not errors: the loader creates them with :meth:`Catalog.new_indicator` / :meth:`Catalog.new_region` and marks
them ``in_catalog = false`` for review.

>>> cat = Catalog.load()
>>> cat.indicator("城市低保户").code, cat.indicator("全区共有城市居民最低生活保障户数").name
('urban_dibao_households', '城市低保户数')
>>> cat.indicator("方案生育率").name, cat.domain("教育").code
('计划生育率', 'edu')
>>> yantian = cat.region("盐田")
>>> yantian.code, yantian.level, cat.regions[yantian.parent_code].name
('440308', '县', '深圳市')
>>> cat.region("朝阳区") is None, cat.region("朝阳区", parent="北京").code
(True, '110105')
>>> cat.new_indicator("慰问困难群众", "户").measure, cat.new_region("海山街道", "440308").code
('flow', '440308-海山街道')
"""

from __future__ import annotations

from ingest.catalog.catalog import Catalog
from ingest.catalog.entries import LEVELS, MEASURES, CatalogError, Domain, Indicator, Region
from ingest.catalog.names import guess_measure, normalise_indicator_name

__all__ = [
    "LEVELS",
    "MEASURES",
    "Catalog",
    "CatalogError",
    "Domain",
    "Indicator",
    "Region",
    "guess_measure",
    "normalise_indicator_name",
]
