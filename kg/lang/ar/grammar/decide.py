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

import re
from collections.abc import Callable
from dataclasses import dataclass, field

from spacy.tokens import Span

from kg.extract.event_types import EVENT_TYPES
from kg.extract.linear import LinearModel
from kg.extract.model import Draft, Frame, Mention, same_entity
from kg.extract.roles import choose_place, choose_time, refine_mode
from kg.extract.trees import BlendedModel
from kg.lang.ar.grammar.candidates import _bucket, role_candidates, role_features, triggers_in
from kg.lang.ar.grammar.casualties import _is_casualty, assign_counts, merge_casualties
from kg.lang.ar.grammar.clauses import (
    _suppressed,
    hal_object,
    hal_subject,
    passive_agent,
)
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.grammar.discourse import DISCOURSE_FACTOR, discourse_actor
from kg.lang.ar.grammar.events import _protest_agent
from kg.lang.ar.grammar.referents import _np_referent
from kg.lang.ar.grammar.spans import widen_roles
from kg.lang.ar.normalize import normalize, strip_proclitics
from kg.vocab import ACTOR_KINDS

__all__ = ["Candidate", "Decider", "trigger_features", "role_candidates", "role_features"]
#: ANT sections whose articles report events between actors (the relevance model's view).
NEWS_SECTIONS = ("internationalNews", "localNews", "politic", "society")
_WORD = re.compile(r"[^\W\d_]{3,}")


def article_words(text: str) -> list[str]:
    """What the relevance model reads: ``a=<normalized word>`` for each word of 3+ letters.

    >>> article_words("قصف الجيش قصفا")
    ['a=الجيش', 'a=قصف', 'a=قصفا']
    """
    return sorted({f"a={normalize(w)}" for w in _WORD.findall(text)})


def relevance_features(scores: dict[str, float]) -> list[str]:
    """The detector's view of the article's section: the likeliest one and the news share."""
    top = max(scores, key=scores.__getitem__)
    news = sum(p for s, p in scores.items() if s in NEWS_SECTIONS)
    return [f"sec={top}", f"news={min(int(news * 5), 4)}"]


@dataclass
class Candidate:
    """One trigger of a sentence, what the rules made of it and its features."""

    trigger: Span
    draft: Draft | None
    features: list[str]
    mentions: list[Mention] = field(default_factory=list)
    role_features: list[list[str]] = field(default_factory=list)


