"""Unregistered person names from Arabic titles and appositions (the ``kg_persons`` component).

``اللواء أحمد المسماري`` (a title, then the name) and ``قال علي أبو زيان، آمر …`` (a name
right after a reporting verb, then an appositive role) give person names the registry lacks;
where the trained NER tags a name inside, the NER's start wins (القائد الميداني خالد بوزريبة →
خالد بوزريبة).
"""

from __future__ import annotations

from spacy.tokens import Doc, Span, Token

from kg.lang.ar.lexicon import Lexicon
from kg.nlp.extensions import ENTITIES

__all__ = ["PersonFinder"]


class PersonFinder:
    """Find unregistered person names from titles and appositions: rules over closed word lists."""

    max_name = 4

    def __init__(self, lexicon: Lexicon) -> None:
        """Rules over the titles, role nouns and reporting verbs of ``lexicon``."""
        self.titles = lexicon.cue("titles")
        self.roles = lexicon.cue("role_nouns")
        self.reporting = lexicon.cue("reporting_verbs")
        self.stop = (
            lexicon.cue("complementizers")
            | lexicon.cue("reporting_verbs")
            | lexicon.cue("titles")
            | lexicon.cue("role_nouns")
            | lexicon.cue("negations")
            | lexicon.cue("name_stops")
        )

    def _is_name_word(self, token: Token) -> bool:
        n = token.norm_
        return (
            token.is_alpha
            and not token.is_space
            and n not in self.stop
            and len(n) >= 2
            and not token.is_punct
        )

    def _name_after(self, doc: Doc, i: int, taken: set[int]) -> Span | None:
        j = i
        while (
            j < len(doc) and j - i < self.max_name and j not in taken and self._is_name_word(doc[j])
        ):
            j += 1
        if j - i >= 2 or (j - i == 1 and j < len(doc) and doc[j].text in ("،", ",")):
            return Span(doc, i, j, label="Person")
        return None

    def __call__(self, doc: Doc) -> Doc:
        """Add the person names found to ``doc.spans[ENTITIES]``."""
        spans = list(doc.spans[ENTITIES])
        taken = {i for s in spans for i in range(s.start, s.end)}
        found: list[Span] = []
        for token in doc:
            n = token.norm_
            if n in self.titles and token.i + 1 < len(doc) and token.i + 1 not in taken:
                span = self._name_after(doc, token.i + 1, taken)
                if span is not None:
                    found.append(span)
            # NAME ، ROLE …  right after a reporting verb: "قال علي أبو زيان، آمر …"
            if n in self.reporting:
                k = token.i + 1
                while k < len(doc) and doc[k].norm_ in self.titles:
                    k += 1
                span = self._name_after(doc, k, taken)
                if span is not None and span.end + 1 < len(doc):
                    after = doc[span.end]
                    role = doc[span.end + 1]
                    if after.text in ("،", ",") and (
                        role.norm_ in self.roles or role.norm_ in self.titles
                    ):
                        found.append(span)
        # The statistical NER knows where a name starts better than "every word after the
        # title" does: القائد الميداني خالد بوزريبة → the name is خالد بوزريبة.
        ner_starts = {e.end: e.start for e in doc.ents if e.label_ == "PER"}
        for k, s in enumerate(found):
            start = ner_starts.get(s.end)
            if start is not None and s.start < start:
                found[k] = Span(doc, start, s.end, label=s.label_)
        for s in found:
            if not any(i in taken for i in range(s.start, s.end)):
                spans.append(s)
                taken.update(range(s.start, s.end))
        doc.spans[ENTITIES] = sorted(spans, key=lambda s: s.start)
        return doc
