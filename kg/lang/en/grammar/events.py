"""Events of English sentences read off the dependency parse.

A verb is a trigger when the lexicon gives it a PLOVER sense for what follows it (particles,
object, prepositional object; else the verb's default sense); a noun trigger ("attack",
"airstrike", "protest") is one when it is used as an event (some only after a light verb:
"held talks", "staged a protest"). What did not happen is no event: negated ("did not
attack"), modal ("could strike"), conditional ("if they attack"), asked, or the content of
another verb ("threatened to attack", "plans to withdraw"). Roles: the subject is the actor
(the "by" agent of a passive), the object or the type's prepositional object the target
("fired on protesters", "met with"), a place after "in/at/near" the place. Casualties
("killing five", "12 people were killed") are the size of the sentence's attack, and an
event of their own only when the sentence states no attack.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.event_types import EVENT_TYPES
from kg.extract.model import Draft, Frame, Mention
from kg.extract.roles import choose_place, choose_time, refine_mode
from kg.lang.en.grammar.context import EnglishContext
from kg.lang.en.grammar.mentions import referent, subject_entity
from kg.lang.en.lexicon import VerbSense
from kg.vocab import QUAD_CLASSES

__all__ = [
    "events_in_sentence",
    "verb_sense",
    "realis",
    "REALIS",
    "INTENT",
    "IRREALIS",
]

_WORD_NUMBERS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "fifteen": 15, "twenty": 20,
    "thirty": 30, "forty": 40, "fifty": 50, "dozen": 12, "dozens": 24, "hundred": 100,
    "hundreds": 200,
}  # fmt: skip


def verb_sense(ctx: EnglishContext, tok: Token) -> VerbSense | None:
    """The PLOVER sense the lexicon gives the verb ``tok`` in its clause, or None."""
    if tok.pos_ != "VERB" or tok.lower_ == "according" or tok.dep_ == "amod":
        return None  # a participle as an adjective ("the occupied West Bank") names a state
    for c in tok.children:
        hit = ctx.phrasal.get(f"{ctx.lemma(tok)} {c.lower_}") if c.dep_ == "prt" else None
        if hit is not None:
            return VerbSense(hit[0], hit[1], (c.lower_,))
    entry = ctx.lex.verbs.get(ctx.lemma(tok))
    if entry is None:
        return None
    preps = {
        c.lower_: c
        for c in tok.children
        if c.dep_ in ("prt", "prep", "dative", "agent") and not _is_time(_pobj(c))
    }
    objs = [c for c in tok.children if c.dep_ in ("dobj", "attr", "oprd")]
    # "provided tons of aid": the measured noun is the object the patterns name
    objs += [
        o
        for c in objs
        for p in c.children
        if p.lower_ == "of"
        for o in p.children
        if o.dep_ == "pobj"
    ]
    objects = {ctx.lemma(c) for c in objs} | {c.lower_ for c in objs}  # lexicon: either form
    verbal = entry.default is not None and not _material(entry.default)
    for sense in entry.patterns:
        if sense.particles and sense.particles[0] not in preps:
            continue
        if sense.event_type is None and (
            not sense.particles or preps[sense.particles[0]].dep_ != "prt"
        ):
            # PETRARCH's "no code" patterns were written against its own double coding ("killed
            # in a blast", "condemned the attack"); only a phrasal verb's particle ("strike
            # down", "call off") changes what the verb means
            continue
        if verbal and sense.event_type is not None and not sense.particles and _material(sense):
            continue  # "denied the attack" is a denial, not an attack (block patterns over-copied)
        if sense.objects and not objects & sense.objects:
            continue
        if sense.prep_objects:
            prep = preps.get(sense.particles[0]) if sense.particles else None
            pobjs = {ctx.lemma(o) for o in prep.children} if prep is not None else set()
            if not pobjs & sense.prep_objects:
                continue
        return sense
    return entry.default


def _material(sense: VerbSense) -> bool:
    return sense.event_type is not None and QUAD_CLASSES[sense.event_type].startswith("Material")


def _is_time(tok: Token | None) -> bool:
    """A time phrase ("on Tuesday" is no particle of the verb)."""
    return tok is not None and tok.ent_type_ in ("DATE", "TIME")


def _negated(ctx: EnglishContext, tok: Token) -> bool:
    for c in tok.children:
        if c.dep_ == "neg" or (c.dep_ == "advmod" and c.lower_ in ctx.negative_advs):
            return True
        if c.dep_ == "det" and c.lower_ in ctx.negative_dets:
            return True
    return False


#: Modals of the future: "X will withdraw" states an intent (PLOVER AGREE or THREATEN).
FUTURE = frozenset({"will", "would", "'ll", "shall", "wo"})
#: Modals of obligation: "X must withdraw", reported, is the speaker's demand (REQUEST).
DEONTIC = frozenset({"must", "should", "ought"})
REALIS, INTENT, OBLIGATION, REFUSAL, IRREALIS = (
    "realis", "intent", "obligation", "refusal", "irrealis"
)  # fmt: skip


def _modals(ctx: EnglishContext, tok: Token) -> set[str]:
    return {c.lower_ for c in tok.children if c.dep_ == "aux" and c.lower_ in ctx.modals}


def realis(ctx: EnglishContext, tok: Token) -> str:
    """Whether the clause of ``tok`` states that something happened (see the module doc).

    :data:`REALIS`; :data:`INTENT` when its actor states it will happen ("will withdraw",
    "is ready to send troops"); else :data:`IRREALIS`.
    """
    node, intent = tok, False
    for _ in range(8):
        modals = _modals(ctx, node)
        if modals and modals <= DEONTIC and node is tok and not _negated(ctx, node):
            return OBLIGATION
        if modals and modals <= FUTURE and node is tok and _negated(ctx, node):
            return REFUSAL  # "will not accept", "would not meet their demands"
        if _negated(ctx, node) or (modals and not modals <= FUTURE):
            return IRREALIS
        intent = intent or bool(modals)
        if any(c.dep_ == "mark" and c.lower_ in ctx.conditional for c in node.children):
            return IRREALIS
        dep, head = node.dep_, node.head
        if head.i == node.i:
            break
        if dep == "xcomp" and ctx.lemma(head) in ctx.intent_heads:
            intent, node = True, head  # "is willing to send"
            continue
        if dep == "xcomp" and ctx.lemma(head) not in ctx.aspectual:
            return IRREALIS  # "threatened to attack", "plans to withdraw"
        if dep in ("advcl", "relcl", "acl") and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in node.children
        ):
            return IRREALIS  # "deployed troops to attack"
        if dep == "pobj" and ctx.lemma(head.head) in ctx.irrealis_nouns:
            return IRREALIS  # "plans for an attack", "the threat of strikes"
        if dep == "pcomp" and (
            head.head.lower_ in ctx.allegation_heads or ctx.lemma(head.head) in ctx.allegation_heads
        ):
            return IRREALIS  # "suspected of planting a bomb": an allegation, not a report
        if dep in ("conj", "xcomp", "aux", "prt") or (
            dep in ("dobj", "pobj", "prep", "compound", "nsubj", "nsubjpass") and node is tok
        ):
            node = head
            continue
        break
    if tok.sent.text.rstrip().endswith("?"):
        return IRREALIS
    return INTENT if intent else REALIS


def _noun_trigger(ctx: EnglishContext, tok: Token) -> tuple[str, str | None, Span] | None:
    if tok.pos_ not in ("NOUN", "PROPN") or tok.i in ctx.by_token:
        return None
    doc = ctx.doc
    if tok.i > 0:
        pair = f"{doc[tok.i - 1].lower_} {ctx.lemma(tok)}"
        if pair in ctx.noun_triggers:
            t, mode = ctx.noun_triggers[pair]
            return t, mode, doc[tok.i - 1 : tok.i + 1]
    hit = ctx.noun_triggers.get(ctx.lemma(tok))
    if hit is None or tok.dep_ in ("compound", "amod", "nmod"):
        return None  # "invasion forces", "attack helicopters": a modifier names no event
    if _background(ctx, tok):
        return None
    head = tok.head
    if (
        tok.dep_ in ("dobj", "pobj", "nsubjpass")
        and ctx.lemma(head) not in ctx.light_verbs
        and verb_sense(ctx, head if tok.dep_ != "pobj" else head.head) is not None
    ):
        return None  # "rejected calls for talks", "accepted their demands": the content
    if ctx.lemma(tok) in ctx.needs_light:
        head = tok.head
        light = tok.dep_ in ("dobj", "nsubjpass") and ctx.lemma(head) in ctx.light_verbs
        outcome = tok.dep_ == "nsubj" and ctx.lemma(head) in ctx.outcome
        if not (light or outcome):
            return None
    return hit[0], hit[1], doc[tok.i : tok.i + 1]


def _background(ctx: EnglishContext, tok: Token) -> bool:
    """An event noun given as background: a mention of an earlier event, not a report.

    "after 12 days of battles", "amid clashes", "in retaliation for an air raid".
    """
    node = tok
    for _ in range(3):  # through "of": "after 12 days of battles"
        if node.dep_ != "pobj":
            return False
        prep = node.head
        if prep.lower_ in ctx.background_preps or prep.head.lower_ in ctx.background_heads:
            return True
        if prep.lower_ != "of":
            return False
        node = prep.head
    return False


def _child(tok: Token, *deps: str) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _pobj(prep: Token | None) -> Token | None:
    return _child(prep, "pobj") if prep is not None else None


def _subject_token(ctx: EnglishContext, tok: Token) -> Token | None:
    """The subject of ``tok``'s clause, inherited through coordination and aspect verbs."""
    node = tok
    for _ in range(4):
        subj = _child(node, "nsubj", "csubj")
        if subj is not None:
            return subj
        if node.dep_ == "relcl":
            return node.head  # "the militia that attacked": the antecedent
        if node.dep_ == "acl" and ctx.lemma(node.head) in ctx.statement_nouns:
            node = node.head.head  # "issued a declaration demanding": the declaration's author
            continue
        if node.dep_ in ("conj", "xcomp", "advcl") and node.head.i != node.i:
            node = node.head
            continue
        return None
    return None


