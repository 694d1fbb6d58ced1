"""The errors the warehouse store raises; each message says what happened and what to do, in Chinese and English."""

from __future__ import annotations

__all__ = ["WarehouseDamaged", "WarehouseNotFound", "WriterBusy"]


class WarehouseNotFound(FileNotFoundError):
    """No warehouse at the path given."""


class WarehouseDamaged(RuntimeError):
    """The master file or its WAL cannot be opened or lost committed work; a copy was put aside."""


class WriterBusy(TimeoutError):
    """Another process held the write lock (or the master file) for longer than the timeout."""
