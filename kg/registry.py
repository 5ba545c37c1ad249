"""The registry of known actors and places as plain value objects.

The registry is a SKOS scheme (``kgr:registry``) of actors ``kgr:actor/<ID>`` and places
``kgr:place/<ID>`` spread over three Turtle files in ``ontology/``:

* ``registry.ttl``, written by hand: states, governments, armed forces and groups, operations,
  IGOs, leaders and spokespeople, and the main places; authoritative;
* ``countries.ttl``, generated (``python ontology/build_registry.py``): every other ISO 3166-1
  country as a ``kg:State`` actor and a ``kg:Place``;
* ``places.ttl``, generated: the cities (≥ 15,000 inhabitants) of the conflict region with
  coordinates, from GeoNames.

:func:`load_registry` reads them once per process and returns a :class:`Registry` of frozen
:class:`RegistryEntry` objects keyed by IRI. Entries iterate in priority order: hand-written
first, then countries, then cities by decreasing population, so that wherever one label names
several entries (the gazetteer keeps the first) the better-known one wins;
:meth:`Registry.places_named` lists all the places of a label for disambiguation.

Parsing the ~38k triples with rdflib takes ~2 s, so the entries are cached as JSON keyed by
the SHA-256 of the files (and of this module's format version) in the user cache directory
(``$KG_CACHE_DIR``, else ``$XDG_CACHE_HOME/kg``, else ``~/.cache/kg``; ``KG_CACHE_DIR=""``
disables it). A stale or unreadable cache is ignored and rewritten; the cache only ever holds
what the files say. ``Registry.graph`` (the rdflib graph) is parsed lazily when first used.

>>> reg = load_registry()
>>> reg.by_id("LNA").label_ar
'الجيش الوطني الليبي'
>>> reg.by_id("LBY").demonyms_en
('Libyan',)
>>> [reg.get(iri).id for iri in reg.parents(reg.by_id("TAMINA").iri)]
['MISRATA', 'LBY']
>>> [e.country for e in reg.places_named("طرابلس")]
['LBY', 'LBN']
"""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import json
import os
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path

import rdflib
from rdflib import RDF, SKOS, Literal, Namespace, URIRef

from kg.text import normalize
from kg.vocab import GEO, KG, KGR, ONTOLOGY_DIR

__all__ = ["Registry", "RegistryEntry", "load_registry", "REGISTRY_FILES"]

REGISTRY_SCHEME = KGR.registry
#: The registry files, in priority order (earlier files win on shared labels).
REGISTRY_FILES = ("registry.ttl", "countries.ttl", "places.ttl")
#: GeoNames ontology (``gn:population`` on generated places).
GN = Namespace("http://www.geonames.org/ontology#")
#: Bump when :class:`RegistryEntry` or the reading rules change (invalidates caches).
_CACHE_FORMAT = 2


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
    demonyms_en: tuple[str, ...] = ()
    sector: str | None = None
    country: str | None = None
    lat: float | None = None
    long: float | None = None
    part_of: tuple[str, ...] = ()
    member_of: tuple[str, ...] = ()
    leads: tuple[str, ...] = ()
    spokesperson_of: tuple[str, ...] = ()
    located_in: tuple[str, ...] = ()
    population: int | None = None
    source: str = "registry.ttl"

    @property
    def is_place(self) -> bool:
        """Whether the entry is a place (``kg:Place``) rather than an actor."""
        return self.kind == "Place"

    @property
    def labels(self) -> tuple[str, ...]:
        """Preferred labels and aliases, Arabic then English."""
        return tuple(
            x for x in (self.label_ar, self.label_en, *self.aliases_ar, *self.aliases_en) if x
        )


def _label_key(text: str) -> str:
    """The lookup form of a label: normalized, spaces squeezed."""
    return " ".join(normalize(text).split())


class Registry:
    """Known actors and places, by IRI, in priority order (see the module docstring)."""

    def __init__(
        self,
        entries: dict[str, RegistryEntry],
        graph: rdflib.Graph | None = None,
        paths: Sequence[Path] = (),
    ) -> None:
        """Wrap ``entries`` (by IRI, in priority order) read from ``graph`` or ``paths``."""
        self.entries = entries
        self._graph = graph
        self._paths = tuple(paths)
        self._by_id = {}
        for e in entries.values():
            self._by_id.setdefault((e.kind == "Place", e.id), e)
        self._places: dict[str, list[RegistryEntry]] = {}
        for e in entries.values():
            if e.is_place:
                for key in dict.fromkeys(_label_key(x) for x in e.labels):
                    self._places.setdefault(key, []).append(e)

    @functools.cached_property
    def digest(self) -> str:
        """A hash of the registry's content: a stored article extracted under another is stale."""
        if self._paths:
            return _cache_key(self._paths)
        h = hashlib.sha256()
        for e in self.entries.values():
            h.update(repr(e).encode("utf-8"))
        return h.hexdigest()

    @property
    def graph(self) -> rdflib.Graph:
        """The rdflib graph of all registry files (parsed on first use)."""
        if self._graph is None:
            self._graph = _parse(self._paths)
        return self._graph

    def __len__(self) -> int:
        """Return the number of entries."""
        return len(self.entries)

    def __iter__(self) -> Iterator[RegistryEntry]:
        """Iterate over the entries in priority order."""
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

    def places_named(self, norm_label: str) -> list[RegistryEntry]:
        """All places with this label (any language, normalized or not), best-known first.

        Hand-written places come first, then generated ones by decreasing population; the
        caller picks the one in the article's country when there are several.
        """
        return list(self._places.get(_label_key(norm_label), ()))

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


