"""Role assignment for Arabic news: Doc with entities and triggers → Event and Relation records.

The rules lean on the structure of Arabic news prose, not on one article:

- **reporting frames** (أعلن/قال/أكد … أن/إن, موضحا أن, بحسب X) set ``claimed_by`` to the
  speaker for every event stated in the frame's complement;
- **pronoun subjects** (قواته، دفاعاته الجوية، سلاحه الجوي، التابع لها) refer to the speaker's
  organisation (the one its appositive or the registry affiliates it with);
- **generic short forms** (الجيش، الحكومة، الجامعة، العاصمة) refer to the most recent entity of
  the article whose label they head;
- **word order**: SVO after أن/إن (subject before the verb), VSO otherwise (subject right
  after the verb); verbal nouns take their agent from the governing verb (واصل الجيش استهداف)
  or, for verbal acts (تحذير قوات الجيش), from the genitive; for attacks the genitive is the target;
- **prepositions**: على/ضد mark targets, مع the partner of consultations, في/داخل/قرب places;
- **irrealis**: triggers after a negation, a demonstrative (هذه الضربات), a purpose or
  attempt (بهدف، محاولة), or inside the content of a call or warning are not new events;
- a verb that only describes the previous event (``شن غارات، استهدفت X``) completes it.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field, replace

from spacy.tokens import Doc, Span

from kg import EXTRACTOR_VERSION
from kg.nlp.lexicon import Lexicon
from kg.nlp.normalize import normalize
from kg.nlp.pipeline import ALTERNATIVES, DEMONYM, ENTITIES, TRIGGERS
from kg.nlp.timex import find_times
from kg.types import QUAD_CLASSES, EntityRef, Event, Relation, TextSpan, TimeRef

__all__ = ["extract", "mint_iri"]

ACTOR_KINDS = frozenset(
    {
        "State",
        "Government",
        "ArmedForce",
        "ArmedGroup",
        "Operation",
        "Person",
        "IntergovernmentalOrganization",
        "Organization",
        "Group",
        "Civilians",
    }
)
MILITARY_KINDS = ("ArmedForce", "ArmedGroup", "Government", "State", "Operation")
_BASE = "https://w3id.org/conflict-kg/id/"
_PREPS_BLOCKING_SUBJECT = frozenset(
    {"في", "من", "الي", "علي", "عن", "مع", "ضد", "داخل", "ب", "ل", "ك", "قرب", "بعد", "قبل"}
)
_FOR_OWNER = frozenset({"ل", "له", "لها", "لهم", "باسم"})


#: Trained NER labels → ontology classes of the entities they introduce.
NER_KINDS = {"PER": "Person", "ORG": "Organization", "LOC": "Place", "GPE": "Place", "FAC": "Place"}
_CLITIC_TOKENS = frozenset({"و", "ف", "ب", "ل", "ك"})


def mint_iri(kind: str, label: str, scope: str = "") -> str:
    """A stable IRI for an unregistered entity: same kind and normalized label → same IRI.

    Names (persons, named groups and places) are global, so the same name in two articles is
    one node. Common-noun groups (المتظاهرون، مسلحون، الحكومة without an antecedent) are
    different groups in different articles: pass the article as ``scope``.

    >>> mint_iri("Person", "علي أبو زيان") == mint_iri("Person", "علي ابو زيان")
    True
    >>> mint_iri("Civilians", "المتظاهرون", "a.txt") == mint_iri("Civilians", "المتظاهرون", "b.txt")
    False
    """
    key = f"{kind}|{' '.join(normalize(label).split())}"
    if scope:
        key += f"|{scope}"
    digest = hashlib.sha1(key.encode("utf-8")).hexdigest()[:12]
    folder = "place" if kind == "Place" else "actor"
    return f"{_BASE}{folder}/x-{digest}"


@dataclass
class Mention:
    """An entity mention inside the doc (token offsets) and the entity it refers to."""

    start: int
    end: int
    iri: str
    kind: str
    registered: bool
    demonym: bool = False
    how: str = "name"  # name | alias | pronoun | generic | owner


@dataclass
class Frame:
    """A reporting frame: the speaker and the token range of what is reported."""

    verb: int
    speaker: Mention | None
    org: Mention | None
    start: int
    end: int


@dataclass
class _Proto:
    """An event under construction (token offsets)."""

    trigger: Span
    event_type: str
    mode: str | None
    pos: str
    actor: Mention | None = None
    target: Mention | None = None
    place: Mention | None = None
    time: TimeRef | None = None
    frame: Frame | None = None
    explicit_subject: bool = False
    notes: list[str] = field(default_factory=list)


class _Context:
    """Per-article state: the lexicon, mentions by token, resolved affiliations."""

    def __init__(self, doc: Doc, lex: Lexicon, article: str, pub_date: dt.date | None) -> None:
        self.doc = doc
        self.lex = lex
        self.reg = lex.registry
        self.article = article
        self.pub_date = pub_date
        self.mentions: list[Mention] = []
        self.by_token: dict[int, Mention] = {}
        self.affiliation: dict[str, str] = {}  # entity IRI → organisation IRI
        self.labels: dict[str, tuple[str | None, str | None]] = {}
        self.relations: list[tuple[str, str, str, Span]] = []
        self.last_frame: Frame | None = None
        self.frames: dict[int, list[Frame]] = {}  # sentence start → its reporting frames
        self.last_source: Mention | None = None
        self.times = find_times(doc.text, pub_date)
        c = lex.cue
        self.reporting = c("reporting_verbs")
        self.participles = c("reporting_participles")
        self.compl = c("complementizers")
        self.breaks = c("clause_breaks")
        self.force = c("force_nouns")
        self.generic = c("generic_heads")
        self.affiliated = c("affiliated")

    # -- entities -------------------------------------------------------------------------
    def add(self, m: Mention, label: str | None = None) -> Mention:
        self.mentions.append(m)
        for i in range(m.start, m.end):
            self.by_token.setdefault(i, m)
        if m.iri not in self.labels:
            entry = self.reg.get(m.iri)
            if entry is not None:
                self.labels[m.iri] = (entry.label_en, entry.label_ar)
            else:
                self.labels[m.iri] = (None, label)
        return m

    def kind_of(self, iri: str) -> str:
        entry = self.reg.get(iri)
        return entry.kind if entry is not None else "Organization"

    def ref(self, m: Mention | None) -> EntityRef | None:
        if m is None:
            return None
        span = self.doc[m.start : m.end]
        entry = self.reg.get(m.iri)
        if entry is not None:
            en, ar = entry.label_en, entry.label_ar
        else:
            en, ar = self.labels.get(m.iri, (None, span.text))
        return EntityRef(
            iri=m.iri,
            kind=m.kind,
            label_en=en,
            label_ar=ar,
            text=span.text,
            start=span.start_char,
            end=span.end_char,
            registered=m.registered,
        )

    def mention_at(self, i: int) -> Mention | None:
        return self.by_token.get(i)

    def org_of(self, m: Mention | None) -> Mention | None:
        """The organisation a person speaks for or serves (appositive first, then the registry)."""
        if m is None:
            return None
        iri = self.affiliation.get(m.iri)
        if iri is None:
            entry = self.reg.get(m.iri)
            if entry is not None:
                for group in (entry.spokesperson_of, entry.leads, entry.member_of, entry.part_of):
                    if group:
                        iri = group[0]
                        break
        if iri is None:
            return m if m.kind != "Person" else None
        return Mention(m.start, m.end, iri, self.kind_of(iri), True, how="owner")


def _sentences(doc: Doc) -> list[Span]:
    return [s for s in doc.sents if not all(t.is_space for t in s)]


def _register_mentions(ctx: _Context) -> None:
    """Mentions from the gazetteer and person finder, then short names and generic heads."""
    doc = ctx.doc
    persons: dict[str, Mention] = {}
    readings = doc.user_data.get(ALTERNATIVES, {})
    context = _article_countries(ctx, readings)
    for span in doc.spans[ENTITIES]:
        if (span.start, span.end) in readings:
            label, iri = _by_country(ctx, readings[(span.start, span.end)], context)
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
        while start < end and (doc[start].norm_ in _CLITIC_TOKENS or doc[start].is_punct):
            start += 1
        while end > start and doc[end - 1].is_punct:
            end -= 1
        if kind is None or end - start == 0 or any(i in ctx.by_token for i in range(start, end)):
            continue
        span = doc[start:end]
        if len(span) == 1 and len(span[0].norm_) < 3:
            continue
        if any(t.norm_ in ctx.lex.common_words and not t.is_title for t in span):
            continue  # a trigger, cue or very frequent word inside: not a name (أغارت، لميليشيا)
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
    for key, person in persons.items():
        words = key.split()
        n = len(words)
        for i in range(len(doc) - n + 1):
            if i in ctx.by_token or any(j in ctx.by_token for j in range(i, i + n)):
                continue
            if [t.norm_ for t in doc[i : i + n]] == words and i > person.start:
                ctx.add(Mention(i, i + n, person.iri, "Person", False, how="alias"))
    # Generic short forms: الجيش → the last entity whose label has that head word.
    _resolve_generic_heads(ctx)
    ctx.mentions.sort(key=lambda m: m.start)


def _article_countries(ctx: _Context, readings: dict) -> list[str]:
    """Countries of the article's unambiguous registry names, most mentioned first."""
    counts: dict[str, int] = {}
    for span in ctx.doc.spans[ENTITIES]:
        if not span.id_ or (span.start, span.end) in readings:
            continue
        entry = ctx.reg.get(span.id_)
        if entry is not None and entry.country:
            counts[entry.country] = counts.get(entry.country, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])