def _passive(tok: Token) -> bool:
    return any(c.dep_ in ("nsubjpass", "auxpass") for c in tok.children)


def _verb_roles(ctx: EnglishContext, tok: Token, d: Draft) -> None:
    if _passive(tok):
        d.passive = True
        d.target = referent(ctx, _child(tok, "nsubjpass"))
        d.actor = referent(ctx, _pobj(_child(tok, "agent")))
    else:
        subject = _subject_token(ctx, tok)
        d.actor = referent(ctx, subject) or subject_entity(ctx, subject)
        d.explicit_subject = _child(tok, "nsubj") is not None
        d.target = referent(ctx, _child(tok, "dobj", "dative"))
    preps = [c for c in tok.children if c.dep_ == "prep"]
    if d.target is None:
        wanted = ctx.targets_after(d.event_type)
        for p in preps:
            if p.lower_ in wanted:
                d.target = referent(ctx, _pobj(p))
                if d.target is not None:
                    break
    if d.target is not None and d.actor is not None and d.target.iri == d.actor.iri:
        d.target = None  # "withdrew its troops": its own forces are not whom it acts on
    if d.target is None:
        d.target = _target_search(ctx, tok, d)
    obj = _child(tok, "dobj")
    _place_from(
        ctx, d, preps + [c for c in (obj.children if obj is not None else ()) if c.dep_ == "prep"]
    )


