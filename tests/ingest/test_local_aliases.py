"""Corrections are remembered: a wording mapped by hand maps by itself in the next report of its scope, and the
local aliases travel through `zhibiao aliases export` / `import`."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import query
from typer.testing import CliRunner

from ingest.catalog.aliases import AliasError, document_family, learn_alias, source_scope
from warehouse.store import Warehouse
from zhibiao.cli import app

Load = Callable[..., list]


def _report(folder: Path, title: str, body: str) -> Path:
    path = folder / f"{title}.txt"
    path.write_text(f"{title}\n\n{body}\n", encoding="utf-8")
    return path


def _indicator_of(wh: Warehouse, value: float) -> str:
    [(code,)] = query(wh, "select indicator from fact where value = ?", [value])
    return str(code)


@pytest.fixture
def corrected(wh: Warehouse, load: Load, tmp_path: Path) -> Warehouse:
    """The 2023 report loaded, then its 城区低保家庭户数 mapped by hand to 城市低保户数 for its document family."""
    [r] = load(_report(tmp_path, "青川区2023年民政工作总结", "全区有城区低保家庭310户、560人。"), region="青川区")
    assert r.status == "loaded" and _indicator_of(wh, 310) != "urban_dibao_households"
    with wh.writer() as w, w.transaction() as con:
        family = document_family("青川区2023年民政工作总结")
        assert learn_alias(con, "城区低保家庭户数", "urban_dibao_households", "family", family) == "城区低保"
    return wh


def test_the_next_report_of_the_family_maps_by_itself(corrected: Warehouse, load: Load, tmp_path: Path) -> None:
    load(_report(tmp_path, "青川区2024年民政工作总结", "全区有城区低保家庭298户、530人。"), region="青川区")
    assert _indicator_of(corrected, 298) == "urban_dibao_households"
    # the alias is for households: the persons of the same wording do not follow it
    assert _indicator_of(corrected, 530) not in ("urban_dibao_households", _indicator_of(corrected, 298))


def test_an_alias_stays_in_its_scope(corrected: Warehouse, load: Load, tmp_path: Path) -> None:
    load(_report(tmp_path, "青川区2024年社区建设情况", "全区有城区低保家庭297户。"), region="青川区")
    assert _indicator_of(corrected, 297) != "urban_dibao_households"
    with corrected.writer() as w, w.transaction() as con:
        assert source_scope(con, 1, "family") == "青川区民政工作总结"
        learn_alias(con, "城区低保家庭户数", "urban_dibao_households", "region", source_scope(con, 1, "region"))
    load(_report(tmp_path, "青川区2025年社区建设情况", "全区有城区低保家庭296户。"), region="青川区")
    assert _indicator_of(corrected, 296) == "urban_dibao_households"


def test_learning_refuses_an_unknown_indicator_or_scope(corrected: Warehouse) -> None:
    with corrected.writer() as w, w.transaction() as con:
        with pytest.raises(AliasError, match=r"指标代码不存在.*no_such_code"):
            learn_alias(con, "城区低保家庭户数", "no_such_code")
        with pytest.raises(AliasError, match="需要范围"):
            learn_alias(con, "城区低保家庭户数", "urban_dibao_households", "region", "")


def test_export_then_import_into_another_warehouse(corrected: Warehouse, tmp_path: Path) -> None:
    runner, csv = CliRunner(), tmp_path / "aliases.csv"
    out = runner.invoke(app, ["--db", str(corrected.path), "aliases", "export", str(csv)])
    assert out.exit_code == 0, out.output
    text = csv.read_text(encoding="utf-8")
    assert text.splitlines()[0].startswith("措辞,范围类型,范围,指标代码,指标名称")
    assert "城区低保,family,青川区民政工作总结,urban_dibao_households,城市低保户数" in text
    other = Warehouse(tmp_path / "other" / "w.duckdb")
    got = runner.invoke(app, ["--db", str(other.path), "aliases", "import", str(csv)])
    assert got.exit_code == 0, got.output
    path = _report(tmp_path, "青川区2024年民政工作总结", "全区有城区低保家庭298户。")
    done = runner.invoke(app, ["--db", str(other.path), "ingest", str(path), "--region", "青川区", "--new-region"])
    assert done.exit_code == 0, done.output
    assert _indicator_of(other, 298) == "urban_dibao_households"


def test_a_bad_alias_file_names_each_line_and_imports_nothing(corrected: Warehouse, tmp_path: Path) -> None:
    csv = tmp_path / "bad.csv"
    csv.write_text(
        "措辞,范围类型,范围,指标代码\n低保家庭,all,,dibao_households\n困难家庭,somewhere,x,dibao_households\n"
        "低保人口,all,,no_such_code\n",
        encoding="utf-8",
    )
    got = CliRunner().invoke(app, ["--db", str(corrected.path), "aliases", "import", str(csv)])
    assert got.exit_code == 2
    message = " ".join(got.output.split())
    assert "第 3 行 / line 3" in message and "somewhere" in message
    assert "第 4 行 / line 4" in message and "no_such_code" in message and "第 2 行" not in message
    assert query(corrected, "select count(*) from indicator_alias") == [(1,)]  # only the one learnt before
