"""Scoring events against the project's annotated corpus (``data/annotations/ar``).

Each sentence is extracted as an article made of its context sentence and itself; only the
events whose trigger lies in the sentence are scored. A predicted event matches an
``asserted`` gold event of the sentence with the same type whose trigger shares characters
with it (one to one, in text order). It is a hit when its actor is right too: both absent, or
their normalized words overlap (the gold actor given from the context must be found there).
On matched events (type and trigger), the target and place are right on the same rule. A
predicted event that matches a ``repeated`` gold event (a mention of an event told just
before) is a duplicate, as in the seed scoring: neither a hit nor a false positive. The
casualty and arrest counts of matched events are compared with the annotated ones read as
numbers (:func:`gold_count`).
"""

from __future__ import annotations

import random
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from kg.evaluate.articles import _ratio, f_measure
from kg.lang.ar.normalize import match_words, normalize
from kg.lang.ar.numbers import compound_value

__all__ = [
    "CorpusScores",
    "SpanScores",
    "PairedDifference",
    "score_corpus",
    "span_scores",
    "gold_count",
    "calibration",
    "paired_bootstrap",
]

# The person nouns that make a count by themselves (مقتل شرطي: 1; إصابة جنديين: 2).
_SINGULARS = frozenset(
    normalize(w) for w in ("شخص", "شخصا", "شرطي", "جندي", "شاب", "رجل", "امرأة", "طفل", "مدني")
)
_DUALS = frozenset(
    normalize(w)
    for w in ("شخصين", "شخصان", "جنديين", "عنصرين", "ضابطين", "شرطيين", "شابين", "فتاتين")
)


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
    #: On matched events, the counts (killed, injured, arrested) given by the gold or by kg,
    #: and how many of them are equal (a vague gold count, عشرات, is right when kg gives none).
    size_total: int = 0
    size_right: int = 0

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
        return f_measure(self.precision, self.recall)

    @property
    def target(self) -> float:
        """Share of matched events whose target is right."""
        return _ratio(self.target_right, self.matched)

    @property
    def place(self) -> float:
        """Share of matched events whose place is right."""
        return _ratio(self.place_right, self.matched)

    @property
    def size(self) -> float:
        """Share of the casualty and arrest counts of matched events that are right."""
        return _ratio(self.size_right, self.size_total)


_ABOUT = ("اكثر من", "أكثر من", "حوالي", "حوالى", "نحو", "قرابة", "ما لا يقل عن")
_ONE = frozenset(normalize(w) for w in ("أحد", "واحد", "واحدا", "واحدة"))


def gold_count(text: str | None) -> int | None:
    """The number a gold count gives (``39``, ``ثلاثة``, ``أكثر من 200``, ``شخصين``), or None.

    None for no count and for vague ones (``عشرات``, ``عدد``, ``آخرون``). A singular person
    noun is 1 and a dual one 2 (``شخص``, ``جنديين``); ``100 ألف`` is 100,000.

    >>> [gold_count(t) for t in ("39", "خمسة", "أكثر من 200", "شخصين", "شرطي", "عشرات", "100 ألف")]
    [39, 5, 200, 2, 1, None, 100000]
    """
    if not text:
        return None
    t = text.strip()
    for about in _ABOUT:
        if t.startswith(about):
            t = t[len(about) :].strip()
    words = t.split()
    if not words:
        return None
    value = compound_value(words)
    if value is not None:
        if len(words) > 1 and normalize(words[1]) == "الف":
            value *= 1000
        return value
    first = normalize(words[0])
    if first in _ONE:
        return 1
    if first.endswith(("ين", "ان")) and len(words) == 1 and not first.startswith("ال"):
        # a dual (شخصين، جنديين) or a plural (آخرين، مدنيين): only the dual names a count
        return 2 if normalize(words[0]) in _DUALS else None
    return 1 if len(words) == 1 and first in _SINGULARS else None


def _size_right(gold: Any, ev: Mapping[str, Any]) -> tuple[int, int]:
    """How many counts of one matched pair are scored, and how many are equal."""
    total = right = 0
    for field in ("killed", "injured", "arrested"):
        raw = getattr(gold, field, None)
        want, got = gold_count(raw), ev.get(field)
        if want is None and got is None:
            continue
        total += 1
        right += want == got
    return total, right


