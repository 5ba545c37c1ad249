"""The Arabic spaCy pipeline: tokenizer, sentence boundaries, gazetteer, persons, triggers, events.

Every component is a registered factory with a declared contract, so
``nlp.analyze_pipes()`` can check the order::

    ner → kg_ner_document → kg_sentences → kg_gazetteer → kg_persons → kg_triggers → kg_events

(``ner`` and ``kg_ner_document``, from :mod:`kg.nlp.ner`, when the trained model is present).

Entity mentions live in ``doc.spans["kg_entities"]`` (label = ontology class, ``id_`` = IRI
for registry entries), triggers in ``doc.spans["kg_triggers"]`` (label = PLOVER type,
``id_`` = rule key), events in ``doc._.events``.
"""

from __future__ import annotations

import functools
import logging

import spacy
from spacy.language import Language
from spacy.matcher import Matcher
from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.nlp.lexicon import Lexicon, load_lexicon
from kg.nlp.ner import load_ner, ner_model_path
from kg.nlp.tokenizer import ArabicTokenizer

__all__ = ["make_nlp", "ENTITIES", "TRIGGERS", "DEMONYM"]

ENTITIES = "kg_entities"
#: doc.user_data key: (start, end) of an ambiguous name → its registry readings, in priority order
ALTERNATIVES = "kg_alternatives"
TRIGGERS = "kg_triggers"
DEMONYM = "DEMONYM"
_SENT_END = frozenset(".؟?!")
_QUOTES = ["«", "»", '"', "“", "”", "'"]

if not Doc.has_extension("events"):
    Doc.set_extension("events", default=None)
if not Doc.has_extension("relations"):
    Doc.set_extension("relations", default=None)


@Language.factory("kg_sentences", assigns=["token.is_sent_start"])
def make_sentences(nlp: Language, name: str) -> KgSentencizer:
    """Sentence boundaries at paragraph breaks and Arabic/Latin full stops."""
    return KgSentencizer()


class KgSentencizer:
    """Start a sentence after a line break and after . ؟ ? ! (and any closing quote after them)."""

    def __call__(self, doc: Doc) -> Doc:
        start_next = True
        for token in doc:
            if token.is_space:
                token.is_sent_start = start_next
                if "\n" in token.text:
                    start_next = True
                continue
            token.is_sent_start = start_next
            start_next = False
            if token.text in _SENT_END and token.i + 1 < len(doc):
                nxt = doc[token.i + 1]
                if nxt.text in _QUOTES or nxt.text == ")":
                    continue
                if nxt.is_space or token.whitespace_:
                    start_next = True
                if token.text == "." and not token.whitespace_ and nxt.is_digit:
                    start_next = False
            elif token.text in _QUOTES and token.i > 0 and doc[token.i - 1].text in _SENT_END:
                start_next = bool(token.whitespace_) or (
                    token.i + 1 < len(doc) and doc[token.i + 1].is_space
                )
        return doc


@Language.factory(
    "kg_gazetteer",
    assigns=["doc.spans"],
    default_config={"registry_path": None},
)
def make_gazetteer(nlp: Language, name: str, registry_path: str | None) -> Gazetteer:
    """Registry labels, aliases and demonyms matched on normalized tokens."""
    return Gazetteer(nlp, load_lexicon(registry_path))


