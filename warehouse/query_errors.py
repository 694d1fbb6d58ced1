"""The errors of the guarded SQL path: one line in Chinese and English, with a position where there is one."""

from __future__ import annotations

__all__ = ["QueryError", "QueryRefused", "QueryTimeout", "position", "refused", "syntax_error"]


class QueryError(Exception):
    """A guarded query failed; ``message`` is one line in Chinese and English, safe to show as is."""

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.line = line
        self.column = column


class QueryRefused(QueryError):
    """The guard refused the query; nothing ran."""


class QueryTimeout(QueryError):
    """The query ran past its time limit and was stopped."""


def _where(line: int | None, column: int | None) -> tuple[str, str]:
    if line is None:
        return "", ""
    return f"（第 {line} 行第 {column} 列）", f" (line {line}, column {column})"


def refused(zh: str, en: str, *, line: int | None = None, column: int | None = None) -> QueryRefused:
    """A :class:`QueryRefused` with the project's bilingual message shape."""
    at_zh, at_en = _where(line, column)
    return QueryRefused(f"已拒绝：{zh}{at_zh}。 / Refused: {en}{at_en}.", line=line, column=column)


def syntax_error(detail: str, *, line: int | None = None, column: int | None = None) -> QueryError:
    """A :class:`QueryError` for SQL that does not parse."""
    at_zh, at_en = _where(line, column)
    return QueryError(f"SQL 语法错误{at_zh}：{detail} / syntax error{at_en}: {detail}", line=line, column=column)


def position(text: str, byte_offset: int) -> tuple[int, int]:
    """1-based (line, column) in characters of a UTF-8 ``byte_offset`` into ``text`` (DuckDB reports bytes).

    >>> position("select '中文',\\n  x", 19)
    (2, 3)
    """
    before = text.encode("utf-8")[: max(byte_offset, 0)].decode("utf-8", errors="ignore")
    return before.count("\n") + 1, len(before) - (before.rfind("\n") + 1) + 1