#: Dependents searched for a target below the trigger (its object, content clause, phrases).
_TARGET_PATH = ("dobj", "dative", "xcomp", "prep", "attr", "oprd", "pobj", "acomp")


def _target_search(ctx: EnglishContext, tok: Token, d: Draft) -> Mention | None:
    """The first entity below the trigger that its type's prepositions or an object name.

    Breadth first, three levels down: "support Turkey's efforts" (the object's owner),
    "agreed to provide aid for Romania" (a target preposition of the content clause).
    """
    et = EVENT_TYPES[d.event_type]
    wanted = ctx.targets_after(d.event_type)
    path = _TARGET_PATH
    if not et.material or d.event_type in ("AID", "COOPERATE", "RETREAT"):
        wanted = wanted | {"to", "with", "for", "against"}
    if et.against_target or et.target_from:
        # "rallied to demand the resignation of X", "a hunger strike in protest of X"
        wanted = wanted | {"against", "of"}
        path = (*path, "advcl")
    if not et.material:
        for c in tok.children:  # "demanded that the US cancel": whom the demand is made of
            if c.dep_ == "ccomp" and ctx.lemma(c) not in ctx.reporting:
                m = referent(ctx, _child(c, "nsubj", "nsubjpass"))
                if m is not None and not (d.actor is not None and m.iri == d.actor.iri):
                    return m
    queue = [(c, 1) for c in tok.children if c.dep_ in path]
    while queue:
        node, depth = queue.pop(0)
        m = None
        if node.dep_ == "prep" and node.lower_ in wanted:
            m = referent(ctx, _pobj(node))
        elif node.dep_ in ("dobj", "dative", "attr", "oprd") or (
            node.dep_ == "pobj" and node.head.lower_ in wanted
        ):
            m = referent(ctx, node) or _nominal_agent(ctx, node, et.material)
        place_ok = EVENT_TYPES[d.event_type].place_can_be_target
        if (
            m is not None
            and (place_ok or m.kind != "Place")
            and not (d.actor is not None and m.iri == d.actor.iri)
        ):
            return m
        if depth < 3:
            queue += [(c, depth + 1) for c in node.children if c.dep_ in path]
    return None


