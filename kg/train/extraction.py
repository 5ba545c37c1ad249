"""Training the Arabic event detector and role model on the annotated corpus.

``kg train extraction`` (docs/annotation.md, docs/extraction.md):

1. every annotated sentence is read by the Arabic pipeline with the rules alone, its
   context sentence before it, and the grammar hands over every trigger candidate with its
   features (:class:`~kg.lang.ar.grammar.decide.Decider` with ``collect``);
2. a candidate is an ``event`` when an ``asserted`` annotated event of the same type shares
   its trigger words; for those, each candidate mention is ``actor``, ``target`` or ``none``
   by the annotated spans;
3. two logistic regressions (scikit-learn, the ``train`` extra) are fitted on the ``train``
   split; the regularisation and the thresholds are chosen on ``dev``; the shipped models
   are refitted on ``train`` + ``dev``; ``test`` is only scored.

The models are :class:`~kg.extract.linear.LinearModel` directories.
"""

from __future__ import annotations

import json
import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kg.extract.linear import LinearModel
from kg.lang.ar.normalize import normalize_for_match
from kg.train.annotations import AnnotatedEvent, Annotation, Sentence

__all__ = [
    "Example",
    "collect_examples",
    "fit",
    "best_threshold",
    "train_extraction",
]

log = logging.getLogger(__name__)

#: Candidate features kept only when seen at least this many times in the training data.
MIN_COUNT = 2


@dataclass
class Example:
    """One trigger candidate (or one role candidate) with its features and label."""

    sentence: str
    split: str
    features: list[str]
    label: str
    roles: list[tuple[list[str], str]] = field(default_factory=list)
    event_type: str = ""


def _words(text: str | None) -> set[str]:
    return set(re.findall(r"\w+", normalize_for_match(text or "")))


def _find(text: str, span: str, near: int) -> tuple[int, int] | None:
    """The occurrence of ``span`` in ``text`` nearest the offset ``near``."""
    hits = [m.start() for m in re.finditer(re.escape(span), text)]
    if not hits:
        return None
    start = min(hits, key=lambda h: abs(h - near))
    return start, start + len(span)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _gold_event(
    events: Sequence[AnnotatedEvent], text: str, cand: tuple[int, int], etype: str
) -> AnnotatedEvent | None:
    """The asserted gold event of type ``etype`` whose trigger overlaps the candidate."""
    for ev in events:
        if not ev.asserted or ev.type != etype:
            continue
        span = _find(text, ev.trigger, cand[0])
        if span is not None and _overlap(span, cand):
            return ev
    return None


def _role_label(
    ev: AnnotatedEvent, text: str, mention: tuple[int, int], trigger: tuple[int, int]
) -> str:
    for role in ("actor", "target"):
        span = getattr(ev, role)
        if span is None or role in ev.in_context:
            continue
        where = _find(text, span, trigger[0])
        if where is not None and _overlap(where, mention):
            return role
    return "none"