def trigger_features(
    ctx: ArabicContext, sent: Span, trig: Span, draft: Draft | None, earlier: list[Draft]
) -> list[str]:
    """What the detector reads about one trigger (strings; see the module docstring)."""
    doc = ctx.tokens
    c = ctx.lex.cue
    rule = trig._.rule
    f = [f"type={rule.event_type}", f"pos={rule.pos}", f"tp={rule.event_type}:{rule.pos}"]
    f.append(f"recall={rule.recall_only}")
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
    words, question, year = ctx.sentence_facts(sent)
    f += words
    before = [doc[j].norm_ for j in range(max(sent.start, trig.start - 4), trig.start)]
    for name in ("negations", "irrealis", "demonstratives", "event_anaphors", "result_markers"):
        if any(w in c(name) for w in before):
            f.append(f"cue_before={name}")
    if trig.end < sent.end and doc[trig.end].norm_ in c("demonstratives"):
        f.append("cue_after=demonstratives")
    if question:
        f.append("question")
    reason = _suppressed(ctx, sent, trig, [d for d in earlier if d.trigger.start < trig.start])
    f.append(f"suppressed={(reason or 'no').split(' ')[0]}")
    f.append(f"rule_kept={draft is not None}")
    if draft is not None:
        f.append(f"rule_actor={draft.actor.kind if draft.actor else 'none'}")
        f.append(f"rule_target={draft.target.kind if draft.target else 'none'}")
        f.append(f"rule_framed={draft.frame is not None}")
        f.append(f"tp_kept={rule.event_type}:{rule.pos}")
        f.append(f"rule_passive={draft.passive}")
    same = [
        t
        for t in triggers_in(ctx, sent.start, trig.start)
        if t._.rule.event_type == rule.event_type
    ]
    if same:
        f.append(f"same_type_before={rule.pos}")
        f.append(f"same_type_before={rule.pos}:{same[-1]._.rule.pos}")
    if any(d.event_type == rule.event_type and d.trigger.start < trig.start for d in earlier):
        f.append(f"same_type_kept_before={rule.pos}")
    in_sent = ctx.mentions_in(sent.start, sent.end)
    kinds = {m.kind for m in in_sent if not m.demonym}
    f += [f"ent={k}" for k in sorted(kinds)]
    actors = [m for m in in_sent if m.kind in ACTOR_KINDS]
    f.append(f"n_actors={_bucket(len(actors))}")
    near = [m for m in actors if abs(m.start - trig.start) <= 5]
    f.append(f"actor_near={bool(near)}")
    f.append(f"len={_bucket(len(sent) // 5)}")
    f.append(f"first={trig.start - sent.start < 3}")
    t0 = norms[0]
    if rule.pos in ("verb", "passive"):
        tense = ctx.lex.verb_tenses.get(t0) or _tense_by_prefix(t0)
        f.append(f"tense={tense}")
        f.append(f"type_tense={rule.event_type}:{tense}")
    f.append(f"type_def={rule.event_type}:{t0.startswith('ال')}")
    # what comes before it in its clause, and whether the article already told of it
    f += [
        f"before={w}"
        for w in [doc[j].norm_ for j in range(max(sent.start, trig.start - 8), trig.start)]
    ]
    if year:
        f.append("year_in_sentence")
    f += _background_cues(ctx, sent, trig)
    # was it told in the sentence before? (the training sentences come with that one only)
    prev_start = doc[sent.start - 1].sent.start if sent.start > 0 else sent.start
    prior = [t for t in triggers_in(ctx, prev_start, sent.start) if t.end <= sent.start]
    if any(t._.rule.event_type == rule.event_type for t in prior):
        f.append("told_before=type")
    if any(t[0].norm_ == t0 for t in prior):
        f.append("told_before=word")
    conj = ("w-1=", "w1=", "def=", "cue_", "before=", "tense=", "told_before", "bg_")
    return [*f, *(f"{rule.event_type}|{x}" for x in f if x.startswith(conj))]


def _tense_by_prefix(norm: str) -> str:
    """The tense of a verb form the lexicon does not generate (the future سيقصف), by prefix."""
    return "future" if norm.startswith("س") else "imperfect" if norm[:1] in "يتن" else "perfect"


_YEAR = re.compile(r"(?:19|20)\d\d(?!\d)")


