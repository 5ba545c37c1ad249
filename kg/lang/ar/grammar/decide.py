"""Trained decisions over the rules: which trigger is an event, and who the actor and target are.

The rules of :mod:`~kg.lang.ar.grammar.events` stay the candidate generator and become
features: for every trigger of the lexicon in a sentence (recall first), the detector scores
"this is an event that happened" from the words around it, the cues the rules test
(negation, irrealis, demonstratives, a question), what the rules decided and the entities of
the sentence; for every event kept, the role model scores each candidate mention of the
sentence (names, groups, force nouns with their owner, office holders) as actor, target or
neither, from its position, the preposition before it, the clause boundaries in between, its
kind and what the rules chose. The models are :class:`~kg.extract.linear.LinearModel` files
trained by ``kg train extraction`` on the project's annotated corpus (docs/annotation.md).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span

from kg.extract.linear import LinearModel
from kg.extract.model import Draft, Frame, Mention
from kg.extract.roles import choose_place, choose_time, refine_mode
from kg.lang.ar.grammar.clauses import _suppressed
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.grammar.referents import _np_referent
from kg.nlp.extensions import TRIGGERS
from kg.vocab import ACTOR_KINDS

__all__ = ["Candidate", "Decider", "trigger_features", "role_candidates", "role_features"]

#: Role classes of the role model, ``none`` first.
ROLE_CLASSES = ("none", "actor", "target")


@dataclass
class Candidate:
    """One trigger of a sentence, what the rules made of it and its features."""

    trigger: Span
    draft: Draft | None
    features: list[str]
    mentions: list[Mention] = field(default_factory=list)
    role_features: list[list[str]] = field(default_factory=list)


def _bucket(n: int) -> str:
    return str(n) if n <= 3 else "4-5" if n <= 5 else "6-10" if n <= 10 else ">10"


def trigger_features(
    ctx: ArabicContext, sent: Span, trig: Span, draft: Draft | None, earlier: list[Draft]
) -> list[str]:
    """What the detector reads about one trigger (strings; see the module docstring)."""
    doc = ctx.doc
    c = ctx.lex.cue
    rule = trig._.rule
    f = [f"type={rule.event_type}", f"pos={rule.pos}", f"tp={rule.event_type}:{rule.pos}"]
    f.append(f"mode={rule.mode}")
    norms = [t.norm_ for t in trig]
    f += [f"tw={n}" for n in norms]
    f.append(f"def={norms[0].startswith('ال')}")
    for k in (-3, -2, -1, 1, 2, 3):
        i = trig.start + k if k < 0 else trig.end - 1 + k
        if sent.start <= i < sent.end:
            f.append(f"w{k}={doc[i].norm_}")
        else:
            f.append(f"w{k}=<edge>")
    lo, hi = max(sent.start, trig.start - 6), min(sent.end, trig.end + 6)
    f += [f"bw={t.norm_}" for t in doc[lo:hi] if t.is_alpha and not (trig.start <= t.i < trig.end)]
    f += [f"bs={t.norm_}" for t in sent if t.is_alpha]
    before = [doc[j].norm_ for j in range(max(sent.start, trig.start - 4), trig.start)]
    for name in ("negations", "irrealis", "demonstratives", "event_anaphors", "result_markers"):
        if any(w in c(name) for w in before):
            f.append(f"cue_before={name}")
    if trig.end < sent.end and doc[trig.end].norm_ in c("demonstratives"):
        f.append("cue_after=demonstratives")
    if any(t.text in ("؟", "?") for t in sent):
        f.append("question")
    reason = _suppressed(ctx, sent, trig, [d for d in earlier if d.trigger.start < trig.start])
    f.append(f"suppressed={(reason or 'no').split(' ')[0]}")
    f.append(f"rule_kept={draft is not None}")
    if draft is not None:
        f.append(f"rule_actor={draft.actor.kind if draft.actor else 'none'}")
        f.append(f"rule_target={draft.target.kind if draft.target else 'none'}")
        f.append(f"rule_framed={draft.frame is not None}")
        f.append(f"tp_kept={rule.event_type}:{rule.pos}")
    kinds = {m.kind for m in ctx.mentions if sent.start <= m.start < sent.end and not m.demonym}
    f += [f"ent={k}" for k in sorted(kinds)]
    actors = [m for m in ctx.mentions if sent.start <= m.start < sent.end and m.kind in ACTOR_KINDS]
    f.append(f"n_actors={_bucket(len(actors))}")
    near = [m for m in actors if abs(m.start - trig.start) <= 5]
    f.append(f"actor_near={bool(near)}")
    f.append(f"len={_bucket(len(sent) // 5)}")
    f.append(f"first={trig.start - sent.start < 3}")
    return f


def role_candidates(ctx: ArabicContext, sent: Span, draft: Draft) -> list[Mention]:
    """The entities of the sentence that could fill a role: one mention per entity and start.

    Every token start is tried as a noun phrase (names, groups, force nouns with an owner,
    office holders, quantified phrases); demonyms count (طائرة تركية: Turkey).
    """
    owner = draft.frame.org if draft.frame else None
    seen: set[tuple[str, int]] = set()
    out: list[Mention] = []
    for i in range(sent.start, sent.end):
        if draft.trigger.start <= i < draft.trigger.end:
            continue
        m, _ = _np_referent(ctx, i, sent.end, owner)
        dm = ctx.mention_at(i)
        if m is None and dm is not None and dm.demonym and dm.start == i:
            m = dm
        if m is None or (m.iri, m.start) in seen:
            continue
        if any(m.iri == o.iri and o.start <= m.start < o.end for o in out):
            continue
        seen.add((m.iri, m.start))
        out.append(m)
    return out


def role_features(
    ctx: ArabicContext, sent: Span, draft: Draft, m: Mention, rules: Draft | None
) -> list[str]:
    """What the role model reads about one candidate of one event."""
    doc = ctx.doc
    c = ctx.lex.cue
    trig = draft.trigger
    after = m.start >= trig.end
    gap = (m.start - trig.end) if after else (trig.start - m.end)
    side = "after" if after else "before"
    f = [f"side={side}", f"dist={_bucket(max(gap, 0))}", f"kind={m.kind}", f"how={m.how}"]
    f += [f"reg={m.registered}", f"demonym={m.demonym}", f"type={draft.event_type}"]
    f.append(f"pos={draft.pos}")
    f.append(f"tp_side={draft.event_type}:{draft.pos}:{side}")
    prev = doc[m.start - 1].norm_ if m.start > sent.start else "<s>"
    if prev in ctx.blocking_preps or prev in c("target_preps") or prev in ctx.owner_markers:
        f.append(f"prep={prev}")
        f.append(f"side_prep={side}:{prev}")
    else:
        f.append("prep=none")
    between = doc[trig.end : m.start] if after else doc[m.end : trig.start]
    if any(t.text in ("،", ",", "؛", ":") for t in between):
        f.append("sep=comma")
    if any(t.norm_ in ctx.compl or t.norm_ in ctx.reporting for t in between):
        f.append("sep=clause")
    if after and gap == 0:
        f.append(f"adjacent_after={draft.pos}")
    if not after and gap <= 1:
        f.append(f"adjacent_before={draft.pos}")
    if draft.frame is not None and draft.frame.speaker is not None:
        if draft.frame.speaker.iri == m.iri:
            f.append("is_speaker")
        if draft.frame.org is not None and draft.frame.org.iri == m.iri:
            f.append("is_speaker_org")
    if rules is not None:
        for role in ("actor", "target", "place"):
            chosen = getattr(rules, role)
            if chosen is not None and chosen.iri == m.iri:
                f.append(f"rule={role}")
                f.append(f"rule_side={role}:{side}")
    first_after = all(
        o.start < trig.end or o.start >= m.start
        for o in ctx.mentions
        if sent.start <= o.start < sent.end
    )
    if after and first_after:
        f.append("first_after")
    return f


@dataclass
class Decider:
    """The trained detector and role model, applied to one sentence's triggers."""

    detector: LinearModel
    roles: LinearModel | None = None
    #: When set, every candidate is passed to it (``kg train`` collects features this way).
    collect: Callable[[Span, Candidate], None] | None = None

    def decide(
        self,
        ctx: ArabicContext,
        sent: Span,
        frames: list[Frame],
        drafts: list[Draft],
        earlier: list[Draft],
    ) -> list[Draft]:
        """The events of ``sent``: the triggers the detector keeps, with their roles."""
        by_start = {d.trigger.start: d for d in drafts}
        cands = []
        for trig in ctx.doc.spans[TRIGGERS]:
            if not sent.start <= trig.start < sent.end:
                continue
            draft = by_start.get(trig.start)
            cands.append(Candidate(trig, draft, trigger_features(ctx, sent, trig, draft, drafts)))
        out: list[Draft] = []
        if not cands:
            return out
        yes = self.detector.classes.index("event")
        probs = self.detector.proba([c.features for c in cands])[:, yes]
        for cand, p in zip(cands, probs, strict=True):
            rules = cand.draft
            draft = rules if rules is not None else _bare_draft(cand.trigger, frames)
            cand.mentions = role_candidates(ctx, sent, draft)
            cand.role_features = [role_features(ctx, sent, draft, m, rules) for m in cand.mentions]
            if self.collect is not None:
                self.collect(sent, cand)
            if p < self.detector.threshold:
                continue
            if self.roles is not None:
                draft = _with_roles(draft, cand, self.roles)
            draft.place = choose_place(ctx, sent, draft)
            draft.time = choose_time(ctx, sent, draft)
            if rules is None:
                doc = ctx.doc
                window = doc[
                    max(sent.start, trig_start(draft) - 6) : min(sent.end, draft.trigger.end + 8)
                ]
                words = (t.norm_ for t in window)
                draft.mode = refine_mode(ctx.lex.mode_cues, words, draft.event_type, draft.mode)
            out.append(draft)
        return out


