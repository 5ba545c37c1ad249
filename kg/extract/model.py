"""What the extraction works with inside one doc: mentions, reporting frames, draft events.

Offsets here are token offsets into the doc; :mod:`kg.extract.driver` turns drafts into
:class:`~kg.types.Event` records with character offsets.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span

from kg.types import TimeRef

__all__ = ["Mention", "Frame", "Draft"]


@dataclass
class Mention:
    """An entity mention inside the doc (token offsets) and the entity it refers to.

    ``how`` says how it was found: ``name`` (the gazetteer or a name rule), ``ner`` (the
    trained NER), ``alias`` (a later short form of a name), ``pronoun`` (a pronoun suffix),
    ``generic`` (a short form such as الجيش), ``owner`` (the organisation behind a noun
    phrase), ``group``, ``role`` (an unnamed office holder) or ``facility``.
    """

    start: int
    end: int
    iri: str
    kind: str
    registered: bool
    demonym: bool = False
    how: str = "name"


@dataclass
class Frame:
    """A reporting frame: the speaker, the body it speaks for, and the token range it covers."""

    verb: int
    speaker: Mention | None
    org: Mention | None
    start: int
    end: int


@dataclass
class Draft:
    """An event under construction: the trigger, its rule's fields and the roles found so far."""

    trigger: Span
    event_type: str
    mode: str | None
    pos: str
    actor: Mention | None = None
    target: Mention | None = None
    place: Mention | None = None
    time: TimeRef | None = None
    frame: Frame | None = None
    explicit_subject: bool = False
    #: The rules read the trigger as passive (its grammatical subject is the target).
    passive: bool = False
    #: The trained detector's probability that the trigger reports an event (None: rules).
    score: float | None = None
    #: PLOVER's size: ``killed``, ``injured``, ``arrested`` counts the sentence gives.
    size: dict[str, int] = field(default_factory=dict)


def same_entity(a: Mention | None, b: Mention | None) -> bool:
    """The two mentions are one entity or overlap in the text (False when either is None)."""
    if a is None or b is None:
        return False
    return a.iri == b.iri or (a.start < b.end and b.start < a.end)
