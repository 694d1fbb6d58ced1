"""What every ingest reader returns: plain dataclasses, never DuckDB writes (STYLE habit 5).

A reader (report text extraction, table reading, the demo generator) turns one input file into a
:class:`SourceDoc` holding :class:`FactRecord` rows and :class:`Quarantined` rows; ``ingest.load`` writes a
``SourceDoc`` to the warehouse in one transaction.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Change", "FactRecord", "IngestError", "Quarantined", "RegionDef", "SourceDoc", "sha256_of"]

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

    def to_json(self, doc: str | None = None) -> dict[str, Any]:
        """The JSONL object of ``zhibiao extract`` (DESIGN §4), plus ``suspect_reason`` and ``parent``."""
        out: dict[str, Any] = {"doc": doc} if doc is not None else {}
        out.update(
            indicator=self.indicator,
            value=self.value,
            unit=self.unit,
            approx=self.approx,
            kind=self.kind,
            period=self.period,
            region=self.region,
            change=asdict(self.change) if self.change else None,
            suspect=self.suspect,
            suspect_reason=self.suspect_reason,
            quote=self.quote,
            span=list(self.span) if self.span else None,
            parent=self.parent,
        )
        return out


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
    """One input file, read: its identity and defaults, its facts, and what had to be quarantined."""

    path: Path
    sha256: str
    kind: str  # text | table | demo
    title: str | None = None
    region: str | None = None
    period: str | None = None
    domain: str | None = None
    text: str | None = None
    extractor_version: str | None = None
    facts: list[FactRecord] = field(default_factory=list)
    quarantined: list[Quarantined] = field(default_factory=list)
    regions: list[RegionDef] = field(default_factory=list)


def sha256_of(data: bytes) -> str:
    """Hex SHA-256 of ``data`` (a source's identity).

    >>> sha256_of(b"")[:12]
    'e3b0c44298fc'
    """
    return hashlib.sha256(data).hexdigest()
