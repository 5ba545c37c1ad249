"""Scoring and choosing the role model's settings (``kg train extraction``).

:func:`_role_hits` decodes as :class:`~kg.lang.ar.grammar.decide.Decider` does and counts the
right picks; :func:`role_choice` picks the setting to ship among near-ties. Rows are
:class:`kg.train.extraction.Example` events (``roles``, ``unreachable``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

__all__ = ["ROLE_TIE", "role_choice", "_role_accuracy", "_role_hits"]

#: Role accuracies on dev within this of the best are a tie (about one standard error on
#: dev's ~600 role decisions).
ROLE_TIE = 0.02


def role_choice(tried: list[tuple[float, float, float]]) -> tuple[float, float, float]:
    """Of ``(accuracy, C, threshold)`` settings of the role model, the one to ship.

    Among those within :data:`ROLE_TIE` of the best accuracy, the highest threshold, then
    the smallest C: a wrong actor is a wrong edge in every network and table built on the
    event, a missing one only a gap, so on a tie the model names fewer; and the stronger
    regularisation memorises fewer words.

    >>> role_choice([(0.488, 0.3, 0.2), (0.476, 0.3, 0.3), (0.44, 0.3, 0.4), (0.476, 1.0, 0.3)])
    (0.476, 0.3, 0.3)
    """
    best = max(a for a, _, _ in tried)
    return max((t for t in tried if t[0] >= best - ROLE_TIE), key=lambda t: (t[2], -t[1]))


def _role_accuracy(model: Any, rows: Sequence[Any], threshold: float) -> float:
    """Share of gold actors and targets the decoding picks (or both absent): :func:`_role_hits`."""
    hits, total = _role_hits(model, rows, threshold)
    return hits / total if total else 0.0


def _role_hits(
    model: Any,
    rows: Sequence[Any],
    threshold: float,
    roles: tuple[str, ...] = ("actor", "target"),
) -> tuple[int, int]:
    """Gold actors and targets the decoding picks (or both absent), and the roles scored.

    A pick is right when it is a mention labelled with the role: since learned-ar-6 any
    mention of the entity the gold span names (:func:`_by_entity`), before it only the
    mentions overlapping the span. Since learned-ar-8 a gold role no candidate carries
    (``unreachable``) counts as a miss, whatever is picked; before, it was left out when
    nothing was picked.

    The decoding of :class:`~kg.lang.ar.grammar.decide.Decider`: for each role, the
    candidate with the highest probability of it, when that probability reaches
    ``threshold``.
    """
    hits = total = 0
    for e in rows:
        if e.label != "event":
            continue
        if not e.roles:  # no candidate: every gold role is missed
            total += sum(r in roles for r in e.unreachable)
            continue
        probs = model.proba([f for f, _ in e.roles])
        for k, role in ((1, "actor"), (2, "target")):
            if role not in roles:
                continue
            gold = [i for i, (_, lab) in enumerate(e.roles) if lab == role]
            best = int(probs[:, k].argmax())
            pick = best if probs[best, k] >= threshold else None
            if not gold and pick is None and role not in e.unreachable:
                continue
            total += 1
            hits += pick is not None and pick in gold
    return hits, total
