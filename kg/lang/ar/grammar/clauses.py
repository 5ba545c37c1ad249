"""Arabic clause structure: subjects (SVO/VSO), objects, passives and what is not a new event."""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.context import mint_iri
from kg.extract.event_types import EVENT_TYPES
from kg.extract.model import Draft, Frame, Mention
from kg.lang.ar.grammar.candidates import _participant_np, states_agent
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.grammar.referents import _adjectival, _np_referent
from kg.nlp.extensions import TRIGGERS
from kg.vocab import ACTOR_KINDS

#: Modes whose verbs, unvocalized, also read as passive (قتل: killed / was killed).
_OUTCOME_MODES = frozenset({"kill"})


def _clause_start(ctx: ArabicContext, sent: Span, i: int) -> int:
    """Token index where the clause containing token ``i`` starts."""
    doc = ctx.doc
    for j in range(i - 1, sent.start - 1, -1):
        n = doc[j].norm_
        if n in ctx.compl or doc[j].text in ("،", ",", "؛", ":") or n in ctx.reporting:
            return j + 1
        if n in ctx.lex.cue("clause_openers"):
            return j + 1
    return sent.start


def _suppressed(ctx: ArabicContext, sent: Span, trig: Span, earlier: list[Draft]) -> str | None:
    doc = ctx.doc
    c = ctx.lex.cue
    before = [doc[j].norm_ for j in range(max(sent.start, trig.start - 3), trig.start)]
    if before and before[-1] in c("demonstratives"):
        return "demonstrative"
    if trig.end < sent.end and doc[trig.end].norm_ in c("demonstratives"):
        return "demonstrative"
    if before and before[-1] in c("negations"):
        return "negated"
    window = [doc[j].norm_ for j in range(max(sent.start, trig.start - 4), trig.start)]
    for a, b in zip(window, window[1:], strict=False):
        if a in c("demonstratives") and b in c("event_anaphors"):
            return "restates an event (هذه العملية …)"
    if earlier and any(w in c("result_markers") for w in window):
        return "outcome of the previous event"
    attempts = tuple(sorted(c("attempt_heads")))
    if any(w in c("irrealis") or w.startswith(attempts) for w in before):
        return "irrealis"
    for other in ctx.spans_in(TRIGGERS, sent.start, trig.start):
        if (
            EVENT_TYPES[other.label_].content_irrealis
            and other.end <= trig.start
            and not any(other.end < f.verb < trig.start for f in ctx.frames.get(sent.start, []))
        ):
            return f"content of {other.label_}"
    return None


def _subject_before(
    ctx: ArabicContext, sent: Span, i: int, owner: Mention | None
) -> Mention | None:
    """SVO subject: an NP between the clause start and token ``i``."""
    start = _clause_start(ctx, sent, i)
    for trig in ctx.spans_in(TRIGGERS, start, i):
        if start <= trig.start and trig.end <= i:  # ``start`` moves on in the loop
            start = trig.end  # what follows an earlier verb is its object, not our subject
    j = start
    while j < i:
        t = ctx.doc[j]
        if t.is_punct or t.is_space or t.norm_ in ctx.lex.cue("subject_skips"):
            j += 1
            continue
        if t.norm_ in ctx.blocking_preps:
            return None
        m, _ = _np_referent(ctx, j, i, owner)
        if m is not None and m.kind != "Place":
            return m
        return None
    return None


def _subject_after(ctx: ArabicContext, sent: Span, i: int, owner: Mention | None) -> Mention | None:
    """VSO subject: an actor NP right after the verb at token ``i - 1`` (titles skipped)."""
    doc = ctx.doc
    j = i
    while j < sent.end and (doc[j].text in ("«", '"') or doc[j].norm_ in ctx.lex.cue("titles")):
        j += 1
    if j >= sent.end or doc[j].norm_ in ctx.blocking_preps:
        return None
    m, _ = _np_referent(ctx, j, sent.end, owner)
    if m is not None and m.kind != "Place":
        return m
    return None


