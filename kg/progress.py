"""Progress bars (tqdm) on stderr for long builds and analyses, drawn only on a terminal."""

from __future__ import annotations

import logging
import sys
from collections.abc import Iterable, Iterator
from typing import TypeVar

__all__ = ["Steps", "configure", "progress", "steps"]

T = TypeVar("T")

_enabled = True
log = logging.getLogger(__name__)  # each step at INFO: what ``kg -v`` shows


def configure(*, enabled: bool) -> None:
    """Turn the bars on or off for this process (``kg -q`` turns them off)."""
    global _enabled
    _enabled = enabled


def progress(items: Iterable[T], *, total: int | None = None, desc: str = "") -> Iterator[T]:
    """``items``, with a tqdm bar on stderr when stderr is a terminal (else ``items`` as is).

    The bar goes away when done (``leave=False``); results are unchanged. The start is
    logged at INFO (``kg -v``), bar or no bar.

    Example:
        >>> list(progress([1, 2, 3], desc="counting"))  # no terminal here: no bar
        [1, 2, 3]
    """
    if desc:
        log.info("%s%s", desc, "" if total is None else f": {total}")
    stream = sys.stderr
    if not _enabled or stream is None or not getattr(stream, "isatty", lambda: False)():
        yield from items
        return
    from tqdm import tqdm

    with tqdm(items, total=total, desc=desc, file=stream, leave=False, unit="") as bar:
        yield from bar


class Steps:
    """A bar over the named steps of a job (:func:`steps`); a no-op off a terminal."""

    def __init__(self, total: int, desc: str) -> None:
        self.bar = None
        self.desc = desc
        if _enabled and sys.stderr is not None and getattr(sys.stderr, "isatty", lambda: False)():
            from tqdm import tqdm

            self.bar = tqdm(total=total, desc=desc, file=sys.stderr, leave=False, unit="step")

    def step(self, name: str) -> None:
        """Mark the step before ``name`` done and show ``name`` as the one running.

        ``name`` is logged at INFO (``kg -v``), bar or no bar, but for ``"done"``.
        """
        if name != "done":
            log.info("%s: %s", self.desc, name)
        if self.bar is not None:
            self.bar.set_postfix_str(name, refresh=False)
            self.bar.update(1)

    def close(self) -> None:
        """Remove the bar."""
        if self.bar is not None:
            self.bar.close()

    def __enter__(self) -> Steps:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def steps(total: int, desc: str) -> Steps:
    """A bar of ``total`` named steps (a context manager; call ``.step(name)`` after each)."""
    return Steps(total, desc)
