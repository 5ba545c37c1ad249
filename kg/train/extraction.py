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
   split (and the detection set); the regularisation and the thresholds are chosen out of
   fold over ``train`` and the detection set (:mod:`kg.train.selection`; or on ``dev``, the
   choice before learned-ar-19); the shipped models are refitted on ``train`` + ``dev``;
   ``test`` is only scored.

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
from kg.train.role_scores import _role_accuracy, _role_hits, role_choice
from kg.train.selection import (
    ROLE_THRESHOLDS,
    cv_actor_right,
    cv_detector,
    cv_roles,
)
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
    present = sorted(set(y.tolist()))
    if len(present) < 2:  # one class only (a small fold): it always wins
        coef, bias = np.zeros((len(features), len(classes))), np.full(len(classes), -30.0)
        bias[present[0]] = 0.0
        return _linear(classes, features, coef, bias, c, len(rows))
    model.fit(x, y)
    coef = model.coef_.T  # features × (1 or classes)
    bias = model.intercept_
    if len(present) == 2:  # binary: one column for the second class; the first scores 0
        coef = np.hstack([np.zeros_like(coef), coef])
        bias = np.array([0.0, bias[0]])
    if len(present) < len(classes):  # a class absent from a small fold never wins
        full, full_bias = np.zeros((len(features), len(classes))), np.full(len(classes), -30.0)
        full[:, present], full_bias[present] = coef, bias
        coef, bias = full, full_bias
    return _linear(classes, features, coef, bias, c, len(rows))


def _linear(
    classes: Sequence[str], features: list[str], coef: Any, bias: Any, c: float, n: int
) -> LinearModel:
    weights = np.vstack([coef, bias[None, :]])
    return LinearModel(list(classes), features, weights, meta={"C": c, "examples": n})


def train_extraction(
    examples: Sequence[Example],
    out: Path,
    *,
    detection_gold: Mapping[str, Any] | None = None,
    cs: Sequence[float] = (0.03, 0.1, 0.3, 1.0),
    folds: int = 5,
    dev_models: Path | None = None,
    vectors: WordVectors | None = None,
    select: str = "cv",
) -> dict[str, Any]:
    """Choose C and the thresholds, refit on everything but the corpus test split, write models.

    Writes ``out/detect`` and ``out/roles`` and returns the report (the caller saves it).
    With ``dev_models``, also writes there the models of the selection stage, which never saw
    the corpus ``dev`` split, so that the whole pipeline can be scored on it.

    The detector learns from the corpus (``train``) and the detection set (``detect<k>``);
    with ``select="dev"`` its C and threshold are chosen on the corpus ``dev`` split and on
    out-of-fold predictions of the detection set (each fold scored by a model trained without
    it), pooled. The scores
    reported for the detection set are those out-of-fold predictions (``detection_gold``:
    sentence id → judged sentence); the corpus test split is scored by a model that never saw
    it. The role model learns from the corpus only.

    With ``select="cv"`` (the default) C and the thresholds of both models are chosen out of
    fold over the corpus ``train`` split and the detection set instead, the thresholds on the
    events' F1 (:mod:`kg.train.selection`): the corpus ``dev`` split is then held out of the
    choice too, and the dev models' score on it is a held-out one.

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

    # the role model's setting first: the cv choice of the detector's thresholds reads its picks
    tried_roles = _role_settings(select, corpus_train, dev, cs, folds)
    _, c_role, t_role = role_choice(tried_roles)
    if select == "cv":
        pool = corpus_train + detect_all
        right = _pool_right(pool, corpus_train, c_role, t_role, folds)
        c_det, t_det, scores, tried_report = cv_detector(pool, detector, cs, folds, right)
        per_type = type_thresholds(pool, scores, t_det, right)
        dev_scores = det_scores(detector(corpus_train + detect_all, c_det), dev)
        oof = scores[len(corpus_train) :]
    else:
        tried = []
        for c in cs:
            dev_scores = det_scores(detector(corpus_train + detect_all, c), dev)
            oof = out_of_fold(c) if detect_all else []
            pooled = dev + detect_all
            t, f = best_threshold(dev_scores + oof, [e.label == "event" for e in pooled])
            tried.append((f, c, t, dev_scores, oof))
        f_best, c_det, t_det, dev_scores, oof = steady_choice(tried)
        per_type = type_thresholds(dev + detect_all, dev_scores + oof, t_det)
        tried_report = [(round(f, 3), c, t) for f, c, t, _, _ in tried]
    m = detector(corpus_train + detect_all, c_det)
    report["detect"] = {
        "C": c_det,
        "threshold": t_det,
        "type_thresholds": per_type,
        "corpus_dev": typed_f1(dev, dev_scores, per_type, t_det),
        "corpus_test": typed_f1(test, det_scores(m, test), per_type, t_det),
        "tried": tried_report,
        "select": select,
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

    rm = fit(*role_rows(corpus_train), ROLE_CLASSES, c=c_role)
    report["roles"] = {
        "C": c_role,
        "threshold": t_role,
        "corpus_dev": round(_role_accuracy(rm, dev, t_role), 3),
        "corpus_test": round(_role_accuracy(rm, test, t_role), 3),
        "tried": [(round(a, 3), c, t) for a, c, t in tried_roles],
        "select": select,
    }
    if dev_models is not None:
        rm.threshold = t_role
        rm.meta.update({"trained_on": "corpus train (dev held out)"})
        rm.to_disk(Path(dev_models) / "roles")
    final_roles = fit(*role_rows(corpus_train + dev), ROLE_CLASSES, c=c_role)
    final_roles.threshold = t_role
    final_roles.meta.update({"trained_on": "corpus train+dev", "report": report["roles"]})
    final_roles.to_disk(out / "roles")
    return report


#: The role model's classes.
ROLE_CLASSES = ["none", "actor", "target"]


def role_rows(rows: Sequence[Example]) -> tuple[list[list[str]], list[str]]:
    """The role model's rows: each candidate mention of each event example, with its label."""
    pairs = [pair for e in rows if e.label == "event" for pair in e.roles]
    return [p[0] for p in pairs], [p[1] for p in pairs]


