"""What an Arabic noun phrase refers to: names, force nouns with owners, groups, office holders."""

from __future__ import annotations

from kg.extract.context import mint_iri
from kg.extract.model import Mention
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.normalize import normalize
from kg.nlp.extensions import TRIGGERS

#: Written forms of a preposition that normalize to a role noun: أمام ("in front of") is
#: امام like إمام ("imam"); only the hamza tells them apart (أمام السفارة).
PREPOSITION_SPELLINGS = frozenset({"أمام"})


def _np_referent(  # noqa: C901 (docs/architecture.md)
    ctx: ArabicContext, i: int, limit: int, owner: Mention | None
) -> tuple[Mention | None, int]:
    """The entity an NP starting at token ``i`` refers to, and the token after the NP head.

    Handles names, force nouns with a pronoun suffix (قواته), force nouns with an owner
    (قوات الجيش، سلاح الجو التابع له، القوات الموالية لحكومة الوفاق).
    """
    doc = ctx.tokens
    if i >= limit:
        return None, i
    m = ctx.mention_at(i)
    if m is not None and not m.demonym:
        return m, m.end
    tok = doc[i]
    n = tok.norm_
    stem = None
    for suf in ctx.pronoun_suffixes:
        if n.endswith(suf) and n[: -len(suf)] in ctx.force:
            stem = n[: -len(suf)]
            break
        if n.endswith(suf) and n[: -len(suf)] + "ه" in ctx.force:
            stem = n[: -len(suf)] + "ه"
            break
    if stem is not None:  # قواته، دفاعاته الجوية، سلاحه الجوي → the owner's unit
        unit = _unit_of(ctx, owner, [stem] + [t.norm_ for t in doc[i + 1 : min(i + 3, limit)]])
        return (_at(unit, i, i + 1, "pronoun") if unit else None), i + 1
    if n in ctx.lex.cue("quantifiers") and i + 1 < limit:
        m, end = _np_referent(ctx, i + 1, limit, owner)
        return (_at(m, i, end, m.how) if m else None), end
    if ctx.lex.group_kind(n) and not (n in ctx.force and _has_owner_after(ctx, i, limit)):
        return _group(ctx, i, limit)
    if (n in ctx.lex.cue("role_nouns") or n in ctx.lex.cue("titles")) and (
        ctx.tokens[i].text not in PREPOSITION_SPELLINGS
    ):
        # الأمين العام للأمم المتحدة (أنطونيو غوتيريش): the person if named, else the body.
        for j in range(i + 1, min(i + 5, limit)):
            m2 = ctx.mention_at(j)
            if m2 is not None and not m2.demonym and m2.kind != "Place":
                after = ctx.mention_at(m2.end)
                if after is not None and after.kind == "Person" and m2.kind != "Person":
                    return after, after.end
                return _at(m2, i, m2.end, "owner"), m2.end
            if ctx.tokens[j].is_punct and ctx.tokens[j].text not in ("«", "»"):
                break
        return _role_holder(ctx, i, limit)
    if n in ctx.force or n == "سلاح":
        # Look a few tokens ahead for an owner: idafa (قوات الجيش), affiliation (التابع له).
        j = i + 1
        head_words = [n]
        while j < min(i + 6, limit):
            t = doc[j]
            m2 = ctx.mention_at(j)
            if m2 is not None and m2.kind == "Place" and _located(ctx, i + 1, m2.start):
                return _stationed(ctx, i, m2.end), m2.end  # الوحدات الأمنية بسوسة
            if m2 is not None:  # قوات الجيش / القوات الإسرائيلية: a named or demonym owner
                unit = _unit_of(ctx, m2, head_words)
                return _at(unit or m2, i, m2.end, "owner"), m2.end
            if t.norm_ in ctx.affiliated:
                j += 1
                continue
            if t.norm_ in ctx.owner_markers and t.norm_ != "ل":
                unit = _unit_of(ctx, owner, head_words)
                return (_at(unit, i, j + 1, "pronoun") if unit else None), j + 1
            if t.is_punct and t.text not in ("«", "»", '"'):
                break
            if t.text in ("«", "»", '"') or t.norm_ == "ل":
                j += 1
                continue
            head_words.append(t.norm_)
            j += 1
    # دبابات روسية، الرئيس الإيراني: a common noun owned by the state its demonym names
    for j in (i + 1, i + 2):
        dm = ctx.mention_at(j)
        if (
            j < limit
            and dm is not None
            and dm.demonym
            and tok.is_alpha
            and not _function_word(ctx, n)
        ):
            if j == i + 2 and not doc[i + 1].norm_.startswith("ال") == n.startswith("ال"):
                break
            return _at(dm, i, dm.end, "owner"), dm.end
    return None, i