def _background_cues(ctx: ArabicContext, sent: Span, trig: Span) -> list[str]:
    """What marks a mention as a past event recalled, not news (docs/annotation.md, status).

    A recall word earlier in the sentence (يذكر أن، للتذكير، سبق أن، منذ; each word and the
    class), the pluperfect (وكان التنظيم قد تبنى: a form of كان, then قد before the trigger),
    a year written near the trigger (في 26 أكتوبر 1995، مارس2016), a past or future time
    word near it (الأسبوع الفارط، يوم 8 ديسمبر القادم), a plan word before it (يخطط لهجوم),
    a noun naming its doer or victims before it (منفذ هجوم برلين، ضحايا الهجوم) and a
    relative pronoun after it (الهجوم الذي وقع قرب البرلمان): cues of a past, planned or
    already known event; the detector weighs them.
    """
    doc = ctx.tokens
    markers = ctx.lex.cue("background_markers")
    before = [doc[j].norm_ for j in range(sent.start, trig.start)]
    found = [w for w in before if w in markers]
    f = [f"bg_word={w}" for w in found]
    if found:
        f.append("bg_marker")
    window = before[-10:]
    copula = next((k for k, w in enumerate(window) if w in _KANA), None)
    if copula is not None and "قد" in window[copula + 1 :]:
        f.append("bg_pluperfect")
    lo, hi = max(sent.start, trig.start - 8), min(sent.end, trig.end + 8)
    if any(_YEAR.search(doc[j].text) for j in range(lo, hi)):
        f.append("bg_year_near")
    near = {doc[j].norm_ for j in range(lo, hi)}
    if near & ctx.lex.cue("past_time"):
        f.append("bg_past_time")
    if near & ctx.lex.cue("future_time"):
        f.append("bg_future_time")
    if any(w.startswith(ctx.plan_heads) for w in before[-5:]):
        f.append("bg_plan_before")
    if before and before[-1] in ctx.lex.cue("agents_of_event"):
        f.append("bg_agent_noun")  # منفذ هجوم مانشستر: the attack names who did it
    # what an opinion verb (اعتبر، وصف) says: blame (فاشلة، جريمة، انتهاك) makes it an accusation
    ahead = (strip_proclitics(doc[j].norm_, article=True) for j in range(trig.end, hi))
    if any(w.startswith(ctx.blame_heads) for w in ahead):
        f.append("bg_blame_after")
    for t in doc[trig.end : min(sent.end, trig.end + 3)]:
        if t.is_punct:
            break
        if t.norm_ in ctx.relatives:
            f.append("bg_relative_after")  # الهجوم الذي وقع في …: an event described as known
            break
    return f


_KANA = frozenset(("كان", "كانت", "كانوا", "وكان", "وكانت"))


@dataclass
class Decider:
    """The trained detector and role model, applied to one sentence's triggers."""

    detector: LinearModel | BlendedModel
    roles: LinearModel | None = None
    #: The article relevance model (ANT sections); its output is a feature of the detector.
    relevance: LinearModel | None = None
    #: When set, every candidate is passed to it (``kg train`` collects features this way).
    collect: Callable[[Span, Candidate], None] | None = None
    #: Where the rules found an actor (or a target), keep it; the model fills the others.
    #: On the corpus dev split this costs 0.01 event F1; on up_arabic_dev it gains 0.12 actor
    #: and 0.16 target overlap, on the seed 0.07 F1 (docs/extraction.md).
    keep_rule_roles: bool = True

    def _section(self, ctx: ArabicContext) -> list[str]:
        """The relevance features of the article (computed once per article)."""
        if self.relevance is None:
            return []
        if ctx.section_features is None:
            probs = self.relevance.proba([article_words(ctx.doc.text)])[0]
            scores = dict(zip(self.relevance.classes, map(float, probs), strict=True))
            ctx.section_features = relevance_features(scores)
        return ctx.section_features

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
        section = self._section(ctx)
        cands = []
        spans = triggers_in(ctx, sent.start, sent.end)
        for trig in sorted(spans, key=lambda t: t.start):
            draft = by_start.get(trig.start)
            features = trigger_features(ctx, sent, trig, draft, drafts) + section
            cands.append(Candidate(trig, draft, features))
        out: list[Draft] = []
        if not cands:
            return out
        yes = self.detector.classes.index("event")
        probs = self.detector.proba([c.features for c in cands])[:, yes]
        per_type = self.detector.meta.get("type_thresholds", {})
        for cand, p in zip(cands, probs, strict=True):
            rules = cand.draft
            keep = p >= per_type.get(cand.trigger._.rule.event_type, self.detector.threshold)
            if not keep and self.collect is None:
                continue  # the role features of a rejected candidate are needed in training only
            draft = rules if rules is not None else _bare_draft(cand.trigger, frames)
            cand.mentions = role_candidates(ctx, sent, draft)
            cand.role_features = [
                role_features(ctx, sent, draft, m, rules, _rank(cand.mentions, m, draft))
                for m in cand.mentions
            ]
            if self.collect is not None:
                self.collect(sent, cand)
            if not keep:
                continue
            draft.score = float(p)
            told = _restates(draft, out)
            if told is not None:  # one event: what the restating noun adds fills its gaps
                if self.roles is not None:
                    draft = _with_roles(ctx, draft, cand, self.roles)
                told.actor = told.actor or draft.actor
                told.target = told.target or draft.target
                if same_entity(told.actor, told.target):
                    told.target = None
                continue
            if self.roles is not None:
                kept = (draft.actor, draft.target) if rules is not None else (None, None)
                draft = _with_roles(ctx, draft, cand, self.roles)
                if self.keep_rule_roles:
                    _keep_rule_roles(draft, *kept)
                    _named_office_holders(draft, cand.mentions)
                passive_agent(ctx, sent, draft, cand.mentions)
            _complete(ctx, sent, draft, earlier, out, mode=rules is None)
            _drop_news_outlets(ctx, draft)
            out.append(draft)
        out = merge_adjacent(ctx, out)
        out = merge_casualties(ctx, out)
        assign_counts(ctx, sent, out)
        widen_roles(ctx, sent, out)
        return out


