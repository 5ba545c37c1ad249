"""Sentence boundaries at paragraph breaks and full stops (``kg_sentences``).

spaCy's rule-based ``sentencizer`` misses paragraph breaks and splits inside numbers; this one
starts a sentence after every line break and after a full stop (and the closing quotes or
bracket that follow it), but not inside ``1.5``. The full stops and quotes are the factory's
config, so every language can use it::

    nlp.add_pipe("kg_sentences", config={"punct_chars": [".", "?", "!"]})
"""

from __future__ import annotations

from collections.abc import Iterable

from spacy.language import Language
from spacy.tokens import Doc

__all__ = ["KgSentencizer", "FULL_STOPS", "QUOTES"]

#: Sentence-final marks: Latin and Arabic (؟) full stops.
FULL_STOPS: tuple[str, ...] = (".", "؟", "?", "!")
#: Quote marks that may close a sentence (or open a name): guillemets, straight and curly quotes.
QUOTES: tuple[str, ...] = ("«", "»", '"', "“", "”", "'")


@Language.factory(
    "kg_sentences",
    assigns=["token.is_sent_start"],
    default_config={"punct_chars": list(FULL_STOPS), "quotes": list(QUOTES)},
)
def make_sentences(
    nlp: Language, name: str, punct_chars: list[str], quotes: list[str]
) -> KgSentencizer:
    """Sentence boundaries at paragraph breaks and full stops."""
    return KgSentencizer(punct_chars, quotes)


class KgSentencizer:
    """Start a sentence after a line break and after a full stop (and any closing quote after it)."""

    def __init__(self, punct_chars: Iterable[str] = FULL_STOPS, quotes: Iterable[str] = QUOTES):
        """Sentences end at ``punct_chars``; ``quotes`` after a full stop still belong to it."""
        self.ends = frozenset(punct_chars)
        self.quotes = frozenset(quotes)

    def __call__(self, doc: Doc) -> Doc:
        """Set ``token.is_sent_start`` on every token of ``doc``."""
        start_next = True
        for token in doc:
            if token.is_space:
                token.is_sent_start = start_next
                if "\n" in token.text:
                    start_next = True
                continue
            token.is_sent_start = start_next
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
        return doc
