"""Read any supported input file into a :class:`SourceDoc`, by its extension, and load many files in turn.

Reading (extraction, parsing) happens before the write lock is taken, so a slow extraction never blocks other
writers; each file then loads in its own transaction.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from pathlib import Path

from ingest.catalog import Catalog
from ingest.load import LoadResult, load_doc
from ingest.model import IngestError, SourceDoc
from warehouse.store import Warehouse

TEXT_SUFFIXES = (".txt", ".md", ".docx")
TABLE_SUFFIXES = (".csv", ".tsv", ".xlsx", ".xlsm", ".xls", ".parquet")


def kind_of(path: Path) -> str:
    """``text`` or ``table`` by extension; :class:`IngestError` for anything else."""
    suffix = path.suffix.lower()
    if suffix in TEXT_SUFFIXES:
        return "text"
    if suffix in TABLE_SUFFIXES:
        return "table"
    supported = " ".join(TEXT_SUFFIXES + TABLE_SUFFIXES)
    raise IngestError(
        f"{path}: 不支持的文件类型 {suffix or '(无扩展名)'} / unsupported file type; supported: {supported}"
    )


def read_file(
    path: Path,
    *,
    region: str | None = None,
    period: str | None = None,
    domain: str | None = None,
    mapping: dict[str, str] | None = None,
    unit: str | None = None,
    sheet: str | int | None = None,
) -> SourceDoc:
    """Read a report (.txt .md .docx) or a table (.csv .xlsx .parquet) into a SourceDoc."""
    path = Path(path)
    if path.is_dir():
        raise IngestError(f"{path}: 是目录，不是文件 / is a directory, not a file")
    if not path.exists():
        raise IngestError(f"{path}: 文件不存在 / no such file")
    if kind_of(path) == "text":
        from ingest.text import read_report

        return read_report(path, region=region, period=period, domain=domain)
    from ingest.tables import read_table

    return read_table(path, mapping=mapping, region=region, period=period, domain=domain, unit=unit, sheet=sheet)


def ingest_paths(
    warehouse: Warehouse,
    paths: Iterable[Path],
    *,
    on_file: Callable[[Path], None] | None = None,
    on_wait: Callable[[str], None] | None = None,
    write_timeout: float | None = None,
    **read_options: object,
) -> list[LoadResult]:
    """Read and load each file; a file that cannot be read is reported, the others still load."""
    docs: list[SourceDoc | LoadResult] = []
    for path in map(Path, paths):
        if on_file is not None:
            on_file(path)
        try:
            docs.append(read_file(path, **read_options))  # type: ignore[arg-type]
        except IngestError as err:
            docs.append(LoadResult(str(path), "error", message=str(err)))
    results: list[LoadResult] = []
    if not any(isinstance(d, SourceDoc) for d in docs):
        return [d for d in docs if isinstance(d, LoadResult)]
    catalog = Catalog.load()
    timeout = {} if write_timeout is None else {"timeout": write_timeout}
    with warehouse.writer(on_wait=on_wait, **timeout) as writer:
        for d in docs:
            results.append(load_doc(writer, d, catalog) if isinstance(d, SourceDoc) else d)
    return results
