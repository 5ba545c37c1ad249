"""What every command shares: input paths that must exist, ``-o FILE|-``, quiet output."""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import IO

import click

from kg.errors import InputError
from kg.fileio import atomic_open

__all__ = ["existing", "folder_out", "output", "quiet", "say", "store_option"]


def existing(ctx: click.Context, param: click.Parameter, value):
    """Click callback: a missing input path is ``kg: error: PATH: no such file or directory``.

    An error (exit 1), like every other missing input, not a usage error: click's own
    ``exists=True`` check would exit 2.
    """
    if ctx.resilient_parsing or value is None:
        return value
    for path in value if isinstance(value, tuple) else (value,):
        if not Path(path).exists():
            raise InputError(f"{path}: no such file or directory")
    return value


#: ``--store DIR`` of the commands that read a store (it must exist).
store_option = click.option(
    "--store",
    "store_path",
    type=click.Path(file_okay=False, path_type=Path),
    callback=existing,
    default=Path("out/store"),
    show_default=True,
    metavar="DIR",
    help="Oxigraph store directory.",
)


def folder_out(ctx: click.Context, param: click.Parameter, value):
    """Click callback: refuse ``-`` where a command writes a folder (a usage error, exit 2)."""
    if value is not None and str(value) == "-":
        raise click.BadParameter("'-' (standard output) cannot take a folder of files")
    return value


@contextlib.contextmanager
def output(path: Path | str | None) -> Iterator[IO[bytes]]:
    """A binary stream to write a command's result to: stdout for ``-`` or None, else the file.

    The file is written atomically (:func:`kg.fileio.atomic_open`): it appears only when the
    block succeeds, and a failure leaves an older file as it was.
    """
    if path is None or str(path) == "-":
        stream = sys.stdout.buffer
        try:
            yield stream
        finally:
            stream.flush()
        return
    with atomic_open(path, "wb") as fh:
        yield fh


def quiet() -> bool:
    """Whether ``kg -q`` was given (no summary lines, no progress bars)."""
    ctx = click.get_current_context(silent=True)
    if ctx is None:
        return False
    return bool((ctx.find_root().obj or {}).get("quiet"))


def say(message: str) -> None:
    """Echo a summary line to stdout, unless ``kg -q``."""
    if not quiet():
        click.echo(message)
