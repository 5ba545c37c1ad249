"""Per-article state of the extraction, and the identity of entities the registry lacks.

:class:`ArticleContext` indexes the mentions of one doc by token, keeps the affiliations the
text states (a speaker's organisation) and turns mentions into
:class:`~kg.types.EntityRef` records. A language's grammar subclasses it to add its word
lists. :func:`mint_iri` gives an unregistered entity its IRI.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from bisect import bisect_left, bisect_right
from itertools import accumulate

from spacy.tokens import Doc, Span, Token

from kg.extract.model import Frame, Mention
from kg.nlp.extensions import ENTITIES
from kg.registry import Registry
from kg.text import normalize
from kg.types import EntityRef, TimeRef
from kg.vocab import KGR

_KGR = str(KGR)

__all__ = ["ArticleContext", "mint_iri", "MINTED_PREFIX", "article_countries", "reading_by_country"]

#: The last segment of a minted entity's IRI starts with this (registry ids never do).
MINTED_PREFIX = "x-"


def mint_iri(kind: str, label: str, scope: str = "") -> str:
    """A stable IRI for an unregistered entity: same kind and normalized label → same IRI.

    Names (persons, named groups and places) are global, so the same name in two articles is
    one node. Common-noun groups (المتظاهرون، مسلحون، الحكومة without an antecedent) are
    different groups in different articles: pass the article as ``scope``. The label is
    folded by :func:`kg.text.normalize`.

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
    return f"{_KGR}{folder}/{MINTED_PREFIX}{digest}"  # str(KGR[…]), without a URIRef


