"""Sentence-level detection gold (``up_arabic_detect_dev.jsonl``): the precision test.

Each line judges one sentence: does it report an event of its ``category`` (ASSAULT or
PROTEST)? The ``no`` sentences all hold the category's trigger words, so false alarms show.
A sentence is predicted positive when kg reports an event of its category in it; the scores
per category are precision, recall, F1 and the false-alarm rate (the share of ``no``
sentences predicted positive).
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from kg.errors import GoldError
from kg.evaluate.articles import _ratio, f_measure
from kg.evaluate.gold import _fail, _read_text

__all__ = ["DetectionGold", "DetectionScores", "load_detection_gold", "score_detection"]


@dataclass(frozen=True)
class DetectionGold:
    """One judged sentence."""

    id: str
    category: str
    label: bool
    text: str
    date: str | None = None


@dataclass(frozen=True)
class DetectionScores:
    """The detection scores of one category (or of all)."""

    category: str
    tp: int
    fp: int
    fn: int
    tn: int

    @property
    def precision(self) -> float:
        """Of the sentences predicted positive, the share judged ``yes``."""
        return _ratio(self.tp, self.tp + self.fp)

    @property
    def recall(self) -> float:
        """Of the ``yes`` sentences, the share predicted positive."""
        return _ratio(self.tp, self.tp + self.fn)

    @property
    def f1(self) -> float:
        """The harmonic mean of precision and recall."""
        return f_measure(self.precision, self.recall)

    @property
    def false_alarms(self) -> float:
        """Of the ``no`` sentences, the share predicted positive."""
        return _ratio(self.fp, self.fp + self.tn)

    def to_json(self) -> dict[str, Any]:
        """The counts and the four ratios."""
        return {
            "category": self.category,
            "tp": self.tp,
            "fp": self.fp,
            "fn": self.fn,
            "tn": self.tn,
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "false_alarms": round(self.false_alarms, 4),
        }


def load_detection_gold(path: str | Path) -> list[DetectionGold]:
    """Read ``up_arabic_detect_dev.jsonl``; ids repeat in the source, the first line wins.

    Raises:
        GoldError: a line is not a judged sentence.
    """
    path = Path(path)
    out: list[DetectionGold] = []
    seen: set[str] = set()
    for n, line in enumerate(_read_text(path, GoldError).split("\n"), 1):
        if not line.strip():
            continue
        where = f"{path}:{n}"
        try:
            obj = json.loads(line)
        except json.JSONDecodeError as exc:
            _fail(where, f"malformed JSON ({exc.msg})")
        if not isinstance(obj, dict) or obj.get("label") not in ("yes", "no"):
            _fail(where, "expected an object with 'label' yes or no")
        for key in ("id", "category", "text"):
            if not isinstance(obj.get(key), str) or not obj[key]:
                _fail(where, f"'{key}' must be a non-empty string")
        if obj["id"] in seen:
            continue
        seen.add(obj["id"])
        date = obj.get("date")
        out.append(
            DetectionGold(obj["id"], obj["category"], obj["label"] == "yes", obj["text"], date)
        )
    return out


def score_detection(
    gold: Iterable[DetectionGold], events: Iterable[Mapping[str, Any]]
) -> dict[str, DetectionScores]:
    """Scores per category (and ``all``), from ``events.jsonl`` dicts whose article is the id."""
    found: set[tuple[str, str]] = {
        (str(e.get("article")), str(e.get("event_type"))) for e in events
    }
    counts: dict[str, list[int]] = {}
    for g in gold:
        predicted = (g.id, g.category) in found
        for key in (g.category, "all"):
            c = counts.setdefault(key, [0, 0, 0, 0])
            c[0 if g.label and predicted else 1 if predicted else 2 if g.label else 3] += 1
    return {k: DetectionScores(k, *v) for k, v in sorted(counts.items())}
