"""The command line facing hostile data: terminal output that cannot be driven by names, exports that a spreadsheet
cannot execute and that never overwrite the warehouse, and ``serve`` that stops its server when it is stopped."""

from __future__ import annotations

import contextlib
import csv
import hashlib
import io
import os
import signal
import socket
import subprocess
import sys
import time
import urllib.request
import zipfile
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from warehouse.store import Warehouse
from zhibiao.cli import app

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "dashboards"))

import fixture  # the dashboards' small warehouse, found through the path above

HIDDEN = "城市\u200b低保\u202e户数\x1b[31m[bold]红"
"""An indicator name with a zero-width space, a right-to-left override, an ANSI colour code and Rich markup."""
RAW = ("\u200b", "\u202e", "\x1b")


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("safety") / "warehouse.duckdb"
    wh = fixture.build(path)
    with wh.writer() as w, w.transaction() as con:
        con.execute("update indicator set name = ? where code = 'urban_dibao_households'", [HIDDEN])
    return path


def zhibiao(db: Path, *args: str):
    return CliRunner().invoke(app, ["--db", str(db), *args], catch_exceptions=False)


def digest(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in folder.rglob("*") if p.is_file()
    }


# -- terminal output ------------------------------------------------------------------------------------------------
def test_check_prints_hidden_characters_as_escapes(db: Path) -> None:
    result = zhibiao(db, "check")
    assert result.exit_code == 1  # the fixture has a suspect value, named with HIDDEN
    assert not any(ch in result.stdout for ch in RAW)
    assert "城市\\u200b低保\\u202e户数\\u001b[31m[bold]红" in result.stdout


def test_sql_table_prints_hidden_characters_as_escapes(db: Path) -> None:
    result = zhibiao(db, "sql", "select name from indicator where code = 'urban_dibao_households'")
    assert result.exit_code == 0, result.output
    assert not any(ch in result.stdout for ch in RAW)
    assert "\\u202e" in result.stdout and "[bold]红" in result.stdout


def test_extract_table_prints_hidden_characters_as_escapes(tmp_path: Path) -> None:
    report = tmp_path / "总结.txt"
    report.write_text("澄湖区2023年工作总结\n全区有城市\u200b低保户\x1b[31m800户，学校\u202e16所。\n", encoding="utf-8")
    result = CliRunner().invoke(app, ["extract", "--format", "table", str(report)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert not any(ch in result.stdout for ch in RAW)
    assert "\\u200b" in result.stdout and "\\u001b[31m" in result.stdout


# -- exports --------------------------------------------------------------------------------------------------------
QUERY = """select '=1+1' as "=总计", '=a'::ENUM('=a', 'b') as 类别, ['@x', 'y'] as 别名, -5 as 数值, name as "+名"
from region where code = '990102'"""


def test_export_csv_neutralises_aliases_enums_lists_and_cells(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "q.csv"
    result = zhibiao(db, "export", QUERY, "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8-sig"))))
    assert rows == [["'=总计", "类别", "别名", "数值", "'+名"], ["'=1+1", "'=a", "'@x、y", "-5", "澄湖区"]]


def test_export_xlsx_writes_formula_like_text_as_text(db: Path, tmp_path: Path) -> None:
    out = tmp_path / "q.xlsx"
    assert zhibiao(db, "export", QUERY, "-o", str(out)).exit_code == 0
    sheet = openpyxl.load_workbook(out).active
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert {c.value for c in cells} >= {"=总计", "=1+1", "=a", "+名"}
    assert all(c.data_type != "f" for c in cells)
    with zipfile.ZipFile(out) as book:
        assert "<f>" not in book.read("xl/worksheets/sheet1.xml").decode()


@pytest.mark.parametrize(
    "target",
    ["{db}", "{db}.journal", "{db}.wal", "{snapshots}/CURRENT", "{snapshots}/gen-00000002.duckdb", "{link}"],
    ids=["master", "journal", "wal", "pointer", "snapshot", "symlink to master"],
)
def test_export_refuses_to_overwrite_the_warehouse(db: Path, tmp_path: Path, target: str) -> None:
    link = tmp_path / "innocent.csv"
    link.symlink_to(db)
    output = target.format(db=db, snapshots=f"{db}.snapshots", link=link)
    before = digest(db.parent)
    result = zhibiao(db, "export", "meta", "-o", output)  # the format would follow the name: refused first
    assert result.exit_code == 2
    assert "不能作为导出文件" in result.stderr and "choose another output file" in result.stderr
    assert digest(db.parent) == before
    assert Warehouse(db).reader().rows("select count(*) from fact")[0][0] > 0


def test_export_beside_the_warehouse_is_allowed(db: Path) -> None:
    out = db.parent / "meta.csv"
    try:
        assert zhibiao(db, "export", "meta", "-o", str(out)).exit_code == 0
        assert out.read_text(encoding="utf-8-sig").startswith("key,value")
    finally:
        out.unlink(missing_ok=True)


# -- serve ----------------------------------------------------------------------------------------------------------
def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _children(pid: int) -> list[int]:
    found = []
    for task in Path(f"/proc/{pid}/task").iterdir():
        text = (task / "children").read_text().split()
        found += [int(c) for c in text]
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except FileNotFoundError:
        return False
    return state != "Z"


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT], ids=["SIGTERM", "SIGINT"])
def test_serve_stops_its_server_when_stopped(db: Path, signum: int, tmp_path: Path) -> None:
    port = _free_port()
    log = tmp_path / "serve.log"
    with log.open("wb") as out:
        proc = subprocess.Popen(
            [sys.executable, "-m", "zhibiao", "--db", str(db), "serve", "--port", str(port), "--host", "127.0.0.1"],
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # a group of its own, so a failing test can clean up; the signal goes to serve only
        )
    try:
        deadline = time.monotonic() + 120
        while True:
            assert proc.poll() is None, "serve exited before it was healthy"
            try:
                with urllib.request.urlopen(f"http://127.0.0.1:{port}/_stcore/health", timeout=2) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            assert time.monotonic() < deadline, "the server did not become healthy within 120 s"
            time.sleep(0.5)
        children = _children(proc.pid)
        assert children, "serve runs the Streamlit server as a child"
        proc.send_signal(signum)  # to serve alone, as a service manager does
        assert proc.wait(timeout=60) == 0
        deadline = time.monotonic() + 10
        while any(_alive(c) for c in children) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert not any(_alive(c) for c in children), "the Streamlit child outlived serve"
        said = log.read_text(encoding="utf-8", errors="replace")
        assert "正在停止看板… / Stopping..." in said  # Chinese first, as every other line of serve
        assert "看板已启动" in said and "地址 / URL:" in said
        assert "  Stopping...\n" not in said.replace("正在停止看板… / Stopping...", "")
        with socket.socket() as s:
            s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # closed connections may linger in TIME_WAIT
            s.bind(("127.0.0.1", port))  # nobody listens on the port any more
            s.listen()
    finally:
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.wait()
        else:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)  # anything left of the group (a failing run)
