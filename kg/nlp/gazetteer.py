"""Registry names in the text: a dict-based gazetteer over normalized tokens.

The table maps a name, as the tuple of its tokens' ``norm_``, to the ``(label, iri)`` readings
it can have, in priority order; the language pack fills it (with the inflections its
language needs) and the component marks the longest name at each position::

    table = GazetteerTable()
    table.add(("الجيش", "الوطني", "الليبي"), "ArmedForce", "https://w3id.org/conflict-kg/id/actor/LNA")
    nlp.add_pipe(...)  # a pack's factory returns Gazetteer(table, quotes=QUOTES)

A dict lookup stays fast with tens of thousands of names where spaCy's ``Matcher`` does not.
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.tokens import Doc, Span
from spacy.util import filter_spans

from kg.nlp.extensions import ENTITIES

__all__ = ["Gazetteer", "GazetteerTable", "longest"]


class GazetteerTable:
    """Names (tuples of normalized tokens) → their ``(label, iri)`` readings, first added first."""

    def __init__(self) -> None:
        """An empty table."""
        self.names: dict[tuple[str, ...], list[tuple[str, str]]] = {}

    def add(self, norms: tuple[str, ...], label: str, iri: str) -> None:
        """Register a name; a later entry with another IRI is kept as an alternative reading."""
        hits = self.names.setdefault(norms, [])
        if all(h[1] != iri for h in hits):
            hits.append((label, iri))

    @property
    def max_len(self) -> int:
        """The number of tokens of the longest name."""
        return max((len(k) for k in self.names), default=0)


class Gazetteer:
    """Mark the longest registry name at each position in ``doc.spans[ENTITIES]``.

    Quote marks inside a name are skipped (``قوات «بركان الغضب»``). A name with several
    readings gets the first as its span label and ``id_``, and all of them in
    ``doc._.readings`` for the extraction to choose from.
    """

    def __init__(self, table: GazetteerTable, quotes: Iterable[str] = ()) -> None:
        """Match the names of ``table``; tokens in ``quotes`` are looked through."""
        self.table = table.names
        self.max_len = table.max_len
        self.quotes = frozenset(quotes)
        # first word → the lengths of the names it starts, longest first
        lengths: dict[str, set[int]] = {}
        for name in filter(None, self.table):
            lengths.setdefault(name[0], set()).add(len(name))
        self.lengths = {w: sorted(ns, reverse=True) for w, ns in lengths.items()}

    def __call__(self, doc: Doc) -> Doc:
        """Set ``doc.spans[ENTITIES]`` and ``doc._.readings``."""
        # Positions of the tokens a name may consist of; quotes inside names are skipped.
        kept = [t for t in doc if t.text not in self.quotes]
        idx = [t.i for t in kept]
        readings: dict[tuple[int, int], list[tuple[str, str]]] = {}
        doc._.readings = readings
        norms = [t.norm_ for t in kept]
        spaces = [t.is_space for t in kept]
        spans = []
        for p in range(len(idx)):
            if spaces[p]:
                continue
            for n in self.lengths.get(norms[p], ()):
                if n > len(idx) - p:
                    continue
                hits = self.table.get(tuple(norms[p : p + n]))
                if hits:
                    label, iri = hits[0]
                    span = Span(doc, idx[p], idx[p + n - 1] + 1, label=label, span_id=iri)
                    spans.append(span)
                    if len(hits) > 1:
                        readings[(span.start, span.end)] = hits
                    break
        doc.spans[ENTITIES] = longest(spans)
        return doc


def longest(spans: list[Span]) -> list[Span]:
    """Non-overlapping spans, longest first (the first of equally long ones), in text order."""
    return sorted(filter_spans(spans), key=lambda s: s.start)
