"""Mentions of the English grammar: registry and NER names, surnames, agent nouns, generic heads.

:func:`referent` answers "who is this noun phrase?" for a head token: its own mention, the
owner of a force noun ("Haftar's forces", "Turkish drones", "forces loyal to the GNA"), or
the antecedent of a relative pronoun.
"""

from __future__ import annotations

from spacy.tokens import Token

from kg.extract.context import article_countries, mint_iri, reading_by_country
from kg.extract.model import Mention
from kg.lang.en.grammar.context import EnglishContext
from kg.nlp.extensions import DEMONYM, ENTITIES

__all__ = ["register_mentions", "referent", "subject_entity", "NER_KINDS"]

#: spaCy's English NER labels → ontology classes of the entities they introduce.
NER_KINDS = {
    "PERSON": "Person",
    "ORG": "Organization",
    "GPE": "Place",
    "LOC": "Place",
    "FAC": "Place",
}
#: Determiners and possessive markers trimmed off the edges of an NER name.
_EDGE = frozenset({"the", "a", "an", "'s", "’s", "'", "’"})
#: Third-person pronouns and what they can refer to.
PRONOUNS = {
    "he": "Person", "she": "Person", "his": "Person", "her": "Person",
    "it": "body", "its": "body", "they": "body", "their": "body", "we": "body", "our": "body",
}  # fmt: skip


def register_mentions(ctx: EnglishContext) -> None:
    """Gazetteer names, then NER names and their surnames, then agent nouns and generic heads."""
    doc = ctx.doc
    readings = doc._.readings or {}
    countries = article_countries(ctx, readings)
    for span in doc.spans[ENTITIES]:
        iri, label = span.id_, span.label_
        if (span.start, span.end) in readings:
            label, iri = reading_by_country(ctx, readings[(span.start, span.end)], countries)
        if label == DEMONYM:
            entry = ctx.reg.get(iri)
            kind = entry.kind if entry else "State"
            ctx.add(Mention(span.start, span.end, iri, kind, True, demonym=True))
        else:
            ctx.add(Mention(span.start, span.end, iri, label, True))
    persons = _ner_mentions(ctx)
    _surnames(ctx, persons)
    _agent_nouns(ctx)
    _generic_heads(ctx)
    ctx.mentions.sort(key=lambda m: m.start)
    ctx.reindex()


def _ner_mentions(ctx: EnglishContext) -> dict[str, Mention]:
    """Names spaCy's NER finds that the registry does not know; persons by surname."""
    doc = ctx.doc
    persons: dict[str, Mention] = {}
    for ent in doc.ents:
        kind = NER_KINDS.get(ent.label_)
        if ent.label_ == "NORP" and ent.root.pos_ in ("NOUN", "PROPN") and ent.root.dep_ != "amod":
            kind = "Group"  # "ethnic Albanians", "Iraqi Kurds", "Palestinians" as people
        start, end = ent.start, ent.end
        while start < end and (doc[start].lower_ in _EDGE or doc[start].is_punct):
            start += 1
        while end > start and (doc[end - 1].lower_ in _EDGE or doc[end - 1].is_punct):
            end -= 1
        if kind is None or end == start or any(i in ctx.by_token for i in range(start, end)):
            continue
        span = doc[start:end]
        if not any(t.text[:1].isupper() for t in span):
            continue
        known = persons.get(span[-1].lower_) if kind == "Person" and len(span) == 1 else None
        if known is not None:
            ctx.add(Mention(start, end, known.iri, "Person", False, how="alias"))
            continue
        m = ctx.add(
            Mention(start, end, mint_iri(kind, span.text), kind, False, how="ner"), span.text
        )
        if kind == "Person" and len(span) >= 2:
            persons[span[-1].lower_] = m
    return persons


def _surnames(ctx: EnglishContext, persons: dict[str, Mention]) -> None:
    """Later surname-only mentions of unregistered persons the NER left untagged."""
    for tok in ctx.doc:
        person = persons.get(tok.lower_)
        if person is not None and tok.i >= person.end and tok.i not in ctx.by_token:
            if tok.text[:1].isupper():
                ctx.add(Mention(tok.i, tok.i + 1, person.iri, "Person", False, how="alias"))


