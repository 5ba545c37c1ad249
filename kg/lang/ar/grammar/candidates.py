"""Who could fill an event's roles, and what the role model reads about each of them.

:func:`role_candidates` lists the entities of a trigger's sentence that could be its actor
or target: the names and groups the referent rules resolve, demonyms, the phrase in the
trigger's first argument slot and its object slots, a definite noun phrase no rule
resolves, a group with a possessive suffix (حزبه، قواتها), and a common noun of a
participant (رجل، شاب، منفذ، النيابة: ``participant_nouns`` in ``cues.json``).
:func:`role_features` describes one candidate for the role model of
:mod:`~kg.lang.ar.grammar.decide`; :func:`triggers_in` lists the trigger spans of a range.
"""

from __future__ import annotations

from spacy.tokens import Doc, Span

from kg.extract.context import mint_iri
from kg.extract.event_types import EVENT_TYPES
from kg.extract.model import Draft, Mention
from kg.lang.ar.grammar.casualties import casualty_kind
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.grammar.referents import (
    PREPOSITION_SPELLINGS,
    _adjectival,
    _function_word,
    _np_referent,
    merge_appositions,
)
from kg.nlp.extensions import CANDIDATES, TRIGGERS

__all__ = ["role_candidates", "role_features", "triggers_in", "RARE_WORD"]


def _bucket(n: int) -> str:
    return str(n) if n <= 3 else "4-5" if n <= 5 else "6-10" if n <= 10 else ">10"


#: A word seen fewer times than this in ANT (the lexicon's counts) is taken for a name.
RARE_WORD = 20


def triggers_in(ctx: ArabicContext, start: int, end: int) -> list[Span]:
    """The lexicon triggers, then the recall candidates, that start in tokens ``start`` … ``end - 1``."""
    return [*ctx.spans_in(TRIGGERS, start, end), *ctx.spans_in(CANDIDATES, start, end)]


def role_candidates(ctx: ArabicContext, sent: Span, draft: Draft) -> list[Mention]:
    """The entities of the sentence that could fill a role: one mention per entity and start.

    Every token start is tried as a noun phrase (names, groups, force nouns with an owner,
    office holders, quantified phrases); demonyms count (طائرة تركية: Turkey); a definite
    noun phrase no rule resolves (الحزب، النقابة الجهوية) is a candidate of its own, an entity
    of this article if the role model picks it.
    """
    owner = draft.frame.org if draft.frame else None
    seen: set[tuple[str, int]] = set()
    out: list[Mention] = []
    covered: set[int] = set()
    for i in range(sent.start, sent.end):
        if draft.trigger.start <= i < draft.trigger.end:
            continue
        m, end = _np_referent(ctx, i, sent.end, owner)
        dm = ctx.mention_at(i)
        if m is None and dm is not None and dm.demonym and dm.start == i:
            m, end = dm, dm.end
        if m is None and i not in covered:
            m, end = _participant_np(ctx, sent, i, draft)
        if m is None and i not in covered:
            m, end = _definite_np(ctx, sent, i, draft)
        if m is None and i not in covered:
            m, end = _possessed_np(ctx, i)
        if m is None or (m.iri, m.start) in seen:
            continue
        covered.update(range(i, max(end, i + 1)))
        if any(m.iri == o.iri and o.start <= m.start < o.end for o in out):
            continue
        if any(o.how == "station" and o.start < m.start < o.end for o in out):
            continue  # the place in a unit's name (الوحدات الأمنية بسوسة) is no participant
        seen.add((m.iri, m.start))
        out.append(m)
    out = merge_appositions(ctx, out)
    slot = _slot_candidate(ctx, sent, draft, out)
    if slot is not None:
        out = sorted([*out, slot], key=lambda o: o.start)
    objects = _object_candidates(ctx, sent, draft, out)
    agent = _agent_candidate(ctx, sent, draft, [*out, *objects])
    if agent is not None:
        objects.append(agent)
    return sorted([*out, *objects], key=lambda o: o.start) if objects else out


