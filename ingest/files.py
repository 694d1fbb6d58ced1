"""Read any supported input file into a :class:`SourceDoc`, by its extension, and load many files in turn.

Reading (extraction, parsing) happens before the write lock is taken, so a slow extraction never blocks other
writers, and in a bounded worker process (:mod:`ingest.parse_worker`), so a hostile file costs one error line, not
the process; each file then loads in its own transaction, written by this process.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

from ingest.catalog import Catalog
from ingest.limits import limits
from ingest.load import UNCHANGED, LoadResult, load_doc
from ingest.model import IngestError, SourceDoc
from ingest.parse_worker import ParseWorker
from ingest.rawfile import check_regular
from ingest.readers import TABLE_SUFFIXES, TEXT_SUFFIXES, kind_of, read_file
from warehouse.store import Warehouse, Writer

__all__ = ["TABLE_SUFFIXES", "TEXT_SUFFIXES", "ingest_paths", "kind_of", "no_facts_message", "read_file"]


def ingest_paths(
    warehouse: Warehouse,
    paths: Iterable[Path],
    *,
    on_file: Callable[[Path], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    write_timeout: float | None = None,
    review: bool = False,
    replace: bool = False,
    replaces: int | None = None,
    via: str = "zhibiao ingest",
    user: str | None = None,
    **read_options: object,
) -> list[LoadResult]:
    """Read and load each file; a file that cannot be read, or holds no facts, is reported and nothing of it is
    written; the others still load, each in its own transaction. ``review``, ``replace``, ``replaces``, ``via`` and
    ``user`` go to ``load_doc``."""
    how = {"review": review, "replace": replace, "replaces": replaces, "via": via, "user": user}
    docs: list[SourceDoc | LoadResult] = []
    labels: list[tuple[str, str] | None] = []  # (path, "path（工作表 民政）") for each sheet of --sheet all
    with ParseWorker().start() as worker:  # it imports the readers while this process opens the warehouse
        for path in map(Path, paths):
            if on_file is not None:
                on_file(path)
            try:  # a FIFO or a link to a device is refused before anything reads it, here or in the worker
                check_regular(path, limits().max_file_bytes)
            except IngestError as err:
                docs.append(LoadResult(str(path), "error", message=_one_line(str(err))))
                labels.append(None)
                continue
            for sheet, label in _sheets(path, read_options.get("sheet")):
                options = {**read_options, "sheet": sheet}
                # a later sheet's identity needs the workbook read; a replacement loads bytes that are there already
                read_anyway = sheet not in (None, 0) or replace or replaces is not None
                loaded = None if read_anyway else _loaded_before(warehouse, path)
                docs.append(loaded or _read_checked(worker, path, options))
                labels.append((str(path), label) if label else None)
    results: list[LoadResult] = []
    if any(isinstance(d, SourceDoc) for d in docs):
        catalog = Catalog.load()
        timeout = {} if write_timeout is None else {"timeout": write_timeout}
        with warehouse.writer(on_wait=on_wait, **timeout) as writer:
            for d in docs:
                results.append(_load_checked(writer, d, catalog, how) if isinstance(d, SourceDoc) else d)
    else:
        results = [d for d in docs if isinstance(d, LoadResult)]
    for result, named in zip(results, labels, strict=True):
        if named:  # say which sheet each line is about
            result.path = named[1]
            result.message = result.message and result.message.replace(named[0], named[1], 1)
    return results


ALL_SHEETS = ("all", "*", "全部")
"""``--sheet`` values that load every sheet of a workbook, each as its own source."""


def _sheets(path: Path, sheet: object) -> list[tuple[object, str | None]]:
    """The sheet options to read ``path`` with, and a label for each when they are a workbook's every sheet."""
    if not (isinstance(sheet, str) and sheet.strip().lower() in ALL_SHEETS):
        return [(sheet, None)]
    names: list[str] = []
    if path.suffix.lower() in (".xlsx", ".xlsm") and path.is_file():
        from ingest.tables.xlsx import sheet_names

        names = sheet_names(path.read_bytes())  # bounded: the file passed check_regular
    if not names:  # not a workbook, or an unreadable one: read as usual, and its own error says what is wrong
        return [(None, None)]
    return [(i, f"{path}（工作表 {name}）") for i, name in enumerate(names)]