def _by_country(
    ctx: _Context, hits: list[tuple[str, str]], countries: list[str]
) -> tuple[str, str]:
    """The reading of an ambiguous name in the country the article talks about most."""
    for country in countries:
        for label, iri in hits:
            entry = ctx.reg.get(iri)
            if entry is not None and entry.country == country:
                return label, iri
    return hits[0]


def _label_heads(ctx: _Context, iri: str) -> set[str]:
    entry = ctx.reg.get(iri)
    labels = [entry.label_ar, *entry.aliases_ar] if entry else []
    heads = set()
    for lab in labels:
        if lab:
            first = normalize(lab).split()[0]
            heads.add(first if first.startswith("ال") else "ال" + first)
    return heads


def _resolve_generic_heads(ctx: _Context) -> None:
    doc = ctx.doc
    capital: Mention | None = None
    recent: list[Mention] = []
    mentions = sorted(ctx.mentions, key=lambda m: m.start)
    k = 0
    for tok in doc:
        while k < len(mentions) and mentions[k].start < tok.i:
            recent.append(mentions[k])
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
        for m in reversed(recent):
            if m.registered and not m.demonym and n in _label_heads(ctx, m.iri):
                ctx.add(Mention(tok.i, tok.i + 1, m.iri, m.kind, True, how="generic"))
                break
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


