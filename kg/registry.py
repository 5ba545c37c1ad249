"""The registry of known actors and places (``ontology/registry.ttl``) as plain value objects.

The registry is a SKOS scheme (``kgr:registry``) of actors ``kgr:actor/<ID>`` and places
``kgr:place/<ID>``; :func:`load_registry` reads it once per path and returns a :class:`Registry`
of frozen :class:`RegistryEntry` objects keyed by IRI:

>>> reg = load_registry()
>>> reg.by_id("LNA").label_ar
'الجيش الوطني الليبي'
>>> [reg.get(iri).id for iri in reg.parents(reg.by_id("TAMINA").iri)]
['MISRATA', 'LBY']
"""

from __future__ import annotations

import functools
from collections import deque
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import RDF, SKOS, Literal, URIRef

from kg.rdf.namespace import GEO, KG, KGR, ONTOLOGY_DIR

__all__ = ["Registry", "RegistryEntry", "load_registry"]

REGISTRY_SCHEME = KGR.registry


@dataclass(frozen=True)
class RegistryEntry:
    """One known actor or place; relation fields hold the IRIs of other entries."""

    iri: str
    id: str
    kind: str
    label_ar: str | None
    label_en: str | None
    aliases_ar: tuple[str, ...] = ()
    aliases_en: tuple[str, ...] = ()
    demonyms_ar: tuple[str, ...] = ()
    sector: str | None = None
    country: str | None = None
    lat: float | None = None
    long: float | None = None
    part_of: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()
    spokesperson_of: tuple[str, ...] = ()
    located_in: tuple[str, ...] = ()

    @property
    def is_place(self) -> bool:
        """Whether the entry is a place (``kg:Place``) rather than an actor."""
        return self.kind == "Place"


class Registry:
    """Known actors and places, by IRI, with the rdflib graph they were read from."""

    def __init__(self, entries: dict[str, RegistryEntry], graph: rdflib.Graph) -> None:
        """Wrap ``entries`` (by IRI) and the ``graph`` they came from."""
        self.entries = entries
        self.graph = graph
        self._by_id = {(e.kind == "Place", e.id): e for e in entries.values()}

    def __len__(self) -> int:
        """Return the number of entries."""
        return len(self.entries)

    def __iter__(self) -> Iterator[RegistryEntry]:
        """Iterate over the entries, sorted by IRI."""
        return iter(self.entries.values())

    def __contains__(self, iri: object) -> bool:
        """Whether ``iri`` is a registry entry."""
        return str(iri) in self.entries

    def get(self, iri: str | URIRef) -> RegistryEntry | None:
        """Return the entry with this IRI, or None."""
        return self.entries.get(str(iri))

    def by_id(self, id: str, *, place: bool | None = None) -> RegistryEntry | None:
        """Return the entry with this ID; an actor before a place of the same ID unless ``place``."""
        if place is None:
            return self._by_id.get((False, id)) or self._by_id.get((True, id))
        return self._by_id.get((place, id))

    def parents(self, iri: str | URIRef) -> tuple[str, ...]:
        """Return the IRIs reached by partOf / memberOf / locatedIn, transitively, nearest first."""
        seen = {str(iri)}
        out: list[str] = []
        queue = deque([str(iri)])
        while queue:
            entry = self.entries.get(queue.popleft())
            if entry is None:
                continue
            for parent in (*entry.part_of, *entry.member_of, *entry.located_in):
                if parent not in seen:
                    seen.add(parent)
                    out.append(parent)
                    queue.append(parent)
        return tuple(out)


def _literals(graph: rdflib.Graph, subject: URIRef, predicate: URIRef, lang: str) -> list[str]:
    """Return the ``lang``-tagged literal values of ``predicate``, in sorted order."""
    return sorted(
        str(o)
        for o in graph.objects(subject, predicate)
        if isinstance(o, Literal) and o.language == lang
    )


def _first(values: list[str]) -> str | None:
    """Return the first value or None."""
    return values[0] if values else None


def _iris(graph: rdflib.Graph, subject: URIRef, predicate: URIRef) -> tuple[str, ...]:
    """Return the IRI objects of ``predicate``, sorted."""
    return tuple(sorted(str(o) for o in graph.objects(subject, predicate) if isinstance(o, URIRef)))


def _number(graph: rdflib.Graph, subject: URIRef, predicate: URIRef) -> float | None:
    """Return the numeric value of ``predicate`` as a float, or None."""
    value = graph.value(subject, predicate)
    return None if value is None else float(value)


def _string(graph: rdflib.Graph, subject: URIRef, predicate: URIRef) -> str | None:
    """Return the string value of ``predicate``, or None."""
    value = graph.value(subject, predicate)
    return None if value is None else str(value)


def _kind(graph: rdflib.Graph, subject: URIRef) -> str:
    """Return the local name of the subject's kg class (``ArmedForce``, ``Place`` …)."""
    kinds = sorted(str(t)[len(str(KG)) :] for t in graph.objects(subject, RDF.type) if t in KG)
    if not kinds:
        raise ValueError(f"registry entry without a kg class: {subject}")
    return kinds[0]


def _entry(graph: rdflib.Graph, subject: URIRef) -> RegistryEntry:
    """Read one registry entry from the graph."""
    iri = str(subject)
    labels_ar = _literals(graph, subject, SKOS.prefLabel, "ar")
    labels_en = _literals(graph, subject, SKOS.prefLabel, "en")
    return RegistryEntry(
        iri=iri,
        id=iri.rstrip("/").rsplit("/", 1)[-1],
        kind=_kind(graph, subject),
        label_ar=_first(labels_ar),
        label_en=_first(labels_en),
        aliases_ar=tuple(_literals(graph, subject, SKOS.altLabel, "ar")),
        aliases_en=tuple(_literals(graph, subject, SKOS.altLabel, "en")),
        demonyms_ar=tuple(_literals(graph, subject, KG.demonym, "ar")),
        sector=_string(graph, subject, KG.sector),
        country=_string(graph, subject, KG.country),
        lat=_number(graph, subject, GEO.lat),
        long=_number(graph, subject, GEO.long),
        part_of=_iris(graph, subject, KG.partOf),
        member_of=_iris(graph, subject, KG.memberOf),
        leads=_iris(graph, subject, KG.leads),
        spokesperson_of=_iris(graph, subject, KG.spokespersonOf),
        located_in=_iris(graph, subject, KG.locatedIn),
    )


@functools.lru_cache(maxsize=8)
def _load(path: str) -> Registry:
    """Parse the registry file at ``path`` (cached by path)."""
    graph = rdflib.Graph()
    graph.parse(path, format="turtle")
    subjects = sorted(set(graph.subjects(SKOS.inScheme, REGISTRY_SCHEME)), key=str)
    entries = {str(s): _entry(graph, s) for s in subjects if isinstance(s, URIRef)}
    return Registry(entries, graph)


def load_registry(path: str | Path | None = None) -> Registry:
    """Load the registry from ``path`` (default: the packaged ``registry.ttl``), cached."""
    resolved = Path(path) if path is not None else ONTOLOGY_DIR / "registry.ttl"
    return _load(str(resolved.resolve()))
