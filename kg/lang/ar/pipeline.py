"""The Arabic spaCy pipeline: the neutral components of :mod:`kg.nlp` bound to Arabic data.

::

    ner → kg_ner_document → kg_sentences → kg_gazetteer → kg_persons → kg_triggers → kg_events

(``ner`` and ``kg_ner_document`` when the trained model is present). The components are
registered as Arabic factories (``Arabic.factory``), so ``nlp.add_pipe("kg_gazetteer")`` on an
Arabic pipeline gets the Arabic one, and another language registers its own under the same
names. Each declares what it requires and assigns, so ``nlp.analyze_pipes()`` checks the order.
"""

from __future__ import annotations

import logging
from pathlib import Path

import spacy
from spacy.lang.ar import Arabic
from spacy.language import Language

from kg.extract.component import EventComponent
from kg.extract.linear import LinearModel
from kg.extract.trees import WordVectors, load_model
from kg.ingest import MAX_ARTICLE_CHARS
from kg.lang.ar import EXTRACTOR_VERSION, RULES_VERSION
from kg.lang.ar.grammar import ArabicGrammar
from kg.lang.ar.grammar.decide import Decider
from kg.lang.ar.lexicon import Lexicon, load_lexicon
from kg.lang.ar.normalize import normalize
from kg.lang.ar.persons import PersonFinder
from kg.lang.ar.tokenizer import ArabicTokenizer
from kg.nlp.extensions import DEMONYM
from kg.nlp.gazetteer import Gazetteer, GazetteerTable
from kg.nlp.ner import COMMON_TOP, NameSpreader, load_ner
from kg.nlp.sentences import MAX_SENTENCE_TOKENS, QUOTES
from kg.nlp.triggers import TriggerMatcher

__all__ = [
    "make_nlp",
    "ner_model_path",
    "common_words",
    "gazetteer_table",
    "clause_starts",
    "EXTRACTOR_VERSION",
]

#: Docs per ``nlp.pipe`` batch. The NER's arrays grow with the batch: at spaCy's 1000, 300 ANT
#: articles in one batch take 440 MB more (64: 57 MB) and much of the time goes to page
#: faults; from 32 to 256 articles it is at its fastest. Its output does not depend on it.
BATCH_SIZE = 64

#: Words that start a clause, where an overlong sentence is best cut (and, then, so, as, while).
CLAUSE_WORDS = ("و", "ف", "ثم", "كما", "حيث", "بينما", "فيما", "لكن", "إذ", "أو", "بل")


def ner_model_path() -> Path:
    """Directory of the shipped Arabic NER model (``kg/lang/ar/models/ner``)."""
    return Path(__file__).resolve().parent / "models" / "ner"


def common_words(top: int = COMMON_TOP) -> frozenset[str]:
    """The ``top`` most frequent normalized words of ANT v1.1 news (the lexicon's counts)."""
    freqs = load_lexicon().word_freqs
    return frozenset(sorted(freqs, key=lambda w: (-freqs[w], w))[:top])


def gazetteer_table(nlp: Language, lexicon: Lexicon) -> GazetteerTable:
    """Every Arabic and English label, alias and Arabic demonym of the registry.

    Labels are tokenized like the text (quotes inside names dropped); a demonym in ي also
    gets its nisba inflections (أميركيا، بريطانيين، أميركيون، أميركيان). Registry order
    decides between entries sharing a label: hand-written entries, then countries, then
    cities by population.
    """
    table = GazetteerTable()
    for entry in lexicon.registry.entries.values():
        labels = [
            (entry.kind, lab)
            for lab in (entry.label_ar, entry.label_en, *entry.aliases_ar, *entry.aliases_en)
            if lab
        ]
        labels += [(DEMONYM, d) for d in entry.demonyms_ar]
        for label, text in labels:
            norms = tuple(
                t.norm_ for t in nlp.tokenizer(text) if not t.is_space and t.text not in QUOTES
            )
            if norms:
                table.add(norms, label, entry.iri)
            if label == DEMONYM and len(norms) == 1 and norms[0].endswith("ي"):
                for suffix in ("ا", "ين", "ون", "ان"):
                    table.add((norms[0] + suffix,), label, entry.iri)
    return table


@Arabic.factory("kg_gazetteer", assigns=["doc.spans"], default_config={"registry_path": None})
def make_gazetteer(nlp: Language, name: str, registry_path: str | None) -> Gazetteer:
    """Registry labels, aliases and demonyms matched on normalized tokens."""
    return Gazetteer(gazetteer_table(nlp, load_lexicon(registry_path)), quotes=QUOTES)


@Arabic.factory("kg_persons", requires=["doc.spans"], assigns=["doc.spans"])
def make_persons(nlp: Language, name: str) -> PersonFinder:
    """Person names after titles (اللواء …) and before appositive roles (، الناطق باسم …)."""
    return PersonFinder(load_lexicon())