def collect_examples(
    sentences: Mapping[str, Sentence],
    annotations: Mapping[str, Annotation],
    *,
    nlp: Any = None,
) -> tuple[list[Example], Counter]:
    """Trigger candidates of the annotated sentences, labelled; and counts of what was seen.

    The counts say how many asserted gold events have a candidate trigger of their type
    (``gold_found``) or not (``gold_missed``: events the lexicon does not propose), and how
    many gold actors and targets have a candidate mention (``role_found`` /
    ``role_missed``).
    """
    from kg.lang.ar.pipeline import make_nlp
    from kg.nlp.extensions import article_doc
    from kg.types import Article

    nlp = nlp or make_nlp(ner=True, learned=False)
    grammar = nlp.get_pipe("kg_events").grammar
    seen: list[tuple[Any, Any]] = []
    grammar.decider = _collector(seen.append)
    stats: Counter = Counter()
    examples: list[Example] = []
    ids = [i for i in sorted(annotations) if i in sentences]
    for sid in ids:
        sent, ann = sentences[sid], annotations[sid]
        offset = len(sent.context) + 1 if sent.context else 0
        text = f"{sent.context} {sent.text}" if sent.context else sent.text
        seen.clear()
        nlp(article_doc(nlp, Article(sid, text, "ar", "corpus")))
        matched: set[int] = set()
        for span, cand in seen:
            if span.start_char < offset:
                continue  # a candidate of the context sentence
            trig = cand.trigger
            where = (trig.start_char - offset, trig.end_char - offset)
            etype = trig._.rule.event_type
            gold = _gold_event(ann.events, sent.text, where, etype)
            ex = Example(
                sid, sent.split, cand.features, "event" if gold else "none", event_type=etype
            )
            if gold is not None:
                matched.add(id(gold))
                for m, feats in zip(cand.mentions, cand.role_features, strict=True):
                    ms = span.doc[m.start : m.end]
                    label = _role_label(
                        gold, sent.text, (ms.start_char - offset, ms.end_char - offset), where
                    )
                    ex.roles.append((feats, label))
                for role in ("actor", "target"):
                    if getattr(gold, role) is None or role in gold.in_context:
                        continue
                    found = any(lab == role for _, lab in ex.roles)
                    stats[f"role_{'found' if found else 'missed'}:{role}"] += 1
            examples.append(ex)
        for ev in ann.events:
            if ev.asserted:
                stats["gold_found" if id(ev) in matched else "gold_missed"] += 1
    grammar.decider = None
    return examples, stats


def _collector(sink: Any) -> Any:
    from kg.lang.ar.grammar.decide import Decider

    never = LinearModel(["none", "event"], [], np.zeros((1, 2)), threshold=2.0)
    return Decider(never, None, collect=lambda sent, cand: sink((sent, cand)))


def _vocabulary(rows: Iterable[list[str]]) -> list[str]:
    counts = Counter(f for row in rows for f in set(row))
    return sorted(f for f, n in counts.items() if n >= MIN_COUNT)


def fit(
    rows: Sequence[list[str]], labels: Sequence[str], classes: Sequence[str], *, c: float = 1.0
) -> LinearModel:
    """A logistic regression over the features of ``rows`` (scikit-learn, balanced weights)."""
    from scipy.sparse import csr_matrix
    from sklearn.linear_model import LogisticRegression

    features = _vocabulary(rows)
    index = {f: i for i, f in enumerate(features)}
    data, cols, ptr = [], [], [0]
    for row in rows:
        idx = sorted({index[f] for f in row if f in index})
        cols += idx
        data += [1.0] * len(idx)
        ptr.append(len(cols))
    x = csr_matrix((data, cols, ptr), shape=(len(rows), len(features)))
    y = np.array([list(classes).index(lab) for lab in labels])
    model = LogisticRegression(C=c, class_weight="balanced", max_iter=5000, solver="lbfgs")
    model.fit(x, y)
    coef = model.coef_.T  # features × (1 or classes)
    bias = model.intercept_
    if len(classes) == 2:  # binary: one column for class 1; class 0 scores 0
        coef = np.hstack([np.zeros_like(coef), coef])
        bias = np.array([0.0, bias[0]])
    weights = np.vstack([coef, bias[None, :]])
    return LinearModel(list(classes), features, weights, meta={"C": c, "examples": len(rows)})


def best_threshold(
    scores: Sequence[float], gold: Sequence[bool], *, min_precision: float = 0.0
) -> tuple[float, float]:
    """The threshold with the best F1 (ties: the higher), and that F1."""
    best = (0.5, -1.0)
    for t in sorted(set(round(s, 3) for s in scores)):
        tp = sum(1 for s, g in zip(scores, gold, strict=True) if s >= t and g)
        fp = sum(1 for s, g in zip(scores, gold, strict=True) if s >= t and not g)
        fn = sum(1 for s, g in zip(scores, gold, strict=True) if s < t and g)
        p = tp / (tp + fp) if tp + fp else 0.0
        r = tp / (tp + fn) if tp + fn else 0.0
        f = 2 * p * r / (p + r) if p + r else 0.0
        if p >= min_precision and f >= best[1]:
            best = (t, f)
    return best


