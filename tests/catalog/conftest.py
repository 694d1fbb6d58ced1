"""Shared fixtures for the catalogue tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.catalog import Catalog

HEADERS = {
    "domains.csv": "code,name,sort,aliases",
    "indicators.csv": "code,name,domain,unit,measure,decimals,aliases,additive,yoy_bound,description",
    "regions.csv": "code,name,level,parent_code,aliases,valid_from,valid_to",
}
GOOD_ROWS = {
    "domains.csv": ["civil,民政,1,社会救助", "edu,教育,2,"],
    "indicators.csv": [
        "dibao_households,低保户数,civil,户,stock,0,低保户|城乡低保户,true,1.5,年末低保户数。",
        "schools,学校数,edu,所,stock,0,学校,true,,年末学校数。",
        "enrolment_rate,入学率,edu,%,rate,1,适龄儿童入学率,false,,入学率。",
    ],
    "regions.csv": [
        "440000,广东省,省,,广东,,",
        "440300,深圳市,市,440000,深圳,,",
        "440308,盐田区,县,440300,盐田,,",
    ],
}


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    """The shipped catalogue."""
    return Catalog.load()


def write_catalog(folder: Path, **rows: list[str]) -> Path:
    """Write the three files into ``folder``; keyword ``indicators=[...]`` etc. replaces a file's rows."""
    folder.mkdir(parents=True, exist_ok=True)
    for name, header in HEADERS.items():
        body = rows.get(name.removesuffix(".csv"), GOOD_ROWS[name])
        (folder / name).write_text("\n".join([header, *body]) + "\n", encoding="utf-8")
    return folder