def _np_referent(
    ctx: _Context, i: int, limit: int, owner: Mention | None
) -> tuple[Mention | None, int]:
    """The entity an NP starting at token ``i`` refers to, and the token after the NP head.

    Handles names, force nouns with a pronoun suffix (قواته), force nouns with an owner
    (قوات الجيش، سلاح الجو التابع له، القوات الموالية لحكومة الوفاق).
    """
    doc = ctx.doc
    if i >= limit:
        return None, i
    m = ctx.mention_at(i)
    if m is not None and not m.demonym:
        return m, m.end
    tok = doc[i]
    n = tok.norm_
    stem = None
    for suf in ("هما", "هم", "ها", "ه"):
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
    if n in ctx.lex.cue("role_nouns") or n in ctx.lex.cue("titles"):
        # الأمين العام للأمم المتحدة (أنطونيو غوتيريش): the person if named, else the body.
        for j in range(i + 1, min(i + 5, limit)):
            m2 = ctx.mention_at(j)
            if m2 is not None and not m2.demonym and m2.kind != "Place":
                after = ctx.mention_at(m2.end)
                if after is not None and after.kind == "Person" and m2.kind != "Person":
                    return after, after.end
                return _at(m2, i, m2.end, "owner"), m2.end
            if ctx.doc[j].is_punct and ctx.doc[j].text not in ("«", "»"):
                break
        return _role_holder(ctx, i, limit)
    if n in ctx.force or n == "سلاح":
        # Look a few tokens ahead for an owner: idafa (قوات الجيش), affiliation (التابع له).
        j = i + 1
        head_words = [n]
        while j < min(i + 6, limit):
            t = doc[j]
            m2 = ctx.mention_at(j)
            if m2 is not None:  # قوات الجيش / القوات الإسرائيلية: a named or demonym owner
                unit = _unit_of(ctx, m2, head_words)
                return _at(unit or m2, i, m2.end, "owner"), m2.end
            if t.norm_ in ctx.affiliated:
                j += 1
                continue
            if t.norm_ in _FOR_OWNER and t.norm_ != "ل":
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


def _function_word(ctx: _Context, n: str) -> bool:
    return (
        n in _PREPS_BLOCKING_SUBJECT
        or n in ctx.compl
        or n in ctx.reporting
        or n in ctx.lex.cue("negations")
        or n in ctx.lex.cue("copulas")
        or n in ("و", "ف", "قد", "ثم", "كما", "فيما", "بينما", "حيث", "او")
    )


def _role_holder(ctx: _Context, i: int, limit: int) -> tuple[Mention | None, int]:
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
        if any(s.start == end for s in doc.spans[TRIGGERS]):
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


def _has_owner_after(ctx: _Context, i: int, limit: int) -> bool:
    """True when a named owner follows a force noun (قوات الجيش، القوات الموالية ل…)."""
    for j in range(i + 1, min(i + 5, limit)):
        t = ctx.doc[j]
        m = ctx.mention_at(j)
        if m is not None and not m.demonym:
            return True
        if t.norm_ in ctx.affiliated or t.norm_ in _FOR_OWNER or t.text in ("«", "»"):
            continue
        if t.is_punct:
            return False
    return False


def _group(ctx: _Context, i: int, limit: int) -> tuple[Mention | None, int]:
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
        if not t.is_alpha or (dm is not None and not dm.demonym) or n in _PREPS_BLOCKING_SUBJECT:
            break
        if n in ("او", "و") and end + 1 < limit and ctx.lex.group_kind(doc[end + 1].norm_):
            end += 2
            continue
        if n.startswith("ال") != definite or n in ctx.reporting or n in ctx.compl:
            break
        if not _adjectival(n) and (dm is None or not dm.demonym):
            break  # مفجرون انتحاريون | سياسيين ; مسلحون | يرتدون: only adjectives extend it
        end += 1
    # مقاتلين من داعش، عناصر من طالبان: members stand for the organisation they belong to
    if end + 1 < limit and doc[end].norm_ == "من":
        org = ctx.mention_at(end + 1)
        if org is not None and not org.demonym and org.kind not in ("Place", "Person"):
            return _at(org, i, org.end, "owner"), org.end
    span = doc[i:end]
    iri = mint_iri(kind, span.text, ctx.article)
    ctx.labels.setdefault(iri, (None, span.text))
    return Mention(i, end, iri, kind, False, how="group"), end


def _adjectival(norm: str) -> bool:
    """Nisba adjectives (انتحاريون، مسلحين) may follow a group head; nouns start a new phrase."""
    stem = norm[2:] if norm.startswith("ال") else norm
    return stem.endswith(("يون", "يين", "ي", "يه", "يا")) or stem.startswith(
        ("مسلح", "مجهول", "مقنع", "اخر", "مسيح", "مسلم")
    )


