"""Table ingest: CSV/TSV/TXT, XLSX/XLS and Parquet tables (long or wide) → :class:`ingest.model.SourceDoc`.

Modules, in the order a file passes through them: ``grid`` (file checks, Parquet), ``delimited`` (text tables and
their encodings), ``xlsx`` (zip-bomb check, yearbook layout), ``headers`` (header row and column names, ``--map``),
``layout`` (row checks, wide → long), ``values`` (cell text → numbers), ``reader`` (duplicates, the fact frame).
"""

from __future__ import annotations

from ingest.tables.headers import MappingError, parse_mapping
from ingest.tables.reader import TableStats, read_table, read_table_with_stats

__all__ = ["MappingError", "TableStats", "parse_mapping", "read_table", "read_table_with_stats"]
