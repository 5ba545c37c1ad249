"""Atomic file writes: a temporary file in the same directory, then ``os.replace``.

A reader never sees a half-written file, and a failed write leaves the old file untouched.
Files get the usual permissions (0666 masked by the umask), not mkstemp's private 0600.

A process killed mid-write (``kill -9``, power loss) leaves its temporary behind. Every
temporary is named after its writer (:func:`temp_prefix`: ``.<name>.tmp-<host>-<pid>-…``),
and :func:`remove_stale` deletes those of this host whose process is gone; it never touches
one that a running process may still be writing. Writing into a directory sweeps it first.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import socket
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

__all__ = [
    "atomic_open",
    "atomic_write_text",
    "atomic_write_with",
    "jsonl_line",
    "temp_prefix",
    "remove_stale",
]

#: This host, as it appears in temporary names (letters and digits only).
_HOST = re.sub(r"[^A-Za-z0-9]", "", socket.gethostname())[:32] or "host"
#: Exactly what :func:`temp_prefix` + ``tempfile.mkstemp``/``mkdtemp`` make: the prefix, the
#: 8 random characters of :mod:`tempfile`, and ``.tmp`` for a file (nothing else is swept).
_TEMP = re.compile(
    r"^\.(?P<name>.+)\.tmp-(?P<host>[A-Za-z0-9]+)-(?P<pid>[0-9]+)-[a-z0-9_]{8}(?P<file>\.tmp)?$"
)
_swept: set[str] = set()


def temp_prefix(name: str, pid: int | None = None) -> str:
    """The prefix of a temporary for ``name`` written by process ``pid`` (default: this one).

    >>> prefix = temp_prefix("report.md", 42)
    >>> prefix.startswith(".report.md.tmp-") and prefix.endswith("-42-")
    True
    """
    return f".{name}.tmp-{_HOST}-{os.getpid() if pid is None else pid}-"


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OverflowError):
        return True  # another user's process (or not a pid we can ask about): keep
    return True


def remove_stale(directory: str | os.PathLike, names: Iterable[str] | None = None) -> list[Path]:
    """Delete the temporaries in ``directory`` left by processes of this host that are gone.

    Files and directories named exactly as :func:`temp_prefix` and :mod:`tempfile` name them
    (for one of ``names`` only, when given) whose process no longer runs; those of running
    processes and of other hosts are kept, and so is everything else (a file or folder of the
    user's that merely looks similar). Errors (a directory that cannot be listed, a file
    another process removed first) are ignored. Returns the paths removed.
    """
    wanted = set(names) if names is not None else None
    removed = []
    try:
        entries = list(os.scandir(directory))
    except OSError:
        return removed
    for entry in entries:
        m = _TEMP.match(entry.name)
        if m is None or m["host"] != _HOST or (wanted is not None and m["name"] not in wanted):
            continue
        if bool(m["file"]) == entry.is_dir(follow_symlinks=False) or _alive(int(m["pid"])):
            continue  # a temporary file ends in .tmp, a temporary folder does not
        path = Path(entry.path)
        try:
            if entry.is_dir(follow_symlinks=False):
                shutil.rmtree(path)
            else:
                path.unlink()
        except OSError:
            continue
        removed.append(path)
    return removed


def _sweep_once(directory: Path) -> None:
    """:func:`remove_stale` on ``directory``, once per process."""
    key = os.fspath(directory.resolve())
    if key not in _swept:
        _swept.add(key)
        remove_stale(directory)


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
    _sweep_once(path.parent)
    fd, tmp = tempfile.mkstemp(prefix=temp_prefix(path.name), suffix=".tmp", dir=path.parent)
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