def _agent_nouns(ctx: EnglishContext) -> None:
    """Unnamed groups: "militants", "protesters", "pro-government gunmen" (one per article)."""
    agents = ctx.lex.agents
    for tok in ctx.doc:
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in ctx.by_token:
            continue
        kind = agents.get(ctx.lemma(tok))
        if kind is None:
            continue
        owners = [ctx.by_token.get(c.i) for c in tok.children if c.dep_ in ("poss", "compound")]
        if any(o is not None and (o.kind != "Place" or o.demonym) for o in owners):
            continue  # "Hamas militants", "the LNA's fighters": the owner is the referent
        if any(c.dep_ == "poss" and c.tag_ == "PRP$" for c in tok.children):
            continue  # "its troops": the owner the pronoun stands for
        if tok.dep_ in ("compound", "appos") or ctx.by_token.get(tok.i + 1) is not None:
            continue  # a title: "President Mario Soares", "army spokesman"
        start = tok.i
        for c in tok.lefts:
            if c.dep_ in ("amod", "compound") and c.i not in ctx.by_token:
                start = min(start, c.left_edge.i)
        label = ctx.doc[start : tok.i + 1].text
        iri = mint_iri(kind, ctx.lemma(tok), ctx.article)
        ctx.add(Mention(tok.i, tok.i + 1, iri, kind, False, how="group"), label)


def _generic_heads(ctx: EnglishContext) -> None:
    """Generic heads ("the army", "the government"): the last registered body of that kind."""
    generic = ctx.lex.generic_heads
    last: dict[str, Mention] = {}
    mentions = sorted(ctx.mentions, key=lambda m: m.start)
    k = 0
    for tok in ctx.doc:
        while k < len(mentions) and mentions[k].start < tok.i:
            m = mentions[k]
            if m.registered and not m.demonym:
                last[m.kind] = m
            k += 1
        kind = generic.get(tok.lower_) or generic.get(ctx.lemma(tok))
        if kind is None or tok.i in ctx.by_token or tok.pos_ != "NOUN":
            continue
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in tok.children):
            continue
        if any(c.dep_ in ("poss", "compound", "amod") for c in tok.children):
            continue  # "the Libyan army": its owner answers for it
        if any(c.dep_ == "prep" and c.lower_ == "of" for c in tok.children):
            continue  # "the government of Libya"
        m = last.get(kind)
        if m is not None:
            ctx.add(Mention(tok.i, tok.i + 1, m.iri, m.kind, True, how="generic"))
        else:
            iri = mint_iri(kind, tok.text, ctx.article)
            ctx.add(Mention(tok.i, tok.i + 1, iri, kind, False, how="generic"), tok.text)


def _owned(ctx: EnglishContext, tok: Token, depth: int) -> Mention | None:
    """The owner a force noun names among its dependents, or None."""
    for c in tok.children:
        if c.dep_ == "amod" and c.lower_ == "led":  # "the Saudi-led coalition"
            for g in c.children:
                if g.i < c.i and ctx.mention_at(g.i) is not None:
                    return ctx.mention_at(g.i)
    # a named modifier before a pronoun: "its European Community partners" → the EC
    modifiers = sorted(
        (c for c in tok.children if c.dep_ in ("poss", "compound", "amod", "nmod") and c.i < tok.i),
        key=lambda c: c.tag_ == "PRP$",
    )
    for c in modifiers:
        m = referent(ctx, c, depth + 1)
        if m is not None:
            return m
    for c in tok.children:
        if c.dep_ == "prep" and c.lower_ in ctx.owner_preps:
            m = _pobj_referent(ctx, c, depth)
            if m is not None:
                return m
        if c.dep_ in ("amod", "acl") and c.lower_ in ctx.owner_adjectives:
            for p in c.children:
                if p.dep_ in ("prep", "agent"):
                    m = _pobj_referent(ctx, p, depth)
                    if m is not None:
                        return m
    return None


def _pobj_referent(ctx: EnglishContext, prep: Token, depth: int) -> Mention | None:
    for o in prep.children:
        if o.dep_ == "pobj":
            return referent(ctx, o, depth + 1)
    return None