def _nominal_agent(ctx: EnglishContext, node: Token, material: bool) -> Mention | None:
    """Who an object noun is of or by: "rejected calls by Kofi Annan", "an offer from Kabul"."""
    for c in node.children:
        if c.dep_ in ("poss", "compound", "amod") and ctx.mention_at(c.i):
            return ctx.mention_at(c.i)
    if not material:
        for c in node.children:
            if c.dep_ == "prep" and c.lower_ in ("by", "from", "of"):
                m = referent(ctx, _pobj(c))
                if m is not None:
                    return m
    return None


def _place_from(ctx: EnglishContext, d: Draft, preps: list[Token]) -> None:
    for p in preps:
        if p.lower_ in ctx.place_preps:
            m = referent(ctx, _pobj(p))
            if m is not None and m.kind == "Place":
                d.place = m
                return


def _noun_roles(ctx: EnglishContext, tok: Token, d: Draft) -> None:
    et = EVENT_TYPES[d.event_type]
    for c in tok.children:
        if c.dep_ in ("poss", "compound", "amod") and c.i < tok.i and d.actor is None:
            d.actor = referent(ctx, c)
        elif c.dep_ == "prep" and c.lower_ == "by" and d.actor is None:
            d.actor = referent(ctx, _pobj(c))
        elif c.dep_ == "prep" and (
            c.lower_ in ctx.targets_after(d.event_type)
            or (c.lower_ == "of" and et.noun_genitive == "target")
        ):
            d.target = d.target or referent(ctx, _pobj(c))
    head = tok.head
    if tok.dep_ == "pobj" and head.lower_ == "for" and ctx.lemma(head.head) in ctx.responsibility:
        # "X claimed responsibility for the attack": X is its actor (and claims it)
        d.actor = d.actor or referent(ctx, _subject_token(ctx, head.head.head))
    if tok.dep_ in ("dobj", "nsubjpass") and ctx.lemma(head) in ctx.light_verbs:
        d.actor = d.actor or referent(ctx, _subject_token(ctx, head))  # "X launched an attack on Y"
        _place_from(ctx, d, [c for c in head.children if c.dep_ == "prep"])
    elif tok.dep_ == "nsubj" and ctx.lemma(head) in ctx.outcome:
        d.target = d.target or referent(ctx, _child(head, "dobj"))  # "an airstrike hit X"
        _place_from(ctx, d, [c for c in head.children if c.dep_ == "prep"])
    _place_from(ctx, d, [c for c in tok.children if c.dep_ == "prep"])
    if d.actor is not None and d.actor.demonym is False and d.actor.kind == "Place":
        d.place, d.actor = d.place or d.actor, None


