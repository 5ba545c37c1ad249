"""``kg.graph.rdf`` and ``kg.events.merge``: hand-made articles and events → the graph of docs/graph-shape.md.

The golden graph ``tests/data/golden/small.ttl`` was generated once from ``build_graph`` on the
inputs below and then checked triple by triple against docs/graph-shape.md. Regenerate it only
after such a review::

    python -c "import sys; sys.path[:0] = ['tests']; import test_rdf_build as t; \\
        t.small_dataset().serialize(t.GOLDEN, format='trig')"

The golden file is TriG: one named graph per article plus the registry graph.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import re
import sys
from dataclasses import replace
from decimal import Decimal
from pathlib import Path

import pytest
import rdflib
from pyshacl import validate
from rdflib import OWL, RDF, RDFS, SKOS, XSD, Literal, URIRef
from rdflib.compare import graph_diff, to_isomorphic
from rdflib.graph import DATASET_DEFAULT_GRAPH_ID
from rdflib.namespace import DCTERMS, PROV

from kg.events.merge import assign_event_iris, event_iri
from kg.extract import mint_iri
from kg.graph.article import article_graph
from kg.graph.rdf import (
    LABELS_GRAPH,
    REGISTRY_GRAPH,
    article_graph_iri,
    article_iri,
    build_dataset,
    build_graph,
    registry_graph,
    report_iri,
)
from kg.ingest import content_hash
from kg.types import Article, EntityRef, Event, Relation, TextSpan, TimeRef
from kg.vocab import KG, KGMODE, KGR, ONTOLOGY_DIR

GOLDEN = Path(__file__).parent / "data" / "golden" / "small.trig"
ACTOR = "https://w3id.org/conflict-kg/id/actor/"
PLACE = "https://w3id.org/conflict-kg/id/place/"
EXTRACTOR = "kg 0.1.0 rules-ar-2"

# --- two articles -------------------------------------------------------------------------

TEXT_1 = (
    "«الجيش الوطني» يقصف مصراتة\n"
    "\n"
    "أعلن «الجيش الوطني» الليبي أن قواته دمرت أمس مخزن سلاح تركي في مصراتة.\n"
    "وقال علي أبو زيان إن القوات ستواصل القتال.\n"
)
TEXT_2 = "غارات على طرابلس\n\nقال علي أبو زيان إن الطيران المسير قصف الخميس مواقع في طرابلس.\n"

ART_1 = Article(
    id="001_small.txt",
    text=TEXT_1,
    lang="ar",
    path="tests/data/001_small.txt",
    title="«الجيش الوطني» يقصف مصراتة",
    date=dt.date(2020, 1, 6),
)
ART_2 = Article(
    id="002_small",
    text=TEXT_2,
    lang="ar",
    path="tests/data/small.jsonl",
    title="غارات على طرابلس",
    date=dt.date(2020, 1, 10),
    url="https://example.org/news/2",
    source="Example News",
)

ABU_ZAYAN = mint_iri("Person", "علي أبو زيان")


def span(text: str, part: str, after: int = 0) -> TextSpan:
    start = text.index(part, after)
    return TextSpan(part, start, start + len(part))


def sentence_of(text: str, part: str) -> TextSpan:
    """The line of ``text`` holding ``part`` (the test sentences are one per line)."""
    i = text.index(part)
    start = text.rfind("\n", 0, i) + 1
    end = text.index("\n", i)
    return TextSpan(text[start:end], start, end)


def ref(
    text: str,
    part: str,
    iri: str,
    kind: str,
    en: str | None,
    ar: str | None,
    *,
    registered: bool = True,
    after: int = 0,
) -> EntityRef:
    s = span(text, part, after)
    return EntityRef(iri, kind, en, ar, s.text, s.start, s.end, registered=registered)


def lna(text: str, part: str, after: int = 0) -> EntityRef:
    return ref(text, part, ACTOR + "LNA", "ArmedForce", "Libyan National Army",
               "الجيش الوطني الليبي", after=after)  # fmt: skip


def abu_zayan(text: str, part: str = "علي أبو زيان") -> EntityRef:
    return ref(text, part, ABU_ZAYAN, "Person", None, "علي أبو زيان", registered=False)


def small_inputs() -> tuple[list[Article], list[Event], list[Relation]]:
    """2 articles, 3 events, 1 relation (see the module docstring)."""
    s1 = sentence_of(TEXT_1, "دمرت")
    # 1. A registry actor (LNA) destroys a Turkish depot in Misrata; claimed by LNA.
    e1 = Event(
        article=ART_1.id,
        event_type="ASSAULT",
        trigger=span(TEXT_1, "دمرت"),
        sentence=s1,
        mode="destroy",
        actor=lna(TEXT_1, "قواته"),
        target=ref(TEXT_1, "تركي", ACTOR + "TUR", "State", "Turkey", "تركيا", after=s1.start),
        place=ref(
            TEXT_1, "مصراتة", PLACE + "MISRATA", "Place", "Misrata", "مصراتة", after=s1.start
        ),  # fmt: skip
        claimed_by=lna(TEXT_1, "الجيش الوطني» الليبي"),
        time=TimeRef("أمس", TEXT_1.index("أمس"), TEXT_1.index("أمس") + 3, dt.date(2020, 1, 5)),
        confidence=0.85,
        extractor=EXTRACTOR,
    )
    # 2. An unregistered person threatens; no target, place, mode, time or claimant.
    e2 = Event(
        article=ART_1.id,
        event_type="THREATEN",
        trigger=span(TEXT_1, "ستواصل القتال"),
        sentence=sentence_of(TEXT_1, "ستواصل"),
        actor=abu_zayan(TEXT_1),
        confidence=0.6,
        extractor=EXTRACTOR,
    )
    # 3. In the other article: the same unregistered person claims a drone strike on Tripoli,
    #    dated by the time expression; the actor is not stated.
    thursday = span(TEXT_2, "الخميس")
    e3 = Event(
        article=ART_2.id,
        event_type="ASSAULT",
        trigger=span(TEXT_2, "قصف"),
        sentence=sentence_of(TEXT_2, "قصف"),
        mode="drone",
        place=ref(
            TEXT_2,
            "طرابلس",
            PLACE + "TRIPOLI",
            "Place",
            "Tripoli",
            "طرابلس",
            after=TEXT_2.index("قصف"),
        ),  # fmt: skip
        claimed_by=abu_zayan(TEXT_2),
        time=TimeRef(thursday.text, thursday.start, thursday.end, dt.date(2020, 1, 9)),
        confidence=0.7,
        extractor=EXTRACTOR,
    )
    rel = Relation(
        article=ART_1.id,
        subject=abu_zayan(TEXT_1),
        predicate="memberOf",
        object=lna(TEXT_1, "الجيش الوطني» الليبي"),
        sentence=sentence_of(TEXT_1, "ستواصل"),
    )
    return [ART_1, ART_2], [e1, e2, e3], [rel]


def small_graph() -> rdflib.Graph:
    articles, events, relations = small_inputs()
    return build_graph(articles, events, relations)


def small_dataset() -> rdflib.Dataset:
    articles, events, relations = small_inputs()
    return build_dataset(articles, events, relations)


@pytest.fixture(scope="module")
def graph() -> rdflib.Graph:
    return small_graph()


@pytest.fixture(scope="module")
def ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "kg.ttl", format="turtle")


@pytest.fixture(scope="module")
def shapes() -> rdflib.Graph:
    return rdflib.Graph().parse(ONTOLOGY_DIR / "shapes.ttl", format="turtle")


def assert_isomorphic(got: rdflib.Graph, expected: rdflib.Graph) -> None:
    iso_got, iso_expected = to_isomorphic(got), to_isomorphic(expected)
    if iso_got != iso_expected:
        _, only_got, only_expected = graph_diff(iso_got, iso_expected)
        print("--- only in the built graph ---")
        print(only_got.serialize(format="nt"))
        print("--- only in the expected graph ---")
        print(only_expected.serialize(format="nt"))
    assert iso_got == iso_expected


def shacl_report(data: rdflib.Graph, shapes: rdflib.Graph, ontology: rdflib.Graph):
    return validate(data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")


# --- the inputs are what they claim to be ---------------------------------------------------


def test_inputs_are_consistent():
    articles, events, relations = small_inputs()
    by_id = {a.id: a for a in articles}
    for ev in events:
        text = by_id[ev.article].text
        spans = [ev.trigger, ev.sentence, ev.actor, ev.target, ev.place, ev.claimed_by, ev.time]
        for s in spans:
            if s is not None:
                assert text[s.start : s.end] == s.text, s
        assert ev.sentence.start <= ev.trigger.start < ev.trigger.end <= ev.sentence.end
    assert ABU_ZAYAN.startswith(ACTOR + "x-") and len(ABU_ZAYAN.rsplit("x-", 1)[1]) == 12


# --- golden graph ---------------------------------------------------------------------------


def test_golden_graph(graph):
    expected = rdflib.Dataset().parse(GOLDEN, format="trig")
    got = small_dataset()
    names = {g.identifier for g in got.graphs() if len(g)}
    assert names == {g.identifier for g in expected.graphs() if len(g)}
    assert names == {
        article_graph_iri(ART_1),
        article_graph_iri(ART_2),
        REGISTRY_GRAPH,
        LABELS_GRAPH,
    }
    for name in sorted(names):
        print("graph", name)
        assert_isomorphic(got.graph(name), expected.graph(name))
    union = rdflib.Graph()
    for g in expected.graphs():
        for triple in g:
            union.add(triple)
    assert_isomorphic(graph, union)


def test_golden_graph_shape_spot_checks(graph):
    """A few triples of docs/graph-shape.md spelled out, so a wrong golden file is caught."""
    e1, e2, e3 = small_inputs()[1]
    ev1, ev3 = event_iri(e1, ART_1), event_iri(e3, ART_2)
    rep1 = report_iri(e1, ART_1)
    a1 = article_iri(ART_1)
    key = hashlib.sha256(f"article|{ART_1.id}".encode()).hexdigest()[:16]
    assert str(a1) == f"{KGR}article/{key}" and str(article_graph_iri(ART_1)) == f"{KGR}graph/{key}"
    assert (ev1, RDF.type, KG.Assault) in graph
    assert (ev1, KG.actor, URIRef(ACTOR + "LNA")) in graph
    assert (ev1, KG.target, URIRef(ACTOR + "TUR")) in graph
    assert (ev1, KG.place, URIRef(PLACE + "MISRATA")) in graph
    assert (ev1, KG.mode, KGMODE.destroy) in graph
    assert (ev1, KG.date, Literal("2020-01-05", datatype=XSD.date)) in graph
    assert (ev1, KG.report, rep1) in graph
    assert (rep1, RDF.type, KG.Report) in graph
    assert (rep1, KG.claimedBy, URIRef(ACTOR + "LNA")) in graph
    assert (rep1, KG.article, a1) in graph
    assert (rep1, KG.triggerText, Literal("دمرت")) in graph
    assert (rep1, KG.triggerStart, Literal(e1.trigger.start)) in graph
    assert (rep1, KG.triggerEnd, Literal(e1.trigger.end)) in graph
    assert (rep1, KG.sentenceStart, Literal(e1.sentence.start)) in graph
    assert (rep1, KG.sentenceEnd, Literal(e1.sentence.end)) in graph
    assert (rep1, KG.sentenceText, Literal(e1.sentence.text)) in graph
    assert (rep1, KG.timeText, Literal("أمس")) in graph
    assert (rep1, KG.extractorVersion, Literal(EXTRACTOR)) in graph
    [conf] = graph.objects(rep1, KG.confidence)
    assert conf.datatype == XSD.decimal and conf.toPython() == Decimal("0.85")
    assert (ev3, KG.date, Literal("2020-01-09", datatype=XSD.date)) in graph
    assert (ev3, KG.mode, KGMODE.drone) in graph
    assert graph.value(ev3, KG.actor) is None
    assert (a1, DCTERMS.identifier, Literal(ART_1.id)) in graph
    assert (a1, KG.contentHash, Literal(content_hash(TEXT_1))) in graph
    assert (a1, DCTERMS.date, Literal("2020-01-06", datatype=XSD.date)) in graph
    person = URIRef(ABU_ZAYAN)
    assert (person, RDF.type, KG.Person) in graph
    # minted: the spelling of the text is the label; the normalized name it is minted from an
    # altLabel (in the labels graph, chosen over all articles)
    assert (person, RDFS.label, Literal("علي أبو زيان", lang="ar")) in graph
    assert (person, SKOS.prefLabel, Literal("علي أبو زيان", lang="ar")) in graph
    assert (person, SKOS.altLabel, Literal("علي ابو زيان", lang="ar")) in graph
    assert (person, KG.memberOf, URIRef(ACTOR + "LNA")) in graph
    lna_node = URIRef(ACTOR + "LNA")
    assert (lna_node, RDF.type, KG.ArmedForce) in graph
    assert (lna_node, RDF.type, SKOS.Concept) in graph
    assert (lna_node, SKOS.prefLabel, Literal("Libyan National Army", lang="en")) in graph
    assert (lna_node, SKOS.prefLabel, Literal("الجيش الوطني الليبي", lang="ar")) in graph


def test_registry_entries_are_in_the_registry_scheme(graph):
    registry_nodes = {
        s for s in graph.subjects(RDF.type, SKOS.Concept) if "/x-" not in str(s) and s in KGR
    }
    assert registry_nodes
    missing = [s for s in registry_nodes if (s, SKOS.inScheme, KGR.registry) not in graph]
    assert missing == []


def test_turtle_uses_the_documented_prefixes(graph):
    turtle = graph.serialize(format="turtle")
    assert "@prefix geo: <http://www.w3.org/2003/01/geo/wgs84_pos#> ." in turtle
    assert "@prefix kg: <https://w3id.org/conflict-kg/ontology#> ." in turtle


# --- determinism and identity ---------------------------------------------------------------


def test_building_twice_gives_the_same_graph():
    first, second = small_graph(), small_graph()
    assert set(first) == set(second)  # same IRIs and literals, not only isomorphic
    assert to_isomorphic(first) == to_isomorphic(second)


def test_no_blank_nodes(graph):
    assert not any(isinstance(t, rdflib.BNode) for triple in graph for t in triple)


def test_same_unregistered_name_in_two_articles_is_one_node(graph):
    person = URIRef(ABU_ZAYAN)
    assert mint_iri("Person", "علي ابو زيان") == ABU_ZAYAN  # normalized: أ → ا
    e1, e2, e3 = small_inputs()[1]
    assert graph.value(event_iri(e2, ART_1), KG.actor) == person
    rep3 = report_iri(e3, ART_2)
    assert graph.value(rep3, KG.claimedBy) == person
    minted = {s for s in graph.subjects(RDF.type, KG.Person) if "/x-" in str(s)}
    assert minted == {person}
    assert len(set(graph.objects(person, SKOS.prefLabel))) == 1


def _variant_article(n: int, spelling: str) -> tuple[Article, Event]:
    """An article ``n`` whose claimant Abu Zayan is written ``spelling``."""
    text = TEXT_2.replace("علي أبو زيان", spelling)
    art = Article(f"{ART_2.id}-{n}", text, "ar", ART_2.path, ART_2.title, ART_2.date)
    s = span(text, spelling)
    claimant = EntityRef(ABU_ZAYAN, "Person", None, spelling, s.text, s.start, s.end, False)
    ev = Event(
        article=art.id,
        event_type="ASSAULT",
        trigger=span(text, "قصف"),
        sentence=sentence_of(text, "قصف"),
        claimed_by=claimant,
        extractor=EXTRACTOR,
    )
    return art, ev


def test_variant_spellings_of_a_minted_name_keep_one_pref_label(shapes, ontology):
    """The prefLabel is the spelling most articles use, in any order; a tie → code point order."""
    articles, events, relations = small_inputs()
    variant = "علي ابو زيان"
    art_2, e3 = _variant_article(2, variant)
    g = build_graph([articles[0], art_2], [*events[:2], e3], relations)
    labels = [o for o in g.objects(URIRef(ABU_ZAYAN), SKOS.prefLabel) if o.language == "ar"]
    assert labels == [Literal("علي أبو زيان", lang="ar")]  # 1 : 1, "أ" (U+0623) < "ا" (U+0627)
    assert set(g.objects(URIRef(ABU_ZAYAN), SKOS.altLabel)) == {Literal(variant, lang="ar")}
    conforms, _, text = shacl_report(g, shapes, ontology)
    assert conforms, text
    # two more articles write the variant: it is now the most frequent spelling, whatever the order
    more = [_variant_article(n, variant) for n in (3, 4)]
    arts = [articles[0], art_2, *(a for a, _ in more)]
    evs = [*events[:2], e3, *(e for _, e in more)]
    for order in (1, -1):
        g = build_graph(arts[::order], evs[::order], relations)
        assert list(g.objects(URIRef(ABU_ZAYAN), SKOS.prefLabel)) == [Literal(variant, lang="ar")]
        assert set(g.objects(URIRef(ABU_ZAYAN), SKOS.altLabel)) == {
            Literal("علي أبو زيان", lang="ar")
        }


def test_article_metadata(graph):
    a2 = article_iri(ART_2)
    assert (a2, DCTERMS.title, Literal("غارات على طرابلس", lang="ar")) in graph
    assert (a2, DCTERMS.language, Literal("ar")) in graph
    assert (a2, DCTERMS.source, URIRef("https://example.org/news/2")) in graph
    assert (a2, DCTERMS.date, Literal("2020-01-10", datatype=XSD.date)) in graph


def test_an_article_is_its_id_not_its_text(shapes, ontology):
    """The same text under two ids is two articles, each with its own graph and reports."""
    arts, events, _ = small_inputs()
    twin = replace(ART_1, id="001_small_copy.txt")
    twin_events = [replace(e, article=twin.id) for e in events if e.article == ART_1.id]
    ds = build_dataset([*arts, twin], [*events, *twin_events], registry=None)
    assert article_graph_iri(twin) != article_graph_iri(ART_1)
    g1, g2 = ds.graph(article_graph_iri(ART_1)), ds.graph(article_graph_iri(twin))
    assert len(g1) == len(g2) > 0
    assert {report_iri(e, ART_1) for e in twin_events}.isdisjoint(
        {report_iri(e, twin) for e in twin_events}
    )
    union = rdflib.Graph()
    for quad in ds.quads():
        union.add(quad[:3])
    assert len(set(union.subjects(RDF.type, KG.Article))) == 3
    ok, _, text = validate(union, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert ok, text
    # a new text under the same id is the same article (its graph is replaced, not added)
    changed = replace(ART_1, text=TEXT_1 + "وأضاف أن الهجوم مستمر.\n")
    assert article_graph_iri(changed) == article_graph_iri(ART_1)
    assert article_iri(changed) == article_iri(ART_1)


def test_an_unsafe_url_becomes_a_valid_iri():
    art = replace(ART_2, url='https://example.org/a b"><script>')
    graph = build_graph([art], [], registry=None)
    [iri] = graph.objects(article_iri(art), DCTERMS.source)
    assert str(iri) == "https://example.org/a%20b%22%3E%3Cscript%3E"
    graph.serialize(format="nt")  # an rdflib URIRef with a space would not serialize cleanly
    bad = replace(ART_2, url="javascript:alert(1)")
    assert not list(build_graph([bad], [], registry=None).objects(article_iri(bad), DCTERMS.source))


def test_a_place_in_the_actor_role_is_its_state_or_none(shapes, ontology):
    """أعلنت الرياض: the capital acts for its state; an unregistered place acts for no one."""
    text = "أعلنت الرياض فرض عقوبات على شركات.\nوفرضت قرية الزيتون حظرا على الصيد.\n"
    art = Article("riyadh.txt", text, "ar", "riyadh.txt", date=dt.date(2017, 6, 5))
    village = mint_iri("Place", "قرية الزيتون")
    events = [
        Event(article=art.id, event_type="SANCTION", trigger=span(text, "فرض"),
              sentence=sentence_of(text, "فرض"),
              # the linker may choose the Egyptian town of that name: the capital acts
              actor=ref(text, "الرياض", PLACE + "AR_RIYAD_EGY", "Place", "Ar Riyad", "الرياض"),
              claimed_by=ref(text, "الرياض", PLACE + "RIYADH", "Place", "Riyadh", "الرياض"),
              confidence=0.9, extractor=EXTRACTOR),
        Event(article=art.id, event_type="SANCTION", trigger=span(text, "فرضت"),
              sentence=sentence_of(text, "فرضت"),
              actor=ref(text, "قرية الزيتون", village, "Place", None, "قرية الزيتون",
                        registered=False),
              confidence=0.9, extractor=EXTRACTOR),
    ]  # fmt: skip
    graph = build_graph([art], events, registry=None)
    saudi = URIRef(ACTOR + "SAU")
    assert set(graph.objects(None, KG.actor)) == {saudi}
    assert set(graph.objects(None, KG.claimedBy)) == {saudi}
    assert set(graph.objects(None, KG.place)) == {URIRef(village)}  # the village is a place
    ok, _, report = validate(graph, shacl_graph=shapes, ont_graph=ontology, inference="rdfs")
    assert ok, report


# --- SHACL and the ontology ---------------------------------------------------------------


def test_graph_conforms_to_shapes(graph, shapes, ontology):
    conforms, _, text = shacl_report(graph, shapes, ontology)
    assert conforms, text


def test_every_kg_term_is_declared_in_the_ontology(graph, ontology):
    declared = {
        s
        for t in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty, OWL.AnnotationProperty)
        for s in ontology.subjects(RDF.type, t)
    }
    used = {t for triple in graph for t in triple if isinstance(t, URIRef) and t in KG}
    assert used, "the graph uses no kg: term"
    assert used - declared == set()


def test_every_mode_is_declared_in_the_ontology(graph, ontology):
    modes = set(graph.objects(None, KG.mode))
    assert modes == {KGMODE.destroy, KGMODE.drone}
    for m in modes:
        assert (m, RDF.type, KG.Mode) in ontology


def test_every_ontology_term_the_code_uses_is_declared(ontology):
    """Closed namespace: each ``KG.xxx`` in kg/**/*.py and ``kg:xxx`` in the queries is in kg.ttl."""
    root = Path(__file__).resolve().parents[1] / "kg"
    used: set[str] = set()
    for path in root.rglob("*.py"):
        text = path.read_text(encoding="utf-8")
        used |= set(re.findall(r"\bKG\.([A-Za-z]\w*)", text))
        used |= set(re.findall(r"(?<![\w:/])kg:([A-Za-z]\w*)", text))  # not urn:kg:…
    for path in (root / "queries").glob("*.rq"):
        used |= set(re.findall(r"(?<![\w:/])kg:([A-Za-z]\w*)", path.read_text(encoding="utf-8")))
    used -= {"_NS"}
    assert {"report", "claimedBy", "Assault", "locatedIn"} <= used
    declared = {str(s)[len(str(KG)) :] for s in ontology.subjects() if str(s).startswith(str(KG))}
    assert sorted(used - declared) == []


# --- claims, merging and corroboration --------------------------------------------------------

sys.path.insert(0, str(Path(__file__).parent))
import kgfixtures_claims as claims  # noqa: E402


def _events_by_report():
    return claims.event_of()


def test_same_happening_in_two_articles_is_one_event_with_two_reports():
    ev = _events_by_report()
    assert ev["r11"] == ev["r21"]  # A1 and A2: LNA_AF shoots down a Turkish drone at Tamina
    ds = claims.dataset()
    reports = set(ds.objects(ev["r11"], KG.report))
    assert len(reports) == 2
    assert {ds.value(r, KG.article) for r in reports} == {
        article_iri(claims.A1), article_iri(claims.A2)
    }  # fmt: skip
    assert {ds.value(r, KG.claimedBy) for r in reports} == {
        claims.iri("MISMARI"), claims.iri("LNA_MEDIA")
    }  # fmt: skip
    # each article's graph holds its own report, and states the event's type and roles
    for art in (claims.A1, claims.A2):
        g = ds.graph(article_graph_iri(art))
        assert (ev["r11"], RDF.type, KG.Assault) in g
        assert (ev["r11"], KG.actor, claims.iri("LNA_AF")) in g
        assert len(set(g.objects(ev["r11"], KG.report))) == 1


def test_same_happening_twice_in_one_article_merges_into_the_most_complete_key():
    ev = _events_by_report()
    assert ev["r32"] == ev["r33"]  # claimed LNA_AF/aerial and an unattributed LNA headline
    g = claims.dataset().graph(article_graph_iri(claims.A3))
    assert g.value(ev["r32"], KG.actor) == claims.iri("LNA_AF")  # the more specific actor
    assert g.value(ev["r32"], KG.mode) == KGMODE.aerial
    assert len(set(g.objects(ev["r32"], KG.report))) == 2


def test_conflicting_claims_stay_separate_events():
    ev = _events_by_report()
    # both sides claim a drone shot down over Misrata: different actors, never merged
    assert ev["r22"] != ev["r11"]
    # each side says it struck the other in Tripoli on 4 January
    assert ev["r23"] != ev["r31"]
    assert len(set(ev.values())) == 8  # ten reports, two merges


def test_merge_rule_cases():
    articles, events, _ = claims.inputs()
    r = dict(zip(claims.REPORTS, events, strict=True))
    a3 = claims.A3
    # a report with only a shared place (no shared actor or target) stays its own event
    lone = replace(r["r33"], actor=None, target=None)
    iris = assign_event_iris([r["r32"], lone], [a3])
    assert iris[0] != iris[1]
    # different actors not related by partOf never merge, whatever else agrees
    other = replace(r["r33"], actor=r["r22"].actor)
    iris = assign_event_iris([r["r32"], other], [a3])
    assert iris[0] != iris[1]
    # different modes or dates never merge
    iris = assign_event_iris([r["r32"], replace(r["r33"], mode="drone")], [a3])
    assert iris[0] != iris[1]
    dated = replace(r["r33"], time=TimeRef("x", 0, 1, dt.date(2020, 1, 1)))
    iris = assign_event_iris([replace(r["r32"], time=TimeRef("x", 0, 1, dt.date(2020, 1, 2))), dated], [a3])  # fmt: skip
    assert iris[0] != iris[1]
    # event_iri agrees with assign_event_iris when given the article's events
    assert event_iri(r["r33"], a3, events) == assign_event_iris(events, articles)[8]


def test_order_independence():
    articles, events, relations = claims.inputs()
    reference = build_dataset(articles, events, relations)
    rng = random.Random(4)
    for _ in range(3):
        arts, evs, rels = list(articles), list(events), list(relations)
        rng.shuffle(arts)
        rng.shuffle(evs)
        rng.shuffle(rels)
        ds = build_dataset(arts, evs, rels)
        for g in reference.graphs():
            assert set(ds.graph(g.identifier)) == set(g)  # same IRIs: not only isomorphic
        iris = assign_event_iris(evs, arts)
        expected = dict(zip(map(id, events), assign_event_iris(events, articles), strict=True))
        assert iris == [expected[id(e)] for e in evs]


def test_article_graph_depends_on_its_article_only():
    articles, events, relations = claims.inputs()
    full = build_dataset(articles, events, relations)
    a3_events = [e for e in events if e.article == claims.A3.id]
    alone = build_dataset([claims.A3], a3_events, [])
    name = article_graph_iri(claims.A3)
    assert set(alone.graph(name)) == set(full.graph(name))


def test_an_article_graph_made_apart_is_its_graph_in_the_dataset():
    """What the workers of ``kg build -j N`` make (:mod:`kg.graph.article`): each article's
    N-Triples are its graph in ``build_dataset``, and its cache lists that graph's registry
    entries and minted spellings and one events.jsonl object per report."""
    minted = (ACTOR + "x-", PLACE + "x-")
    for articles, events, relations in (small_inputs(), claims.inputs()):
        ds = build_dataset(articles, events, relations)
        reg = ds.graph(REGISTRY_GRAPH)
        n_spellings = 0
        for art in articles:
            evs = [e for e in events if e.article == art.id]
            rels = [r for r in relations if r.article == art.id]
            made = article_graph(art, evs, rels)
            expected = ds.graph(article_graph_iri(art))
            assert made.graph == str(expected.identifier)
            got = rdflib.Graph().parse(data=made.ntriples.decode("utf-8"), format="nt")
            assert set(got) == set(expected)
            terms = {t for s, _, o in expected for t in (s, o) if isinstance(t, URIRef)}
            in_registry = {str(t) for t in terms if (t, SKOS.inScheme, KGR.registry) in reg}
            assert made.cache["registry"] == sorted(in_registry)
            labels = expected.subject_objects(RDFS.label)
            spelled = [[str(x), str(o), o.language] for x, o in labels if str(x).startswith(minted)]
            assert made.cache["spellings"] == sorted(spelled)
            n_spellings += len(spelled)
            assert len(made.cache["events"]) == len(evs) and made.cache["relations"] == len(rels)
            assert made.cache["article"] == art.id
        assert n_spellings, "the inputs mint entities"


def test_dataset_default_graph_is_empty_and_registry_graph_holds_registry_entries():
    ds = claims.dataset()
    assert len(ds.graph(DATASET_DEFAULT_GRAPH_ID)) == 0
    reg = ds.graph(REGISTRY_GRAPH)
    assert (claims.iri("LNA"), SKOS.inScheme, KGR.registry) in reg
    assert (claims.iri("LNA_AF"), KG.partOf, claims.iri("LNA")) in reg
    for art in claims.ARTICLES:
        g = ds.graph(article_graph_iri(art))
        assert not any(g.triples((None, SKOS.inScheme, KGR.registry)))
        assert (article_graph_iri(art), PROV.wasDerivedFrom, article_iri(art)) in g


def test_registry_graph_is_the_datasets_registry_graph():
    """``registry_graph`` of the registry IRIs the articles use is build_dataset's graph."""
    ds = claims.dataset()
    reg = ds.graph(REGISTRY_GRAPH)
    used = {
        str(t)
        for art in claims.ARTICLES
        for triple in ds.graph(article_graph_iri(art))
        for t in triple
        if isinstance(t, URIRef) and (t, SKOS.inScheme, KGR.registry) in reg
    }
    assert set(registry_graph(used)) == set(reg)
    # the entries an entry relates to come along (LNA_AF kg:partOf LNA)
    alone = registry_graph([str(claims.iri("LNA_AF"))])
    assert (claims.iri("LNA_AF"), KG.partOf, claims.iri("LNA")) in alone
    assert (claims.iri("LNA"), SKOS.inScheme, KGR.registry) in alone
    assert len(registry_graph([])) == 0
    with pytest.raises(KeyError, match="not in the registry"):
        registry_graph([mint_iri("Person", "علي أبو زيان")])


