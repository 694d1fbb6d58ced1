"""The ``zhibiao`` command (the command table: README.md). Each command is a few lines that call into warehouse/ingest/dashboards."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console
from rich.measure import Measurement
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from rich.table import Table
from rich.text import Text

from dashboards.text import visible
from warehouse import paths
from warehouse.store import Warehouse, WarehouseDamaged, WarehouseNotFound, WriterBusy
from zhibiao import supervise
from zhibiao.helptext import BilingualGroup

app = typer.Typer(
    name="zhibiao",
    help="指标：政府统计指标时间序列仓库与看板 / zhibiao: an indicator time-series warehouse with dashboards.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    cls=BilingualGroup,
)
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


class State:
    db: Path = paths.db_path()


def _warehouse() -> Warehouse:
    return Warehouse(State.db)


def _fail(message: str, code: int = 2) -> typer.Exit:
    # The message may quote a query or a name: as plain text, never as Rich markup or terminal control codes.
    err.print(Text.assemble(("错误 / error:", "red"), " ", visible(message)), highlight=False)
    return typer.Exit(code)


def _failed(message: object) -> None:
    """One ✗ line for a file that could not be read or loaded (its message may quote the file's content)."""
    err.print(Text.assemble(("✗", "red"), " ", visible(message)), highlight=False)


@app.callback()
def main_options(
    db: Annotated[
        Path | None,
        typer.Option("--db", envvar="ZHIBIAO_DB", help="仓库文件 / warehouse file (default data/warehouse.duckdb)"),
    ] = None,
) -> None:
    """指标 zhibiao."""
    State.db = paths.db_path(db)


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _build_demo(force: bool = False) -> None:
    from ingest.demo_build import build_demo

    with _progress() as bar:
        task = bar.add_task("构建演示仓库 / building the demo warehouse", total=None)

        def step(done: int, total: int, label: str) -> None:
            bar.update(task, completed=done, total=total, description=f"演示仓库 / demo: {label}")

        summary = build_demo(_warehouse(), force=force, on_step=step, on_wait=err.print)
    err.print(f"演示仓库已就绪 / demo warehouse ready: {_warehouse().path} — {summary}")


STREAMLIT_OPTIONS = [
    "--server.headless",
    "true",
    "--browser.gatherUsageStats",
    "false",
    "--client.toolbarMode",
    "viewer",
    "--server.maxUploadSize",
    "50",
    "--theme.base",
    "light",
    "--server.fileWatcherType",
    "none",  # a served app must not reload its modules while files in the checkout change
    # Streamlit forces a full gc.collect() after every script run: 180–480 ms holding the GIL on the 2-core
    # machine, while the browser is fetching the page's chart and table scripts from this same server.
    # Python's own generational collection still runs.
    "--runner.postScriptGC",
    "false",
    # No page relies on "magic" (bare expressions written to the page); without it a new session's first run
    # does not rewrite each page's syntax tree again (Streamlit drops its compiled pages when the last
    # session closes).
    "--runner.magicEnabled",
    "false",
]
"""Streamlit's options for ``serve`` (``bench/dashboards.py`` serves its floor app with the same ones)."""


def streamlit_command(app_path: Path, port: int, host: str) -> list[str]:
    """The ``streamlit run`` command line that ``serve`` starts (through ``zhibiao.served``: the dashboards' imports
    are done at server start, not in the first visitor's page run)."""
    return [
        sys.executable,
        "-m",
        "zhibiao.served",
        "run",
        str(app_path),
        "--server.port",
        str(port),
        "--server.address",
        host,
        *STREAMLIT_OPTIONS,
    ]


def _check_port(host: str, port: int) -> None:
    """Stop before starting Streamlit when the port is taken (another ``serve``, another program): one Chinese line
    with the way out, instead of Streamlit's English "Port … is not available"."""
    import socket

    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)  # as Streamlit's server binds: TIME_WAIT is free
        try:
            probe.bind((host, port))
        except OSError:
            raise _fail(
                f"端口 {port} 已被占用（可能已有一个看板在运行），请用 --port 换一个端口，如 zhibiao serve --port {port + 1}"
                f" / port {port} is in use; choose another with --port"
            ) from None


