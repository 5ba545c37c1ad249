"""Events, relations and articles → RDF in the shape of ``docs/graph-shape.md``.

The graph is a set of named graphs (an ``rdflib.Dataset``, TriG / N-Quads on disk):

* one graph per article, ``kgr:graph/<16 hex of the sha256 of its id>`` (:func:`article_graph_iri`),
  holding everything that article asserts: its metadata, its reports, the type and roles of
  the events it reports, the unregistered entities it mentions (as minted) and the relations it
  states. A graph depends on its article (and the registry) only, so an incremental build can
  replace or drop one article's graph without touching the others;
* :data:`REGISTRY_GRAPH` with the registry entries (labels, coordinates, affiliations) of the
  registered entities the articles use;
* :data:`LABELS_GRAPH` with the one ``skos:prefLabel`` per language of each minted entity: the
  spelling most articles use (:func:`labels_graph`). An article graph states only the
  spellings it saw (``rdfs:label``), so it still depends on its article alone; the labels graph
  is rebuilt from all article graphs on every build, like the registry graph.

:func:`build_graph` returns the union of those graphs as one plain ``rdflib.Graph``.

Identity is deterministic: the same input gives the same IRIs on every run and machine, in any
input order. Registry entities keep their registry IRI; unregistered ones get an IRI from their
kind and normalized label (:func:`kg.extract.mint_iri`), so the same name in two articles is one
node. A report's IRI is per statement (article, sentence, trigger, type); an event's IRI is the
hash of its :class:`~kg.events.merge.HappeningKey`, never of the article, so reports of one
happening in one article or in many share one event and corroboration is countable (see
:func:`kg.events.merge.assign_event_iris` for the merge rule).
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable, Iterator, Sequence
from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, XSD, Dataset, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.events.merge import HappeningKey, happening_keys, state_of_place
from kg.ingest import content_hash, to_iri
from kg.registry import Registry, load_registry
from kg.text import clean_text, normalize
from kg.types import Article, EntityRef, Event, Relation
from kg.vocab import GEO, KG, KGMODE, KGR, PLOVER_CLASS, PREFIXES

__all__ = [
    "REGISTRY_GRAPH",
    "article_graph_iri",
    "article_iri",
    "LABELS_GRAPH",
    "article_key",
    "article_triples",
    "bind_prefixes",
    "build_dataset",
    "build_graph",
    "is_minted",
    "labels_graph",
    "label_rows",
    "registry_graph",
    "report_iri",
    "union_graph",
]

#: The named graph holding the registry entries of the entities the articles use.
REGISTRY_GRAPH: URIRef = KGR["graph/registry"]
#: The named graph holding the preferred labels of the minted entities, store-wide.
LABELS_GRAPH: URIRef = KGR["graph/labels"]
_MINTED = (str(KGR["actor/x-"]), str(KGR["place/x-"]))

_RELATION = {
    "leads": KG.leads,
    "memberOf": KG.memberOf,
    "partOf": KG.partOf,
    "spokespersonOf": KG.spokespersonOf,
    "locatedIn": KG.locatedIn,
}


# --- IRIs -----------------------------------------------------------------------------------


def article_key(article: Article) -> str:
    """The first 16 hex of the sha256 of the article's id: an article is its id.

    Two articles with the same text under different ids stay two articles (wire copies
    republished by two outlets are two reports); a new text under the same id replaces the
    old one. Whether a stored article changed is decided by its content hash, not its IRI.
    """
    return hashlib.sha256(f"article|{article.id}".encode()).hexdigest()[:16]


def article_iri(article: Article) -> URIRef:
    """``kgr:article/<article_key>``: the article node."""
    return KGR[f"article/{article_key(article)}"]


def article_graph_iri(article: Article) -> URIRef:
    """``kgr:graph/<article_key>``: the named graph of one article."""
    return KGR[f"graph/{article_key(article)}"]


def report_iri(event: Event, article: Article) -> URIRef:
    """One statement: ``kgr:report/<sha1 of article key, sentence start, trigger start, type>``."""
    key = f"{article_key(article)}|{event.sentence.start}|{event.trigger.start}|{event.event_type}"
    return KGR[f"report/{hashlib.sha1(key.encode()).hexdigest()[:16]}"]


# --- triples -------------------------------------------------------------------------------


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes (:data:`kg.vocab.PREFIXES`) for readable Turtle / TriG."""
    for prefix, iri in PREFIXES.items():
        graph.bind(prefix, iri, replace=prefix == "geo")
    return graph


