"""The custom attributes and span groups the stages share, and running a pipeline on articles.

Declared once, here, when the module is imported:

``doc._.article``
    The :class:`~kg.types.Article` the doc was made from (set by :func:`article_doc`); the
    extraction reads its id and publication date from it. ``None`` for a bare ``nlp(text)``.
``doc._.readings``
    ``{(start, end): [(label, iri), …]}``: the registry readings of an ambiguous name
    (طرابلس: Libya's or Lebanon's Tripoli) at those token offsets, in priority order; the
    gazetteer sets it, the extraction picks one.
``doc._.events``, ``doc._.relations``
    The :class:`~kg.types.Event` and :class:`~kg.types.Relation` records of the doc, set by
    the ``kg_events`` component.
``span._.rule``
    On a trigger span: the :class:`~kg.nlp.triggers.TriggerRule` that matched it (event
    type, mode, part of speech), looked up by the span's ``id_`` (the rule key) in
    ``doc._.trigger_rules``, which the trigger matcher sets.

Span groups: ``doc.spans[ENTITIES]`` holds entity mentions (label = ontology class or
:data:`DEMONYM`, ``id_`` = registry IRI when known), ``doc.spans[TRIGGERS]`` event triggers
(label = PLOVER type), ``doc.spans[CANDIDATES]`` further candidates a trained detector
judges (the recall-only lexicon: definite and dual nouns, participles, more verbs).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from spacy.language import Language
from spacy.tokens import Doc, Span

from kg.types import Article

__all__ = ["ENTITIES", "TRIGGERS", "CANDIDATES", "DEMONYM", "article_doc", "article_docs"]

#: Span group of entity mentions.
ENTITIES = "kg_entities"
#: Span group of event triggers.
TRIGGERS = "kg_triggers"
#: Span group of further trigger candidates (recall-only lexicon) for a trained detector.
CANDIDATES = "kg_candidates"
#: Entity span label of a demonym (تركية: Turkish), whose ``id_`` is the state it names.
DEMONYM = "DEMONYM"

for _name in ("article", "readings", "events", "relations", "trigger_rules"):
    if not Doc.has_extension(_name):
        Doc.set_extension(_name, default=None)


#: Where spaCy keeps ``doc._.trigger_rules`` (``doc.user_data``): read directly, the
#: getter below is 2x faster (it runs for every ``span._.rule`` the extraction reads).
_RULES_KEY = ("._.", "trigger_rules", None, None)


def _rule_of(span: Span) -> object:
    # A span's rule follows from its id: spaCy keys span attributes by character offsets
    # alone, so a stored value would be shared by every span over the same characters.
    rules = span.doc.user_data.get(_RULES_KEY)
    return rules.get(span.id_) if rules else None


if not Span.has_extension("rule"):
    Span.set_extension("rule", getter=_rule_of)


def article_doc(nlp: Language, article: Article) -> Doc:
    """A tokenized doc of ``article.text`` with ``doc._.article`` set, ready for ``nlp.pipe``."""
    doc = nlp.make_doc(article.text)
    doc._.article = article
    return doc


def article_docs(
    nlp: Language, articles: Iterable[Article], *, batch_size: int | None = None
) -> Iterator[Doc]:
    """Run ``nlp`` over ``articles``, in order; each doc carries its article (``doc._.article``).

    Components see the article while they run (it is set before the pipeline, not after
    as ``nlp.pipe(..., as_tuples=True)`` would).
    """
    docs = (article_doc(nlp, art) for art in articles)
    yield from nlp.pipe(docs, batch_size=batch_size)