def _number(tok: Token | None) -> int | None:
    if tok is None:
        return None
    text = tok.lower_.replace(",", "")
    if text.isdigit():
        return int(text)
    return _WORD_NUMBERS.get(text)


def _casualties(ctx: EnglishContext, tok: Token) -> tuple[str, int] | None:
    """("killed", 12) for "killing 12 people" or "12 people were killed", else None."""
    field = ctx.casualty.get(ctx.lemma(tok))
    if field is None or tok.pos_ != "VERB":
        return None
    victims = _child(tok, "nsubjpass") if _passive(tok) else _child(tok, "dobj")
    if victims is None:
        return None
    n = _number(victims) if victims.like_num else None
    for c in victims.children:
        if n is None and c.dep_ == "nummod":
            n = _number(c)
            n = n if n is not None else _number(next((g for g in c.children if g.like_num), None))
    return (field, n) if n is not None else None


def _draft(ctx: EnglishContext, tok: Token, frames: list[Frame]) -> Draft | None:
    sense = verb_sense(ctx, tok)
    if sense is not None and ctx.lemma(tok) in ctx.light_verbs:
        obj = _child(tok, "dobj")
        if obj is not None and _noun_trigger(ctx, obj) is not None:
            return None  # "began a hunger strike": the noun is the event, with this subject
    if sense is not None and sense.event_type is None:
        return None  # a use the lexicon says is no event
    if sense is not None:
        d = Draft(ctx.doc[tok.i : tok.i + 1], sense.event_type, sense.mode, "verb")
        _verb_roles(ctx, tok, d)
    else:
        hit = _noun_trigger(ctx, tok)
        if hit is None:
            return None
        d = Draft(hit[2], hit[0], hit[1], "noun")
        _noun_roles(ctx, tok, d)
    status = realis(ctx, tok)
    d.frame = next((f for f in reversed(frames) if f.start <= tok.i < f.end), None)
    if status == OBLIGATION and d.frame is not None and d.frame.speaker is not None:
        # "X said Y must withdraw": X demands it of Y
        subj = d.target if d.passive else d.actor
        d.event_type, d.mode, d.actor, d.target = "REQUEST", None, d.frame.speaker, subj
        status = REALIS
    if status == REFUSAL and QUAD_CLASSES[d.event_type].endswith("Cooperation"):
        d.event_type, d.mode, status = "REJECT", None, REALIS  # PLOVER: refusing to cooperate
    if status in (IRREALIS, OBLIGATION, REFUSAL):
        return None
    if status == INTENT:  # PLOVER codes a stated intent as AGREE (to cooperate) or THREATEN
        cooperative = QUAD_CLASSES[d.event_type].endswith("Cooperation")
        d.event_type, d.mode = ("AGREE" if cooperative else "THREATEN"), None
    if EVENT_TYPES[d.event_type].needs_actor and d.actor is None and d.frame is not None:
        d.actor = d.frame.speaker  # the speaker of a verbal act is its actor
    if d.event_type == "ASSAULT" and d.target is not None and d.target.kind == "Place":
        d.place, d.target = d.place or d.target, None  # "shelled Tripoli": where, not whom
    words = [t.lower_ for t in tok.subtree] + [t.lower_ for t in tok.children]
    d.mode = refine_mode(ctx.lex.mode_cues, words, d.event_type, d.mode)
    return d