def _minted_label(ref: EntityRef, lang: str = "ar") -> str:
    """The label of a minted entity, from its text: no quotes, control or bidi characters."""
    written = ref.label_en if lang == "en" else ref.label_ar
    text = clean_text(written or ref.text)
    return " ".join(text.replace("«", " ").replace("»", " ").split())


def _add_entity(
    graph: Graph, ref_iri: str, ref: EntityRef | None, registry: Registry, lang: str, used: set
) -> URIRef:
    """Describe an entity: minted ones in ``graph``, registered ones go to ``used``."""
    node = URIRef(ref_iri)
    if registry.get(ref_iri) is not None:
        used.add(ref_iri)
        return node
    if ref is None:
        return node
    cls = getattr(KG, ref.kind) if ref.kind != "Place" else KG.Place
    graph.add((node, RDF.type, cls))
    # Only the spelling this article uses: the one prefLabel per language is chosen over all
    # articles, in LABELS_GRAPH (labels_graph), so that this graph depends on its article alone.
    graph.add((node, RDFS.label, Literal(_minted_label(ref, lang), lang=lang)))
    return node


def is_minted(iri: str) -> bool:
    """True for the IRI of a minted (unregistered) actor or place, ``kgr:actor/x-…``."""
    return str(iri).startswith(_MINTED)


def labels_graph(spellings: Iterable[tuple[str, str, Literal]]) -> Graph:
    """The preferred and alternative labels of minted entities, from the spellings articles use.

    ``spellings`` are ``(article graph, entity, rdfs:label literal)`` triples, as the article
    graphs state them. Per entity and language, the ``skos:prefLabel`` (and ``rdfs:label``) is
    the spelling the most article graphs use; a tie goes to the smallest string (code point
    order), so the choice depends on the set of articles only, never on their order or on
    which build added them. The other spellings and the normalized form the IRI is minted from
    are ``skos:altLabel`` (never equal to the prefLabel: SKOS keeps them disjoint).

    Example:
        >>> x = "https://w3id.org/conflict-kg/id/actor/x-1"
        >>> g = labels_graph([("g1", x, Literal("علي أبو زيان", lang="ar")),
        ...                   ("g2", x, Literal("علي ابو زيان", lang="ar")),
        ...                   ("g3", x, Literal("علي ابو زيان", lang="ar"))])
        >>> [str(o) for o in g.objects(URIRef(x), SKOS.prefLabel)]
        ['علي ابو زيان']
        >>> [str(o) for o in g.objects(URIRef(x), SKOS.altLabel)]
        ['علي أبو زيان']
    """
    graph = bind_prefixes(Graph())
    for entity, predicate, text, lang in label_rows(spellings):
        graph.add((URIRef(entity), URIRef(predicate), Literal(text, lang=lang or None)))
    return graph


def label_rows(
    spellings: Iterable[tuple[str, str, Literal]],
) -> Iterator[tuple[str, str, str, str]]:
    """The triples of :func:`labels_graph` as ``(entity, predicate IRI, text, language)``."""
    seen: dict[tuple[str, str], dict[str, set[str]]] = {}
    for graph_iri, entity, lit in spellings:
        key = (str(entity), lit.language or "")
        seen.setdefault(key, {}).setdefault(str(lit), set()).add(str(graph_iri))
    pref, label, alt = str(SKOS.prefLabel), str(RDFS.label), str(SKOS.altLabel)
    for (entity, lang), by_text in sorted(seen.items()):
        best = min(by_text, key=lambda t: (-len(by_text[t]), t))
        yield entity, pref, best, lang
        yield entity, label, best, lang
        others = set(by_text) | {" ".join(normalize(t).split()) for t in by_text}
        for text in sorted(others - {best}):
            yield entity, alt, text, lang


