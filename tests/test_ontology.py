"""The ontology, the registry and the SHACL shapes agree with each other and with ``KG``."""

from __future__ import annotations

from decimal import Decimal

import pytest
import rdflib
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.namespace import DCTERMS, SH

from kg.registry import load_registry
from kg.vocab import (
    ACTOR_KINDS,
    ENTITY_KINDS,
    GEO,
    KG,
    KGMODE,
    KGR,
    MODES,
    ONTOLOGY_DIR,
    PLOVER_CLASS,
    PLOVER_TYPES,
    PREFIXES,
    QUAD_CLASS,
    QUAD_CLASSES,
)

TERM_TYPES = (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
ACTOR = "https://w3id.org/conflict-kg/id/actor/"
PLACE = "https://w3id.org/conflict-kg/id/place/"


def _parse(name: str) -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / name, format="turtle")


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return _parse("kg.ttl")


@pytest.fixture(scope="module")
def registry_graph() -> rdflib.Graph:
    return _parse("registry.ttl")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return _parse("shapes.ttl")


def _declared(ontology: rdflib.Graph) -> set[URIRef]:
    return {
        s
        for t in TERM_TYPES
        for s in ontology.subjects(RDF.type, t)
        if isinstance(s, URIRef) and s in KG
    }


def _registry_entries(graph: rdflib.Graph) -> set[URIRef]:
    return {s for s in graph.subjects(SKOS.inScheme, KGR.registry) if isinstance(s, URIRef)}


# --- the ontology and the closed namespace -------------------------------------------------


def test_files_parse(ontology, registry_graph, shapes):
    assert len(ontology) > 0 and len(registry_graph) > 0 and len(shapes) > 0


def test_declared_terms_equal_closed_namespace(ontology):
    declared = {str(t)[len(str(KG)) :] for t in _declared(ontology)}
    listed = {name for name in KG.__annotations__}
    assert declared == listed


def test_closed_namespace_rejects_unknown_terms():
    with pytest.raises(AttributeError):
        _ = KG.Nonexistent


@pytest.mark.parametrize("lang", ["en", "ar"])
@pytest.mark.parametrize("predicate", [RDFS.label, RDFS.comment])
def test_every_term_is_labelled_and_commented(ontology, predicate, lang):
    missing = [
        t
        for t in _declared(ontology)
        if not any(getattr(o, "language", None) == lang for o in ontology.objects(t, predicate))
    ]
    assert missing == []


def test_plover_classes(ontology):
    assert len(PLOVER_CLASS) == 16 and set(PLOVER_CLASS) == set(QUAD_CLASS)
    for code, cls in PLOVER_CLASS.items():
        assert ontology.value(cls, KG.ploverCode) == Literal(code)
        assert (cls, RDFS.subClassOf, QUAD_CLASS[code]) in ontology
        assert (QUAD_CLASS[code], RDFS.subClassOf, KG.Event) in ontology


def test_vocabulary_tables_are_the_ontology(ontology):
    """kg.vocab reads its tables from kg.ttl: each value is a term of the closed namespace."""
    assert PLOVER_TYPES == tuple(sorted(PLOVER_CLASS)) and len(PLOVER_TYPES) == 16
    assert set(QUAD_CLASSES.values()) == {
        "VerbalCooperation", "MaterialCooperation", "VerbalConflict", "MaterialConflict"
    }  # fmt: skip
    assert all(getattr(KG, QUAD_CLASSES[c]) == QUAD_CLASS[c] for c in PLOVER_TYPES)
    subclasses = {str(c)[len(str(KG._NS)) :] for c in ontology.subjects(RDFS.subClassOf, KG.Actor)}
    assert set(ACTOR_KINDS) == subclasses and all(getattr(KG, k) for k in ENTITY_KINDS)
    assert ENTITY_KINDS[-1] == "Place"
    declared = dict(ontology.namespaces())
    assert str(declared["kg"]) == PREFIXES["kg"] and str(declared["kgmode"]) == PREFIXES["kgmode"]