@Arabic.factory("kg_triggers", assigns=["doc.spans"])
def make_triggers(nlp: Language, name: str) -> TriggerMatcher:
    """Event triggers from the lexicon (PLOVER type, mode and reading in ``span._.rule``)."""
    return TriggerMatcher(nlp.vocab, load_lexicon().triggers, variants=proclitic_variants)


def clause_starts(lexicon: Lexicon) -> list[str]:
    """Normalized words that start a clause: :data:`CLAUSE_WORDS` and verbs of saying after و/ف.

    >>> {"و", "ثم", "وقال", "فاضاف"} <= set(clause_starts(load_lexicon()))
    True
    """
    words = {normalize(w) for w in CLAUSE_WORDS}
    verbs = lexicon.cue("reporting_verbs")
    words |= {p + w for p in ("و", "ف") for w in (*verbs, *words) if len(w) > 2}
    return sorted(words)


def proclitic_variants(norm: str) -> tuple[str, ...]:
    """A word and the word without its proclitics (ووصف → وصف؛ بمساندة → مساندة).

    >>> proclitic_variants("وبمسانده")
    ('وبمسانده', 'بمسانده', 'مسانده')
    """
    out = [norm]
    rest = norm
    for letters in ("وف", "بلك"):
        if rest[:1] and rest[0] in letters and len(rest) > 3:
            rest = rest[1:]
            out.append(rest)
    return tuple(out)


@Arabic.factory(
    "kg_ner_document",
    requires=["doc.ents"],
    assigns=["doc.ents"],
    default_config={"common_top": COMMON_TOP},
)
def make_ner_document(nlp: Language, name: str, common_top: int) -> NameSpreader:
    """Spread the names ``ner`` found to their other mentions in the same article."""
    return NameSpreader(common_words(common_top))


def model_path(name: str) -> Path:
    """Directory of a shipped extraction model (``detect``, ``roles``) under ``models/``."""
    return Path(__file__).resolve().parent / "models" / name


def load_decider(models: Path | None = None, vectors: WordVectors | None = None) -> Decider | None:
    """The trained detector (and role model, when shipped), or None without a detector.

    ``models``: the folder of ``detect``, ``roles`` and ``relevance`` (default: the shipped
    ones). ``vectors``: the NER's word vectors when the pipeline already holds them (else the
    blended detector reads them from the shipped NER's folder).
    """
    folder = Path(models) if models is not None else model_path("detect").parent
    if not (folder / "detect" / "model.json").exists():
        return None

    def optional(name: str) -> LinearModel | None:
        path = folder / name
        return LinearModel.from_disk(path) if (path / "model.json").exists() else None

    detector = load_model(folder / "detect", vectors or ner_model_path() / "vocab")
    return Decider(detector, optional("roles"), optional("relevance"))


@Arabic.factory(
    "kg_events",
    requires=["doc.spans", "token.is_sent_start"],
    assigns=["doc._.events", "doc._.relations"],
    default_config={"learned": True},
)
def make_events(nlp: Language, name: str, learned: bool) -> EventComponent:
    """Roles of each trigger: actor, target, place, time, claimed_by (the Arabic grammar).

    ``learned``: the trained models decide over the rules' candidates when they are shipped
    (``models/detect``, ``models/roles``); ``False`` runs the rules alone.
    """
    # the NER sourced before this component holds the floret table the detector reads
    table = nlp.vocab.vectors
    vectors = WordVectors(table) if table.shape[0] else None
    decider = load_decider(vectors=vectors) if learned else None
    version = EXTRACTOR_VERSION if decider is not None else RULES_VERSION
    return EventComponent(ArabicGrammar(load_lexicon(), version, decider))


def make_nlp(*, ner: bool = True, learned: bool = True) -> Language:
    """A new Arabic pipeline, from the tokenizer to ``kg_events``.

    ``ner=False`` leaves out the trained NER (``kg/lang/ar/models/ner``): names then come from
    the registry and the title/apposition rules only (fast, for rule tests). ``learned=False``
    leaves out the trained detection and role models: the rules decide alone.
    """
    lexicon = load_lexicon()
    nlp = spacy.blank("ar")
    nlp.max_length = MAX_ARTICLE_CHARS  # every article ingest accepts (spaCy: E088 above)
    nlp.batch_size = BATCH_SIZE
    nlp.tokenizer = ArabicTokenizer(nlp.vocab, lexicon.vocab_norms, lexicon.word_freqs)
    nlp.add_pipe(
        "kg_sentences",
        config={"max_tokens": MAX_SENTENCE_TOKENS, "clause_starts": clause_starts(lexicon)},
    )
    if ner and ner_model_path().exists():
        load_ner(nlp, ner_model_path(), before="kg_sentences")
    elif ner:
        logging.getLogger(__name__).warning(
            "no trained NER at %s: names come from the registry and rules only", ner_model_path()
        )
    nlp.add_pipe("kg_gazetteer")
    nlp.add_pipe("kg_persons")
    nlp.add_pipe("kg_triggers")
    nlp.add_pipe("kg_events", config={"learned": learned})
    return nlp