@app.command()
def serve(
    port: Annotated[int, typer.Option(help="端口 / port")] = 8501,
    host: Annotated[str, typer.Option(help="监听地址 / address to listen on")] = "localhost",
) -> None:
    """启动看板（首次运行时构建演示仓库）/ Start the dashboards (builds the demo warehouse on first run)."""
    _check_port(host, port)
    wh = _warehouse()
    try:
        if not wh.exists():
            _build_demo()
        wh.ensure_published()
    except (WarehouseDamaged, WriterBusy) as exc:
        raise _fail(str(exc)) from None
    app_path = Path(__file__).resolve().parent.parent / "dashboards" / "app.py"
    cmd = streamlit_command(app_path, port, host)
    err.print(f"看板地址 / dashboards at http://{host}:{port}  (仓库 / warehouse: {wh.path})")
    env = {**os.environ, "ZHIBIAO_DB": str(wh.path)}
    raise typer.Exit(supervise.run_child(cmd, env))


@app.command()
def demo(
    force: Annotated[bool, typer.Option("--force", help="覆盖非演示仓库 / overwrite a non-demo warehouse")] = False,
) -> None:
    """（重新）构建演示仓库 / (Re)build the demo warehouse from the bundled sample data."""
    try:
        _build_demo(force=force)
    except (WarehouseDamaged, WriterBusy, ValueError) as exc:
        raise _fail(str(exc)) from None


@app.command()
def ingest(
    files: Annotated[list[Path], typer.Argument(help="报告或表格文件 / report or table files", show_default=False)],
    region: Annotated[str | None, typer.Option(help="文档所属地区（名称或代码）/ the documents' region")] = None,
    period: Annotated[str | None, typer.Option(help="默认期间代码，如 2023 或 2023H1 / default period code")] = None,
    domain: Annotated[str | None, typer.Option(help="领域（新指标归入）/ domain for new indicators")] = None,
    map_: Annotated[list[str] | None, typer.Option("--map", help="列映射 列名=字段 / column=field mapping")] = None,
    unit: Annotated[str | None, typer.Option(help="表格默认单位 / default unit for a table")] = None,
    sheet: Annotated[
        str | None,
        typer.Option(help="XLSX 工作表名称或序号，all 为全部工作表 / XLSX sheet name or index, or all"),
    ] = None,
    wait: Annotated[float, typer.Option(help="等待写入锁的秒数 / seconds to wait for the write lock")] = 600.0,
    review: Annotated[
        bool, typer.Option("--review", help="暂存为待审草稿，审核后再发布 / stage as a draft to review, then publish")
    ] = False,
    replace: Annotated[
        bool,
        typer.Option("--replace", help="替换同一文件已导入的来源（新版本或新选项）/ replace the source loaded from it"),
    ] = False,
    new_region: Annotated[
        bool, typer.Option("--new-region", help="--region 是目录中没有的新地区 / --region is a new place")
    ] = False,
    user: Annotated[str | None, typer.Option("--user", help="操作人（记入变更日志）/ your name, for the log")] = None,
) -> None:
    """导入报告（.txt .md .docx）或表格（.csv .xlsx .parquet）/ Load reports or tables into the warehouse."""
    from ingest.files import ingest_paths
    from ingest.limits import limits
    from ingest.load import ambiguous_region_note
    from ingest.tables import parse_mapping
    from zhibiao.review_commands import check_region, report_load

    try:
        limits()  # a ZHIBIAO_PARSE_* variable that is not a number is said once, before any file
    except ValueError as exc:
        raise _fail(str(exc)) from None
    period = _period_option(period)
    check_region(region, new_region)
    try:
        mapping = parse_mapping(map_ or [])
    except ValueError as exc:
        raise _fail(str(exc)) from None
    sheet_arg: str | int | None = int(sheet) if sheet and sheet.isdigit() else sheet
    with _progress() as bar:
        task = bar.add_task("导入 / ingest", total=len(files))

        def on_file(path: Path) -> None:
            bar.update(task, advance=1, description=f"读取 / reading {path.name}")

        try:
            results = ingest_paths(
                _warehouse(),
                files,
                on_file=on_file,
                on_wait=err.print,
                write_timeout=wait,
                region=region,
                period=period,
                domain=domain,
                mapping=mapping,
                unit=unit,
                sheet=sheet_arg,
                review=review,
                replace=replace,
                user=user,
            )
        except (WarehouseDamaged, WriterBusy) as exc:
            raise _fail(str(exc)) from None
    for r in results:
        if r.status == "error":
            _failed(r.message)
        elif r.status == "unchanged":
            out.print(visible(f"= {r.path}: 已导入过，未作任何改动 / already loaded, nothing changed"), markup=False)
        else:
            out.print(
                f"✓ {visible(r.path)}: 事实 facts {r.facts:,} · 隔离 quarantined {r.quarantined:,} · 存疑 suspect {r.suspect:,}"
                f" · 新版本 new vintages {r.new_vintages:,} · 陈述变化 stated changes {r.stated_changes:,}"
                f" · 新指标 new indicators {r.new_indicators} · 新地区 new regions {r.new_regions}",
                highlight=False,
                markup=False,
            )
            for name, places in r.ambiguous_regions.items():
                note = visible(ambiguous_region_note(name, places))
                err.print(Text.assemble("  ", ("!", "yellow"), " ", note), highlight=False)
            report_load(r)
    if not any(r.ok for r in results) or all(r.status == "loaded" and r.facts == 0 for r in results if r.ok):
        raise typer.Exit(1)
    if any(r.status == "error" for r in results):
        raise typer.Exit(1)


