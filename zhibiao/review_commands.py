"""The review commands of ``zhibiao``: review, edit, publish, remove and log, and what ``ingest`` says about drafts,
replacements and gaps. Registered on the app in ``zhibiao.cli``; each command is a few lines calling ``warehouse``."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer

from warehouse.store import WarehouseDamaged, WarehouseNotFound, WriterBusy
from zhibiao.cli import _fail, _print_table, _table, _warehouse, app, err, out

UserOption = Annotated[str | None, typer.Option("--user", help="操作人（记入变更日志）/ your name, for the change log")]
WaitOption = Annotated[float, typer.Option(help="等待写入锁的秒数 / seconds to wait for the write lock")]
SourceArgument = Annotated[
    str, typer.Argument(help="来源编号、文件路径或 SHA-256 前缀 / source id, path or SHA-256 prefix")
]


def _read(action: Any) -> Any:
    """``action(cursor)`` on the published snapshot. A warehouse made before review lacks its tables and columns
    until a writer upgrades it: then upgrade (a writer session applies the schema) and read again."""
    import duckdb

    wh = _warehouse()
    for attempt in (1, 2):
        try:
            cur = wh.reader().cursor()
        except WarehouseNotFound as exc:
            raise _fail(str(exc)) from None
        try:
            return action(cur)
        except (duckdb.CatalogException, duckdb.BinderException):
            if attempt == 2:
                raise
        finally:
            cur.close()
        try:
            wh.ensure_published()
        except (WarehouseDamaged, WriterBusy) as exc:
            raise _fail(str(exc)) from None
    return None


def _frame(cur: Any, sql: str, params: Any) -> Any:
    return cur.sql(sql, params=params).pl()


def _find(ref: str, *, live_only: bool = True) -> Any:
    """The one source ``ref`` names (id, path or SHA-256 prefix); several or none → an error listing them."""
    from warehouse.sources import candidates_text, find_sources

    def lookup(cur: Any) -> Any:
        found = find_sources(cur, ref, include_removed=not live_only)
        if not found and live_only:
            found = find_sources(cur, ref, include_removed=True)
        return found

    found = _read(lookup)
    if not found:
        raise _fail(
            f"找不到来源“{ref}”（可用编号、文件路径或 SHA-256 前缀）/ no source matches {ref!r} (an id, path or SHA-256 prefix)"
        )
    if len(found) > 1:
        raise _fail(
            f"“{ref}”对应 {len(found)} 个来源，请用编号指定 / {ref!r} matches {len(found)} sources; give an id:\n"
            + candidates_text(found)
        )
    return found[0]


def _write(action: Any, wait: float) -> Any:
    """Run ``action(writer)`` under the write lock; review and lookup errors become one-line failures."""
    from warehouse.review import ReviewError

    try:
        with _warehouse().writer(timeout=wait, on_wait=err.print) as writer:
            return action(writer)
    except (ReviewError, LookupError, WarehouseDamaged, WriterBusy) as exc:
        raise _fail(str(exc).strip("'\"")) from None


@app.command()
def review(
    source: SourceArgument,
    fmt: Annotated[str, typer.Option("--format", help="table 或 json / table or json")] = "table",
) -> None:
    """列出一个来源（通常是待审草稿）的事实 / List the facts of a source (usually a draft under review)."""
    from warehouse.sources import review_query

    if fmt not in ("table", "json"):
        raise _fail(f"--format {fmt!r}: table 或 json / use table or json")
    src = _find(source)
    frame = _read(lambda cur: _frame(cur, review_query(), {"source": src.id}))
    if fmt == "json":
        sys.stdout.write(json.dumps(frame.to_dicts(), ensure_ascii=False, default=str) + "\n")
        return
    out.print(f"{src.line()} — {frame.height:,} 条事实 / facts", highlight=False)
    import polars as pl

    shown = frame.select(
        编号="fact_id",
        指标=pl.coalesce("indicator_name", "indicator"),
        数值=pl.col("value").map_elements(lambda v: f"{v:g}", return_dtype=pl.String),
        单位="unit",
        期间="period",
        地区=pl.coalesce("region_name", "region"),
        类型="kind",
        存疑=pl.when(pl.col("suspect")).then(pl.coalesce("suspect_reason", pl.lit("是"))).otherwise(pl.lit("")),
        原文="quote",
    )
    _print_table(_table(shown))
    if src.state == "draft":
        out.print(
            f"修改：zhibiao edit 编号 --set value=… ；发布：zhibiao publish {src.id} / "
            f"edit: zhibiao edit ID --set value=…; publish: zhibiao publish {src.id}",
            highlight=False,
        )


@app.command()
def edit(
    fact: Annotated[int, typer.Argument(help="事实编号 / fact id", show_default=False)],
    set_: Annotated[
        list[str] | None,
        typer.Option("--set", help="字段=值：indicator value unit period region kind / field=value"),
    ] = None,
    drop: Annotated[bool, typer.Option("--drop", help="删除这条事实 / drop this fact")] = False,
    split: Annotated[
        list[str] | None,
        typer.Option(
            "--split",
            help="拆成多条（至少两次）：字段=值,字段=值，未写的字段沿用原值 / one part per --split: field=value,…",
        ),
    ] = None,
    user: UserOption = None,
    wait: WaitOption = 600.0,
) -> None:
    """修改、拆分或删除一条事实（写入新版本，原值保留）/ Correct, split or drop a fact (the old one is kept)."""
    from ingest.catalog.aliases import learn_from_review
    from warehouse.review import drop_fact, edit_fact, split_fact

    changes = _fields(set_ or [], "--set")
    if sum((drop, bool(changes), bool(split))) != 1:
        raise _fail("请给出 --set 字段=值、--split 或 --drop 之一 / give one of --set field=value, --split or --drop")
    if split:
        parts = [_fields(item.replace("，", ",").split(","), "--split") for item in split]
        if len(parts) < 2:
            raise _fail("--split 至少要给两次，每次一部分 / give --split at least twice, one part each")
        new_ids = _write(
            lambda w: split_fact(w, fact, parts, via="zhibiao edit --split", user=user, learn=learn_from_review), wait
        )
        shown = "、".join(map(str, new_ids))
        out.print(f"✓ 事实 {fact} 已拆分为 {shown} / fact {fact} split into {shown}", highlight=False)
        return
    if drop:
        _write(lambda w: drop_fact(w, fact, via="zhibiao edit --drop", user=user), wait)
        out.print(f"✓ 已删除事实 {fact}（保留在仓库中，见 zhibiao log）/ fact {fact} dropped", highlight=False)
        return
    new_id = _write(lambda w: edit_fact(w, fact, changes, via="zhibiao edit", user=user, learn=learn_from_review), wait)
    if new_id is None:
        out.print(f"= 事实 {fact} 未变 / nothing changed", highlight=False)
    else:
        out.print(f"✓ 事实 {fact} → 新事实 {new_id} / fact {fact} corrected as {new_id}", highlight=False)


def _fields(items: list[str], option: str) -> dict[str, str]:
    """``["value=800", "unit=户"]`` → ``{"value": "800", "unit": "户"}``; an item without ``=`` is refused."""
    fields: dict[str, str] = {}
    for item in items:
        key, sep, value = item.partition("=")
        if not sep:
            raise _fail(f"{option} {item!r}: 应写成 字段=值 / use field=value")
        fields[key.strip()] = value
    return fields


@app.command()
def publish(
    source: SourceArgument,
    user: UserOption = None,
    wait: WaitOption = 600.0,
) -> None:
    """发布待审的来源：其事实进入看板与视图 / Publish a draft: its facts reach the views and dashboards."""
    from warehouse.review import publish_source

    src = _find(source)
    n = _write(lambda w: publish_source(w, src.id, via="zhibiao publish", user=user), wait)
    note = f"（替换了来源 {src.replaces} / replacing source {src.replaces}）" if src.replaces else ""
    out.print(f"✓ 已发布来源 {src.id}：{n:,} 条事实{note} / published {src.path}", highlight=False)


@app.command()
def remove(
    source: SourceArgument,
    user: UserOption = None,
    wait: WaitOption = 600.0,
) -> None:
    """移除来源：其事实退出当前数据（保留在仓库与变更日志中）/ Remove a source from the current data (kept, logged)."""
    from warehouse.review import remove_source

    src = _find(source)
    n = _write(lambda w: remove_source(w, src.id, via="zhibiao remove", user=user), wait)
    out.print(
        f"✓ 已移除来源 {src.id}（{src.path}）：{n:,} 条事实退出当前数据 / removed; {n:,} facts left the current data",
        highlight=False,
    )


@app.command("log")
def show_log(
    source: Annotated[str | None, typer.Option(help="只看这个来源 / only this source")] = None,
    limit: Annotated[int, typer.Option(help="最多显示条数 / rows shown")] = 200,
    fmt: Annotated[str, typer.Option("--format", help="table 或 json / table or json")] = "table",
) -> None:
    """变更日志：导入、发布、修改、删除、移除与替换 / The change log: loads, publishes, edits, drops and removals."""
    from warehouse.changelog import log_query

    if fmt not in ("table", "json"):
        raise _fail(f"--format {fmt!r}: table 或 json / use table or json")
    source_id = _find(source, live_only=False).id if source else None
    sql, params = log_query(source_id, limit)
    frame = _read(lambda cur: _frame(cur, sql, params))
    if fmt == "json":
        sys.stdout.write(json.dumps(frame.to_dicts(), ensure_ascii=False, default=str) + "\n")
    else:
        _print_table(_table(frame))


# -- what ingest says ------------------------------------------------------------------------------------------
def check_region(region: str | None, new_region: bool) -> None:
    """Refuse an unknown ``--region`` (with the closest catalogue names) unless ``--new-region`` was given."""
    if region is None or new_region:
        return
    from ingest.catalog import Catalog
    from ingest.regioncheck import region_refused_message, unknown_region

    known: list[str] = []
    wh = _warehouse()
    if wh.exists():
        try:
            rows = wh.reader().rows("select code, name, aliases from region")
        except Exception:  # no snapshot yet or a damaged one: the catalogue alone decides
            rows = []
        known = [s for code, name, aliases in rows for s in (code, name, *(aliases or []))]
    suggestions = unknown_region(region, Catalog.load(), known)
    if suggestions is not None:
        raise _fail(region_refused_message(region, suggestions))


def report_load(result: Any) -> None:
    """The lines after a loaded file: a draft's id and how to publish it, a replacement, and facts lacking a period
    or region with the option that fixes them."""
    if result.state == "draft":
        out.print(
            f"  待审草稿 / staged for review: 来源 source {result.source_id} — "
            f"查看 zhibiao review {result.source_id}，发布 zhibiao publish {result.source_id}",
            highlight=False,
        )
    if result.replaced is not None:
        when = "发布后" if result.state == "draft" else "已"
        out.print(
            f"  {when}替换来源 {result.replaced} / replaces source {result.replaced}"
            + (" when published" if result.state == "draft" else ""),
            highlight=False,
        )
    path = Path(result.path).name
    if result.no_period:
        err.print(
            f"  [yellow]![/yellow] {result.no_period:,} 条事实没有期间：用 --period（如 --period 2023）和 --replace "
            f"重新导入 {path} / {result.no_period:,} facts have no period: load again with --period … --replace",
            highlight=False,
        )
    if result.no_region:
        err.print(
            f"  [yellow]![/yellow] {result.no_region:,} 条事实没有地区：用 --region 和 --replace 重新导入 {path} / "
            f"{result.no_region:,} facts have no region: load again with --region … --replace",
            highlight=False,
        )