class ArticleContext:
    """Per-article state: mentions by token, labels, affiliations, frames and relations found."""

    #: The language of the text: an unregistered entity's written name is its label in it.
    LANG = "ar"

    def __init__(
        self,
        doc: Doc,
        registry: Registry,
        article: str,
        pub_date: dt.date | None,
        times: list[TimeRef],
    ) -> None:
        """Start the extraction of ``doc`` (article id ``article``, published ``pub_date``)."""
        self.doc = doc
        #: ``list(doc)``: ``tokens[i]`` is ``doc[i]`` without a new Token object at each call
        self.tokens: list[Token] = list(doc)
        self.reg = registry
        self.article = article
        self.pub_date = pub_date
        self.times = times
        self.mentions: list[Mention] = []
        self.by_token: dict[int, Mention] = {}
        self.affiliation: dict[str, str] = {}  # entity IRI → organisation IRI
        self.labels: dict[str, tuple[str | None, str | None]] = {}
        self.relations: list[tuple[str, str, str, Span]] = []
        self.last_frame: Frame | None = None
        self.frames: dict[int, list[Frame]] = {}  # sentence start → its reporting frames
        self.last_source: Mention | None = None
        # Indexes built on first use, so a sentence's work never scans the whole article.
        self._mention_index: tuple[int, list[int], list[int]] | None = None
        self._span_index: dict[str, tuple[list[Span], list[int], list[int]]] = {}
        self._time_index: tuple[list[int], list[int], list[int]] | None = None

    def add(self, m: Mention, label: str | None = None) -> Mention:
        """Register a mention (``label``: the written name of an unregistered entity)."""
        self.mentions.append(m)
        self._mention_index = None
        for i in range(m.start, m.end):
            self.by_token.setdefault(i, m)
        if m.iri not in self.labels:
            entry = self.reg.get(m.iri)
            if entry is not None:
                self.labels[m.iri] = (entry.label_en, entry.label_ar)
            else:
                self.labels[m.iri] = self._written(label)
        return m

    def _written(self, label: str | None) -> tuple[str | None, str | None]:
        """(label_en, label_ar) of a name as the article writes it, in its language."""
        return (label, None) if self.LANG == "en" else (None, label)

    def mentions_in(self, start: int, end: int) -> list[Mention]:
        """The mentions that start in tokens ``start`` … ``end - 1``, in :attr:`mentions` order.

        Call :meth:`reindex` after reordering :attr:`mentions` in place.
        """
        index = self._mention_index
        if index is None or index[0] != len(self.mentions):
            order = sorted(range(len(self.mentions)), key=lambda k: self.mentions[k].start)
            index = (len(self.mentions), [self.mentions[k].start for k in order], order)
            self._mention_index = index
        _, starts, order = index
        picked = order[bisect_left(starts, start) : bisect_left(starts, end)]
        return [self.mentions[k] for k in sorted(picked)]

    def reindex(self) -> None:
        """Forget the index of :attr:`mentions` (after sorting it in place)."""
        self._mention_index = None

    def spans_in(self, group: str, start: int, end: int) -> list[Span]:
        """The spans of ``doc.spans[group]`` that start in tokens ``start`` … ``end - 1``, in order.

        The span groups are read once: the extraction does not change them.
        """
        if group not in self._span_index:
            spans = list(self.doc.spans[group])
            order = sorted(range(len(spans)), key=lambda k: spans[k].start)
            self._span_index[group] = (spans, [spans[k].start for k in order], order)
        spans, starts, order = self._span_index[group]
        picked = order[bisect_left(starts, start) : bisect_left(starts, end)]
        return [spans[k] for k in sorted(picked)]

    def in_time(self, tok: Token) -> bool:
        """The token starts inside one of the article's time expressions."""
        return self._time_cover(tok.idx)

    def time_starts_at(self, char: int) -> bool:
        """One of the article's time expressions starts at character ``char``."""
        starts, _, _ = self._times()
        k = bisect_left(starts, char)
        return k < len(starts) and starts[k] == char

    def times_in(self, start_char: int, end_char: int) -> list[TimeRef]:
        """The time expressions that start in characters ``start_char`` … ``end_char - 1``, in order."""
        starts, _, order = self._times()
        picked = order[bisect_left(starts, start_char) : bisect_left(starts, end_char)]
        return [self.times[k] for k in sorted(picked)]

    def _times(self) -> tuple[list[int], list[int], list[int]]:
        """The time expressions' starts (sorted), the running maximum of their ends, the order."""
        if self._time_index is None:
            order = sorted(range(len(self.times)), key=lambda k: self.times[k].start)
            starts = [self.times[k].start for k in order]
            ends = list(accumulate((self.times[k].end for k in order), max))
            self._time_index = (starts, ends, order)
        return self._time_index

    def _time_cover(self, char: int) -> bool:
        starts, max_ends, _ = self._times()
        k = bisect_right(starts, char)  # the expressions that start at or before ``char``
        return k > 0 and max_ends[k - 1] > char

    def kind_of(self, iri: str) -> str:
        """The ontology class of an entity (``Organization`` when the registry lacks it)."""
        entry = self.reg.get(iri)
        return entry.kind if entry is not None else "Organization"

    def ref(self, m: Mention | None) -> EntityRef | None:
        """The :class:`~kg.types.EntityRef` of a mention (character offsets), or None."""
        if m is None:
            return None
        span = self.doc[m.start : m.end]
        entry = self.reg.get(m.iri)
        if entry is not None:
            en, ar = entry.label_en, entry.label_ar
        else:
            en, ar = self.labels.get(m.iri) or self._written(span.text)
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
        """The mention covering token ``i``, or None."""
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


def article_countries(ctx: ArticleContext, readings: dict) -> list[str]:
    """Countries of the article's unambiguous registry names, most mentioned first.

    ``readings``: ``doc._.readings`` (the ambiguous names, left out).
    """
    counts: dict[str, int] = {}
    for span in ctx.doc.spans[ENTITIES]:
        if not span.id_ or (span.start, span.end) in readings:
            continue
        entry = ctx.reg.get(span.id_)
        if entry is not None and entry.country:
            counts[entry.country] = counts.get(entry.country, 0) + 1
    return sorted(counts, key=lambda c: -counts[c])


def reading_by_country(
    ctx: ArticleContext, hits: list[tuple[str, str]], countries: list[str]
) -> tuple[str, str]:
    """The reading of an ambiguous name in the country the article talks about most."""
    for country in countries:
        for label, iri in hits:
            entry = ctx.reg.get(iri)
            if entry is not None and entry.country == country:
                return label, iri
    return hits[0]