# Where a fact's period and region were written, one character each for the table (the JSONL spells them out).
_SOURCE_MARK = {"sentence": "句", "paragraph": "段", "heading": "节", "title": "题", "option": "参"}


@app.command()
def extract(
    files: Annotated[list[Path], typer.Argument(help="报告文件 / report files", show_default=False)],
    fmt: Annotated[str, typer.Option("--format", help="jsonl 或 table / jsonl or table")] = "jsonl",
    region: Annotated[str | None, typer.Option(help="文档所属地区 / the documents' region")] = None,
    period: Annotated[str | None, typer.Option(help="默认期间代码 / default period code")] = None,
) -> None:
    """只抽取不写入：打印报告中的指标事实 / Extract facts from report text and print them; nothing is written."""
    from dashboards.format import stated, stated_change
    from ingest.limits import limits
    from ingest.model import IngestError
    from ingest.parse_worker import ParseWorker
    from ingest.rawfile import check_regular

    if fmt not in ("jsonl", "table"):
        raise _fail(f"--format {fmt!r}: 只支持 jsonl 或 table / use jsonl or table")
    period = _period_option(period)
    try:
        settings = limits()
    except ValueError as exc:
        raise _fail(str(exc)) from None
    failed = False
    worker = ParseWorker(settings).start()  # parses in a bounded child process: a hostile file is one error line
    for path in files:
        try:
            check_regular(Path(path), settings.max_file_bytes)  # a FIFO or a device is refused before the hint
        except IngestError as exc:
            _failed(exc)
            failed = True
            continue
        if Path(path).suffix.lower() in TABLE_SUFFIXES:
            note = visible(f"{path}: 表格请用 zhibiao ingest 导入，extract 只抽取报告正文")
            err.print(
                Text.assemble(
                    ("!", "yellow"), " ", note, " / tables are loaded with `zhibiao ingest`; extract reads report text"
                ),
                highlight=False,
            )
            failed = True
            continue
        try:
            doc = worker.read(Path(path), mode="report", region=region, period=period)
        except IngestError as exc:
            _failed(exc)
            failed = True
            continue
        if fmt == "jsonl":
            for fact in doc.facts:
                sys.stdout.write(json.dumps(fact.to_json(doc=Path(path).name), ensure_ascii=False) + "\n")
            continue
        table = Table(title=Text(visible(f"{path} — {len(doc.facts)} 条事实 / facts")))
        for col in ("指标", "数值", "单位", "期间", "地区", "出处 期/地", "类型", "变化", "存疑", "原文"):
            table.add_column(col, overflow="fold")
        for f in doc.facts:
            c = f.change
            change = stated_change(c.direction, c.amount, c.unit, c.base, f.quote) if c else ""
            cells = (
                f.indicator,
                stated(f.value),  # as stated: 3,826,000, never 3.826e+06
                f.unit,
                f.period or "",
                f.region or "",
                f"{_SOURCE_MARK.get(f.period_source, '-')}/{_SOURCE_MARK.get(f.region_source, '-')}",
                f.kind,
                change,
                "是" if f.suspect else "",
                f.quote,
            )
            table.add_row(*(_cell(c) for c in cells))
        _print_table(table)
    worker.close()
    raise typer.Exit(1 if failed else 0)


