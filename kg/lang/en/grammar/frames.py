"""Reporting frames and appositions of English news: who says what, and who speaks for whom.

A frame is a verb of saying with its speaker ("the GNA said", "Mismari told reporters") over
its complement clause, or "according to X" over its sentence; a pronoun speaker ("he added")
is the speaker of the frame still open. An apposition ("Ahmed al-Mismari, the LNA's
spokesman", "LNA spokesman Ahmed al-Mismari") states a relation.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.model import Frame, Mention
from kg.lang.en.grammar.context import EnglishContext
from kg.lang.en.grammar.mentions import PRONOUNS, referent

__all__ = ["frames", "relations"]


def _subject(tok: Token) -> Token | None:
    for c in tok.children:
        if c.dep_ in ("nsubj", "nsubjpass"):
            return c
    for c in tok.children:
        if c.dep_ == "agent":
            return next((o for o in c.children if o.dep_ == "pobj"), None)
    return None


def _speaker(ctx: EnglishContext, tok: Token, previous: Frame | None) -> Mention | None:
    subj = _subject(tok)
    if subj is None:
        return None
    if subj.lower_ in PRONOUNS and previous is not None and previous.speaker is not None:
        return previous.speaker
    m = referent(ctx, subj)
    if m is not None and (m.kind == "Place" and not ctx.reg.get(m.iri)):
        return None
    return m


def _negated(tok: Token) -> bool:
    return any(c.dep_ == "neg" for c in tok.children)


def frames(ctx: EnglishContext, sent: Span, previous: Frame | None) -> list[Frame]:
    """The reporting frames of ``sent``, in order."""
    out = []
    for tok in sent:
        lemma = ctx.lemma(tok)
        if tok.pos_ == "VERB" and lemma in ctx.reporting and not _negated(tok):
            comps = [c for c in tok.children if c.dep_ in ("ccomp", "parataxis")]
            if not comps and tok.dep_ in ("parataxis", "ccomp") and tok.head.i != tok.i:
                comps = [tok.head]  # "X struck Y, said Z" parsed with the report as a dependent
            if not comps:
                comps = [c for c in tok.children if c.dep_ == "dobj"]  # "announced the capture"
            if not comps:
                continue
            start = min(c.left_edge.i for c in comps)
            end = max(c.right_edge.i for c in comps) + 1
            if comps == [tok.head]:
                start, end = sent.start, sent.end
            speaker = _speaker(ctx, tok, previous)
            out.append(Frame(tok.i, speaker, ctx.org_of(speaker), start, end))
        elif tok.lower_ == "according":
            to = next((c for c in tok.children if c.lower_ == "to"), None)
            obj = next((o for o in to.children if o.dep_ == "pobj"), None) if to else None
            speaker = referent(ctx, obj)
            if speaker is not None:
                out.append(Frame(tok.i, speaker, ctx.org_of(speaker), sent.start, sent.end))
    return out


def _role_relation(ctx: EnglishContext, role: Token) -> str | None:
    lemma = ctx.lemma(role)
    if lemma in ctx.lex.cue("spokesperson_nouns"):
        return "spokespersonOf"
    if lemma in ctx.lex.cue("leader_nouns"):
        return "leads"
    if lemma in ctx.lex.cue("member_nouns"):
        return "memberOf"
    return None


def _org_of_role(ctx: EnglishContext, role: Token, person: Mention) -> Mention | None:
    for c in role.children:
        if c.dep_ in ("poss", "compound", "amod") or (
            c.dep_ == "prep" and c.lower_ in ("of", "for")
        ):
            obj = c if c.dep_ != "prep" else next((o for o in c.children if o.dep_ == "pobj"), None)
            m = referent(ctx, obj)
            if m is not None and m.iri != person.iri and m.kind not in ("Person", "Place"):
                return m
    return None


def relations(ctx: EnglishContext, sent: Span) -> None:
    """The relations appositions and title compounds of ``sent`` state."""
    for m in ctx.mentions_in(sent.start, sent.end):
        if m.kind != "Person":
            continue
        head = ctx.doc[m.end - 1]
        roles = [
            c
            for c in head.children
            if c.dep_ in ("appos", "compound") and c.i not in range(m.start, m.end)
        ]
        if head.dep_ == "appos":
            roles.append(head.head)  # "the LNA spokesman, Ahmed al-Mismari"
        for role in roles:
            pred = _role_relation(ctx, role)
            org = _org_of_role(ctx, role, m) if pred else None
            if org is not None:
                ctx.relations.append((m.iri, pred, org.iri, sent))
                ctx.affiliation.setdefault(m.iri, org.iri)
                break
