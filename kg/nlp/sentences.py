"""Sentence boundaries at paragraph breaks and full stops, at most ``max_tokens`` long (``kg_sentences``).

spaCy's rule-based ``sentencizer`` misses paragraph breaks and splits inside numbers; this one
starts a sentence after every line break and after a full stop (and the closing quotes or
bracket that follow it), but not inside ``1.5``. A sentence longer than ``max_tokens``
(:data:`MAX_SENTENCE_TOKENS`: longer than 99.9 % of the sentences of real news, a list or a
text without punctuation) is cut at its last clause boundary in the second half of the
window (after a comma, before a ``clause_starts`` word), else at ``max_tokens``: the
per-sentence work of the later components then stays bounded. The marks and words are the
factory's config, so every language can use it::

    nlp.add_pipe("kg_sentences", config={"punct_chars": [".", "?", "!"], "clause_starts": ["and"]})
"""

from __future__ import annotations

from collections.abc import Iterable

import numpy
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["KgSentencizer", "FULL_STOPS", "QUOTES", "CLAUSE_MARKS", "MAX_SENTENCE_TOKENS"]

#: Sentence-final marks: Latin and Arabic (؟) full stops.
FULL_STOPS: tuple[str, ...] = (".", "؟", "?", "!")
#: Quote marks that may close a sentence (or open a name): guillemets, straight and curly quotes.
QUOTES: tuple[str, ...] = ("«", "»", '"', "“", "”", "'")
#: Marks after which a clause may start: a cut of an overlong sentence prefers them.
CLAUSE_MARKS: tuple[str, ...] = ("،", ",", "؛", ";", ":")
#: The longest sentence (in tokens) the pipeline makes. On the 37,652 sentences of ANT v1.1
#: news the median is 33 tokens, the 99.9th percentile 169; 23 are longer than 200, most of
#: them results tables and lists (docs/extraction.md).
MAX_SENTENCE_TOKENS = 200


@Language.factory(
    "kg_sentences",
    assigns=["token.is_sent_start"],
    default_config={
        "punct_chars": list(FULL_STOPS),
        "quotes": list(QUOTES),
        "max_tokens": MAX_SENTENCE_TOKENS,
        "clause_starts": [],
    },
)
def make_sentences(
    nlp: Language,
    name: str,
    punct_chars: list[str],
    quotes: list[str],
    max_tokens: int,
    clause_starts: list[str],
) -> KgSentencizer:
    """Sentence boundaries at paragraph breaks and full stops, at most ``max_tokens`` long."""
    return KgSentencizer(punct_chars, quotes, max_tokens=max_tokens, clause_starts=clause_starts)


class KgSentencizer:
    """Start a sentence after a line break and after a full stop (and any closing quote after it)."""

    def __init__(
        self,
        punct_chars: Iterable[str] = FULL_STOPS,
        quotes: Iterable[str] = QUOTES,
        *,
        max_tokens: int = MAX_SENTENCE_TOKENS,
        clause_starts: Iterable[str] = (),
        clause_marks: Iterable[str] = CLAUSE_MARKS,
    ):
        """Sentences end at ``punct_chars``; ``quotes`` after a full stop still belong to it.

        No sentence is longer than ``max_tokens`` (≥ 2): a longer one is cut before a token
        whose norm is in ``clause_starts`` or after one of ``clause_marks``, else at the limit.
        """
        if max_tokens < 2:
            raise ValueError(f"kg_sentences: max_tokens must be at least 2, not {max_tokens}")
        self.ends = frozenset(punct_chars)
        self.quotes = frozenset(quotes)
        self.max_tokens = max_tokens
        self.clause_starts = frozenset(clause_starts)
        self.clause_marks = frozenset(clause_marks)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``token.is_sent_start`` on every token of ``doc``.

        The flags are written in one ``Doc.from_array`` call: spaCy's ``is_sent_start``
        setter scans the whole doc each time, which made a long article quadratic.
        """
        if len(doc) == 0:
            return doc
        starts = self._boundaries(doc)
        self._cap(doc, starts)
        flags = numpy.array([1 if b else -1 for b in starts], dtype="int64").astype("uint64")
        doc.from_array([SENT_START], flags.reshape(-1, 1))
        return doc

    def _boundaries(self, doc: Doc) -> list[bool]:
        """Whether each token starts a sentence: at line breaks and after full stops."""
        starts = []
        start_next = True
        for token in doc:
            if token.is_space:
                starts.append(start_next)
                if "\n" in token.text:
                    start_next = True
                continue
            starts.append(start_next)
            start_next = False
            if token.text in self.ends and token.i + 1 < len(doc):
                nxt = doc[token.i + 1]
                if nxt.text in self.quotes or nxt.text == ")":
                    continue
                if nxt.is_space or token.whitespace_:
                    start_next = True
                if token.text == "." and not token.whitespace_ and nxt.is_digit:
                    start_next = False
            elif token.text in self.quotes and token.i > 0 and doc[token.i - 1].text in self.ends:
                start_next = bool(token.whitespace_) or (
                    token.i + 1 < len(doc) and doc[token.i + 1].is_space
                )
        return starts

    def _cap(self, doc: Doc, starts: list[bool]) -> None:
        """Cut every sentence longer than ``max_tokens`` (linear in the length of ``doc``)."""
        firsts = [i for i, b in enumerate(starts) if b]
        for start, end in zip(firsts, [*firsts[1:], len(doc)], strict=True):
            while end - start > self.max_tokens:
                start = self._cut(doc, start)
                starts[start] = True

    def _cut(self, doc: Doc, start: int) -> int:
        """Where the overlong sentence from ``start`` is cut (the start of its next piece).

        At its last clause boundary in the second half of its first ``max_tokens`` tokens,
        else right after them.
        """
        limit = start + self.max_tokens
        for i in range(limit, start + self.max_tokens // 2, -1):
            tok = doc[i]
            if tok.is_space:
                continue
            if tok.norm_ in self.clause_starts or self._after_mark(doc, i, start):
                return i
        return limit

    def _after_mark(self, doc: Doc, i: int, start: int) -> bool:
        """Whether a clause mark (and nothing but space) comes right before token ``i``."""
        j = i - 1
        while j > start and doc[j].is_space:
            j -= 1
        return j > start and doc[j].text in self.clause_marks