def agent_marker(ctx: ArabicContext, i: int, lo: int) -> int | None:
    """Where the agent marker (من قبل، من طرف، على يد …) right before token ``i`` starts.

    What follows one is a passive's agent, the actor, even after the trigger: اختطافه من
    قبل مسلحين، قتل على يد قناص (``agent_markers`` in ``cues.json``). None when no marker
    ends at ``i`` (tokens before ``lo``, the sentence's start, are not read).
    """
    doc = ctx.doc
    if i - 2 < lo:
        return None
    pair = f"{doc[i - 2].norm_} {doc[i - 1].norm_}"
    return i - 2 if pair in ctx.lex.cue("agent_markers") else None


def states_agent(ctx: ArabicContext, sent: Span, trig: Span, m: Mention) -> bool:
    """``m`` is the agent the trigger's passive names: a marker right after the trigger.

    At most :data:`AGENT_GAP` words stand between the trigger and the agent marker before
    ``m`` (اختطاف الصحفي من قبل مسلحين), none of them another trigger, a relative pronoun,
    a complementizer, a reporting word or a clause break: in «منفذ الاعتداء الذي قتل على يد
    قوات الجيش» the army is the agent of قتل, not of الاعتداء.
    """
    k = agent_marker(ctx, m.start, sent.start)
    if k is None or not 0 <= k - trig.end <= AGENT_GAP:
        return False
    if triggers_in(ctx, trig.end, k):
        return False
    return not any(_clause_word(ctx, t) or t.norm_ in ctx.relatives for t in ctx.doc[trig.end : k])


def _clause_word(ctx: ArabicContext, tok) -> bool:
    """A clause break, a complementizer or a reporting word: a trigger's phrases end there."""
    return tok.text in ctx.breaks or tok.norm_ in ctx.compl or tok.norm_ in ctx.reporting


#: At most this many words between a trigger and the agent marker that states its agent.
AGENT_GAP = 2


def _agent_candidate(
    ctx: ArabicContext, sent: Span, draft: Draft, mentions: list[Mention]
) -> Mention | None:
    """The phrase after an agent marker that follows the trigger, when no candidate is there.

    Looked for within :data:`AGENT_REACH` words of the trigger, no comma or clause word
    between (تم اختطاف الصحفي من قبل مسلحين مجهولين); read by :func:`_phrase_at`
    (``how="agent"``).
    """
    doc = ctx.doc
    for k in range(draft.trigger.end, min(sent.end - 2, draft.trigger.end + AGENT_REACH)):
        tok = doc[k]
        if _clause_word(ctx, tok):
            return None
        if agent_marker(ctx, k + 2, sent.start) == k:
            return _phrase_at(ctx, sent, k + 2, mentions, "agent")
    return None


#: How far after a trigger an agent marker is looked for (:func:`_agent_candidate`).
AGENT_REACH = 8


def _slot_candidate(
    ctx: ArabicContext, sent: Span, draft: Draft, mentions: list[Mention]
) -> Mention | None:
    """The phrase in the trigger's first argument slot, when no candidate is there.

    After a verb, its subject (ودعا الوزير، طالب شحدورة): Arabic puts it right after the
    verb; after a verbal noun, its genitive (دعم الجبهة), when definite or a name (not
    the support verb of هجوم شنه مسلحون). Time words and particles before it are skipped.
    The phrase is read by :func:`_phrase_at`.
    """
    j = _skip_to_slot(ctx, sent, draft.trigger.end)
    return _phrase_at(ctx, sent, j, mentions, "slot", nouns_need_name=draft.pos == "noun")


