"""导入: preview what a file would load, load it on confirmation, and explain bad files in one line."""

from __future__ import annotations

from pathlib import Path

import pytest
from apptest import AppFactory, assert_clean, make_app, shown, texts

from tests.hostile.corpus import write
from warehouse.store import Warehouse

PAGE = "app_pages/upload.py"
REPORT = "枫林区2023年民政工作总结\n全区有城市低保户700户，较上年增加50户。全区有学校12所。\n"
TABLE = "地区,期间,指标,数值,单位\n枫林区,2023,学校数,12,所\n"


def upload(at: object, name: str, content: bytes, mime: str = "text/plain") -> object:
    at.file_uploader[0].set_value((name, content, mime)).run()  # type: ignore[attr-defined]
    return at


def metric_values(at: object) -> dict[str, str]:
    return {m.label: m.value for m in at.metric}  # type: ignore[attr-defined]


def test_without_a_file_the_page_says_what_to_do(app: AppFactory) -> None:
    at = app(PAGE)
    assert_clean(at)
    assert at.info[0].value.startswith("请先选择一个文件")
    assert at.file_uploader[0].allowed_type == [".txt", ".md", ".docx", ".csv", ".xlsx"]


def test_report_preview_then_load(writable_db: Path) -> None:
    at = upload(make_app(PAGE), "枫林区2023年工作总结.txt", REPORT.encode())
    assert_clean(at)
    assert metric_values(at)["将导入的数值"] == "2"
    preview = at.dataframe[0].value
    assert preview["数值"].tolist() == ["700户", "12所"]
    assert preview["变化"][0] == "较上年增加50户"
    assert preview["原句"][0] == "全区有城市低保户700户，较上年增加50户"
    before = Warehouse(writable_db).reader().rows("select count(*) from source")[0][0]
    assert at.toggle(key="up_review_first").value  # a report is reviewed first unless the reader says otherwise
    at.toggle(key="up_review_first").set_value(False).run()
    at.button(key="up_confirm").click().run()
    assert_clean(at)
    assert at.success[0].value.startswith("已导入 2 个数值")
    assert Warehouse(writable_db).reader().rows("select count(*) from source")[0][0] == before + 1
    assert at.page_link[0].value == "阅读原文并核对抽取结果"


def test_the_same_file_twice_is_not_loaded_twice(writable_db: Path) -> None:
    at = upload(make_app(PAGE), "表.csv", TABLE.encode(), "text/csv")
    at.button(key="up_confirm").click().run()
    assert at.success
    again = upload(make_app(PAGE), "表.csv", TABLE.encode(), "text/csv")
    again.button(key="up_confirm").click().run()
    assert_clean(again)
    assert "以前已经导入过" in again.info[0].value


def test_an_ambiguous_region_name_is_loaded_with_a_warning(writable_db: Path) -> None:
    at = upload(make_app(PAGE), "河东.csv", "地区,期间,指标,数值,单位\n河东区,2023,学校数,12,所\n".encode(), "text/csv")
    at.button(key="up_confirm").click().run()
    assert_clean(at)
    assert at.success[0].value.startswith("已导入 1 个数值")
    (warning,) = at.warning
    assert "地区“河东区”在全国地区目录中有 2 处同名（天津市河东区、山东省临沂市河东区）" in warning.value
    assert "如“天津市河东区”" in warning.value


def test_a_workbook_s_sheets_are_chosen_and_loaded_one_by_one(writable_db: Path) -> None:
    import io

    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "教育"
    for row in (["地区", "期间", "指标", "数值", "单位"], ["枫林区", "2023", "学校数", 12, "所"]):
        book.active.append(row)
    other = book.create_sheet("民政")
    for row in (["地区", "期间", "指标", "数值", "单位"], ["枫林区", "2023", "低保户数", 700, "户"]):
        other.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    xlsx = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    at = upload(make_app(PAGE), "年鉴.xlsx", buffer.getvalue(), xlsx)
    assert at.selectbox(key="up_sheet").options == ["教育", "民政"]
    assert at.dataframe[0].value["指标"].tolist() == ["学校数"]
    at.selectbox(key="up_sheet").set_value("民政").run()
    assert_clean(at)
    assert at.dataframe[0].value["指标"].tolist() == ["低保户数"]
    at.button(key="up_confirm").click().run()
    assert at.success[0].value.startswith("已导入 1 个数值")
    first = upload(make_app(PAGE), "年鉴.xlsx", buffer.getvalue(), xlsx)
    first.button(key="up_confirm").click().run()  # the first sheet is a source of its own, not "already loaded"
    assert_clean(first)
    assert first.success[0].value.startswith("已导入 1 个数值")


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("坏表.xlsx", b"not a zip", "无法读取这个文件：坏表.xlsx"),
        ("空.txt", b"  \n", "文件是空的"),
    ],
)
def test_bad_files_get_one_plain_line(app: AppFactory, name: str, content: bytes, message: str) -> None:
    at = upload(app(PAGE), name, content)
    assert not at.exception
    assert len(at.error) == 1 and shown(at.error[0].value).startswith(message)
    assert "/tmp/" not in at.error[0].value and "Traceback" not in at.error[0].value


def test_an_invalid_period_is_refused(app: AppFactory) -> None:
    at = app(PAGE)
    at.text_input(key="up_period").set_value("2023年上").run()
    upload(at, "r.txt", REPORT.encode())
    assert not at.exception
    assert "不是有效的期间代码" in at.error[0].value


