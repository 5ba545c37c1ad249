"""The ``kg_events`` spaCy component: runs :func:`kg.extract.driver.extract` on each doc.

Each language pack registers a ``kg_events`` factory for its language that returns an
:class:`EventComponent` with its grammar. The article's id and publication date come from
``doc._.article`` (set by :func:`kg.nlp.extensions.article_doc`); a bare ``nlp(text)`` is
extracted as an article with an empty id and no date.
"""

from __future__ import annotations

from spacy.tokens import Doc

from kg.extract.driver import Grammar, extract
from kg.nlp import extensions as _extensions  # noqa: F401  (declares doc._.article …)

__all__ = ["EventComponent"]


class EventComponent:
    """Sets ``doc._.events`` and ``doc._.relations``."""

    def __init__(self, grammar: Grammar) -> None:
        """Extract with ``grammar``."""
        self.grammar = grammar

    def __call__(self, doc: Doc) -> Doc:
        """Extract the events and relations of ``doc``."""
        art = doc._.article
        events, relations = extract(
            doc,
            self.grammar,
            article=art.id if art is not None else "",
            pub_date=art.date if art is not None else None,
        )
        doc._.events = events
        doc._.relations = relations
        return doc
