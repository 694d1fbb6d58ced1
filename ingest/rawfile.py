"""Open an input file only if it is a regular file, and read at most a bounded number of its bytes.

A ``.csv`` that is a symlink to ``/dev/zero`` has no size to check and never ends; a FIFO named ``.csv`` blocks the
first read forever. Both are refused before a byte is read: the file is opened non-blocking (so opening a FIFO
cannot wait for a writer) and the *opened* descriptor is checked, so a file swapped after a path check is caught too.
"""

from __future__ import annotations

import os
import stat
from pathlib import Path

from ingest.model import IngestError

__all__ = ["check_regular", "read_regular"]


def _kind(mode: int) -> str:
    """What a non-regular file is, for the message.

    >>> _kind(stat.S_IFIFO), _kind(stat.S_IFCHR)
    ('命名管道 FIFO', '设备文件 device')
    """
    if stat.S_ISFIFO(mode):
        return "命名管道 FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "设备文件 device"
    if stat.S_ISSOCK(mode):
        return "套接字 socket"
    return "特殊文件 special file"


def _refuse(path: Path, mode: int) -> IngestError:
    if stat.S_ISDIR(mode):
        return IngestError(f"{path}: 是目录，不是文件 / is a directory, not a file")
    return IngestError(
        f"{path}: 不是普通文件（{_kind(mode)}），拒绝读取 / not a regular file ({_kind(mode).split()[-1]}); refused"
    )


def check_regular(path: Path, max_bytes: int) -> int:
    """The size of ``path`` (symlinks followed) if it is a regular file within ``max_bytes``; else IngestError."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise IngestError(f"{path}: 文件不存在 / no such file") from None
    except OSError as err:
        raise IngestError(f"{path}: 无法读取文件 / cannot read the file: {err.strerror or err}") from err
    if not stat.S_ISREG(st.st_mode):
        raise _refuse(path, st.st_mode)
    _check_size(path, st.st_size, max_bytes)
    return st.st_size


def _check_size(path: Path, size: int, max_bytes: int) -> None:
    if size > max_bytes:
        raise IngestError(
            f"{path}: 文件过大 / file too large ({size / 2**20:.0f} MiB > {max_bytes / 2**20:.0f} MiB; "
            "ZHIBIAO_PARSE_MAX_FILE_BYTES)"
        )


def read_regular(path: Path, max_bytes: int) -> bytes:
    """The bytes of the regular file ``path``, never more than ``max_bytes`` (a file growing while read included)."""
    try:
        fd = os.open(path, os.O_RDONLY | os.O_NONBLOCK | os.O_CLOEXEC)
    except FileNotFoundError:
        raise IngestError(f"{path}: 文件不存在 / no such file") from None
    except IsADirectoryError:
        raise IngestError(f"{path}: 是目录，不是文件 / is a directory, not a file") from None
    except OSError as err:
        raise IngestError(f"{path}: 无法读取文件 / cannot read the file: {err.strerror or err}") from err
    try:
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise _refuse(path, st.st_mode)
        _check_size(path, st.st_size, max_bytes)
        os.set_blocking(fd, True)
        with os.fdopen(fd, "rb", closefd=False) as f:
            data = f.read(max_bytes + 1)
    except OSError as err:
        raise IngestError(f"{path}: 无法读取文件 / cannot read the file: {err.strerror or err}") from err
    finally:
        os.close(fd)
    _check_size(path, len(data), max_bytes)
    return data