class Gazetteer:
    """Match every Arabic and English label of the registry, allowing quotes inside names.

    Labels are looked up as tuples of normalized tokens in a dict (longest match per start),
    which stays fast with tens of thousands of labels where spaCy's ``Matcher`` does not.
    When two entries share a label, the first in registry order (hand-written entries, then
    countries, then cities by population) wins.
    """

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.table: dict[tuple[str, ...], list[tuple[str, str]]] = {}
        for entry in lexicon.registry.entries.values():
            labels = [
                (entry.kind, lab)
                for lab in (entry.label_ar, entry.label_en, *entry.aliases_ar, *entry.aliases_en)
                if lab
            ]
            labels += [(DEMONYM, d) for d in entry.demonyms_ar]
            for label, text in labels:
                norms = tuple(
                    t.norm_ for t in nlp.tokenizer(text) if not t.is_space and t.text not in _QUOTES
                )
                if norms:
                    self._add(norms, label, entry.iri)
                if label == DEMONYM and len(norms) == 1 and norms[0].endswith("ي"):
                    # nisba inflections: أميركيا، بريطانيين، أميركيون، أميركيان
                    for suffix in ("ا", "ين", "ون", "ان"):
                        self._add((norms[0] + suffix,), label, entry.iri)
        self.max_len = max((len(k) for k in self.table), default=0)

    def _add(self, norms: tuple[str, ...], label: str, iri: str) -> None:
        """Register a label; later entries with the same label are kept as alternatives."""
        hits = self.table.setdefault(norms, [])
        if all(h[1] != iri for h in hits):
            hits.append((label, iri))

    def __call__(self, doc: Doc) -> Doc:
        # Positions of the tokens a name may consist of; quotes inside names are skipped.
        idx = [t.i for t in doc if t.text not in _QUOTES]
        alternatives: dict[tuple[int, int], list[tuple[str, str]]] = {}
        doc.user_data[ALTERNATIVES] = alternatives
        norms = [doc[i].norm_ for i in idx]
        spans = []
        for p in range(len(idx)):
            if doc[idx[p]].is_space:
                continue
            for n in range(min(self.max_len, len(idx) - p), 0, -1):
                hits = self.table.get(tuple(norms[p : p + n]))
                if hits:
                    label, iri = hits[0]
                    span = Span(doc, idx[p], idx[p + n - 1] + 1, label=label, span_id=iri)
                    spans.append(span)
                    if len(hits) > 1:  # طرابلس (Libya, Lebanon): the extractor picks by context
                        alternatives[(span.start, span.end)] = hits
                    break
        doc.spans[ENTITIES] = _longest(spans)
        return doc


