"""Choosing C and the thresholds by cross-validation over the corpus (``kg train extraction --select cv``).

The default selection (``--select dev``) fits on ``train`` and scores the corpus ``dev`` split
(about 700 sentences) and the detection set out of fold. Small changes to the features flip
its choice between near-ties, and the shipped models move more than the change itself; and
the dev score of a model whose thresholds were chosen on dev is partly in-sample. Here every
``train`` sentence is scored out of fold instead: ``folds`` folds by article (:func:`fold_of`;
a detection-set sentence keeps its own fold), each scored by a model fitted on the other
folds, so C and the thresholds are chosen on about four times as many held-out rows, and
``dev`` stays a held-out measure. The corpus ``dev`` and ``test`` splits are never in a fold.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, Sequence
from typing import Any

from kg.train.thresholds import best_event_threshold, best_threshold, steady_choice

__all__ = [
    "fold_of",
    "cv_detector",
    "cv_roles",
    "cv_actor_right",
    "ROLE_THRESHOLDS",
]

#: The role model's thresholds tried (as by the dev selection).
ROLE_THRESHOLDS = (0.1, 0.2, 0.3, 0.4, 0.5)


def fold_of(example: Any, folds: int) -> int:
    """The fold of a corpus or detection-set example: by its article, so no article is split.

    >>> from types import SimpleNamespace as E
    >>> fold_of(E(sentence="JA-a-1#0", split="train"), 5) == fold_of(E(sentence="JA-a-1#3", split="dev"), 5)
    True
    >>> fold_of(E(sentence="x", split="detect3"), 5)
    3
    """
    if example.split.startswith("detect"):
        return int(example.split[len("detect") :]) % folds
    article = example.sentence.split("#")[0]
    return int(hashlib.sha1(f"fold:{article}".encode()).hexdigest(), 16) % folds


def _splits(rows: Sequence[Any], folds: int) -> Iterator[tuple[list[int], list[Any]]]:
    """For each non-empty fold: the indices of its rows, and the rows of the other folds."""
    of = [fold_of(e, folds) for e in rows]
    for k in range(folds):
        held = [i for i, f in enumerate(of) if f == k]
        if held:
            yield held, [e for e, f in zip(rows, of, strict=True) if f != k]


def cv_detector(
    rows: Sequence[Any],
    fitter: Callable[..., Any],
    cs: Sequence[float],
    folds: int,
    right: Sequence[float] | None = None,
) -> tuple[float, float, list[float], list[tuple[float, float, float]]]:
    """C, the global threshold and the out-of-fold scores of ``rows`` at that C.

    ``rows``: corpus ``train`` and detection-set examples; ``fitter(rows, C, key)``
    fits a detector (``key`` names the training rows, for the trees it caches). Returns
    ``(C, threshold, scores, tried)``, ``tried`` holding ``(F1, C, threshold)`` of every C.
    With ``right`` (:func:`cv_actor_right`) the F1 is the events' (:func:`best_event_threshold`).
    """
    gold = [e.label == "event" for e in rows]
    tried = []
    for c in cs:
        scores = [0.0] * len(rows)
        for k, (held, rest) in enumerate(_splits(rows, folds)):
            model = fitter(rest, c, ("cv", k))
            yes = model.classes.index("event")
            for i, p in zip(
                held, model.proba([rows[i].features for i in held])[:, yes], strict=True
            ):
                scores[i] = float(p)
        t, f1 = (
            best_threshold(scores, gold)
            if right is None
            else best_event_threshold(scores, gold, right)
        )
        tried.append((f1, c, t, scores))
    f1, c, t, scores = steady_choice(tried)
    return c, t, scores, [(round(f, 3), cc, tt) for f, cc, tt, _ in tried]


def cv_roles(
    rows: Sequence[Any],
    fit_roles: Callable[[Sequence[Any], float], Any],
    hits: Callable[[Any, Sequence[Any], float], tuple[int, int]],
    cs: Sequence[float],
    folds: int,
) -> list[tuple[float, float, float]]:
    """``(accuracy, C, threshold)`` of the role model, out of fold over ``rows``' folds.

    ``fit_roles(rows, C)`` fits on the event examples of ``rows``; ``hits(model, rows, t)``
    counts the right role picks and the roles scored.
    """
    tried = []
    for c in cs:
        counts = {t: [0, 0] for t in ROLE_THRESHOLDS}
        for held, rest in _splits(rows, folds):
            model = fit_roles(rest, c)
            for t in ROLE_THRESHOLDS:
                h, n = hits(model, [rows[i] for i in held], t)
                counts[t][0] += h
                counts[t][1] += n
        tried += [(h / n if n else 0.0, c, t) for t, (h, n) in counts.items()]
    return tried


def cv_actor_right(
    rows: Sequence[Any],
    fit_roles: Callable[[Sequence[Any], float], Any],
    actor_right: Callable[[Any, Any], bool],
    c: float,
    folds: int,
) -> dict[int, bool]:
    """``id(example)`` → whether the role model, fitted without its fold, gets its actor right.

    For the event examples of ``rows``; ``actor_right(model, example)`` decodes one.
    """
    out: dict[int, bool] = {}
    for held, rest in _splits(rows, folds):
        events = [rows[i] for i in held if rows[i].label == "event"]
        if events:
            model = fit_roles(rest, c)
            out.update((id(e), actor_right(model, e)) for e in events)
    return out