def _role_right(gold: str | None, found: Mapping[str, Any] | None) -> bool:
    if gold is None:
        return found is None
    if found is None:
        return False
    forms = (found.get("text"), found.get("label_ar"), found.get("label_en"))
    return any(match_words(gold) & match_words(f) for f in forms if f)


def _pairs(
    sentences: Mapping[str, Any],
    annotations: Mapping[str, Any],
    events: Iterable[Mapping[str, Any]],
) -> Iterator[tuple[str, Mapping[str, Any] | None, Any, bool]]:
    """The gold events, then the predicted events with their match, sentence by sentence.

    Yields ``(sid, None, gold, False)`` for each asserted gold event, then
    ``(sid, event, gold or None, duplicate)`` for each predicted event (a duplicate matches a
    ``repeated`` gold event).
    """
    by_sentence: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for ev in events:
        by_sentence[str(ev.get("article"))].append(ev)
    for sid, sent in sentences.items():
        offset = len(sent.context) + 1 if sent.context else 0
        ann = annotations.get(sid)
        gold = [e for e in (ann.events if ann else ()) if e.asserted]
        told = [e for e in (ann.events if ann else ()) if e.status == "repeated"]
        preds = sorted(
            (e for e in by_sentence.get(sid, []) if e["trigger"]["start"] >= offset),
            key=lambda e: e["trigger"]["start"],
        )
        for g in gold:
            yield sid, None, g, False
        free = list(gold)
        for ev in preds:
            start, end = ev["trigger"]["start"] - offset, ev["trigger"]["end"] - offset
            g = _match(sent.text, free, ev["event_type"], start, end)
            if g is None:
                dup = _match(sent.text, told, ev["event_type"], start, end) is not None
                yield sid, ev, None, dup
                continue
            free.remove(g)
            yield sid, ev, g, False


def score_corpus(
    sentences: Mapping[str, Any],
    annotations: Mapping[str, Any],
    events: Iterable[Mapping[str, Any]],
) -> CorpusScores:
    """Score ``events.jsonl`` dicts (article = sentence id) on the ``sentences`` given."""
    gold_n = pred_n = hits = matched = target_ok = place_ok = dups = size_n = size_ok = 0
    for _, ev, g, dup in _pairs(sentences, annotations, events):
        if ev is None:
            gold_n += 1
            continue
        pred_n += 1
        if g is None:
            dups += dup
            continue
        matched += 1
        hits += _role_right(g.actor, ev.get("actor"))
        target_ok += _role_right(g.target, ev.get("target"))
        place_ok += _role_right(g.place, ev.get("place"))
        n, ok = _size_right(g, ev)
        size_n += n
        size_ok += ok
    return CorpusScores(gold_n, pred_n, hits, dups, matched, target_ok, place_ok, size_n, size_ok)


@dataclass(frozen=True)
class SpanScores:
    """How well the words of right roles cover the gold span (the scorer counts any overlap).

    Over the matched events whose role is right and named on both sides: the normalized words
    shared, given, and in the gold span, and how many spans have exactly the gold's words.
    A head noun alone (أعوان for أعوان الحراسة) is right for :func:`score_corpus`; here it
    costs recall.
    """

    pairs: int
    shared: int
    predicted_words: int
    gold_words: int
    exact: int

    @property
    def precision(self) -> float:
        """Shared words among the predicted span's words."""
        return _ratio(self.shared, self.predicted_words)

    @property
    def recall(self) -> float:
        """Shared words among the gold span's words."""
        return _ratio(self.shared, self.gold_words)

    @property
    def f1(self) -> float:
        """Harmonic mean of the word precision and recall."""
        return f_measure(self.precision, self.recall)

    @property
    def exact_share(self) -> float:
        """Share of the spans with exactly the gold's normalized words."""
        return _ratio(self.exact, self.pairs)


def span_scores(
    sentences: Mapping[str, Any],
    annotations: Mapping[str, Any],
    events: Iterable[Mapping[str, Any]],
    role: str,
) -> SpanScores:
    """The :class:`SpanScores` of ``role`` (``actor``, ``target`` or ``place``)."""
    pairs = shared = pw = gw = exact = 0
    for _, ev, g, _dup in _pairs(sentences, annotations, events):
        found = ev.get(role) if ev is not None and g is not None else None
        if found is None or not getattr(g, role):
            continue
        want, got = match_words(getattr(g, role)), match_words(found.get("text"))
        if not want & got:
            continue
        pairs += 1
        shared += len(want & got)
        pw += len(got)
        gw += len(want)
        exact += want == got
    return SpanScores(pairs, shared, pw, gw, exact)