def _at(m: Mention | None, start: int, end: int, how: str) -> Mention | None:
    if m is None:
        return None
    return Mention(start, end, m.iri, m.kind, m.registered, how=how)


def _unit_of(ctx: _Context, owner: Mention | None, head_words: list[str]) -> Mention | None:
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
                if len(words) >= 2 and words[:2] == [_stem_unit(h) for h in heads[:2]]:
                    return Mention(owner.start, owner.end, entry.iri, entry.kind, True, how="owner")
    return owner


def _stem_unit(word: str) -> str:
    """دفاعاته → دفاعات, الجوي → الجو (adjective of air) for matching unit names."""
    if word == "الجوي" or word == "الجويه":
        return "الجو"
    for suf in ("هما", "هم", "ها", "ه"):
        if word.endswith(suf) and len(word) > len(suf) + 2:
            return word[: -len(suf)]
    return word


# -- frames --------------------------------------------------------------------------------
def _frames(ctx: _Context, sent: Span, previous: Frame | None) -> list[Frame]:
    doc = ctx.doc
    frames: list[Frame] = []
    pending: Mention | None = None
    for tok in sent:
        n = tok.norm_
        last = previous or ctx.last_frame
        if (
            n in ctx.lex.cue("statement_nouns")
            and tok.i > sent.start
            and not frames
            and last is not None
            and ctx.mention_at(tok.i) is None
            and not any(
                doc[k].norm_ in ctx.reporting for k in range(tok.i + 1, min(tok.i + 3, sent.end))
            )
        ):
            # "وجدد البيان تحذير …": the statement speaks for whoever issued it.
            frames.append(Frame(tok.i, last.speaker, last.org, tok.i + 1, sent.end))
            continue
        if n in ctx.reporting:
            comp = None
            for j in range(tok.i + 1, min(tok.i + 40, sent.end)):
                if doc[j].norm_ in ctx.compl or doc[j].text == ":":
                    comp = j
                    break
                if doc[j].norm_ in ctx.reporting:
                    break
            if comp is None:
                pending = _speaker_after(ctx, tok.i + 1, min(tok.i + 8, sent.end)) or pending
                continue
            speaker = _speaker_after(ctx, tok.i + 1, comp)
            head = doc[tok.i + 1].norm_ if tok.i + 1 < comp else ""
            if head in ctx.lex.cue("statement_nouns") and tok.i + 2 == comp:
                speaker = ctx.last_source  # "وأضاف المصدر أن": the source named before
            elif "ال" + head in ctx.lex.cue("statement_nouns") and speaker is not None:
                ctx.last_source = speaker  # "وقال مصدر مسؤول بالأمانة العامة للجامعة"
            if speaker is None:
                speaker = _speaker_before(ctx, sent, tok.i)
            if speaker is None and pending is not None:
                speaker = pending
            if speaker is None and frames:
                speaker = frames[-1].speaker
            if speaker is None and previous is not None:
                speaker = previous.speaker
            # the appositive naming the speaker's body lies between the name and the verb (SVO)
            # or between the name and the complementizer (VSO)
            app_end = comp if speaker is None or speaker.start > tok.i else tok.i
            org = _frame_org(ctx, speaker, tok.i + 1, app_end, frames[-1] if frames else previous)
            frames.append(Frame(tok.i, speaker, org, comp + 1, sent.end))
        elif n in ctx.participles and tok.i + 1 < sent.end and doc[tok.i + 1].norm_ in ctx.compl:
            base = frames[-1] if frames else previous
            if base is not None:
                frames.append(Frame(tok.i, base.speaker, base.org, tok.i + 2, sent.end))
        elif n in ctx.lex.cue("according_to"):
            m = ctx.mention_at(tok.i + 1)
            if m is not None:
                frames.append(Frame(tok.i, m, ctx.org_of(m), sent.start, sent.end))
    for a, b in zip(frames, frames[1:], strict=False):
        a.end = min(a.end, b.verb)
    return frames


def _speaker_after(ctx: _Context, start: int, comp: int) -> Mention | None:
    """The first entity between a reporting verb and its complementizer (VSO speaker)."""
    doc = ctx.doc
    for j in range(start, comp):
        t = doc[j]
        if t.is_space:
            continue
        m = ctx.mention_at(j)
        if m is not None and m.kind != "Place" and not m.demonym:
            return m
        if t.norm_ in ("البيان", "المصدر") and j + 1 < comp and doc[j + 1].norm_ in ctx.compl:
            return None  # the statement / the source: speaker of the previous frame
    return None


def _speaker_before(ctx: _Context, sent: Span, verb: int) -> Mention | None:
    """SVO speaker: the nearest entity before the verb, not inside a prepositional phrase."""
    for j in range(verb - 1, max(sent.start, verb - 6) - 1, -1):
        m = ctx.mention_at(j)
        if m is not None and m.kind != "Place" and not m.demonym:
            return m
        if ctx.doc[j].norm_ in ctx.breaks:
            break
    return None


