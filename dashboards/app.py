"""The dashboards' entry point: page configuration and routes only (``zhibiao serve`` runs this file).

The pages live in ``app_pages/``, not ``pages/``: when a ``pages/`` folder sits next to the main script, Streamlit
1.67 serves it the old way (file names in the sidebar, ``/trend`` running the page without this script, so no wide
layout, no Chinese titles, no sidebar footer) until some session happens to run ``st.navigation``.

Every page has a stable address, 总览 included: Streamlit 1.67 serves the ``default=True`` page at ``/`` only and
ignores its ``url_path`` (``/overview`` would answer "Page not found"), so 总览 is an ordinary page at ``/overview``
and the default page is a hidden one that forwards ``/`` (with its query parameters) to it.
"""

from __future__ import annotations

import streamlit as st

from dashboards import preload

# Under ``zhibiao serve`` the server imports the dashboards' modules in the background at start; the first page run
# waits for that rather than importing the same modules at the same time (see dashboards.preload).
preload.wait()

from dashboards import data, ui  # noqa: E402  (after the wait above)

st.set_page_config(
    page_title="指标 · 政府统计指标仓库",
    page_icon=":material/monitoring:",
    layout="wide",
    menu_items={"About": "指标 zhibiao：政府统计指标时间序列仓库与看板。"},
)

OVERVIEW = st.Page("app_pages/overview.py", title="总览", icon=":material/dashboard:", url_path="overview")


def home() -> None:
    """``/``: forward to 总览's own address, keeping the query parameters (repeated ones too)."""
    st.switch_page(OVERVIEW, query_params=[(k, v) for k in st.query_params for v in st.query_params.get_all(k)])


navigation = st.navigation(
    {
        "浏览": [
            st.Page(home, title="总览", url_path="home", default=True, visibility="hidden"),
            OVERVIEW,
            st.Page("app_pages/trend.py", title="趋势", icon=":material/show_chart:", url_path="trend"),
            st.Page("app_pages/compare.py", title="对比", icon=":material/table_chart:", url_path="compare"),
        ],
        "追溯": [
            st.Page("app_pages/sources.py", title="来源", icon=":material/description:", url_path="sources"),
            st.Page("app_pages/quality.py", title="质量", icon=":material/fact_check:", url_path="quality"),
        ],
        "数据": [
            st.Page("app_pages/upload.py", title="导入", icon=":material/upload_file:", url_path="upload"),
            st.Page("app_pages/sql.py", title="SQL 查询", icon=":material/terminal:", url_path="sql"),
        ],
    }
)
ui.sidebar(data.generation)
navigation.run()
