"""Score extracted events against hand-annotated gold articles and sentence-level gold.

Implements the scoring rules of the shared gold README (``eval/README.md``). Where the README
leaves room, this module decides as follows.

Paragraphs
    The non-empty lines of the article text (a whitespace-only line counts as empty), numbered
    from 0 (the headline). An extracted event belongs to the paragraph of its trigger's start
    offset. Gold events of paragraph 0 are not scored; extracted events of paragraph 0 are
    reported as ``headline`` and are neither hits nor false positives.
Role values
    An extracted role value matches entity ``X`` when the token sequence
    (:func:`~kg.lang.ar.normalize.normalize_for_match`) of any of its ``text``, ``label_ar`` or
    ``label_en`` equals or contains, as a contiguous run of whole tokens, the tokens of one of
    X's ``aliases``, its ``ar`` or its ``en``. A gold role written as JSON ``null`` or ``[]``
    accepts only an absent role; ``null`` inside a list makes absence acceptable as well. A
    role key missing from an extracted event counts as absent.
Matching
    Greedy and one to one, per article: extracted events in text order (trigger start), each
    to the first unmatched gold event (in gold order) whose paragraph or ``corroborated_in``
    holds the event's paragraph, whose ``type``/``alt_types`` hold its type and whose actor
    list accepts its actor; a gold event stated in the event's own paragraph is preferred over
    one that only lists it in ``corroborated_in``.
Duplicates
    Decided once every match is made: an unmatched extracted event is a duplicate of a matched
    gold event when its type and actor are acceptable for it and either it comes from one of
    that gold event's paragraphs (it would have matched, had the gold event been free) or its
    target is acceptable for it, an absent target counting as compatible. Duplicates are
    reported and are neither hits nor false positives; every other unmatched event is a false
    positive.
Optional gold events
    A matched ``optional`` gold event is a hit like any other (it counts in ``tp``); an
    unmatched one is not a miss.
Ratios
    A ratio whose denominator is 0 is 0.0. Extracted events of articles that have no gold file
    are counted as ``unscored`` and otherwise ignored.

Sentence-level gold (``up_arabic_dev.jsonl``) is scored by :func:`score_sentences`; see its
docstring for the measures.
"""

from kg.evaluate.articles import (
    EvalResult,
    EventDetail,
    GoldDetail,
    SlotAccuracy,
    paragraph_of,
    role_matches,
    score,
)
from kg.evaluate.gold import (
    ROLES,
    SLOTS,
    GoldArticle,
    GoldEntity,
    GoldEvent,
    load_events,
    load_gold,
)
from kg.evaluate.sentences import (
    SentenceDetail,
    SentenceEvalResult,
    SentenceGold,
    SentenceGoldEvent,
    SentenceScores,
    load_sentence_gold,
    score_sentences,
    sentences_as_articles,
)

__all__ = [
    "ROLES",
    "SLOTS",
    "GoldEntity",
    "GoldEvent",
    "GoldArticle",
    "EventDetail",
    "GoldDetail",
    "SlotAccuracy",
    "EvalResult",
    "SentenceGoldEvent",
    "SentenceGold",
    "SentenceScores",
    "SentenceDetail",
    "SentenceEvalResult",
    "load_gold",
    "load_events",
    "paragraph_of",
    "role_matches",
    "score",
    "load_sentence_gold",
    "score_sentences",
    "sentences_as_articles",
]