def referent(ctx: EnglishContext, tok: Token | None, depth: int = 0) -> Mention | None:
    """The entity the noun phrase headed by ``tok`` refers to, or None."""
    if tok is None or depth > 3:
        return None
    m = ctx.mention_at(tok.i)
    lemma = ctx.lemma(tok)
    if m is not None and (m.how != "group" or lemma not in ctx.force | ctx.owned_heads):
        return m
    if lemma in ctx.partitives or tok.lower_ in ctx.partitives or tok.like_num:
        of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None:
            return _pobj_referent(ctx, of, depth)  # "a group of Moroccan diplomats"
    if tok.tag_ in ("WDT", "WP") and tok.head.dep_ == "relcl":
        return referent(ctx, tok.head.head, depth + 1)  # "militants who attacked"
    if lemma in ctx.force or tok.lower_ in ctx.force or lemma in ctx.owned_heads:
        owner = _owned(ctx, tok, depth)
        if owner is not None:
            return owner
    if m is not None:
        return m
    if tok.tag_ in ("PRP", "PRP$") and tok.lower_ in PRONOUNS:
        return _antecedent(ctx, tok)
    if tok.pos_ == "NOUN":
        owner = _owned(ctx, tok, depth)  # "the Azerbaijani parliament", "the Jihad movement"
        if owner is not None and (owner.kind != "Place" or owner.demonym):
            return owner
    return None


def _antecedent(ctx: EnglishContext, tok: Token) -> Mention | None:
    """The last entity before a pronoun that it can stand for (a person for he/she)."""
    want = PRONOUNS[tok.lower_]
    for m in reversed(ctx.mentions_in(max(0, tok.i - 120), tok.i)):
        if m.demonym or m.kind == "Place":
            continue
        if (want == "Person") == (m.kind == "Person"):
            return m
    return None


#: NER labels that never head an actor phrase (a subject "Tuesday", "Baghdad", "two").
_NOT_ACTORS = frozenset(
    {"DATE", "TIME", "GPE", "LOC", "FAC", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY"}
)
#: NER labels of a subject name → the class of the entity minted for it.
_NAME_KINDS = {"PERSON": "Person", "ORG": "Organization", "NORP": "Group"}
#: Modifiers a subject phrase keeps before its head.
_PHRASE_LEFT = frozenset({"det", "amod", "compound", "nmod", "nummod", "quantmod"})


def subject_entity(ctx: EnglishContext, tok: Token | None) -> Mention | None:
    """The subject phrase as an entity of its own, when :func:`referent` finds none.

    "Local opposition officials have demanded …", "Leaders of the opposition coalition
    agreed …", "Ethopia has agreed …" (a name the NER missed): the grammatical subject of an event
    verb is its actor even when no registry entry, NER name or agent noun answers for it.
    Only heads that can name an actor qualify: a proper noun that is no date, place or
    number, or a noun of people (an agent noun; a leader, member or official head). The
    phrase is the head with the determiners, modifiers and compounds before it and an "of"
    phrase after it; a name is global, a common noun phrase an entity of this article.
    """
    if tok is None or tok.pos_ not in ("NOUN", "PROPN") or tok.ent_type_ in _NOT_ACTORS:
        return None
    if tok.i in ctx.by_token:
        return None  # a mention referent() chose not to answer with (a place, a force noun)
    lemma = ctx.lemma(tok)
    if tok.pos_ == "PROPN":
        kind = _NAME_KINDS.get(tok.ent_type_, "Group")
    else:
        kind = ctx.lex.agents.get(lemma)
        if kind is None and (lemma in ctx.people_heads or tok.lower_ in ctx.people_heads):
            kind = "Group" if tok.tag_ in ("NNS", "NNPS") else "Person"
        if kind is None:
            return None
    start = min([tok.i, *(c.left_edge.i for c in tok.lefts if c.dep_ in _PHRASE_LEFT)])
    end = tok.i + 1
    of = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        end = of.right_edge.i + 1
    while start < tok.i and ctx.doc[start].lower_ in _EDGE:
        start += 1
    label = ctx.doc[start:end].text
    scope = "" if tok.pos_ == "PROPN" else ctx.article
    iri = mint_iri(kind, label, scope)
    return ctx.add(Mention(start, end, iri, kind, False, how="subject"), label)
