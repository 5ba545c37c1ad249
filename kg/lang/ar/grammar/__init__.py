"""The Arabic grammar: rules over the structure of Arabic news prose (see :class:`ArabicGrammar`).

- :mod:`~kg.lang.ar.grammar.mentions`: registry and NER names, later surname-only mentions,
  generic short forms (الجيش، العاصمة) resolved to the last entity they head;
- :mod:`~kg.lang.ar.grammar.referents`: what a noun phrase refers to: pronoun subjects
  (قواته، دفاعاته الجوية) as the speaker's organisation, force nouns with an owner (قوات
  الجيش، سلاح الجو التابع له), groups (مسلحون مجهولون), office holders (محافظ العاصمة);
- :mod:`~kg.lang.ar.grammar.frames`: reporting frames (أعلن/قال … أن/إن، موضحا أن، بحسب X)
  set ``claimed_by`` for every event in their complement; appositions state relations
  (X، الناطق باسم Y);
- :mod:`~kg.lang.ar.grammar.clauses`: word order (SVO after أن/إن, VSO otherwise), objects
  after على/ضد/ل/مع, passives of casualty verbs, and what is not a new event: negation,
  demonstratives (هذه الضربات), purpose and attempts (بهدف، محاولة), the content of a call or
  warning;
- :mod:`~kg.lang.ar.grammar.events`: each trigger of a sentence with its roles; a verb that only
  describes the previous event (``شن غارات، استهدفت X``) completes it.

Per-type behaviour comes from :data:`kg.extract.event_types.EVENT_TYPES`, words from the
lexicon (``data/cues.json``).
"""

from __future__ import annotations

import datetime as dt

from spacy.tokens import Doc, Span

from kg.extract.model import Draft, Frame
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.grammar.decide import Decider
from kg.lang.ar.grammar.events import _events_in_sentence
from kg.lang.ar.grammar.frames import _frames, _relations
from kg.lang.ar.grammar.mentions import _register_mentions
from kg.lang.ar.lexicon import Lexicon

__all__ = ["ArabicGrammar", "ArabicContext"]


class ArabicGrammar:
    """The :class:`kg.extract.driver.Grammar` of Arabic news."""

    def __init__(self, lexicon: Lexicon, version: str, decider: Decider | None = None) -> None:
        """Rules over ``lexicon``; ``version`` goes into every event's ``extractor``.

        With a ``decider`` (the trained models) the rules propose and the models decide
        which triggers are events and who their actor and target are.
        """
        self.lexicon = lexicon
        self.version = version
        self.decider = decider

    def context(self, doc: Doc, article: str, pub_date: dt.date | None) -> ArabicContext:
        """The per-article state, with the time expressions of the text resolved."""
        return ArabicContext(doc, self.lexicon, article, pub_date)

    def register_mentions(self, ctx: ArabicContext) -> None:
        """Every entity mention of the doc."""
        _register_mentions(ctx)

    def relations(self, ctx: ArabicContext, sent: Span) -> None:
        """The relations an apposition in ``sent`` states."""
        _relations(ctx, sent)

    def frames(self, ctx: ArabicContext, sent: Span, previous: Frame | None) -> list[Frame]:
        """The reporting frames of ``sent``."""
        return _frames(ctx, sent, previous)

    def events(
        self, ctx: ArabicContext, sent: Span, frames: list[Frame], earlier: list[Draft]
    ) -> list[Draft]:
        """The events of ``sent``."""
        drafts = _events_in_sentence(ctx, sent, frames, earlier)
        if self.decider is None:
            return drafts
        return self.decider.decide(ctx, sent, frames, drafts, earlier)