def minted_spellings(ds: Dataset) -> Iterator[tuple[str, str, Literal]]:
    """``(graph, entity, literal)``: each minted entity's ``rdfs:label`` in the article graphs.

    Not in the registry or labels graph. One pass over the dataset's labels: asking each
    graph for its own (``subject_objects``) scans every graph's labels each time in rdflib's
    memory store, quadratic in articles.
    """
    skip = {str(REGISTRY_GRAPH), str(LABELS_GRAPH)}
    for s, _, o, ctx in ds.quads((None, RDFS.label, None, None)):
        graph = str(getattr(ctx, "identifier", ctx))
        if graph not in skip and isinstance(o, Literal) and is_minted(str(s)):
            yield graph, str(s), o


def _add_registry_entry(graph: Graph, iri: str, registry: Registry) -> None:
    """Copy a registry entry's type, labels, coordinates and relations into ``graph``."""
    node = URIRef(iri)
    if (node, RDF.type, None) in graph:
        return
    entry = registry.entries[iri]
    graph.add((node, RDF.type, getattr(KG, entry.kind)))
    graph.add((node, RDF.type, SKOS.Concept))
    graph.add((node, SKOS.inScheme, KGR.registry))
    for text, lang in ((entry.label_ar, "ar"), (entry.label_en, "en")):
        if text:
            graph.add((node, SKOS.prefLabel, Literal(text, lang=lang)))
            graph.add((node, RDFS.label, Literal(text, lang=lang)))
    if entry.sector:
        graph.add((node, KG.sector, Literal(entry.sector)))
    if entry.country:
        graph.add((node, KG.country, Literal(entry.country)))
    if entry.lat is not None and entry.long is not None:
        graph.add((node, GEO.lat, Literal(Decimal(str(entry.lat)))))
        graph.add((node, GEO.long, Literal(Decimal(str(entry.long)))))
    for pred, targets in (
        (KG.partOf, entry.part_of),
        (KG.memberOf, entry.member_of),
        (KG.leads, entry.leads),
        (KG.spokespersonOf, entry.spokesperson_of),
        (KG.locatedIn, entry.located_in),
    ):
        for target in targets:
            if target in registry.entries:
                graph.add((node, pred, URIRef(target)))
                _add_registry_entry(graph, target, registry)


def registry_graph(iris: Iterable[str], registry: Registry | None = None) -> Graph:
    """The registry entries of ``iris`` and of the entries they relate to, as one graph.

    What :func:`build_dataset` puts into :data:`REGISTRY_GRAPH` for the registered entities
    its articles use: each entry's types (its kg class, ``skos:Concept``), ``skos:inScheme
    kgr:registry``, labels, sector, country, coordinates and ``kg:partOf`` / ``kg:memberOf`` /
    ``kg:leads`` / ``kg:spokespersonOf`` / ``kg:locatedIn`` links, plus the entries those links
    lead to (transitively).

    Args:
        iris: registry IRIs (strings), e.g. ``"https://w3id.org/conflict-kg/id/actor/LNA"``.
        registry: the registry (default :func:`kg.registry.load_registry`).

    Raises:
        KeyError: an IRI is not in the registry (minted entities have no entry).

    Example:
        >>> g = registry_graph(["https://w3id.org/conflict-kg/id/actor/LNA_AF"])
        >>> sorted(str(o).rsplit("/", 1)[-1] for o in g.objects(None, KG.partOf))
        ['LNA']
    """
    registry = registry or load_registry()
    graph = bind_prefixes(Graph())
    for iri in sorted(set(iris)):
        if iri not in registry.entries:
            raise KeyError(f"not in the registry: {iri}")
        _add_registry_entry(graph, iri, registry)
    return graph