def _object(
    ctx: ArabicContext, sent: Span, p: Draft, owner: Mention | None, start: int | None = None
) -> Mention | None:
    """The target: after على/ضد/ل/مع, or the first actor-like entity in the object NP.

    Read from ``start`` (by default the end of the trigger).
    """
    doc = ctx.doc
    c = ctx.lex.cue
    places_as_targets = EVENT_TYPES[p.event_type].place_can_be_target
    breaks = 0
    j = p.trigger.end if start is None else start
    limit = min(sent.end, j + 14)
    while j < limit:
        t = doc[j]
        n = t.norm_
        if n in ctx.reporting or n in ctx.compl or n in c("relative_pronouns"):
            break
        if j != p.trigger.start and any(s._.rule.verbal for s in ctx.spans_in(TRIGGERS, j, j + 1)):
            break  # the next clause's verb: its object is not ours
        if t.text in ("،", ",", ".", "؛"):
            breaks += 1
            if breaks > 1 or (
                breaks == 1 and p.target is None and j + 1 < limit and doc[j + 1].norm_ == "و"
            ):
                break
            j += 1
            continue
        if n in c("place_preps") and places_as_targets:
            j += 1
            continue
        m, end = _np_referent(ctx, j, limit, owner)
        dm = ctx.mention_at(j)
        if m is None and dm is not None and dm.demonym:
            m, end = dm, dm.end  # طائرة تركية: the object belongs to Turkey
        if m is None and n in c("facility_heads") and j + 1 < limit:
            m = _facility(ctx, j, limit)
            end = m.end if m else j + 1
        if m is not None and m.iri != (p.actor.iri if p.actor else None):
            prev = doc[j - 1].norm_ if j > sent.start else ""
            if j - 2 >= sent.start and prev == "ل" and doc[j - 2].norm_ in c("against_adjectives"):
                return m  # المتظاهرين المناوئين للحكومة: the protest's target
            if (
                m.kind == "Place"
                and m.how != "facility"
                and doc[m.start].norm_ not in c("facility_heads")
            ):
                if prev in c("target_preps") and places_as_targets:
                    return m
                j = max(end, j + 1)
                continue
            return m
        j = max(end, j + 1)
    return None


def _after_preposition(ctx: ArabicContext, sent: Span, trig: Span) -> bool:
    """A perfect-tense verb form right after a preposition is its verbal noun (بقصف، في هجوم)."""
    if trig.start <= sent.start or ctx.doc[trig.start - 1].norm_ not in ctx.blocking_preps:
        return False
    norm = trig[0].norm_
    tense = ctx.lex.verb_tenses.get(norm) or ("imperfect" if norm[:1] in "يتنس" else "perfect")
    return tense == "perfect"


def _support_agent(
    ctx: ArabicContext, sent: Span, p: Draft, owner: Mention | None
) -> tuple[Mention | None, Mention | None]:
    """Actor and target of a verbal noun that a support verb takes up, if it has one.

    هجوم شنه مسلحون على مسجد، الغارات التي نفذها التحالف، الوقفة التي نظمها الأساتذة: the
    verb (``support_verbs``, perfect tense, a pronoun suffix for the noun) has the event's
    actor as its subject; a phrase after على/ضد that follows the subject is the target.
    Between the noun and the verb only a relative pronoun and adjectives (غارات جوية).
    """
    doc = ctx.doc
    c = ctx.lex.cue
    relatives = ctx.relatives
    j = p.trigger.end
    while j < min(sent.end, p.trigger.end + 3) and not _support_verb(ctx, doc[j].norm_):
        n = doc[j].norm_
        if not doc[j].is_alpha or not (n in relatives or _adjectival(ctx, n)):
            return None, None
        j += 1
    if j >= sent.end or not _support_verb(ctx, doc[j].norm_):
        return None, None
    k = j + 1
    while k < sent.end and (doc[k].norm_ in c("subject_skips") or ctx.in_time(doc[k])):
        k += 1
    if k >= sent.end:
        return None, None
    actor, end = _np_referent(ctx, k, sent.end, owner)
    if actor is None:
        actor, end = _participant_np(ctx, sent, k, p)
    if actor is None or actor.kind == "Place":
        return None, None
    while end < sent.end and ctx.in_time(doc[end]):
        end += 1
    target = None
    if end < sent.end and doc[end].norm_ in c("target_preps"):
        target = _object(ctx, sent, p, owner, start=end + 1)
        if target is not None and target.start != end + 1:
            target = None  # only the phrase the preposition governs
    return actor, target


def _support_verb(ctx: ArabicContext, norm: str) -> bool:
    """A support verb with a pronoun suffix for the event noun: شنه، نفذتها، نظموها."""
    for suffix in ctx.pronoun_suffixes:
        if norm.endswith(suffix) and len(norm) > len(suffix) + 1:
            stem = norm[: -len(suffix)]
            stem = stem[:-1] if stem.endswith("و") else stem  # نفذوه
            stem = stem[:-1] if stem.endswith("ت") and stem[:-1] in ctx.support_verbs else stem
            if stem in ctx.support_verbs:
                return True
    return False