def _object_candidates(
    ctx: ArabicContext, sent: Span, draft: Draft, mentions: list[Mention]
) -> list[Mention]:
    """The phrases in the trigger's object slots, when no candidate is there.

    A verb's object follows its subject (أغرقت البحرية مركب صيد، دعت السلطات الجماهير);
    a counted object follows the trigger (حجز 5 بنادق); the object of an attack, an arrest
    or a call is also named after على / ضد within :data:`OBJECT_REACH` words of the
    trigger, no comma or clause word between (إطلاق النار على حاجز أمني). Unnamed things and people the referent
    rules do not know, read by :func:`_phrase_at` (``how="object"``); the role model
    decides whether they are the target.
    """
    doc = ctx.doc
    out: list[Mention] = []
    j = _skip_to_slot(ctx, sent, draft.trigger.end)
    subject = next((o for o in mentions if o.start == j), None)
    if j < sent.end and doc[j].like_num and subject is None:
        k = j  # حجز 5 بنادق، إيقاف 3 سيارات: a counted object
    elif draft.pos == "verb" and subject is not None:
        k = _skip_to_slot(ctx, sent, subject.end)
    else:
        k = sent.end
    m = _phrase_at(ctx, sent, k, mentions, "object") if k < sent.end else None
    if m is not None:
        out.append(m)
    preps = ctx.lex.cue("target_preps")
    for k in range(draft.trigger.end, min(sent.end, draft.trigger.end + OBJECT_REACH)):
        tok = doc[k]
        if _clause_word(ctx, tok):
            break
        if tok.norm_ in preps:
            m = _phrase_at(ctx, sent, k + 1, [*mentions, *out], "object")
            if m is not None:
                out.append(m)
            break
    return out


#: How far after a trigger an object after على / ضد is looked for (:func:`_object_candidates`).
OBJECT_REACH = 6


def _skip_to_slot(ctx: ArabicContext, sent: Span, j: int) -> int:
    """The first token from ``j`` that is not a time word or a ``subject_skips`` particle."""
    doc = ctx.doc
    while j < sent.end and (doc[j].norm_ in ctx.lex.cue("subject_skips") or ctx.in_time(doc[j])):
        j += 1
    return j


def _phrase_at(
    ctx: ArabicContext,
    sent: Span,
    j: int,
    mentions: list[Mention],
    how: str,
    *,
    nouns_need_name: bool = False,
) -> Mention | None:
    """The noun phrase starting at token ``j``, when it is a content word no candidate covers.

    The phrase is the head word and up to two words that agree with it in definiteness (or
    one definite genitive after an indefinite head); a number first (7 مجتازين) is kept with
    its noun. In a subject slot a rare word without the article (a name the NER missed:
    fewer than :data:`RARE_WORD` uses in ANT) or an office is a person; an object that is a
    facility (مطارا) is a place of this article; otherwise the group its head names, or a
    group. With ``nouns_need_name``, only a definite head or a name (هجوم شنه مسلحون: after
    a verbal noun, not its support verb). The phrase of an object stops at a word that is
    not a nisba after an indefinite head (3 سيارات اقتربت).
    """
    doc = ctx.doc
    first = j
    if how in ("object", "agent") and j + 1 < sent.end and doc[j].like_num and not doc[j].is_alpha:
        j += 1
    if j >= sent.end or not _slot_word(ctx, doc[j]):
        return None
    if any(o.start <= i < o.end for o in mentions for i in (first, j)) or j in ctx.by_token:
        return None
    head = doc[j].norm_
    if how == "object" and first == j and head in ctx.lex.cue("object_idioms"):
        return None  # على الأقل، على خلفية: a compound preposition, not an object
    freqs = ctx.lex.word_freqs
    definite = head.startswith("ال")
    # a rare word is a name the NER missed in a subject slot, not in an object's (حاجز أمني)
    name = how != "object" and not definite and freqs.get(head, 0) < RARE_WORD
    if name and (_suffixed_known_word(ctx, head) or freqs.get(_bare(head), 0) >= RARE_WORD):
        name = False  # نظيره، مسجدا: a known word with a suffix or the accusative ending
    if nouns_need_name and not (definite or name):
        return None
    starts = {o.start for o in mentions} | set(ctx.by_token)
    end = j + 1
    while end < min(sent.end, j + 3) and _slot_word(ctx, doc[end]) and end not in starts:
        n = doc[end].norm_
        d = n.startswith("ال")
        if name:  # شحدورة الأطراف: a name takes no genitive; only more of the name
            if d or ctx.lex.word_freqs.get(n, 0) >= RARE_WORD:
                break
        elif d != definite and not (not definite and d and end == j + 1):
            break
        elif how == "object" and not (definite or d or _adjectival(ctx, n)):
            break  # 3 سيارات اقتربت: after an indefinite object, only a nisba
        end += 1
        if d and not definite:
            break
    span = doc[first:end]
    kind = ctx.lex.generic_kinds.get(head) or ctx.lex.group_kind(head)
    if kind is None and how == "object" and _bare(head) in ctx.lex.cue("facility_heads"):
        kind = "Place"
    if kind is None:
        kind = "Person" if head in ctx.office_heads or name else "Group"
    iri = mint_iri(kind, span.text, ctx.article)
    ctx.labels.setdefault(iri, (None, span.text))
    return Mention(first, end, iri, kind, False, how=how)


