"""The small fixture warehouse with hostile names: Markdown links and images, Streamlit directives and icons, LaTeX,
HTML, a spreadsheet formula and invisible characters, all pointing at a planted address.

Shared by the AppTest checks (every text a page renders as Markdown) and the browser checks (nothing becomes a
link, an image or a request). ``planted`` is the address the names point at: a loopback port nobody serves.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import fixture

from warehouse.store import Warehouse


@dataclass(frozen=True)
class Names:
    """The hostile names written into the warehouse, all aimed at ``planted``."""

    planted: str

    @property
    def indicator(self) -> str:  # 城市低保户数
        return f"[点此核对数据]({self.planted}/indicator) ![x]({self.planted}/beacon.png) 城市\u200b低保户数"

    @property
    def region(self) -> str:  # 枫林区: also a formula for the comparison CSV's header
        return f'=HYPERLINK("{self.planted}/csv","[枫林区]({self.planted}/region)") :material/home: :red[红] $x^2$'

    @property
    def domain(self) -> str:  # 民政
        return f"<img src={self.planted}/domain.png> **民政** \u202e政民"

    @property
    def source(self) -> str:  # the report's title
        return f"![t]({self.planted}/source.png) 澄湖区工作总结 www.example.com a@b.cn"

    @property
    def table(self) -> str:  # the statistics table's title: Plotly's hover text would make this a link
        return f"<a href='{self.planted}/table'>民政统计年报表</a>"

    @property
    def query(self) -> str:  # reflected through ?q= on 趋势
        return f"[x]({self.planted}/q)"

    @property
    def sql(self) -> str:  # reflected through ?q= on SQL 查询: DuckDB's error quotes the unknown column
        return f'select "[点击此处修复]({self.planted}/sql)" from fact'


def build(path: Path, names: Names) -> Warehouse:
    """The dashboard fixture warehouse at ``path``, then renamed to the hostile names (and published)."""
    wh = fixture.build(path)
    with wh.writer() as w, w.transaction() as con:
        con.execute("update indicator set name = ? where code = 'urban_dibao_households'", [names.indicator])
        con.execute("update region set name = ? where code = '990103'", [names.region])
        con.execute("update domain set name = ? where code = 'civil'", [names.domain])
        con.execute("update source set title = ? where id = 2", [names.source])
        con.execute("update source set title = ? where id = 1", [names.table])
    return wh
