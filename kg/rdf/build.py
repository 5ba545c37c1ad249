"""Events, relations and articles → an rdflib Graph in the shape of ``docs/graph-shape.md``.

Identity is deterministic: the same input gives the same IRIs on every run and machine.
Registry entities keep their registry IRI; unregistered ones get an IRI from their kind and
normalized label (:func:`kg.extract.mint_iri`), so the same name in two articles is one node.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from decimal import Decimal

from rdflib import RDF, RDFS, SKOS, XSD, Graph, Literal, URIRef
from rdflib.namespace import DCTERMS, PROV

from kg.ingest import content_hash
from kg.rdf.namespace import GEO, KG, KGMODE, KGR, PLOVER_CLASS, SEM
from kg.registry import Registry, load_registry
from kg.types import Article, EntityRef, Event, Relation

__all__ = ["article_iri", "event_iri", "build_graph", "bind_prefixes"]

_RELATION = {
    "leads": KG.leads,
    "memberOf": KG.memberOf,
    "partOf": KG.partOf,
    "spokespersonOf": KG.spokespersonOf,
    "locatedIn": KG.locatedIn,
}


def article_iri(article: Article) -> URIRef:
    """``kgr:article/<first 16 hex of the text's sha256>``."""
    return KGR[f"article/{content_hash(article.text)[:16]}"]


def event_iri(event: Event, article: Article) -> URIRef:
    """A stable event IRI from the article text hash, the offsets and the type."""
    key = f"{content_hash(article.text)}|{event.sentence.start}|{event.trigger.start}|{event.event_type}"
    return KGR[f"event/{hashlib.sha1(key.encode()).hexdigest()[:16]}"]


def report_iri(ev_iri: URIRef) -> URIRef:
    """The report of an event stated once: ``kgr:report/<event hash>``."""
    return KGR[f"report/{str(ev_iri).rsplit('/', 1)[-1]}"]


def bind_prefixes(graph: Graph) -> Graph:
    """Bind the project's prefixes for readable Turtle."""
    graph.bind("kg", KG._NS)
    graph.bind("kgmode", KGMODE)
    graph.bind("kgr", KGR)
    graph.bind("sem", SEM)
    graph.bind("geo", GEO, replace=True)
    for kind in ("actor", "place", "event", "report", "article"):
        graph.bind(kind, KGR[f"{kind}/"])
    graph.bind("skos", SKOS)
    graph.bind("prov", PROV)
    graph.bind("dcterms", DCTERMS)
    return graph


def _add_entity(graph: Graph, ref: EntityRef, registry: Registry, lang: str) -> URIRef:
    node = URIRef(ref.iri)
    entry = registry.get(ref.iri)
    if entry is None:
        cls = getattr(KG, ref.kind) if ref.kind != "Place" else KG.Place
        graph.add((node, RDF.type, cls))
        label = Literal(
            " ".join((ref.label_ar or ref.text).replace("«", " ").replace("»", " ").split()),
            lang=lang,
        )
        # One prefLabel per language (SKOS); other spellings of the same name are altLabels.
        if not any(p.language == lang for p in graph.objects(node, SKOS.prefLabel)):
            graph.add((node, SKOS.prefLabel, label))
            graph.add((node, RDFS.label, label))
        elif (node, SKOS.prefLabel, label) not in graph:
            graph.add((node, SKOS.altLabel, label))
        return node
    _add_registry_entry(graph, ref.iri, registry)
    return node


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


def build_graph(
    articles: Iterable[Article],
    events: Iterable[Event],
    relations: Iterable[Relation] = (),
    *,
    registry: Registry | None = None,
) -> Graph:
    """The knowledge graph of ``events`` (and the stated ``relations``) from ``articles``."""
    registry = registry or load_registry()
    graph = bind_prefixes(Graph())
    by_id: dict[str, Article] = {}
    for art in articles:
        by_id[art.id] = art
        node = article_iri(art)
        graph.add((node, RDF.type, KG.Article))
        graph.add((node, DCTERMS.identifier, Literal(art.id)))
        graph.add((node, KG.contentHash, Literal(content_hash(art.text))))
        graph.add((node, DCTERMS.language, Literal(art.lang)))
        if art.title:
            graph.add((node, DCTERMS.title, Literal(art.title, lang=art.lang)))
        if art.date:
            graph.add((node, DCTERMS.date, Literal(art.date, datatype=XSD.date)))
        if art.url:
            graph.add((node, DCTERMS.source, URIRef(art.url)))
        if art.source:
            graph.add((node, DCTERMS.publisher, Literal(art.source)))
    for ev in events:
        art = by_id[ev.article]
        node = event_iri(ev, art)
        rep = report_iri(node)
        graph.add((node, RDF.type, PLOVER_CLASS[ev.event_type]))
        graph.add((node, KG.report, rep))
        for pred, ref in ((KG.actor, ev.actor), (KG.target, ev.target), (KG.place, ev.place)):
            if ref is not None:
                graph.add((node, pred, _add_entity(graph, ref, registry, art.lang)))
        if ev.mode:
            graph.add((node, KG.mode, KGMODE[ev.mode]))
        if ev.time is not None and ev.time.date is not None:
            graph.add((node, KG.date, Literal(ev.time.date, datatype=XSD.date)))
        graph.add((rep, RDF.type, KG.Report))
        graph.add((rep, KG.article, article_iri(art)))
        if ev.claimed_by is not None:
            graph.add((rep, KG.claimedBy, _add_entity(graph, ev.claimed_by, registry, art.lang)))
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
    for rel in relations:
        art = by_id.get(rel.article)
        lang = art.lang if art else "ar"
        s = _add_entity(graph, rel.subject, registry, lang)
        o = _add_entity(graph, rel.object, registry, lang)
        graph.add((s, _RELATION[rel.predicate], o))
    return graph
