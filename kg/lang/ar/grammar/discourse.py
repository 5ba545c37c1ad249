"""Dropped subjects: a verb with no subject of its own continues the subject of the discourse.

Arabic drops a pronoun subject the reader knows: ``ندد الحزب بـ… . ودعا إلى …`` — the party
called. When a kept verbal act (a verb of a Verbal quad class: request, accuse, reject …) has
no actor in its sentence and no subject can follow it (the sentence ends, or a preposition,
a complementizer or a clause break comes next: ودعا إلى، وأكد أن، وحذر من), its actor is the
subject the text was about just before: the actor of the last active verb that told an event
earlier in the same sentence or in the sentence before it, or the speaker of the last reporting frame there
(whichever comes last), never across a paragraph break. The event gets a lower confidence
(:data:`DISCOURSE_FACTOR`): its actor is read from the discourse, not from the words of the
sentence. Strikes are left alone: the annotators give an attack an actor from the context
sentence twice in 289 attacks, and the earlier actor is often another party's.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.event_types import EVENT_TYPES
from kg.extract.model import Draft, Mention, same_entity
from kg.lang.ar.grammar.context import ArabicContext
from kg.vocab import ACTOR_KINDS

__all__ = ["discourse_actor", "DISCOURSE_FACTOR"]

#: The detector's probability is multiplied by this when the actor comes from the discourse.
DISCOURSE_FACTOR = 0.8
#: Endings of first and second person perfects (دعونا، طالبتم), which continue no subject.
#: (Prefixes say nothing: the imperfect نطالب and the perfect ندد both begin with ن.)
_NOT_THIRD = ("نا", "تم", "تما", "تن")
#: The conjunctions that coordinate a second verb with the first one's subject.
_COORDINATORS = frozenset({"و", "ف", "ثم"})


def _paragraph_break(ctx: ArabicContext, start: int, end: int) -> bool:
    return any(t.is_space and "\n" in t.text for t in ctx.doc[start:end])


def discourse_actor(
    ctx: ArabicContext, sent: Span, draft: Draft, earlier: list[Draft], kept: list[Draft]
) -> Mention | None:
    """The subject ``draft``'s verb continues, or None when the text does not give one.

    ``earlier``: the events of the sentences before; ``kept``: those of ``sent`` so far.
    """
    trig = draft.trigger
    rule = trig._.rule
    if draft.actor is not None or draft.pos != "verb" or draft.passive or rule.pos == "passive":
        return None
    if trig[0].norm_.endswith(_NOT_THIRD):
        return None
    doc = ctx.doc
    coordinated = _coordinated_subject(ctx, sent, draft, kept)
    if coordinated is not None:
        return coordinated
    if not EVENT_TYPES[draft.event_type].needs_actor:
        return None
    # No subject after the verb: the sentence ends, or a preposition, a complementizer or a
    # clause break follows (ودعا إلى، وأكد أن، وحذر من). A noun after it may be its subject.
    if trig.end < sent.end:
        nxt = doc[trig.end]
        if not (
            nxt.is_punct
            or nxt.norm_ in ctx.blocking_preps
            or nxt.norm_ in ctx.compl
            or nxt.norm_ in ctx.breaks
        ):
            return None
    prev_start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    if _paragraph_break(ctx, prev_start, sent.start):
        prev_start = sent.start
    best: tuple[int, Mention] | None = None
    for d in [*earlier, *kept]:
        if d.actor is None or d.pos != "verb" or d.passive:
            continue  # the subject of a verb, not the agent of a noun (على المتظاهرين)
        if not (prev_start <= d.trigger.start < trig.start):
            continue
        if best is None or d.trigger.start > best[0]:
            best = (d.trigger.start, d.actor)
    frames = [
        f
        for start, fs in (ctx.frames or {}).items()
        if prev_start <= start <= sent.start
        for f in fs
        if f.speaker is not None and f.verb < trig.start
    ]
    for f in frames:
        if best is None or f.verb > best[0]:
            best = (f.verb, f.speaker)
    if best is None or best[1].kind not in ACTOR_KINDS or same_entity(best[1], draft.target):
        return None
    return best[1]


def _coordinated_subject(
    ctx: ArabicContext, sent: Span, draft: Draft, kept: list[Draft]
) -> Mention | None:
    """The subject a verb after و/ف/ثم shares with the event kept just before it.

    ``استهدف سلاحه الجوي الموقع … ودمر مقرا``: when the last event kept before it in the
    sentence is told by an active verb with an actor, that actor.
    """
    trig = draft.trigger
    if trig.start <= sent.start or ctx.doc[trig.start - 1].norm_ not in _COORDINATORS:
        return None
    before = [d for d in kept if d.trigger.start < trig.start]
    if not before:
        return None
    last = max(before, key=lambda d: d.trigger.start)
    if last.pos != "verb" or last.passive or last.actor is None:
        return None
    if last.actor.kind not in ACTOR_KINDS or same_entity(last.actor, draft.target):
        return None
    return last.actor