def _f1(scores: Sequence[float], gold: Sequence[bool], t: float) -> dict[str, float]:
    tp = sum(1 for s, g in zip(scores, gold, strict=True) if s >= t and g)
    fp = sum(1 for s, g in zip(scores, gold, strict=True) if s >= t and not g)
    fn = sum(1 for s, g in zip(scores, gold, strict=True) if s < t and g)
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return {
        "p": round(p, 3),
        "r": round(r, 3),
        "f": round(2 * p * r / (p + r), 3) if p + r else 0.0,
    }


def train_extraction(
    examples: Sequence[Example],
    out: Path,
    *,
    cs: Sequence[float] = (0.03, 0.1, 0.3, 1.0, 3.0),
) -> dict[str, Any]:
    """Choose C and the thresholds on dev, refit on train + dev, write ``detect`` and ``roles``.

    Returns the scores (candidate level) of the train-only models on dev and on test.
    """
    train = [e for e in examples if e.split == "train"]
    dev = [e for e in examples if e.split == "dev"]
    test = [e for e in examples if e.split == "test"]
    report: dict[str, Any] = {
        "candidates": {s: len(x) for s, x in (("train", train), ("dev", dev), ("test", test))}
    }

    def detector(rows: Sequence[Example], c: float) -> LinearModel:
        return fit([e.features for e in rows], [e.label for e in rows], ["none", "event"], c=c)

    def det_scores(model: LinearModel, rows: Sequence[Example]) -> list[float]:
        return model.proba([e.features for e in rows])[:, 1].tolist() if rows else []

    tried = []
    for c in cs:
        m = detector(train, c)
        t, f = best_threshold(det_scores(m, dev), [e.label == "event" for e in dev])
        tried.append((f, c, t))
    f_dev, c_det, t_det = max(tried)
    m = detector(train, c_det)
    report["detect"] = {
        "C": c_det,
        "threshold": t_det,
        "dev": _f1(det_scores(m, dev), [e.label == "event" for e in dev], t_det),
        "test": _f1(det_scores(m, test), [e.label == "event" for e in test], t_det),
        "tried": [(round(f, 3), c, t) for f, c, t in tried],
    }
    final = detector(train + dev, c_det)
    final.threshold = t_det
    final.meta.update({"trained_on": "train+dev", "report": report["detect"]})
    final.to_disk(out / "detect")

    def role_rows(rows: Sequence[Example]) -> tuple[list[list[str]], list[str]]:
        pairs = [pair for e in rows if e.label == "event" for pair in e.roles]
        return [p[0] for p in pairs], [p[1] for p in pairs]

    classes = ["none", "actor", "target"]
    tried_roles = []
    for c in cs:
        rm = fit(*role_rows(train), classes, c=c)
        tried_roles.append((_role_accuracy(rm, dev), c))
    acc, c_role = max(tried_roles)
    rm = fit(*role_rows(train), classes, c=c_role)
    report["roles"] = {
        "C": c_role,
        "dev": _role_accuracy(rm, dev),
        "test": _role_accuracy(rm, test),
        "tried": [(round(a, 3), c) for a, c in tried_roles],
    }
    final_roles = fit(*role_rows(train + dev), classes, c=c_role)
    final_roles.threshold = 0.0
    final_roles.meta.update({"trained_on": "train+dev", "report": report["roles"]})
    final_roles.to_disk(out / "roles")
    (out / "report.json").write_text(json.dumps(report, indent=1), encoding="utf-8")
    return report


def _role_accuracy(model: LinearModel, rows: Sequence[Example]) -> float:
    """Share of gold actors and targets (with a candidate) the decoding picks exactly."""
    hits = total = 0
    for e in rows:
        if e.label != "event" or not e.roles:
            continue
        probs = model.proba([f for f, _ in e.roles])
        for k, role in ((1, "actor"), (2, "target")):
            gold = [i for i, (_, lab) in enumerate(e.roles) if lab == role]
            picks = [i for i in range(len(e.roles)) if probs[i].argmax() == k]
            pick = max(picks, key=lambda i: probs[i][k]) if picks else None
            if not gold and pick is None:
                continue
            total += 1
            hits += pick is not None and pick in gold
    return hits / total if total else 0.0
