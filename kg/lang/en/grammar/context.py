"""The per-article state of the English grammar: the neutral context plus the cue word sets."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Token

from kg.extract.context import ArticleContext
from kg.lang.en.lexicon import EnglishLexicon
from kg.lang.en.timex import find_times

__all__ = ["EnglishContext"]


class EnglishContext(ArticleContext):
    """:class:`~kg.extract.context.ArticleContext` with the English cue words."""

    LANG = "en"

    def __init__(
        self, doc: Doc, lex: EnglishLexicon, article: str, pub_date: dt.date | None
    ) -> None:
        """Start the extraction of ``doc``; time expressions resolve against ``pub_date``."""
        super().__init__(doc, lex.registry, article, pub_date, find_times(doc.text, pub_date))
        self.lex = lex
        c = lex.cue
        self.reporting = c("reporting_verbs")
        self.statement_nouns = c("statement_nouns")
        self.modals = c("modals")
        self.aspectual = c("aspectual")
        self.conditional = c("conditional_marks")
        self.irrealis_nouns = c("irrealis_nouns")
        self.light_verbs = c("light_verbs")
        self.needs_light = c("noun_trigger_needs_light_verb")
        self.outcome = c("outcome_verbs")
        self.place_preps = c("place_preps")
        self.force = c("force_nouns")
        self.target_heads = c("target_heads")
        #: heads whose owner is their referent: "LNA positions", "a GNA statement"
        self.owned_heads = self.target_heads | c("statement_nouns") | c("official_heads")
        self.intent_heads = c("intent_heads")
        self.partitives = c("partitives")
        self.background_preps = c("background_preps")
        self.background_heads = c("background_heads")
        self.allegation_heads = c("allegation_heads")
        self.owner_preps = c("owner_preps")
        self.owner_adjectives = c("owner_adjectives")
        self.responsibility = c("claim_responsibility")
        self.negative_dets = c("negative_determiners")
        self.negative_advs = c("negative_adverbs")
        self.noun_triggers: dict[str, tuple[str, str | None]] = {
            k: (v[0], v[1]) for k, v in lex.cues["noun_triggers"].items()
        }
        self.casualty: dict[str, str] = dict(lex.cues["casualty_verbs"])
        self.phrasal: dict[str, tuple[str, str | None]] = {
            k: (v[0], v[1]) for k, v in lex.cues["phrasal_verbs"].items() if not k.startswith("_")
        }
        self.known_verbs = (
            frozenset(lex.verbs) | self.light_verbs | self.reporting | frozenset(self.casualty)
        )
        self._lemmas: dict[tuple[str, str], str] = {}
        preps = lex.cues["target_preps"]
        self.target_preps = {k: frozenset(v) for k, v in preps.items()}

    def lemma(self, tok: Token) -> str:
        """The lowercase lemma of ``tok``, mended where the lemmatizer misses a known verb.

        en_core_web_sm gives "staged" → "stag": a verb whose lemma is no verb the grammar
        knows takes the known verb its form comes from ("stage").
        """
        key = (tok.lower_, tok.lemma_)
        found = self._lemmas.get(key)
        if found is None:
            found = tok.lemma_.lower()
            if tok.pos_ in ("VERB", "AUX") and found not in self.known_verbs:
                w = tok.lower_
                for cand in (
                    w[:-1],
                    w[:-2],
                    w[:-3],
                    w[:-3] + "e",
                    w[:-4],
                    w[:-2] + "y",
                    w[:-3] + "y",
                ):
                    if len(cand) > 2 and cand in self.known_verbs:
                        found = cand
                        break
            self._lemmas[key] = found
        return found

    def targets_after(self, event_type: str) -> frozenset[str]:
        """The prepositions that introduce the target of an event of ``event_type``."""
        return self.target_preps.get(event_type, self.target_preps["_default"])