def _complete(
    ctx: ArabicContext,
    sent: Span,
    draft: Draft,
    earlier: list[Draft],
    kept: list[Draft],
    *,
    mode: bool,
) -> None:
    """After the roles: the actors the role model cannot see, place, time, and the mode."""
    agent = _agent_actor(ctx, sent, draft) or hal_subject(ctx, sent, draft, kept)
    if agent is None:
        hal_object(ctx, sent, draft)
    if agent is not None:
        draft.actor, draft.explicit_subject = agent, True
        if same_entity(draft.target, agent):
            draft.target = None
    subject = discourse_actor(ctx, sent, draft, earlier, kept)
    if subject is not None:
        draft.actor = subject
        draft.score *= DISCOURSE_FACTOR
    draft.place = choose_place(ctx, sent, draft)
    draft.time = choose_time(ctx, sent, draft)
    if mode:  # a draft of the rules has its mode; a bare candidate reads it from its window
        window = ctx.doc[
            max(sent.start, draft.trigger.start - 6) : min(sent.end, draft.trigger.end + 8)
        ]
        words = (t.norm_ for t in window)
        draft.mode = refine_mode(ctx.lex.mode_cues, words, draft.event_type, draft.mode)


def _agent_actor(ctx: ArabicContext, sent: Span, draft: Draft) -> Mention | None:
    """The group an agent noun names, actor of its own event (المتظاهرون: the protesters).

    An agent trigger is its own actor, whatever the role model prefers; for the types whose
    actor an agent noun of the sentence names (``actor_from_agent_nouns``), that group fills
    an empty actor, as the rules do. Role candidates never include the trigger's own words.
    """
    owner = draft.frame.org if draft.frame else None
    rule = draft.trigger._.rule
    if rule is not None and rule.pos == "agent":
        return _np_referent(ctx, draft.trigger.start, sent.end, owner)[0]
    if draft.actor is not None or not EVENT_TYPES[draft.event_type].actor_from_agent_nouns:
        return None
    others = [
        t
        for t in triggers_in(ctx, sent.start, sent.end)
        if t.label_ == draft.event_type and t != draft.trigger
    ]
    return _protest_agent(ctx, sent, others)


#: Words between two triggers that make them two acts (قصف واشتباكات، اعتقال ثم تعذيب).
_CONJUNCTIONS = frozenset({"و", "ف", "ثم", "او", "أو"})


