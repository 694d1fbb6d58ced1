"""What every ingest reader returns: plain dataclasses, never DuckDB writes (``ingest/load.py`` writes).

A reader (report text extraction, table reading, the demo generator) turns one input file into a
:class:`SourceDoc` holding :class:`FactRecord` rows and :class:`Quarantined` rows; ``ingest.load`` writes a
``SourceDoc`` to the warehouse in one transaction. A table's facts stay columns (a :class:`FactTable` over a polars
frame) from the reader to the warehouse: a 200 MB table holds millions of facts, and one Python object per fact
costs about a kilobyte.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator, Sequence
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, overload

import polars as pl

__all__ = [
    "FACT_SCHEMA",
    "Change",
    "FactRecord",
    "FactTable",
    "IngestError",
    "Quarantined",
    "RegionDef",
    "SourceDoc",
    "facts_frame",
    "sha256_of",
]

KINDS = ("actual", "target", "derived", "relative")


class IngestError(ValueError):
    """A file that cannot be read at all. The message names the file and the cause, in Chinese and English."""


@dataclass
class Change:
    """A change a text states for a fact (较上年减少52户 → base 上年, direction -, amount 52, unit 户)."""

    base: str | None
    direction: str  # '+', '-', '='
    amount: float | None = None
    unit: str | None = None


@dataclass
class FactRecord:
    """One indicator value as a source states it.

    ``indicator`` and ``region`` are names or codes as found; the loader resolves them through the catalogue
    (creating entries marked ``in_catalog = false`` for names it does not know). ``value``/``unit`` are as stated
    (139.57 万元). ``region`` None means the document's region; ``period`` None means unknown. ``parent`` is the
    index, in the same ``SourceDoc.facts`` list, of the whole a 其中 part belongs to. ``location`` is where a table
    row came from (行 12); ``span`` the character offsets of ``quote`` in a text.
    """

    indicator: str
    value: float
    unit: str
    region: str | None = None
    period: str | None = None
    approx: str | None = None
    kind: str = "actual"
    quote: str | None = None
    span: tuple[int, int] | None = None
    change: Change | None = None
    suspect: bool = False
    suspect_reason: str | None = None
    parent: int | None = None
    domain: str | None = None
    location: str | None = None
    period_source: str | None = None  # where a text fact's period was written: sentence, paragraph, heading, …
    region_source: str | None = None

    def to_json(self, doc: str | None = None) -> dict[str, Any]:
        """The JSONL object of ``zhibiao extract`` (its fields: docs/extraction.md), plus ``suspect_reason`` and ``parent``."""
        out: dict[str, Any] = {"doc": doc} if doc is not None else {}
        out.update(
            indicator=self.indicator,
            value=self.value,
            unit=self.unit,
            approx=self.approx,
            kind=self.kind,
            period=self.period,
            region=self.region,
            period_source=self.period_source,
            region_source=self.region_source,
            change=asdict(self.change) if self.change else None,
            suspect=self.suspect,
            suspect_reason=self.suspect_reason,
            quote=self.quote,
            span=list(self.span) if self.span else None,
            parent=self.parent,
        )
        return out


FACT_SCHEMA: dict[str, pl.DataType] = {
    "indicator": pl.String(),
    "value": pl.Float64(),
    "unit": pl.String(),
    "region": pl.String(),
    "period": pl.String(),
    "approx": pl.String(),
    "kind": pl.String(),
    "quote": pl.String(),
    "span_start": pl.Int32(),
    "span_end": pl.Int32(),
    "suspect": pl.Boolean(),
    "suspect_reason": pl.String(),
    "parent": pl.Int64(),
    "domain": pl.String(),
    "location": pl.String(),
}
"""The columns of a :class:`FactTable`: the fields of :class:`FactRecord` (``span`` split in two; no ``change``)."""

_REQUIRED = ("indicator", "value", "unit")
_DEFAULTS: dict[str, Any] = {"kind": "actual", "suspect": False}
_CHUNK = 50_000


class FactTable(Sequence[FactRecord]):
    """A document's facts as columns: a polars frame with columns of :data:`FACT_SCHEMA`.

    ``indicator``, ``value`` and ``unit`` are required; a column left out is null for every fact (``kind``
    ``actual``, ``suspect`` false). The loader reads :attr:`frame` directly. As a sequence it yields
    :class:`FactRecord` objects built on demand, a chunk at a time, for callers that read ``SourceDoc.facts``.
    Facts held as a table state no changes (``change`` is always None).

    >>> t = FactTable(pl.DataFrame({"indicator": ["学校数"], "value": [16.0], "unit": ["所"], "period": ["2023"]}))
    >>> len(t), t[0].indicator, t[0].kind, t[-1].region, [f.value for f in t]
    (1, '学校数', 'actual', None, [16.0])
    """

    __slots__ = ("_frame",)

    def __init__(self, frame: pl.DataFrame) -> None:
        missing = [c for c in _REQUIRED if c not in frame.columns]
        unknown = [c for c in frame.columns if c not in FACT_SCHEMA]
        if missing or unknown:
            raise ValueError(f"FactTable columns: missing {missing}, unknown {unknown}")
        casts = [pl.col(c).cast(FACT_SCHEMA[c]) for c, t in frame.schema.items() if t != FACT_SCHEMA[c]]
        self._frame = frame.with_columns(casts) if casts else frame

    @property
    def frame(self) -> pl.DataFrame:
        """The facts as columns (only the columns the reader gave)."""
        return self._frame

    def __len__(self) -> int:
        return self._frame.height

    @overload
    def __getitem__(self, index: int) -> FactRecord: ...
    @overload
    def __getitem__(self, index: slice) -> list[FactRecord]: ...
    def __getitem__(self, index: int | slice) -> FactRecord | list[FactRecord]:
        if isinstance(index, slice):
            start, stop, step = index.indices(len(self))
            if step != 1:
                return [self[i] for i in range(start, stop, step)]
            return _records(self._frame.slice(start, max(stop - start, 0)))
        n = len(self)
        if not -n <= index < n:
            raise IndexError("FactTable index out of range")
        return _records(self._frame.slice(index % n, 1))[0]

    def __iter__(self) -> Iterator[FactRecord]:
        for chunk in self._frame.iter_slices(_CHUNK):
            yield from _records(chunk)

    def __eq__(self, other: object) -> bool:
        if isinstance(other, FactTable):
            return self._frame.equals(other._frame)
        if isinstance(other, Sequence) and not isinstance(other, str):
            return len(self) == len(other) and list(self) == list(other)
        return NotImplemented

    __hash__ = None  # type: ignore[assignment]

    def __repr__(self) -> str:
        return f"FactTable({self._frame.height} facts, columns {self._frame.columns})"


def _records(frame: pl.DataFrame) -> list[FactRecord]:
    n = frame.height
    col = {c: (frame[c].to_list() if c in frame.columns else [_DEFAULTS.get(c)] * n) for c in FACT_SCHEMA}
    out = []
    for row in zip(*col.values(), strict=True):
        f = dict(zip(col, row, strict=True))
        start, end = f.pop("span_start"), f.pop("span_end")
        f["span"] = (start, end) if start is not None and end is not None else None
        f["kind"] = f["kind"] if f["kind"] is not None else "actual"
        f["suspect"] = bool(f["suspect"])
        out.append(FactRecord(**f))
    return out


def facts_frame(facts: Sequence[FactRecord]) -> pl.DataFrame:
    """The facts as columns of :data:`FACT_SCHEMA`: a :class:`FactTable`'s own frame, else built from the records.

    >>> facts_frame([FactRecord("学校数", 16, "所", span=(3, 9))]).select("value", "span_start", "kind").row(0)
    (16.0, 3, 'actual')
    """
    if isinstance(facts, FactTable):
        return facts.frame
    columns: dict[str, list[Any]] = {
        "indicator": [f.indicator for f in facts],
        "value": [float(f.value) for f in facts],
        "unit": [f.unit for f in facts],
        "region": [f.region for f in facts],
        "period": [f.period for f in facts],
        "approx": [f.approx for f in facts],
        "kind": [f.kind for f in facts],
        "quote": [f.quote for f in facts],
        "span_start": [f.span[0] if f.span else None for f in facts],
        "span_end": [f.span[1] if f.span else None for f in facts],
        "suspect": [bool(f.suspect) for f in facts],
        "suspect_reason": [f.suspect_reason for f in facts],
        "parent": [f.parent for f in facts],
        "domain": [f.domain for f in facts],
        "location": [f.location for f in facts],
    }
    return pl.DataFrame(columns, schema=FACT_SCHEMA)


@dataclass
class Quarantined:
    """Input that could not become a fact: where it was, why, and the raw text."""

    location: str
    reason: str
    raw: str | None = None


@dataclass
class RegionDef:
    """A region a source defines (the demo's city tree; a table's code column): upserted into ``region``.

    ``authoritative`` definitions (the demo's own tree) overwrite what the warehouse holds; others (a code and a
    name beside it in a table) only fill in what is missing and never rename or re-parent a catalogued region.
    """

    code: str
    name: str
    level: str | None = None
    parent_code: str | None = None
    aliases: list[str] = field(default_factory=list)
    authoritative: bool = True


@dataclass
class SourceDoc:
    """One input file, read: its identity and defaults, its facts, and what had to be quarantined.

    ``facts`` is a list of :class:`FactRecord` (report text, the demo) or a :class:`FactTable` (a table file):
    either reads as a sequence of ``FactRecord``; :func:`facts_frame` gives either as columns.
    """

    path: Path
    sha256: str
    kind: str  # text | table | demo
    title: str | None = None
    region: str | None = None
    period: str | None = None
    domain: str | None = None
    text: str | None = None
    extractor_version: str | None = None
    facts: list[FactRecord] | FactTable = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    regions: list[RegionDef] = field(default_factory=list)


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of ``data`` (a source's identity).

    >>> sha256_of(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()