def trig_start(draft: Draft) -> int:
    """The token where the draft's trigger starts."""
    return draft.trigger.start


def _bare_draft(trig: Span, frames: list[Frame]) -> Draft:
    rule = trig._.rule
    pos = "verb" if rule.pos == "passive" else rule.pos
    frame = next((f for f in reversed(frames) if f.start <= trig.start < f.end), None)
    return Draft(trig, rule.event_type, rule.mode, pos, frame=frame)


def _with_roles(draft: Draft, cand: Candidate, model: LinearModel) -> Draft:
    """``draft`` with the actor and target the role model prefers (None below threshold)."""
    if not cand.mentions:
        draft.actor = draft.target = None
        return draft
    probs = model.proba(cand.role_features)
    a, t = model.classes.index("actor"), model.classes.index("target")
    best: dict[int, tuple[float, Mention | None]] = {
        a: (model.threshold, None),
        t: (model.threshold, None),
    }
    for m, row in zip(cand.mentions, probs, strict=True):
        k = int(row.argmax())
        if k in best and row[k] > best[k][0]:
            best[k] = (float(row[k]), m)
    actor, target = best[a][1], best[t][1]
    if actor is not None and target is not None and actor.iri == target.iri:
        target = None
    draft.actor, draft.target = actor, target
    draft.explicit_subject = actor is not None
    return draft