def _add_article(graph: Graph, art: Article) -> URIRef:
    node = article_iri(art)
    graph.add((node, RDF.type, KG.Article))
    graph.add((node, DCTERMS.identifier, Literal(art.id)))
    graph.add((node, KG.contentHash, Literal(content_hash(art.text))))
    graph.add((node, DCTERMS.language, Literal(art.lang)))
    if art.title:
        graph.add((node, DCTERMS.title, Literal(art.title, lang=art.lang)))
    if art.date:
        graph.add((node, DCTERMS.date, Literal(art.date, datatype=XSD.date)))
    iri = to_iri(art.url) if art.url else None  # ingest made it one; an Article built by hand
    if iri:
        graph.add((node, DCTERMS.source, URIRef(iri)))
    if art.source:
        graph.add((node, DCTERMS.publisher, Literal(art.source)))
    # The named graph is what this article asserts: it derives from the article.
    graph.add((article_graph_iri(art), PROV.wasDerivedFrom, node))
    return node


def _add_report(
    graph: Graph,
    ev: Event,
    art: Article,
    ev_node: URIRef,
    key: HappeningKey,
    refs: dict[str, EntityRef],
    registry: Registry,
    used: set,
) -> None:
    rep = report_iri(ev, art)
    graph.add((ev_node, RDF.type, PLOVER_CLASS[key.event_type]))
    graph.add((ev_node, KG.report, rep))
    for pred, value in ((KG.actor, key.actor), (KG.target, key.target), (KG.place, key.place)):
        if value:
            graph.add((ev_node, pred, _add_entity(graph, value, refs.get(value), registry, art.lang, used)))  # fmt: skip
    if key.mode:
        graph.add((ev_node, KG.mode, KGMODE[key.mode]))
    if key.date:
        graph.add((ev_node, KG.date, Literal(key.date, datatype=XSD.date)))
    graph.add((rep, RDF.type, KG.Report))
    graph.add((rep, KG.article, article_iri(art)))
    claimant_iri = state_of_place(ev.claimed_by.iri, registry) if ev.claimed_by else None
    if ev.claimed_by is not None and claimant_iri is not None:  # a place speaks for its state
        ref = ev.claimed_by if claimant_iri == ev.claimed_by.iri else None
        claimant = _add_entity(graph, claimant_iri, ref, registry, art.lang, used)
        graph.add((rep, KG.claimedBy, claimant))
    graph.add((rep, KG.sentenceText, Literal(ev.sentence.text)))
    graph.add((rep, KG.sentenceStart, Literal(ev.sentence.start)))
    graph.add((rep, KG.sentenceEnd, Literal(ev.sentence.end)))
    graph.add((rep, KG.triggerText, Literal(ev.trigger.text)))
    graph.add((rep, KG.triggerStart, Literal(ev.trigger.start)))
    graph.add((rep, KG.triggerEnd, Literal(ev.trigger.end)))
    graph.add((rep, KG.confidence, Literal(Decimal(str(round(ev.confidence, 3))))))
    graph.add((rep, KG.extractorVersion, Literal(ev.extractor)))
    if ev.time is not None:
        graph.add((rep, KG.timeText, Literal(ev.time.text)))
    for pred, count in (
        (KG.killed, ev.killed),
        (KG.injured, ev.injured),
        (KG.arrested, ev.arrested),
    ):
        if count is not None:
            graph.add((rep, pred, Literal(count, datatype=XSD.nonNegativeInteger)))


class _Triples(list):
    """Triples in the order they are added, through ``Graph.add``'s signature."""

    add = list.append