def _longest(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longest first; ties keep the registry's most specific class."""
    return sorted(filter_spans(spans), key=lambda s: s.start)


@Language.factory(
    "kg_persons",
    requires=["doc.spans"],
    assigns=["doc.spans"],
)
def make_persons(nlp: Language, name: str) -> PersonFinder:
    """Person names after titles (اللواء …) and before appositive roles (، الناطق باسم …)."""
    return PersonFinder(load_lexicon())


class PersonFinder:
    """Find unregistered person names from titles and appositions: rules over closed word lists."""

    max_name = 4

    def __init__(self, lexicon: Lexicon) -> None:
        self.titles = lexicon.cue("titles")
        self.roles = lexicon.cue("role_nouns")
        self.reporting = lexicon.cue("reporting_verbs")
        self.stop = (
            lexicon.cue("complementizers")
            | lexicon.cue("reporting_verbs")
            | lexicon.cue("titles")
            | lexicon.cue("role_nouns")
            | lexicon.cue("negations")
            | {"في", "من", "على", "علي", "الى", "الي", "عن", "مع", "ان", "و", "ف", "ب", "ل", "ك"}
        )

    def _is_name_word(self, token) -> bool:
        n = token.norm_
        return (
            token.is_alpha
            and not token.is_space
            and n not in self.stop
            and len(n) >= 2
            and not token.is_punct
        )

    def _name_after(self, doc: Doc, i: int, taken: set[int]) -> Span | None:
        j = i
        while (
            j < len(doc) and j - i < self.max_name and j not in taken and self._is_name_word(doc[j])
        ):
            j += 1
        if j - i >= 2 or (j - i == 1 and j < len(doc) and doc[j].text in ("،", ",")):
            return Span(doc, i, j, label="Person")
        return None

    def __call__(self, doc: Doc) -> Doc:
        spans = list(doc.spans[ENTITIES])
        taken = {i for s in spans for i in range(s.start, s.end)}
        found: list[Span] = []
        for token in doc:
            n = token.norm_
            if n in self.titles and token.i + 1 < len(doc) and token.i + 1 not in taken:
                span = self._name_after(doc, token.i + 1, taken)
                if span is not None:
                    found.append(span)
            # NAME ، ROLE …  right after a reporting verb: "قال علي أبو زيان، آمر …"
            if n in self.reporting:
                k = token.i + 1
                while k < len(doc) and doc[k].norm_ in self.titles:
                    k += 1
                span = self._name_after(doc, k, taken)
                if span is not None and span.end + 1 < len(doc):
                    after = doc[span.end]
                    role = doc[span.end + 1]
                    if after.text in ("،", ",") and (
                        role.norm_ in self.roles or role.norm_ in self.titles
                    ):
                        found.append(span)
        # The statistical NER knows where a name starts better than "every word after the
        # title" does: القائد الميداني خالد بوزريبة → the name is خالد بوزريبة.
        ner_starts = {e.end: e.start for e in doc.ents if e.label_ == "PER"}
        for k, s in enumerate(found):
            start = ner_starts.get(s.end)
            if start is not None and s.start < start:
                found[k] = Span(doc, start, s.end, label=s.label_)
        for s in found:
            if not any(i in taken for i in range(s.start, s.end)):
                spans.append(s)
                taken.update(range(s.start, s.end))
        doc.spans[ENTITIES] = sorted(spans, key=lambda s: s.start)
        return doc


@Language.factory("kg_triggers", assigns=["doc.spans"])
def make_triggers(nlp: Language, name: str) -> TriggerMatcher:
    """Event triggers from the lexicon (PLOVER type and mode)."""
    return TriggerMatcher(nlp, load_lexicon())


class TriggerMatcher:
    """Match the compiled trigger lexicon; longest match wins."""

    def __init__(self, nlp: Language, lexicon: Lexicon) -> None:
        self.matcher = Matcher(nlp.vocab)
        self.not_after = {rule.key: rule.not_after for rule in lexicon.triggers}
        for rule in lexicon.triggers:
            self.matcher.add(rule.key, [list(rule.pattern)])

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for m, s, e in self.matcher(doc):
            key = doc.vocab.strings[m]
            if s > 0 and doc[s - 1].norm_ in self.not_after[key]:
                continue
            spans.append(Span(doc, s, e, label=key.split("|", 1)[0], span_id=key))
        # Unvocalized قصف/خطف is a verb or its verbal noun: on a tie the verb reading wins
        # (filter_spans keeps the first of equally long spans).
        spans.sort(key=lambda sp: sp.id_.split("|")[2] != "verb")
        doc.spans[TRIGGERS] = _longest(spans)
        return doc


@Language.factory(
    "kg_events",
    requires=["doc.spans", "doc.spans", "token.is_sent_start"],
    assigns=["doc._.events", "doc._.relations"],
)
def make_events(nlp: Language, name: str) -> EventComponent:
    """Assign roles to triggers: actor, target, place, time, claimed_by (see kg.extract)."""
    return EventComponent(load_lexicon())


class EventComponent:
    """Runs :func:`kg.extract.extract` on the doc; article metadata comes from ``doc.user_data``."""

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def __call__(self, doc: Doc) -> Doc:
        from kg.extract import extract

        events, relations = extract(
            doc,
            self.lexicon,
            article=doc.user_data.get("article_id", ""),
            pub_date=doc.user_data.get("pub_date"),
        )
        doc._.events = events
        doc._.relations = relations
        return doc


@functools.lru_cache(maxsize=2)
def make_nlp(lang: str = "ar", *, ner: bool = True) -> Language:
    """The kg pipeline for ``lang`` (Arabic; English articles use the same rules for now).

    ``ner=False`` leaves out the trained NER (``kg/models/ar_ner``): names then come from the
    registry and the title/apposition rules only.
    """
    lexicon = load_lexicon()
    nlp = spacy.blank("ar")
    nlp.tokenizer = ArabicTokenizer(nlp.vocab, lexicon.vocab_norms, lexicon.word_freqs)
    nlp.add_pipe("kg_sentences")
    if ner and ner_model_path().exists():
        load_ner(nlp, before="kg_sentences")  # statistical names for what the registry lacks
    elif ner:
        logging.getLogger(__name__).warning(
            "no trained NER at %s: names come from the registry and rules only", ner_model_path()
        )
    nlp.add_pipe("kg_gazetteer")
    nlp.add_pipe("kg_persons")
    nlp.add_pipe("kg_triggers")
    nlp.add_pipe("kg_events")
    return nlp