def test_a_file_without_numbers_cannot_be_loaded(app: AppFactory) -> None:
    at = upload(app(PAGE), "说明.txt", "这份文件只有文字，没有任何统计数字。\n".encode())
    assert not at.exception
    assert at.warning[0].value.startswith("没有从这个文件中抽取到任何数值")
    assert not [b for b in at.button if b.key == "up_confirm"]


def test_preview_keeps_the_stated_change_and_number(app: AppFactory) -> None:
    text = (
        "枫林区2023年经济工作总结\n全区一般公共预算收入3826000万元，比上年增长4.6%。"
        "城镇职工参保率97.5%，较上年提高5个百分点。\n"
    )
    at = upload(app(PAGE), "枫林区2023年经济.txt", text.encode())
    assert_clean(at)
    preview = at.dataframe[0].value
    changes = dict(zip(preview["指标"], preview["变化"], strict=True))
    assert "比上年增长4.6%" in changes.values()  # not 较上年增加4.6%
    assert "较上年提高5个百分点" in changes.values()  # not 增加5个百分点
    assert "3,826,000万元" in preview["数值"].tolist()  # not 3.826e+06


@pytest.mark.parametrize(
    ("name", "cause"),
    [
        ("xlsx_far_corner", "A1:XFD1048576"),
        ("xlsx_far_formula", "A1:XFD1048576"),
        ("xlsx_zip_bomb", "zip bomb"),
        ("docx_bomb", "zip bomb"),
        ("docx_paragraphs", "more than 200,000 paragraphs"),
        ("text_single_line", "line 1 has 3,200,000 characters"),
        ("zip_truncated", "corrupt or truncated XLSX"),
        ("wrong_extension", "not a valid XLSX"),
    ],
)
def test_a_hostile_upload_is_one_error_naming_it(writable_db: Path, tmp_path: Path, name: str, cause: str) -> None:
    """Parsed in the bounded worker: the page says what is wrong with the file; nothing is loaded."""
    path = write(name, tmp_path)
    before = Warehouse(writable_db).reader().rows("select count(*) from source")
    at = upload(make_app(PAGE), path.name, path.read_bytes(), "application/octet-stream")
    assert not at.exception
    assert len(at.error) == 1, [e.value for e in at.error]
    message = shown(at.error[0].value)
    assert message.startswith(f"无法读取这个文件：{path.name}: ") and cause in message
    assert str(tmp_path) not in message and "/tmp/" not in message
    assert not [b for b in at.button if b.key == "up_confirm"]
    assert Warehouse(writable_db).reader().rows("select count(*) from source") == before


def test_hostile_names_and_values_are_cleaned_or_quarantined_in_the_preview(writable_db: Path, tmp_path: Path) -> None:
    content = (
        "地区,期间,指标,数值,单位\n福田区,2023,学校数,12,所\n\ufeff盐\u200b田区,2023,学校数,9,所\n"
        "\x1b[31m罗湖区\x1b[0m,2023,学校数,1e19,所\n"
    ).encode()
    at = upload(make_app(PAGE), "隐形字符.csv", content, "text/csv")
    assert_clean(at)
    assert metric_values(at)["将导入的数值"] == "2" and metric_values(at)["无法识别（将隔离）"] == "1"
    assert at.dataframe[0].value["地区"].tolist() == ["福田区", "盐田区"]
    assert "value out of range" in at.dataframe[1].value["原因"][0]


def test_replace_an_earlier_upload_of_the_same_name(writable_db: Path) -> None:
    wh = Warehouse(writable_db)
    first = upload(make_app(PAGE), "枫林区学校.csv", TABLE.encode(), "text/csv")
    assert not [c for c in first.checkbox if c.key == "up_replace"]  # nothing of that name was loaded before
    first.button(key="up_confirm").click().run()
    old_id = wh.reader().rows("select max(id) from source")[0][0]
    changed = TABLE.replace(",12,", ",13,")
    at = upload(make_app(PAGE), "枫林区学校.csv", changed.encode(), "text/csv")
    assert f"以前导入过同名或内容相同的来源：{old_id}" in texts(at)
    at.checkbox(key="up_replace").check().run()
    at.button(key="up_confirm").click().run()
    assert_clean(at)
    assert f"替换了来源 {old_id}" in at.success[0].value
    new_id = wh.reader().rows("select max(id) from source")[0][0]
    assert wh.reader().rows("select state from source where id = ?", [old_id]) == [("removed",)]
    got = wh.reader().rows(
        "select value, source_id from series where region_name = '枫林区' and indicator_name = '学校数' "
        "and period = '2023'"
    )
    assert got == [(13.0, new_id)]
    assert wh.reader().rows("select via from change_log where action = 'replace' and source_id = ?", [old_id]) == [
        ("导入页面",)
    ]


def test_without_the_box_a_file_of_the_same_name_loads_beside_the_earlier_one(writable_db: Path) -> None:
    wh = Warehouse(writable_db)
    upload(make_app(PAGE), "枫林区学校.csv", TABLE.encode(), "text/csv").button(key="up_confirm").click().run()
    at = upload(make_app(PAGE), "枫林区学校.csv", TABLE.replace(",12,", ",13,").encode(), "text/csv")
    assert not at.checkbox(key="up_replace").value
    at.button(key="up_confirm").click().run()
    assert_clean(at)
    assert "替换了来源" not in at.success[0].value
    assert wh.reader().rows(
        "select count(*) from source where path like '%枫林区学校.csv' and state = 'published'"
    ) == [(2,)]
