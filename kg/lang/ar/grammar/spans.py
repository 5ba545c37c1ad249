"""The whole noun phrase of a chosen actor or target: the words the graph names it by.

A role candidate is often the head or the tail of a longer phrase: أعوان of أعوان الحراسة,
فرقة of فرقة الشرطة العدلية بالمنستير, المدني of عدد من نشطاء المجتمع المدني, التلميذ of عائلة
التلميذ. The role model decides on the candidates as they are (their spans are its
features); after the decision, :func:`widen_roles` gives the chosen actor and target the whole
phrase, as the annotation guideline writes a span ("a name with its title or kind, a group
noun with its adjectives"):

- a noun in construct before it (قوات + الأمن الإسرائيلية, أعوان + فرقة …), the noun an
  adjective describes (المجتمع + المدني), a partitive (عدد من, مئات);
- after a head noun in construct, its genitive (أعوان + الحراسة), the adjectives that follow
  and the place a unit serves in (بالمنستير);
- a kin or owner noun before it (عائلة, والدة, صاحب, أهالي) makes the phrase a different
  entity: the family acted, not the pupil.

A registered or named entity keeps its IRI (only the span grows); an entity of the article
(a group noun, a participant) is minted again under the wider words.
"""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.context import mint_iri
from kg.extract.model import Draft, Mention
from kg.lang.ar.grammar.candidates import _slot_word, agent_marker
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.grammar.referents import _adjectival, _station_after

__all__ = ["widen_roles", "widen"]

#: How a mention of the article's own entities is found (these are minted again when widened).
_MINTED = frozenset({"group", "participant", "np", "slot", "object", "possessed", "station"})
#: At most this many words are added on either side.
_REACH = 4


def widen_roles(ctx: ArabicContext, sent: Span, drafts: list[Draft]) -> None:
    """Give the actor and target of each draft the whole noun phrase they head or end."""
    for d in drafts:
        if d.actor is not None and sent.start <= d.actor.start < sent.end:
            d.actor = widen(ctx, sent, d.actor, d.target, d.trigger)
        if d.target is not None and sent.start <= d.target.start < sent.end:
            d.target = widen(ctx, sent, d.target, d.actor, d.trigger)


def widen(
    ctx: ArabicContext, sent: Span, m: Mention, other: Mention | None, trigger: Span
) -> Mention:
    """``m`` spanning its noun phrase inside ``sent``, never over ``other`` or ``trigger``."""
    blocked = set(range(trigger.start, trigger.end))
    if other is not None:
        blocked |= set(range(other.start, other.end))
    start, core, kin = _left(ctx, sent.start, m, blocked)
    end, owner = _right(ctx, sent.end, m, blocked)
    head = ctx.doc[core].norm_
    if kin is None and (head in ctx.force or head in ctx.lex.cue("unit_nouns")):
        end = _unit_place(ctx, sent.end, end, blocked)
    if (start, end) == (m.start, m.end):
        return m
    if owner is not None and kin is None:  # فرقة الشرطة العدلية: the body the unit is of
        return Mention(start, end, owner.iri, owner.kind, owner.registered, how="owner")
    if kin is not None or (not m.registered and m.how in _MINTED):
        kind = kin or m.kind
        text = ctx.doc[core:end].text  # the label leaves out a partitive: عدد من
        iri = mint_iri(kind, text, ctx.article)
        ctx.labels.setdefault(iri, (None, text))
        return Mention(start, end, iri, kind, False, how=m.how if kin is None else "kin")
    return Mention(start, end, m.iri, m.kind, m.registered, m.demonym, m.how)


def _free(ctx: ArabicContext, i: int, blocked: set[int]) -> bool:
    """Token ``i`` is a content word that may join a phrase (not a particle, trigger, number)."""
    return i not in blocked and _slot_word(ctx, ctx.doc[i])


def _head(ctx: ArabicContext, n: str) -> bool:
    """A noun that heads a group or unit phrase (أعوان، فرقة، قوات، نشطاء، عائلة)."""
    c = ctx.lex.cue
    return bool(
        n in ctx.force
        or n in c("unit_nouns")
        or ctx.lex.group_kind(n)
        or ctx.lex.participant_kind(n)
    )


def _definite(n: str) -> bool:
    return n.startswith("ال")