def _fit_roles(rows: Sequence[Example], c: float) -> LinearModel:
    return fit(*role_rows(rows), ROLE_CLASSES, c=c)


def _pool_right(
    pool: Sequence[Example], train: Sequence[Example], c_role: float, t_role: float, folds: int
) -> list[float]:
    """For each row of ``pool``: 1 / 0 when the role model gets its actor right out of fold.

    The role model has the setting ``--select cv`` chose (``c_role``, ``t_role``); rows
    without role labels (the detection set, "none" candidates) get the train events' share
    of right actors.
    """

    def actor_right(model: LinearModel, e: Example) -> bool:
        hits, total = _role_hits(model, [e], t_role, roles=("actor",))
        return hits == total

    known = cv_actor_right(train, _fit_roles, actor_right, c_role, folds)
    mean = sum(known.values()) / len(known) if known else 1.0
    return [float(known[id(e)]) if id(e) in known else mean for e in pool]


def _role_settings(
    select: str, train: Sequence[Example], dev: Sequence[Example], cs: Sequence[float], folds: int
) -> list[tuple[float, float, float]]:
    """``(accuracy, C, threshold)`` of the role model: on ``dev``, or out of fold (``cv``)."""
    if select == "cv":
        return cv_roles(train, _fit_roles, _role_hits, cs, folds)
    tried = []
    for c in cs:
        rm = fit(*role_rows(train), ROLE_CLASSES, c=c)
        tried += [(_role_accuracy(rm, dev, t), c, t) for t in ROLE_THRESHOLDS]
    return tried


def _detector_fitter(vectors: WordVectors | None) -> Any:
    """``fit(rows, C)``: the detector trained on ``rows``; blended when there are ``vectors``.

    The trees do not depend on C: they are fitted once per set of splits trained on (or per
    ``key``, for rows that are not whole splits: a cross-validation fold).
    """
    trees: dict[tuple[str, ...], TreeEnsemble] = {}

    def detector(
        rows: Sequence[Example], c: float, key: tuple[Any, ...] | None = None
    ) -> LinearModel | BlendedModel:
        linear = fit([e.features for e in rows], [e.label for e in rows], ["none", "event"], c=c)
        if vectors is None:
            return linear
        key = key or tuple(sorted({e.split for e in rows}))
        if key not in trees:
            labels = [e.label == "event" for e in rows]
            trees[key] = fit_trees([e.features for e in rows], labels, vectors)
        return BlendedModel(linear, trees[key], vectors, meta=dict(linear.meta))

    return detector