@app.command()
def sql(
    query: Annotated[str, typer.Argument(help="一条只读查询 / one read-only query", show_default=False)],
    dialect: Annotated[str, typer.Option(help="SQL 方言 / dialect: duckdb mysql postgres oracle tsql …")] = "duckdb",
    fmt: Annotated[str, typer.Option("--format", help="table csv json")] = "table",
    limit: Annotated[
        int | None, typer.Option(help="最多返回行数（默认 ZHIBIAO_SQL_LIMIT 或 10000）/ row cap", show_default=False)
    ] = None,
    timeout: Annotated[
        float | None,
        typer.Option(help="超时秒数（默认 ZHIBIAO_SQL_TIMEOUT 或 10）/ time limit in seconds", show_default=False),
    ] = None,
) -> None:
    """在只读快照上运行受保护的即席查询 / Run a guarded ad-hoc query on the read-only snapshot."""
    from warehouse.query import QueryError, QueryLimits, run

    if fmt not in ("table", "csv", "json"):
        raise _fail(f"--format {fmt!r}: table, csv 或 json")
    try:
        max_mb = QueryLimits.from_env().result_mb  # passed each time: the process-wide service may predate a change
        result = run(query, db=_warehouse().path, dialect=dialect, limit=limit, timeout=timeout, max_mb=max_mb)
    except QueryError as exc:
        raise _fail(exc.message) from None
    except WarehouseNotFound as exc:
        raise _fail(str(exc)) from None
    frame = result.frame
    if fmt == "csv":
        from warehouse.export import flatten

        sys.stdout.write(flatten(frame).write_csv())
    elif fmt == "json":
        sys.stdout.write(json.dumps(frame.to_dicts(), ensure_ascii=False, default=str) + "\n")
    else:
        _print_table(_table(frame))
    note = f"{result.row_count:,} 行 rows · {result.elapsed_ms:.0f} ms"
    if result.truncated_by == "bytes":
        note += f" · {result.notice}"
    elif result.truncated:
        note += f" · 已截断为前 {result.limit:,} 行 / truncated to the first {result.limit:,} rows"
    err.print(note, markup=False, highlight=False)


@app.command()
def export(
    target: Annotated[
        str, typer.Argument(help="视图/表名或查询 / a view or table name, or a query", show_default=False)
    ],
    output: Annotated[Path, typer.Option("--output", "-o", help="输出文件 / output file", show_default=False)],
    fmt: Annotated[
        str | None, typer.Option("--format", help="csv xlsx parquet（默认按扩展名 / default: extension)")
    ] = None,
    limit: Annotated[int, typer.Option(help="最多导出行数 / row cap")] = 1_000_000,
    dialect: Annotated[str, typer.Option(help="SQL 方言 / dialect")] = "duckdb",
) -> None:
    """导出视图、表或查询结果为 CSV/XLSX/Parquet / Export a view, table or query as CSV, XLSX or Parquet."""
    from warehouse import export as exporter
    from warehouse.query import QueryError, QueryLimits, run

    if paths.is_warehouse_file(_warehouse().path, output):  # first: `-o warehouse.duckdb` must say this, not "format"
        raise _fail(
            f"{output}：这是仓库文件或其快照、日志，不能作为导出文件，请换一个文件名 / {output} is the warehouse, one "
            "of its snapshots or its journal; choose another output file"
        )
    fmt = (fmt or output.suffix.lstrip(".")).lower()
    if fmt not in exporter.FORMATS:
        raise _fail(f"--format {fmt!r}: csv, xlsx 或 parquet")
    query = f"select * from {target}" if target.replace("_", "").isalnum() else target
    try:
        bounds = QueryLimits.from_env()
        result = run(query, db=_warehouse().path, dialect=dialect, limit=limit, timeout=300.0, max_mb=bounds.export_mb)
    except QueryError as exc:
        raise _fail(exc.message) from None
    except WarehouseNotFound as exc:
        raise _fail(str(exc)) from None
    layout = exporter.XlsxLayout(
        title=target if query != target else "查询结果 / query result",
        footnote=f"来源 / source: zhibiao {_warehouse().path.name}",
    )
    exporter.write(result.frame, output, fmt, layout)
    note = f"已导出 / exported {result.row_count:,} 行 rows → {output}"
    if result.truncated_by == "bytes":
        note += f"（{result.notice}）"
    elif result.truncated:
        note += f"（已截断为 {limit:,} 行 / truncated to {limit:,} rows）"
    err.print(visible(note), markup=False, highlight=False)