def test_alignment(ontology):
    sem = rdflib.Namespace("http://semanticweb.cs.vu.nl/2009/11/sem/")
    prov = rdflib.Namespace("http://www.w3.org/ns/prov#")
    assert (KG.Event, RDFS.subClassOf, sem.Event) in ontology
    assert (KG.Actor, RDFS.subClassOf, prov.Agent) in ontology
    assert (KG.Place, RDFS.subClassOf, sem.Place) in ontology
    assert (KG.Report, RDFS.subClassOf, prov.Entity) in ontology
    assert (KG.claimedBy, RDFS.subPropertyOf, prov.wasAttributedTo) in ontology
    assert (KG.date, RDFS.subPropertyOf, sem.hasTimeStamp) in ontology


def test_modes_equal_kgmode_concepts(ontology):
    concepts = set(ontology.subjects(RDF.type, KG.Mode))
    assert {str(c)[len(str(KGMODE)) :] for c in concepts} == MODES
    for c in concepts:
        assert (c, SKOS.inScheme, KGMODE.scheme) in ontology
        langs = {o.language for o in ontology.objects(c, SKOS.prefLabel)}
        assert langs == {"en", "ar"}
        assert ontology.value(c, SKOS.definition) is not None


# --- the registry --------------------------------------------------------------------------


def test_registry_entries_are_labelled_and_typed(ontology, registry_graph):
    classes = set(ontology.subjects(RDF.type, OWL.Class))
    entries = _registry_entries(registry_graph)
    assert len(entries) > 100
    for e in entries:
        assert str(e).startswith((ACTOR, PLACE)), e
        assert str(e).rsplit("/", 1)[1].replace("_", "").isalnum(), e
        langs = [o.language for o in registry_graph.objects(e, SKOS.prefLabel)]
        assert sorted(langs) == ["ar", "en"], e
        kinds = [t for t in registry_graph.objects(e, RDF.type) if t in KG]
        assert len(kinds) == 1 and kinds[0] in classes, e
        assert (kinds[0] == KG.Place) == str(e).startswith(PLACE), e


def test_registry_relation_targets_exist(registry_graph):
    entries = _registry_entries(registry_graph)
    for p in (KG.partOf, KG.memberOf, KG.leads, KG.spokespersonOf, KG.locatedIn):
        for s, o in registry_graph.subject_objects(p):
            assert s in entries and o in entries, (s, p, o)


def test_registry_has_no_bare_generic_aliases(registry_graph):
    generic = {"الجيش", "الحكومة", "القوات", "الجامعة", "سلاح الجو", "القاعدة", "سلامة"}
    aliases = {str(o) for o in registry_graph.objects(None, SKOS.altLabel)}
    assert not generic & aliases


def test_load_registry():
    reg = load_registry()
    lna = reg.by_id("LNA")
    assert lna is not None and lna.kind == "ArmedForce"
    assert lna.label_ar == "الجيش الوطني الليبي" and lna.sector == "MIL"
    tamina = reg.by_id("TAMINA")
    misrata = reg.by_id("MISRATA")
    assert misrata.iri in tamina.located_in
    assert reg.parents(tamina.iri)[0] == misrata.iri
    assert misrata.lat is not None and 32 < misrata.lat < 33
    assert "التركية" in reg.by_id("TUR").demonyms_ar
    assert reg.get(f"{ACTOR}HAFTAR").leads == (lna.iri,)
    assert reg.by_id("LBY", place=True).kind == "Place"
    assert reg.by_id("LBY").kind == "State"
    assert load_registry() is reg


# --- SHACL ---------------------------------------------------------------------------------


