"""The per-article state of the English grammar: the neutral context plus the cue word sets."""

from __future__ import annotations

import datetime as dt
from typing import Any

from spacy.tokens import Doc, Token

from kg.extract.context import ArticleContext
from kg.lang.en.lexicon import EnglishLexicon
from kg.lang.en.timex import find_times

__all__ = ["EnglishContext"]

#: Mended lemmas remembered before the memo starts afresh.
MAX_LEMMAS = 200_000


class EnglishContext(ArticleContext):
    """:class:`~kg.extract.context.ArticleContext` with the English cue words."""

    LANG = "en"

    def __init__(
        self, doc: Doc, lex: EnglishLexicon, article: str, pub_date: dt.date | None
    ) -> None:
        """Start the extraction of ``doc``; time expressions resolve against ``pub_date``."""
        super().__init__(doc, lex.registry, article, pub_date, find_times(doc.text, pub_date))
        self.lex = lex
        # the cue tables are the lexicon's, built once; the lemma memo is shared too
        self.__dict__.update(_tables(lex))
        self._lemmas = lex.lemmas

    def lemma(self, tok: Token) -> str:
        """The lowercase lemma of ``tok``, mended where the lemmatizer misses a known verb.

        en_core_web_sm gives "staged" → "stag": a verb whose lemma is no verb the grammar
        knows takes the known verb its form comes from ("stage").
        """
        verbal = tok.pos_ in ("VERB", "AUX")
        key = (tok.lower_, tok.lemma_, verbal)
        found = self._lemmas.get(key)
        if found is None:
            found = tok.lemma_.lower()
            if verbal and found not in self.known_verbs:
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
            if len(self._lemmas) >= MAX_LEMMAS:
                self._lemmas.clear()  # a bound on a memo shared by every article
            self._lemmas[key] = found
        return found

    def targets_after(self, event_type: str) -> frozenset[str]:
        """The prepositions that introduce the target of an event of ``event_type``."""
        return self.target_preps.get(event_type, self.target_preps["_default"])


def _tables(lex: EnglishLexicon) -> dict[str, Any]:
    """The cue sets and tables the rules read, as :class:`EnglishContext` attributes."""
    if lex.derived:
        return lex.derived
    c = lex.cue
    t: dict[str, Any] = {
        name: c(key)
        for name, key in (
            ("reporting", "reporting_verbs"), ("statement_nouns", "statement_nouns"),
            ("modals", "modals"), ("aspectual", "aspectual"),
            ("conditional", "conditional_marks"), ("irrealis_nouns", "irrealis_nouns"),
            ("light_verbs", "light_verbs"), ("needs_light", "noun_trigger_needs_light_verb"),
            ("outcome", "outcome_verbs"), ("place_preps", "place_preps"),
            ("force", "force_nouns"), ("target_heads", "target_heads"),
            ("intent_heads", "intent_heads"), ("partitives", "partitives"),
            ("background_preps", "background_preps"), ("background_heads", "background_heads"),
            ("allegation_heads", "allegation_heads"), ("owner_preps", "owner_preps"),
            ("owner_adjectives", "owner_adjectives"), ("responsibility", "claim_responsibility"),
            ("negative_dets", "negative_determiners"), ("negative_advs", "negative_adverbs"),
        )
    }  # fmt: skip
    #: heads whose owner is their referent: "LNA positions", "a GNA statement"
    t["owned_heads"] = t["target_heads"] | t["statement_nouns"] | c("official_heads")
    #: nouns of people: a subject so headed can be an actor of its own ("opposition officials")
    t["people_heads"] = c("leader_nouns") | c("member_nouns") | c("official_heads")
    t["noun_triggers"] = {k: (v[0], v[1]) for k, v in lex.cues["noun_triggers"].items()}
    t["casualty"] = dict(lex.cues["casualty_verbs"])
    t["phrasal"] = {
        k: (v[0], v[1]) for k, v in lex.cues["phrasal_verbs"].items() if not k.startswith("_")
    }
    t["known_verbs"] = (
        frozenset(lex.verbs) | t["light_verbs"] | t["reporting"] | frozenset(t["casualty"])
    )
    t["target_preps"] = {k: frozenset(v) for k, v in lex.cues["target_preps"].items()}
    lex.derived.update(t)
    return t