def calibration(
    sentences: Mapping[str, Any],
    annotations: Mapping[str, Any],
    events: Iterable[Mapping[str, Any]],
    edges: Sequence[float] = (0.0, 0.4, 0.5, 0.6, 0.7, 0.8, 1.01),
) -> list[tuple[float, float, int, float, float]]:
    """How often an event of each confidence bin is right.

    Per bin ``[lo, hi)``: the events in it, the share whose type matches a gold event
    (duplicates left out) and the share that also has the actor right.
    """
    bins: dict[int, list[int]] = defaultdict(lambda: [0, 0, 0])
    for _, ev, g, dup in _pairs(sentences, annotations, events):
        if ev is None or dup:
            continue
        c = float(ev.get("confidence") or 0.0)
        k = next(i for i in range(len(edges) - 1) if c < edges[i + 1])
        row = bins[k]
        row[0] += 1
        row[1] += g is not None
        row[2] += g is not None and _role_right(g.actor, ev.get("actor"))
    return [
        (edges[k], edges[k + 1], n, _ratio(m, n), _ratio(a, n))
        for k, (n, m, a) in sorted(bins.items())
    ]


@dataclass(frozen=True)
class PairedDifference:
    """Event F1 of two runs on the same sentences, and how sure their difference is.

    ``low`` and ``high`` bound the central 95 % of ``f1_b - f1_a`` over articles drawn with
    replacement; ``b_better`` is the share of draws in which B scores higher.
    """

    articles: int
    f1_a: float
    f1_b: float
    mean: float
    low: float
    high: float
    b_better: float


def _per_article(
    sentences: Mapping[str, Any],
    annotations: Mapping[str, Any],
    events: Iterable[Mapping[str, Any]],
) -> dict[str, tuple[int, int, int]]:
    """Article id → (gold, predicted less duplicates, hits): :func:`score_corpus` of each."""
    by_article: dict[str, dict[str, Any]] = defaultdict(dict)
    for sid, sent in sentences.items():
        by_article[str(getattr(sent, "article", sid))][sid] = sent
    by_sentence: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for ev in events:
        by_sentence[str(ev.get("article"))].append(ev)
    out = {}
    for art, sents in by_article.items():
        c = score_corpus(sents, annotations, (e for sid in sents for e in by_sentence[sid]))
        out[art] = (c.gold, c.predicted - c.duplicates, c.hits)
    return out


def paired_bootstrap(
    sentences: Mapping[str, Any],
    annotations: Mapping[str, Any],
    events_a: Iterable[Mapping[str, Any]],
    events_b: Iterable[Mapping[str, Any]],
    *,
    draws: int = 2000,
    seed: int = 0,
) -> PairedDifference:
    """Whether run B's event F1 differs from run A's by more than chance.

    The articles of ``sentences`` are drawn with replacement ``draws`` times (the same draw
    for both runs: a paired bootstrap) and the event F1 of :func:`score_corpus` recomputed
    on each; articles, not sentences, since the sentences of one article share their errors.
    """
    a = _per_article(sentences, annotations, events_a)
    b = _per_article(sentences, annotations, events_b)
    keys = sorted(a)

    def f1(rows: Mapping[str, tuple[int, int, int]], sample: Sequence[str]) -> float:
        gold = sum(rows[k][0] for k in sample)
        pred = sum(rows[k][1] for k in sample)
        hits = sum(rows[k][2] for k in sample)
        return 2 * hits / (gold + pred) if gold + pred else 0.0

    rng = random.Random(seed)
    diffs = sorted(
        f1(b, s) - f1(a, s) for s in ([rng.choice(keys) for _ in keys] for _ in range(draws))
    )
    lo, hi = diffs[int(0.025 * draws)], diffs[min(draws - 1, int(0.975 * draws))]
    return PairedDifference(
        len(keys),
        f1(a, keys),
        f1(b, keys),
        sum(diffs) / draws,
        lo,
        hi,
        sum(d > 0 for d in diffs) / draws,
    )


def _match(text: str, gold: list[Any], etype: str, start: int, end: int) -> Any:
    """The first gold event of ``etype`` whose trigger overlaps ``start:end``, or None."""
    for g in gold:
        g_start = text.find(g.trigger)
        if g.type == etype and g_start >= 0 and g_start < end and start < g_start + len(g.trigger):
            return g
    return None
