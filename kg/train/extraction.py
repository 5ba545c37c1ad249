"""Training the Arabic event detector and role model on the annotated corpus.

``kg train extraction`` (docs/annotation.md, docs/extraction.md):

1. every annotated sentence is read by the Arabic pipeline with the rules alone, inside its
   ANT article (or after its context sentence), and the grammar hands over every trigger
   candidate with its features (:class:`~kg.lang.ar.grammar.decide.Decider` with
   ``collect``); so is every judged sentence of the detection set;
2. a candidate is an ``event`` when an annotated event of the same type that is
   ``asserted`` or ``repeated`` (:data:`REPORTED`) shares its trigger words; for those,
   each candidate mention is ``actor``, ``target`` or ``none`` by the annotated spans;
3. two logistic regressions (scikit-learn, the ``train`` extra) are fitted on the ``train``
   split (and the detection set); the regularisation and the thresholds are chosen on
   ``dev`` (and out-of-fold on the detection set); the shipped models are refitted on
   ``train`` + ``dev``; ``test`` is only scored.

The models are :class:`~kg.extract.linear.LinearModel` directories.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import numpy as np

from kg.extract.linear import LinearModel
from kg.extract.trees import BlendedModel, TreeEnsemble, WordVectors
from kg.train.annotations import AnnotatedEvent, Annotation, Sentence
from kg.train.thresholds import (
    best_threshold,
    sentence_detection,
    steady_choice,
    type_thresholds,
    typed_f1,
)
from kg.train.trees import TREE_PARAMS, fit_trees, fresh_dir

__all__ = [
    "Example",
    "collect_examples",
    "fit",
    "best_threshold",
    "steady_choice",
    "role_choice",
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
    #: The roles the gold event fills in the sentence that no role candidate carries.
    unreachable: list[str] = field(default_factory=list)


def _find(text: str, span: str, near: int) -> tuple[int, int] | None:
    """The occurrence of ``span`` in ``text`` nearest the offset ``near``."""
    hits = [m.start() for m in re.finditer(re.escape(span), text)]
    if not hits:
        return None
    start = min(hits, key=lambda h: abs(h - near))
    return start, start + len(span)


def _overlap(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]


#: The statuses the detector learns as events: a mention of something that happened, new or
#: told again (a repeated mention is one more report of the same event; the graph's merge
#: makes them one event).
REPORTED = frozenset({"asserted", "repeated"})


def _reported(ev: AnnotatedEvent) -> bool:
    return ev.status in REPORTED


def _gold_event(
    events: Sequence[AnnotatedEvent], text: str, cand: tuple[int, int], etype: str
) -> AnnotatedEvent | None:
    """The reported gold event of type ``etype`` whose trigger overlaps the candidate."""
    for ev in events:
        if not _reported(ev) or ev.type != etype:
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


def _by_entity(mentions: Sequence[Any], labels: list[str]) -> list[str]:
    """Every mention of an entity that fills a role, labelled with it.

    The gold span names the entity once (حمة الهمامي); the same entity may be another
    candidate of the sentence too (الناطق الرسمي, its apposition; الحكومة and its office):
    picking any of them gives the event the same actor, so none of them is a "none".
    """
    role_of = {}
    for m, lab in zip(mentions, labels, strict=True):
        if lab != "none":
            role_of.setdefault(m.iri, lab)
    return [
        lab if lab != "none" else role_of.get(m.iri, "none")
        for m, lab in zip(mentions, labels, strict=True)
    ]


def collect_examples(
    sentences: Mapping[str, Sentence],
    annotations: Mapping[str, Annotation],
    *,
    articles: Mapping[str, str] | None = None,
    relevance: LinearModel | None = None,
    nlp: Any = None,
) -> tuple[list[Example], Counter]:
    """Trigger candidates of the annotated sentences, labelled; and counts of what was seen.

    With ``articles`` (ANT id → text) each sentence is read inside its whole article, as
    the pipeline reads it at run time; otherwise (or when the sentence is not found in it)
    after its context sentence. The counts say how many asserted gold events have a
    candidate trigger of their type (``gold_found``) or not (``gold_missed``: events the
    lexicon does not propose), and how many gold actors and targets have a candidate mention
    (``role_found`` / ``role_missed``).
    """
    from kg.lang.ar.pipeline import make_nlp
    from kg.nlp.extensions import article_doc
    from kg.types import Article

    nlp = nlp or make_nlp(ner=True, learned=False)
    grammar = nlp.get_pipe("kg_events").grammar
    seen: list[tuple[Any, Any]] = []
    grammar.decider = _collector(seen.append, relevance)
    stats: Counter = Counter()
    examples: list[Example] = []
    jobs: dict[str, tuple[str, list[tuple[str, int]]]] = {}  # doc key → text, [(sentence, offset)]
    for sid in sorted(i for i in annotations if i in sentences):
        sent = sentences[sid]
        full = (articles or {}).get(sent.article)
        offset = full.find(sent.text) if full else -1
        if offset >= 0:
            jobs.setdefault(sent.article, (full, []))[1].append((sid, offset))
        else:
            text = f"{sent.context} {sent.text}" if sent.context else sent.text
            jobs[sid] = (text, [(sid, len(sent.context) + 1 if sent.context else 0)])
    for key, (text, members) in sorted(jobs.items()):
        seen.clear()
        nlp(article_doc(nlp, Article(key, text, "ar", "corpus")))
        for sid, offset in members:
            examples += _label(sentences[sid], annotations[sid], seen, offset, stats)
    grammar.decider = None
    return examples, stats


def _label(
    sent: Sentence, ann: Annotation, seen: Sequence[tuple[Any, Any]], offset: int, stats: Counter
) -> list[Example]:
    """The candidates of one annotated sentence (at ``offset`` in its doc), labelled.

    A candidate is an ``event`` when a reported gold event of its type shares its trigger
    words; a gold event no candidate overlaps (the annotator chose another word of the same
    clause: سار المتظاهرون …) takes the nearest free candidate of its type in the sentence.
    """
    end = offset + len(sent.text)
    cands = [c for _, c in seen if offset <= c.trigger.start_char < end]
    where = {id(c): (c.trigger.start_char - offset, c.trigger.end_char - offset) for c in cands}
    gold_of: dict[int, AnnotatedEvent] = {}
    for c in cands:
        g = _gold_event(ann.events, sent.text, where[id(c)], c.trigger._.rule.event_type)
        if g is not None and g not in gold_of.values():
            gold_of[id(c)] = g
    for g in ann.events:
        if not _reported(g) or g in gold_of.values():
            continue
        at = sent.text.find(g.trigger)
        free = [c for c in cands if id(c) not in gold_of and c.trigger._.rule.event_type == g.type]
        if free:
            near = min(free, key=lambda c: abs(where[id(c)][0] - at))
            gold_of[id(near)] = g
    out = []
    for cand in cands:
        gold = gold_of.get(id(cand))
        etype = cand.trigger._.rule.event_type
        ex = Example(
            sent.id, sent.split, cand.features, "event" if gold else "none", event_type=etype
        )
        if gold is not None:
            labels = []
            for m in cand.mentions:
                ms = cand.trigger.doc[m.start : m.end]
                span = (ms.start_char - offset, ms.end_char - offset)
                labels.append(_role_label(gold, sent.text, span, where[id(cand)]))
            labels = _by_entity(cand.mentions, labels)
            ex.roles += list(zip(cand.role_features, labels, strict=True))
            for role in ("actor", "target"):
                if getattr(gold, role) is None or role in gold.in_context:
                    continue
                found = any(lab == role for _, lab in ex.roles)
                stats[f"role_{'found' if found else 'missed'}:{role}"] += 1
                if not found:
                    ex.unreachable.append(role)
        out.append(ex)
    matched = set(map(id, gold_of.values()))
    for ev in ann.events:
        if ev.asserted:
            stats["gold_found" if id(ev) in matched else "gold_missed"] += 1
    return out


def collect_detection_examples(
    gold: Sequence[Any], *, folds: int = 5, relevance: LinearModel | None = None, nlp: Any = None
) -> list[Example]:
    """Trigger candidates of the judged sentences of ``up_arabic_detect_dev.jsonl``.

    A candidate of the sentence's category is an ``event`` when the sentence is judged
    ``yes``, else ``none`` (the ``no`` sentences hold the category's trigger words without
    the event); candidates of other types are left out (the sentence was not judged for
    them). ``split`` is ``detect<k>``, the cross-validation fold, from the sentence id.
    """
    import hashlib

    from kg.lang.ar.pipeline import make_nlp
    from kg.nlp.extensions import article_doc
    from kg.types import Article

    nlp = nlp or make_nlp(ner=True, learned=False)
    grammar = nlp.get_pipe("kg_events").grammar
    seen: list[tuple[Any, Any]] = []
    grammar.decider = _collector(seen.append, relevance)
    out: list[Example] = []
    for g in gold:
        fold = int(hashlib.sha1(g.id.encode("utf-8")).hexdigest(), 16) % folds
        seen.clear()
        nlp(article_doc(nlp, Article(g.id, g.text, "ar", "detect")))
        for _, cand in seen:
            etype = cand.trigger._.rule.event_type
            if etype != g.category:
                continue
            label = "event" if g.label else "none"
            out.append(Example(g.id, f"detect{fold}", cand.features, label, event_type=etype))
    grammar.decider = None
    return out


def _collector(sink: Any, relevance: LinearModel | None = None) -> Any:
    from kg.lang.ar.grammar.decide import Decider

    never = LinearModel(["none", "event"], [], np.zeros((1, 2)), threshold=2.0)
    return Decider(never, None, relevance, collect=lambda sent, cand: sink((sent, cand)))


def _vocabulary(rows: Iterable[list[str]]) -> list[str]:
    counts = Counter(f for row in rows for f in set(row))
    return sorted(f for f, n in counts.items() if n >= MIN_COUNT)


def fit(
    rows: Sequence[list[str]],
    labels: Sequence[str],
    classes: Sequence[str],
    *,
    c: float = 1.0,
    balanced: bool = False,
) -> LinearModel:
    """A logistic regression over the features of ``rows`` (scikit-learn, L2, lbfgs)."""
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
    weights = "balanced" if balanced else None
    model = LogisticRegression(C=c, class_weight=weights, max_iter=5000, solver="lbfgs")
    model.fit(x, y)
    coef = model.coef_.T  # features × (1 or classes)
    bias = model.intercept_
    if len(classes) == 2:  # binary: one column for class 1; class 0 scores 0
        coef = np.hstack([np.zeros_like(coef), coef])
        bias = np.array([0.0, bias[0]])
    weights = np.vstack([coef, bias[None, :]])
    return LinearModel(list(classes), features, weights, meta={"C": c, "examples": len(rows)})


def train_extraction(
    examples: Sequence[Example],
    out: Path,
    *,
    detection_gold: Mapping[str, Any] | None = None,
    cs: Sequence[float] = (0.03, 0.1, 0.3, 1.0),
    folds: int = 5,
    dev_models: Path | None = None,
    vectors: WordVectors | None = None,
) -> dict[str, Any]:
    """Choose C and the thresholds, refit on everything but the corpus test split, write models.

    Writes ``out/detect`` and ``out/roles`` and returns the report (the caller saves it).
    With ``dev_models``, also writes there the models of the selection stage, which never saw
    the corpus ``dev`` split, so that the whole pipeline can be scored on it.

    The detector learns from the corpus (``train``) and the detection set (``detect<k>``);
    its C and threshold are chosen on the corpus ``dev`` split and on out-of-fold predictions
    of the detection set (each fold scored by a model trained without it), pooled. The scores
    reported for the detection set are those out-of-fold predictions (``detection_gold``:
    sentence id → judged sentence); the corpus test split is scored by a model that never saw
    it. The role model learns from the corpus only.

    With ``vectors`` (the NER's word vectors) the detector is a
    :class:`~kg.extract.trees.BlendedModel`: the logistic regression averaged with boosted
    trees (:func:`kg.train.trees.fit_trees`, fixed settings) trained on the same rows;
    without, the logistic regression alone.
    """
    corpus_train = [e for e in examples if e.split == "train"]
    dev = [e for e in examples if e.split == "dev"]
    test = [e for e in examples if e.split == "test"]
    detect = {k: [e for e in examples if e.split == f"detect{k}"] for k in range(folds)}
    detect_all = [e for rows in detect.values() for e in rows]
    report: dict[str, Any] = {
        "candidates": {
            "train": len(corpus_train),
            "dev": len(dev),
            "test": len(test),
            "detect": len(detect_all),
        }
    }

    detector = _detector_fitter(vectors)

    def det_scores(model: LinearModel | BlendedModel, rows: Sequence[Example]) -> list[float]:
        return model.proba([e.features for e in rows])[:, 1].tolist() if rows else []

    def out_of_fold(c: float) -> list[float]:
        scores: dict[int, float] = {}
        for k, rows in detect.items():
            if not rows:
                continue
            others = [e for j, r in detect.items() if j != k for e in r]
            m = detector(corpus_train + others, c)
            for e, p in zip(rows, det_scores(m, rows), strict=True):
                scores[id(e)] = p
        return [scores[id(e)] for e in detect_all]

    tried = []
    for c in cs:
        dev_scores = det_scores(detector(corpus_train + detect_all, c), dev)
        oof = out_of_fold(c) if detect_all else []
        pooled = dev + detect_all
        t, f = best_threshold(dev_scores + oof, [e.label == "event" for e in pooled])
        tried.append((f, c, t, dev_scores, oof))
    f_best, c_det, t_det, dev_scores, oof = steady_choice(tried)
    pooled = dev + detect_all
    per_type = type_thresholds(pooled, dev_scores + oof, t_det)
    m = detector(corpus_train + detect_all, c_det)
    report["detect"] = {
        "C": c_det,
        "threshold": t_det,
        "type_thresholds": per_type,
        "corpus_dev": typed_f1(dev, dev_scores, per_type, t_det),
        "corpus_test": typed_f1(test, det_scores(m, test), per_type, t_det),
        "tried": [(round(f, 3), c, t) for f, c, t, _, _ in tried],
        "model": "blended" if vectors is not None else "linear",
    }
    if vectors is not None:
        report["detect"]["trees"] = TREE_PARAMS
    if detect_all and detection_gold:
        report["detect"]["detection_set_cv"] = sentence_detection(
            detect_all, oof, per_type, t_det, detection_gold
        )
    if dev_models is not None:
        m.threshold = t_det
        m.meta["type_thresholds"] = per_type
        m.meta.update({"trained_on": "corpus train, detection set (dev held out)"})
        fresh_dir(Path(dev_models) / "detect")
        m.to_disk(Path(dev_models) / "detect")
    final = detector(corpus_train + dev + detect_all, c_det)
    final.threshold = t_det
    final.meta["type_thresholds"] = per_type
    final.meta.update({"trained_on": "corpus train+dev, detection set", "report": report["detect"]})
    fresh_dir(out / "detect")
    final.to_disk(out / "detect")

    def role_rows(rows: Sequence[Example]) -> tuple[list[list[str]], list[str]]:
        pairs = [pair for e in rows if e.label == "event" for pair in e.roles]
        return [p[0] for p in pairs], [p[1] for p in pairs]

    classes = ["none", "actor", "target"]
    tried_roles = []
    for c in cs:
        rm = fit(*role_rows(corpus_train), classes, c=c)
        for t in (0.1, 0.2, 0.3, 0.4, 0.5):
            tried_roles.append((_role_accuracy(rm, dev, t), c, t))
    acc, c_role, t_role = role_choice(tried_roles)
    rm = fit(*role_rows(corpus_train), classes, c=c_role)
    report["roles"] = {
        "C": c_role,
        "threshold": t_role,
        "corpus_dev": round(_role_accuracy(rm, dev, t_role), 3),
        "corpus_test": round(_role_accuracy(rm, test, t_role), 3),
        "tried": [(round(a, 3), c, t) for a, c, t in tried_roles],
    }
    if dev_models is not None:
        rm.threshold = t_role
        rm.meta.update({"trained_on": "corpus train (dev held out)"})
        rm.to_disk(Path(dev_models) / "roles")
    final_roles = fit(*role_rows(corpus_train + dev), classes, c=c_role)
    final_roles.threshold = t_role
    final_roles.meta.update({"trained_on": "corpus train+dev", "report": report["roles"]})
    final_roles.to_disk(out / "roles")
    return report


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


def _detector_fitter(vectors: WordVectors | None) -> Any:
    """``fit(rows, C)``: the detector trained on ``rows``; blended when there are ``vectors``.

    The trees do not depend on C: they are fitted once per set of splits trained on.
    """
    trees: dict[tuple[str, ...], TreeEnsemble] = {}

    def detector(rows: Sequence[Example], c: float) -> LinearModel | BlendedModel:
        linear = fit([e.features for e in rows], [e.label for e in rows], ["none", "event"], c=c)
        if vectors is None:
            return linear
        key = tuple(sorted({e.split for e in rows}))
        if key not in trees:
            labels = [e.label == "event" for e in rows]
            trees[key] = fit_trees([e.features for e in rows], labels, vectors)
        return BlendedModel(linear, trees[key], vectors, meta=dict(linear.meta))

    return detector


def _role_accuracy(model: LinearModel, rows: Sequence[Example], threshold: float) -> float:
    """Share of gold actors and targets the decoding picks (or both absent).

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
            total += len(e.unreachable)
            continue
        probs = model.proba([f for f, _ in e.roles])
        for k, role in ((1, "actor"), (2, "target")):
            gold = [i for i, (_, lab) in enumerate(e.roles) if lab == role]
            best = int(probs[:, k].argmax())
            pick = best if probs[best, k] >= threshold else None
            if not gold and pick is None and role not in e.unreachable:
                continue
            total += 1
            hits += pick is not None and pick in gold
    return hits / total if total else 0.0