def _frame_org(
    ctx: _Context, speaker: Mention | None, start: int, comp: int, prev: Frame | None
) -> Mention | None:
    """The organisation a speaker stands for: the first org in the appositive, else affiliation."""
    if speaker is None:
        return prev.org if prev else None
    if speaker.kind != "Person":
        if speaker.iri in ctx.affiliation:
            parent_iri = ctx.affiliation[speaker.iri]  # شعبة الإعلام الحربي، التابعة للجيش
            return Mention(
                speaker.start, speaker.end, parent_iri, ctx.kind_of(parent_iri), True, how="owner"
            )
        parent = _first_org(ctx, speaker.end, comp, MILITARY_KINDS)
        if parent is not None and ctx.doc[speaker.end : parent.start].text.strip().startswith("،"):
            return parent
        return speaker
    org = _first_org(ctx, speaker.end, comp, None)
    if org is not None:
        ctx.affiliation.setdefault(speaker.iri, org.iri)
        return org
    return ctx.org_of(speaker)


def _first_org(ctx: _Context, start: int, end: int, kinds) -> Mention | None:
    for j in range(start, end):
        m, _ = _np_referent(ctx, j, end, None)
        if (
            m is not None
            and m.kind not in ("Place", "Person")
            and (kinds is None or m.kind in kinds)
        ):
            return m
    return None


# -- relations ------------------------------------------------------------------------------
def _relations(ctx: _Context, sent: Span) -> None:
    doc = ctx.doc
    c = ctx.lex.cue
    for m in [m for m in ctx.mentions if sent.start <= m.start < sent.end]:
        if m.demonym:
            continue
        end = m.end
        # "X، بقيادة المشير Y" / "X برئاسة Y": Y leads X
        j = end + (1 if end < sent.end and doc[end].text in ("،", ",") else 0)
        if m.kind != "Person" and j < sent.end and doc[j].norm_ in c("led_by"):
            k = j + 1
            while k < sent.end and doc[k].norm_ in c("titles"):
                k += 1
            p = ctx.mention_at(k)
            if p is not None and p.kind == "Person":
                ctx.relations.append((p.iri, "leads", m.iri, sent))
        if end + 1 >= sent.end or doc[end].text not in ("،", ","):
            continue
        head = doc[end + 1].norm_
        stop = end + 1
        while (
            stop < sent.end
            and doc[stop].text not in ("،", ",")
            and doc[stop].norm_ not in ctx.compl
        ):
            stop += 1
        if m.kind == "Person" and head in c("role_nouns"):
            org = _first_org(ctx, end + 2, stop, None)
            if org is None:
                continue
            if head in c("spokesperson_heads"):
                pred = "spokespersonOf"
            elif head in c("leader_heads") and org.start <= end + 4 and head != "امر":
                pred = "leads"
            else:
                pred = "memberOf"
            ctx.relations.append((m.iri, pred, org.iri, sent))
            ctx.affiliation.setdefault(m.iri, org.iri)
        elif m.kind != "Person" and m.kind != "Place" and head in ctx.affiliated:
            org = _first_org(ctx, end + 2, stop, None)
            if org is not None and org.iri != m.iri:
                ctx.relations.append((m.iri, "partOf", org.iri, sent))
                ctx.affiliation.setdefault(m.iri, org.iri)


# -- events ---------------------------------------------------------------------------------
def _clause_start(ctx: _Context, sent: Span, i: int) -> int:
    """Token index where the clause containing token ``i`` starts."""
    doc = ctx.doc
    for j in range(i - 1, sent.start - 1, -1):
        n = doc[j].norm_
        if n in ctx.compl or doc[j].text in ("،", ",", "؛", ":") or n in ctx.reporting:
            return j + 1
        if n in ("فيما", "بينما", "حيث", "كما", "ثم"):
            return j + 1
    return sent.start


def _suppressed(ctx: _Context, sent: Span, trig: Span, earlier: list[_Proto]) -> str | None:
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
    if any(w in c("irrealis") or w.startswith("محاول") or w.startswith("حاول") for w in before):
        return "irrealis"
    for other in doc.spans[TRIGGERS]:
        if (
            other.label_ in ("REQUEST", "THREATEN")
            and sent.start <= other.start
            and other.end <= trig.start
            and not any(other.end < f.verb < trig.start for f in ctx.frames.get(sent.start, []))
        ):
            return f"content of {other.label_}"
    return None


def _subject_before(ctx: _Context, sent: Span, i: int, owner: Mention | None) -> Mention | None:
    """SVO subject: an NP between the clause start and token ``i``."""
    start = _clause_start(ctx, sent, i)
    for trig in ctx.doc.spans[TRIGGERS]:
        if start <= trig.start and trig.end <= i:
            start = trig.end  # what follows an earlier verb is its object, not our subject
    j = start
    while j < i:
        t = ctx.doc[j]
        if t.is_punct or t.is_space or t.norm_ in ("و", "ف", "قد", "لقد"):
            j += 1
            continue
        if t.norm_ in _PREPS_BLOCKING_SUBJECT:
            return None
        m, _ = _np_referent(ctx, j, i, owner)
        if m is not None and m.kind != "Place":
            return m
        return None
    return None