def _bare(norm: str) -> str:
    """``norm`` without the article and the accusative ending (المسجد، مسجدا → مسجد)."""
    if norm.startswith("ال"):
        norm = norm[2:]
    return norm[:-1] if norm.endswith("ا") and len(norm) > 3 else norm


def _slot_word(ctx: ArabicContext, tok) -> bool:
    """A content word that can head a noun phrase (not a particle, number or trigger)."""
    n = tok.norm_
    return (
        tok.is_alpha
        and len(n) > 1
        and tok.text not in PREPOSITION_SPELLINGS
        and not _function_word(ctx, n)
        and n not in ctx.blocking_preps
        and n not in ctx.lex.cue("quantifiers")
        and n not in ctx.lex.cue("demonstratives")
        and n not in ctx.lex.cue("copulas")
        and not triggers_in(ctx, tok.i, tok.i + 1)
    )


def _participant_np(
    ctx: ArabicContext, sent: Span, i: int, draft: Draft
) -> tuple[Mention | None, int]:
    """A common noun of a person or body (رجلا، منفذ الهجوم، النيابة العمومية) as a candidate.

    The head is a ``participant_nouns`` word; the phrase takes up to two more words: after
    a definite head, definite words (النيابة العمومية); after an indefinite head, nisba
    adjectives (عون أمني; not the verb of شاب يبلغ) or one definite genitive, which ends
    it (إدارة المستشفى). It stops at a name, a particle, a preposition and the event's own
    trigger. An entity of this article.
    """
    doc = ctx.doc
    tok = doc[i]
    if not tok.is_alpha or i in ctx.by_token or agent_marker(ctx, i + 1, sent.start) is not None:
        return None, i  # طرف of من طرف الشرطة is the marker, not a party
    kind = ctx.lex.participant_kind(tok.norm_)
    if kind is None:
        return None, i
    definite = tok.norm_.startswith("ال")
    end = i + 1
    while end < min(sent.end, i + 3):
        t = doc[end]
        n = t.norm_
        if not t.is_alpha or end in ctx.by_token or draft.trigger.start <= end < draft.trigger.end:
            break
        if _function_word(ctx, n) or n in ctx.blocking_preps or n in ctx.reporting:
            break
        d = n.startswith("ال")
        if not definite and not d and not _adjectival(ctx, n):
            break  # شاب ليبي, but not شاب يبلغ: after an indefinite head, only a nisba
        if d != definite and not (d and end == i + 1):
            break
        end += 1
        if d and not definite:
            break
    span = doc[i:end]
    iri = mint_iri(kind, span.text, ctx.article)
    ctx.labels.setdefault(iri, (None, span.text))
    return Mention(i, end, iri, kind, False, how="participant"), end


def _possessed_np(ctx: ArabicContext, i: int) -> tuple[Mention | None, int]:
    """A body or group with a possessive suffix (حزبه، قواتها، سكانها، وزارتها) as a candidate.

    The stem is a generic head, a group noun or a participant noun (its ت a written ة:
    وزارتها → وزارة); the suffix ه must be written so (not a ة: الحكومة). An entity of this
    article, named by the word itself: whose party or forces is left to the reader.
    """
    tok = ctx.doc[i]
    n = tok.norm_
    if not tok.is_alpha or i in ctx.by_token:
        return None, i
    lex = ctx.lex
    # the longest suffix written on the word (ctx.pronoun_suffixes is longest first)
    x = next((x for x in ctx.pronoun_suffixes if n.endswith(x) and tok.text.endswith(x)), None)
    if x is None or len(n) - len(x) < 3:
        return None, i
    stem = n[: -len(x)]
    for s in (stem, stem[:-1] + "ه") if stem.endswith("ت") else (stem,):
        kind = lex.generic_kinds.get("ال" + s) or lex.group_kind(s) or lex.participant_kind(s)
        if kind is not None:
            iri = mint_iri(kind, tok.text, ctx.article)
            ctx.labels.setdefault(iri, (None, tok.text))
            return Mention(i, i + 1, iri, kind, False, how="possessed"), i + 1
    return None, i


