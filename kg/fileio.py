"""Atomic file writes: a temporary file in the same directory, then ``os.replace``.

A reader never sees a half-written file, and a failed write leaves the old file untouched.
Files get the usual permissions (0666 masked by the umask), not mkstemp's private 0600.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = ["atomic_open", "atomic_write_text", "jsonl_line"]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


@contextmanager
def atomic_open(path: str | os.PathLike, mode: str = "w") -> Iterator[IO]:
    """Open a temporary file for writing that replaces ``path`` when the block succeeds.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "x.txt"
    >>> with atomic_open(p) as fh:
    ...     _ = fh.write("done")
    >>> p.read_text()
    'done'
    """
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        os.fchmod(fd, 0o666 & ~_umask())
        encoding = None if "b" in mode else "utf-8"
        with os.fdopen(fd, mode, encoding=encoding) as fh:
            yield fh
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def atomic_write_text(path: str | os.PathLike, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` atomically and return the path."""
    with atomic_open(path) as fh:
        fh.write(text)
    return Path(path)


def atomic_write_with(
    path: str | os.PathLike, write: Callable[[IO], object], mode: str = "wb"
) -> Path:
    """Call ``write(fh)`` on a temporary file that atomically becomes ``path``."""
    with atomic_open(path, mode) as fh:
        write(fh)
    return Path(path)


#: Characters that ``json.dumps(ensure_ascii=False)`` leaves raw but that many line readers
#: (Python's ``str.splitlines``, some JavaScript) take for a line break.
_LINE_BREAKS = str.maketrans({"\x85": "\\u0085", "\u2028": "\\u2028", "\u2029": "\\u2029"})


def jsonl_line(obj: object) -> str:
    r"""One JSON Lines record: UTF-8-readable JSON on one line, whatever line reader is used.

    >>> jsonl_line({"t": "a\u2028b\x85"})
    '{"t": "a\\u2028b\\u0085"}\n'
    """
    return json.dumps(obj, ensure_ascii=False).translate(_LINE_BREAKS) + "\n"