@app.command()
def recover(
    dry_run: Annotated[bool, typer.Option("--dry-run", help="只检查不改动 / examine only, change nothing")] = False,
    wait: Annotated[float, typer.Option(help="等待写入锁的秒数 / seconds to wait for the write lock")] = 600.0,
) -> None:
    """检查并恢复损坏的仓库（主文件、检查点、快照中选最好的一份）/ Examine and restore a damaged warehouse."""
    from warehouse.recover import recover as run_recovery

    try:
        result = run_recovery(_warehouse(), dry_run=dry_run, timeout=wait, on_wait=err.print)
    except (WarehouseNotFound, WriterBusy) as exc:
        raise _fail(str(exc)) from None
    out.print(result.summary(), highlight=False)
    if result.chosen is None:
        raise typer.Exit(1)


aliases_app = typer.Typer(
    help="本地别名：人工改正过的指标措辞 / local aliases: wordings staff mapped to an indicator",
    no_args_is_help=True,
)
app.add_typer(aliases_app, name="aliases")


@aliases_app.command("export")
def aliases_export(file: Annotated[Path, typer.Argument(help="CSV 文件 / CSV file", show_default=False)]) -> None:
    """导出本地别名为 CSV / Write the local aliases to a CSV file."""
    from ingest.catalog.aliases import export_aliases

    try:
        cur = _warehouse().reader().cursor()
    except WarehouseNotFound as exc:
        raise _fail(str(exc)) from None
    try:
        n = export_aliases(cur, file)
    finally:
        cur.close()
    err.print(f"已导出 / exported {n:,} 条别名 aliases → {file}")


@aliases_app.command("import")
def aliases_import(
    file: Annotated[Path, typer.Argument(help="CSV 文件 / CSV file", show_default=False)],
    wait: Annotated[float, typer.Option(help="等待写入锁的秒数 / seconds to wait for the write lock")] = 600.0,
) -> None:
    """从 CSV 导入本地别名（全部或全不）/ Load local aliases from a CSV file (all rows or none)."""
    from ingest.catalog.aliases import AliasError, import_aliases

    try:
        with _warehouse().writer(timeout=wait, on_wait=err.print) as w, w.transaction() as con:
            n = import_aliases(con, file)
    except (AliasError, WarehouseDamaged, WriterBusy) as exc:
        raise _fail(str(exc)) from None
    err.print(f"已导入 / imported {n:,} 条别名 aliases ← {file}")


def _readable(frame: Any) -> Any:
    """Offending rows as a reader wants them on a terminal: names instead of codes and ids."""
    names = set(frame.columns)
    drop = {c for c in names if c.endswith("_id") or c == "id"}
    drop |= {c for c in ("indicator", "region") if c in names and f"{c}_name" in names}
    return frame.drop(sorted(drop))


