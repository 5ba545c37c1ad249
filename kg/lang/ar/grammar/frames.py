"""Who says it: Arabic reporting frames (قال X إن …، بحسب X) and the relations appositions state."""

from __future__ import annotations

from spacy.tokens import Span

from kg.extract.model import Frame, Mention
from kg.lang.ar.grammar.context import MILITARY_KINDS, ArabicContext
from kg.lang.ar.grammar.referents import _np_referent


def _frames(ctx: ArabicContext, sent: Span, previous: Frame | None) -> list[Frame]:  # noqa: C901 (docs/architecture.md)
    doc = ctx.tokens
    frames: list[Frame] = []
    pending: Mention | None = None
    for tok in doc[sent.start : sent.end]:
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


def _speaker_after(ctx: ArabicContext, start: int, comp: int) -> Mention | None:
    """The first entity between a reporting verb and its complementizer (VSO speaker)."""
    doc = ctx.tokens
    for j in range(start, comp):
        t = doc[j]
        if t.is_space:
            continue
        m = ctx.mention_at(j)
        if m is not None and m.kind != "Place" and not m.demonym:
            return m
        if (
            t.norm_ in ctx.lex.cue("source_nouns")
            and j + 1 < comp
            and doc[j + 1].norm_ in ctx.compl
        ):
            return None  # the statement / the source: speaker of the previous frame
    return None


def _speaker_before(ctx: ArabicContext, sent: Span, verb: int) -> Mention | None:
    """SVO speaker: the nearest entity before the verb, not inside a prepositional phrase."""
    for j in range(verb - 1, max(sent.start, verb - 6) - 1, -1):
        m = ctx.mention_at(j)
        if m is not None and m.kind != "Place" and not m.demonym:
            return m
        if ctx.tokens[j].norm_ in ctx.breaks:
            break
    return None


def _frame_org(
    ctx: ArabicContext, speaker: Mention | None, start: int, comp: int, prev: Frame | None
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


def _first_org(ctx: ArabicContext, start: int, end: int, kinds) -> Mention | None:
    for j in range(start, end):
        m, _ = _np_referent(ctx, j, end, None)
        if (
            m is not None
            and m.kind not in ("Place", "Person")
            and (kinds is None or m.kind in kinds)
        ):
            return m
    return None


def _relations(ctx: ArabicContext, sent: Span) -> None:
    doc = ctx.tokens
    c = ctx.lex.cue
    for m in ctx.mentions_in(sent.start, sent.end):
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