def test_claims_dataset_conforms_to_shapes(shapes, ontology):
    conforms, _, text = shacl_report(claims.dataset(), shapes, ontology)
    assert conforms, text


def test_a_report_in_two_events_is_a_violation(shapes, ontology):
    g = small_graph()
    e1 = small_inputs()[1][0]
    g.add((event_iri(small_inputs()[1][2], ART_2), KG.report, report_iri(e1, ART_1)))
    conforms, _, text = shacl_report(g, shapes, ontology)
    assert not conforms and "exactly one event" in text


def test_seed_headline_and_first_paragraph_are_one_event():
    """The headline («الجيش الوطني» يقصف أهدافاً عسكرية تركية في مصراتة) summarizes the first
    paragraph (قواته دمرت أكبر مخزن سلاح … في مدينة مصراتة): one event, two reports; the
    shoot-down in Tamina (also LNA vs Turkey in Misrata) stays a separate event.

    On the rules' events, which keep the headline: learned-ar-11's detector does not (p 0.25
    under its 0.30; docs/extraction.md), and the merge is what this checks.
    """
    from kg.ingest import read_articles
    from kg.lang import make_nlp
    from kg.nlp.extensions import article_docs

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    articles = read_articles([seeds])
    nlp = make_nlp("ar", learned=False)
    events = [e for doc in article_docs(nlp, articles) for e in doc._.events]
    iris = assign_event_iris(events, articles)
    by_trigger = {}
    for ev, e_iri in zip(events, iris, strict=True):
        by_trigger.setdefault((ev.sentence.start, ev.trigger.text), e_iri)
    headline = by_trigger[(0, "يقصف")]
    lead = next(i for (s, t), i in by_trigger.items() if t == "دمرت")
    assert headline == lead
    shoot_downs = {i for (s, t), i in by_trigger.items() if t in ("أسقطت", "إسقاط")}
    assert shoot_downs and headline not in shoot_downs