def _subject_after(ctx: _Context, sent: Span, i: int, owner: Mention | None) -> Mention | None:
    """VSO subject: an actor NP right after the verb at token ``i - 1`` (titles skipped)."""
    doc = ctx.doc
    j = i
    while j < sent.end and (doc[j].text in ("«", '"') or doc[j].norm_ in ctx.lex.cue("titles")):
        j += 1
    if j >= sent.end or doc[j].norm_ in _PREPS_BLOCKING_SUBJECT:
        return None
    m, _ = _np_referent(ctx, j, sent.end, owner)
    if m is not None and m.kind != "Place":
        return m
    return None


def _object(ctx: _Context, sent: Span, p: _Proto, owner: Mention | None) -> Mention | None:
    """The target: after على/ضد/ل/مع, or the first actor-like entity in the object NP."""
    doc = ctx.doc
    c = ctx.lex.cue
    breaks = 0
    j = p.trigger.end
    limit = min(sent.end, j + 14)
    while j < limit:
        t = doc[j]
        n = t.norm_
        if n in ctx.reporting or n in ctx.compl or n in ("التي", "الذي", "الذين"):
            break
        if j != p.trigger.start and any(
            s.start == j and s.id_.split("|")[2] in ("verb", "passive") for s in doc.spans[TRIGGERS]
        ):
            break  # the next clause's verb: its object is not ours
        if t.text in ("،", ",", ".", "؛"):
            breaks += 1
            if breaks > 1 or (
                breaks == 1 and p.target is None and j + 1 < limit and doc[j + 1].norm_ == "و"
            ):
                break
            j += 1
            continue
        if n in c("place_preps") and p.event_type != "ASSAULT":
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
                if prev in c("target_preps") and p.event_type != "ASSAULT":
                    return m
                j = max(end, j + 1)
                continue
            return m
        j = max(end, j + 1)
    return None


def _facility(ctx: _Context, j: int, limit: int) -> Mention | None:
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


def _place(ctx: _Context, sent: Span, p: _Proto) -> Mention | None:
    """The most specific place stated in the trigger's sentence, nearest after the trigger first."""
    cands = [
        m
        for m in ctx.mentions
        if sent.start <= m.start < sent.end
        and m.kind == "Place"
        and not m.demonym
        and (p.target is None or m.iri != p.target.iri)
    ]
    if not cands:
        return None

    def rank(m: Mention) -> tuple[int, int, int]:
        entry = ctx.reg.get(m.iri)
        country = (
            1
            if entry is not None
            and entry.id.isalpha()
            and entry.id.isupper()
            and len(entry.id) == 3
            else 0
        )
        after = 0 if m.start >= p.trigger.start else 1
        return (country, after, abs(m.start - p.trigger.end))

    return min(cands, key=rank)


def _time(ctx: _Context, sent: Span, p: _Proto) -> TimeRef | None:
    times = [t for t in ctx.times if sent.start_char <= t.start < sent.end_char]
    if not times:
        return None
    return min(times, key=lambda t: abs(t.start - p.trigger.start_char))


def _refine_mode(ctx: _Context, sent: Span, p: _Proto) -> str | None:
    words = {
        t.norm_
        for t in ctx.doc[max(sent.start, p.trigger.start - 6) : min(sent.end, p.trigger.end + 8)]
    }
    if words & {"مسيره", "مسيرات", "درون", "بيرقدار"}:
        return "drone" if p.mode in (None, "aerial") else p.mode
    if p.mode is None and words & {
        "جويه",
        "الجويه",
        "جوي",
        "الجوي",
        "طائره",
        "طائرات",
        "الطيران",
        "الجو",
        "غارات",
    }:
        return "aerial"
    if p.mode is None and words & {"مدفعيه", "قذائف", "هاون", "المدفعيه"}:
        return "artillery"
    if p.mode is None and words & {"صواريخ", "صاروخ"}:
        return "missile"
    if p.event_type == "REQUEST" and words & {"وقف", "لوقف", "بوقف", "هدنه"}:
        return "ceasefire"
    return p.mode


def _confidence(p: _Proto) -> float:
    score = 0.3 + (0.15 if p.pos == "verb" else 0.05)
    if p.actor is not None:
        score += 0.25 if p.actor.how == "name" else 0.15
        if p.actor.registered:
            score += 0.05
    if p.target is not None:
        score += 0.1
    if p.frame is not None:
        score += 0.05
    return round(min(score, 0.95), 2)