def _left(
    ctx: ArabicContext, lo: int, m: Mention, blocked: set[int]
) -> tuple[int, int, str | None]:
    """Where the phrase ending in ``m`` starts, with and without a partitive, and its kin kind.

    The kind is that of a kin phrase (عائلة التلميذ: Civilians), else None.
    """
    doc = ctx.doc
    c = ctx.lex.cue
    start = m.start
    for _ in range(_REACH):
        k = start - 1
        if k < lo or not _free(ctx, k, blocked) or ctx.mention_at(k) is not None:
            break
        prev, cur = doc[k].norm_, doc[start].norm_
        if agent_marker(ctx, start, lo) is not None:
            break  # طرف of من طرف الشرطة is the marker, not a noun in construct
        if prev in c("kin_persons") or prev in c("kin_groups"):
            kind = "Person" if prev in c("kin_persons") else "Civilians"
            return _partitive(ctx, lo, k, blocked), k, kind
        if not _definite(prev) and _head(ctx, prev) and (_definite(cur) or _head(ctx, cur)):
            start = k  # أعوان + الحراسة, قوات + الأمن, أعوان + فرقة: a noun in construct
        elif _definite(prev) and _definite(cur) and _adjectival(ctx, cur) and start == m.start:
            start = k  # المجتمع + المدني: the noun the adjective describes
        else:
            break
    return _partitive(ctx, lo, start, blocked), start, None


def _partitive(ctx: ArabicContext, lo: int, start: int, blocked: set[int]) -> int:
    """``start`` moved back over ``عدد من`` / ``مئات`` before the phrase, if there is one."""
    doc = ctx.doc
    parts = ctx.lex.cue("partitive_heads")
    k = start - 1
    if k - 1 >= lo and doc[k].norm_ == "من" and doc[k - 1].norm_ in parts and k - 1 not in blocked:
        return k - 1
    if k >= lo and doc[k].norm_ in parts and k not in blocked and _definite(doc[start].norm_):
        return k  # مئات الكوريين
    return start


def _right(
    ctx: ArabicContext, hi: int, m: Mention, blocked: set[int]
) -> tuple[int, Mention | None]:
    """Where the phrase starting with ``m`` ends, and the named body it is a unit of (or None).

    After a head noun in construct: more unit nouns (فرقة شرطة), then a definite genitive
    (الحراسة) or a name (الشرطة العدلية; a place only after a unit noun: منطقة أمن سوسة),
    then its adjectives. A sound plural in -ون/-ين is not in construct (مسلحون الشرطة).
    """
    doc = ctx.doc
    end = m.end
    last = doc[end - 1].norm_
    if m.demonym or _definite(last) or not _head(ctx, last) or last.endswith(("ون", "ين")):
        return _adjectives(ctx, hi, end, blocked, definite=_definite(last)), None
    j = end
    while j < min(hi, end + _REACH) and _free(ctx, j, blocked):
        name = ctx.mention_at(j)
        if name is not None and not name.demonym and (name.kind != "Place" or j > end):
            if name.end > hi or any(i in blocked for i in range(j, name.end)):
                break
            owner = None if name.kind in ("Place", "Person") else name
            return _adjectives(ctx, hi, name.end, blocked), owner
        n = doc[j].norm_
        if name is None and _definite(n):
            return _adjectives(ctx, hi, j + 1, blocked), None
        if name is not None or not _head(ctx, n):
            break
        j += 1
    return _adjectives(ctx, hi, end, blocked, definite=False), None


def _adjectives(
    ctx: ArabicContext, hi: int, end: int, blocked: set[int], *, definite: bool = True
) -> int:
    """``end`` moved over the nisba adjectives and demonyms that agree with the phrase."""
    doc = ctx.doc
    while end < hi and end not in blocked:
        dm = ctx.mention_at(end)
        if dm is not None:
            if not dm.demonym or dm.end > hi:
                break
            end = dm.end  # الحرس الوطني الجزائري
            continue
        n = doc[end].norm_
        if not _free(ctx, end, blocked) or _definite(n) != definite or not _adjectival(ctx, n):
            break
        end += 1
    return end


def _unit_place(ctx: ArabicContext, hi: int, end: int, blocked: set[int]) -> int:
    """``end`` moved over the place a unit serves in (فرقة الشرطة العدلية بالمنستير)."""
    station = _station_after(ctx, end, hi, genitive=False)
    if station is None or any(i in blocked for i in range(end, station)):
        return end
    return station
