"""Scoring events against the project's annotated corpus (``data/annotations/ar``).

Each sentence is extracted as an article made of its context sentence and itself; only the
events whose trigger lies in the sentence are scored. A predicted event matches an
``asserted`` gold event of the sentence with the same type whose trigger shares characters
with it (one to one, in text order). It is a hit when its actor is right too: both absent, or
their normalized words overlap (the gold actor given from the context must be found there).
On matched events (type and trigger), the target and place are right on the same rule. A
predicted event that matches a ``repeated`` gold event (a mention of an event told just
before) is a duplicate, as in the seed scoring: neither a hit nor a false positive.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from kg.evaluate.articles import _ratio
from kg.lang.ar.normalize import match_words

__all__ = ["CorpusScores", "score_corpus"]


@dataclass(frozen=True)
class CorpusScores:
    """Event precision, recall and F1 (type and actor right), and role accuracy."""

    gold: int
    predicted: int
    hits: int
    duplicates: int
    matched: int
    target_right: int
    place_right: int

    @property
    def precision(self) -> float:
        """Hits among the predicted events that are not duplicates."""
        return _ratio(self.hits, self.predicted - self.duplicates)

    @property
    def recall(self) -> float:
        """Hits among the gold events."""
        return _ratio(self.hits, self.gold)

    @property
    def f1(self) -> float:
        """Harmonic mean of precision and recall."""
        p, r = self.precision, self.recall
        return _ratio(2 * p * r, p + r) if p + r else 0.0

    @property
    def target(self) -> float:
        """Share of matched events whose target is right."""
        return _ratio(self.target_right, self.matched)

    @property
    def place(self) -> float:
        """Share of matched events whose place is right."""
        return _ratio(self.place_right, self.matched)


def _role_right(gold: str | None, found: Mapping[str, Any] | None) -> bool:
    if gold is None:
        return found is None
    if found is None:
        return False
    forms = (found.get("text"), found.get("label_ar"), found.get("label_en"))
    return any(match_words(gold) & match_words(f) for f in forms if f)


def score_corpus(
    sentences: Mapping[str, Any],
    annotations: Mapping[str, Any],
    events: Iterable[Mapping[str, Any]],
) -> CorpusScores:
    """Score ``events.jsonl`` dicts (article = sentence id) on the ``sentences`` given."""
    by_sentence: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for ev in events:
        by_sentence[str(ev.get("article"))].append(ev)
    gold_n = pred_n = hits = matched = target_ok = place_ok = dups = 0
    for sid, sent in sentences.items():
        offset = len(sent.context) + 1 if sent.context else 0
        ann = annotations.get(sid)
        gold = [e for e in (ann.events if ann else ()) if e.asserted]
        told = [e for e in (ann.events if ann else ()) if e.status == "repeated"]
        preds = sorted(
            (e for e in by_sentence.get(sid, []) if e["trigger"]["start"] >= offset),
            key=lambda e: e["trigger"]["start"],
        )
        gold_n += len(gold)
        pred_n += len(preds)
        free = list(gold)
        for ev in preds:
            start, end = ev["trigger"]["start"] - offset, ev["trigger"]["end"] - offset
            g = _match(sent.text, free, ev["event_type"], start, end)
            if g is None:
                dups += _match(sent.text, told, ev["event_type"], start, end) is not None
                continue
            free.remove(g)
            matched += 1
            hits += _role_right(g.actor, ev.get("actor"))
            target_ok += _role_right(g.target, ev.get("target"))
            place_ok += _role_right(g.place, ev.get("place"))
    return CorpusScores(gold_n, pred_n, hits, dups, matched, target_ok, place_ok)


def _match(text: str, gold: list[Any], etype: str, start: int, end: int) -> Any:
    """The first gold event of ``etype`` whose trigger overlaps ``start:end``, or None."""
    for g in gold:
        g_start = text.find(g.trigger)
        if g.type == etype and g_start >= 0 and g_start < end and start < g_start + len(g.trigger):
            return g
    return None
