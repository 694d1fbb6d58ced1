"""Report text → indicator facts (docs/extraction.md): pure, deterministic, no network.

``extract(text)`` returns :class:`~ingest.model.FactRecord` rows with quote and span into the original text;
``read_report(path)`` reads a .txt/.md/.docx file into a :class:`~ingest.model.SourceDoc`.
"""

from __future__ import annotations

from ingest.text.extract import extract
from ingest.text.reader import EXTRACTOR_VERSION, read_report

__all__ = ["EXTRACTOR_VERSION", "extract", "read_report"]
