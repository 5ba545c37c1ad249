"""The English PLOVER gold standard (``plover_gsr_en.json``): loading and scoring.

323 short English sentences (openeventdata/PLOVER, CC BY-SA 4.0), each coded with one PLOVER
event and its source and target actor texts. Older category names are mapped as the eval
README says (DEMAND → REQUEST, FIGHT → ASSAULT, DISAPPROVE and INVESTIGATE → ACCUSE);
DOCUMENT records are skipped. Measures, per sentence: *type*: the first event extracted has
the gold type (no event counts as wrong); *detection*, *actor* and *target* overlap as for
``up_arabic_dev`` (:func:`kg.evaluate.sentences.score_sentences`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import GoldError
from kg.evaluate.sentences import (
    SentenceEvalResult,
    SentenceGold,
    SentenceGoldEvent,
    score_sentences,
)

__all__ = ["OLD_NAMES", "load_plover_gsr", "score_plover_gsr", "GsrResult"]

#: Pre-2021 PLOVER names in the file → the 2021 types.
OLD_NAMES = {
    "DEMAND": "REQUEST",
    "FIGHT": "ASSAULT",
    "DISAPPROVE": "ACCUSE",
    "INVESTIGATE": "ACCUSE",
}


def _texts(actors: Any) -> str:
    if not isinstance(actors, list):
        return ""
    return " ".join(a["actorText"] for a in actors if isinstance(a, dict) and a.get("actorText"))


def load_plover_gsr(path: str | Path) -> list[SentenceGold]:
    """The scoreable records of the file as sentence gold (one event each).

    Raises:
        GoldError: the file is unreadable or not a JSON list of records.
    """
    path = Path(path)
    try:
        raw = json.loads(path.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise GoldError(f"{path}: cannot read the PLOVER gold: {exc}") from None
    if not isinstance(raw, list):
        raise GoldError(f"{path}: expected a JSON list of records")
    out = []
    for k, rec in enumerate(raw):
        if not isinstance(rec, dict) or not isinstance(rec.get("event"), str):
            raise GoldError(f"{path}: record #{k} has no 'event'")
        event = OLD_NAMES.get(rec["event"], rec["event"])
        text = rec.get("text")
        if event == "DOCUMENT" or not isinstance(text, str) or not text.strip():
            continue
        gold = SentenceGoldEvent(event, _texts(rec.get("source")), _texts(rec.get("target")))
        out.append(SentenceGold(str(rec.get("id", k)), event, text, rec.get("date"), (gold,)))
    return out


@dataclass(frozen=True)
class GsrResult:
    """Type accuracy (first event's type) and the sentence-level overlap measures."""

    sentences: int
    type_right: int
    with_event: int
    overlap: SentenceEvalResult

    @property
    def type_accuracy(self) -> float:
        """Share of sentences whose first extracted event has the gold type."""
        return self.type_right / self.sentences if self.sentences else 0.0


def score_plover_gsr(
    gold: Sequence[SentenceGold], events: Iterable[Mapping[str, Any]]
) -> GsrResult:
    """Score extracted event records (``article`` = the gold ``id``) against ``gold``."""
    events = list(events)
    first: dict[str, Mapping[str, Any]] = {}
    for ev in sorted(events, key=lambda e: (e.get("trigger") or {}).get("start", 0)):
        first.setdefault(str(ev.get("article")), ev)
    right = sum(1 for g in gold if first.get(g.id, {}).get("event_type") == g.category)
    with_event = sum(1 for g in gold if g.id in first)
    return GsrResult(len(gold), right, with_event, score_sentences(gold, events))