def _definite_np(
    ctx: ArabicContext, sent: Span, i: int, draft: Draft
) -> tuple[Mention | None, int]:
    """A definite noun (and up to two definite words after it) as an unresolved candidate."""
    doc = ctx.doc
    tok = doc[i]
    n = tok.norm_
    if not (tok.is_alpha and n.startswith("ال") and len(n) > 4) or i in ctx.by_token:
        return None, i
    office = n in ctx.lex.cue("titles")  # الوزير alone: the office holder of this article
    if n in ctx.lex.common_words and n not in ctx.generic and ctx.lex.generic_kinds.get(n) is None:
        if ctx.lex.group_kind(n) is None and not office:
            return None, i
    end = i + 1
    while end < min(sent.end, i + 3):
        t = doc[end]
        if not (t.is_alpha and t.norm_.startswith("ال")) or end in ctx.by_token:
            break
        if _function_word(ctx, t.norm_) or t.norm_ in ctx.blocking_preps:
            break  # إلى normalizes to الي
        if draft.trigger.start <= end < draft.trigger.end:
            break
        end += 1
    span = doc[i:end]
    kind = (
        ctx.lex.generic_kinds.get(n) or ctx.lex.group_kind(n) or ("Person" if office else "Group")
    )
    iri = mint_iri(kind, span.text, ctx.article)
    ctx.labels.setdefault(iri, (None, span.text))
    return Mention(i, end, iri, kind, False, how="np"), end


def role_features(
    ctx: ArabicContext, sent: Span, draft: Draft, m: Mention, rules: Draft | None, rank: int = 0
) -> list[str]:
    """What the role model reads about one candidate of one event.

    ``rank``: how many candidates lie between the trigger and this one, on its side.
    """
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
        o.start < trig.end or o.start >= m.start for o in ctx.mentions_in(sent.start, sent.end)
    )
    if after and first_after:
        f.append("first_after")
    et = EVENT_TYPES[draft.event_type]
    f.append(f"rank={min(rank, 3)}")
    f.append(f"pos_side_rank={draft.pos}:{side}:{min(rank, 3)}")
    if after and rank == 0 and draft.pos == "noun":
        f.append(f"genitive_is={et.noun_genitive}")
    f.append(f"kind_side={m.kind}:{side}")
    f.append(f"verbal={et.needs_actor}:{side}:{min(rank, 2)}")
    if _passive(draft):
        f.append(f"passive_side={side}")
    f += _event_word(ctx, m)
    f += _case_features(doc, m, side, draft)
    f += _clause_cues(ctx, sent, m, after, between)
    # the same cues, for this event type: a protest's actor is before it, an arrest's target after
    f += [f"{draft.event_type}|{x}" for x in f if x.startswith(_BY_TYPE)]
    return f + _word_features(sent, trig, m, side, gap, between, rank)


#: Role features that are also read per event type (:func:`role_features`).
_BY_TYPE = ("side=", "dist=", "kind=", "how=", "reg=", "demonym=", "prep=", "sep=", "adjacent",
            "is_speaker", "rule=", "first_after", "rank=", "toll_before", "resumptive", "event_word",
            "agent_prep", "case=")  # fmt: skip


def _passive(draft: Draft) -> bool:
    """Whether the trigger is a passive verb (the rules' reading, or the lexicon form's)."""
    rule = draft.trigger._.rule
    return bool(draft.passive or (rule is not None and rule.pos == "passive"))


#: Mentions found this way are names: their last letters are the name's, not a case ending.
_NAMED = frozenset({"name", "ner", "alias", "pronoun"})


