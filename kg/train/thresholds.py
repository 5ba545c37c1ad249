"""Choosing the decision thresholds of the trained detector (``kg train extraction``).

:func:`best_threshold` (the best F1 over held-out scores), :func:`steady_choice` (the
smallest C within a tie of the best), :func:`type_thresholds` (a threshold per event type
with enough held-out events) and the scores they are judged by. Rows are
:class:`kg.train.extraction.Example` candidates (``label``, ``event_type``, ``sentence``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np

from kg.evaluate.articles import f_measure

__all__ = [
    "best_threshold",
    "best_event_threshold",
    "steady_choice",
    "type_thresholds",
    "plateau_threshold",
    "typed_f1",
    "sentence_detection",
    "DETECT_TIE",
    "MIN_TYPE_EVENTS",
    "TYPE_TIE",
]


def _prf(scores: Sequence[float], gold: Sequence[bool], t: float) -> tuple[float, float, float]:
    """Precision, recall and F1 of "score ≥ ``t``" against ``gold``."""
    tp = sum(1 for s, g in zip(scores, gold, strict=True) if s >= t and g)
    fp = sum(1 for s, g in zip(scores, gold, strict=True) if s >= t and not g)
    fn = sum(1 for s, g in zip(scores, gold, strict=True) if s < t and g)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, f_measure(p, r)


#: Held-out F1 within this of the best counts as a tie when the detector's C is chosen.
DETECT_TIE = 0.005


def steady_choice(tried: list[tuple]) -> tuple:
    """Of ``(f1, C, …)`` settings, the smallest C whose F1 is within :data:`DETECT_TIE` of the best.

    Held-out F1s a few thousandths apart are noise; the stronger regularisation memorises
    fewer words, and the choice no longer flips between retrainings on a little more data.

    >>> steady_choice([(0.707, 0.03), (0.709, 0.3), (0.701, 1.0)])
    (0.707, 0.03)
    >>> steady_choice([(0.690, 0.03), (0.709, 0.3)])
    (0.709, 0.3)
    """
    best = max(f for f, *_ in tried)
    return min((t for t in tried if t[0] >= best - DETECT_TIE), key=lambda t: t[1])


def best_threshold(
    scores: Sequence[float], gold: Sequence[bool], *, min_precision: float = 0.0
) -> tuple[float, float]:
    """The threshold with the best F1 (ties: the higher), and that F1."""
    best = (0.5, -1.0)
    for t in sorted(set(round(s, 3) for s in scores)):
        p, _, f = _prf(scores, gold, t)
        if p >= min_precision and f >= best[1]:
            best = (t, f)
    return best


def best_event_threshold(
    scores: Sequence[float], gold: Sequence[bool], right: Sequence[float]
) -> tuple[float, float]:
    """The threshold with the best F1 of events, not candidates (ties: the higher), and it.

    An event kept counts as a hit only with its roles right: ``right[i]`` is how likely the
    role model gets candidate ``i``'s actor right (1 or 0 where known out of fold, a mean
    elsewhere). F1 = 2·Σ right of the gold candidates kept / (kept + gold). The thresholds
    tried are the scores rounded to 3 places, as by :func:`best_threshold`; a candidate is
    kept when its score is at least the threshold.

    >>> best_event_threshold([0.9, 0.6, 0.4], [True, True, False], [1.0, 0.0, 0.0])
    (0.9, 0.666...)
    >>> best_event_threshold([0.3276, 0.3284], [True, False], [1.0, 1.0])  # 0.328 keeps one
    (0.328, 0.0)
    """
    ts, f1 = _event_f1_curve(scores, gold, right)
    i = len(f1) - 1 - int(np.argmax(f1[::-1]))  # the highest of the best
    return float(ts[i]), float(f1[i])


def _event_f1_curve(
    scores: Sequence[float], gold: Sequence[bool], right: Sequence[float] | None = None
) -> tuple[np.ndarray, np.ndarray]:
    """The thresholds tried (the scores rounded to 3 places, ascending) and the F1 at each.

    The events' F1 with ``right`` (:func:`best_event_threshold`), else the candidates'.
    """
    s = np.asarray(scores, dtype=float)
    g = np.asarray(gold, dtype=bool)
    credit = np.where(g, 1.0 if right is None else np.asarray(right, dtype=float), 0.0)
    order = np.argsort(-s, kind="stable")
    desc, hits = s[order], np.cumsum(credit[order])
    ts = np.array(sorted({round(float(x), 3) for x in s}))
    kept = np.searchsorted(-desc, -ts, side="right")  # scores >= t
    f1 = np.where(kept > 0, 2 * hits[np.maximum(kept - 1, 0)] / (kept + int(g.sum())), 0.0)
    return ts, f1


def _f1(scores: Sequence[float], gold: Sequence[bool], t: float) -> dict[str, float]:
    p, r, f = _prf(scores, gold, t)
    return {"p": round(p, 3), "r": round(r, 3), "f": round(f, 3)}


#: A type gets a threshold of its own when the pooled selection rows hold this many of its
#: events; the others share the global one.
MIN_TYPE_EVENTS = 40


#: A type's own threshold is the middle of the thresholds whose held-out F1 is within this of
#: its best (:func:`plateau_threshold`).
TYPE_TIE = 0.01


def plateau_threshold(
    scores: Sequence[float], gold: Sequence[bool], right: Sequence[float] | None = None
) -> float:
    """The middle of the thresholds whose F1 is within :data:`TYPE_TIE` of the best.

    A type's held-out F1 curve is flat over a wide range (REQUEST's held within 0.012 from
    0.35 to 0.55), so its argmax jumps between far-apart near-ties when a little changes
    (0.473 ↔ 0.356 between two retrainings); the midpoint of the thresholds within a tie of
    the best moves little. The F1 is the events' with ``right`` (as
    :func:`best_event_threshold`), else the candidates'; the thresholds tried are the scores
    rounded to 3 places, a candidate kept when its score is at least the threshold.

    >>> plateau_threshold([0.9, 0.8, 0.7, 0.2], [True, True, True, False])
    0.7
    >>> plateau_threshold([0.9, 0.6, 0.5, 0.4, 0.3], [True, True, False, True, False])
    0.4
    >>> plateau_threshold([0.9, 0.7, 0.5, 0.3], [True, False, False, True])  # 0.9 and 0.3 tie
    0.6
    """
    ts, f1 = _event_f1_curve(scores, gold, right)
    near = ts[f1 >= f1.max() - TYPE_TIE - 1e-12]
    return round(float(near.min() + near.max()) / 2, 4)


def type_thresholds(
    rows: Sequence[Any],
    scores: Sequence[float],
    default: float,
    right: Sequence[float] | None = None,
) -> dict[str, float]:
    """The threshold of each event type with :data:`MIN_TYPE_EVENTS` events in ``rows``.

    ``scores`` are held-out scores of ``rows`` (corpus dev, detection set out of fold); with
    ``right``, the F1 of events. Each type's is :func:`plateau_threshold` (since
    learned-ar-21; the argmax before).
    """
    out: dict[str, float] = {}
    for etype in sorted({e.event_type for e in rows}):
        idx = [i for i, e in enumerate(rows) if e.event_type == etype]
        gold = [rows[i].label == "event" for i in idx]
        if sum(gold) < MIN_TYPE_EVENTS:
            continue
        held = [scores[i] for i in idx]
        t = plateau_threshold(held, gold, None if right is None else [right[i] for i in idx])
        if abs(t - default) > 1e-9:
            out[etype] = t
    return out


def typed_f1(
    rows: Sequence[Any], scores: Sequence[float], per_type: Mapping[str, float], t: float
) -> dict[str, float]:
    """``_f1`` with each row held to its type's threshold."""
    shifted = [s - per_type.get(e.event_type, t) + 0.5 for e, s in zip(rows, scores, strict=True)]
    return _f1(shifted, [e.label == "event" for e in rows], 0.5)


def sentence_detection(
    rows: Sequence[Any],
    scores: Sequence[float],
    per_type: Mapping[str, float],
    t: float,
    gold: Mapping[str, Any],
) -> dict[str, dict[str, float]]:
    """Sentence-level scores on the detection set: a candidate reaches its type's threshold.

    The threshold of a type is ``per_type``'s, else ``t``.

    Scored by :func:`kg.evaluate.detection.score_detection` (the candidates of a judged
    sentence are all of its category).
    """
    from kg.evaluate.detection import score_detection

    found = [
        {"article": e.sentence, "event_type": e.event_type}
        for e, p in zip(rows, scores, strict=True)
        if p >= per_type.get(e.event_type, t)
    ]
    return {
        cat: {
            "p": round(s.precision, 3),
            "r": round(s.recall, 3),
            "f": round(s.f1, 3),
            "false_alarms": round(s.false_alarms, 3),
        }
        for cat, s in score_detection(gold.values(), found).items()
    }