def _loaded_before(warehouse: Warehouse, path: Path) -> LoadResult | None:
    """ "Unchanged" when the published snapshot already holds a source with these bytes: a re-run of a 200 MB load
    then costs a hash, not a parse. ``load_doc`` checks again under the write lock, so a stale snapshot only means
    the file is parsed before being found unchanged."""
    if not warehouse.exists() or not path.is_file():
        return None
    try:
        with path.open("rb") as f:
            sha256 = hashlib.file_digest(f, "sha256").hexdigest()
        rows = warehouse.reader().rows("select id from source where sha256 = ? and state <> 'removed'", [sha256])
    except Exception:  # no snapshot yet, a damaged one, an unreadable file: the ordinary path will say what is wrong
        return None
    if not rows:
        return None
    return LoadResult(str(path), "unchanged", source_id=int(rows[0][0]), message=UNCHANGED)


def _read_checked(worker: ParseWorker, path: Path, options: dict[str, object]) -> SourceDoc | LoadResult:
    """The file read (in the worker) into a SourceDoc, or an error result whose message is one line naming it."""
    try:
        doc = worker.read(path, **options)
    except IngestError as err:
        return LoadResult(str(path), "error", message=_one_line(str(err)))
    except Exception as err:  # a reader bug must still give one line, not a traceback, and load nothing
        return LoadResult(str(path), "error", message=f"{path}: 读取失败 / could not be read: {_cause(err)}")
    if not doc.facts:
        return LoadResult(str(path), "error", quarantined=len(doc.quarantined), message=no_facts_message(doc))
    return doc


def _load_checked(writer: Writer, doc: SourceDoc, catalog: Catalog, how: dict[str, Any]) -> LoadResult:
    """``load_doc``; a failure rolls back this file's transaction only and is reported in one line."""
    try:
        return load_doc(writer, doc, catalog, **how)
    except Exception as err:  # the transaction was rolled back: nothing of this file is in the warehouse
        return LoadResult(str(doc.path), "error", message=f"{doc.path}: 写入失败，未导入 / not loaded: {_cause(err)}")


def no_facts_message(doc: SourceDoc) -> str:
    """Why a file with no facts is not loaded, naming the first rows that could not be read.

    >>> from ingest.model import Quarantined
    >>> no_facts_message(SourceDoc(Path("a.csv"), "0", "table"))
    'a.csv: 没有找到任何数据（只有空白或缺失值？），未导入 / no facts found (only blanks or missing values?); nothing loaded'
    >>> no_facts_message(SourceDoc(Path("a.csv"), "0", "table", quarantined=[Quarantined("行 2", "无法识别的数值")]))
    'a.csv: 没有可导入的数据，1 处无法识别，未导入 / no loadable facts, 1 quarantined; nothing loaded: 行 2: 无法识别的数值'
    """
    if doc.quarantined:
        shown = "; ".join(f"{q.location}: {q.reason}" for q in doc.quarantined[:3])
        more = " …" if len(doc.quarantined) > 3 else ""
        n = len(doc.quarantined)
        return f"{doc.path}: 没有可导入的数据，{n} 处无法识别，未导入 / no loadable facts, {n} quarantined; nothing loaded: {shown}{more}"
    if doc.kind == "text":
        return (
            f"{doc.path}: 正文中没有找到任何指标数据（只有模板或说明文字？），未导入 / no facts found in the text "
            "(only boilerplate?); nothing loaded"
        )
    return f"{doc.path}: 没有找到任何数据（只有空白或缺失值？），未导入 / no facts found (only blanks or missing values?); nothing loaded"


def _one_line(text: str) -> str:
    return " ".join(text.split())


def _cause(err: BaseException) -> str:
    lines = str(err).strip().splitlines()
    return f"{type(err).__name__}: {lines[0][:200]}" if lines else type(err).__name__