#: Prepositions that place a unit somewhere: الحرس الوطني بقبلي، الشرطة في صفاقس.
_LOCATIVES = frozenset({"ب", "في"})


def _located(ctx: ArabicContext, start: int, place: int) -> bool:
    """A locative preposition, then only place nouns (بمدينة، بولاية), right before ``place``."""
    k = place - 1
    heads = ctx.lex.cue("place_heads")
    while k >= start and ctx.tokens[k].norm_ in heads:
        k -= 1
    return k >= start and ctx.tokens[k].norm_ in _LOCATIVES


def _station_after(ctx: ArabicContext, end: int, limit: int, *, genitive: bool) -> int | None:
    """The end of ``بـ<place>`` after a group phrase ending at ``end``, else None.

    With ``genitive`` (the head has no article, so it can govern one: أعوان أمن بمدينة
    بنزرت) one noun may come between; after a definite head (الطائرات مواقع في سرت) the
    next noun is not its genitive.
    """
    doc = ctx.tokens
    for k in range(end, min(end + (2 if genitive else 1), limit)):
        if doc[k].norm_ in _LOCATIVES:
            j = k + 1
            while j < limit and doc[j].norm_ in ctx.lex.cue("place_heads"):
                j += 1
            m = ctx.mention_at(j) if j < limit else None
            if m is not None and m.kind == "Place" and not m.demonym:
                return m.end
            return None
        if not doc[k].is_alpha or _function_word(ctx, doc[k].norm_) or ctx.mention_at(k):
            return None
    return None


def _stationed(ctx: ArabicContext, i: int, end: int) -> Mention:
    """A force or unit named with the place it serves in (أعوان الأمن بالكاف).

    It is an entity of the article of the force's kind, not the place: a town arrests no one.
    """
    kind = ctx.lex.group_kind(ctx.doc[i].norm_) or "ArmedForce"
    span = ctx.doc[i:end]
    iri = mint_iri(kind, span.text, ctx.article)
    ctx.labels.setdefault(iri, (None, span.text))
    return Mention(i, end, iri, kind, False, how="station")


def _function_word(ctx: ArabicContext, n: str) -> bool:
    return (
        n in ctx.blocking_preps
        or n in ctx.compl
        or n in ctx.reporting
        or n in ctx.lex.cue("negations")
        or n in ctx.lex.cue("copulas")
        or n in ctx.lex.cue("connectives")
    )


def _role_holder(ctx: ArabicContext, i: int, limit: int) -> tuple[Mention | None, int]:
    """محافظ العاصمة، رئيس الوزراء البريطاني: an unnamed office holder, a person of this article.

    A name right after the office (محافظ العاصمة سعد الوادي) is the person itself.
    """
    doc = ctx.doc
    end = i + 1
    while end < min(limit, i + 4):
        t = doc[end]
        m = ctx.mention_at(end)
        if m is not None and m.kind == "Person":
            return m, m.end
        if m is not None and m.demonym:
            end = m.end  # رئيس الوزراء البريطاني
            continue
        if not t.is_alpha or _function_word(ctx, t.norm_):
            break
        if ctx.spans_in(TRIGGERS, end, end + 1):
            break
        if end > i + 1 and not t.norm_.startswith("ال"):
            break  # the office's genitive chain is definite: محافظ العاصمة، نقيب الصيادلة
        end += 1
    if end == i + 1:
        return None, i
    span = doc[i:end]
    iri = mint_iri("Person", span.text, ctx.article)
    ctx.labels.setdefault(iri, (None, span.text))
    return Mention(i, end, iri, "Person", False, how="role"), end


def _has_owner_after(ctx: ArabicContext, i: int, limit: int) -> bool:
    """True when a named owner follows a force noun (قوات الجيش، القوات الموالية ل…)."""
    for j in range(i + 1, min(i + 5, limit)):
        t = ctx.doc[j]
        m = ctx.mention_at(j)
        if m is not None and not m.demonym:
            return True
        if t.norm_ in ctx.affiliated or t.norm_ in ctx.owner_markers or t.text in ("«", "»"):
            continue
        if t.is_punct:
            return False
    return False