def _event_graph(*, broken: bool = False) -> rdflib.Graph:
    """An event per docs/graph-shape.md: Event + Report + Article, actors from the registry."""
    g = rdflib.Graph()
    event, report, article = KGR["event/3f2a"], KGR["report/3f2a"], KGR["article/9c1e"]
    lna, tur, misrata = URIRef(ACTOR + "LNA"), URIRef(ACTOR + "TUR"), URIRef(PLACE + "MISRATA")
    for node, cls, ar, en in [
        (lna, KG.ArmedForce, "الجيش الوطني الليبي", "Libyan National Army"),
        (tur, KG.State, "تركيا", "Turkey"),
        (misrata, KG.Place, "مصراتة", "Misrata"),
    ]:
        g.add((node, RDF.type, cls))
        g.add((node, SKOS.prefLabel, Literal(ar, lang="ar")))
        g.add((node, SKOS.prefLabel, Literal(en, lang="en")))
        g.add((node, RDFS.label, Literal(en, lang="en")))
    g.add((misrata, GEO.lat, Literal(Decimal("32.37535"))))
    g.add((misrata, GEO.long, Literal(Decimal("15.09254"))))
    g.add((event, RDF.type, KG.Assault))
    g.add((event, KG.actor, lna))
    g.add((event, KG.target, tur))
    g.add((event, KG.place, misrata))
    g.add((event, KG.mode, KGMODE.destroy))
    g.add((event, KG.date, Literal("2020-01-05", datatype=XSD.date)))
    g.add((event, KG.report, report))
    g.add((report, RDF.type, KG.Report))
    g.add((report, KG.claimedBy, lna))
    if not broken:
        g.add((report, KG.article, article))
    g.add((report, KG.sentenceText, Literal("أعلن «الجيش الوطني» الليبي …")))
    g.add((report, KG.sentenceStart, Literal(57)))
    g.add((report, KG.sentenceEnd, Literal(290)))
    g.add((report, KG.triggerText, Literal("دمرت")))
    g.add((report, KG.triggerStart, Literal(120)))
    g.add((report, KG.triggerEnd, Literal(124)))
    confidence = "1.7" if broken else "0.8"
    g.add((report, KG.confidence, Literal(confidence, datatype=XSD.decimal)))
    g.add((report, KG.extractorVersion, Literal("kg 0.1.0 rules-ar-2")))
    g.add((article, RDF.type, KG.Article))
    g.add((article, DCTERMS.identifier, Literal("9c1e")))
    g.add((article, KG.contentHash, Literal("9c1e" * 16)))
    return g


def _validate(data, shapes, ontology, inference="rdfs"):
    return validate(data, shacl_graph=shapes, ont_graph=ontology, inference=inference)


def test_valid_event_conforms(shapes, ontology):
    conforms, _, text = _validate(_event_graph(), shapes, ontology)
    assert conforms, text


def test_broken_event_does_not_conform(shapes, ontology):
    conforms, results, text = _validate(_event_graph(broken=True), shapes, ontology)
    assert not conforms
    assert str(KGR["report/3f2a"]) in text
    paths = set(results.objects(None, SH.resultPath))
    assert {KG.article, KG.confidence} <= paths


def test_event_needs_exactly_one_plover_type(shapes, ontology):
    g = _event_graph()
    g.add((KGR["event/3f2a"], RDF.type, KG.Coerce))
    conforms, _, text = _validate(g, shapes, ontology)
    assert not conforms and "PLOVER" in text


def test_place_as_actor_is_caught_with_inference(shapes, ontology):
    g = _event_graph()
    g.set((KGR["event/3f2a"], KG.actor, URIRef(PLACE + "MISRATA")))
    conforms, _, text = _validate(g, shapes, ontology)
    assert not conforms and "disjoint" in text


def test_wrong_class_is_caught_without_inference(shapes, ontology):
    g = _event_graph()
    g.add((KGR["event/3f2a"], KG.mode, URIRef(ACTOR + "LNA")))
    conforms, results, _ = _validate(g, shapes, ontology, inference="none")
    assert not conforms
    assert KG.mode in set(results.objects(None, SH.resultPath))


def test_coordinates_out_of_range_do_not_conform(shapes, ontology):
    g = _event_graph()
    misrata = URIRef(PLACE + "MISRATA")
    g.set((misrata, GEO.lat, Literal(Decimal("95.0"))))
    conforms, _, text = _validate(g, shapes, ontology)
    assert not conforms and str(misrata) in text


def test_registry_conforms(shapes, ontology, registry_graph):
    conforms, _, text = _validate(registry_graph, shapes, ontology)
    assert conforms, text
