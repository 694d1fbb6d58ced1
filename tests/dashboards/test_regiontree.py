"""The region tree: its order, paths, subtrees and labels, and that pages build it once per snapshot."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from apptest import assert_clean, make_app

from dashboards import data, regiontree
from warehouse.store import Warehouse

FRAME = pl.DataFrame(
    {
        "code": ["990103", "990100", "990102002000", "990102", "990102001000", "880100", "770001", "770002"],
        "name": ["枫林区", "青岚市", "望江街道", "澄湖区", "湖滨街道", "别市", "环甲", "环乙"],
        "level": ["县", "市", "乡", "县", "乡", "市", "县", "县"],
        # 880100's parent is not among the regions: a root. 770001 and 770002 are each other's parent (bad data).
        "parent_code": ["990100", None, "990102", "990100", "990102", "880000", "770002", "770001"],
        "has_data": [True, False, True, False, True, True, True, True],
    }
)


def test_tree_order_depths_paths_and_subtrees() -> None:
    tree = regiontree.build(FRAME)
    assert tree.codes == ("880100", "990100", "990102", "990102001000", "990102002000", "990103")
    node = tree.node("990102002000")
    assert node is not None and node.depth == 2 and node.path == ("青岚市", "澄湖区", "望江街道")
    assert tree.node("990100").children == ("990102", "990103")  # type: ignore[union-attr]
    assert tree.below("990100") == ("990100", "990102", "990102001000", "990102002000", "990103")
    assert tree.below("990102") == ("990102", "990102001000", "990102002000")
    assert tree.below("990103") == ("990103",) and tree.below("nope") == ()
    assert tree.scopes == ("990100", "990102")
    assert "770001" not in tree and tree.node("770001") is None  # a cycle has no root to hang from


def test_labels_full_and_relative() -> None:
    tree = regiontree.build(FRAME)
    assert tree.label("990102001000") == "青岚市 › 澄湖区 › 湖滨街道"
    assert tree.label("990102001000", relative_to="990100") == "澄湖区 › 湖滨街道"
    assert tree.label("990102", relative_to="990102") == "青岚市 › 澄湖区"  # nothing below itself: the full path
    assert tree.label("990103", relative_to="990102") == "青岚市 › 枫林区"  # not under it: the full path
    assert tree.label("123456") == "123456"


def test_tree_is_read_only() -> None:
    tree = regiontree.build(FRAME)
    with pytest.raises(AttributeError):
        tree.node("990100").name = "改名"  # type: ignore[misc,union-attr]
    with pytest.raises(TypeError):
        tree._by_code["x"] = None  # type: ignore[index]


def test_region_tree_is_built_once_per_snapshot_and_again_after_a_load(
    writable_db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    data.region_tree.clear()
    built: list[int] = []
    real = regiontree.build

    def counting(frame: pl.DataFrame) -> regiontree.RegionTree:
        built.append(frame.height)
        return real(frame)

    monkeypatch.setattr(regiontree, "build", counting)
    at = make_app("app_pages/trend.py", indicator="urban_dibao_households", scope="990100")
    assert_clean(at)
    at.selectbox(key="qp_indicator").set_value("dibao_funds").run()
    at.run()
    compare = make_app("app_pages/compare.py")  # another session, another page: same snapshot, same tree
    assert_clean(compare)
    assert len(built) == 1
    scopes = at.selectbox(key="qp_scope").options
    assert "青岚市 › 枫林区" not in scopes  # 枫林区 has no regions below it yet

    with Warehouse(writable_db).writer() as w, w.transaction() as con:
        con.execute(
            "insert into region (code, name, level, parent_code) values ('990103001000', '枫桥街道', '乡', '990103')"
        )
        con.execute(
            "insert into fact (indicator, region, period, value, unit, base_value, base_unit, kind, source_id, quote) "
            "values ('urban_dibao_households', '990103001000', '2023', 12, '户', 12, '户', 'actual', 1, 'x')"
        )
    at.run()
    assert_clean(at)
    assert len(built) == 2  # the new snapshot has its own tree, with the new street in it
    assert "青岚市 › 枫林区" in at.selectbox(key="qp_scope").options
    at.selectbox(key="qp_scope").set_value("990103").run()
    assert_clean(at)
    assert "　枫桥街道" in at.multiselect(key="qp_region").options
    at.run()
    assert len(built) == 2