def _facility(ctx: ArabicContext, j: int, limit: int) -> Mention | None:
    """معسكر الحامية، مطار X: a named facility (head + definite name) as a minted Place."""
    doc = ctx.doc
    k = j + 1
    if k < limit and doc[k].norm_.startswith("ال") and doc[k].is_alpha and k not in ctx.by_token:
        span = doc[j : k + 1]
        iri = mint_iri("Place", span.text)
        m = Mention(j, k + 1, iri, "Place", False, how="facility")
        ctx.labels.setdefault(iri, (None, span.text))
        return m
    return None


def _passive_outcome(ctx: ArabicContext, sent: Span, p: Draft, trig: Span) -> bool:
    """True when a killing/injury verb is read as passive: its grammatical subject is the victim.

    Unvocalized قتل is both "killed" and "was killed"; news uses the passive for casualty
    counts: a number or an indefinite noun right after the verb, or a subject before the verb
    followed by no object.
    """
    if trig[0].norm_.startswith(ctx.passive_verb_heads):
        return p.actor is not None  # أُصيب is passive in form: its subject is the casualty
    if p.mode not in _OUTCOME_MODES and not trig[0].norm_.startswith(ctx.outcome_verb_heads):
        return False
    doc = ctx.doc
    nxt = trig.end
    if nxt >= sent.end:
        return p.actor is not None
    t = doc[nxt]
    svo = p.actor is not None and p.actor.end <= trig.start
    if not svo and (
        t.like_num or (t.is_alpha and not t.norm_.startswith("ال") and ctx.lex.group_kind(t.norm_))
    ):
        return True  # قتل 3 أشخاص: a count right after the verb is its (passive) subject
    if svo:
        # "20 مدنيا قتلوا أمس في هجوم": no object follows the verb, only a time, a
        # preposition, a conjunction or the end of the clause
        return (
            t.is_punct
            or t.norm_ in ctx.blocking_preps
            or t.norm_ in ctx.lex.cue("outcome_followers")
            or ctx.time_starts_at(t.idx)
        )
    return False


def _antecedent(ctx: ArabicContext, sent: Span, i: int, owner: Mention | None) -> Mention | None:
    """The noun phrase a descriptive verb refers to (ألف متظاهر|احتجوا): an entity or a group."""
    for j in range(i - 1, max(sent.start, i - 4) - 1, -1):
        m, end = _np_referent(ctx, j, i, owner)
        if m is not None and end >= i - 1 and m.kind != "Place":
            return m
        if ctx.doc[j].is_punct:
            break
    return None


def _indefinite_word(ctx: ArabicContext, tok: Token) -> bool:
    """An indefinite content word (طائرة مسيرة|أغارت): a following verb describes it."""
    n = tok.norm_
    return (
        tok.is_alpha
        and not n.startswith("ال")
        and len(n) > 2
        and tok.i not in ctx.by_token
        and n not in ctx.compl
        and n not in ctx.reporting
        and n not in ctx.blocking_preps
        and n not in ctx.lex.cue("copulas")
        and n not in ctx.lex.cue("negations")
        and n not in ctx.lex.cue("descriptive_stops")
    )


def _has_pronoun_suffix(norm: str) -> bool:
    return norm.endswith(("ته", "تها", "تهم")) or (
        len(norm) > 4 and norm.endswith(("ه", "ها")) and not norm.endswith("يه")
    )


def _governing_subject(
    ctx: ArabicContext, sent: Span, trig: Span, owner: Mention | None
) -> Mention | None:
    """For a verbal noun after واصل/تمكن من/جدد …: the subject of that verb."""
    doc = ctx.doc
    cont = ctx.lex.cue("continuation_verbs")
    ability = tuple(sorted(ctx.lex.cue("ability_heads")))
    for j in range(trig.start - 1, max(sent.start, trig.start - 8) - 1, -1):
        n = doc[j].norm_
        if n in ctx.breaks or n in ctx.compl:
            break
        if n in cont or n.startswith(ability):
            subj = _subject_before(ctx, sent, j, owner)
            if subj is None:
                subj = _subject_after(ctx, sent, j + 1, owner)
            return subj
    return None