def article_triples(
    art: Article,
    events: Iterable[Event],
    keys: Iterable[HappeningKey],
    relations: Iterable[Relation] = (),
    *,
    registry: Registry,
    used: set[str] | None = None,
) -> list[tuple[URIRef, URIRef, URIRef | Literal]]:
    """The distinct triples of one article's graph: its metadata, reports, events, relations.

    ``events`` and ``relations`` are the article's, ``keys`` its events' merged keys. The
    registry entries the graph uses are added to ``used`` (for :func:`registry_graph`). What
    :func:`build_dataset` puts into the article's graph; :mod:`kg.graph.article` writes it as
    N-Triples where the article is extracted.
    """
    used = set() if used is None else used
    graph = _Triples()
    _add_article(graph, art)
    for ev, key in zip(events, keys, strict=True):
        refs = {r.iri: r for r in (ev.actor, ev.target, ev.place) if r is not None}
        _add_report(graph, ev, art, key.iri(), key, refs, registry, used)
    for rel in relations:
        s = _add_entity(graph, rel.subject.iri, rel.subject, registry, art.lang, used)
        o = _add_entity(graph, rel.object.iri, rel.object, registry, art.lang, used)
        graph.add((s, _RELATION[rel.predicate], o))
    return list(dict.fromkeys(graph))


def build_dataset(
    articles: Iterable[Article],
    events: Iterable[Event],
    relations: Iterable[Relation] = (),
    *,
    registry: Registry | None = None,
    keys: Sequence[HappeningKey] | None = None,
    labels: bool = True,
) -> Dataset:
    """The knowledge graph as named graphs: one per article, the registry and the labels graph.

    ``keys`` are the events' merged keys (:func:`kg.events.merge.happening_keys`), computed
    here when not given. ``labels=False`` leaves the labels graph out, for a caller that
    makes it from more article graphs than these. The default graph is empty; the dataset is
    created with ``default_union=True`` so SPARQL over it sees the union of the named graphs
    (with Oxigraph use ``use_default_graph_as_union=True``).
    """
    registry = registry or load_registry()
    articles = list(articles)
    events = list(events)
    if keys is None:
        keys = happening_keys(events, articles, registry=registry)
    own: dict[str, tuple[list, list, list]] = {a.id: ([], [], []) for a in articles}
    for ev, key in zip(events, keys, strict=True):
        if ev.article not in own:
            raise KeyError(f"event of unknown article {ev.article!r}")
        own[ev.article][0].append(ev)
        own[ev.article][1].append(key)
    for rel in relations:
        if rel.article not in own:
            raise KeyError(f"relation of unknown article {rel.article!r}")
        own[rel.article][2].append(rel)
    ds = Dataset(default_union=True)
    bind_prefixes(ds)
    used: set[str] = set()
    # Sorted by content, so the order of the input never changes what is added where.
    for art in sorted(articles, key=lambda a: (content_hash(a.text), a.id)):
        evs, evkeys, rels = own[art.id]
        g = ds.graph(article_graph_iri(art))
        for triple in article_triples(art, evs, evkeys, rels, registry=registry, used=used):
            g.add(triple)
    reg = ds.graph(REGISTRY_GRAPH)
    reg += registry_graph(used, registry)
    if labels:
        graph = ds.graph(LABELS_GRAPH)
        graph += labels_graph(minted_spellings(ds))
    return ds


def union_graph(ds: Dataset) -> Graph:
    """The union of a dataset's named graphs as one plain ``rdflib.Graph``."""
    graph = bind_prefixes(Graph())
    for g in ds.graphs():
        for triple in g:
            graph.add(triple)
    return graph


def build_graph(
    articles: Iterable[Article],
    events: Iterable[Event],
    relations: Iterable[Relation] = (),
    *,
    registry: Registry | None = None,
) -> Graph:
    """The knowledge graph of ``events`` (and the stated ``relations``) from ``articles``.

    The union of the named graphs of :func:`build_dataset`, as one ``rdflib.Graph``.
    """
    return union_graph(build_dataset(articles, events, relations, registry=registry))
