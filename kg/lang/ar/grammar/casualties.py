"""Casualty counts, PLOVER's size of an event: the dead, the injured and the arrested.

News tells the toll of an attack in a clause of its own (قتل 39 شخصا، أصيب آخرون، أسفر عن
مقتل 42). Such a clause is the size of the attack it reports, not a second event: the
decider merges a casualty trigger into the sentence's other ASSAULT (:func:`merge_casualties`)
and the counts of every casualty word go to the nearest ASSAULT of the sentence
(:func:`assign_counts`). An arrest (COERCE, mode ``arrest``) counts the people arrested.
A count is a number (digits or words) or a single or dual person noun (مقتل شخص، إصابة
شخصين) beside the casualty word; vague words (عشرات، آخرون) give no count.
"""

from __future__ import annotations

from spacy.tokens import Span, Token

from kg.extract.model import Draft, same_entity
from kg.lang.ar.grammar.context import ArabicContext
from kg.lang.ar.numbers import compound_value

__all__ = ["casualty_kind", "merge_casualties", "assign_counts", "SIZE_FIELDS"]

#: The size fields of an event, in the order of ``events.jsonl``.
SIZE_FIELDS = ("killed", "injured", "arrested")
_PROCLITICS = ("و", "ف", "ب", "ل")


def casualty_kind(ctx: ArabicContext, tok: Token) -> str | None:
    """``killed`` or ``injured`` when the word tells of the dead or the wounded, else None.

    The heads are word beginnings (after a proclitic and the article), so each is chosen not
    to begin a common word of another sense (توفي would take توفير "provision", مصاب مصابيح).
    """
    n = tok.norm_
    forms = [n]
    if n[:1] in _PROCLITICS:
        forms.append(n[1:])
    forms += [f[2:] for f in list(forms) if f.startswith("ال")]
    for kind, heads in (("killed", ctx.killed_heads), ("injured", ctx.injured_heads)):
        if any(f.startswith(heads) for f in forms):
            return kind
    return None


def _is_casualty(ctx: ArabicContext, d: Draft) -> bool:
    return d.event_type == "ASSAULT" and casualty_kind(ctx, d.trigger[0]) is not None


def merge_casualties(ctx: ArabicContext, drafts: list[Draft]) -> list[Draft]:
    """The drafts of one sentence with each casualty ASSAULT merged into another ASSAULT.

    The host is the nearest ASSAULT whose trigger is no casualty word (the attack); failing
    that, the first casualty ASSAULT of the sentence (قتل شخص وأصيب أربعة: one event). The
    merged draft's target (the victims) fills the host's empty target, and its actor the
    host's empty actor when it is the subject of an active verb (قتلت القوات …).
    """
    attacks = [d for d in drafts if d.event_type == "ASSAULT" and not _is_casualty(ctx, d)]
    out: list[Draft] = []
    first: Draft | None = None
    for d in drafts:
        if not _is_casualty(ctx, d):
            out.append(d)
            continue
        host = min(attacks, key=lambda a: abs(a.trigger.start - d.trigger.start), default=first)
        if host is None:
            first = d
            out.append(d)
            continue
        active = d.pos == "verb" and not d.passive  # قتلت القوات …: an actor; مقتل …: none
        if (
            host.actor is None
            and active
            and d.actor is not None
            and not same_entity(d.actor, host.target)
        ):
            host.actor = d.actor
            host.explicit_subject = True
        if host.target is None and d.target is not None and not same_entity(d.target, host.actor):
            host.target = d.target
        if d.score is not None and host.score is not None:
            host.score = max(host.score, d.score)
    return out


def assign_counts(ctx: ArabicContext, sent: Span, drafts: list[Draft]) -> None:
    """Set ``killed``, ``injured`` and ``arrested`` of the sentence's drafts from its words."""
    doc = ctx.doc
    assaults = [d for d in drafts if d.event_type == "ASSAULT"]
    if assaults:
        for i in range(sent.start, sent.end):
            kind = casualty_kind(ctx, doc[i])
            if kind is None:
                continue
            n = _count_near(ctx, sent, i)
            if n is None:
                continue
            host = min(assaults, key=lambda a: _distance(a.trigger, i))
            host.size[kind] = host.size.get(kind, 0) + n
    for d in drafts:
        if d.event_type == "COERCE" and d.mode == "arrest":
            n = _count_after(ctx, sent, d.trigger.end, window=5)
            if n is not None:
                d.size["arrested"] = n


def _distance(trig: Span, i: int) -> int:
    if trig.start <= i < trig.end:
        return 0
    return trig.start - i if i < trig.start else i - trig.end + 1


def _count_near(ctx: ArabicContext, sent: Span, i: int) -> int | None:
    """The count beside the casualty word ``i``: after it (مقتل 42 شخصا), else before (42 قتيلا)."""
    after = _count_after(ctx, sent, i + 1, window=2)
    if after is not None:
        return after
    doc = ctx.doc
    for j in (i - 1, i - 2):
        if j < sent.start or doc[j].is_punct:
            break
        n = _number_at(ctx, j, sent.end)
        if n is not None:
            return n
        if j == i - 1 and doc[j].norm_ in ctx.lex.cue("person_nouns"):  # شخصا قتل
            return 1
    return None


def _count_after(ctx: ArabicContext, sent: Span, start: int, *, window: int) -> int | None:
    doc = ctx.doc
    persons = ctx.lex.cue("person_nouns")
    for j in range(start, min(sent.end, start + window)):
        t = doc[j]
        if t.is_punct:
            return None
        n = _number_at(ctx, j, sent.end)
        if n is not None:
            return n
        if j == start and t.norm_ in persons:  # مقتل شخص
            return 1
        if j == start and t.norm_ in ctx.lex.cue("person_duals"):  # إصابة شخصين
            return 2
    return None


def _number_at(ctx: ArabicContext, j: int, limit: int) -> int | None:
    """The count the number at token ``j`` gives, unless it is a date, a year or a measure."""
    doc = ctx.doc
    t = doc[j]
    if ctx.in_time(t):
        return None
    value = compound_value([doc[k].text for k in range(j, min(limit, j + 3))])
    if value is None:
        return None
    if t.like_num and len(t.text) == 4 and t.text[:2] in ("19", "20"):
        return None  # a year
    nxt = doc[j + 1].norm_ if j + 1 < limit else ""
    if nxt in ctx.lex.cue("count_units"):
        return None
    return value
