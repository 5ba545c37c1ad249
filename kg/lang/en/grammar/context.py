"""The per-article state of the English grammar: the neutral context plus the cue word sets."""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc

from kg.extract.context import ArticleContext
from kg.lang.en.lexicon import EnglishLexicon
from kg.lang.en.timex import find_times

__all__ = ["EnglishContext"]


class EnglishContext(ArticleContext):
    """:class:`~kg.extract.context.ArticleContext` with the English cue words."""

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
        self.owner_preps = c("owner_preps")
        self.owner_adjectives = c("owner_adjectives")
        self.responsibility = c("claim_responsibility")
        self.negative_dets = c("negative_determiners")
        self.negative_advs = c("negative_adverbs")
        self.noun_triggers: dict[str, tuple[str, str | None]] = {
            k: (v[0], v[1]) for k, v in lex.cues["noun_triggers"].items()
        }
        self.casualty: dict[str, str] = dict(lex.cues["casualty_verbs"])
        preps = lex.cues["target_preps"]
        self.target_preps = {k: frozenset(v) for k, v in preps.items()}

    def targets_after(self, event_type: str) -> frozenset[str]:
        """The prepositions that introduce the target of an event of ``event_type``."""
        return self.target_preps.get(event_type, self.target_preps["_default"])
