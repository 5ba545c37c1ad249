"""The extraction driver: one doc and a language's grammar → events and relations.

The driver walks the sentences of the doc in order and asks the grammar, for each one, for
the relations it states, its reporting frames (who says what) and its events; it keeps the
state that crosses sentences (the last frame holds until a paragraph ends) and turns the
drafts into :class:`~kg.types.Event` records with character offsets, confidence and the
extractor version. Everything language-specific is behind :class:`Grammar`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Protocol

from spacy.tokens import Doc, Span

from kg.extract.context import ArticleContext
from kg.extract.model import Draft, Frame, Mention
from kg.types import Event, Relation, TextSpan

__all__ = ["Grammar", "extract", "confidence", "sentences"]


class Grammar(Protocol):
    """The language-specific rules the driver calls (one implementation per language pack)."""

    #: Written into every event's ``extractor`` field; a new version makes stores re-extract.
    version: str

    def context(self, doc: Doc, article: str, pub_date: dt.date | None) -> ArticleContext:
        """The per-article state (a subclass of :class:`ArticleContext` with the word lists)."""
        ...

    def register_mentions(self, ctx: ArticleContext) -> None:
        """Add every entity mention of the doc to ``ctx``."""
        ...

    def relations(self, ctx: ArticleContext, sent: Span) -> None:
        """Add the relations ``sent`` states (X، الناطق باسم Y) to ``ctx.relations``."""
        ...

    def frames(self, ctx: ArticleContext, sent: Span, previous: Frame | None) -> list[Frame]:
        """The reporting frames of ``sent``; ``previous`` is the frame still open before it."""
        ...

    def events(
        self, ctx: ArticleContext, sent: Span, frames: list[Frame], earlier: list[Draft]
    ) -> list[Draft]:
        """The events ``sent`` states (``earlier``: the drafts of the sentences before)."""
        ...


def sentences(doc: Doc) -> list[Span]:
    """The sentences of ``doc`` that hold more than whitespace."""
    return [s for s in doc.sents if not all(t.is_space for t in s)]


def extract(
    doc: Doc, grammar: Grammar, *, article: str = "", pub_date: dt.date | None = None
) -> tuple[list[Event], list[Relation]]:
    """Events and relations stated in ``doc`` (offsets are character offsets into ``doc.text``).

    ``doc`` needs sentence boundaries, ``doc.spans["kg_entities"]`` and
    ``doc.spans["kg_triggers"]`` (the pipeline of a language pack sets them).
    """
    ctx = grammar.context(doc, article, pub_date)
    grammar.register_mentions(ctx)
    drafts: list[Draft] = []
    frames_by_sent: dict[int, list[Frame]] = {}
    ctx.frames = frames_by_sent
    previous: Frame | None = None
    last_para_end = -1
    for sent in sentences(doc):
        grammar.relations(ctx, sent)
        para_break = any(
            "\n" in t.text for t in doc[max(0, last_para_end) : sent.start] if t.is_space
        )
        if para_break:
            previous = None
        frames = grammar.frames(ctx, sent, previous)
        frames_by_sent[sent.start] = frames
        drafts.extend(grammar.events(ctx, sent, frames, drafts))
        if frames:
            previous = ctx.last_frame = frames[-1]
        last_para_end = sent.end
    events = [_to_event(ctx, p, grammar.version) for p in drafts]
    return events, _relations(ctx, article)


def _relations(ctx: ArticleContext, article: str) -> list[Relation]:
    relations = []
    seen = set()
    first: dict[str, Mention] = {}  # each entity's first mention
    for m in ctx.mentions:
        first.setdefault(m.iri, m)
    for s, pred, o, sent in ctx.relations:
        if (s, pred, o) in seen or s == o:
            continue
        seen.add((s, pred, o))
        subj = first[s]
        obj = first.get(o) or Mention(sent.start, sent.start + 1, o, ctx.kind_of(o), True)
        relations.append(
            Relation(
                article,
                ctx.ref(subj),
                pred,
                ctx.ref(obj),
                TextSpan(sent.text, sent.start_char, sent.end_char),
            )
        )
    return relations


def _to_event(ctx: ArticleContext, p: Draft, version: str) -> Event:
    sent = p.trigger.sent
    # Trim the sentence span to its text (no surrounding whitespace).
    s_text = sent.text
    lead = len(s_text) - len(s_text.lstrip())
    s_text = s_text.strip()
    claimed = None
    if p.frame is not None and p.frame.speaker is not None:
        claimed = ctx.ref(p.frame.speaker)
    ev = Event(
        article=ctx.article,
        event_type=p.event_type,
        trigger=TextSpan(p.trigger.text, p.trigger.start_char, p.trigger.end_char),
        sentence=TextSpan(s_text, sent.start_char + lead, sent.start_char + lead + len(s_text)),
        mode=p.mode,
        actor=ctx.ref(p.actor),
        target=ctx.ref(p.target),
        place=ctx.ref(p.place),
        claimed_by=claimed,
        time=p.time,
        extractor=version,
        killed=p.size.get("killed"),
        injured=p.size.get("injured"),
        arrested=p.size.get("arrested"),
    )
    return replace(ev, confidence=confidence(p))


def confidence(p: Draft) -> float:
    """The detector's probability when a trained detector decided, else the rules' score.

    The rules' score is in [0, 0.95]: a verb trigger, a named (registered) actor, a target, a
    frame. The detector's probability is that of "this trigger reports an event of its type
    that happened"; it says nothing of the roles (docs/extraction.md has its calibration).
    """
    if p.score is not None:
        return round(min(max(p.score, 0.0), 1.0), 3)
    score = 0.3 + (0.15 if p.pos == "verb" else 0.05)
    if p.actor is not None:
        score += 0.25 if p.actor.how == "name" else 0.15
        if p.actor.registered:
            score += 0.05
    if p.target is not None:
        score += 0.1
    if p.frame is not None:
        score += 0.05
    return round(min(score, 0.95), 2)
