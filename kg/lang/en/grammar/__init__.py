"""The English grammar: rules over the dependency parse of English news (:class:`EnglishGrammar`).

- :mod:`~kg.lang.en.grammar.mentions`: registry and NER names, surnames, agent nouns
  ("militants"), generic heads ("the army"), and :func:`referent` (who a noun phrase is);
- :mod:`~kg.lang.en.grammar.frames`: reporting frames ("X said", "according to X") set
  ``claimed_by``; appositions state relations ("Mismari, the LNA's spokesman");
- :mod:`~kg.lang.en.grammar.events`: triggers, what did not happen, roles and casualties.
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span

from kg.extract.model import Draft, Frame
from kg.lang.en.grammar.context import EnglishContext
from kg.lang.en.grammar.events import events_in_sentence
from kg.lang.en.grammar.frames import frames, relations
from kg.lang.en.grammar.mentions import register_mentions
from kg.lang.en.lexicon import EnglishLexicon

__all__ = ["EnglishGrammar", "EnglishContext"]


class EnglishGrammar:
    """The :class:`kg.extract.driver.Grammar` of English news."""

    def __init__(self, lexicon: EnglishLexicon, version: str) -> None:
        """Rules over ``lexicon``; ``version`` goes into every event's ``extractor``."""
        self.lexicon = lexicon
        self.version = version

    def context(self, doc: Doc, article: str, pub_date: dt.date | None) -> EnglishContext:
        """The per-article state, with the time expressions of the text resolved."""
        return EnglishContext(doc, self.lexicon, article, pub_date)

    def register_mentions(self, ctx: EnglishContext) -> None:
        """Every entity mention of the doc."""
        register_mentions(ctx)

    def relations(self, ctx: EnglishContext, sent: Span) -> None:
        """The relations appositions in ``sent`` state."""
        relations(ctx, sent)

    def frames(self, ctx: EnglishContext, sent: Span, previous: Frame | None) -> list[Frame]:
        """The reporting frames of ``sent``."""
        return frames(ctx, sent, previous)

    def events(
        self, ctx: EnglishContext, sent: Span, frames: list[Frame], earlier: list[Draft]
    ) -> list[Draft]:
        """The events of ``sent``."""
        return events_in_sentence(ctx, sent, frames)