def _events_in_sentence(
    ctx: _Context, sent: Span, frames: list[Frame], out: list[_Proto]
) -> list[_Proto]:
    doc = ctx.doc
    c = ctx.lex.cue
    protos: list[_Proto] = []
    trigs = [t for t in doc.spans[TRIGGERS] if sent.start <= t.start < sent.end]
    for trig in trigs:
        etype, mode, pos, _ = trig.id_.split("|")
        passive = pos == "passive"
        if passive:
            pos = "verb"
        mode = None if mode == "None" else mode
        if _suppressed(ctx, sent, trig, protos):
            continue
        frame = next((f for f in reversed(frames) if f.start <= trig.start < f.end), None)
        owner = frame.org if frame else None
        p = _Proto(trig, etype, mode, pos, frame=frame)
        prev_tok = doc[trig.start - 1] if trig.start > sent.start else None
        # -- actor
        k = trig.start - 1
        while k > sent.start and doc[k].text in ("«", '"'):
            k -= 1
        if pos == "verb" and doc[k].norm_ in c("event_anaphors"):
            continue  # "الضربات دمرت …" elaborates an event already stated
        if etype == "PROTEST" and pos == "noun" and any(q.event_type == etype for q in protos):
            continue  # تظاهروا … احتجاجا على: the verbal noun restates the protest
        if pos == "agent":
            if any(t.label_ == etype and t.id_.split("|")[2] != "agent" for t in trigs) or any(
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
            gov = _governing_subject(ctx, sent, trig, owner)
            after = ctx.mention_at(trig.end)
            if gov is None and after is not None and after.demonym:
                gov = after  # ضربة جوية أميركية: an American airstrike
            if (
                gov is None
                and trig.end < sent.end
                and _adjectival(doc[trig.end].norm_)
                and ctx.lex.group_kind(doc[trig.end].norm_)
            ):
                gov = _group(ctx, trig.end, sent.end)[0]  # هجوم انتحاري: by a suicide bomber
            if gov is not None:
                p.actor, p.explicit_subject = gov, True
            elif etype not in ("ASSAULT", "COERCE"):
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
            prev_tok.norm_ in c("copulas")
            or (QUAD_CLASSES[etype].startswith("Material") and _indefinite_word(ctx, prev_tok))
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
        # -- target
        if p.target is not None:
            pass
        elif etype in ("ASSAULT", "COERCE") and pos == "noun":
            gen, _ = _np_referent(ctx, trig.end, sent.end, owner)
            p.target = (
                gen if gen is not None and gen.kind in ACTOR_KINDS else _object(ctx, sent, p, owner)
            )
        else:
            p.target = _object(ctx, sent, p, owner)
        if etype == "PROTEST":
            p.target = _protest_target(ctx, sent, p) or p.target
        if p.target is None and protos and not p.explicit_subject and not described and same_frame:
            p.target = protos[-1].target
        if p.target is not None and p.actor is not None and p.target.iri == p.actor.iri:
            p.target = None
        if p.actor is None and etype == "PROTEST":
            p.actor = _protest_agent(ctx, sent, trigs)
        if p.actor is None and QUAD_CLASSES[etype].startswith("Verbal"):
            continue  # the speaker of a verbal act is its actor: without one there is no event
        if p.actor is None and p.target is None and pos != "verb":
            continue  # a bare verbal noun with no participant is too weak to state
        p.place = _place(ctx, sent, p)
        p.time = _time(ctx, sent, p)
        p.mode = _refine_mode(ctx, sent, p)
        protos.append(p)
    # What protesters demand or denounce in the same sentence is what they protest against.
    for p in protos:
        if p.event_type == "PROTEST" and p.target is None:
            said = [
                q.target
                for q in protos
                if q.event_type in ("REQUEST", "ACCUSE", "REJECT") and q.target is not None
            ]
            p.target = said[0] if said else None
    return protos


_AGAINST_HEADS = (
    "احتجاج",
    "للاحتجاج",
    "احتج",
    "تنديد",
    "للتنديد",
    "منددين",
    "منده",
    "تندد",
    "مندد",
)


def _protest_target(ctx: _Context, sent: Span, p: _Proto) -> Mention | None:
    """What a protest is against: ضد X، احتجاجا على X، منددة ب X، المناهضين ل X.

    An event noun in between is looked through (احتجاجا على زيارة غل، على مقتل … على يد X).
    """
    doc = ctx.doc
    c = ctx.lex.cue
    for j in range(p.trigger.start, sent.end - 1):
        n = doc[j].norm_
        prev = doc[j - 1].norm_ if j > sent.start else ""
        marked = (
            n == "ضد"
            or (n in ("علي", "على") and prev.startswith(_AGAINST_HEADS))
            or (n == "ب" and prev.startswith(_AGAINST_HEADS))
            or (n == "ل" and prev in c("against_adjectives"))
            or (n == "مع" and prev.startswith(("اشتبك", "اشتباك", "مواجه", "تواجه", "تصادم")))
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


def _protest_agent(ctx: _Context, sent: Span, trigs: list[Span]) -> Mention | None:
    """The protesters named in the sentence (المتظاهرون), actor of a protest stated otherwise."""
    for t in trigs:
        if t.id_.split("|")[2] == "agent":
            return _np_referent(ctx, t.start, sent.end, None)[0]
    return None


_OUTCOME_MODES = frozenset({"kill"})


def _passive_outcome(ctx: _Context, sent: Span, p: _Proto, trig: Span) -> bool:
    """True when a killing/injury verb is read as passive: its grammatical subject is the victim.

    Unvocalized قتل is both "killed" and "was killed"; news uses the passive for casualty
    counts: a number or an indefinite noun right after the verb, or a subject before the verb
    followed by no object.
    """
    if trig[0].norm_.startswith("اصيب"):
        return p.actor is not None  # أُصيب is passive in form: its subject is the casualty
    if p.mode not in _OUTCOME_MODES and not trig[0].norm_.startswith("قتل"):
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
            or t.norm_ in _PREPS_BLOCKING_SUBJECT
            or t.norm_ in ("و", "خلال", "جراء", "اثر", "بعد")
            or any(tr.start == t.idx for tr in ctx.times)
        )
    return False


def _antecedent(ctx: _Context, sent: Span, i: int, owner: Mention | None) -> Mention | None:
    """The noun phrase a descriptive verb refers to (ألف متظاهر|احتجوا): an entity or a group."""
    for j in range(i - 1, max(sent.start, i - 4) - 1, -1):
        m, end = _np_referent(ctx, j, i, owner)
        if m is not None and end >= i - 1 and m.kind != "Place":
            return m
        if ctx.doc[j].is_punct:
            break
    return None


def _indefinite_word(ctx: _Context, tok) -> bool:
    """An indefinite content word (طائرة مسيرة|أغارت): a following verb describes it."""
    n = tok.norm_
    return (
        tok.is_alpha
        and not n.startswith("ال")
        and len(n) > 2
        and tok.i not in ctx.by_token
        and n not in ctx.compl
        and n not in ctx.reporting
        and n not in _PREPS_BLOCKING_SUBJECT
        and n not in ctx.lex.cue("copulas")
        and n not in ctx.lex.cue("negations")
        and n not in ("قد", "لقد", "ثم", "كما", "فيما", "بينما", "حيث", "بعد", "قبل", "انه", "انها")
    )


def _has_pronoun_suffix(norm: str) -> bool:
    return norm.endswith(("ته", "تها", "تهم")) or (
        len(norm) > 4 and norm.endswith(("ه", "ها")) and not norm.endswith("يه")
    )


def _governing_subject(
    ctx: _Context, sent: Span, trig: Span, owner: Mention | None
) -> Mention | None:
    """For a verbal noun after واصل/تمكن من/جدد …: the subject of that verb."""
    doc = ctx.doc
    cont = ctx.lex.cue("continuation_verbs")
    for j in range(trig.start - 1, max(sent.start, trig.start - 8) - 1, -1):
        n = doc[j].norm_
        if n in ctx.breaks or n in ctx.compl:
            break
        if n in cont or (n.startswith("تمكن") or n.startswith("استطاع")):
            subj = _subject_before(ctx, sent, j, owner)
            if subj is None:
                subj = _subject_after(ctx, sent, j + 1, owner)
            return subj
    return None


def _last_actor(ctx: _Context, sent: Span, i: int, frame: Frame | None) -> Mention | None:
    """The actor mentioned last before token ``i`` in the sentence, not the frame's speaker."""
    speaker = frame.speaker.iri if frame is not None and frame.speaker is not None else None
    for m in sorted(ctx.mentions, key=lambda m: m.start, reverse=True):
        if sent.start <= m.start < i and m.kind in ACTOR_KINDS and m.iri != speaker:
            return m
    return None


def extract(
    doc: Doc, lex: Lexicon, *, article: str = "", pub_date: dt.date | None = None
) -> tuple[list[Event], list[Relation]]:
    """Events and relations stated in ``doc`` (offsets are character offsets into ``doc.text``)."""
    ctx = _Context(doc, lex, article, pub_date)
    _register_mentions(ctx)
    protos: list[_Proto] = []
    frames_by_sent: dict[int, list[Frame]] = {}
    ctx.frames = frames_by_sent
    previous: Frame | None = None
    last_para_end = -1
    for sent in _sentences(doc):
        _relations(ctx, sent)
        para_break = any(
            "\n" in t.text for t in doc[max(0, last_para_end) : sent.start] if t.is_space
        )
        if para_break:
            previous = None
        frames = _frames(ctx, sent, previous)
        frames_by_sent[sent.start] = frames
        protos.extend(_events_in_sentence(ctx, sent, frames, protos))
        if frames:
            previous = ctx.last_frame = frames[-1]
        last_para_end = sent.end
    events = [_to_event(ctx, p) for p in protos]
    relations = []
    seen = set()
    for s, pred, o, sent in ctx.relations:
        if (s, pred, o) in seen or s == o:
            continue
        seen.add((s, pred, o))
        subj = next(m for m in ctx.mentions if m.iri == s)
        obj = next((m for m in ctx.mentions if m.iri == o), None) or Mention(
            sent.start, sent.start + 1, o, ctx.kind_of(o), True
        )
        relations.append(
            Relation(
                article,
                ctx.ref(subj),
                pred,
                ctx.ref(obj),
                TextSpan(sent.text, sent.start_char, sent.end_char),
            )
        )
    return events, relations


def _to_event(ctx: _Context, p: _Proto) -> Event:
    sent = p.trigger.sent
    # Trim the sentence span to its text (no surrounding whitespace).
    s_text = sent.text
    lead = len(s_text) - len(s_text.lstrip())
    s_text = s_text.strip()
    claimed = None
    if p.frame is not None and p.frame.speaker is not None:
        claimed = ctx.ref(p.frame.speaker)
    ev = Event(
        article=ctx.article,
        event_type=p.event_type,
        trigger=TextSpan(p.trigger.text, p.trigger.start_char, p.trigger.end_char),
        sentence=TextSpan(s_text, sent.start_char + lead, sent.start_char + lead + len(s_text)),
        mode=p.mode,
        actor=ctx.ref(p.actor),
        target=ctx.ref(p.target),
        place=ctx.ref(p.place),
        claimed_by=claimed,
        time=p.time,
        extractor=EXTRACTOR_VERSION,
    )
    return replace(ev, confidence=_confidence(p))
