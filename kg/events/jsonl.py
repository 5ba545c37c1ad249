"""``events.jsonl`` both ways: one JSON object per report, with the IRI of the event it states.

Each line is :meth:`kg.types.Event.to_json` of one report, whose ``id`` is the IRI of the
(merged) event; :func:`read_events` turns the lines back into typed
:class:`~kg.types.Event` records. The fields are listed in the README.
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

from kg.errors import InputError
from kg.events.merge import HappeningKey, happening_keys
from kg.fileio import jsonl_line
from kg.registry import Registry
from kg.types import Article, Event

__all__ = ["event_records", "events_jsonl", "read_events", "parse_events"]


def event_records(
    events: Sequence[Event],
    articles: Iterable[Article] = (),
    *,
    keys: Sequence[HappeningKey] | None = None,
    registry: Registry | None = None,
) -> list[dict[str, Any]]:
    """The ``events.jsonl`` objects of ``events``, in order.

    ``keys`` are the merged keys of the events (:func:`kg.events.merge.happening_keys`);
    without them they are computed from ``articles``.
    """
    if keys is None:
        keys = happening_keys(events, articles, registry=registry)
    return [ev.to_json(str(key.iri())) for ev, key in zip(events, keys, strict=True)]


def events_jsonl(
    events: Sequence[Event],
    articles: Iterable[Article] = (),
    *,
    keys: Sequence[HappeningKey] | None = None,
    registry: Registry | None = None,
) -> str:
    """The text of ``events.jsonl`` for ``events`` (see :func:`event_records`)."""
    records = event_records(events, articles, keys=keys, registry=registry)
    return "".join(jsonl_line(r) for r in records)


def parse_events(records: Iterable[dict[str, Any]]) -> list[tuple[str, Event]]:
    """``(event IRI, report)`` for each ``events.jsonl`` object."""
    return [(str(r["id"]), Event.from_json(r)) for r in records]


def read_events(path: str | os.PathLike) -> list[tuple[str, Event]]:
    """``(event IRI, report)`` for each line of an ``events.jsonl`` file.

    Raises:
        InputError: the file is missing or a line is not an event object.
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InputError(f"{path}: cannot read ({exc})") from None
    out = []
    for lineno, line in enumerate(text.split("\n"), 1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
            out.append((str(record["id"]), Event.from_json(record)))
        except (json.JSONDecodeError, KeyError, TypeError, ValueError) as exc:
            raise InputError(f"{path}:{lineno}: not an event record ({exc})") from None
    return out
