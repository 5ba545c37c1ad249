"""Mentions of the Arabic grammar: registry names, NER names, surnames and generic short forms."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.context import article_countries, mint_iri, reading_by_country
from kg.extract.model import Mention
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.normalize import normalize
from kg.nlp.extensions import DEMONYM, ENTITIES

#: Trained NER labels → ontology classes of the entities they introduce.
NER_KINDS = {"PER": "Person", "ORG": "Organization", "LOC": "Place", "GPE": "Place", "FAC": "Place"}


def _register_mentions(ctx: ArabicContext) -> None:  # noqa: C901 (docs/architecture.md)
    """Mentions from the gazetteer and person finder, then short names and generic heads."""
    doc = ctx.doc
    persons: dict[str, Mention] = {}
    readings = doc._.readings or {}
    context = article_countries(ctx, readings)
    for span in doc.spans[ENTITIES]:
        if (span.start, span.end) in readings:
            label, iri = reading_by_country(ctx, readings[(span.start, span.end)], context)
            span = Span(doc, span.start, span.end, label=label, span_id=iri)
        if span.label_ == DEMONYM:
            entry = ctx.reg.get(span.id_)
            kind = entry.kind if entry else "State"
            ctx.add(Mention(span.start, span.end, span.id_, kind, True, demonym=True))
        elif span.id_:
            ctx.add(Mention(span.start, span.end, span.id_, span.label_, True))
        else:
            iri = mint_iri(span.label_, span.text)
            m = ctx.add(Mention(span.start, span.end, iri, span.label_, False), span.text)
            if span.label_ == "Person" and len(span) >= 2:
                persons[" ".join(t.norm_ for t in span[1:])] = m
                persons[span[-1].norm_] = m
    # Names the trained NER finds and the registry does not know still become entities.
    for ent in doc.ents:
        kind = NER_KINDS.get(ent.label_)
        start, end = ent.start, ent.end
        while start < end and (doc[start].norm_ in ctx.proclitics or doc[start].is_punct):
            start += 1
        while end > start and doc[end - 1].is_punct:
            end -= 1
        if kind is None or end - start == 0 or any(i in ctx.by_token for i in range(start, end)):
            continue
        span = doc[start:end]
        if len(span) == 1 and len(span[0].norm_) < 3:
            continue
        stops = ctx.lex.common_words if len(span) == 1 else ctx.lex.name_breakers
        if any(t.norm_ in stops and not t.is_title for t in span):
            # a trigger or a closed-class word inside (أغارت، قال), or one frequent word alone:
            # not a name; وزارة الداخلية and محمد عبد الله are names
            continue
        known = persons.get(" ".join(t.norm_ for t in span)) if kind == "Person" else None
        if known is not None and known.start < start:
            # a later surname-only mention the NER tagged on its own: the same person
            ctx.add(Mention(start, end, known.iri, "Person", False, how="alias"))
            continue
        m = ctx.add(
            Mention(start, end, mint_iri(kind, span.text), kind, False, how="ner"), span.text
        )
        if kind == "Person" and len(span) >= 2:
            persons[" ".join(t.norm_ for t in span[1:])] = m
            persons[span[-1].norm_] = m
    # Later surname-only mentions of unregistered persons (أبو زيان → علي أبو زيان).
    at: dict[str, list[int]] = {}  # norm → the tokens that have it, in order
    for tok in doc:
        at.setdefault(tok.norm_, []).append(tok.i)
    for key, person in persons.items():
        words = key.split()
        n = len(words)
        for i in at.get(words[0], []) if words else range(len(doc) + 1):
            if i > len(doc) - n:
                break
            if i in ctx.by_token or any(j in ctx.by_token for j in range(i, i + n)):
                continue
            if [t.norm_ for t in doc[i : i + n]] == words and i > person.start:
                ctx.add(Mention(i, i + n, person.iri, "Person", False, how="alias"))
    # Generic short forms: الجيش → the last entity whose label has that head word.
    _resolve_generic_heads(ctx)
    ctx.mentions.sort(key=lambda m: m.start)
    ctx.reindex()


def _label_heads(ctx: ArabicContext, iri: str) -> set[str]:
    entry = ctx.reg.get(iri)
    labels = [entry.label_ar, *entry.aliases_ar] if entry else []
    heads = set()
    for lab in labels:
        if lab:
            first = normalize(lab).split()[0]
            heads.add(first if first.startswith("ال") else "ال" + first)
    return heads


def _resolve_generic_heads(ctx: ArabicContext) -> None:
    doc = ctx.doc
    capital: Mention | None = None
    last: dict[str, Mention] = {}  # label head → the last registered mention before tok
    mentions = sorted(ctx.mentions, key=lambda m: m.start)
    k = 0
    for tok in doc:
        while k < len(mentions) and mentions[k].start < tok.i:
            m = mentions[k]
            if m.registered and not m.demonym:
                last.update(dict.fromkeys(_label_heads(ctx, m.iri), m))
            k += 1
        if tok.i in ctx.by_token:
            continue
        n = tok.norm_
        if n == "العاصمه":
            nxt = ctx.by_token.get(tok.i + 1)
            if nxt is not None and nxt.kind == "Place":
                capital = nxt
                continue
            if capital is not None:
                ctx.add(Mention(tok.i, tok.i + 1, capital.iri, "Place", True, how="generic"))
            continue
        if n not in ctx.generic:
            continue
        m = last.get(n)
        if m is not None:
            ctx.add(Mention(tok.i, tok.i + 1, m.iri, m.kind, True, how="generic"))
        else:
            kind = ctx.lex.generic_kinds.get(n)
            nxt = ctx.by_token.get(tok.i + 1)
            owned = nxt is not None or (
                tok.i + 1 < len(doc) and doc[tok.i + 1].norm_.startswith("ال")
            )
            if kind is not None and not owned:
                # "الحكومة" with no antecedent: this article's government, a node of its own
                iri = mint_iri(kind, tok.text, ctx.article)
                ctx.add(Mention(tok.i, tok.i + 1, iri, kind, False, how="generic"), tok.text)