def _group(ctx: ArabicContext, i: int, limit: int) -> tuple[Mention | None, int]:
    """An unregistered group actor: head noun (مسلحين، جماعة) plus up to two adjectives."""
    doc = ctx.doc
    head = doc[i]
    kind = ctx.lex.group_kind(head.norm_) or "Group"
    definite = head.norm_.startswith("ال")
    end = i + 1
    while end < min(limit, i + 3):
        t = doc[end]
        n = t.norm_
        dm = ctx.by_token.get(end)
        if not t.is_alpha or (dm is not None and not dm.demonym) or n in ctx.blocking_preps:
            break
        if n in ("او", "و") and end + 1 < limit and ctx.lex.group_kind(doc[end + 1].norm_):
            end += 2
            continue
        if n.startswith("ال") != definite or n in ctx.reporting or n in ctx.compl:
            break
        if not _adjectival(ctx, n) and (dm is None or not dm.demonym):
            break  # مفجرون انتحاريون | سياسيين ; مسلحون | يرتدون: only adjectives extend it
        end += 1
    station = _station_after(ctx, end, limit, genitive=not definite)
    if station is not None:  # أعوان الأمن بمدينة بنزرت: the unit serving there
        return _stationed(ctx, i, station), station
    # مقاتلين من داعش، عناصر من طالبان: members stand for the organisation they belong to
    if end + 1 < limit and doc[end].norm_ == "من":
        org = ctx.mention_at(end + 1)
        if org is not None and not org.demonym and org.kind not in ("Place", "Person"):
            return _at(org, i, org.end, "owner"), org.end
    span = doc[i:end]
    iri = mint_iri(kind, span.text, ctx.article)
    ctx.labels.setdefault(iri, (None, span.text))
    return Mention(i, end, iri, kind, False, how="group"), end


def _adjectival(ctx: ArabicContext, norm: str) -> bool:
    """Nisba adjectives (انتحاريون، مسلحين) may follow a group head; nouns start a new phrase."""
    stem = norm[2:] if norm.startswith("ال") else norm
    return stem.endswith(("يون", "يين", "ي", "يه", "يا")) or stem.startswith(
        ctx.group_adjective_heads
    )


def _at(m: Mention | None, start: int, end: int, how: str) -> Mention | None:
    if m is None:
        return None
    return Mention(start, end, m.iri, m.kind, m.registered, how=how)


def _unit_of(ctx: ArabicContext, owner: Mention | None, head_words: list[str]) -> Mention | None:
    """The registered sub-unit of ``owner`` named by ``head_words`` (سلاح الجو), else the owner."""
    if owner is None:
        return None
    heads = [w for w in head_words if w not in ctx.affiliated and w not in ("ل", "له", "لها")]
    if len(heads) >= 2 or (heads and heads[0] not in ctx.force):
        for entry in ctx.reg.entries.values():
            if owner.iri not in entry.part_of:
                continue
            for lab in (entry.label_ar, *entry.aliases_ar):
                words = normalize(lab or "").split()
                if len(words) >= 2 and words[:2] == [_stem_unit(ctx, h) for h in heads[:2]]:
                    return Mention(owner.start, owner.end, entry.iri, entry.kind, True, how="owner")
    return owner


def _stem_unit(ctx: ArabicContext, word: str) -> str:
    """دفاعاته → دفاعات, الجوي → الجو (adjective of air) for matching unit names."""
    if word == "الجوي" or word == "الجويه":
        return "الجو"
    for suf in ctx.pronoun_suffixes:
        if word.endswith(suf) and len(word) > len(suf) + 2:
            return word[: -len(suf)]
    return word


def merge_appositions(ctx: ArabicContext, mentions: list[Mention]) -> list[Mention]:
    """An office and the name set beside it are one person: رئيس كتلة حركة النهضة، نور الدين البحيري.

    A candidate that starts with a title or role noun (:func:`_np_referent` resolves it to the
    office's body) followed, after at most a comma, by a person's name becomes that person,
    spanning both, as the guideline writes a name with its title.
    """
    doc = ctx.tokens
    out: list[Mention] = []
    skip: set[int] = set()
    for k, m in enumerate(mentions):
        if id(m) in skip:
            continue
        if m.kind == "Person" or doc[m.start].norm_ not in ctx.office_heads:
            out.append(m)
            continue
        # the office's genitive chain: the bodies it is held in (كتلة حركة النهضة بمجلس النواب)
        end, j = m.end, k + 1
        while j < len(mentions) and mentions[j].kind != "Person" and _links(ctx, end, mentions[j]):
            end, j = mentions[j].end, j + 1
        name = mentions[j] if j < len(mentions) else None
        if (
            name is not None
            and name.kind == "Person"
            and (name.start == end or (name.start == end + 1 and doc[end].text in ("،", ",")))
        ):
            out.append(Mention(m.start, name.end, name.iri, "Person", name.registered, how="appos"))
            skip.update(id(x) for x in mentions[k + 1 : j + 1])
            continue
        out.append(m)
    return out


#: Words that link an office to the body it is held in: الناطق باسم، رئيس كتلة … بمجلس.
_OFFICE_LINKS = frozenset({"ب", "ل", "باسم", "في"})


def _links(ctx: ArabicContext, end: int, nxt: Mention) -> bool:
    """``nxt`` continues the noun phrase ending at ``end``: adjacent, or after a linking word."""
    if nxt.start == end:
        return True
    return nxt.start == end + 1 and ctx.tokens[end].norm_ in _OFFICE_LINKS
