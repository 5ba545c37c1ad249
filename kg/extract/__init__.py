"""Doc → Event: the language-neutral part of event extraction.

A language's grammar (in its pack, :mod:`kg.lang`) finds mentions, reporting frames and
roles; this package holds what every grammar shares:

- :mod:`kg.extract.model`: mentions, frames and draft events (token offsets);
- :mod:`kg.extract.context`: per-article state and :func:`mint_iri`, the identity of
  entities the registry lacks;
- :mod:`kg.extract.event_types`: how each PLOVER type behaves (a data table);
- :mod:`kg.extract.roles`: the choice of place, time and mode;
- :mod:`kg.extract.driver`: the :class:`Grammar` interface and :func:`extract`, the loop over
  sentences that turns drafts into :class:`~kg.types.Event` records;
- :mod:`kg.extract.component`: the ``kg_events`` spaCy component.
"""

from kg.extract.context import ArticleContext, mint_iri
from kg.extract.driver import Grammar, extract
from kg.extract.event_types import EVENT_TYPES, EventType

__all__ = ["ArticleContext", "EVENT_TYPES", "EventType", "Grammar", "extract", "mint_iri"]