def merge_adjacent(ctx: ArabicContext, drafts: list[Draft]) -> list[Draft]:
    """Drafts of one type whose triggers touch are one act told by several words.

    عبوة ناسفة انفجرت، انفجار سيارة مفخخة، هجوم بعبوات ناسفة، استهدف تفجيران انتحاريان
    (:func:`_touching`). The earlier draft hosts, unless it is a verb followed by a noun:
    then the noun names the act and the verb says what it did (استهدف تفجيران مركزين). The
    host keeps its roles; the other's fill the empty ones, and the higher score stays.
    Casualty words are left to :func:`merge_casualties`.
    """
    out: list[Draft] = []
    for d in sorted(drafts, key=lambda x: x.trigger.start):
        prev = out[-1] if out else None
        if prev is None or not _touching(ctx, prev, d):
            out.append(d)
            continue
        host, other = (d, prev) if prev.pos == "verb" and d.pos == "noun" else (prev, d)
        if not same_entity(other.actor, host.target):
            host.actor = host.actor or other.actor
        if not same_entity(other.target, host.actor):
            host.target = host.target or other.target
        host.place = host.place or other.place
        host.time = host.time or other.time
        if host.score is not None and other.score is not None:
            host.score = max(host.score, other.score)
        out[-1] = host
    return out


def _touching(ctx: ArabicContext, a: Draft, b: Draft) -> bool:
    """``b`` continues ``a``'s words: same type, at most one word between them.

    The word between may be ب (هجوم بعبوات) or a content word (عبوة ناسفة انفجرت), not
    punctuation, a conjunction or another preposition (الهجوم بعد إطلاق النار: two acts).
    A definite noun is no construct head, so a noun right after it starts a new phrase
    (أعقب الانفجار إطلاق عيارات: two acts). Casualty words never touch.
    """
    doc = ctx.doc
    if a.event_type != b.event_type or b.trigger.start < a.trigger.end:
        return False
    if _is_casualty(ctx, a) or _is_casualty(ctx, b):
        return False
    gap = doc[a.trigger.end : b.trigger.start]
    if len(gap) > 1:
        return False
    for t in gap:
        if t.is_punct or t.norm_ in _CONJUNCTIONS:
            return False
        if t.norm_ in ctx.blocking_preps and t.norm_ != "ب":
            return False
    last = doc[a.trigger.end - 1].norm_
    return not (not gap and a.pos == "noun" and b.pos == "noun" and last.startswith("ال"))


def _restates(draft: Draft, kept: list[Draft]) -> Draft | None:
    """The kept event of its type a verbal noun restates, for the types that say so.

    تظاهر الطلاب احتجاجا على …: one protest, told by its verb (the rule of
    :mod:`~kg.lang.ar.grammar.events` for ``noun_restates_event`` types).
    """
    if draft.pos == "noun" and EVENT_TYPES[draft.event_type].noun_restates_event:
        return next((k for k in reversed(kept) if k.event_type == draft.event_type), None)
    return None


def _keep_rule_roles(draft: Draft, actor: Mention | None, target: Mention | None) -> None:
    """The rules' actor and target where they found one; the model's where they did not.

    A role the model fills may not be the entity the rules gave the other role (the victim
    of a passive قتل is not its actor).
    """
    if actor is not None:
        draft.actor = actor
        if same_entity(draft.target, actor) and target is None:
            draft.target = None
    if target is not None:
        draft.target = target
        if same_entity(draft.actor, target) and actor is None:
            draft.actor = None
    draft.explicit_subject = draft.actor is not None


def _named_office_holders(draft: Draft, mentions: list[Mention]) -> None:
    """A rule role that is an office named beside its holder becomes that person.

    The rules resolve an office to the body it is held in (الناطق الرسمي باسم الجبهة
    الشعبية → the Front); when the person's name follows it (، حمة الهمامي), the role
    candidates hold office and name as one person (``merge_appositions``): the person said
    or did it, as the guideline writes the actor.
    """
    for role in ("actor", "target"):
        m = getattr(draft, role)
        if m is None or m.kind == "Person":
            continue
        person = next(
            (p for p in mentions if p.how == "appos" and p.start <= m.start < p.end), None
        )
        if person is not None:
            setattr(draft, role, person)
    if same_entity(draft.actor, draft.target):
        draft.target = None


