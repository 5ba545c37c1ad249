"""JSON-LD the way people read it: compacted with kg's shipped ``@context``, a ``@graph`` per article.

The context (``kg/ontology/context.jsonld``, made by :func:`make_context` from
``ontology/kg.ttl``; ``python -m kg.graph.jsonld`` rewrites it) names every property of the
ontology by its local name with its type (``"actor": {"@id": "kg:actor", "@type": "@id"}``,
``"confidence": {"@id": "kg:confidence", "@type": "xsd:decimal"}``), the labels as language
maps (``"prefLabel": {"en": "Turkey", "ar": "تركيا"}``) and the project's prefixes
(:data:`kg.vocab.PREFIXES`, but for ``actor:``, ``place:`` … under ``kgr:``, whose names are
the properties'). Compaction is rdflib's JSON-LD serializer (rdflib is already a
dependency; pyld would be a second JSON-LD stack), which keeps the named graphs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from functools import cache
from typing import IO, Any

import rdflib
from rdflib import OWL, RDF, RDFS, XSD

from kg.vocab import KG, ONTOLOGY_DIR, PREFIXES

__all__ = ["CONTEXT_PATH", "context", "make_context", "write_jsonld"]

#: The shipped context.
CONTEXT_PATH = ONTOLOGY_DIR / "context.jsonld"

_XSD_PLAIN = {str(XSD.string)}
_LANG = str(RDF.langString)
#: Terms of other vocabularies that kg's graphs use: name → (IRI, type or "@language").
_OTHER: dict[str, tuple[str, str | None]] = {
    "label": (str(RDFS.label), "@language"),
    "comment": (str(RDFS.comment), "@language"),
    "prefLabel": (PREFIXES["skos"] + "prefLabel", "@language"),
    "altLabel": (PREFIXES["skos"] + "altLabel", "@language"),
    "inScheme": (PREFIXES["skos"] + "inScheme", "@id"),
    "title": (PREFIXES["dcterms"] + "title", "@language"),
    "identifier": (PREFIXES["dcterms"] + "identifier", None),
    "language": (PREFIXES["dcterms"] + "language", None),
    "source": (PREFIXES["dcterms"] + "source", "@id"),
    "issued": (PREFIXES["dcterms"] + "issued", str(XSD.date)),
    "wasDerivedFrom": (PREFIXES["prov"] + "wasDerivedFrom", "@id"),
    "lat": (PREFIXES["geo"] + "lat", str(XSD.decimal)),
    "long": (PREFIXES["geo"] + "long", str(XSD.decimal)),
}


def _curie(iri: str, prefixes: dict[str, str]) -> str:
    for prefix, ns in prefixes.items():
        if iri.startswith(ns) and iri != ns and "/" not in iri[len(ns) :]:
            return f"{prefix}:{iri[len(ns) :]}"
    return iri


def make_context() -> dict[str, Any]:
    """The ``@context`` of kg's JSON-LD, from ``ontology/kg.ttl`` (what the shipped file holds).

    Example:
        >>> ctx = make_context()["@context"]
        >>> ctx["actor"], ctx["confidence"]["@type"], ctx["prefLabel"]["@container"]
        ({'@id': 'kg:actor', '@type': '@id'}, 'xsd:decimal', '@language')
    """
    # the per-kind prefixes (actor:, place: …) would shadow the properties of the same name:
    # those IRIs compact with kgr: (kgr:actor/LNA)
    prefixes = {p: ns for p, ns in PREFIXES.items() if not ns.startswith(PREFIXES["kgr"])}
    prefixes |= {"kgr": PREFIXES["kgr"], "xsd": str(XSD), "rdfs": str(RDFS), "owl": str(OWL)}
    onto = rdflib.Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")
    ns = str(KG._NS)
    terms: dict[str, Any] = {}
    for kind in (OWL.ObjectProperty, OWL.DatatypeProperty):
        for prop in sorted(onto.subjects(RDF.type, kind)):
            if not str(prop).startswith(ns):
                continue
            entry: dict[str, str] = {"@id": _curie(str(prop), prefixes)}
            if kind == OWL.ObjectProperty:
                entry["@type"] = "@id"
            else:
                ranges = {str(r) for r in onto.objects(prop, RDFS.range)}
                if ranges == {_LANG}:
                    entry["@container"] = "@language"
                elif len(ranges) == 1 and not ranges & _XSD_PLAIN:
                    entry["@type"] = _curie(ranges.pop(), prefixes)
            terms[str(prop)[len(ns) :]] = entry
    for name, (iri, kind) in _OTHER.items():
        if name in terms:
            continue
        if kind is None:
            terms[name] = _curie(iri, prefixes)
        elif kind == "@language":
            terms[name] = {"@id": _curie(iri, prefixes), "@container": "@language"}
        else:
            terms[name] = {"@id": _curie(iri, prefixes), "@type": _curie(kind, prefixes)}
    return {"@context": {**prefixes, **dict(sorted(terms.items()))}}


@cache
def context() -> dict[str, Any]:
    """The shipped ``@context`` (``kg/ontology/context.jsonld``), read once."""
    return json.loads(CONTEXT_PATH.read_text(encoding="utf-8"))


def write_jsonld(items: Iterable[Any], out: IO[bytes]) -> None:
    """Write quads or triples as compacted JSON-LD, a ``@graph`` per named graph.

    ``items``: pyoxigraph ``Quad`` or ``Triple`` objects, or rdflib triples. The context is
    embedded (nothing is fetched to read the file); the whole dataset is held in an rdflib
    Dataset while it is written.
    """
    import pyoxigraph as ox

    from kg.graph.view import from_ox

    ds = rdflib.Dataset()
    for item in items:
        if isinstance(item, tuple):  # an rdflib triple
            ds.default_graph.add(item)
            continue
        graph_name = getattr(item, "graph_name", None)
        target = (
            ds.graph(rdflib.URIRef(graph_name.value))
            if isinstance(graph_name, ox.NamedNode)
            else ds.default_graph
        )
        target.add((from_ox(item.subject), from_ox(item.predicate), from_ox(item.object)))
    ctx = context()["@context"]
    text = ds.serialize(format="json-ld", context=ctx, indent=1, ensure_ascii=False)
    out.write(text.encode("utf-8"))


if __name__ == "__main__":
    CONTEXT_PATH.write_text(
        json.dumps(make_context(), ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
