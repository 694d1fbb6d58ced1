"""导入: upload a report or a table, preview what would be loaded, then load it."""

from __future__ import annotations

import hashlib
import os
import re
import tempfile
from pathlib import Path
from typing import Any

import polars as pl
import streamlit as st

from dashboards import data, reviewdata, reviewpanel, ui, widgets
from dashboards import format as fmt
from warehouse import periods

TYPES = ["txt", "md", "docx", "csv", "xlsx"]
MAX_MB = int(os.environ.get("ZHIBIAO_UPLOAD_MAX_MB", "20"))


def safe_name(name: str) -> str:
    """The uploaded file's own name, stripped of directories and characters a file system may refuse."""
    base = Path(name.replace("\\", "/")).name
    base = re.sub(r'[\x00-\x1f<>:"|?*]', "_", base).strip(" .") or "upload"
    return base[-120:]


def with_file(content: bytes, name: str, action: Any) -> Any:
    """Write the upload to a private temporary directory, run ``action(path)``, then remove it."""
    with tempfile.TemporaryDirectory(prefix="zhibiao-upload-") as tmp:
        path = Path(tmp) / safe_name(name)
        path.write_bytes(content)
        try:
            return action(path)
        except Exception as exc:
            # Messages from ingest name the file by its temporary path; show the user's own file name instead.
            exc.args = tuple(str(a).replace(str(path), name).replace(tmp, "") for a in exc.args)
            raise


def options(gen: str) -> dict[str, str | None]:
    tree = data.region_tree(gen)
    doms = data.domains(gen)
    c1, c2, c3 = st.columns(3)
    region = c1.selectbox(
        "所属地区",
        ["", *tree.codes],
        key="up_region",
        accept_new_options=True,
        format_func=lambda c: "自动识别（按正文判断）" if c == "" else tree.label(c),
        help="报告所说的“全区”“本镇”指哪里。可从列表选择，也可直接输入新的地区名称。",
    )
    period = c2.text_input(
        "默认期间",
        key="up_period",
        placeholder="如 2023、2023H1、2023YTD05",
        help="正文没有写明期间的数值归入这个期间；留空则按正文判断。",
    ).strip()
    names = dict(zip(doms["code"], doms["name"], strict=True))
    domain = c3.selectbox(
        "领域",
        ["", *names],
        key="up_domain",
        format_func=lambda d: names.get(d, "自动识别"),
        help="新出现的指标归入这个领域。",
    )
    return {"region": region or None, "period": period or None, "domain": domain or None}


def preview_frame(doc: Any) -> pl.DataFrame:
    rows = []
    for f in doc.facts:
        change = ""
        if f.change is not None:  # as the text states it: 比上年增长4.6% stays so
            c = f.change
            change = fmt.stated_change(c.direction, c.amount, c.unit, c.base, f.quote)
        rows.append(
            {
                "指标": f.indicator,
                "数值": f"{fmt.stated(f.value)}{f.unit}{f.approx or ''}",  # as stated: 3,826,000, not 3.826e+06
                "期间": fmt.period_label(f.period or doc.period),
                "地区": f.region or doc.region or "（文档所属地区）",
                "变化": change,
                "存疑": f.suspect_reason or ("是" if f.suspect else ""),
                "原句": f.quote or f.location or "",
            }
        )
    return pl.DataFrame(rows) if rows else pl.DataFrame()


def body() -> None:
    gen = data.generation()
    ui.page_header(
        "导入", "上传工作总结、统计公报（.txt/.md/.docx）或统计表（.csv/.xlsx），先预览抽取结果，确认后再导入。"
    )
    reviewing = st.session_state.get("up_review") or widgets.param_int("review")
    if reviewing:
        reviewpanel.show(int(reviewing))
        return
    upload = st.file_uploader(
        "选择文件",
        type=TYPES,
        key="up_file",
        max_upload_size=MAX_MB,
        help=f"单个文件不超过 {MAX_MB} MB。表格可以是长表或宽表，编码 UTF-8 或 GBK 均可。",
    )
    opts = options(gen)
    if upload is None:
        ui.empty("请先选择一个文件。", hint="同一文件重复导入不会产生重复数据；导入后，新数据会立即出现在各页面。")
        return
    content = upload.getvalue()
    if len(content) > MAX_MB * 1024 * 1024:
        st.error(f"文件过大（{len(content) / 1048576:.1f} MB），上限为 {MAX_MB} MB。请拆分后分别导入。")
        return
    if not content.strip():
        st.error("文件是空的。请检查后重新上传。")
        return
    if upload.name.lower().endswith((".xlsx", ".xlsm")):
        from ingest.tables.xlsx import sheet_names

        sheets = sheet_names(content)
        if len(sheets) > 1:
            opts["sheet"] = st.selectbox(
                "工作表",
                sheets,
                key="up_sheet",
                help=f"这个工作簿有 {len(sheets)} 个工作表，每次导入一个；已导入过的工作表不会重复导入。",
            )
    if opts["period"] and not periods.is_valid(opts["period"]):
        st.error(
            f"“{fmt.escape_markdown(opts['period'])}”不是有效的期间代码。请写成 2023、2023H1、2023Q2、2023M05 或 2023YTD05。"
        )
        return
    key = hashlib.sha256(content).hexdigest() + repr(sorted(opts.items()))
    preview = st.session_state.get("up_preview")
    if preview is None or preview["key"] != key:
        from ingest.model import IngestError
        from ingest.parse_worker import parse_file

        with st.spinner("正在读取并抽取数值……"):
            try:  # in a bounded worker process: a hostile file costs an error message, never the server
                doc = with_file(content, upload.name, lambda p: parse_file(p, **opts))
            except IngestError as exc:
                st.error(f"无法读取这个文件：{fmt.escape_markdown(exc)}", icon=":material/error:")
                return
        preview = {
            "key": key,
            "frame": preview_frame(doc),
            "n": len(doc.facts),
            "title": doc.title or upload.name,
            "quarantined": [(q.location, q.reason) for q in doc.quarantined],
            "suspect": sum(1 for f in doc.facts if f.suspect),
        }
        st.session_state["up_preview"] = preview
    show_preview(preview)
    if preview["n"] == 0:
        st.warning("没有从这个文件中抽取到任何数值，因此不能导入。请检查文件内容，或为表格指定正确的格式。")
        return
    is_table = upload.name.lower().endswith((".csv", ".xlsx", ".xlsm"))
    review = st.toggle(
        "先审核再发布",
        value=not is_table,
        key="up_review_first",
        help="报告先暂存为草稿：逐条核对、修改后再发布，发布前不会出现在任何页面。统计表默认直接导入。",
    )
    replaces = replace_choice(gen, upload.name, hashlib.sha256(content).hexdigest())
    if st.button("暂存待审" if review else "确认导入", type="primary", icon=":material/upload:", key="up_confirm"):
        load(content, upload.name, opts, review=review, replaces=replaces)


