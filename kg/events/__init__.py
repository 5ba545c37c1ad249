"""Events: merging reports into events (:mod:`kg.events.merge`) and ``events.jsonl`` both
ways (:mod:`kg.events.jsonl`). The :class:`~kg.types.Event` record itself is in
:mod:`kg.types`, with the other values that travel between stages."""

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
