"""Bad catalogue files fail loudly, naming the file and the line; good ones load and are cached."""

from __future__ import annotations

from pathlib import Path

import pytest

from ingest.catalog import Catalog, CatalogError

from .conftest import GOOD_ROWS, write_catalog

IND = GOOD_ROWS["indicators.csv"]
REG = GOOD_ROWS["regions.csv"]


def test_minimal_catalog_loads(tmp_path: Path) -> None:
    cat = Catalog.load(write_catalog(tmp_path))
    assert set(cat.indicators) == {"dibao_households", "schools", "enrolment_rate"}
    assert cat.indicator("城乡低保户").code == "dibao_households"
    assert cat.region("盐田").code == "440308"


@pytest.mark.parametrize(
    ("files", "where", "what"),
    [
        ({"domains": ["edu,教育,1,", "edu,教育二,2,"]}, "domains.csv line 3", "duplicate domain code"),
        ({"domains": ["edu,教育,1,", "Edu2,其他,2,"]}, "domains.csv line 3", "lowercase ASCII"),
        ({"indicators": [*IND, IND[0]]}, "indicators.csv line 5", "duplicate indicator code"),
        ({"indicators": [*IND, "x,某指标,space,个,stock,0,,true,,"]}, "indicators.csv line 5", "unknown domain"),
        ({"indicators": [*IND, "x,某指标,edu,个,level,0,,true,,"]}, "indicators.csv line 5", "bad measure"),
        ({"indicators": [*IND, "x,某率,edu,%,rate,1,,true,,"]}, "indicators.csv line 5", "cannot be additive"),
        ({"indicators": [*IND, "x,某指标,edu,个,stock,x,,true,,"]}, "indicators.csv line 5", "bad decimals"),
        ({"indicators": [*IND, "x,某指标,edu,个,stock,0,,maybe,,"]}, "indicators.csv line 5", "true/false"),
        ({"indicators": [*IND, "x,某指标,edu,个,stock,0,,true,0.5,"]}, "indicators.csv line 5", "yoy_bound"),
        ({"indicators": [*IND, "x,某指标,edu,个,stock,0,学校,true,,"]}, "indicators.csv line 5", "'学校' is taken"),
        ({"indicators": [*IND, "x,全区学校总数,edu,所,stock,0,,true,,"]}, "indicators.csv line 5", "normalises to"),
        ({"regions": [*REG, "440308,盐田区,县,440300,,,"]}, "regions.csv line 5", "duplicate region code"),
        ({"regions": [*REG, "440309,某区,县,449999,,,"]}, "regions.csv line 5", "unknown parent"),
        ({"regions": [*REG, "440309,某区,区,440300,,,"]}, "regions.csv line 5", "bad level"),
        ({"regions": [*REG, "440309,某区,县,440300,,2020-13-01,"]}, "regions.csv line 5", "bad date"),
        ({"regions": [*REG, "440399,某省,省,440300,,,"]}, "regions.csv line 5", "is not higher"),
    ],
)
def test_bad_files_name_file_and_line(tmp_path: Path, files: dict[str, list[str]], where: str, what: str) -> None:
    with pytest.raises(CatalogError) as err:
        Catalog.load(write_catalog(tmp_path, **files))
    message = str(err.value)
    assert where in message
    assert what in message
    line = where.rsplit(" ", 1)[1]
    assert f"第{line}行" in message  # the Chinese half names the same line


def test_missing_column_and_file(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path)
    (folder / "indicators.csv").write_text("code,name\nx,某指标\n", encoding="utf-8")
    with pytest.raises(CatalogError, match=r"indicators.csv line 1: missing columns domain"):
        Catalog.load(folder)
    (folder / "indicators.csv").unlink()
    with pytest.raises(CatalogError, match=r"indicators.csv line 1: file not found"):
        Catalog.load(folder)


def test_all_problems_reported_at_once(tmp_path: Path) -> None:
    rows = [*IND, "x,某指标,space,个,level,0,,true,,", "y,某指标二,edu,个,stock,0,,maybe,,"]
    with pytest.raises(CatalogError) as err:
        Catalog.load(write_catalog(tmp_path, indicators=rows))
    for problem in ("unknown domain", "bad measure", "true/false"):
        assert problem in str(err.value)
    assert str(err.value).count("indicators.csv line") == 3


def test_load_is_cached_until_a_file_changes(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path)
    first = Catalog.load(folder)
    assert Catalog.load(folder) is first
    write_catalog(folder, indicators=[*IND, "libraries,公共图书馆,edu,个,stock,0,图书馆,true,,"])
    second = Catalog.load(folder)
    assert second is not first
    assert "libraries" in second.indicators
    assert second.content_hash != first.content_hash


def test_blank_lines_and_bom_are_tolerated(tmp_path: Path) -> None:
    folder = write_catalog(tmp_path)
    text = (folder / "domains.csv").read_text(encoding="utf-8")
    (folder / "domains.csv").write_text("\ufeff" + text + "\n,,,\n", encoding="utf-8")
    assert set(Catalog.load(folder).domains) == {"civil", "edu"}