def _last_actor(ctx: ArabicContext, sent: Span, i: int, frame: Frame | None) -> Mention | None:
    """The actor mentioned last before token ``i`` in the sentence, not the frame's speaker."""
    speaker = frame.speaker.iri if frame is not None and frame.speaker is not None else None
    for m in sorted(ctx.mentions_in(sent.start, i), key=lambda m: m.start, reverse=True):
        if m.kind in ACTOR_KINDS and m.iri != speaker:
            return m
    return None


#: Endings of an indefinite accusative participle: داعيا، مطالبة (ة → ه)، مطالبين، منددات.
_HAL_ENDINGS = ("ا", "ه", "ين", "ات")


def is_hal(ctx: ArabicContext, sent: Span, draft: Draft) -> bool:
    """The trigger is a circumstantial participle: indefinite, accusative, after a comma."""
    trig = draft.trigger
    word = trig[0].norm_
    return not (
        trig._.rule is None
        or trig._.rule.pos != "participle"
        or trig.start == sent.start
        or word.startswith("ال")
        or not word.endswith(_HAL_ENDINGS)
        or ctx.doc[trig.start - 1].text not in ("،", ",")
    )


def hal_subject(ctx: ArabicContext, sent: Span, draft: Draft, kept: list[Draft]) -> Mention | None:
    """The subject a circumstantial participle (حال) shares with the clause it follows.

    «وأوضح منصر أن …، داعيا إلى …», «وقام المحتجون بغلق الطريق، مطالبين ب…»: an indefinite
    accusative participle after a comma states a second act of the main clause's subject, so
    its actor is the nearer of the reporting frame's speaker and the actor of the last event
    kept before it in the sentence. None when the trigger is no such participle.
    """
    trig = draft.trigger
    if not is_hal(ctx, sent, draft):
        return None
    best, at = None, sent.start - 1
    frame = draft.frame
    if frame is not None and frame.speaker is not None and sent.start <= frame.verb < trig.start:
        best, at = frame.speaker, frame.verb
    for d in kept:
        if d.actor is None or not at < d.trigger.start < trig.start:
            continue
        if states_agent(ctx, sent, d.trigger, d.actor):
            continue  # a passive's agent (اختطافه من قبل مجهولين، داعية …) is not the subject
        best, at = d.actor, d.trigger.start
    return best


def hal_object(ctx: ArabicContext, sent: Span, draft: Draft) -> None:
    """A circumstantial participle's chosen actor after it is its object, the target.

    Its subject is the main clause's, never after it (…، داعيا الحكومة إلى التراجع: the
    government is asked); when the sentence gives none before it, the actor stays empty. In
    the corpus's train split the annotated actor of such a participle is before it 59 times,
    in the context sentence 7, absent 7 and after it 4 (none of the four a participle: دعا
    الوزير …).
    """
    actor = draft.actor
    if actor is not None and actor.start >= draft.trigger.end and is_hal(ctx, sent, draft):
        draft.actor = None
        if draft.target is None:
            draft.target = actor


def passive_agent(ctx: ArabicContext, sent: Span, draft: Draft, mentions: list[Mention]) -> None:
    """The agent a passive names is the actor of a material act (اختطاف الصحفي من قبل مسلحين).

    When a candidate is the agent the trigger's passive names (an agent marker, من قبل، من
    طرف، على يد …, right after the trigger: :func:`states_agent`) and the act is material,
    that candidate is the actor, whatever the role model chose; the actor it chose, if it
    lies between the trigger and the agent (the passive's subject: قتل جندي على يد قناص), is
    the target. A verbal act's trigger is left alone: an agent after it is often a nested
    act's (استنكاره لاستعمال العنف من طرف قوات الأمن: the accused). In the corpus's train
    split, of the 48 agent phrases two words or less after a trigger 41 name its actor, 3 its
    target (all after an accusation) and 4 neither.
    """
    if EVENT_TYPES[draft.event_type].needs_actor:
        return
    trig = draft.trigger
    agent = next((m for m in mentions if states_agent(ctx, sent, trig, m)), None)
    if agent is None or (draft.actor is not None and draft.actor.iri == agent.iri):
        return
    old = draft.actor
    draft.actor = agent
    if draft.target is not None and draft.target.iri == agent.iri:
        draft.target = None
    if draft.target is None and old is not None and trig.end <= old.start < agent.start:
        draft.target = old
