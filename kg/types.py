"""Small frozen value objects passed between pipeline stages."""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from typing import Any

__all__ = [
    "PLOVER_TYPES",
    "QUAD_CLASSES",
    "Article",
    "TextSpan",
    "EntityRef",
    "TimeRef",
    "Event",
    "Relation",
]

#: The 16 PLOVER event types and the CAMEO/PLOVER quad class each belongs to.
QUAD_CLASSES: dict[str, str] = {
    "AGREE": "VerbalCooperation",
    "CONSULT": "VerbalCooperation",
    "SUPPORT": "VerbalCooperation",
    "CONCEDE": "VerbalCooperation",
    "COOPERATE": "MaterialCooperation",
    "AID": "MaterialCooperation",
    "RETREAT": "MaterialCooperation",
    "REQUEST": "VerbalConflict",
    "ACCUSE": "VerbalConflict",
    "REJECT": "VerbalConflict",
    "THREATEN": "VerbalConflict",
    "PROTEST": "MaterialConflict",
    "SANCTION": "MaterialConflict",
    "MOBILIZE": "MaterialConflict",
    "COERCE": "MaterialConflict",
    "ASSAULT": "MaterialConflict",
}
PLOVER_TYPES: tuple[str, ...] = tuple(QUAD_CLASSES)


@dataclass(frozen=True)
class Article:
    """One input article; ``text`` is exactly what was read from the file."""

    id: str
    text: str
    lang: str
    path: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    source: str | None = None


@dataclass(frozen=True)
class TextSpan:
    """A piece of article text with character offsets into ``Article.text``."""

    text: str
    start: int
    end: int


@dataclass(frozen=True)
class EntityRef:
    """A mention resolved to an entity node (registry IRI or minted from its label).

    ``kind`` is the local name of the ontology class (``ArmedForce``, ``Place`` …).
    """

    iri: str
    kind: str
    label_en: str | None
    label_ar: str | None
    text: str
    start: int
    end: int
    registered: bool = True

    def to_json(self) -> dict[str, Any]:
        return {
            "iri": self.iri,
            "kind": self.kind,
            "label_en": self.label_en,
            "label_ar": self.label_ar,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }


@dataclass(frozen=True)
class TimeRef:
    """A time expression and, when the publication date allows, the date it denotes."""

    text: str
    start: int
    end: int
    date: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "date": self.date.isoformat() if self.date else None,
        }


@dataclass(frozen=True)
class Event:
    """One extracted event report: who did what to whom, where, when, and who says so."""

    article: str
    event_type: str
    trigger: TextSpan
    sentence: TextSpan
    mode: str | None = None
    actor: EntityRef | None = None
    target: EntityRef | None = None
    place: EntityRef | None = None
    claimed_by: EntityRef | None = None
    time: TimeRef | None = None
    confidence: float = 0.5
    extractor: str = ""
    extras: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)

    def to_json(self, event_id: str) -> dict[str, Any]:
        def ref(r: EntityRef | None) -> dict[str, Any] | None:
            return r.to_json() if r else None

        return {
            "article": self.article,
            "id": event_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "trigger": asdict(self.trigger),
            "actor": ref(self.actor),
            "target": ref(self.target),
            "place": ref(self.place),
            "claimed_by": ref(self.claimed_by),
            "time": self.time.to_json() if self.time else None,
            "sentence": asdict(self.sentence),
            "confidence": round(self.confidence, 3),
            "extractor": self.extractor,
        }


@dataclass(frozen=True)
class Relation:
    """A stated relation between two entities (leads, memberOf, partOf, spokespersonOf, locatedIn)."""

    article: str
    subject: EntityRef
    predicate: str
    object: EntityRef
    sentence: TextSpan