def replace_choice(gen: str, name: str, sha256: str) -> int | None:
    """When this file, or one of the same name, was loaded before: offer to replace it (its facts leave the current
    data, kept and logged); the id of the source to replace when ticked."""
    earlier = reviewdata.earlier_loads(gen, safe_name(name), sha256)
    if earlier.is_empty():
        return None
    row = earlier.row(0, named=True)
    states = {"draft": "待审", "published": "已发布"}
    when = f"{row['loaded_at']:%Y-%m-%d %H:%M}" if row["loaded_at"] else ""
    st.caption(
        f"以前导入过同名或内容相同的来源：{row['id']} · {fmt.escape_markdown(row['title'])}"
        f"（{states.get(row['state'], row['state'])}，{when}）"
    )
    replace = st.checkbox(
        "替换已导入的同名来源",
        key="up_replace",
        help="新文件（或以新选项重读的同一文件）取代原来源：原来源的数值退出当前数据，但保留在仓库和变更日志中。"
        "先审核时，发布后才替换。",
    )
    return int(row["id"]) if replace else None


def show_preview(preview: dict[str, Any]) -> None:
    st.subheader(f"预览：{fmt.escape_markdown(preview['title'])}", anchor=False)
    c1, c2, c3 = st.columns(3)
    c1.metric("将导入的数值", fmt.count(preview["n"]), border=True)
    c2.metric("其中存疑", fmt.count(preview["suspect"]), border=True)
    c3.metric("无法识别（将隔离）", fmt.count(len(preview["quarantined"])), border=True)
    if preview["frame"].height:
        st.dataframe(preview["frame"], hide_index=True, width="stretch", height=360)
    if preview["quarantined"]:
        with st.expander(f"无法识别的内容（{len(preview['quarantined'])} 处）"):
            st.dataframe(
                pl.DataFrame(preview["quarantined"], schema=["位置", "原因"], orient="row"),
                hide_index=True,
                width="stretch",
            )


def load(
    content: bytes, name: str, opts: dict[str, str | None], *, review: bool = False, replaces: int | None = None
) -> None:
    from ingest.files import ingest_paths

    def run(path: Path) -> list[tuple[Any, str]]:
        # Messages name the file by its temporary path; show the user's own file name instead.
        loaded = ingest_paths(data.warehouse(), [path], review=review, replaces=replaces, via="导入页面", **opts)
        return [(r, str(r.message or "").replace(str(path), name)) for r in loaded]

    with st.spinner("正在导入……"):
        results = with_file(content, name, run)
    for r, message in results:
        if r.status == "error":
            st.error(f"导入失败：{fmt.escape_markdown(message)}", icon=":material/error:")
        elif r.status == "unchanged":
            st.info(
                "这个文件以前已经导入过，内容没有变化，没有重复导入。要用新的选项重新读取，请勾选“替换已导入的同名来源”。",
                icon=":material/info:",
            )
            if r.source_id:
                st.page_link(ui.PAGES["sources"], label="查看该来源", query_params={"source": str(r.source_id)})
        elif r.state == "draft":
            st.session_state["up_review"] = r.source_id
            st.session_state.pop("up_preview", None)
            st.rerun()
        else:
            replaced = f"，替换了来源 {r.replaced}" if r.replaced is not None else ""
            st.success(
                f"已导入 {fmt.count(r.facts)} 个数值{replaced}（存疑 {fmt.count(r.suspect)}，隔离 {fmt.count(r.quarantined)}，"
                f"新指标 {r.new_indicators} 个，新地区 {r.new_regions} 个）。各页面已显示新数据。",
                icon=":material/check_circle:",
            )
            for region, places in r.ambiguous_regions.items():
                st.warning(
                    fmt.escape_markdown(
                        f"地区“{region}”在全国地区目录中有 {len(places)} 处同名（{'、'.join(places)}），无法确定是哪一处，"
                        f"已作为本地地区“{region}”导入，不带全国地区代码。请在文件或“地区”中写全称（如“{places[0]}”）"
                        "或地区代码。"
                    ),
                    icon=":material/warning:",
                )
            st.page_link(
                ui.PAGES["sources"],
                label="阅读原文并核对抽取结果",
                icon=":material/description:",
                query_params={"source": str(r.source_id)},
            )
    st.session_state.pop("up_preview", None)


ui.guard(body)