@app.command()
def check(
    show: Annotated[int, typer.Option(help="表格中每项检查显示的行数 / rows shown per check in the table")] = 10,
    fmt: Annotated[
        str, typer.Option("--format", help="table 或 json（每项检查的全部问题行）/ table, or json with every row")
    ] = "table",
) -> None:
    """运行数据检查，有问题时以非零状态退出 / Run the data checks; exit non-zero when any finds offenders."""
    from warehouse.check import CheckError, run_checks

    if fmt not in ("table", "json"):
        raise _fail(f"--format {fmt!r}: table 或 json / use table or json")
    try:
        cur = _warehouse().reader().cursor()
    except WarehouseNotFound as exc:
        raise _fail(str(exc)) from None
    try:
        results = run_checks(cur)
    except CheckError as exc:
        raise _fail(str(exc)) from None
    finally:
        cur.close()
    failing = sum(1 for r in results if r.rows.height)
    if fmt == "json":
        # For scripts and CI: every offending row of every check, with its codes and ids (nothing dropped or cut).
        report = [
            {"check": r.name, "title": r.title, "count": r.rows.height, "rows": r.rows.to_dicts()} for r in results
        ]
        sys.stdout.write(json.dumps(report, ensure_ascii=False, default=str) + "\n")
        raise typer.Exit(1 if failing else 0)
    for r in results:
        n = r.rows.height
        mark = "✓" if n == 0 else "✗"
        out.print(visible(f"{mark} {r.name}: {n:,} 行 rows — {r.title}"), highlight=False, markup=False)
        if n:
            _print_table(_table(_readable(r.rows.head(show))))
            if n > show:
                out.print(f"  … 另有 {n - show:,} 行 / {n - show:,} more rows (--show, --format json)", highlight=False)
    out.print(f"{len(results)} 项检查 checks, {failing} 项有问题 failing", highlight=False)
    raise typer.Exit(1 if failing else 0)


def _print_table(table: Table) -> None:
    """Print a table: as wide as the terminal, or, when the output is a file, pipe or CI log (which Rich would take as
    80 columns), as wide as its contents, so nothing has to wrap."""
    if out.is_terminal:
        out.print(table)
    else:
        width = Measurement.get(out, out.options.update_width(10_000), table).maximum
        Console(soft_wrap=True, width=max(width, out.width)).print(table)


def _cell(value: object) -> Text:
    """A value for a terminal table: plain text (never Rich markup), invisible and control characters as \\uXXXX, so
    a name can not colour, move or rewrite the terminal, nor hide or reverse text.

    >>> _cell("[red]x[/red]\\x1b[2J\\u202e").plain, _cell(None).plain
    ('[red]x[/red]\\\\u001b[2J\\\\u202e', '')

    Floats print without binary noise (15.2, not 15.199999999999989).

    >>> _cell(15.199999999999989).plain
    '15.2'
    """
    from warehouse.export import plain_number

    if value is None:
        return Text("")
    if isinstance(value, float):
        return Text(plain_number(value) or "")
    return Text(visible(value))


def _table(frame: Any) -> Table:
    """A frame as a table. A cell too wide for the terminal wraps rather than ending in "…": every value is shown
    whole."""
    table = Table()
    for name in frame.columns:
        table.add_column(_cell(name), overflow="fold")
    for row in frame.iter_rows():
        table.add_row(*[_cell(v) for v in row])
    return table


TABLE_SUFFIXES = (".csv", ".xlsx", ".xls", ".parquet")
"""Files that are tables: ``ingest`` loads them; ``extract`` reads report text only."""


def _period_option(period: str | None) -> str | None:
    """``--period`` as a period code: codes (2023H1) and Chinese labels (2023年, 2023年上半年) are accepted; anything
    else (2023Q5) is refused with one clear line rather than ignored."""
    from warehouse import periods

    if period is None:
        return None
    try:
        return periods.from_label(period)
    except ValueError:
        raise _fail(
            f"--period {period!r}: 不是有效的期间（如 2023、2023年、2023H1、2023年上半年、2023M05）"
            " / not a valid period (2023, 2023H1, 2023M05 …)"
        ) from None


from zhibiao import review_commands  # noqa: E402,F401  (registers review, edit, publish, remove, log)


def main() -> None:
    app()
