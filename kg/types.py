"""The small frozen value objects that travel between the stages.

``Article`` goes from :mod:`kg.ingest` to the language pipeline (as ``doc._.article``);
``Event`` and ``Relation`` (with their ``TextSpan``, ``EntityRef`` and ``TimeRef`` parts) go from
:mod:`kg.extract` to :mod:`kg.events` and :mod:`kg.graph`. Every ``Event`` keeps its provenance
(article, sentence and trigger offsets), because every triple must trace back to text.
``Event.to_json`` and ``Event.from_json`` are the two directions of ``events.jsonl``.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass
from typing import Any

__all__ = [
    "Article",
    "TextSpan",
    "EntityRef",
    "TimeRef",
    "Event",
    "Relation",
]


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
        """The JSON object of ``events.jsonl`` (``registered`` is implied by the IRI)."""
        return {
            "iri": self.iri,
            "kind": self.kind,
            "label_en": self.label_en,
            "label_ar": self.label_ar,
            "text": self.text,
            "start": self.start,
            "end": self.end,
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> EntityRef:
        """The inverse of :meth:`to_json`.

        Minted entities have IRIs whose last segment starts with ``x-``
        (:func:`kg.extract.mint_iri`); every other IRI is a registry entry.
        """
        return cls(
            iri=obj["iri"],
            kind=obj["kind"],
            label_en=obj.get("label_en"),
            label_ar=obj.get("label_ar"),
            text=obj["text"],
            start=obj["start"],
            end=obj["end"],
            registered=not obj["iri"].rsplit("/", 1)[-1].startswith("x-"),
        )


@dataclass(frozen=True)
class TimeRef:
    """A time expression and, when the publication date allows, the date it denotes."""

    text: str
    start: int
    end: int
    date: dt.date | None = None

    def to_json(self) -> dict[str, Any]:
        """The JSON object of ``events.jsonl`` (``date`` as an ISO string or null)."""
        return {
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "date": self.date.isoformat() if self.date else None,
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> TimeRef:
        """The inverse of :meth:`to_json`."""
        date = obj.get("date")
        return cls(
            obj["text"], obj["start"], obj["end"], dt.date.fromisoformat(date) if date else None
        )


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
    #: PLOVER's size, as this report gives it: the dead, the injured, the arrested.
    killed: int | None = None
    injured: int | None = None
    arrested: int | None = None

    def to_json(self, event_id: str) -> dict[str, Any]:
        """One line of ``events.jsonl``: this report and ``id``, the event it reports."""

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
            "killed": self.killed,
            "injured": self.injured,
            "arrested": self.arrested,
        }

    @classmethod
    def from_json(cls, obj: dict[str, Any]) -> Event:
        """The inverse of :meth:`to_json` (the event ``id`` is not part of the report)."""

        def ref(value: dict[str, Any] | None) -> EntityRef | None:
            return EntityRef.from_json(value) if value else None

        time = obj.get("time")
        return cls(
            article=obj["article"],
            event_type=obj["event_type"],
            trigger=TextSpan(**obj["trigger"]),
            sentence=TextSpan(**obj["sentence"]),
            mode=obj.get("mode"),
            actor=ref(obj.get("actor")),
            target=ref(obj.get("target")),
            place=ref(obj.get("place")),
            claimed_by=ref(obj.get("claimed_by")),
            time=TimeRef.from_json(time) if time else None,
            confidence=obj.get("confidence", 0.5),
            extractor=obj.get("extractor", ""),
            killed=obj.get("killed"),
            injured=obj.get("injured"),
            arrested=obj.get("arrested"),
        )


@dataclass(frozen=True)
class Relation:
    """A stated relation between two entities (leads, memberOf, partOf, spokespersonOf, locatedIn)."""

    article: str
    subject: EntityRef
    predicate: str
    object: EntityRef
    sentence: TextSpan