def noun_case(word: str) -> str | None:
    """The case a common noun's ending shows, when the script shows one.

    A sound masculine plural ends in ون in the nominative (the subject: هاجم مسلحون) and in
    ين in the accusative and genitive (the object, or after a preposition: قتل مسلحين); an
    indefinite noun in the accusative carries the alif of its tanween (اعتقلت شخصا). ``word``
    is a normalized word; short words, definite nouns ending in alif and -يا are left out.

    >>> noun_case("المسلحون"), noun_case("متظاهرين"), noun_case("شخصا"), noun_case("الشرطه")
    ('nom', 'obl', 'acc', None)
    >>> noun_case("بين"), noun_case("الدنيا"), noun_case("ضحايا")
    (None, None, None)
    """
    if len(word) >= 5 and word.endswith("ون"):
        return "nom"
    if len(word) >= 5 and word.endswith("ين"):
        return "obl"
    if len(word) >= 4 and word.endswith("ا") and not word.startswith("ال"):
        return None if word.endswith(("يا", "اا")) else "acc"
    return None


def _case_features(doc: Doc, m: Mention, side: str, draft: Draft) -> list[str]:
    """The case of a common-noun candidate's first word, with its side, trigger and voice.

    After an active verb a nominative is its subject and an accusative its object; after a
    passive the nominative is the one acted on. Names are left out (فلسطين، كندا).
    """
    if m.how in _NAMED or m.kind in ("Place", "State"):
        return []
    case = noun_case(doc[m.start].norm_)
    if case is None:
        return []
    voice = "passive" if _passive(draft) else "active"
    return [f"case={case}", f"case_side={case}:{side}:{draft.pos}:{voice}"]


def _event_word(ctx: ArabicContext, m: Mention) -> list[str]:
    """``event_word`` when the mention starts with a trigger word (السيطرة، الهجوم).

    An event's word is rarely a participant (مقر غرفة عمليات للسيطرة), but it can be what a
    condemnation is about; the role model weighs it per event type.
    """
    return ["event_word"] if triggers_in(ctx, m.start, m.start + 1) else []


def _clause_cues(
    ctx: ArabicContext, sent: Span, m: Mention, after: bool, between: Span
) -> list[str]:
    """Three clause shapes that name a role whatever the words.

    ``toll_before``: a casualty word just before the candidate (مقتل 4 سياح، إصابة 6
    أشخاص): the victims, the target of the attack the toll belongs to. ``resumptive``: after
    the trigger, a verb whose pronoun suffix takes the trigger up (هجوم شنه مسلحون، قصف
    نفذه التحالف): its subject, the candidate, is the event's actor. ``agent_prep``: an
    agent marker just before the candidate (اختطافه من قبل مسلحين: :func:`agent_marker`),
    after the trigger or before it.
    """
    f = []
    doc = ctx.doc
    lo = max(sent.start, m.start - 3)
    if any(casualty_kind(ctx, doc[j]) for j in range(lo, m.start)):
        f.append("toll_before")
    if after and len(between) <= 4 and any(_suffixed_known_word(ctx, t.norm_) for t in between):
        f.append("resumptive")
    if agent_marker(ctx, m.start, sent.start) is not None:
        f.append(f"agent_prep={'after' if after else 'before'}")
    return f


def _suffixed_known_word(ctx: ArabicContext, norm: str) -> bool:
    """A known (trigger or cue) word with a pronoun suffix: شنه، نفذوه، تبناه."""
    common = ctx.lex.common_words
    return any(norm.endswith(x) and norm[: -len(x)] in common for x in ctx.pronoun_suffixes)


def _word_features(
    sent: Span, trig: Span, m: Mention, side: str, gap: int, between: Span, rank: int
) -> list[str]:
    """The words themselves: the mention's head, the two words before it, the words between."""
    doc = sent.doc
    head = doc[m.start].norm_
    prev = doc[m.start - 1].norm_ if m.start > sent.start else "<s>"
    f = [f"head={head}", f"head_side={head}:{side}", f"prev1={prev}:{side}"]
    if m.start - 2 >= sent.start:
        f.append(f"prev2={doc[m.start - 2].norm_}:{side}")
    if gap <= 4:
        f += [f"btw={t.norm_}:{side}" for t in between if t.is_alpha]
    else:
        f.append("btw=far")
    if rank == 0:
        f.append(f"trig_side0={trig[0].norm_}:{side}")
    return f