def _restates(a: Draft, b: Draft) -> bool:
    """Two triggers of one type that state one event.

    A verb and its event noun, or a verb and the participle that describes it ("protested …,
    chanting slogans").
    """
    if a.pos != b.pos:
        return _same_clause(a, b)
    ta, tb = a.trigger.root, b.trigger.root
    return (tb.head.i == ta.i and tb.dep_ in ("advcl", "conj") and tb.tag_ == "VBG") or (
        ta.head.i == tb.i and ta.dep_ in ("advcl", "conj") and ta.tag_ == "VBG"
    )


def _same_clause(a: Draft, b: Draft) -> bool:
    ta, tb = a.trigger.root, b.trigger.root
    return ta.head.i == tb.i or tb.head.i == ta.i or ta.head.i == tb.head.i


def events_in_sentence(ctx: EnglishContext, sent: Span, frames: list[Frame]) -> list[Draft]:
    """The events ``sent`` states, in order, with their roles and sizes."""
    drafts: list[Draft] = []
    sizes: list[tuple[Token, str, int]] = []
    for tok in sent:
        casualty = _casualties(ctx, tok)
        if casualty is not None:
            sizes.append((tok, *casualty))
        d = _draft(ctx, tok, frames)
        if d is not None:
            drafts.append(d)
    drafts = _merge_restatements(ctx, drafts)
    attacks = [
        d
        for d in drafts
        if d.event_type == "ASSAULT" and ctx.casualty.get(ctx.lemma(d.trigger.root)) is None
    ]
    for tok, field, n in sizes:
        own = next((d for d in drafts if d.trigger.root.i == tok.i), None)
        if own is not None and own.explicit_subject and not own.passive and own.actor is not None:
            own.size[field] = n  # "two suicide bombers killed 23 people": the attack itself
        elif attacks:
            host = min(attacks, key=lambda d: abs(d.trigger.start - tok.i))
            host.size[field] = host.size.get(field, 0) + n
            if own is not None and own is not host:
                drafts.remove(own)
        elif own is not None:
            own.size[field] = n
    for d in drafts:
        if d.place is None:
            d.place = choose_place(ctx, sent, d)
        d.time = choose_time(ctx, sent, d)
        if (
            d.event_type != "ASSAULT"
            and d.target is not None
            and d.actor is not None
            and d.target.iri == d.actor.iri
        ):
            d.target = None
    return [d for d in drafts if not (EVENT_TYPES[d.event_type].needs_actor and d.actor is None)]


def _merge_restatements(ctx: EnglishContext, drafts: list[Draft]) -> list[Draft]:
    """A verb and the event noun of the same type in its clause are one event ("attacked … in an attack")."""
    out: list[Draft] = []
    for d in drafts:
        twin = next(
            (o for o in out if o.event_type == d.event_type and _restates(o, d)),
            None,
        )
        if twin is None:
            out.append(d)
            continue
        if twin.pos == d.pos:  # a verb and its participle: the head states the event
            keep, other = (twin, d) if d.trigger.root.head.i == twin.trigger.root.i else (d, twin)
        else:
            keep, other = (twin, d) if twin.pos == "verb" else (d, twin)
            keep.mode = other.mode or keep.mode  # "carried out air strikes": the noun says how
            if ctx.lemma(keep.trigger.root) in ctx.light_verbs:
                keep.trigger = other.trigger  # the noun names the event, the light verb does not
        keep.actor = keep.actor or other.actor
        keep.target = keep.target or other.target
        keep.place = keep.place or other.place
        if keep is d:
            out[out.index(twin)] = d
    return out
