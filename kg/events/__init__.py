"""Events: reports merged into events, and ``events.jsonl`` both ways.

:mod:`kg.events.merge` decides which reports state one happening; :mod:`kg.events.jsonl`
writes and reads ``events.jsonl``. The :class:`~kg.types.Event` record itself is in
:mod:`kg.types`, with the other values that travel between stages.
"""

from kg.events.jsonl import event_records, events_jsonl, parse_events, read_events
from kg.events.merge import (
    HappeningKey,
    assign_event_iris,
    event_iri,
    happening_key,
    happening_keys,
)

__all__ = [
    "HappeningKey",
    "assign_event_iris",
    "event_iri",
    "event_records",
    "events_jsonl",
    "happening_key",
    "happening_keys",
    "parse_events",
    "read_events",
]
