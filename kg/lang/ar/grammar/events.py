"""The events of one Arabic sentence: each trigger with its actor, target, place, time and mode."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.event_types import EVENT_TYPES
from kg.extract.model import Draft, Frame, Mention
from kg.extract.roles import choose_place, choose_time, refine_mode
from kg.lang.ar.grammar.clauses import (
    _after_preposition,
    _antecedent,
    _governing_subject,
    _has_pronoun_suffix,
    _indefinite_word,
    _last_actor,
    _object,
    _passive_outcome,
    _subject_after,
    _subject_before,
    _support_agent,
    _suppressed,
)
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.grammar.referents import _adjectival, _group, _np_referent
from kg.nlp.extensions import TRIGGERS
from kg.vocab import ACTOR_KINDS


def _events_in_sentence(  # noqa: C901 (docs/architecture.md)
    ctx: ArabicContext, sent: Span, frames: list[Frame], out: list[Draft]
) -> list[Draft]:
    """Draft events of ``sent``, in trigger order (``out``: the drafts of earlier sentences)."""
    doc = ctx.doc
    c = ctx.lex.cue
    protos: list[Draft] = []
    trigs = ctx.spans_in(TRIGGERS, sent.start, sent.end)
    for trig in trigs:
        rule = trig._.rule
        etype, mode, pos = rule.event_type, rule.mode, rule.pos
        et = EVENT_TYPES[etype]
        passive = pos == "passive"
        if passive:
            pos = "verb"
        if pos == "verb" and _after_preposition(ctx, sent, trig):
            pos, passive = "noun", False  # بقصف جوي: the verbal noun, not the verb قصف
        if _suppressed(ctx, sent, trig, protos):
            continue
        frame = next((f for f in reversed(frames) if f.start <= trig.start < f.end), None)
        owner = frame.org if frame else None
        p = Draft(trig, etype, mode, pos, frame=frame)
        prev_tok = doc[trig.start - 1] if trig.start > sent.start else None
        # -- actor
        agent = None  # the subject of a support verb (هجوم شنه مسلحون)
        k = trig.start - 1
        while k > sent.start and doc[k].text in ("«", '"'):
            k -= 1
        if pos == "verb" and doc[k].norm_ in c("event_anaphors"):
            continue  # "الضربات دمرت …" elaborates an event already stated
        if et.noun_restates_event and pos == "noun" and any(q.event_type == etype for q in protos):
            continue  # تظاهروا … احتجاجا على: the verbal noun restates the protest
        if pos == "agent":
            if any(t.label_ == etype and t._.rule.pos != "agent" for t in trigs) or any(
                q.event_type == etype for q in protos
            ):
                continue  # the protest is stated by its own trigger
            p.actor, _ = _np_referent(ctx, trig.start, sent.end, owner)
            p.explicit_subject = p.actor is not None
        elif pos == "verb":
            subj = _subject_before(ctx, sent, trig.start, owner)
            if subj is not None:
                if doc[subj.start].norm_ in c("event_anaphors"):
                    continue
                p.actor, p.explicit_subject = subj, True
            elif prev_tok is None or prev_tok.norm_ not in c("copulas"):
                subj = _subject_after(ctx, sent, trig.start + 1, owner)
                if subj is not None:
                    p.actor, p.explicit_subject = subj, True
        else:
            agent, p.target = _support_agent(ctx, sent, p, owner)
            gov = agent if agent is not None else _governing_subject(ctx, sent, trig, owner)
            after = ctx.mention_at(trig.end)
            if gov is None and after is not None and after.demonym:
                gov = after  # ضربة جوية أميركية: an American airstrike
            if (
                gov is None
                and trig.end < sent.end
                and _adjectival(ctx, doc[trig.end].norm_)
                and ctx.lex.group_kind(doc[trig.end].norm_)
            ):
                gov = _group(ctx, trig.end, sent.end)[0]  # هجوم انتحاري: by a suicide bomber
            if gov is not None:
                p.actor, p.explicit_subject = gov, True
            elif et.noun_genitive == "actor":
                gen, _ = _np_referent(ctx, trig.end, sent.end, owner)
                if gen is not None and gen.kind in ACTOR_KINDS:
                    p.actor, p.explicit_subject = gen, True
            if p.actor is None and (
                _has_pronoun_suffix(trig[0].norm_)
                or (
                    prev_tok is not None
                    and _has_pronoun_suffix(prev_tok.norm_)
                    and prev_tok.norm_ not in ctx.force
                )
            ):
                # دعوته / تنفيذها مهام: the pronoun refers to the last actor mentioned.
                p.actor = _last_actor(ctx, sent, trig.start, frame)
        # -- descriptive continuation: "شن غارات، استهدفت X" completes the previous event
        if pos == "verb" and not p.explicit_subject and protos:
            last = protos[-1]
            gap = doc[last.trigger.end : trig.start]
            if (
                last.event_type == etype
                and len(gap) <= 10
                and any(t.text in ("،", ",") for t in gap)
                and not any(t.norm_ in ctx.reporting or t.norm_ in ctx.compl for t in gap)
            ):
                target = _object(ctx, sent, p, owner)
                if last.target is None:
                    last.target = target
                continue
        described = prev_tok is not None and (
            prev_tok.norm_ in c("copulas") or (et.material and _indefinite_word(ctx, prev_tok))
        )
        if p.actor is None and described and pos == "verb":
            p.actor = _antecedent(ctx, sent, trig.start, owner)
            p.explicit_subject = p.actor is not None
        same_frame = bool(protos) and protos[-1].frame is frame
        if p.actor is None and protos and pos == "verb" and not described and same_frame:
            # A verb with no subject of its own continues the previous clause's subject.
            p.actor = protos[-1].actor
        if passive or (pos == "verb" and _passive_outcome(ctx, sent, p, trig)):
            # "قتل 3 أشخاص في انفجار" / "أربعة حراس قتلوا": the victims, not the killers
            p.target, p.actor = p.actor, None
            p.explicit_subject = False
            p.passive = True
        # -- target
        if p.target is not None or agent is not None:
            pass  # a support verb's clause is no object of the noun
        elif et.noun_genitive == "target" and pos == "noun":
            gen, _ = _np_referent(ctx, trig.end, sent.end, owner)
            p.target = (
                gen if gen is not None and gen.kind in ACTOR_KINDS else _object(ctx, sent, p, owner)
            )
        else:
            p.target = _object(ctx, sent, p, owner)
        if et.against_target:
            p.target = _protest_target(ctx, sent, p) or p.target
        if p.target is None and protos and not p.explicit_subject and not described and same_frame:
            p.target = protos[-1].target
        if p.target is not None and p.actor is not None and p.target.iri == p.actor.iri:
            p.target = None
        if p.actor is None and et.actor_from_agent_nouns:
            p.actor = _protest_agent(ctx, sent, trigs)
        if p.actor is None and et.needs_actor:
            continue  # the speaker of a verbal act is its actor: without one there is no event
        if p.actor is None and p.target is None and pos != "verb":
            continue  # a bare verbal noun with no participant is too weak to state
        p.place = choose_place(ctx, sent, p)
        p.time = choose_time(ctx, sent, p)
        window = doc[max(sent.start, p.trigger.start - 6) : min(sent.end, p.trigger.end + 8)]
        p.mode = refine_mode(ctx.lex.mode_cues, (t.norm_ for t in window), etype, p.mode)
        protos.append(p)
    # What protesters demand or denounce in the same sentence is what they protest against.
    for p in protos:
        sources = EVENT_TYPES[p.event_type].target_from
        if sources and p.target is None:
            said = [q.target for q in protos if q.event_type in sources and q.target is not None]
            p.target = said[0] if said else None
    return protos


def _protest_target(ctx: ArabicContext, sent: Span, p: Draft) -> Mention | None:
    """What a protest is against: ضد X، احتجاجا على X، منددة ب X، المناهضين ل X.

    An event noun in between is looked through (احتجاجا على زيارة غل، على مقتل … على يد X).
    """
    doc = ctx.doc
    c = ctx.lex.cue
    for j in range(p.trigger.start, sent.end - 1):
        n = doc[j].norm_
        prev = doc[j - 1].norm_ if j > sent.start else ""
        marked = (
            n in c("against_preps")
            or (n == "علي" and prev.startswith(ctx.against_heads))
            or (n == "ب" and prev.startswith(ctx.against_heads))
            or (n == "ل" and prev in c("against_adjectives"))
            or (n in c("with_preps") and prev.startswith(ctx.clash_heads))
        )
        if not marked:
            continue
        for k in range(j + 1, min(j + 7, sent.end)):
            if doc[k].is_punct and doc[k].text not in ("«", "»"):
                break
            if doc[k].norm_ == "يد" and k + 1 < sent.end:  # على يد X: at the hands of X
                m, _ = _np_referent(ctx, k + 1, sent.end, None)
                if m is not None:
                    return m
            m, _ = _np_referent(ctx, k, sent.end, None)
            dm = ctx.mention_at(k)
            if m is None and dm is not None and dm.demonym:
                m = dm
            if m is not None and m.kind != "Place":
                return m
    return None


def _protest_agent(ctx: ArabicContext, sent: Span, trigs: list[Span]) -> Mention | None:
    """The protesters named in the sentence (المتظاهرون), actor of a protest stated otherwise."""
    for t in trigs:
        if t._.rule.pos == "agent":
            return _np_referent(ctx, t.start, sent.end, None)[0]
    return None