def _news_outlet(ctx: ArabicContext, m: Mention | None) -> bool:
    """``m`` is a news outlet named where the report comes from, not a participant.

    في تصريح لمراسل الجوهرة أف أم، علمت إذاعة موزاييك: an outlet (a ``media_heads`` word first,
    or FM written اف ام) with a ``media_source_cues`` word (a statement, a correspondent, a
    reporting verb) among the four words before it.
    """
    if m is None:
        return False
    doc = ctx.doc
    words = [t.norm_ for t in doc[m.start : m.end] if not t.is_punct]
    heads = ctx.lex.cue("media_heads")
    if not words:
        return False
    outlet = (
        words[0] in heads
        or " ".join(words[:2]) in heads
        or (m.start > 0 and doc[m.start - 1].norm_ in heads)  # إذاعة + the name the NER found
        or any(a in ("اف", "أف") and b == "ام" for a, b in zip(words, words[1:], strict=False))
    )
    if not outlet:
        return False
    cues = ctx.lex.cue("media_source_cues")
    return any(doc[k].norm_ in cues for k in range(max(0, m.start - 4), m.start))


def _drop_news_outlets(ctx: ArabicContext, draft: Draft) -> None:
    """No actor or target that is the outlet a statement was given to (:func:`_news_outlet`)."""
    if _news_outlet(ctx, draft.actor):
        draft.actor = None
        draft.explicit_subject = False
    if _news_outlet(ctx, draft.target):
        draft.target = None


def _rank(mentions: list[Mention], m: Mention, draft: Draft) -> int:
    """How many of ``mentions`` lie between the trigger and ``m``, on ``m``'s side."""
    t = draft.trigger
    if m.start >= t.end:
        return sum(1 for o in mentions if t.end <= o.start < m.start)
    return sum(1 for o in mentions if m.end <= o.start < t.start)


def _located(ctx: ArabicContext, m: Mention) -> bool:
    """A place right after a place preposition, ب or a place noun (في سوسة، بالمنستير، ولاية المهدية)."""
    if m.kind != "Place" or m.start == 0:
        return False
    prev = ctx.doc[m.start - 1].norm_
    c = ctx.lex.cue
    return prev == "ب" or prev in c("place_preps") or prev in c("place_heads")


def _bare_draft(trig: Span, frames: list[Frame]) -> Draft:
    rule = trig._.rule
    pos = "verb" if rule.pos == "passive" else rule.pos
    frame = next((f for f in reversed(frames) if f.start <= trig.start < f.end), None)
    return Draft(trig, rule.event_type, rule.mode, pos, frame=frame)


def _with_roles(ctx: ArabicContext, draft: Draft, cand: Candidate, model: LinearModel) -> Draft:
    """``draft`` with the actor and target the role model prefers.

    For each role, the candidate with the highest probability of it, when that reaches the
    model's threshold; an entity is not both actor and target (the likelier role wins). A
    place named as where something is (في سوسة، بالمنستير، ولاية المهدية: :func:`_located`)
    is not the actor: the unit or the people of the place are.
    """
    draft.actor = draft.target = None
    draft.explicit_subject = False
    if not cand.mentions:
        return draft
    probs = model.proba(cand.role_features)
    a, t = model.classes.index("actor"), model.classes.index("target")
    as_actor = probs[:, a].copy()
    for i, m in enumerate(cand.mentions):
        if _located(ctx, m):
            as_actor[i] = -1.0
    ia, it = int(as_actor.argmax()), int(probs[:, t].argmax())
    actor = cand.mentions[ia] if as_actor[ia] >= model.threshold else None
    target = cand.mentions[it] if probs[it, t] >= model.threshold else None
    if actor is not None and target is not None and same_entity(actor, target):
        if probs[ia, a] >= probs[it, t]:
            target = None
        else:
            actor = None
    draft.actor, draft.target = actor, target
    draft.explicit_subject = actor is not None
    return draft