def _entry(graph: rdflib.Graph, subject: URIRef, source: str) -> RegistryEntry:
    """Read one registry entry from the graph."""
    iri = str(subject)
    labels_ar = _literals(graph, subject, SKOS.prefLabel, "ar")
    labels_en = _literals(graph, subject, SKOS.prefLabel, "en")
    population = _number(graph, subject, GN.population)
    return RegistryEntry(
        iri=iri,
        id=iri.rstrip("/").rsplit("/", 1)[-1],
        kind=_kind(graph, subject),
        label_ar=_first(labels_ar),
        label_en=_first(labels_en),
        aliases_ar=tuple(_literals(graph, subject, SKOS.altLabel, "ar")),
        aliases_en=tuple(_literals(graph, subject, SKOS.altLabel, "en")),
        demonyms_ar=tuple(_literals(graph, subject, KG.demonym, "ar")),
        demonyms_en=tuple(_literals(graph, subject, KG.demonym, "en")),
        sector=_string(graph, subject, KG.sector),
        country=_string(graph, subject, KG.country),
        lat=_number(graph, subject, GEO.lat),
        long=_number(graph, subject, GEO.long),
        part_of=_iris(graph, subject, KG.partOf),
        member_of=_iris(graph, subject, KG.memberOf),
        leads=_iris(graph, subject, KG.leads),
        spokesperson_of=_iris(graph, subject, KG.spokespersonOf),
        located_in=_iris(graph, subject, KG.locatedIn),
        population=None if population is None else int(population),
        source=source,
    )


def _parse(paths: Iterable[Path]) -> rdflib.Graph:
    graph = rdflib.Graph()
    for path in paths:
        graph.parse(path, format="turtle")
    return graph


def _read_entries(paths: Sequence[Path]) -> tuple[list[RegistryEntry], rdflib.Graph]:
    """Parse the files and return their entries in priority order, and the merged graph."""
    merged = rdflib.Graph()
    out: list[RegistryEntry] = []
    seen: set[str] = set()
    for path in paths:
        graph = rdflib.Graph().parse(path, format="turtle")
        merged += graph
        subjects = {
            s
            for s in graph.subjects(SKOS.inScheme, REGISTRY_SCHEME)
            if isinstance(s, URIRef) and str(s) not in seen
        }
        batch = [_entry(graph, s, path.name) for s in subjects]
        batch.sort(key=lambda e: (-(e.population or 0), e.iri))
        seen.update(e.iri for e in batch)
        out.extend(batch)
    return out, merged


def _cache_dir() -> Path | None:
    configured = os.environ.get("KG_CACHE_DIR")
    if configured is not None:
        return Path(configured) if configured else None
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "kg"


def _cache_key(paths: Sequence[Path]) -> str:
    h = hashlib.sha256(f"registry-cache-{_CACHE_FORMAT}".encode())
    for path in paths:
        h.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return h.hexdigest()


_TUPLE_FIELDS = tuple(
    f.name for f in dataclasses.fields(RegistryEntry) if str(f.type).startswith("tuple")
)


def _from_cache(file: Path) -> list[RegistryEntry] | None:
    try:
        rows = json.loads(file.read_text(encoding="utf-8"))
        return [
            RegistryEntry(**{k: tuple(v) if k in _TUPLE_FIELDS else v for k, v in row.items()})
            for row in rows
        ]
    except (OSError, ValueError, TypeError):
        return None


def _to_cache(file: Path, entries: list[RegistryEntry]) -> None:
    try:
        file.parent.mkdir(parents=True, exist_ok=True)
        tmp = file.with_suffix(f".{os.getpid()}.tmp")
        rows = [dataclasses.asdict(e) for e in entries]
        tmp.write_text(json.dumps(rows, ensure_ascii=False), encoding="utf-8")
        tmp.replace(file)
    except OSError:
        pass


@functools.lru_cache(maxsize=8)
def _load(paths: tuple[str, ...]) -> Registry:
    """Read the registry files (cached by paths in memory and by content on disk)."""
    files = [Path(p) for p in paths]
    cache = _cache_dir()
    cache_file = cache / f"registry-{_cache_key(files)}.json" if cache else None
    entries = _from_cache(cache_file) if cache_file and cache_file.exists() else None
    graph = None
    if entries is None:
        entries, graph = _read_entries(files)
        if cache_file is not None:
            _to_cache(cache_file, entries)
    return Registry({e.iri: e for e in entries}, graph, files)


def load_registry(path: str | Path | Sequence[str | Path] | None = None) -> Registry:
    """Load the registry, cached.

    ``path`` is one Turtle file, a sequence of files (in priority order), or None for the
    packaged ``registry.ttl``, ``countries.ttl`` and ``places.ttl`` (the generated files are
    skipped if absent).
    """
    if path is None:
        paths = [ONTOLOGY_DIR / n for n in REGISTRY_FILES]
        paths = [p for p in paths if p.exists() or p.name == REGISTRY_FILES[0]]
    elif isinstance(path, (str, Path)):
        paths = [Path(path)]
    else:
        paths = [Path(p) for p in path]
    return _load(tuple(str(p.resolve()) for p in paths))
